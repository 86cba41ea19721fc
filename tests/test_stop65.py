"""Stop 65: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("stop65-stance")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return train_tfidf("stance", data, root / "stance")


def _rows_with_missing_ids() -> list[dict]:
    rows = [
        {
            "id": "n1",
            "text": "Washington and Minsk agreed to reopen embassies.",
            "stance": "favour",
        },
        {"id": None, "text": "The EU extended its sanctions for a year.", "stance": "against"},
        {"id": "n3", "text": "The ministers met in Vienna on Tuesday.", "stance": "neutral"},
        {"id": None, "text": "Critics said the thaw rewards repression.", "stance": "against"},
    ]
    return rows


def _write(rows: list[dict], path):
    import pandas as pd

    frame = pd.DataFrame(rows)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path)
    else:
        write_jsonl(path, rows)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_row_with_an_empty_id_cell_is_named_with_a_note(tmp_path, suffix):
    """Left alone in stop 64: a Parquet row with a null id was named FILE-N
    without a word, so its prediction joined back to nothing."""
    from classify.data import load_examples

    path = _write(_rows_with_missing_ids(), tmp_path / f"gold{suffix}")
    with pytest.warns(UserWarning) as caught:
        examples = load_examples(path, label_fields=["stance"])
    ids = examples.ids
    assert ids[0] == "n1" and ids[2] == "n3"
    assert ids[1].startswith("gold-") and ids[3].startswith("gold-") and ids[1] != ids[3]
    said = [str(w.message) for w in caught if "no id in its 'id' column" in str(w.message)]
    # Once per table, naming the first such row and the name it was given.
    assert len(said) == 1
    assert f"is named '{ids[1]}'" in said[0] and str(path) in said[0]


def test_a_table_without_an_id_column_draws_no_empty_id_note(tmp_path):
    from classify.data import load_examples

    rows = [{k: v for k, v in r.items() if k != "id"} for r in _rows_with_missing_ids()]
    path = _write(rows, tmp_path / "plain.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        examples = load_examples(path, label_fields=["stance"])
    assert examples.ids == ["plain-2", "plain-3", "plain-4", "plain-5"]
    assert not [w for w in caught if "no id" in str(w.message)]


@pytest.mark.parametrize("missing", [1, 2])
def test_a_dataframe_row_without_its_id_is_named_with_a_note(missing):
    import pandas as pd

    from classify.data import load_examples

    rows = _rows_with_missing_ids()
    if missing == 1:
        rows[3]["id"] = "n4"
    with pytest.warns(UserWarning) as caught:
        examples = load_examples(pd.DataFrame(rows), label_fields=["stance"])
    unnamed = [i for i in examples.ids if i.startswith("DataFrame-")]
    assert len(unnamed) == missing
    said = [str(w.message) for w in caught if "no id in the 'id' column" in str(w.message)]
    assert len(said) == 1
    verb = "has" if missing == 1 else "have"
    assert f"{missing} row{'s' * (missing > 1)} {verb} no id" in said[0]
    assert ", ".join(unnamed) in said[0]


def test_evaluate_by_marks_a_group_interval_of_no_width(stance_model, tmp_path, capsys):
    """Left alone in stop 64: the terminal's `--by` table showed a no-width
    interval without "(no width)", where the report says it."""
    rows = []
    for i, row in enumerate(labelled_rows()[:20]):
        rows.append(
            {
                **row,
                "id": f"w{i}",
                "text": "Reports said: " + row["text"],
                # One unit in 2016: every resample of it gives one score.
                "date": "2016-03-01" if i == 0 else f"{2019 + i % 2}-05-01",
            }
        )
    data = write_jsonl(tmp_path / "new.jsonl", rows)
    result = run_cli(
        capsys, "evaluate", stance_model, data, "--by", "year", "--out", tmp_path / "e"
    )
    assert result.code == 0, result.err
    table = result.out[result.out.index("by year") :]
    import re

    lines = [line for line in table.splitlines() if re.match(r"\s*(2016|2019|2020)\b", line)]
    assert len(lines) == 3 and "(no width)" in lines[0]
    for line in lines:
        lo, hi = re.search(r"\[([\d.]+), ([\d.]+)\]", line).groups()
        assert ("(no width)" in line) == (lo == hi)
