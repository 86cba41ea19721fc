"""Review 49 (the main job, building datasets, units): what a new user met.

A saved dataset given to ``dataset build`` or ``run`` with annotations, a
unit level or a split was copied as it was, the options ignored; empty topic
cells in a gold file were "no topic" without the warning a table gets; a
cutoff ignored ``--date-order`` and was stored as typed, and without
``--split date`` it was ignored; "U.S. Under Secretary" ended a sentence; a
gold file keyed by ``doc_id`` beside ``text`` was matched by text; ``run``
found a bad gold label only after training its first model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

from classify.data import load_examples, read_annotations
from classify.errors import ClassifyError
from classify.units import split_sentences

from conftest import ROOT

STORIES = [
    ("2024-01-10", "MINSK", "Envoys agreed to restore ties.", "The embassy reopens."),
    ("2024-03-02", "VILNIUS", "The EU widened sanctions on potash.", "Exports fell."),
    ("2024-05-20", "WARSAW", "Activists were jailed for protesting.", "Rights groups objected."),
    ("2024-08-14", "RIGA", "Washington eased sanctions on the airline.", "Flights may resume."),
    ("2025-02-03", "KYIV", "Talks on prisoners began.", "Both sides spoke of progress."),
    ("2025-06-30", "MINSK", "A journalist was sentenced to prison.", "Her lawyer will appeal."),
]


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (day, place, first, second) in enumerate(STORIES):
        (folder / f"a{i}.txt").write_text(
            f"Story {i}\n\nWorld | {day}\n\nBy Jo Kim\n\n{place} (Reuters) - {first}\n\n{second}\n",
            encoding="utf-8",
        )
    return folder


def _gold(path: Path) -> Path:
    stances = ["favour", "against", "against", "favour", "favour", "against"]
    topics = [["normalisation"], ["sanctions"], ["human_rights"], ["sanctions"], [], []]
    lines = [
        {"unit": f"a{i}:p1", "topics": topics[i], "stance": stances[i]} for i in range(len(STORIES))
    ] + [{"unit": f"a{i}:p2", "topics": [], "stance": "neutral"} for i in range(len(STORIES))]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    return path


def _train_stance(capsys, data: Path, out: Path, *options: str):
    """``train`` of the shipped TF-IDF stance config on ``data`` into ``out``."""
    run = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data, "--out", out,
                  *options)  # fmt: skip
    assert run.code == 0, run.err
    return run


def _build(capsys, corpus: Path, gold: Path, out: Path, *options: str) -> dict:
    """``dataset build`` of the corpus with its gold file; its dataset.json."""
    run = run_cli(capsys, "dataset", "build", corpus, "--annotations", gold, *options, "--out", out)
    assert run.code == 0, run.err
    return json.loads((out / "dataset.json").read_text())


@pytest.fixture
def built(tmp_path, capsys):
    corpus, gold = _corpus(tmp_path / "corpus"), _gold(tmp_path / "gold.jsonl")
    _build(capsys, corpus, gold, tmp_path / "ds", "--split", "random", "--test-size", "0.3")
    return corpus, gold, tmp_path / "ds"


def test_a_saved_dataset_refuses_what_cannot_apply_to_it(built, tmp_path, capsys):
    _, gold, ds = built
    for extra, said in (
        (["--annotations", gold], "annotation files cannot apply to it"),
        (["--unit", "sentence"], "a unit level (sentence) cannot apply to it"),
        (["--split", "date"], "this is a saved dataset already"),
        ([], "this is a saved dataset already: train, evaluate and predict read it as it is"),
    ):
        run = run_cli(capsys, "dataset", "build", ds, *extra, "--out", tmp_path / "again")
        assert run.code == 1 and said in run.err, run.err
        assert not (tmp_path / "again").exists()
    # Used as it is, it is read as it is.
    assert len(load_examples(str(ds))) == 12
    with pytest.raises(ClassifyError, match="annotation files cannot apply"):
        load_examples(str(ds), annotations=str(gold))


def test_run_on_a_saved_dataset_with_gold_is_refused(built, tmp_path, capsys):
    _, gold, ds = built
    config = tmp_path / "run.yaml"
    config.write_text(
        f"sources: [{ds}]\nannotations: {gold}\nmodels: [{ROOT / 'configs/stance-tfidf.yaml'}]\n"
        f"cv: 2\nout: {tmp_path / 'runs'}\n"
    )
    run = run_cli(capsys, "run", config)
    assert run.code == 1 and "a saved dataset has its units" in run.err


def test_a_cutoff_is_read_in_the_date_order_and_stored_as_a_day(built, tmp_path, capsys):
    corpus, gold, _ = built
    summary = _build(
        capsys, corpus, gold, tmp_path / "by-date", "--split", "date", "--cutoff", "02/05/2024",
        "--date-order", "month-first",
    )  # fmt: skip
    assert summary["split"]["cutoff"] == "2024-02-05"
    assert summary["splits"]["test"]["n"] == 10  # five articles from March 2024 on
    # Day-first, the same text is 2 May: a different split, as typed.
    summary = _build(
        capsys, corpus, gold, tmp_path / "by-date2", "--split", "date", "--cutoff", "02/05/2024"
    )
    assert summary["split"]["cutoff"] == "2024-05-02"
    assert summary["splits"]["test"]["n"] == 8


def test_a_cutoff_without_a_date_split_is_refused(built, tmp_path, capsys):
    corpus, gold, _ = built
    run = run_cli(
        capsys, "dataset", "build", corpus, "--annotations", gold, "--cutoff", "2025-01-01",
        "--out", tmp_path / "x",
    )  # fmt: skip
    assert run.code == 1
    assert "--cutoff 2025-01-01 applies to a split by date only, and the split is 'article'" in (
        run.err
    )
    assert "add --split date" in run.err


def test_a_training_config_keeps_its_cutoff_as_a_day(tmp_path):
    from classify.config import load_train_config

    cfg = load_train_config(
        ROOT / "configs/stance-tfidf.yaml",
        {"data.split.cutoff": "02/03/2017", "data.date_order": "month-first"},
    )
    assert cfg.data.split.cutoff == "2017-02-03"
    cfg = load_train_config(ROOT / "configs/stance-best.yaml", {"data.split.cutoff": "2017"})
    assert cfg.data.split.cutoff == "2017-01-01"


def test_empty_topic_cells_in_a_gold_file_are_warned_of(tmp_path, capsys):
    corpus = _corpus(tmp_path / "corpus")
    gold = tmp_path / "gold.csv"
    rows = ["unit,topics,stance"] + [
        f"a{i}:p1,{'sanctions' if i % 2 else ''},{'against' if i % 2 else 'favour'}"
        for i in range(len(STORIES))
    ]
    gold.write_text("\n".join(rows) + "\n")
    run = run_cli(
        capsys, "dataset", "build", corpus, "--annotations", gold, "--split", "random",
        "--out", tmp_path / "ds",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "3 rows have an empty 'topics' cell beside a filled label" in run.err


def test_a_gold_file_keyed_by_another_id_column_is_refused_beside_text(tmp_path):
    gold = tmp_path / "docid.csv"
    gold.write_text("doc_id,text,stance\na0:p1,Envoys agreed to restore ties.,favour\n")
    with pytest.raises(ClassifyError, match=r"line 2: the column 'doc_id' looks like unit ids"):
        read_annotations(gold)
    # Text alone still names units.
    plain = tmp_path / "bytext.csv"
    plain.write_text("text,stance\nEnvoys agreed to restore ties.,favour\n")
    assert [a.values["stance"] for a in read_annotations(plain)] == ["favour"]


def test_run_checks_every_gold_label_before_training(tmp_path, capsys):
    corpus = _corpus(tmp_path / "corpus")
    gold = _gold(tmp_path / "gold.jsonl")
    with gold.open("a") as f:
        f.write(json.dumps({"unit": "a0:p1", "level": "article", "stance": "pro"}) + "\n")
    bad = tmp_path / "bad.jsonl"
    lines = gold.read_text().splitlines()
    lines[3] = json.dumps({"unit": "a3:p1", "topics": [], "stance": "pro"})
    bad.write_text("\n".join(lines[:-1]) + "\n")
    config = tmp_path / "run.yaml"
    config.write_text(
        f"sources: [{corpus}]\nannotations: {bad}\nunit: paragraph\n"
        f"models: [{ROOT / 'configs/topic-tfidf.yaml'}, {ROOT / 'configs/stance-tfidf.yaml'}]\n"
        f"cv: 2\nout: {tmp_path / 'runs'}\n"
    )
    run = run_cli(capsys, "run", config)
    assert run.code == 1
    assert (
        "bad.jsonl:line 4: unit 'a3:p1', column 'stance': label 'pro' is not in task 'stance'"
        in run.err
    )
    assert "cross-validation" not in run.err  # stopped before any model trained
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize(
    "text",
    [
        "Ties were frozen in 2008, U.S. Under Secretary of State David Hale said. Talks resume.",
        "It was said by U.S. Deputy Secretary of State Kurt Campbell. Talks resume.",
        "He met U.S. Assistant Secretary Ann Lee. Talks resume.",
        "The U.S. Acting Ambassador spoke first. Talks resume.",
        "A U.N. Under-Secretary-General spoke first. Talks resume.",
    ],
)
def test_titles_after_a_place_acronym_continue_the_sentence(text):
    assert split_sentences(text)[1:] == ["Talks resume."]
    assert len(split_sentences(text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "The money stays in the U.S. Under the deal, Minsk pays.",
        "He flew to the U.S. Acting on orders, he left.",
    ],
)
def test_a_sentence_that_starts_after_a_place_acronym_still_starts(text):
    assert len(split_sentences(text)) == 2


def test_a_model_trained_on_a_date_split_dataset_says_its_days(built, tmp_path, capsys):
    corpus, gold, _ = built
    ds = tmp_path / "by-date"
    _build(capsys, corpus, gold, ds, "--split", "date", "--cutoff", "2024-08-01")
    out = tmp_path / "m"
    run = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", ds, "--out", out)
    assert run.code == 0, run.err
    ev = json.loads((out / "metrics.json").read_text())["evaluation"]
    assert ev["split"] == "dataset" and ev["dataset_split"] == "date"
    assert ev["cutoff"] == "2024-08-01"
    assert ev["train_dates"] == ["2024-01-10", "2024-05-20"]
    assert ev["test_dates"] == ["2024-08-14", "2025-06-30"]
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "(split: dataset, built by date at 2024-08-01)" in card
    assert "(2024-08-14 to 2025-06-30)" in card


def test_empty_topic_cells_in_a_gold_file_are_warned_of_by_train_too(tmp_path, capsys):
    # train loads the topics field alone: the stance beside the cell still counts.
    corpus = _corpus(tmp_path / "corpus")
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "unit,topics,stance\n"
        + "".join(
            f"a{i}:p1,{'sanctions' if i % 2 else ''},{'against' if i % 2 else 'favour'}\n"
            for i in range(len(STORIES))
        )
    )
    run = run_cli(
        capsys, "train", ROOT / "configs/topic-tfidf.yaml", "--data", corpus,
        "--annotations", gold, "--set", "data.unit=paragraph", "--set", "data.split.method=random",
        "--out", tmp_path / "m",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "3 rows have an empty 'topics' cell beside a filled label" in run.err


def test_the_card_says_the_datasets_own_split(built, tmp_path, capsys):
    corpus, gold, _ = built
    ds = tmp_path / "by-date"
    _build(capsys, corpus, gold, ds, "--split", "date", "--cutoff", "2024-08-01")
    out = tmp_path / "m"
    run = _train_stance(capsys, ds, out, "--set", "data.split.cutoff=2024-01-01")
    assert "has no effect on the saved dataset" in run.err
    training = json.loads((out / "model.json").read_text())["training"]
    assert training["test"] == (
        "the test split of the dataset (its own 'date' split, test: items dated on or after "
        "2024-08-01)"
    )
    assert training["unit"] == "paragraph"


def test_a_cutoff_in_the_other_order_says_so(built, tmp_path, capsys):
    corpus, gold, _ = built
    run = run_cli(
        capsys, "dataset", "build", corpus, "--annotations", gold, "--split", "date",
        "--cutoff", "13/05/2024", "--date-order", "month-first", "--out", tmp_path / "x",
    )  # fmt: skip
    assert run.code == 1
    assert "'13/05/2024' cannot be month first" in run.err and "--date-order day-first" in run.err


def test_a_split_folder_is_a_dataset_already(built, tmp_path, capsys):
    _, _, ds = built
    run = run_cli(capsys, "dataset", "build", ds / "train", "--out", tmp_path / "x")
    assert run.code == 1 and "this is a saved dataset already" in run.err
    # Its level is read off its ids where it has no dataset.json.
    assert load_examples(str(ds / "train")).notes["unit"] == "paragraph"


def test_a_model_on_one_split_folder_says_the_split_it_made(built, tmp_path, capsys):
    _, _, ds = built
    out = tmp_path / "m"
    _train_stance(capsys, ds / "train", out, "--set", "data.split.method=random")
    training = json.loads((out / "model.json").read_text())["training"]
    assert training["test"] == "a held-out 'random' split of the training data"
    assert training["unit"] == "paragraph"


def test_predict_refuses_a_unit_level_for_a_saved_dataset(built, tmp_path, capsys):
    _, _, ds = built
    model = tmp_path / "m"
    assert run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", ds,
                   "--out", model).code == 0  # fmt: skip
    run = run_cli(capsys, "predict", model, ds, "--unit", "sentence", "--out", tmp_path / "p.jsonl")
    assert run.code == 1 and "a unit level (sentence) cannot apply to it" in run.err


def test_a_split_setting_that_did_nothing_is_marked_so_on_the_card(built, tmp_path, capsys):
    _, _, ds = built
    out = tmp_path / "m"
    _train_stance(capsys, ds, out, "--set", "data.split.method=random")
    card = (out / "README.md").read_text(encoding="utf-8")
    assert (
        '`data.split.method` = `"random"` (no effect: the saved dataset\'s own split was used)'
        in (card)
    )
