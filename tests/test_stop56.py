"""Stop 56: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli
from test_stop53 import _BODY, _story
from test_stop54 import _STORY, _page

_HEADLINE = "Belarus frees prisoners as US envoy visits Minsk"


def _nexis(tmp_path, *, publication: str, dateline: str, body: str):
    from classify.articles import read_articles

    path = tmp_path / "nexis.txt"
    head = f"{publication}\nFebruary 3, 2023 Friday\n\n" if publication else ""
    path.write_text(
        f"Envoys agree to reopen embassies\n\n{head}Section: WORLD; Pg. A12\n"
        f"Length: 212 words\nByline: Ana Lima\n{dateline}\nBody\n\n{body}\n\n"
        "The talks will resume in October.\n\nLoad-Date: February 4, 2023\n\nEnd of Document\n",
        encoding="utf-8",
    )
    (article,) = read_articles(path)
    return article


_EMBASSY = "Envoys of both countries agreed on Thursday to reopen their embassies next month."


@pytest.mark.parametrize(
    ("dateline", "body", "agency"),
    [("", f"MINSK (Reuters) - {_EMBASSY}", "Reuters"),
     ("Dateline: Warsaw (AFP)\n", _EMBASSY, "AFP"),
     ("Dateline: New York, September 19, 2023 /PRNewswire/\n", _EMBASSY, "PRNewswire")],
)  # fmt: skip
def test_a_nexis_records_agency_is_kept_beside_its_publication(tmp_path, dateline, body, agency):
    """Check 147: the agency of `MINSK (Reuters) -` in a Nexis body was
    recorded nowhere, nor was a Dateline field's."""
    article = _nexis(tmp_path, publication="The Daily Example", dateline=dateline, body=body)
    assert article.source == "The Daily Example"
    assert article.sources == ["The Daily Example"]  # the outlet that printed it
    assert article.meta["agency"] == agency
    assert article.paragraphs[0] == _EMBASSY


def test_a_nexis_record_without_a_publication_has_its_agency_as_source(tmp_path):
    article = _nexis(tmp_path, publication="", dateline="", body=f"MINSK (Reuters) - {_EMBASSY}")
    assert article.source == "Reuters"
    assert article.sources == ["Reuters"]
    assert "agency" not in article.meta
    assert article.dateline == "MINSK"


@pytest.mark.parametrize("field", ["Dateline: KYIV (Ukraine)\n", "Dateline: Warsaw\n"])
def test_a_region_in_brackets_in_a_dateline_field_is_no_agency(tmp_path, field):
    article = _nexis(tmp_path, publication="The Daily Example", dateline=field, body=_EMBASSY)
    assert "agency" not in article.meta
    assert article.source == "The Daily Example"


def test_a_page_tables_caption_leads_its_unit_not_a_padded_row(tmp_path):
    """Left alone at stop 55: the caption became `| Caption | |`."""
    html = (
        "<html><body><article><h1>Armenia and Azerbaijan resume border talks</h1>"
        f"{_STORY}<table><caption>Rounds of talks by year</caption><tr><th>Year</th>"
        "<th>Rounds</th></tr><tr><td>2022</td><td>4</td></tr><tr><td>2023</td><td>7</td></tr>"
        "</table><p>Officials said a third round could follow in the spring if both sides "
        "agree.</p></article></body></html>"
    )
    article = _page(tmp_path, "table.html", html)
    (table,) = [p for p in article.paragraphs if "Rounds" in p and "2022" in p]
    assert table.startswith("Rounds of talks by year: | Year | Rounds |")
    assert "| |" not in table.replace("| | ", "|")  # no padded empty cells
    assert table.count("Rounds of talks by year") == 1


def test_a_page_table_without_a_caption_is_unchanged(tmp_path):
    html = (
        "<html><body><article><h1>Armenia and Azerbaijan resume border talks</h1>"
        f"{_STORY}<table><tr><th>Year</th><th>Rounds</th></tr><tr><td>2022</td><td>4</td></tr>"
        "</table></article></body></html>"
    )
    article = _page(tmp_path, "table.html", html)
    (table,) = [p for p in article.paragraphs if "Rounds" in p]
    assert table.startswith("| Year | Rounds |")


@pytest.mark.parametrize(
    ("line", "section"),
    [("By John Smith | World | March 4, 2023", "World"),
     ("By John Smith | World News | March 4, 2023 | 3 min read", "World News"),
     ("By John Smith | Reuters | March 4, 2023", None),
     ("By John Smith | March 4, 2023", None)],
)  # fmt: skip
def test_a_section_between_a_byline_and_its_date_is_read(tmp_path, line, section):
    """Left alone since stop 54: `By John Smith | World | March 4, 2023`
    dropped the section."""
    article = _story(tmp_path, f"{_HEADLINE}\n\n{line}\n\n{_BODY}\n")
    assert article.author == "John Smith"
    assert article.date == "2023-03-04"
    assert article.section == section
    assert len(article.paragraphs) == 2


