"""Stop 52: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import pytest

_BODY = (
    "Belarus has released 14 political prisoners, its state news agency said.\n\n"
    "The release follows a visit by a US envoy to Minsk last week."
)


@pytest.mark.parametrize(
    ("line", "section"),
    [("2 hours ago | World", "World"), ("Europe | Updated 5 mins ago | 3 min read", "Europe"),
     ("Politics | Yesterday, 10:42", "Politics")],
)  # fmt: skip
def test_a_section_beside_a_relative_stamp_is_the_section_not_a_caption(tmp_path, line, section):
    from classify.articles import read_articles

    path = tmp_path / "page.txt"
    path.write_text(
        f"Belarus frees prisoners as US envoy visits Minsk\n\n{line}\n\nBy Jane Doe\n\n{_BODY}",
        encoding="utf-8",
    )
    (article,) = read_articles(path)
    assert article.section == section and article.date is None
    assert article.caption is None and article.meta["date_written"] == line
    assert article.author == "Jane Doe" and len(article.paragraphs) == 2


@pytest.mark.parametrize("outlet", ["The Guardian", "Financial Times", "BBC News"])
@pytest.mark.parametrize(
    ("then", "date"),
    [("Sept. 11, 2025\nBy Jane Doe", "2025-09-11"), ("11 September 2025", "2025-09-11"),
     ("3 hours ago\nBy Jane Doe", None), ("By Jane Doe", None)],
)  # fmt: skip
def test_an_outlet_between_the_headline_and_its_date_or_byline_is_the_source(
    tmp_path, outlet, then, date
):
    """One block of headline, outlet and date line or byline: the outlet is
    neither the author nor the headline's last words."""
    from classify.articles import read_articles

    path = tmp_path / "page.txt"
    path.write_text(f"Belarus frees prisoners as US envoy visits Minsk\n{outlet}\n{then}\n\n{_BODY}",
                    encoding="utf-8")  # fmt: skip
    (article,) = read_articles(path)
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"
    assert article.source == outlet and article.date == date
    assert article.author == ("Jane Doe" if "By " in then else None)
    assert len(article.paragraphs) == 2


def _stance_model(tmp_path):
    from test_active import synthetic_rows, write_jsonl

    import classify

    from conftest import ROOT

    rows = synthetic_rows(60, seed=3)
    return classify.train(ROOT / "configs/stance-tfidf.yaml", save=False,
                          data=write_jsonl(tmp_path / "d.jsonl", rows),
                          overrides={"data.split.method": "random"}).model  # fmt: skip


def test_pandas_na_and_nat_are_missing_texts_not_a_type(tmp_path):
    import pandas as pd

    import classify
    from classify.errors import ClassifyError

    model = _stance_model(tmp_path)
    for missing in (pd.NA, pd.NaT):
        with pytest.raises(ClassifyError, match=r"item 1 is missing \(None, NaN or NA\)"):
            model.predict(["Talks resumed in Geneva today.", missing])
    texts = pd.Series(["Talks resumed in Geneva today.", pd.NA], dtype="string")
    got = classify.predict(model, pd.DataFrame({"text": texts}),
                           options=classify.ReadOptions(on_error="skip"))  # fmt: skip
    assert got.iloc[0] == model.predict("Talks resumed in Geneva today.") and pd.isna(got.iloc[1])


OWN = __import__("conftest").ROOT / "tests/fixtures/own"


