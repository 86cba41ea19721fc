"""The article reader: every metadata field of the seed article, the other
input formats, and one-line errors for bad files."""

from __future__ import annotations

import json

import pytest

from classify import read_articles
from classify.articles import parse_article, parse_credits
from classify.errors import ClassifyError

from conftest import SEEDS

SEED_ID = "000_87e967da3ce2b364"


@pytest.fixture(scope="module")
def seed():
    (article,) = read_articles(SEEDS)
    return article


def test_seed_metadata_is_parsed_exactly(seed):
    assert seed.id == SEED_ID
    assert seed.title == (
        "Trump envoy tells Belarus: We want to reopen our embassy in Minsk soon and normalise ties"
    )
    assert seed.section == "News"
    assert seed.date == "2025-09-11"
    assert seed.author == "Andrew Osborn"
    assert seed.source == "Reuters"
    assert seed.dateline is None
    assert seed.caption == (
        "Belarusian President Alexander Lukashenko meets with John Coale, a representative "
        "of U.S. President Donald Trump, in Minsk"
    )
    assert seed.credits == (
        "Reporting by ReutersWriting by Andrew Osborn in LondonEditing by Guy Faulconbridge"
    )
    assert seed.credit_roles == {
        "reporting": "Reuters",
        "writing": "Andrew Osborn in London",
        "editing": "Guy Faulconbridge",
    }


def test_seed_body_excludes_caption_credits_and_dateline(seed):
    assert len(seed.paragraphs) == 10
    assert seed.paragraphs[0].startswith("President Donald Trump wants to reopen")
    assert seed.paragraphs[-1].endswith("emphasise their commonality,” said Coale.")
    body = seed.body
    assert "(Reuters)" not in body
    assert "Reporting by" not in body
    assert "meets with John Coale" not in body


def test_dateline_with_place_and_no_byline():
    text = (
        "Headline here\n\nWorld | March 3, 2024\n\n"
        "MINSK (Reuters) - The embassy reopened.\n\nA second paragraph.\n\n"
        "(Reporting by Jane Doe; Editing by John Roe)\n"
    )
    a = parse_article(text, id="x")
    assert (a.section, a.date, a.author, a.caption) == ("World", "2024-03-03", None, None)
    assert (a.source, a.dateline) == ("Reuters", "MINSK")
    assert a.paragraphs == ["The embassy reopened.", "A second paragraph."]
    assert a.credit_roles == {"reporting": "Jane Doe", "editing": "John Roe"}


def test_headline_and_body_only():
    a = parse_article("Just a title\n\nOne paragraph of text.\n", id="y")
    assert a.title == "Just a title"
    assert a.paragraphs == ["One paragraph of text."]
    assert a.date is a.section is a.source is a.credits is None


def test_a_file_of_one_line_is_a_brief_not_a_headline_without_body(tmp_path):
    # One news item a file, one sentence each: the line is the text (review 31b).
    for text in ("Putin meets Xi in Beijing for talks on trade.\n", "Talks resume\n"):
        a = parse_article(text, id="b")
        assert a.title is None and a.paragraphs == [text.strip()]
        assert a.meta["no_headline"]
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin meets Xi in Beijing for talks on trade.\n")
    (folder / "b.txt").write_text("Brussels extends sanctions\n\nThe EU extended them.\n")
    units = {a.id: a.paragraphs for a in read_articles(folder)}
    assert units == {
        "a": ["Putin meets Xi in Beijing for talks on trade."],
        "b": ["The EU extended them."],
    }
    # A headline with a date line and nothing else is still no article.
    with pytest.raises(ClassifyError, match="headline but no body"):
        parse_article("Brussels extends sanctions\n\nWorld | March 3, 2024\n", id="c")


def test_parse_credits_with_separators():
    assert parse_credits("Additional reporting by A; Editing by B") == {
        "additional_reporting": "A",
        "editing": "B",
    }