def _stance_model(tmp_path):
    from classify.api import train

    rows = tmp_path / "train.jsonl"
    words = {"favour": "welcome dialogue", "against": "condemn repression", "neutral": "report"}
    with rows.open("w", encoding="utf-8") as f:
        for k in range(36):
            label = list(words)[k % 3]
            text = f"Officials {words[label]} on day {k} of the talks in Minsk."
            row = {"id": f"s{k}", "text": text, "stance": label, "date": f"20{10 + k // 3}-05-01"}
            f.write(json.dumps(row) + "\n")
    return train("configs/stance-tfidf.yaml", data=rows, out=tmp_path / "model")


def test_a_trained_models_metrics_name_its_family_and_name(tmp_path):
    """Left alone at stop 55: only `evaluate`'s metrics.json named the family."""
    model = _stance_model(tmp_path)
    saved = json.loads((tmp_path / "model" / "metrics.json").read_text(encoding="utf-8"))
    assert saved["evaluation"]["family"] == model.model.family == "tfidf-linear"
    assert saved["evaluation"]["model_name"] == model.model.info["name"] == "stance-tfidf"


def test_evaluate_on_its_one_empty_file_offers_no_skip(tmp_path, capsys):
    """Review 143: skipping the only file would leave nothing to evaluate."""
    _stance_model(tmp_path)
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    res = run_cli(capsys, "evaluate", tmp_path / "model", tmp_path / "empty.jsonl")
    assert res.code == 1
    assert "file is empty" in res.err
    assert "--on-error skip" not in res.err


def test_an_empty_file_beside_another_still_offers_the_skip(tmp_path, capsys):
    _stance_model(tmp_path)
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    args = ["evaluate", tmp_path / "model", tmp_path / "empty.jsonl", tmp_path / "train.jsonl"]
    res = run_cli(capsys, *args)
    assert res.code == 1
    assert "file is empty" in res.err and "--on-error skip" in res.err


def _read(tmp_path, name: str, text: str, **options):
    from classify.articles import read_articles
    from classify.tables import ReadOptions

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_articles(path, options=ReadOptions(**options))


def test_a_table_whose_slashed_dates_all_read_either_way_is_said(tmp_path):
    """Review 148: a US file with no day above 12 was read day first without a word."""
    rows = "id,text,date\nm1,Talks resumed.,03/04/2021\nm2,Sanctions stay.,05/06/2021\n"
    with pytest.warns(UserWarning, match=r"all 2 slashed dates \(first '03/04/2021', read as "):
        articles = _read(tmp_path, "us.csv", rows)
    assert [a.date for a in articles] == ["2021-04-03", "2021-06-05"]  # read as the setting says


@pytest.mark.parametrize(
    "dates",
    [["03/04/2021", "25/06/2021"],  # a day above 12 says the order
     ["2021-04-03", "2021-06-05"],  # ISO
     ["03.04.2021", "05.06.2021"],  # dots are day first in any setting
     ["04/04/2021", "06/06/2021"]],  # day and month alike read one way
)  # fmt: skip
def test_dates_whose_order_is_said_or_does_not_matter_give_no_note(tmp_path, dates):
    import warnings

    rows = "id,text,date\n" + "".join(f"m{k},Talks {k}.,{d}\n" for k, d in enumerate(dates))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _read(tmp_path, "eu.csv", rows)


def test_month_first_reads_slashed_dates_without_the_note(tmp_path):
    import warnings

    rows = "id,text,date\nm1,Talks resumed.,03/04/2021\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (article,) = _read(tmp_path, "us.csv", rows, date_order="month-first")
    assert article.date == "2021-03-04"


@pytest.mark.parametrize(
    ("header", "options", "column"),
    [("id,text,Published", {}, "Published"),
     ("id,body,pub", {"text_column": "body", "date_column": "pub"}, "pub")],
)  # fmt: skip
def test_a_bad_date_names_its_column_where_it_is_not_date(tmp_path, header, options, column):
    from classify.errors import ClassifyError

    rows = f"{header}\nm1,Talks resumed.,2021-04-03\nm2,Sanctions stay.,31/02/2021\n"
    with pytest.raises(ClassifyError, match=rf"line 3: column '{column}': cannot read date"):
        _read(tmp_path, "bad.csv", rows, **options)


def test_a_bad_date_in_the_date_column_reads_as_before(tmp_path):
    from classify.errors import ClassifyError

    rows = "id,text,date\nm1,Talks resumed.,31/02/2021\n"
    with pytest.raises(ClassifyError, match=r"line 2: cannot read date '31/02/2021'") as err:
        _read(tmp_path, "bad.csv", rows)
    assert "column 'date'" not in str(err.value)


