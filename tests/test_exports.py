"""News database exports (Nexis Uni, Factiva plain and tagged): many
articles in one .txt file, each with its metadata, none of it a unit. All
inputs are our own."""

from __future__ import annotations

import pytest

from classify.articles import read_articles
from classify.data import load_examples
from classify.exports import export_kind

NEXIS = """Envoys agree to reopen embassies

The Daily Example
September 12, 2025 Friday
Regional Edition

Copyright 2025 The Daily Example All Rights Reserved

Section: WORLD; Pg. A12
Length: 212 words
Byline: Ana Lima in Lisbon
Dateline: LISBON

Body

Envoys of both countries agreed on Thursday to reopen their embassies next
month, officials said.

The talks will resume in October.

Load-Date: September 13, 2025

End of Document

Bloc extends asset freezes

The Evening Example (London)
February 25, 2025 Tuesday 2:15 PM GMT

Copyright 2025 Example Newspapers All Rights Reserved

Section: WORLD NEWS; Version:2
Length: 180 words

Body

The bloc extended its asset freezes for another year on Tuesday.

Classification

Language: ENGLISH

Load-Date: February 26, 2025

End of Document
"""

FACTIVA = """Envoys agree to reopen embassies
Ana Lima
212 words
12 September 2025
The Daily Example
DLEX
English
Copyright 2025, The Daily Example. All Rights Reserved.

Envoys of both countries agreed on Thursday to reopen their embassies next month.

The talks will resume in October.

Document DLEX000020250912el9c0001a

Bloc extends asset freezes
180 words
25 February 2025
14:05
The Evening Example
EVEX
English
(c) 2025 Example Newspapers.

The bloc extended its asset freezes for another year on Tuesday.

Document EVEX000020250225el2p0002b
"""

TAGGED = """HD
Envoys agree to reopen embassies
BY Ana Lima
WC 212 words
PD 12 September 2025
SN The Daily Example
SE World
LA English
LP
Envoys of both countries agreed on Thursday to reopen their embassies next month.
TD
The talks will resume in October.
AN
Document DLEX000020250912el9c0001a

HD
Bloc extends asset freezes
WC 180 words
PD 25 February 2025
SN The Evening Example
LP
The bloc extended its asset freezes for another year on Tuesday.
AN
Document EVEX000020250225el2p0002b
"""

FIRST = [
    "Envoys of both countries agreed on Thursday to reopen their embassies next month, "
    "officials said.",
    "The talks will resume in October.",
]


@pytest.mark.parametrize(
    "text,kind,ids,sections",
    [
        (NEXIS, "nexis", ["export/1", "export/2"], ["WORLD", "WORLD NEWS"]),
        (
            FACTIVA,
            "factiva",
            ["DLEX000020250912el9c0001a", "EVEX000020250225el2p0002b"],
            [None, None],
        ),
        (
            TAGGED,
            "factiva-tagged",
            ["DLEX000020250912el9c0001a", "EVEX000020250225el2p0002b"],
            ["World", None],
        ),
    ],
)
def test_an_export_is_many_articles_with_their_metadata(tmp_path, text, kind, ids, sections):
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    assert export_kind(text) == kind
    first, second = read_articles(path)
    assert [first.id, second.id] == ids
    assert [first.section, second.section] == sections
    assert (first.title, first.date) == ("Envoys agree to reopen embassies", "2025-09-12")
    assert (second.title, second.date) == ("Bloc extends asset freezes", "2025-02-25")
    assert first.author == "Ana Lima" and second.author is None
    assert first.source == "The Daily Example"
    assert second.source in ("The Evening Example", "The Evening Example (London)")
    body = [p.replace(", officials said", "") for p in first.paragraphs]
    assert body == [FIRST[0].replace(", officials said", ""), FIRST[1]]
    assert second.paragraphs == ["The bloc extended its asset freezes for another year on Tuesday."]
    assert first.path == f"{path}:line 1" and first.meta["export"] == kind
    # Units are the articles' paragraphs: no metadata line is one.
    units = load_examples([path], unit="paragraph", labelled=False)
    assert len(units) == 3 and not any("Load-Date" in t or "words" in t for t in units.texts)
    assert set(units.dates) == {"2025-09-12", "2025-02-25"}


