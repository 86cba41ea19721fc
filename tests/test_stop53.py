"""Stop 53: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json

import pytest

OWN = __import__("conftest").ROOT / "tests/fixtures/own"

_BODY = (
    "MINSK (Reuters) - Belarus has released 14 political prisoners, its state news agency said.\n\n"
    "The release follows a visit by a US envoy to Minsk last week."
)


def _story(tmp_path, text: str):
    from classify.articles import read_articles

    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    (article,) = read_articles(path)
    return article


def _read(tmp_path, header: str):
    return _story(
        tmp_path, f"Belarus frees prisoners as US envoy visits Minsk\n{header}\n\n{_BODY}\n"
    )


@pytest.mark.parametrize(
    "line", ["May 2-4, 2023", "1st and 2nd June 2023", "10 and 12 February 2024",
             "from 1 to 3 May 2023", "2024-08-31 to 2024-09-02", "May 30 - June 2, 2023"],
)  # fmt: skip
def test_a_date_line_that_is_a_range_leaves_the_article_undated_and_keeps_it(tmp_path, line):
    """A range under the headline was joined to the headline (check 117:
    undated, the line lost)."""
    article = _read(tmp_path, f"{line}\nBy Jane Doe")
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"
    assert article.date is None and article.meta["date_written"] == line
    assert article.author == "Jane Doe" and article.source == "Reuters"
    assert len(article.paragraphs) == 2


def test_a_sentence_holding_a_range_under_the_headline_is_no_date_line(tmp_path):
    article = _read(tmp_path, "Talks run May 2-4, 2023\nBy Jane Doe")
    assert "date_written" not in article.meta
    assert article.title.endswith("Talks run May 2-4, 2023")


@pytest.mark.parametrize(
    "cell", ["May 2, 2023 to May 4, 2023", "from May 2 to May 4, 2023", "30 May - 2 June 2023",
             "2 May 2023 - 4 May 2023", "May 2023 to June 2023", "2023-2024", "2023 to 2024"],
)  # fmt: skip
def test_ranges_of_written_dates_are_refused_as_ranges(cell):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "read"), [("Monday, May 1, 2023", "2023-05-01"), ("11 September 2025 10:00", "2025-09-11"),
                       ("May 2023", "2023-05"), ("2023-05-02T10:00:00-05:00", "2023-05-02")],
)  # fmt: skip
def test_single_dates_beside_the_range_rule_still_read(cell, read):
    from classify.dates import parse_date

    assert parse_date(cell) == read


@pytest.mark.parametrize(
    ("byline", "author"),
    [("By Reuters and Jane Doe", "Jane Doe"), ("By The Associated Press and Jane Doe", "Jane Doe"),
     ("By Reuters, Jane Doe and John Roe", "Jane Doe and John Roe"), ("Por EFE y Juan Pérez", "Juan Pérez"),
     ("By Reuters and AFP staff", None), ("By Jane Doe and Reuters staff", "Jane Doe")],
)  # fmt: skip
def test_an_agency_before_the_names_is_not_the_author(tmp_path, byline, author):
    article = _read(tmp_path, f"Sept. 3, 2024\n{byline}")
    assert article.author == author and article.date == "2024-09-03"


@pytest.mark.parametrize(
    ("line", "section"), [("Sept. 3, 2024 | U.S.", "U.S."), ("Sept. 3, 2024 | U.K. Politics", "U.K. Politics")]
)  # fmt: skip
def test_a_section_of_initials_after_the_date_is_a_section(tmp_path, line, section):
    article = _read(tmp_path, f"{line}\nBy Jane Doe")
    assert article.date == "2024-09-03" and article.section == section
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"


def test_a_sentence_after_the_date_bar_is_still_no_date_line(tmp_path):
    article = _read(tmp_path, "Sept. 3, 2024 | He said so.\nBy Jane Doe")
    assert article.date is None and article.section is None


@pytest.mark.parametrize("line", ["By Design", "By The Numbers"])
def test_a_subheading_after_by_above_a_dateline_is_no_author(tmp_path, line):
    """check 120: they became the authors 'Design' and 'The Numbers'."""
    article = _read(tmp_path, f"\n{line}")
    assert article.author is None and article.source == "Reuters"
    assert line in article.meta["header_lines"] and len(article.paragraphs) == 2


def test_an_empty_name_in_a_list_written_into_a_csv_cell_is_an_error(tmp_path, capsys):
    """A JSON list in JSONL with "" is an error; the same list in a CSV cell
    was read as the list without it (check 117)."""
    from cli_runner import run_cli

    path = tmp_path / "gold.csv"
    path.write_text('id,text,topics\n1,"The EU extended sanctions on Minsk.","[""sanctions"", """"]"\n'
                    '2,"Talks resumed in Minsk.","[""normalisation""]"\n', encoding="utf-8")  # fmt: skip
    res = run_cli(capsys, "dataset", "build", path, "--out", tmp_path / "ds")
    assert res.code != 0
    assert 'the label list ["sanctions", ""] holds a null or empty name' in res.err
    path.write_text('id,text,topics\n1,"The EU extended sanctions on Minsk.","[""sanctions""]"\n'
                    '2,"Talks resumed in Minsk.","[""normalisation""]"\n', encoding="utf-8")  # fmt: skip
    res = run_cli(capsys, "dataset", "build", path, "--out", tmp_path / "ds")
    assert res.code == 0, res.err


