"""A category over time (``--by source,year``): each outlet's shares per
period, the two parts as columns of their own and a line per outlet."""

from __future__ import annotations

import numpy as np
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
    # A column name that reads as a standard one is that one.
    assert grouping_parts("outlet") == ("source", None)
    assert grouping_parts("Year") == ("year", None)
    for bad in ("year,month", "source,country", "source,year,month", "all,year"):
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
    assert r.code == 2
    assert r.err.startswith(
        "error: Invalid value for '--by': unknown grouping 'year,month' (allowed: "
    )


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


def test_predictions_written_by_analyse_can_be_grouped_by_country_later(stance_model, tmp_path):
    # review 28e: predictions written by `analyse --by year` lost the corpus's
    # country column, so a rerun --by country put every unit in (unknown)
    # and the note blamed datelines.
    rows = [dict(r, country=["CUB", "LUX"][i % 2]) for i, r in enumerate(labelled_rows())]
    corpus = write_jsonl(tmp_path / "un.jsonl", rows)
    classify.analyse(stance_model, corpus, by="year", n_bootstrap=0, out=tmp_path / "a")
    again = classify.analyse(
        stance_model,
        predictions=[tmp_path / "a" / "predictions-stance.parquet"],
        by="country",
        n_bootstrap=0,
    )
    direct = classify.analyse(stance_model, corpus, by="country", n_bootstrap=0)
    assert set(again["group"]) == {"CUB", "LUX"}
    pd.testing.assert_frame_equal(again, direct)


def test_the_unknown_country_note_names_the_missing_column():
    from classify.analysis_report import unplaced_note
    from classify.errors import cli_context

    note = unplaced_note({"": 4800})
    # Named as the caller writes it: Python here, the flag in a command.
    assert "4800 with no dateline" in note and "keep_columns=['country']" in note
    with cli_context():
        assert "--keep-columns country" in unplaced_note({"": 4800})
    assert "--keep-columns" not in unplaced_note({"": 3, "XYZ": 2})


def test_methods_as_the_command_line_writes_them(stance_model, tmp_path):
    # review 28e: "naive,pacc" was read letter by letter ("unknown method 'n'").
    corpus = write_jsonl(tmp_path / "c.jsonl", labelled_rows())
    table = classify.analyse(stance_model, corpus, by="year", methods="naive, pacc", n_bootstrap=0)
    assert set(table["method"]) == {"naive", "pacc"}


def test_a_corpus_of_another_kind_is_said(stance_model, tmp_path, capsys):
    # review 28e: news models measured UN speeches (median 90 words against
    # news summaries of about 30) with no word that the error rates the
    # corrections rest on may not hold there.
    import warnings

    trained = classify.load_model(stance_model).info["training"]["words"]
    rows = labelled_rows()
    assert trained["median"] == round(float(np.median([len(r["text"].split()) for r in rows])))
    same = write_jsonl(tmp_path / "same.jsonl", rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.analyse(stance_model, same, by="year", n_bootstrap=0)
    assert not [w for w in caught if "units are longer" in str(w.message)]
    long_rows = [dict(r, text=" ".join([r["text"]] * 4)) for r in rows]
    longer = write_jsonl(tmp_path / "long.jsonl", long_rows)
    with pytest.warns(UserWarning, match=r"stance: the corpus's units are longer than the model"):
        table = classify.analyse(stance_model, longer, by="year", n_bootstrap=0)
    corpus_words, trained_words = table.attrs["length_shift"]["stance"]
    assert corpus_words >= 3 * trained_words
    r = run_cli(capsys, "analyse", stance_model, longer, "--by", "year", "--out", tmp_path / "o")
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert f"(median {corpus_words} words against {trained_words})" in said
    assert (
        "label a sample of this corpus and correct with its error rates (--rates-from FILE)" in said
    )
    assert (
        "units are longer than the model's training units" in (tmp_path / "o/report.md").read_text()
    )


def test_groups_all_too_small_are_said_with_a_coarser_grouping(stance_model, tmp_path, capsys):
    # review 28e: 70 of 70 country-year groups too small, and no word of
    # what to do.
    corpus = write_jsonl(tmp_path / "c.jsonl", labelled_rows())
    with pytest.warns(UserWarning, match=r"all \d+ groups are too small .*: try one of source"):
        classify.analyse(stance_model, corpus, by="source,month", n_bootstrap=0)
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "month", "--out", tmp_path / "o")
    assert r.code == 0, r.err
    assert "try --by quarter or --by year" in " ".join(r.out.split())
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "all", "--out", tmp_path / "a")
    assert "too small to read one by one" not in r.out  # one group: nothing to coarsen