@pytest.mark.parametrize(
    ("rows", "text", "source"),
    [('id;text\nz1;"Row one about talks."\nz2;"Row two about sanctions, cut off in the mid',
      ["Row two about sanctions, cut off in the mid"], None),
     # Check 150: a comma in the cut cell split it, the rest read as the
     # next column (source "officials said."), or the row was refused.
     ('id,text,source\na1,"Poland shut it, they said.",BBC\na2,"Vilnius opens an embassy, '
      'officials said.\n', ["Vilnius opens an embassy, officials said."], None),
     ('id,text\na1,"Poland shut it."\na2,"Vilnius opens an embassy.\n\nThe move angered, '
      "as Beijing", ["Vilnius opens an embassy.", "The move angered, as Beijing"], None)],
)  # fmt: skip
def test_a_file_cut_off_inside_a_quoted_cell_is_read_with_a_warning(tmp_path, rows, text, source):
    """Review 148: a truncated download was read without a word."""
    with pytest.warns(UserWarning, match=r"line 3: the quoted cell opening .* not closed before"):
        articles = _read(tmp_path, "cut.csv", rows)
    assert len(articles) == 2
    assert articles[1].paragraphs == text
    assert articles[1].source == source


def test_a_quotation_opening_a_tsv_cell_mid_file_gives_no_cut_off_warning(tmp_path):
    import warnings

    rows = 'id\ttext\nz1\t"Talks," he said, "resumed."\nz2\tSanctions stay.\n'
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = _read(tmp_path, "q.tsv", rows)
    assert [a.paragraphs[0] for a in articles] == [
        '"Talks," he said, "resumed."',
        "Sanctions stay.",
    ]


@pytest.mark.parametrize("key", ["headline", "title", "Headline"])
def test_a_nested_records_headline_is_its_title_as_a_flat_columns_is(tmp_path, key):
    """Review 148: `article.headline` beside `article.text` stayed in meta."""
    row = {
        "id": "j1",
        "article": {"text": "Ministers agreed to restore ties.", key: "Ties restored"},
    }
    (nested,) = _read(tmp_path, "n.jsonl", json.dumps(row) + "\n", text_column="article.text")
    flat = "id,headline,text\nj1,Ties restored,Ministers agreed to restore ties.\n"
    (table,) = _read(tmp_path, "f.csv", flat)
    assert nested.title == table.title == "Ties restored"
    assert nested.paragraphs == table.paragraphs


def test_a_headline_of_another_record_is_no_title(tmp_path):
    row = {"id": "j1", "article": {"text": "Ministers agreed."}, "related": {"headline": "Other"}}
    (article,) = _read(tmp_path, "n.jsonl", json.dumps(row) + "\n", text_column="article.text")
    assert article.title is None


def test_a_list_in_the_text_column_is_named_by_its_length(tmp_path):
    from classify.errors import ClassifyError

    row = {"id": "j1", "text": ["First paragraph about the embassy.", "Second paragraph."]}
    with pytest.raises(ClassifyError, match=r"holds a list \(2 items\), not text; join its"):
        _read(tmp_path, "l.jsonl", json.dumps(row) + "\n")


def test_a_dataframe_of_nested_records_is_told_to_flatten_them(tmp_path):
    import pandas as pd

    import classify

    frame = pd.DataFrame([{"id": "j1", "article": {"text": "Talks.", "headline": "Ties"}}])
    options = classify.ReadOptions(text_column="article.text")
    with pytest.raises(classify.ClassifyError, match=r"'article' column holds nested records"):
        classify.build_dataset(frame, tmp_path / "d", tasks="stance", split="none", options=options)
    flat = pd.json_normalize(frame.to_dict("records"))
    flat["stance"] = "favour"
    built = classify.build_dataset(
        flat, tmp_path / "d", tasks="stance", split="none", options=options
    )
    assert built["n"] == 1 and list(built["tasks"]) == ["stance"]  # one task, not its letters


@pytest.mark.parametrize(
    ("cell", "outlets"),
    [("(BBC) (Link dead as of 22:35, 14 January 2007 (UTC))", ["BBC"]),
     ("(2007) (AFP)", ["AFP"]),
     ("(video, wmv)", []),
     ("(El País in Spanish) (Reuters)", ["El País", "Reuters"]),
     ("(RTS, in Serbian)", ["RTS"]),
     ("(House.gov (PDF))", ["House.gov"]),
     ("(registration required) (Le Monde)", ["Le Monde"]),
     ("(2015–present)", []),
     ("(Wanted in Rome)", ["Wanted in Rome"]),
     ("(France 24) (News24) (24.kg)", ["France 24", "News24", "24.kg"])],
)  # fmt: skip
def test_what_a_citation_says_of_its_link_is_no_outlet(cell, outlets):
    """Review 149: `Link dead as of ...` (each time stamp an outlet),
    `2007` and `video, wmv` were outlets of `--by source`."""
    from classify.articles import split_outlets

    assert split_outlets(cell) == outlets


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    root = tmp_path_factory.mktemp("stop56")
    return train_tfidf("stance", write_jsonl(root / "train.jsonl", labelled_rows()), root / "m")