def test_jsonl_and_csv_rows(tmp_path):
    jl = tmp_path / "items.jsonl"
    jl.write_text(
        json.dumps(
            {
                "id": "a1",
                "text": "First item.",
                "date": "2020-05-01",
                "topics": ["sanctions"],
                "stance": "against",
            }
        )
        + "\n\n"
        + json.dumps({"text": "Second item.\n\nWith two paragraphs.", "title": "T"})
        + "\n",
        encoding="utf-8",
    )
    a, b = read_articles(jl)
    assert (a.id, a.date, a.labels) == (
        "a1",
        "2020-05-01",
        {"topics": ["sanctions"], "stance": "against"},
    )
    assert (
        b.id == "items-3"
        and b.title == "T"
        and b.paragraphs == ["Second item.", "With two paragraphs."]
    )
    csv_path = tmp_path / "items.csv"
    csv_path.write_text("id,text,stance\nc1,Some text,neutral\n", encoding="utf-8")
    (c,) = read_articles(csv_path)
    assert (c.id, c.paragraphs, c.labels) == ("c1", ["Some text"], {"stance": "neutral"})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.jsonl", b"\n  \n", "file is empty"),
        ("latin1.txt", "Caf\xe9 au lait".encode("latin-1"), "not UTF-8 text"),
        ("binary.txt", b"abc\x00def", "not a text file"),
        ("bad.jsonl", b'{"text": "ok"}\n{"text": oops}\n', "line 2: not valid JSON"),
        ("notext.jsonl", b'{"id": "a"}\n', "line 1: row has no column 'text'"),
        ("nocol.csv", b"id,body\n1,x\n", "no 'text' column; header found: id, body"),
        ("data.xml", b"<a/>", "unsupported file type"),
        ("dump.jsonl.gz", b"\x1f\x8b", "decompress it first and give the .jsonl inside"),
        ("crawl.ndjson", b"{}", ".ndjson is JSON lines: rename it to .jsonl"),
        ("array.json", b"[]", "a .json array of objects: write one object per line"),
        ("sheet.xlsx", b"PK", "save the sheet as .csv"),
        ("header.csv", b"id,text\n", "no rows below the header"),
        ("nul.csv", b"id,text\n1,a\x00b\n", "line 2: column 'text' holds NUL bytes"),
    ],
)
def test_bad_files_give_one_line_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ClassifyError) as err:
        read_articles(path)
    text = str(err.value)
    assert message in text and str(path) in text and "\n" not in text


def test_missing_file_and_duplicate_ids(tmp_path):
    with pytest.raises(ClassifyError, match="file not found"):
        read_articles(tmp_path / "nope.txt")
    with pytest.raises(ClassifyError, match="duplicate id"):
        read_articles(SEEDS, SEEDS / f"{SEED_ID}.txt")


def test_a_date_line_under_the_byline_is_the_date():
    # As web copies of wire stories lay it out: headline, byline, date line.
    text = (
        "Belarus frees prisoners\n\nBy Jane Doe\n\n"
        "September 11, 2025 1:05 PM GMT+2 Updated 2 hours ago\n\n"
        "MINSK, Sept 11 (Reuters) - Belarus freed 52 prisoners on Thursday.\n\n"
        "The release followed talks with a U.S. envoy.\n"
    )
    article = parse_article(text, id="r3")
    assert (article.date, article.author) == ("2025-09-11", "Jane Doe")
    assert (article.dateline, article.source) == ("MINSK", "Reuters")
    assert article.paragraphs == [
        "Belarus freed 52 prisoners on Thursday.",
        "The release followed talks with a U.S. envoy.",
    ]


def test_a_rights_line_is_dropped_from_a_plain_article_too():
    text = (
        "Lawyers detained\n\nRights groups urged the release of a dozen lawyers.\n\n"
        "Copyright law was not at issue, officials said.\n\n"
        "© 2025 Example Media. All rights reserved.\n"
    )
    article = parse_article(text, id="y1")
    assert article.meta["layout"] == "plain"
    assert article.paragraphs == [
        "Rights groups urged the release of a dozen lawyers.",
        "Copyright law was not at issue, officials said.",
    ]
    assert article.meta["dropped_paragraphs"] == 1


@pytest.mark.parametrize(
    "line, date, place, source",
    [
        ("BRUSSELS, March 3, 2024 (AP) - The European Union widened sanctions.", "2024-03-03",
         "BRUSSELS", "AP"),
        ("KYIV, 3 March 2024 (Reuters) - Ukraine said talks would resume.", "2024-03-03", "KYIV",
         "Reuters"),
        ("WASHINGTON, Sept. 11th, 2025 — The White House said talks would resume.", "2025-09-11",
         "WASHINGTON", None),
        ("BOGOTÁ, May 2 (Reuters) - Colombia said talks would resume.", None, "BOGOTÁ", "Reuters"),
    ],
)  # fmt: skip
def test_a_full_date_in_the_dateline_dates_an_undated_article(line, date, place, source):
    # review 30e: "BRUSSELS, March 3, 2024 (AP) -" left the article undated,
    # and a day-month-year dateline was not read as one.
    article = parse_article(f"Talks\n\n{line}\n", id="x")
    assert (article.date, article.dateline, article.source) == (date, place, source)
    assert article.meta.get("date_from") == ("dateline" if date else None)
    assert article.paragraphs[0].endswith("would resume.") or "widened" in article.paragraphs[0]
    # A date line of its own wins over the dateline's.
    dated = parse_article(f"Talks\n\n5 April 2023\n\n{line}\n", id="x")
    assert dated.date == "2023-04-05" and "date_from" not in dated.meta


@pytest.mark.parametrize(
    "line",
    [
        "APPLE, March 3, 2024 (AAPL) - Shares rose on Monday after results.",
        "IN BRIEF, March 3, 2024 - Talks were held in Vienna on Monday.",
    ],
)
def test_a_ticker_or_a_label_with_a_date_is_no_dateline(line):
    # review 30f: the date stood in for the region a ticker needs, and a
    # section label became a place; both dated the article.
    article = parse_article(f"Talks\n\n{line}\n", id="x")
    assert (article.date, article.dateline) == (None, None)
    assert article.paragraphs[0] == line