def test_a_missing_test_file_in_a_config_is_file_not_found_not_a_table_of_its_name(
    tmp_path, capsys
):
    """A suffixless path (a folder's name) must not be read as one text (review 115)."""
    from cli_runner import run_cli

    config = tmp_path / "c.yaml"
    text = (OWN / "stance/tfidf.yaml").read_text(encoding="utf-8")
    config.write_text(text.replace("path: train.csv", f"path: {OWN / 'stance/train.csv'}")
                      .replace("task: task.yaml", f"task: {OWN / 'stance/task.yaml'}")
                      .replace("test: test.csv", "test: tset"), encoding="utf-8")  # fmt: skip
    res = run_cli(capsys, "train", config, "--out", tmp_path / "m")
    assert res.code == 1
    assert f"key 'data.test': file not found ({tmp_path / 'tset'}; relative paths" in res.err
    res = run_cli(capsys, "train", config, "--set", f"data.test={tmp_path / 'nosuch'}",
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 1 and f"key 'data.test': file not found ({tmp_path / 'nosuch'})" in res.err


def test_the_run_records_the_test_file_given_and_heads_its_table_with_the_primary_metric(
    tmp_path, capsys
):
    import json

    from cli_runner import run_cli

    test = tmp_path / "other.csv"
    test.write_bytes((OWN / "stance/test.csv").read_bytes())
    res = run_cli(capsys, "train", OWN / "stance/tfidf.yaml", "--test", test,
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    info = json.loads((tmp_path / "m/model.json").read_text(encoding="utf-8"))
    assert info["config"]["data"]["test"] == str(test.resolve())
    assert str(test) in info["training"]["test"]
    figures = [line.split()[0] for line in res.out.splitlines() if line.startswith(" ")]
    assert figures.index("f_avg") < figures.index("macro_f1")  # the task's primary metric
    card = (tmp_path / "m/README.md").read_text(encoding="utf-8")
    assert "given per text, in the data's `target` column (any case)" in card


def test_a_dataset_built_with_folder_labels_keeps_them_for_the_models_evaluation(tmp_path, capsys):
    """dataset.json records --label-from-folder; a model trained on the
    dataset keeps it, and evaluate on the folder reads the labels (review 115)."""
    import json

    from cli_runner import run_cli

    res = run_cli(capsys, "dataset", "build", OWN / "news", "--task", OWN / "category.yaml",
                  "--label-from-folder", "category", "--split", "random",
                  "--out", tmp_path / "ds")  # fmt: skip
    assert res.code == 0, res.err
    built = json.loads((tmp_path / "ds/dataset.json").read_text(encoding="utf-8"))
    assert built["read"]["label_from_folder"] == "category"
    res = run_cli(capsys, "train", OWN / "category-tfidf.yaml", "--data", tmp_path / "ds",
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    info = json.loads((tmp_path / "m/model.json").read_text(encoding="utf-8"))
    assert info["config"]["data"]["label_from_folder"] == "category"
    assert info["training"]["layouts"] == built["layouts"] == {"plain": 12}
    res = run_cli(capsys, "evaluate", tmp_path / "m", OWN / "news", "--out", tmp_path / "ev")
    assert res.code == 0, res.err
    metrics = json.loads((tmp_path / "ev/metrics.json").read_text(encoding="utf-8"))
    assert metrics["n"] == 12


def test_a_split_column_is_said_to_be_there_and_not_applied(tmp_path, capsys):
    from cli_runner import run_cli
    from test_active import synthetic_rows, write_jsonl

    from conftest import ROOT

    rows = [{**r, "split": "test" if i % 4 == 0 else "Train"}
            for i, r in enumerate(synthetic_rows(40, seed=1))]  # fmt: skip
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    res = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                  "--set", "data.split.method=random", "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    # Stop 54: the message names train's way to apply it (--set).
    said = " ".join(res.err.split())
    assert (
        "the data has a 'split' column (test 10, train 30) that this split does not apply" in said
    )
    assert "--set data.split.method=column" in said
    rows[0]["split"] = "fold3"  # not a published part's name: just a column
    write_jsonl(data, rows)
    res = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                  "--set", "data.split.method=random", "--out", tmp_path / "m2")  # fmt: skip
    assert res.code == 0 and "'split' column" not in res.err


def _wire(tmp_path, byline: str, first: str = "MINSK (Reuters) - Belarus freed 14 prisoners."):
    from classify.articles import read_articles

    path = tmp_path / "wire.txt"
    path.write_text(f"Belarus frees prisoners ahead of US talks\n\nSept. 3, 2024\n\n{byline}\n\n"
                    f"{first}\n\nThe move came ahead of talks with a US envoy.\n",
                    encoding="utf-8")  # fmt: skip
    (article,) = read_articles(path)
    return article


@pytest.mark.parametrize(
    ("byline", "author"),
    [("By Valérie d'Estaing", "Valérie d'Estaing"), ("By Marco dall'Orto", "Marco dall'Orto"),
     ("By Amina bint Rashid", "Amina bint Rashid"),
     ("By Ирина Козлова и Павел Орлов", "Ирина Козлова и Павел Орлов"),
     ("By 이지은", "이지은"), ("By Chen Jing 陈静", "Chen Jing 陈静"),
     ("By Tom Berg and the Associated Press", "Tom Berg"),
     ("By Tom Berg, Reuters Staff", "Tom Berg"),
     ("By the staff of the Vilnius bureau", "the staff of the Vilnius bureau")],
)  # fmt: skip
def test_bylines_of_other_names_and_scripts_are_bylines_and_free_the_dateline(
    tmp_path, byline, author
):
    """An unrecognised "By ..." line was a unit and kept the dateline under
    it in the text (review 116)."""
    article = _wire(tmp_path, byline)
    assert article.author == author
    assert article.dateline == "MINSK" and article.source == "Reuters"
    assert article.paragraphs[0] == "Belarus freed 14 prisoners."


@pytest.mark.parametrize("lead", ["By the end of the week talks resumed", "By the way"])
def test_a_sentence_after_by_is_still_body(tmp_path, lead):
    article = _wire(tmp_path, lead)
    assert article.author is None and article.paragraphs[0] == lead


@pytest.mark.parametrize(
    ("first", "dateline"),
    [("TARIFFS — The EU said it would act.", None), ("TALKS STALL — Officials said so.", None),
     ("CORRECTED — Officials said so.", None), ("VILNIUS — Officials said so.", "VILNIUS"),
     ("BERLIN/PARIS — Officials said so.", "BERLIN/PARIS"), ("МИНСК — Officials said so.", "МИНСК"),
     ("TALLINN, Estonia — Officials said so.", "TALLINN, Estonia")],
)  # fmt: skip
def test_a_kicker_in_capitals_is_no_dateline_a_known_place_is(tmp_path, first, dateline):
    from classify.articles import read_articles

    path = tmp_path / "k.txt"
    path.write_text(f"Talks stall again\n\nSept. 3, 2024\n\n{first}\n\nMore follows.\n", "utf-8")
    (article,) = read_articles(path)
    assert article.dateline == dateline
    assert article.paragraphs[0] == (first if dateline is None else first.split("— ", 1)[1])


@pytest.mark.parametrize(
    "written", ["2023-03-30 to 2023-04-02", "2023-03-30/2023-04-02", "2023-03-30, 2023-04-02"]
)
def test_a_range_or_list_of_dates_is_refused_not_read_as_its_first(written):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(written)


@pytest.mark.parametrize("written", ["97", "41", "19", 88, 7.0])
def test_a_number_of_two_digits_is_no_date(written):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a year of two digits"):
        parse_date(written)


@pytest.mark.parametrize(
    ("line", "section"),
    [("Oct. 7, 2023 | Europe", "Europe"), ("7 October 2023 | Middle East", "Middle East")],
)
def test_a_date_line_with_its_section_after_the_date_dates_the_article(tmp_path, line, section):
    from classify.articles import read_articles

    path = tmp_path / "d.txt"
    path.write_text(f"Talks stall again\n\n{line}\n\nMINSK (BelTA) - Officials said so.\n", "utf-8")
    (article,) = read_articles(path)
    assert article.date == "2023-10-07" and article.section == section


def test_wire_boilerplate_at_the_end_of_a_plain_article_is_no_unit(tmp_path):
    from classify.articles import read_articles

    path = tmp_path / "p.txt"
    path.write_text(
        "Belarus frees prisoners\n\nBelarus freed 14 prisoners on Tuesday.\n\n"
        "Copyright protects the text of treaties, an official noted.\n\n"
        "Our Standards: The Thomson Reuters Trust Principles.\n\n"
        "Copyright 2023 The Associated Press. This material may not be published, broadcast, "
        "rewritten or redistributed without permission.\n",
        encoding="utf-8",
    )
    (article,) = read_articles(path)
    assert article.meta["layout"] == "plain" and article.meta["dropped_paragraphs"] == 2
    assert article.paragraphs == ["Belarus freed 14 prisoners on Tuesday.",
                                  "Copyright protects the text of treaties, an official noted."]  # fmt: skip


def test_a_reporters_contact_trailer_is_not_part_of_the_credits(tmp_path):
    from classify.articles import read_articles

    path = tmp_path / "c.txt"
    path.write_text(
        "Talks stall\n\nSept. 3, 2024\n\nMINSK (Reuters) - Officials said so.\n\n"
        "(Reporting by Tom Berg; Editing by Ana Lima) ((tom.berg@example.com; +370 5 123))\n",
        encoding="utf-8",
    )
    (article,) = read_articles(path)
    assert article.credits == "Reporting by Tom Berg; Editing by Ana Lima"
    assert article.meta["contact"] == "tom.berg@example.com; +370 5 123"
    assert article.paragraphs == ["Officials said so."]


def test_json_values_are_named_as_json_writes_them(tmp_path, capsys):
    import json

    from cli_runner import run_cli

    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"id": False, "text": "Talks.", "stance": "favour"}) + "\n", "utf-8")
    res = run_cli(capsys, "dataset", "build", data, "--out", tmp_path / "o")
    assert res.code == 1 and "id false is not a string or number" in res.err
    for bad in ([None], ["sanctions", ""]):
        data.write_text(json.dumps({"id": "a", "text": "Talks.", "topics": bad}) + "\n", "utf-8")
        res = run_cli(capsys, "dataset", "build", data, "--task", "topic", "--out", tmp_path / "o")
        assert (
            res.code == 1 and f"the label list {json.dumps(bad)} holds a null or empty" in res.err
        )