def _stance_predictions(path, dates, **meta):
    import numpy as np
    import pandas as pd

    p = np.random.default_rng(0).dirichlet([2, 1, 1], len(dates))
    frame = pd.DataFrame(
        {"p_favour": p[:, 0], "p_against": p[:, 1], "p_neutral": p[:, 2], "date": dates}
    )
    frame["article_id"] = [f"a{i}" for i in range(len(dates))]
    for key, value in meta.items():
        frame[key] = value
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("by", "dates", "empty"),
    [("month", ["2019-01-05", "2019-02-03", "2019-05-09", "2019-06-01"], ["2019-03", "2019-04"]),
     ("quarter", ["2019-01-05", "2019-11-03"], ["2019-Q2", "2019-Q3"]),
     ("year", ["2017-01-05", "2020-11-03", "2020"], ["2018", "2019"])],
)  # fmt: skip
def test_empty_periods_inside_the_range_are_named(stance_model, tmp_path, by, dates, empty):
    """Review 149: months with no unit had no row and no word, so a series
    joined to another read as complete."""
    import classify

    rows = [d for d in dates for _ in range(6)]
    preds = _stance_predictions(tmp_path / "p.csv", rows)
    out = tmp_path / "out"
    with pytest.warns(UserWarning, match="hold no unit"):
        table = classify.analyse(stance_model, predictions=[preds], by=by, out=out, n_bootstrap=0)
    assert not set(empty) & set(table["group"])
    (note,) = [n for n in table.attrs["notes"] if "hold no unit" in n]
    assert note.startswith(f"{len(empty)} {by}s between the first and the last")
    assert all(e in note for e in empty)
    saved = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert note in saved["notes"] and saved["engine"] is None  # scored before, not here
    assert all(e in (out / "report.md").read_text(encoding="utf-8") for e in empty)


def test_a_series_without_gaps_has_no_empty_periods_note(stance_model, tmp_path):
    import warnings

    import classify

    rows = [d for d in ["2019-01-05", "2019-02-03", "2019-03-09"] for _ in range(6)]
    preds = _stance_predictions(tmp_path / "p.csv", rows)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        table = classify.analyse(stance_model, predictions=[preds], by="month", n_bootstrap=0)
    assert not [n for n in table.attrs["notes"] if "between the first and the last" in n]
    assert not [w for w in seen if "between the first and the last" in str(w.message)]


def test_the_reports_outlet_table_lists_the_largest_first(stance_model, tmp_path):
    """Review 149: outlets were listed by name, `(unknown)` and `+972` first."""
    import classify

    sources = ["Alpha Times"] * 3 + ["Zeta Post"] * 12 + ["Mid News"] * 7
    preds = _stance_predictions(tmp_path / "p.csv", ["2020-01-01"] * 22, source=sources)
    out = tmp_path / "out"
    classify.analyse(stance_model, predictions=[preds], by="source", out=out, n_bootstrap=0)
    report = (out / "report.md").read_text(encoding="utf-8")
    at = [report.index(f"| {name} |") for name in ("Zeta Post", "Mid News", "Alpha Times")]
    assert at == sorted(at)


def test_analysis_json_names_the_engine_that_scored_the_corpus(stance_model, tmp_path):
    from corpus_fixtures import labelled_rows, write_jsonl

    import classify

    texts = [{"id": r["id"], "text": r["text"], "date": "2020-01-01"} for r in labelled_rows()]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", texts)
    out = tmp_path / "out"
    classify.analyse(stance_model, corpus, by="year", out=out, n_bootstrap=0)
    assert json.loads((out / "analysis.json").read_text(encoding="utf-8"))["engine"] == "local"


def test_a_txt_read_as_a_table_is_reported_as_rows_not_articles(tmp_path, capsys):
    """Review 148: `--delimiter tab` on a .txt printed "article layouts: 2
    table" and "2 of 2 articles have no date", which a .tsv of the same rows
    did not."""
    rows = "id\ttext\tstance\nu1\tTalks resumed in Minsk.\tfavour\nu2\tSanctions stay.\tagainst\n"
    outs = []
    for name in ("tab.txt", "tab.tsv"):
        (tmp_path / name).write_text(rows, encoding="utf-8")
        args = ["dataset", "build", tmp_path / name, "--task", "stance", "--split", "none"]
        res = run_cli(capsys, *args, "--delimiter", "tab", "--out", tmp_path / f"o-{name[-3:]}")
        assert res.code == 0, res.err
        outs.append(res.out)
    assert "article layouts" not in outs[0] and "have no date" not in outs[0]
    assert "2 row units" in outs[0] and "2 row units" in outs[1]


