"""Review 51: what a new user met (round 51 of fresh-user reviews)."""

from __future__ import annotations

import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, write_jsonl

import classify
from classify import api
from classify.semi import rest_keys, text_key

from conftest import ROOT

STANCE = ROOT / "configs" / "stance-tfidf.yaml"


def test_rest_keys_are_the_keys_after_each_kind_of_title():
    body = "Washington and Minsk agreed to reopen embassies."
    for titled in (f"Talks resume\n\n{body}", f"Talks resume\n{body}", f"Talks resume: {body}",
                   f"Talks resume - {body}"):  # fmt: skip
        assert text_key(body) in rest_keys(titled)
    assert rest_keys(body) == set()


# (A single line break inside a table cell is a wrapped line, read as a
# space: "\n\n" is the title paragraph, test_review40's case.)
@pytest.mark.parametrize("sep", [": ", " - ", ". "])
def test_evaluate_finds_a_training_item_under_a_headline_of_any_kind(tmp_path, sep):
    rows = labelled_rows()
    bare = write_jsonl(tmp_path / "bare.jsonl", rows)
    titled = write_jsonl(
        tmp_path / "titled.jsonl",
        [{**r, "id": f"z{r['id']}", "text": f"Sanctions news today{sep}{r['text']}"} for r in rows],
    )
    with_title = api.train(STANCE, data=[titled], cv=3, out=tmp_path / "a").model
    without = api.train(STANCE, data=[bare], cv=3, out=tmp_path / "b").model
    for model, data in ((with_title, bare), (without, titled)):
        with pytest.warns(api.TrainingOverlapWarning):
            metrics = api.evaluate(model, data, n_bootstrap=0)
        assert metrics["train_overlap"]["count"] == len(rows)


def test_active_learning_holds_back_a_titled_copy_of_a_training_item(tmp_path):
    rows = labelled_rows()
    model = api.train(STANCE, data=[write_jsonl(tmp_path / "gold.jsonl", rows)], cv=3,
                      out=tmp_path / "m").model  # fmt: skip
    fresh = [{"id": f"n{i}", "text": f"Parliament in country {i} debated a farm subsidy bill."}
             for i in range(5)]  # fmt: skip
    pool = write_jsonl(
        tmp_path / "pool.jsonl",
        [{"id": f"p{r['id']}", "text": f"Sanctions news today: {r['text']}"} for r in rows[:6]]
        + fresh,
    )
    summary = classify.suggest(model, pool, n=20, out=tmp_path / "next", unit="article")
    assert summary["in_training_data"] == 6
    assert summary["exported"] == 5


def _outlet_rows() -> list[dict]:
    rows = labelled_rows()
    # Half the items name no outlet.
    return [{**r, "source": r["source"] if i % 2 else ""} for i, r in enumerate(rows)]


def test_a_split_by_source_says_which_units_name_no_outlet(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", _outlet_rows())
    with pytest.warns(UserWarning, match=r"24 of the 48 units name no outlet"):
        classify.build_dataset(data, tmp_path / "ds", split="source")
    named = write_jsonl(tmp_path / "n.jsonl", labelled_rows())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.build_dataset(named, tmp_path / "ds2", split="source")
    assert not [w for w in caught if "outlet" in str(w.message)]


@pytest.mark.parametrize(
    ("how", "said"),
    [({"split": "none"}, "--split none makes none"),
     ({"split": "date", "cutoff": "2015"}, "--cutoff 2015 decides it")],
)  # fmt: skip
def test_a_test_share_that_would_be_ignored_is_refused(tmp_path, capsys, how, said):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    flags = [x for k, v in how.items() for x in (f"--{k}", v)]
    r = run_cli(capsys, "dataset", "build", data, "--out", tmp_path / "ds", "--test-size", "0.3",
                *flags)  # fmt: skip
    assert r.code == 1
    assert "--test-size 0.3" in r.err and said in r.err
    assert not (tmp_path / "ds").exists()
    # In Python too, and without the share each builds.
    with pytest.raises(classify.ClassifyError, match=r"test_size=0\.3"):
        classify.build_dataset(data, tmp_path / "ds", test_size=0.3, **how)
    summary = classify.build_dataset(data, tmp_path / "ds", **how)
    assert summary["n"] == 48


def test_a_pool_in_another_language_is_warned_about_once_per_command(tmp_path, capsys):
    train = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    german = [{"text": f"Die Bundesregierung verhängt am Montag neue Sanktionen gegen {c}."}
              for c in ("Iran", "Russland", "Belarus", "Syrien", "Kuba", "Libyen")]  # fmt: skip
    pool = write_jsonl(tmp_path / "pool.jsonl", german)
    # Self-training runs on the training split and again in the refit.
    r = run_cli(capsys, "train", STANCE, "--data", train, "--unlabelled", pool,
                "--set", "data.split.method=random", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert r.err.count("reads unlike the labelled data") == 1