def test_a_row_skipped_while_a_dataset_is_built_is_not_said_to_stay_for_other_tasks(
    tmp_path, capsys
):
    import json

    from cli_runner import run_cli

    rows = [{"id": "a", "text": "Talks resumed.", "stance": "perhaps"},
            {"id": "b", "text": "Sanctions widened.", "stance": "against"}]  # fmt: skip
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = run_cli(capsys, "dataset", "build", data, "--task", "stance", "--split", "none",
                  "--on-error", "skip", "--out", tmp_path / "o")  # fmt: skip
    assert res.code == 0, res.err
    assert "label 'perhaps' is not in task 'stance'" in res.out + res.err
    assert " only)" not in res.out + res.err


@pytest.fixture(scope="module")
def stance_tfidf(tmp_path_factory):
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    root = tmp_path_factory.mktemp("s52")
    return train_tfidf("stance", write_jsonl(root / "train.jsonl", labelled_rows()), root / "m")


def test_a_roundup_reprinting_leads_is_one_article_in_the_bootstrap():
    """Its units went to the first occurrence of each text: 30 'articles'
    and a narrow interval for one roundup (review 118)."""
    import pandas as pd

    from classify.api import _stories

    leads = [f"Story {k} lead: " + " ".join(f"w{k}x{i}" for i in range(12)) for k in range(6)]
    rest = [f"Story {k} more: " + " ".join(f"v{k}y{i}" for i in range(12)) for k in range(6)]
    frame = pd.DataFrame(
        {
            "article_id": [f"S{k}" for k in range(6) for _ in (0, 1)] + ["Z"] * 6,
            "text": [t for k in range(6) for t in (leads[k], rest[k])] + leads,
        }
    )
    clusters = list(_stories(frame))
    assert len(set(clusters[12:])) == 1  # the roundup: one article
    assert len(set(clusters[:12])) == 6  # each story its own