def _pool(tmp_path, n=20):
    import random

    from corpus_fixtures import write_jsonl

    rng = random.Random(5)
    words = ["welcomed", "condemned", "reported", "praised", "rejected", "border", "talks", "sanctions", "embassy", "minister", "envoy", "prisoners", "trade", "visit", "agreement", "protest", "election", "pipeline"]  # fmt: skip
    rows = [
        {"id": f"tr{k:03d}", "text": " ".join(rng.choice(words) for _ in range(12)).capitalize()}
        for k in range(1, n + 1)
    ]
    return write_jsonl(tmp_path / "pool.jsonl", rows)


def test_a_suggested_batch_is_written_most_informative_first(stance_model, tmp_path, capsys):
    """Review 151: units.csv came in pool order, scores.jsonl by score."""
    import csv

    pool = _pool(tmp_path)
    args = ["annotate", "suggest", stance_model, pool, "--n", "6", "--strategy", "margin"]
    res = run_cli(capsys, *args, "--format", "csv", "--out", tmp_path / "next")
    assert res.code == 0, res.err
    with open(tmp_path / "next" / "units.csv", encoding="utf-8-sig") as f:
        written = [r["unit"] for r in csv.DictReader(f)]
    ranked = [json.loads(x)["unit"] for x in (tmp_path / "next" / "scores.jsonl").open()]
    assert written == ranked and len(written) == 6
    assert written != sorted(written)  # not the pool's order (it is ranked by score here)


def test_an_active_export_is_written_most_informative_first(stance_model, tmp_path):
    from classify.active import informativeness, scores_in_batches
    from classify.annotation import export_units
    from classify.api import load_model

    pool = _pool(tmp_path)
    export_units(pool, tmp_path / "out", sample=5, strategy="active", model=stance_model)
    rows = [json.loads(x) for x in (tmp_path / "out" / "units.jsonl").open(encoding="utf-8")]
    clf = load_model(stance_model)
    scores = informativeness(
        scores_in_batches(clf, [r["text"] for r in rows], None),
        clf.task.kind,
        thresholds=clf.thresholds,
    )
    assert list(scores) == sorted(scores, reverse=True)