def test_a_paragraph_model_scored_on_whole_articles_is_warned(tmp_path, capsys):
    """A folder labelled by folder is read as whole articles; a model
    trained on its paragraphs was scored on them in silence (check 117)."""
    from cli_runner import run_cli

    res = run_cli(capsys, "dataset", "build", OWN / "news", "--task", OWN / "category.yaml",
                  "--label-from-folder", "category", "--unit", "paragraph", "--split", "random",
                  "--out", tmp_path / "ds")  # fmt: skip
    assert res.code == 0, res.err
    res = run_cli(capsys, "train", OWN / "category-tfidf.yaml", "--data", tmp_path / "ds",
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    res = run_cli(capsys, "evaluate", tmp_path / "m", OWN / "news", "--out", tmp_path / "e1")
    assert res.code == 0, res.err
    assert "trained on paragraphs; the data's articles are scored as articles" in res.err
    assert "--unit paragraph" in res.err
    res = run_cli(capsys, "evaluate", tmp_path / "m", OWN / "news", "--unit", "paragraph",
                  "--out", tmp_path / "e2")  # fmt: skip
    assert res.code == 0 and "trained on paragraphs" not in res.err
    by_article = json.loads((tmp_path / "e1/metrics.json").read_text(encoding="utf-8"))["n"]
    by_paragraph = json.loads((tmp_path / "e2/metrics.json").read_text(encoding="utf-8"))["n"]
    assert by_article == 12 < by_paragraph


@pytest.mark.parametrize("outlet", ["TRT World", "BBC World Service", "CNN International"])
def test_a_world_service_under_the_headline_is_the_source_not_the_author(tmp_path, outlet):
    """check 120: 'TRT World' and 'BBC World Service' became authors."""
    article = _read(tmp_path, f"{outlet}\nSept. 3, 2024")
    assert article.source == outlet and article.author is None
    assert article.date == "2024-09-03"


def test_hello_world_under_the_headline_is_no_outlet(tmp_path):
    article = _read(tmp_path, "Hello World\nSept. 3, 2024")
    assert article.source != "Hello World"


@pytest.mark.parametrize("agency", ["BBC World Service", "NHK World"])
def test_a_world_service_in_a_dateline_is_its_source(tmp_path, agency):
    article = _story(
        tmp_path, f"Belarus frees prisoners\n\nLONDON ({agency}) - Officials met.\n\nMore.\n"
    )
    assert article.source == agency and article.paragraphs[0] == "Officials met."