def test_pooled_articles_are_compared_by_their_units_length_and_rows_are_not_pooled(
    stance_tfidf, tmp_path
):
    import warnings

    from corpus_fixtures import labelled_rows, write_jsonl

    import classify

    rows = labelled_rows()
    # Articles of four units each, as long as the training units one by one.
    arts = tmp_path / "arts"
    arts.mkdir()
    for k in range(0, 48, 4):
        body = "\n\n".join(r["text"] for r in rows[k : k + 4])
        (arts / f"a{k}.txt").write_text(f"Talks and sanctions\n\n{body}\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = classify.analyse(stance_tfidf, arts, by="all", level="article", n_bootstrap=0)
    assert not [w for w in caught if "units are longer" in str(w.message)]
    assert table.attrs["pooled"]
    # Table rows at article level are as given: nothing was pooled.
    flat = write_jsonl(tmp_path / "rows.jsonl", rows)
    table = classify.analyse(stance_tfidf, flat, by="all", level="article", n_bootstrap=0)
    assert not table.attrs.get("pooled")


def test_an_interrupt_while_the_chunks_are_joined_says_they_are_kept(
    stance_tfidf, tmp_path, monkeypatch
):
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api
    from classify.engines.local import ChunkStore

    corpus = write_jsonl(tmp_path / "c.jsonl", labelled_rows())
    real = ChunkStore.finish

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ChunkStore, "finish", interrupted)
    out = tmp_path / "p.parquet"
    with pytest.raises(api.Interrupted, match=r"while joining the chunks; all \d+ complete"):
        api.predict(stance_tfidf, corpus, out=out, chunk_size=10)
    monkeypatch.setattr(ChunkStore, "finish", real)
    run = api.predict(stance_tfidf, corpus, out=out, chunk_size=10, resume=True)
    assert run.reused_chunks >= 1 and out.is_file()


