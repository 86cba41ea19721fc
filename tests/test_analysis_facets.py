"""A category over time (``--by source,year``): each outlet's shares per
period, the two parts as columns of their own and a line per outlet."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify
from classify.analysis import grouping_parts, split_group
from classify.errors import ClassifyError


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("facets")
    return train_tfidf("stance", write_jsonl(root / "train.jsonl", labelled_rows()), root / "m")


def test_a_category_and_a_period_in_either_order():
    assert grouping_parts("source,year") == ("source", "year")
    assert grouping_parts("month, speaker") == ("speaker", "month")
    assert grouping_parts("quarter") == ("quarter", None)
    assert split_group("Daily Post | 2019") == ("Daily Post", "2019")
    for bad in ("year,month", "source,country", "source,year,month", "outlet"):
        with pytest.raises(ClassifyError, match=rf"unknown grouping '{bad}' \(allowed: month, "):
            grouping_parts(bad)


def test_each_outlet_over_time_is_that_outlets_corpus_by_year(stance_model, tmp_path):
    rows = labelled_rows()
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    both = classify.analyse(stance_model, corpus, by="year,source", n_bootstrap=0)
    assert list(both.columns[:4]) == ["task", "group", "source", "year"]
    assert set(both["source"]) == {"Reuters", "AP"}
    for outlet in ("Reuters", "AP"):
        alone = write_jsonl(
            tmp_path / f"{outlet}.jsonl", [r for r in rows if r["source"] == outlet]
        )
        by_year = classify.analyse(stance_model, alone, by="year", n_bootstrap=0)
        mine = both[both["source"] == outlet]
        keys = ["year", "label", "method"]
        got = mine.set_index(keys)["estimate"].sort_index()
        want = by_year.rename(columns={"group": "year"}).set_index(keys)["estimate"].sort_index()
        pd.testing.assert_series_equal(got, want)
        assert (mine["group"] == outlet + " | " + mine["year"]).all()


def test_the_cli_draws_a_line_per_outlet_and_refuses_other_pairs(stance_model, tmp_path, capsys):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", labelled_rows())
    out = tmp_path / "out"
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "source,year", "--out", out)
    assert r.code == 0, r.err
    table = pd.read_csv(out / "prevalence.csv")
    pairs = {(row["source"], row["date"][:4]) for row in labelled_rows()}
    assert {"source", "year"} <= set(table.columns) and table["group"].nunique() == len(pairs)
    assert (out / "stance-series.png").is_file() and not (out / "stance-stacked.png").exists()
    assert "# Prevalence by source and year" in (out / "report.md").read_text()
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "year,month", "--out", out)
    assert r.code == 1 and r.err.startswith("error: unknown grouping 'year,month' (allowed: ")


def test_items_dated_to_the_year_only_are_named_not_drawn(stance_model, tmp_path, capsys):
    # review 28f: --by source,quarter crashed (TypeError sorting None) on a
    # corpus where some items are dated to the year only.
    rows = labelled_rows()
    for row in rows[::5]:
        row["date"] = row["date"][:4]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    out = tmp_path / "out"
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "source,quarter", "--out", out)
    assert r.code == 0, r.err
    table = pd.read_csv(out / "prevalence.csv")
    coarse = sorted({g for g in table["group"] if g.endswith("(no quarter)")})
    assert coarse and all(split_group(g)[1].endswith("(no quarter)") for g in coarse)
    report = (out / "report.md").read_text()
    assert "Not drawn (no quarter to place on the time axis): " in report
    assert coarse[0] in report.split("Not drawn")[1]
    assert (out / "stance-series.png").is_file()
