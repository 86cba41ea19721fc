"""Silver labels in the data (``weight`` and ``silver`` columns, as
``annotate rules --apply`` writes them): trained on, each with its weight,
and never tested, in every path that splits or scores data."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, write_jsonl

import classify
from classify.data import load_examples, split_indices
from classify.errors import ClassifyError

from conftest import ROOT

STANCE = str(ROOT / "configs" / "stance-tfidf.yaml")


def _silver(rows: list[dict], dates: list[str | None]) -> list[dict]:
    """Silver copies of ``rows`` reworded, dated ``dates``, weight 0.5."""
    out = []
    for i, (row, date) in enumerate(zip(rows, dates)):
        out.append(
            {
                **row,
                "id": f"s{i}",
                "text": "Silver: " + row["text"].replace("The ", "A "),
                "date": date,
                "weight": 0.5,
                "silver": True,
            }
        )
    return out


@pytest.fixture()
def gold_and_silver(tmp_path):
    gold = labelled_rows()  # 48 items, 2010-2017
    silver = _silver(gold[:6], ["2011-02-01", None, "2016-05-01", "2012-01-01", None, "2017-03-01"])
    copy = {**gold[-1], "id": "s-copy", "weight": 0.5, "silver": True}  # a test text, 2017
    return write_jsonl(tmp_path / "gs.jsonl", gold + silver + [copy])


def test_weights_and_silver_marks_are_read_per_unit(gold_and_silver, tmp_path):
    ex = load_examples(gold_and_silver)
    assert sum(ex.silver) == 7 and len(ex) == 55
    assert {w for w, s in zip(ex.weights, ex.silver) if s} == {0.5}
    assert {w for w, s in zip(ex.weights, ex.silver) if not s} == {1.0}
    gold, silver = ex.gold_and_silver()
    assert len(gold) == 48 and len(silver) == 7 and not any(gold.silver)
    # Gold-only data keeps no weights, and its fingerprint is unchanged by them.
    plain = load_examples(write_jsonl(tmp_path / "g.jsonl", labelled_rows()))
    assert plain.weights is None and plain.silver is None
    assert gold.fingerprint() != plain.fingerprint()  # weights are content


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("weight", "heavy", "column 'weight' holds 'heavy'"),
        ("weight", 0, "column 'weight' holds '0'"),
        ("weight", -1.5, "a unit's training weight is a number above 0"),
        ("silver", "maybe", "column 'silver' holds 'maybe'"),
    ],
)
def test_a_bad_weight_or_silver_mark_names_its_line(tmp_path, column, value, said):
    rows = labelled_rows()[:4]
    rows[2][column] = value
    with pytest.raises(ClassifyError) as err:
        load_examples(write_jsonl(tmp_path / "bad.jsonl", rows))
    assert said in str(err.value) and "line 3" in str(err.value)


def test_a_date_split_trains_on_earlier_silver_and_tests_gold_only(gold_and_silver):
    ex = load_examples(gold_and_silver)
    train, test = split_indices(ex, "date", cutoff="2016-01-01")
    assert not any(ex.silver[i] for i in test)
    trained_silver = sorted(ex.ids[i] for i in train if ex.silver[i])
    # Dated before the cutoff or undated; not 2016-17, nor the copy of a test text.
    assert trained_silver == ["s0", "s1", "s3", "s4"]
    assert ex.notes["silver_left_out"] == 3
    r_train, r_test = split_indices(ex, "random", seed=3)
    assert not any(ex.silver[i] for i in r_test)
    assert sum(ex.silver[i] for i in r_train) >= 6


def test_train_weighs_silver_below_gold_and_never_scores_it(gold_and_silver, tmp_path, capsys):
    r = run_cli(capsys, "train", STANCE, "--data", gold_and_silver, "--out", tmp_path / "m")
    assert r.code == 0, r.err
    # The silver copy of a gold text adds nothing: left out, and said.
    said = " ".join(r.out.split())
    assert "48 gold and 6 silver units" in said and "each weighing 0.5" in said
    assert "1 silver row repeating a gold unit's text left out" in said
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    ev = metrics["evaluation"]
    # The copy of a gold text is out before the split; two are dated 2016-17.
    assert ev["silver_in_train"] == 4 and ev["silver_left_out"] == 2
    scored = [json.loads(x)["id"] for x in (tmp_path / "m" / "predictions.jsonl").open()]
    assert scored and not any(i.startswith("s") for i in scored)
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["silver_data"]["silver_units"] == 6 and info["silver_data"]["weighted"]
    assert "6 silver units" in (tmp_path / "m" / "README.md").read_text()
    # Cross-validation scores the 48 gold units only.
    r = run_cli(capsys, "train", STANCE, "--data", gold_and_silver, "--cv", "3",
                "--out", tmp_path / "cv")  # fmt: skip
    assert r.code == 0, r.err
    ev = json.loads((tmp_path / "cv" / "metrics.json").read_text())["evaluation"]
    assert ev["n"] == 48 and ev["silver_in_train"] == 6


def test_silver_weight_changes_the_fit(tmp_path):
    gold = labelled_rows()
    # Silver that contradicts gold: the lighter it weighs, the less it moves the model.
    silver = [
        {**r, "id": f"s{i}", "text": r["text"] + " Officials commented.", "stance": "against",
         "silver": True}
        for i, r in enumerate(gold) if r["stance"] == "favour"
    ]  # fmt: skip
    probe = (
        "The two governments restore diplomatic ties and reopen embassies in Chile. "
        "Officials commented."
    )
    p = {}
    for weight in (1.0, 0.1):
        rows = gold + [{**s, "weight": weight} for s in silver]
        data = write_jsonl(tmp_path / f"w{weight}.jsonl", rows)
        result = classify.train(STANCE, data=data, out=tmp_path / f"m{weight}")
        p[weight] = float(result.model.predict_proba([probe])["favour"].iloc[0])
    assert p[0.1] > p[1.0] + 0.05


def test_a_test_file_or_evaluated_data_scores_gold_only(gold_and_silver, tmp_path, capsys):
    gold = write_jsonl(tmp_path / "g.jsonl", labelled_rows())
    r = run_cli(capsys, "train", STANCE, "--data", gold, "--test", gold_and_silver,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert "7 silver units of the test data are not scored" in r.err
    r = run_cli(capsys, "evaluate", tmp_path / "m", gold_and_silver)
    assert r.code == 0, r.err
    assert "7 silver units of the data are not scored" in r.err
    only = write_jsonl(tmp_path / "s.jsonl", _silver(labelled_rows()[:6], [None] * 6))
    r = run_cli(capsys, "evaluate", tmp_path / "m", only)
    assert r.code == 1 and "every labelled unit of the data is silver" in r.err


def test_a_built_dataset_keeps_silver_in_train(gold_and_silver, tmp_path, capsys):
    r = run_cli(capsys, "dataset", "build", gold_and_silver, "--split", "date", "--cutoff",
                "2016-01-01", "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 0, r.err
    assert "4 in train; 3 left out" in r.out
    ex = load_examples(tmp_path / "ds")
    assert sum(ex.silver) == 4
    assert all(s == "train" for s, silver in zip(ex.splits, ex.silver) if silver)
    assert {w for w, s in zip(ex.weights, ex.silver) if s} == {0.5}
    r = run_cli(capsys, "train", STANCE, "--data", tmp_path / "ds", "--out", tmp_path / "m")
    assert r.code == 0, r.err
    assert "48 gold and 4 silver units" in r.out


def test_joint_learning_needs_the_other_field_on_silver(tmp_path, capsys):
    gold = labelled_rows()
    silver = _silver(gold[:6], [None] * 6)
    config = str(ROOT / "configs" / "stance-joint.yaml")
    without = [{k: v for k, v in s.items() if k != "topics"} for s in silver]
    data = write_jsonl(tmp_path / "a.jsonl", gold + without)
    r = run_cli(capsys, "train", config, "--data", data, "--out", tmp_path / "a")
    assert r.code == 1
    assert "silver unit 's0' has no 'topics' label" in r.err and "joint=null" in r.err
    data = write_jsonl(tmp_path / "b.jsonl", gold + silver)
    r = run_cli(capsys, "train", config, "--data", data, "--out", tmp_path / "b")
    assert r.code == 0, r.err
    assert "6 silver units" in r.out


def test_a_family_that_cannot_weight_says_so(gold_and_silver, tmp_path, monkeypatch):
    from classify.models.tfidf import TfidfLinear

    monkeypatch.setattr(TfidfLinear, "weights_examples", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = classify.train(STANCE, data=gold_and_silver, out=tmp_path / "m")
    said = [str(w.message) for w in caught if "'weight' column is not used" in str(w.message)]
    assert len(said) == 1
    assert result.model.info["silver_data"]["weighted"] is False


def test_experiment_protocols_never_test_silver(gold_and_silver):
    from classify.experiments import Protocol, protocol_folds

    ex = load_examples(gold_and_silver)
    silver = {i for i, s in enumerate(ex.silver) if s}
    for proto in (
        Protocol("date", split="date", cutoff="2016-01-01"),
        Protocol("k", cv=4),
        Protocol("fwd", split="forward", cv=3),
    ):
        folds = protocol_folds(ex, proto)
        for train, test in folds:
            assert not silver & set(test)
            assert silver & set(train)
        if proto.name != "k":
            # Later news: no silver dated on or after a fold's first test day.
            for train, test in folds:
                first = min(ex.dates[i] for i in test)
                assert all(ex.dates[i] is None or ex.dates[i] < first for i in silver & set(train))
    assert np.mean([len(te) for _, te in protocol_folds(ex, Protocol("k", cv=4))]) == 12


def test_rules_apply_keeps_the_pools_topics_and_source(tmp_path):
    from classify.rules import rules_report

    pool = write_jsonl(tmp_path / "pool.jsonl", [
        {"id": "p1", "text": "The EU imposes new sanctions on banks.", "topics": ["sanctions"],
         "source": "AP", "date": "2020-01-02"},
    ])  # fmt: skip
    data = write_jsonl(tmp_path / "data.jsonl", labelled_rows())
    result = rules_report("stance-rules", data, apply=pool, out=tmp_path / "silver.jsonl")
    rows = [json.loads(x) for x in (tmp_path / "silver.jsonl").open()]
    assert result["silver"]["units"] == len(rows) == 1
    assert rows[0]["topics"] == ["sanctions"] and rows[0]["source"] == "AP"
    assert rows[0]["silver"] is True and rows[0]["weight"] == 0.5


# -- check 65 -------------------------------------------------------------------------


def test_rules_leave_out_pool_units_the_data_holds(tmp_path, capsys):
    gold = labelled_rows()
    data = write_jsonl(tmp_path / "gold.jsonl", gold)
    # The pool holds two gold items (one by id, one by text) and new texts.
    pool = write_jsonl(tmp_path / "pool.jsonl", [
        gold[1],
        {"id": "p-copy", "text": gold[7]["text"]},
        {"id": "p1", "text": "The EU will impose new sanctions on Minsk, officials said."},
        {"id": "p2", "text": "Brussels imposed sanctions on Belarusian banks on Friday."},
    ])  # fmt: skip
    silver = tmp_path / "silver.jsonl"
    r = run_cli(capsys, "annotate", "rules", "stance-rules", data, "--apply", pool,
                "--out", silver)  # fmt: skip
    assert r.code == 0, r.err
    assert "(2 left out: already in the data, by id or text)" in r.out
    ids = {json.loads(x)["id"] for x in silver.open()}
    assert ids and ids <= {"p1", "p2"}
    r = run_cli(capsys, "train", STANCE, "--data", data, "--data", silver,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err


def test_data_of_silver_rows_only_is_one_clear_error(tmp_path, capsys):
    only = write_jsonl(tmp_path / "s.jsonl", _silver(labelled_rows(), [None] * 48))
    said = "every labelled unit of the data is silver (48; its 'silver' column)"
    for args in (
        ["train", STANCE, "--data", only, "--out", tmp_path / "m"],
        ["train", STANCE, "--data", only, "--cv", "3", "--out", tmp_path / "m"],
        ["dataset", "build", only, "--split", "random", "--out", tmp_path / "ds"],
        ["annotate", "audit", only, "--config", STANCE],
    ):
        r = run_cli(capsys, *args)
        assert r.code == 1 and said in r.err, (args, r.err)


def test_silver_records_in_test_and_cv_evaluations(gold_and_silver, tmp_path, capsys):
    gold = write_jsonl(tmp_path / "g.jsonl", labelled_rows())
    # Trained on gold and silver, tested on a file with silver rows: only
    # gold test units are scored, and none of them is in the training data.
    test = write_jsonl(
        tmp_path / "t.jsonl",
        [{**r, "id": f"x{i}", "text": r["text"] + " Officials confirmed it on Monday."}
         for i, r in enumerate(labelled_rows())]
        + _silver(labelled_rows()[:3], [None] * 3),
    )  # fmt: skip
    r = run_cli(capsys, "train", STANCE, "--data", gold_and_silver, "--test", test,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert "3 silver units of the test data are not scored" in r.err
    assert "also in the training data" not in r.err
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert metrics["evaluation"]["silver_in_train"] == 6
    assert metrics["evaluation"]["test"] == 48
    assert "(6 of them silver)" in (tmp_path / "m" / "README.md").read_text()
    # The majority baseline is the gold training labels'.
    flipped = _silver(labelled_rows() * 3, [None] * 144)
    for i, row in enumerate(flipped):
        row.update(id=f"f{i}", stance="favour", text=f"{row['text']} Item {i}.")
    lean = write_jsonl(tmp_path / "lean.jsonl", labelled_rows() + flipped)
    r = run_cli(capsys, "train", STANCE, "--data", lean, "--test", test, "--out", tmp_path / "b")
    assert r.code == 0, r.err
    base = json.loads((tmp_path / "b" / "metrics.json").read_text())["baseline"]
    plain = run_cli(capsys, "train", STANCE, "--data", gold, "--test", test,
                    "--out", tmp_path / "p")  # fmt: skip
    assert plain.code == 0
    assert base == json.loads((tmp_path / "p" / "metrics.json").read_text())["baseline"]
    # Cross-validation with silver copies of every gold text: each is left
    # out of the fold that tests its text, and counted.
    copies = [{**r, "id": f"c{i}", "silver": True, "weight": 0.5}
              for i, r in enumerate(labelled_rows())]  # fmt: skip
    data = write_jsonl(tmp_path / "cv.jsonl", labelled_rows() + copies)
    r = run_cli(capsys, "train", STANCE, "--data", data, "--cv", "3", "--out", tmp_path / "cv")
    assert r.code == 0, r.err
    # Copies of gold texts are out before the folds: no silver trains any.
    ev = json.loads((tmp_path / "cv" / "metrics.json").read_text())["evaluation"]
    assert ev["n"] == 48 and "silver_in_train" not in ev
    info = json.loads((tmp_path / "cv" / "model.json").read_text())["silver_data"]
    assert info["silver_units"] == 0 and info["silver_repeating_gold"] == 48
    assert "gold units only (48 silver rows repeating a gold unit's text left out)" in " ".join(
        r.out.split()
    )


def test_evaluate_counts_silver_training_texts_as_silver_overlap(gold_and_silver, tmp_path):
    model = classify.train(STANCE, data=gold_and_silver, out=tmp_path / "m").model
    silver_texts = [r for r in _silver(labelled_rows()[:6], [None] * 6)][:3]
    probe = write_jsonl(tmp_path / "p.jsonl", [
        {**r, "id": f"q{i}", "silver": False, "weight": 1} for i, r in enumerate(silver_texts)
    ] + labelled_rows()[10:20])  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        metrics = classify.evaluate(model, probe, out=tmp_path / "e")
    assert metrics["train_overlap"]["silver"] == 3
    assert metrics["train_overlap"]["silver_origin"] == "rows"
    from classify.api import overlap_message

    said = overlap_message(3, 3, "rows")
    assert "3 as silver rows of its training data" in said and "pool" not in said


def test_silver_repeating_gold_or_test_texts_is_never_counted_as_training(tmp_path, capsys):
    gold = labelled_rows()
    train_copy = {**gold[2], "id": "s-train", "text": gold[2]["text"].upper(), "silver": True,
                  "weight": 0.5, "stance": "against"}  # fmt: skip
    fresh = _silver(gold[:3], [None] * 3)
    data = write_jsonl(tmp_path / "d.jsonl", [*gold, train_copy, *fresh])
    test_rows = [{**r, "id": f"x{i}", "text": r["text"] + " It was confirmed."}
                 for i, r in enumerate(gold[:12])]  # fmt: skip
    test_copy = {**test_rows[0], "id": "s-test", "silver": True, "weight": 0.5}
    extra = write_jsonl(tmp_path / "e.jsonl", [test_copy])
    test = write_jsonl(tmp_path / "t.jsonl", test_rows)
    r = run_cli(capsys, "train", STANCE, "--data", data, "--data", extra, "--test", test,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join((r.out + r.err).split())
    assert "also in the training data" not in said
    assert "refitted" not in said  # a test file: the saved model is the one evaluated
    ev = json.loads((tmp_path / "m" / "metrics.json").read_text())["evaluation"]
    # 48 gold and 3 fresh silver trained; the copy of a gold text and of a test text did not.
    assert (ev["train"], ev["silver_in_train"], ev["silver_left_out"]) == (51, 3, 1)
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["silver_data"]["silver_repeating_gold"] == 1
    assert info["training"]["n"] == 51
