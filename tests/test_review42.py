"""Review 42 (corpus analysis, issue 12): what a new user met.

A corpus given beside ``--predictions`` was named in ``analysis.json`` but
never read; predictions pooled by ``predict --level article`` lost the
pooling note when analysed from their file; ``predict --overwrite`` refused
the shards folder it wrote itself; an analysis with nothing in it (no
quotation, an empty file) or grouped by speaker over pooled articles said a
column was missing; units without a value in the corpus column grouped by
went to ``(unknown)`` unannounced; ``sources`` came back from a CSV as a
string; ``--keep-columns Country`` missed a ``country`` column."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import news_table as _table
from corpus_fixtures import train_both

import classify
from classify.engines.local import read_predictions
from classify.errors import ClassifyError

from conftest import SEEDS


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return train_both(tmp_path_factory.mktemp("rev42"))


def test_a_corpus_beside_predictions_is_refused_before_any_work(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    pred = tmp_path / "p.csv"
    assert run_cli(capsys, "predict", models["topic"], corpus, "--out", pred).code == 0
    out = tmp_path / "an"
    r = run_cli(
        capsys, "analyse", models["topic"], corpus, "--predictions", pred, "--out", out
    )  # fmt: skip
    assert r.code == 1 and "give a corpus or --predictions FILES, not both" in r.err
    # Two files after one flag read the second as the corpus (review 53).
    assert (
        "each predictions file takes its own flag: --predictions a.parquet --predictions" in r.err
    )
    assert f"(the corpus read: {corpus})" in r.err
    assert not out.exists()
    with pytest.raises(ClassifyError, match="not both"):
        classify.analyse(models["topic"], corpus, predictions=pred)
    # Two models and one file: the stance model's missing file is named
    # before the topic model is estimated, with the files given.
    r = run_cli(
        capsys, "analyse", models["topic"], models["stance"], "--predictions", pred, "--out", out
    )  # fmt: skip
    assert r.code == 1 and "no predictions file has the columns p_favour" in r.err
    assert str(pred) in r.err and not out.exists()


def test_predictions_pooled_to_articles_keep_the_pooling_note(models, tmp_path, capsys):
    pred = tmp_path / "arts.jsonl"
    r = run_cli(capsys, "predict", models["stance"], SEEDS, "--level", "article", "--out", pred)
    assert r.code == 0, r.err
    out = tmp_path / "an"
    r = run_cli(
        capsys, "analyse", models["stance"], "--predictions", pred, "--by", "all", "--out", out
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "pooled to articles" in r.out
    assert "pooled to articles" in (out / "report.md").read_text()
    assert classify.analyse(models["stance"], predictions=pred, by="all").attrs["pooled"]
    # Units as predicted, not pooled: no such note.
    units = tmp_path / "units.jsonl"
    assert run_cli(capsys, "predict", models["stance"], SEEDS, "--out", units).code == 0
    assert not classify.analyse(models["stance"], predictions=units, by="all").attrs["pooled"]


def test_predict_overwrites_its_own_shards_and_a_suffix_names_a_file(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    shards = tmp_path / "shards"
    assert run_cli(capsys, "predict", models["topic"], corpus, "--out", shards).code == 0
    assert (shards / "manifest.json").is_file()
    r = run_cli(capsys, "predict", models["topic"], corpus, "--out", shards)
    assert r.code == 1 and "--overwrite" in r.err
    r = run_cli(capsys, "predict", models["topic"], corpus, "--out", shards, "--overwrite")
    assert r.code == 0, r.err
    assert len(read_predictions(shards)) == 12
    # A folder of someone else's files is still not replaced.
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    r = run_cli(capsys, "predict", models["topic"], corpus, "--out", other, "--overwrite")
    assert r.code == 1 and "not a folder classify wrote" in r.err
    assert (other / "notes.txt").read_text() == "keep me"
    # An existing folder named like a file is not silently filled with shards.
    folder = tmp_path / "x.jsonl"
    folder.mkdir()
    r = run_cli(capsys, "predict", models["topic"], corpus, "--out", folder)
    assert r.code == 1 and "is a folder, and '.jsonl' names a file" in r.err
    assert not any(folder.iterdir())
    # Reading: a folder of shards is read whatever its name (Spark's x.parquet/).
    spark = tmp_path / "y.parquet"
    shards.rename(spark)
    assert len(read_predictions(spark)) == 12


def test_nothing_to_analyse_says_so(models, tmp_path, capsys):
    folder = tmp_path / "arts"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(
            f"Talks in Minsk {i}\n\nMINSK, March {i + 2}, 2024 - Officials met again to discuss "
            "the embassies.\n\nNo one was quoted in this report at all.\n",
            encoding="utf-8",
        )
    for by in ("speaker", "month"):
        r = run_cli(
            capsys, "analyse", models["stance"], folder, "--unit", "quote", "--by", by,
            "--out", tmp_path / f"an-{by}",
        )  # fmt: skip
        assert r.code == 1 and "no quotation was found in the corpus" in r.err, r.err
        assert "column" not in r.err
    r = run_cli(
        capsys, "analyse", models["stance"], SEEDS, "--unit", "quote", "--level", "article",
        "--by", "speaker", "--out", tmp_path / "an-art",
    )  # fmt: skip
    assert r.code == 1 and "--level article pools units to articles" in r.err
    empty = tmp_path / "noquotes.jsonl"
    r = run_cli(capsys, "predict", models["stance"], folder, "--unit", "quote", "--out", empty)
    assert r.code == 0 and empty.read_text() == ""
    r = run_cli(
        capsys, "analyse", models["stance"], "--predictions", empty, "--out", tmp_path / "an-e"
    )  # fmt: skip
    assert r.code == 1 and "has no predictions (0 rows)" in r.err


def test_units_without_the_grouping_column_are_counted_in_a_note(models, tmp_path, capsys):
    with_story = _table(tmp_path / "a.csv", story=["embassy", "prisoners"] * 6)
    without = _table(tmp_path / "b.csv", n=8)
    out = tmp_path / "an"
    r = run_cli(
        capsys, "analyse", models["topic"], with_story, without, "--by", "story", "--out", out
    )  # fmt: skip
    assert r.code == 0, r.err
    said = "8 of 20 units have no 'story' value"
    assert said in " ".join(r.out.split())
    assert said in (out / "report.md").read_text()
    assert any(said in n for n in json.loads((out / "analysis.json").read_text())["notes"])
    # Every unit has a story: no note.
    with pytest.warns(UserWarning) as caught:
        classify.analyse(models["topic"], with_story, by="story")
    assert not any("no 'story' value" in str(w.message) for w in caught)


def test_sources_read_back_as_lists_from_every_format(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv", n=4, sources=["Reuters;AP", "AFP", "", "BelTA"])
    frames = {}
    for suffix in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"p.{suffix}"
        assert run_cli(capsys, "predict", models["topic"], corpus, "--out", out).code == 0
        frames[suffix] = [
            c if isinstance(c, list) else None for c in read_predictions(out)["sources"]
        ]
    assert frames["csv"] == frames["jsonl"] == frames["parquet"]
    # An empty list where no outlet is known (review 53: not null).
    assert frames["csv"] == [["Reuters", "AP"], ["AFP"], [], ["BelTA"]]


def test_keep_columns_match_whatever_their_case(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv", n=4, country=["Belarus", "Poland", "", "Lithuania"])
    out = tmp_path / "p.csv"
    r = run_cli(
        capsys, "predict", models["topic"], corpus, "--keep-columns", "Country", "--out", out
    )  # fmt: skip
    assert r.code == 0 and "kept empty" not in r.err, r.err
    frame = pd.read_csv(out, keep_default_na=False)
    assert frame["Country"].tolist() == ["Belarus", "Poland", "", "Lithuania"]


def test_negative_group_minimums_are_refused(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    r = run_cli(
        capsys, "analyse", models["topic"], corpus, "--min-units", "-3", "--out", tmp_path / "a"
    )  # fmt: skip
    assert r.code == 1 and "--min-units is -3 (allowed: 0 or more)" in r.err
    with pytest.raises(ClassifyError, match="min_articles is -1"):
        classify.analyse(models["topic"], corpus, min_articles=-1)


def test_a_title_written_before_the_name_and_a_comma_is_its_title():
    from classify.articles import Article
    from classify.quotes import extract_quotes

    text = (
        '"We want better ties with the region and will keep talking," said the Spanish '
        "foreign minister, Jose Albares."
    )
    (q,) = extract_quotes(Article(id="a", title="", paragraphs=[text]))
    assert (q.speaker, q.title) == ("Jose Albares", "the Spanish foreign minister")
    # A place before a comma is no title.
    text = 'In Minsk, Anna Keller said: "We want better ties with the region and will talk."'
    (q,) = extract_quotes(Article(id="a", title="", paragraphs=[text]))
    assert (q.speaker, q.title) == ("Anna Keller", None)


def test_a_corpus_column_is_grouped_by_whatever_its_case(models, tmp_path, capsys):
    corpus = _table(tmp_path / "a.csv", story=["embassy", "prisoners"] * 6)
    table = classify.analyse(models["topic"], corpus, by="Story", n_bootstrap=0)
    assert set(table["group"]) == {"embassy", "prisoners"}
    pred = tmp_path / "p.csv"
    r = run_cli(
        capsys, "predict", models["topic"], corpus, "--keep-columns", "story", "--out", pred
    )  # fmt: skip
    assert r.code == 0, r.err
    table = classify.analyse(models["topic"], predictions=pred, by="STORY", n_bootstrap=0)
    assert set(table["group"]) == {"embassy", "prisoners"}
    with pytest.raises(ClassifyError, match="no column 'desk' to group by"):
        classify.analyse(models["topic"], corpus, by="desk", n_bootstrap=0)