def test_error_rates_from_labelled_units_of_the_corpus_own_kind(tmp_path, capsys):
    """review 28e/28h: on UN speeches the news rates moved PACC away from
    the gold shares; with rates_data the corrections use the rates of
    labelled units of the corpus's kind. On the very units counted, ACC's
    rates are exact, so it gives back their gold shares."""
    from corpus_fixtures import train_tfidf

    rows = labelled_rows()
    model = train_tfidf("topic", write_jsonl(tmp_path / "train.jsonl", rows), tmp_path / "m")
    # (Not "... said: TEXT": a lead-in ended by a colon is a title, and the
    # training text after it is found as training data, test_review51.)
    other = [
        dict(
            r,
            id=f"u{i}",
            text=f"In his address to the Assembly, the delegate said that {r['text']}",
        )
        for i, r in enumerate(rows)
    ]
    corpus = write_jsonl(tmp_path / "un.jsonl", other)
    table = classify.analyse(
        model, corpus, by="all", methods="naive,acc", n_bootstrap=0, rates_data=corpus
    )
    acc = table[table["method"] == "acc"].set_index("label")["estimate"]
    for label in ("normalisation", "sanctions", "human_rights"):
        gold = np.mean([label in r["topics"] for r in other])
        assert acc[label] == pytest.approx(gold, abs=1e-9)
    rates = table.attrs["rates_from"]["topic"]
    assert rates["method"] == "sample" and rates["units"] == len(other)
    assert rates["data"].endswith("un.jsonl") and rates["in_training"] == 0
    # Units the model was trained on make the rates optimistic: said.
    with pytest.warns(UserWarning, match=r"48 of the 48 units the error rates of 'topic'"):
        classify.analyse(
            model, corpus, by="all", n_bootstrap=0, rates_data=tmp_path / "train.jsonl",
            out=tmp_path / "seen",
        )  # fmt: skip
    # The report says it too (review 28j: only the terminal did).
    report = (tmp_path / "seen" / "report.md").read_text()
    assert "48 of those 48 units were in the model's training data" in report
    # A sample without the task's labels names the option it came from.
    bare = write_jsonl(tmp_path / "bare.jsonl", [{"id": "b", "text": "Talks resumed."}])
    with pytest.raises(
        ClassifyError, match=r"the data for the error rates of 'topic' \(rates_data"
    ):
        classify.analyse(model, corpus, by="all", n_bootstrap=0, rates_data=bare)
    out = tmp_path / "o"
    r = run_cli(capsys, "analyse", model, corpus, "--by", "year", "--rates-from", corpus,
                "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    assert (
        f"error rates from {len(other)} labelled units of {corpus}"
        in (out / "report.md").read_text()
    )


def test_rates_that_cannot_support_a_correction_leave_it_unmeasured(tmp_path, capsys):
    """review 28i: on a sample where the model found none of 5 positives and
    1 false alarm, ACC flipped the correction's sign (0.014 naive, 0.357
    ACC) without a note; where a stance was never predicted, ACC quietly
    repeated the naive shares."""
    from corpus_fixtures import train_tfidf

    from classify.analysis import rates_note

    rows = labelled_rows()
    model = train_tfidf("topic", write_jsonl(tmp_path / "train.jsonl", rows), tmp_path / "m")
    corpus = write_jsonl(tmp_path / "c.jsonl", [dict(r, id=f"c{i}") for i, r in enumerate(rows)])
    # A sample whose gold 'sanctions' units are the texts the model scores
    # lowest for it, and the other way round: its hit rate is below its
    # false-alarm rate.
    p = classify.predict_proba(model, [r["text"] for r in rows])["sanctions"].to_numpy()
    order = np.argsort(p)
    flipped = [
        dict(rows[i], id=f"s{n}", topics=["sanctions"] if n < 8 else [])
        for n, i in enumerate(order)
    ]
    sample = write_jsonl(tmp_path / "sample.jsonl", flipped)
    table = classify.analyse(model, corpus, by="all", n_bootstrap=0, rates_data=sample)
    rates = table.attrs["rates_from"]["topic"]
    assert "sanctions" in rates["ill_posed"]["acc"] and "sanctions" in rates["ill_posed"]["pacc"]
    rows_out = table.set_index(["label", "method"])
    assert rows_out.loc[("sanctions", "acc"), "unmeasured"]
    assert not rows_out.loc[("sanctions", "naive"), "unmeasured"]
    note = rates_note("topic", rates)
    assert "too little apart to correct ACC of 'sanctions'" in note
    assert f"{len(flipped)} labelled units of {sample}" in note
    r = run_cli(capsys, "analyse", model, corpus, "--by", "all", "--rates-from", sample,
                "--out", tmp_path / "o")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert (
        f"topic: error rates from {len(flipped)} labelled units of {sample} (--rates-from)" in said
    )
    assert (
        "corrects it with the error rates the model showed on labelled units"
        in (tmp_path / "o" / "report.md").read_text()
    )