def test_a_label_the_task_does_not_have_still_excludes_its_unit_but_is_said(tmp_path):
    """Review 151: `pro` in an --exclude file left its unit out without a word,
    though annotate import refuses the label."""
    from classify.annotation import export_units

    pool = _pool(tmp_path)
    done = tmp_path / "done.csv"
    done.write_text("unit,stance\ntr010,pro\ntr011,favour\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"1 row holds a label its task does not have \(line 2"):
        summary = export_units(pool, tmp_path / "out", tasks=["stance"], exclude=done)
    assert summary["already_labelled"] == 2 and summary["exported"] == 18


def test_an_id_edited_in_a_spreadsheet_is_named(tmp_path):
    """Review 151: `trO05` for `tr005` matched nothing, and tr005 went out again."""
    from classify.annotation import export_units

    pool = _pool(tmp_path)
    done = tmp_path / "done.csv"
    done.write_text("unit,stance\ntr011,favour\ntrO05,neutral\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"'trO05' \('tr005'\?\)"):
        summary = export_units(pool, tmp_path / "out", tasks=["stance"], exclude=done)
    assert summary["already_labelled"] == 1


def _export_without_warnings(tmp_path, labelled: str) -> dict:
    """Export the pool leaving out the units a CSV of ``labelled`` rows
    labels, with any warning an error; the export's summary."""
    import warnings

    from classify.annotation import export_units

    pool = _pool(tmp_path)
    done = tmp_path / "done.csv"
    done.write_text(f"unit,stance\n{labelled}", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return export_units(pool, tmp_path / "out", tasks=["stance"], exclude=done)


def test_ids_of_another_corpus_are_not_named(tmp_path):
    summary = _export_without_warnings(tmp_path, "xx001,favour\nxx002,neutral\n")
    assert summary["already_labelled"] == 0


def test_label_studio_problems_are_named_by_task_id(tmp_path, capsys):
    """Review 151: `item 1 annotation 0` was a 0-based position, not the id
    Label Studio shows."""
    pool = _pool(tmp_path, 3)
    done = {"result": [{"from_name": "stance", "to_name": "text", "type": "choices",
                        "value": {"choices": ["Pro-engagement"]}}]}  # fmt: skip
    tasks = [{"id": 7, "data": {"unit": "tr001", "text": "x"}, "annotations": [done]}]
    export = tmp_path / "ls.json"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    res = run_cli(capsys, "annotate", "import", export, "--out", tmp_path / "a.jsonl",
                  "--source", pool, "--task", "stance")  # fmt: skip
    assert res.code == 1
    assert "ls.json:task 7 annotation 1: label 'Pro-engagement'" in res.err


def test_audit_flip_zero_is_refused_as_the_readme_says(tmp_path, capsys):
    from corpus_fixtures import labelled_rows, write_jsonl

    data = write_jsonl(tmp_path / "gold.jsonl", labelled_rows())
    args = ["annotate", "audit", data, "--config", "configs/stance-tfidf.yaml", "--flip", "0"]
    res = run_cli(capsys, *args)
    assert res.code == 1
    assert "must be above 0" in res.err


def test_each_annotator_pair_has_its_own_cohens_kappa(tmp_path):
    """Review 151: with three annotators Cohen's kappa was `-` everywhere;
    each pair's table now carries the pair's kappa (scikit-learn's)."""
    from sklearn.metrics import cohen_kappa_score

    from classify import annotation

    labels = {
        "ann1": [
            "favour",
            "favour",
            "against",
            "neutral",
            "against",
            "favour",
            "neutral",
            "favour",
        ],
        "ann2": [
            "favour",
            "against",
            "against",
            "neutral",
            "against",
            "favour",
            "favour",
            "favour",
        ],
        "ann3": [
            "neutral",
            "favour",
            "against",
            "neutral",
            "favour",
            "favour",
            "neutral",
            "against",
        ],
    }
    files = []
    for who, values in labels.items():
        path = tmp_path / f"{who}.jsonl"
        path.write_text(
            "".join(
                json.dumps({"unit": f"u{i}", "text": f"Unit {i}.", "stance": v, "annotator": who})
                + "\n"
                for i, v in enumerate(values)
            ),
            encoding="utf-8",
        )
        files.append(path)
    r = annotation.agreement_report(files, tmp_path / "agr", tasks=["stance"], n_bootstrap=0)
    assert r["rows"][0].get("cohen_kappa") is None  # three annotators: no one table kappa
    pairs = {(c["a"], c["b"]): c for c in r["confusions"]}
    assert len(pairs) == 3
    for (a, b), c in pairs.items():
        assert c["units"] == 8
        assert c["cohen_kappa"] == pytest.approx(cohen_kappa_score(labels[a], labels[b]), abs=1e-6)
    report = (tmp_path / "agr" / "agreement.md").read_text(encoding="utf-8")
    k = pairs[("ann1", "ann2")]["cohen_kappa"]
    assert f"rows ann1, columns ann2 (8 units both labelled, Cohen's kappa {k:.3f})" in report


@pytest.mark.parametrize("titled", [True, False])
def test_label_studio_shows_a_title_header_only_where_units_have_titles(tmp_path, titled):
    """Review 151: table rows without titles showed an empty header."""
    from classify.annotation import export_units

    rows = [{"id": f"u{k}", "text": f"Talks on day {k} of the visit."} for k in range(3)]
    for r in rows if titled else ():
        r["title"] = "Envoys meet"
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    export_units(source, tmp_path / "ls", format="label-studio", tasks=["stance"])
    config = (tmp_path / "ls" / "config.xml").read_text(encoding="utf-8")
    assert ('<Header value="$title"/>' in config) is titled
    assert '<Text name="text" value="$text"/>' in config


def test_a_target_models_card_pairs_its_example_with_a_target(tmp_path, capsys):
    """Review 152: the card's example was a bare text, which warns that it
    names no target."""
    import warnings

    from test_stop49 import semeval_tsv_and_config

    import classify

    table, config = semeval_tsv_and_config(tmp_path)
    res = run_cli(capsys, "train", config, "--data", table, "--out", tmp_path / "m")
    assert res.code == 0, res.err
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    code = card.split("```python\n", 1)[1].split("```", 1)[0]
    assert 'pair_text("wind power", "A text to label.")' in code
    model_path = str(tmp_path / "m")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the card's own example runs without a warning
        exec(code.replace(code.split('load_model("', 1)[1].split('"')[0], model_path), {})
    assert classify.load_model(model_path).task.target_field == "Target"
    saved = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    # The data given to the call is what the record names (review 152).
    assert saved["config"]["data"]["path"] == str(table.resolve())


def test_a_datasetdicts_id_column_in_another_case_gives_the_ids(tmp_path):
    """Review 152: a DatasetDict with `ID` was read with positional ids
    (`test-0`), where a Dataset or DataFrame used the column."""
    from datasets import Dataset, DatasetDict

    from classify.memory import memory_articles
    from classify.tables import ReadOptions

    def part(ids):
        return Dataset.from_dict({"ID": ids, "Text": [f"Talks on {i}." for i in ids]})

    data = DatasetDict({"train": part(["b0", "b1"]), "test": part(["b2", "b3"])})
    assert [a.id for a, _ in memory_articles(data, ReadOptions(), ())] == ["b0", "b1", "b2", "b3"]
    bare = DatasetDict({"train": Dataset.from_dict({"text": ["Talks.", "More talks."]})})
    assert [a.id for a, _ in memory_articles(bare, ReadOptions(), ())] == ["train-0", "train-1"]


@pytest.mark.parametrize(
    ("line", "section"),
    [("By Anna Lee | A.P. | 4 March 2023", None),
     ("By Anna Lee | Reuters Staff | 4 March 2023", None)],
)  # fmt: skip
def test_an_agency_between_a_byline_and_its_date_is_no_section(tmp_path, line, section):
    """Check 150: `| A.P. |` and `| Reuters Staff |` were read as sections."""
    article = _story(tmp_path, f"{_HEADLINE}\n\n{line}\n\n{_BODY}\n")
    assert article.author == "Anna Lee" and article.date == "2023-03-04"
    assert article.section == section


@pytest.mark.parametrize(
    ("cell", "outlets"),
    [("(Archived from the original on 3 May 2010) (BBC)", ["BBC"]),
     ("(English translation)", []), ("(French)", []), ("(paywall)", []),
     ("(in Russian and English)", []), ("(March 2014)", []),
     ("(Russia Today (in Russian))", ["Russia Today"]),
     ("(Catalan News) (Archive.org)", ["Catalan News", "Archive.org"])],
)  # fmt: skip
def test_more_link_notes_are_no_outlets(cell, outlets):
    """Check 150: these notes were still outlets."""
    from classify.articles import split_outlets

    assert split_outlets(cell) == outlets


def test_a_caption_with_its_own_stop_gets_no_second_colon(tmp_path):
    html = (
        "<html><body><article><h1>Armenia and Azerbaijan resume border talks</h1>"
        f"{_STORY}<table><caption>Trade, bn EUR.</caption><tr><th>Year</th><th>Trade</th></tr>"
        "<tr><td>2022</td><td>4</td></tr></table></article></body></html>"
    )
    article = _page(tmp_path, "table.html", html)
    (table,) = [p for p in article.paragraphs if "Trade" in p and "2022" in p]
    assert table.startswith("Trade, bn EUR. | Year | Trade |")


def test_predict_on_its_one_empty_file_offers_no_skip(tmp_path, capsys, stance_model):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    res = run_cli(capsys, "predict", stance_model, tmp_path / "empty.jsonl", "--out",
                  tmp_path / "p.jsonl")  # fmt: skip
    assert res.code == 1 and "file is empty" in res.err and "--on-error" not in res.err


def test_a_label_error_names_its_column(tmp_path):
    """Review 148: a label's error named the task, not the column it is in."""
    from classify.data import load_examples
    from classify.errors import ClassifyError
    from classify.tasks import load_task, shipped_tasks

    path = tmp_path / "labels.csv"
    path.write_text("id,text,topics\nl10,Sanctions were widened.,sanction\n", encoding="utf-8")
    examples = load_examples(path)
    topic = load_task(shipped_tasks()["topic"])
    with pytest.raises(
        ClassifyError, match=r"line 2: unit 'l10', column 'topics': label 'sanction'"
    ):
        examples.check_labels([topic])


def test_rates_data_is_read_with_the_corpus_text_column_and_said_once(stance_model, tmp_path):
    """Review 154: `analyse(..., text_column="body", rates_data=...)` read the
    rates data by the model's column ("no 'text' column ... name the text
    column with text_column=NAME", which was given), and its training-overlap
    warning came twice."""
    import warnings

    import pandas as pd
    from corpus_fixtures import labelled_rows

    import classify

    frame = pd.DataFrame(
        [{"body": r["text"], "stance": r["stance"], "date": "2020-01-01"} for r in labelled_rows()]
    )
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        table = classify.analyse(
            stance_model, frame, text_column="body", by="all", rates_data=frame, n_bootstrap=0
        )
    assert table.attrs["rates_from"]["stance"]["method"] == "sample"
    overlap = [w for w in said if "error rates of 'stance' come from" in str(w.message)]
    assert len(overlap) == 1
    assert f"{len(frame)} of the {len(frame)} units the error rates" in str(overlap[0].message)


def test_tqdms_notebook_widget_advice_does_not_reach_the_user():
    """Review 154: the first build_dataset in a Jupyter kernel without
    ipywidgets printed tqdm's "IProgress not found" warning (datasets imports
    tqdm.auto); any other warning of tqdm's still shows."""
    import subprocess
    import sys

    code = (
        "import warnings, classify\n"
        "from tqdm import TqdmWarning\n"
        "warnings.warn_explicit('IProgress not found. Please update jupyter and ipywidgets.', "
        "TqdmWarning, 'auto.py', 1, module='tqdm.auto')\n"
        "warnings.warn_explicit('another tqdm warning', TqdmWarning, 'auto.py', 2, "
        "module='tqdm.auto')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "IProgress" not in run.stderr and "another tqdm warning" in run.stderr


@pytest.mark.parametrize(
    ("ids", "named"),
    [(["trO06", "tr0O8", "x99"], "'tr0O8' ('tr008'?"),  # check 153: x99 silenced it
     (["tr05"], "'tr05' ('tr005'?"),  # a zero dropped
     (["tr0007"], "'tr0007' ('tr007'?"),  # a zero added
     (["t0r05"], "'t0r05' ('tr005'?"),  # two swapped
     (["TR005"], "'TR005' ('tr005'?")],  # its case changed
)  # fmt: skip
def test_edited_ids_are_named_beside_unrelated_ones(tmp_path, ids, named):
    from classify.annotation import export_units

    pool = _pool(tmp_path)
    done = tmp_path / "done.csv"
    done.write_text("unit,stance\n" + "".join(f"{i},favour\n" for i in ids), encoding="utf-8")
    import re

    with pytest.warns(UserWarning, match=re.escape(named)):
        export_units(pool, tmp_path / "out", tasks=["stance"], exclude=done)


@pytest.mark.parametrize("ids", [["tr011", "tr021", "tr022"], ["tr011", "tr101"], ["tr0055"]])
def test_other_ids_of_a_numbered_series_are_no_edits(tmp_path, ids):
    """tr021 beside tr001 is the next batch's unit, not a typo."""
    summary = _export_without_warnings(tmp_path, "".join(f"{i},favour\n" for i in ids))
    in_pool = {f"tr{k:03d}" for k in range(1, 21)}
    assert summary["already_labelled"] == len(set(ids) & in_pool)


@pytest.mark.parametrize("note", ["(Spanish translation)", "(French translation)"])
def test_a_translation_note_is_no_outlet(note):
    from classify.articles import split_outlets

    assert split_outlets(f"{note} (Le Monde)") == ["Le Monde"]


def test_the_command_line_prints_the_empty_periods_note(stance_model, tmp_path, capsys):
    """Check 153: the note was in analysis.json and the report, not printed."""
    rows = [d for d in ["2019-01-05", "2019-02-03", "2019-05-09"] for _ in range(6)]
    preds = _stance_predictions(tmp_path / "p.csv", rows)
    res = run_cli(capsys, "analyse", stance_model, "--predictions", preds, "--by", "month",
                  "--bootstrap", "0", "--out", tmp_path / "an")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join((res.out + res.err).split())
    assert "2 months between the first and the last hold no unit (2019-03, 2019-04)" in said


@pytest.mark.parametrize(
    "note",
    ["(traducción al español)", "(traduction française)", "(Übersetzung)", "(machine translation)",
     "(translated from Russian)", "(English version)", "(Russian, English translation)"],
)  # fmt: skip
def test_translation_notes_in_other_forms_are_no_outlets(note):
    """Check 155."""
    from classify.articles import split_outlets

    assert split_outlets(f"(TASS) {note}") == ["TASS"]
    assert split_outlets("(Kommersant, machine translation)") == ["Kommersant"]
    assert split_outlets("(Translation Journal)") == ["Translation Journal"]


def test_the_command_line_warns_of_rates_data_the_model_was_trained_on(
    stance_model, tmp_path, capsys
):
    """Check 155: the CLI printed the other notes on --rates-from, not this one."""
    from corpus_fixtures import labelled_rows, write_jsonl

    rates = write_jsonl(tmp_path / "rates.jsonl", labelled_rows()[:24])
    res = run_cli(capsys, "analyse", stance_model, rates, "--rates-from", rates, "--by", "year",
                  "--bootstrap", "0", "--out", tmp_path / "an")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join(res.err.split())
    assert said.count("24 of the 24 units the error rates of 'stance' come from were in") == 1


@pytest.mark.parametrize(
    ("cell", "outlets"),
    [("(Translated Press)", ["Translated Press"]), ("(Traduction Magazine)", ["Traduction Magazine"]),
     ("(Übersetzung Verlag)", ["Übersetzung Verlag"]),
     ("(Kommersant, English translation)", ["Kommersant"]),
     ("(Interfax, translated from Russian)", ["Interfax"]),
     ("(RIA Novosti (machine translation))", ["RIA Novosti"]),
     ("(Le Monde) (traduit de l'anglais)", ["Le Monde"])],
)  # fmt: skip
def test_outlets_named_with_translation_words_stay(cell, outlets):
    """Check 156: `(Translated Press)` lost its item's only outlet, and a
    translation note after a comma stayed in the outlet's name."""
    from classify.articles import split_outlets

    assert split_outlets(cell) == outlets


def test_an_edited_id_beside_its_own_is_not_named(tmp_path):
    """Check 156: `RU006` beside `ru006` was named though the unit is left out."""
    summary = _export_without_warnings(tmp_path, "tr006,favour\nTR006,favour\n")
    assert summary["already_labelled"] == 1