@pytest.mark.parametrize(
    ("first", "dateline", "source"),
    [("LONDON (BBC) - Talks resumed.", "LONDON", "BBC"),
     ("DOHA (Al Jazeera) - Talks resumed.", "DOHA", "Al Jazeera"),
     ("HODEIDAH — Talks resumed.", "HODEIDAH", None), ("DEIR AL-BALAH — Talks resumed.", "DEIR AL-BALAH", None),
     ("TARIFFS — Talks resumed.", None, None), ("NEGOTIATIONS — Talks resumed.", None, None)],
)  # fmt: skip
def test_broadcasters_datelines_and_places_the_gazetteer_lacks(first, dateline, source):
    from classify.articles import match_dateline

    found = match_dateline(first)
    assert (found[0], found[1]) == (dateline, source) if dateline else found is None


@pytest.mark.parametrize("outlet", ["Al Jazeera", "Deutsche Welle", "France 24"])
@pytest.mark.parametrize("then", ["4 March 2024", "By Jane Doe"])
def test_a_broadcaster_under_the_headline_is_the_source_not_the_author(tmp_path, outlet, then):
    from classify.articles import read_articles

    path = tmp_path / "b.txt"
    path.write_text(
        f"Ministers meet to discuss new trade routes\n{outlet}\n{then}\n\n{_BODY}", "utf-8"
    )
    (article,) = read_articles(path)
    assert article.source == outlet and article.title.endswith("routes")
    assert article.author == ("Jane Doe" if "By" in then else None)


def test_a_name_shaped_line_above_a_date_line_and_byline_stays_in_the_headline(tmp_path):
    from classify.articles import read_articles

    path = tmp_path / "t.txt"
    path.write_text("Belarus And The US Restore Ties\nAmid Difficult Times\nMarch 4, 2024\n"
                    f"By Jane Doe\n\n{_BODY}", encoding="utf-8")  # fmt: skip
    (article,) = read_articles(path)
    assert article.title == "Belarus And The US Restore Ties Amid Difficult Times"
    assert article.author == "Jane Doe" and article.date == "2024-03-04"