def test_the_reports_at_bound_note_leaves_unmeasured_cells_out():
    # review 28j: the report named as "(at bound)" cells its table marked unmeasured.
    from classify.analysis_report import _boundary_note

    rows = [
        ("topic", "all", "normalisation", "naive", 0.014, False, False),
        ("topic", "all", "normalisation", "pacc", 0.0, True, True),
        ("topic", "all", "sanctions", "naive", 0.04, False, False),
        ("topic", "all", "sanctions", "pacc", 0.0, True, False),
    ]
    columns = ["task", "group", "label", "method", "estimate", "at_boundary", "unmeasured"]
    note = _boundary_note(pd.DataFrame(rows, columns=columns), "topic", "pacc")
    assert "in 1 of 1 cells" in note and "sanctions in all" in note
    assert "normalisation" not in note


def test_any_column_of_the_corpus_is_a_grouping(stance_model, tmp_path, capsys):
    rows = labelled_rows()
    for i, row in enumerate(rows):
        row["language"] = ["en", "ru", "be"][i % 3]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    by_language = classify.analyse(stance_model, corpus, by="language", n_bootstrap=0)
    assert set(by_language["group"]) == {"en", "ru", "be"}
    # Each language's estimates are those of its own rows analysed whole.
    for language in ("en", "be"):
        alone = write_jsonl(
            tmp_path / f"{language}.jsonl", [r for r in rows if r["language"] == language]
        )
        whole = classify.analyse(stance_model, alone, by="all", n_bootstrap=0)
        mine = by_language[by_language["group"] == language]
        keys = ["label", "method"]
        np.testing.assert_allclose(
            mine.set_index(keys)["estimate"].sort_index(),
            whole.set_index(keys)["estimate"].sort_index(),
        )
    # With a period, and from a DataFrame.
    both = classify.analyse(stance_model, pd.DataFrame(rows), by="year,language", n_bootstrap=0)
    assert list(both.columns[:4]) == ["task", "group", "language", "year"]
    # From predictions, where predict kept the column.
    preds = tmp_path / "p.parquet"
    classify.predict(stance_model, corpus, out=preds, keep_columns=["language"])
    again = classify.analyse(stance_model, predictions=[preds], by="language", n_bootstrap=0)
    assert set(again["group"]) == {"en", "ru", "be"}


def test_a_column_the_corpus_lacks_is_refused_before_predicting(stance_model, tmp_path, capsys):
    rows = labelled_rows()
    for row in rows:
        row["Desk"] = "World"
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    out = tmp_path / "out"
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "dept", "--out", out)
    assert r.code == 1 and "predicting" not in r.err + r.out
    assert r.err.startswith("error: no column 'dept' to group by in the corpus (its columns: ")
    assert "Desk" in r.err and not out.exists()
    # A column named in another case is that column (review 45).
    table = classify.analyse(stance_model, corpus, by="desk", n_bootstrap=0)
    assert set(table["group"]) == {"World"}
    # A misspelt grouping is no column; a column no unit fills is no grouping.
    for typo, meant in (("mnth", "month"), ("yaer", "year")):
        r = run_cli(capsys, "analyse", stance_model, corpus, "--by", typo, "--out", out)
        # A usage error, as a misspelt choice of another option (review 112).
        assert r.code == 2 and f"unknown grouping '{typo}': did you mean '{meant}'?" in r.err
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "section", "--out", out)
    assert r.code == 1 and "no unit of the corpus has a value in column 'section'" in r.err
    assert not out.exists()
    # From predictions without the column: their own columns are named.
    preds = tmp_path / "p.parquet"
    classify.predict(stance_model, corpus, out=preds)
    with pytest.raises(ClassifyError, match=r"no 'Desk' column to group by \(their columns: date"):
        classify.analyse(stance_model, predictions=[preds], by="Desk", n_bootstrap=0)