def test_nexis_dateline_and_byline_place():
    from classify.exports import read_export

    first, _ = read_export(NEXIS, "nexis", id="x", path="x.txt")
    assert (first.dateline, first.author) == ("LISBON", "Ana Lima")


@pytest.mark.parametrize(
    "text",
    [
        "Talks resume\n\nThe minister said the End of Document rule applies.\n\nLength: 3 words.\n",
        "HD\n\nThe headline is HD.\n",
        "Talks resume\n\nDocument ABCDEFGHIJKLMNOP was signed.\n",
    ],
)
def test_an_ordinary_article_is_not_an_export(text):
    assert export_kind(text) is None


def test_documents_a_folder_holds_but_does_not_read_are_counted(tmp_path):
    (tmp_path / "a.txt").write_text("Talks\n\nOfficials met.\n")
    for name in ("b.pdf", "c.docx", "d.pdf", "notes.jsonl", ".DS_Store"):
        (tmp_path / name).write_bytes(b"x")
    with pytest.warns(UserWarning, match=r"4 files not read \(2 \.pdf, 1 \.docx, 1 \.jsonl\)"):
        assert [a.id for a in read_articles(tmp_path)] == ["a"]


def test_system_and_tool_copies_are_left_out_and_linked_folders_read(tmp_path):
    """review 28c: hidden folders (.ipynb_checkpoints), macOS AppleDouble
    files and __MACOSX were read as articles (one stopped the run: NUL
    bytes), a linked subfolder was skipped without a word, and Thumbs.db
    and Office lock files were counted as documents not read."""
    import os

    text = "Talks resume\n\nOfficials met in Minsk on Tuesday.\n"
    folder, real = tmp_path / "corpus", tmp_path / "real"
    for name in ("a.txt", "sub/b.txt", ".ipynb_checkpoints/a-checkpoint.txt", "__MACOSX/a.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "._a.txt").write_bytes(b"\x00\x05\x16\x07\x00")
    for name in (".DS_Store", "Thumbs.db", "~$notes.docx", "c.pdf", "sheet.xlsx"):
        (folder / name).write_bytes(b"x")
    real.mkdir()
    (real / "r.txt").write_text(text)
    os.symlink(real, folder / "linked")
    os.symlink(folder, folder / "sub" / "loop")  # a link to a parent is read once
    with pytest.warns(UserWarning) as said:
        ids = [a.id for a in read_articles(folder)]
    assert ids == ["a", "linked/r", "sub/b"]
    message = " ".join(str(w.message) for w in said)
    assert "2 files not read (1 .pdf, 1 .xlsx)" in message
    # review 30b: a spreadsheet saved as .txt would be one article of cells.
    assert "(save other documents as .txt; save .xlsx sheets as .csv and give them" in message
    assert "3 article files in hidden or system folders" in message
    assert "(first: ._a.txt;" in message


ACADEMIC = """                              1 of 2 DOCUMENTS

                              The Daily Example

                          September 12, 2025 Friday
                              Final Edition

Envoys agree to reopen embassies

SECTION: WORLD; Pg. A12

LENGTH: 212 words

BYLINE: Ana Lima

DATELINE: LISBON

Envoys of both countries agreed on Thursday to reopen their embassies next
month, officials said.

The talks will resume in October.

LOAD-DATE: September 13, 2025

LANGUAGE: ENGLISH

                              2 of 2 DOCUMENTS

                              The Evening Example

                          February 25, 2025 Tuesday

Bloc extends asset freezes

LENGTH: 180 words

The bloc extended its asset freezes for another year on Tuesday.

LOAD-DATE: February 26, 2025
"""


def test_lexisnexis_academic_export(tmp_path):
    path = tmp_path / "ln.txt"
    path.write_text(ACADEMIC, encoding="utf-8")
    assert export_kind(ACADEMIC) == "lexisnexis"
    first, second = read_articles(path)
    assert (first.id, first.title, first.date) == (
        "ln/1",
        "Envoys agree to reopen embassies",
        "2025-09-12",
    )
    assert (first.source, first.section, first.author, first.dateline) == (
        "The Daily Example",
        "WORLD",
        "Ana Lima",
        "LISBON",
    )
    assert first.paragraphs == FIRST
    assert (second.title, second.date, second.source) == (
        "Bloc extends asset freezes",
        "2025-02-25",
        "The Evening Example",
    )
    assert second.paragraphs == ["The bloc extended its asset freezes for another year on Tuesday."]


def test_export_variants_seen_in_the_wild(tmp_path):
    from classify.exports import read_export

    # Factiva tags with their value on the same line (spaces or a tab).
    inline = TAGGED.replace("HD\nEnvoys", "HD  Envoys").replace("LP\nEnvoys", "LP\tEnvoys")
    inline = inline.replace("AN\nDocument", "AN  Document").replace("HD\nBloc", "HD  Bloc")
    assert export_kind(inline) == "factiva-tagged"
    first, second = read_export(inline, "factiva-tagged", id="x", path="x.txt")
    assert (first.title, second.title) == (
        "Envoys agree to reopen embassies",
        "Bloc extends asset freezes",
    )
    # Nexis Uni: a cover page, an edition line, blocks after the body, a
    # dateline in the text, a byline with "By".
    cover = (
        "User Name: Jane Researcher\nDate and Time: Friday, September 12, 2025 9:03:00 AM EDT\n"
        "Job Number: 123\n\nDocuments (2)\n\n1. Envoys agree to reopen embassies\n"
        "Client/Matter: -None-\nSearch Terms: belarus\n\n"
    )
    nexis = cover + NEXIS.replace("Regional Edition", "Late Edition - Final")
    nexis = nexis.replace("Byline: Ana Lima in Lisbon", "Byline: By Ana Lima, Staff Writer")
    nexis = nexis.replace(
        "Envoys of both countries agreed",
        "LISBON, Sept. 11 (Reuters) - Envoys of both countries agreed",
    )
    nexis = nexis.replace(
        "The talks will resume in October.\n",
        "The talks will resume in October.\n\nGraphic\n\nPHOTO: Envoys in Lisbon. (PHOTOGRAPH BY "
        "JO KIM)\n\nCorrection\n\nAn earlier version misstated the date.\n\n"
        "Correction-Date: September 13, 2025\n\nNotes\n\nJo Kim contributed.\n",
    )
    first, _ = read_export(nexis, "nexis", id="x", path="x.txt")
    assert (first.title, first.source, first.author) == (
        "Envoys agree to reopen embassies",
        "The Daily Example",
        "Ana Lima",
    )
    assert first.paragraphs == FIRST and first.dateline == "LISBON"
    # Factiva plain: a section line above the headline, an agency credit.
    factiva = FACTIVA.replace(
        "Envoys agree to reopen embassies\nAna Lima\n",
        "World; Europe\nEnvoys agree to reopen embassies\nBy Ana Lima\nThe Associated Press\n",
    )
    first, _ = read_export(factiva, "factiva", id="x", path="x.txt")
    assert (first.section, first.title, first.author) == (
        "World; Europe",
        "Envoys agree to reopen embassies",
        "Ana Lima",
    )


def test_table_columns_of_speeches_and_news_exports(tmp_path):
    speeches = tmp_path / "ungd.csv"
    speeches.write_text(
        "Year,Country,Speaker,text\n2017,Belarus,Vladimir Makei,We call for dialogue.\n"
    )
    (article,) = read_articles(speeches)
    assert article.date == "2017"
    assert (article.meta["country"], article.meta["speaker"]) == ("Belarus", "Vladimir Makei")
    media = tmp_path / "mediacloud.csv"
    media.write_text(
        "stories_id,media_name,publish_date,text\n1,Reuters,2025-09-11,Talks resumed.\n"
    )
    (article,) = read_articles(media)
    assert (article.source, article.date) == ("Reuters", "2025-09-11")


def test_a_date_column_under_another_name_is_named_not_read_silently(tmp_path):
    import warnings

    own = tmp_path / "own.csv"
    own.write_text("id,when,text\n1,2021-03-04,Talks resumed.\n2,2021-03-05,Talks ended.\n")
    with pytest.warns(UserWarning, match=r"no 'date' column.*column 'when' holds dates"):
        articles = read_articles(own)
    assert [a.date for a in articles] == [None, None]
    spelled = tmp_path / "spelled.jsonl"
    spelled.write_text('{"id": 1, "text": "Talks.", "Went live": "March 4, 2021"}\n')
    with pytest.warns(UserWarning, match="column 'Went live' holds dates"):
        read_articles(spelled)
    # A column empty in the first row is still found in a later one, and a
    # heading written with spaces is matched as the record time it names.
    later = tmp_path / "later.jsonl"
    later.write_text(
        '{"id": 1, "text": "A.", "when": ""}\n{"id": 2, "text": "B.", "when": "4.3.2021"}\n'
    )
    with pytest.warns(UserWarning, match="column 'when' holds dates"):
        read_articles(later)
    # A month and year, and the compact ISO form in a column whose name says
    # it holds dates (as text or as a JSON number), are dates too.
    for name, table, column in (
        ("m.csv", "id,text,issue\n1,Talks.,June 2022\n", "issue"),
        ("c.csv", "id,text,issued\n1,Talks.,20220304\n", "issued"),
        ("c.jsonl", '{"id": 1, "text": "Talks.", "Day published": 20220304}\n', "Day published"),
    ):
        (tmp_path / name).write_text(table)
        with pytest.warns(UserWarning, match=f"column '{column}' holds dates"):
            read_articles(tmp_path / name)
    # Numbers elsewhere (ids, counts, compact dates in a column not named
    # for dates), a word before a year, and other text are not taken for
    # dates, and a table with a date column says nothing.
    for name, table in {
        "n.csv": "id,text,count\n1,Talks.,20210304\n",
        "v.csv": "id,text,programme\n1,Talks.,Vision 2030\n",
        "s.csv": "id,text,note\n1,Talks.,since May 2022\n",
        "x.csv": "id,text,note\n1,Talks.,see p. 3/4\n",
        "d.csv": "id,date,updated,text\n1,2021-03-04,2021-03-05,Talks.\n",
        "t.csv": "id,text,updated_at\n1,Talks.,2026-12-03T09:49:19+00:00\n",
        "u.csv": "id,text,Updated at\n1,Talks.,2026-12-03T09:49:19+00:00\n",
        "gold.jsonl": '{"id": "s1", "text": "Talks.", "annotator": "a1", "when": "2026-11-30"}\n',
    }.items():
        (tmp_path / name).write_text(table)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            read_articles(tmp_path / name)


def test_a_date_column_named_by_the_user_is_read(tmp_path):
    import warnings

    from classify.errors import ClassifyError
    from classify.tables import ReadOptions

    own = tmp_path / "own.csv"
    own.write_text("id,when,text\n1,2021-03-04,Talks resumed.\n2,,Talks ended.\n")
    with pytest.warns(UserWarning, match=r"pass options=ReadOptions\(date_column='when'\)"):
        read_articles(own)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = read_articles(own, options=ReadOptions(date_column="when"))
    assert [a.date for a in articles] == ["2021-03-04", None]
    assert "when" not in articles[0].meta
    # A year column alone dates rows by the year, and says so where another
    # column holds the whole date; the named column gives the day.
    yearly = tmp_path / "yearly.csv"
    yearly.write_text("id,Year,Story date,text\n1,2021,4 March 2021,Talks resumed.\n")
    with pytest.warns(UserWarning, match="dated by their year alone; column 'Story date'"):
        (article,) = read_articles(yearly)
    assert article.date == "2021"
    (article,) = read_articles(yearly, options=ReadOptions(date_column="Story date"))
    assert article.date == "2021-03-04"
    # The named column wins over a date column read by default (the day a
    # page was scraped), and is read in the date order.
    scraped = tmp_path / "scraped.csv"
    scraped.write_text("id,date,published,text\n1,2026-11-30,03/04/2021,Talks resumed.\n")
    (article,) = read_articles(scraped)
    assert article.date == "2026-11-30"
    options = ReadOptions(date_column="published", date_order="month-first")
    (article,) = read_articles(scraped, options=options)
    assert article.date == "2021-03-04"
    # A named column the table lacks is an error naming the columns it has,
    # unless the name was taken over from elsewhere (a model's training data).
    with pytest.raises(ClassifyError, match=r"no 'dated' column; header found: id, date, "):
        read_articles(scraped, options=ReadOptions(date_column="dated"))
    # JSONL rows may leave the key out (undated, not dated by another
    # column); a file none of whose rows has it is refused, as a DataFrame.
    ragged = tmp_path / "ragged.jsonl"
    ragged.write_text(
        '{"id": 1, "text": "A.", "when": "2021-03-04"}\n'
        '{"id": 2, "text": "B.", "date": "2020-01-01"}\n{"id": 3, "text": "C."}\n'
    )
    articles = read_articles(ragged, options=ReadOptions(date_column="when"))
    assert [a.date for a in articles] == ["2021-03-04", None, None]
    with pytest.raises(
        ClassifyError, match=r"no date column 'dated' \(columns: id, text, when, date"
    ):
        read_articles(ragged, options=ReadOptions(date_column="dated"))
    skip = ReadOptions(date_column="dated", on_error="skip")
    with pytest.raises(ClassifyError, match=r"no readable articles or rows \(1 skipped\)"):
        read_articles(ragged, options=skip)
    assert [s.reason.split(" (")[0] for s in skip.skipped] == ["no date column 'dated'"]
    import pandas as pd

    frame = pd.DataFrame({"text": ["A.", "B."], "when": ["2021-03-04", "2021-03-05"]})
    with pytest.raises(ClassifyError, match=r"no date column 'dated' \(columns: text, when"):
        load_examples(frame, labelled=False, options=ReadOptions(date_column="dated"))
    examples = load_examples(frame, labelled=False, options=ReadOptions(date_column="when"))
    assert examples.dates == ["2021-03-04", "2021-03-05"]
    inherited = ReadOptions(date_column="dated")
    inherited.date_column_optional = True
    (article,) = read_articles(scraped, options=inherited)
    assert article.date == "2026-11-30"


def test_export_records_lose_their_credit_line_and_keep_a_glued_lead():
    from classify.exports import read_export

    nexis = NEXIS.replace(
        "The talks will resume in October.\n",
        "The talks will resume in October.\n\n(Reporting by Ana Gomez; Editing by Paul Simao)\n",
    )
    first, _ = read_export(nexis, "nexis", id="x", path="x.txt")
    assert (
        first.paragraphs == FIRST
        and first.credits == "Reporting by Ana Gomez; Editing by Paul Simao"
    )
    glued = FACTIVA.replace(
        "Copyright 2025, The Daily Example. All Rights Reserved.\n\n",
        "Copyright 2025, The Daily Example. All Rights Reserved.\n",
    )
    first, _ = read_export(glued, "factiva", id="x", path="x.txt")
    assert first.paragraphs[0].startswith("Envoys of both countries agreed")


def test_a_factiva_record_without_its_word_count_is_kept():
    from classify.exports import read_export

    _, second = read_export(FACTIVA.replace("180 words\n", ""), "factiva", id="x", path="x.txt")
    assert (second.title, second.date) == ("Bloc extends asset freezes", "2025-02-25")
    assert second.paragraphs == ["The bloc extended its asset freezes for another year on Tuesday."]


def test_a_record_is_dated_by_its_date_line_in_any_language_else_by_load_date(tmp_path):
    # Nexis exports of the French, Spanish or Dutch press write the date line
    # in their language; it is the publication date, not the Load-Date a day
    # or more later. A record with no date line that reads is dated by its
    # Load-Date, and says so (review 25a: it was taken silently).
    from classify.data import article_notes

    lines = {"fr": "12 mars 2019 mardi", "es": "12 de marzo de 2019", "nl": "12 maart 2019"}
    records = [
        NEXIS.split("End of Document")[0]
        .replace("September 12, 2025 Friday", line)
        .replace("Envoys agree", f"Envoys ({lang}) agree")
        for lang, line in lines.items()
    ]
    records.append(NEXIS.split("End of Document")[0].replace("September 12, 2025 Friday\n", ""))
    path = tmp_path / "press.txt"
    path.write_text("End of Document\n\n".join(records) + "End of Document\n", encoding="utf-8")
    articles = read_articles(path)
    assert [a.date for a in articles] == ["2019-03-12"] * 3 + ["2025-09-13"]
    assert [a.meta.get("date_from") for a in articles] == [None] * 3 + ["load-date"]
    notes = article_notes(articles)
    assert notes["load_dated_articles"] == 1
    assert notes["load_dated_files"] == [articles[3].path]