@pytest.mark.parametrize("line", ["By Sea and Air", "By Reuters and AP", "By 2030年までに計画だ。"])
def test_a_by_line_naming_no_author_above_a_dateline_names_no_author(tmp_path, line):
    article = _wire(tmp_path, line)
    assert article.author is None


def test_a_section_of_several_words_after_the_date():
    from classify.articles import _date_line

    line = "4 March 2024 | Middle East & Africa"
    assert _date_line(line, None, "day-first") == ("Middle East & Africa", "2024-03-04")


# (An agency after the date is the article's source, never its section:
# test_stop60.py.)


@pytest.mark.parametrize(
    ("value", "shown"),
    [([True], "true"), ([["sanctions"]], '["sanctions"]'), ({"x": 1}, '{"x": 1}')],
)
def test_labels_that_are_no_names_are_spelt_as_json(value, shown):
    from classify.tasks import load_task

    from conftest import ROOT

    topic = load_task(ROOT / "classify/task_files/topic.yaml")
    assert topic.check(value).startswith(f"the label {shown} is not a label name")


@pytest.mark.parametrize(
    "cell", ["2023-05-01 (updated 2023-05-03)", "Published 2023-05-01 Updated 2023-05-03"]
)
def test_a_date_with_an_update_stamp_is_its_first_date_not_a_range(cell):
    from classify.dates import parse_date

    assert parse_date(cell) == "2023-05-01"


@pytest.mark.parametrize("cell", ["May 2-4, 2023", "1-3 May 2023", "March 4–6, 2024"])
def test_days_written_as_a_range_are_refused_not_read_as_a_year(cell):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


def _sheet(path, rows, header="unit,level,article_id,title,date,source,text,stance,topics"):
    path.write_text(header + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _rows(n: int, date: str = "3/6/2023", topics: str = "sanctions"):
    return [[f"a{i}:p1", "paragraph", f"a{i}", "Talks", date, "Reuters",
             f"Officials met again on day {i} to discuss the treaty.", "favour", topics]
            for i in range(n)]  # fmt: skip


def test_a_resaved_sheet_with_slashed_dates_says_they_were_read_day_first(tmp_path, capsys):
    """Every date read both ways: nothing stopped it and 3/6/2023 became
    3 June silently (review 119)."""
    from cli_runner import run_cli

    sheet = _sheet(tmp_path / "s.csv", _rows(3))
    res = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "a", "--out", tmp_path / "o.jsonl"
    )
    assert res.code == 0, res.err
    assert (
        "3 dates written with slashes, each readable either way, were read day first (first: '3/6/2023' as 2023-06-03"
        in res.err
    )
    assert "--date-order month-first" in res.err
    res = run_cli(capsys, "annotate", "import", sheet, "--annotator", "a", "--out",
                  tmp_path / "o2.jsonl", "--date-order", "month-first")  # fmt: skip
    assert res.code == 0 and "written with slashes" not in res.err
    assert '"date": "2023-03-06"' in (tmp_path / "o2.jsonl").read_text(encoding="utf-8")


def test_a_sheet_whose_topics_are_all_blank_is_warned_at_import(tmp_path, capsys):
    from cli_runner import run_cli

    sheet = _sheet(tmp_path / "s.csv", _rows(12, date="2023-03-06", topics=""))
    res = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "a", "--out", tmp_path / "o.jsonl"
    )
    assert res.code == 0 and "every one of its 12 units has no 'topics'" in res.err
    sheet = _sheet(tmp_path / "t.csv", _rows(12, date="2023-03-06"))
    res = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "a", "--out", tmp_path / "p.jsonl"
    )
    assert res.code == 0 and "has no 'topics'" not in res.err


