"""Review 50 (learning from unlabelled text, configs): what a new user met.

A pool row that gave its item a title ("Belarus update\\n\\n<text>") was not
matched against the labelled and test items, so test items came back as
silver units and ``evaluate`` did not see it; ``--set
data.unlabelled.0.path=REL`` was read from the config's folder; the hint for
a pool's month-first dates named a setting that pools do not have."""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli

from classify.semi import draw_pool, text_forms

from conftest import ROOT

STANCE = ROOT / "configs/stance-tfidf.yaml"
TEXTS = [
    ("Washington and Minsk agreed to restore ties and reopen embassies.", "favour"),
    ("The EU widened sanctions on Belarusian potash exports.", "against"),
    ("A football match in Minsk drew a large crowd.", "neutral"),
]


# Words that make each report its own text: "Report 5." and "Report 15."
# alone would be edited copies of one text, which a date split keeps together.
_WORDS = [
    "potash",
    "visas",
    "flights",
    "prisoners",
    "embassies",
    "trade",
    "border",
    "fertiliser",
    "railways",
    "airspace",
    "pardons",
    "elections",
    "journalists",
]


def _labelled(n: int, start: int = 0) -> list[dict]:
    return [
        {"id": f"u{i}", "stance": TEXTS[i % 3][1], "topics": [], "date": f"20{10 + i % 10}-05-01",
         "text": f"{TEXTS[i % 3][0]} Report {i} on {_WORDS[i % 13]}, {_WORDS[(i * 5 + 1) % 13]} "
                 f"and {_WORDS[(i * 7 + 2) % 13]}."}
        for i in range(start, start + n)
    ]  # fmt: skip


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_item_and_its_titled_copy_are_one_item():
    assert text_forms("Belarus update\n\nTalks resume in Minsk.") == {
        "belarus update talks resume in minsk.",
        "talks resume in minsk.",
    }
    assert text_forms("Talks resume in Minsk.") == {"talks resume in minsk."}


@pytest.mark.parametrize("titled", ["pool", "labelled"])
def test_a_titled_copy_of_a_labelled_item_is_kept_out_of_the_pool(tmp_path, titled):
    bodies = [r["text"] for r in _labelled(6)]
    titled_bodies = [f"Belarus update\n\n{t}" for t in bodies]
    pool = tmp_path / "pool.jsonl"
    given = titled_bodies if titled == "pool" else bodies
    _jsonl(pool, [{"text": t} for t in given] + [{"text": f"Other news {i}."} for i in range(4)])
    exclude = bodies if titled == "pool" else titled_bodies
    drawn = draw_pool([pool], exclude=exclude)
    assert drawn.excluded == 6
    assert sorted(drawn.texts) == [f"Other news {i}." for i in range(4)]


def test_test_items_under_a_title_never_come_back_as_silver(tmp_path, capsys):
    train = _jsonl(tmp_path / "train.jsonl", _labelled(30))
    test_rows = _labelled(9, start=30)
    test = _jsonl(tmp_path / "test.jsonl", test_rows)
    pool = tmp_path / "pool.csv"
    lines = ["title,text,date"] + [f'Belarus update,"{r["text"]}",2023-01-01' for r in test_rows]
    lines += [f'Other,"{TEXTS[i % 3][0]} Pool {i}.",2023-01-01' for i in range(20)]
    pool.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "m"
    run = run_cli(
        capsys, "train", STANCE, "--data", train, "--test", test, "--unlabelled", pool,
        "--set", "self_training.min_confidence=0.0", "--out", out,
    )  # fmt: skip
    assert run.code == 0, run.err
    record = json.loads((out / "model.json").read_text())["self_training"]
    assert record["pool"]["excluded_as_labelled"] == 9
    assert record["pool"]["scored"] == 20