def test_export_columns_in_another_case_are_not_called_unkept(tmp_path, capsys):
    from cli_runner import run_cli

    header = "unit,level,Article_id,Title,date,source,text,stance,topics"
    sheet = _sheet(tmp_path / "s.csv", _rows(3, date="2023-03-06"), header=header)
    res = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "a", "--out", tmp_path / "o.jsonl"
    )
    assert res.code == 0 and "not kept" not in res.err


@pytest.mark.parametrize("share", ["0.9", "0.51", "-0.1"])
def test_flipping_more_than_half_the_labels_is_refused(tmp_path, capsys, share):
    from cli_runner import run_cli
    from test_active import synthetic_rows, write_jsonl

    from conftest import ROOT

    data = write_jsonl(tmp_path / "d.jsonl", synthetic_rows(40, seed=2))
    res = run_cli(capsys, "annotate", "audit", data, "--config", ROOT / "configs/stance-tfidf.yaml",
                  "--flip", share)  # fmt: skip
    assert res.code == 1 and "must be above 0 and at most 0.5" in res.err


def test_three_annotators_percent_agreement_is_said_to_be_pairwise():
    from classify.annotation_report import agreement_doc

    result = {"annotators": ["a", "b", "c"], "units": 10, "bootstrap": 0, "rows": [],
              "confusions": []}  # fmt: skip
    assert "percent agreement is pairwise" in agreement_doc(result, []).markdown()
    two = {**result, "annotators": ["a", "b"]}
    assert "pairwise" not in agreement_doc(two, []).markdown()


@pytest.mark.parametrize(
    ("cell", "read"),
    [("Published on 2024-02-10, updated on 2024-02-12", "2024-02-10"),
     ("Posted on 2024-02-10", "2024-02-10"), ("Updated 2024-02-12 Published 2024-02-10", "2024-02-10")],
)  # fmt: skip
def test_an_iso_date_among_words_is_read_as_written(cell, read):
    """dateutil read "on 2024-02-10" day first: 2024-10-02 (check 120)."""
    from classify.dates import parse_date

    assert parse_date(cell) == read


@pytest.mark.parametrize(
    "cell",
    ["10 and 12 February 2024", "Feb 10 and 12, 2024", "2/3 May 2023", "2024-02-10--2024-02-12"],
)
def test_lists_of_days_are_refused_not_read_as_a_year(cell):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


@pytest.mark.parametrize("line", ["By Reuters and AP", "By Sea and Air"])
def test_a_by_line_naming_no_one_above_a_dateline_keeps_the_dateline(tmp_path, line):
    article = _wire(tmp_path, line)
    assert article.author is None and article.dateline == "MINSK"
    assert article.paragraphs[0] == "Belarus freed 14 prisoners."


@pytest.mark.parametrize("word", ["REFORMS", "MISSILES", "BREXIT", "HUMAN RIGHTS"])
def test_more_kicker_words_are_no_datelines(word):
    from classify.articles import match_dateline

    assert match_dateline(f"{word} — The ministers met on Tuesday.") is None


@pytest.mark.parametrize(
    "cell", ["1st and 2nd June 2023", "Feb 10th and 12th, 2024", "10th/11th Feb 2024"]
)
def test_ordinal_lists_of_days_are_refused(cell):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


@pytest.mark.parametrize(
    ("dates", "warned"),
    [(["3/6/2023 0:00", "4/7/2023 12:00:00 AM"], True), (["3/6/2023", "25/3/2023"], False),
     (["5/5/2023", "6/6/2023"], False)],
)  # fmt: skip
def test_the_slashed_date_warning_only_where_the_order_cannot_be_seen(
    tmp_path, capsys, dates, warned
):
    from cli_runner import run_cli

    rows = [[*r[:4], d, *r[5:]] for r, d in zip(_rows(len(dates)), dates, strict=True)]
    sheet = _sheet(tmp_path / "s.csv", rows)
    res = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "a", "--out", tmp_path / "o.jsonl"
    )
    assert res.code == 0, res.err
    assert ("written with slashes" in res.err) == warned