def test_evaluate_sees_a_silver_text_with_or_without_its_title(tmp_path, capsys):
    train = _jsonl(tmp_path / "train.jsonl", _labelled(30))
    pool_rows = [{"title": "Belarus update", "text": r["text"]} for r in _labelled(9, start=30)]
    pool = _jsonl(tmp_path / "pool.jsonl", pool_rows)
    out = tmp_path / "m"
    run = run_cli(
        capsys, "train", STANCE, "--data", train, "--unlabelled", pool,
        "--set", "self_training.min_confidence=0.0", "--set", "self_training.balance=false",
        "--out", out,
    )  # fmt: skip
    assert run.code == 0, run.err
    later = _jsonl(tmp_path / "later.jsonl", _labelled(9, start=30))  # the bodies, untitled
    run = run_cli(capsys, "evaluate", out, later)
    assert "9 of these units were in the model's training data (9 as silver units" in run.err


def test_a_pool_path_set_on_the_command_line_is_read_from_here(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "configs"
    folder.mkdir()
    config = folder / "mine.yaml"
    config.write_text(
        f"task: {ROOT / 'configs/tasks/stance.yaml'}\nmodel: {{family: tfidf-linear}}\n"
        "data:\n  split: {method: random}\n  unlabelled: [{path: pool.jsonl, text_column: body}]\n"
    )
    # A pool of that name beside the config, and the one meant, here.
    _jsonl(folder / "pool.jsonl", [{"body": f"Beside the config {i}."} for i in range(3)])
    here = tmp_path / "work"
    here.mkdir()
    _jsonl(here / "pool.jsonl", [{"body": f"{TEXTS[i % 3][0]} Here {i}."} for i in range(12)])
    train = _jsonl(here / "train.jsonl", _labelled(30))
    monkeypatch.chdir(here)
    run = run_cli(
        capsys, "train", config, "--data", train, "--set", "data.unlabelled.0.path=pool.jsonl",
        "--out", here / "m",
    )  # fmt: skip
    assert run.code == 0, run.err
    record = json.loads((here / "m" / "model.json").read_text())["self_training"]
    assert record["pool"]["read"] == 12


def test_a_pools_month_first_dates_name_a_setting_that_exists(tmp_path, capsys):
    train = _jsonl(tmp_path / "train.jsonl", _labelled(30))
    pool = tmp_path / "pool.csv"
    pool.write_text(
        "text,date\n" + "".join(f'"Pool item {i}.",05/{10 + i}/2023\n' for i in range(15)),
        encoding="utf-8",
    )
    run = run_cli(
        capsys, "train", STANCE, "--data", train, "--unlabelled", pool, "--out", tmp_path / "m"
    )
    assert run.code == 1
    assert "cannot be day first" in run.err
    assert "--date-order month-first" in run.err
    assert "unlabelled_read.date_order" not in run.err


def test_self_training_settings_without_a_pool_are_said_unused(tmp_path, capsys):
    train = _jsonl(tmp_path / "train.jsonl", _labelled(30))
    run = run_cli(
        capsys, "train", STANCE, "--data", train, "--set", "self_training.rounds=2",
        "--set", "self_training.per_label=5", "--out", tmp_path / "m",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert (
        "warning: self_training.rounds and self_training.per_label unused: no unlabelled pool"
        in run.out + run.err
    )


@pytest.mark.parametrize(
    "written",
    [
        "Talks resume\nWashington and Minsk agreed to reopen embassies.",
        "Talks resume: Washington and Minsk agreed to reopen embassies.",
        "Talks resume - Washington and Minsk agreed to reopen embassies.",
        "Talks resume. Washington and Minsk agreed to reopen embassies.",
    ],
)
def test_a_title_on_its_line_or_ended_by_punctuation_is_a_title(written):
    assert "washington and minsk agreed to reopen embassies." in text_forms(written)
    # An abbreviation is no headline.
    assert text_forms("U.S. envoy arrives in Minsk.") == {"u.s. envoy arrives in minsk."}


def test_a_background_label_for_a_multilabel_task_is_refused(tmp_path):
    from classify.config import load_train_config
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match=r"'long_units.background' applies to single-label"):
        load_train_config(
            ROOT / "configs/topic-tfidf.yaml",
            {"long_units.split": "sentences", "long_units.background": "sanctions"},
        )
