"""Review 57: real files a new user read, on inputs of our own: a ProQuest
export, a page dated only by its "Most read" box, a copied page's trailing
furniture, invisible characters, a cell of markup only, a column per topic,
a place-and-date line, mojibake, and the smaller reading faults."""

from __future__ import annotations

import json
import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify
from classify import api
from classify.articles import read_articles
from classify.data import load_examples
from classify.dates import parse_date
from classify.errors import ClassifyError
from classify.exports import _author
from classify.tables import ReadOptions
from classify.units import split_sentences

RULE = "_" * 60

PROQUEST = f"""{RULE}

Warsaw and Minsk reopen a rail link

Author: Nowak, Ewa; Petrov, Ivan

Publication info: Daily Baltic; Riga [Riga]. 02 Mar 2020: A5.

ProQuest document link

Abstract: The two capitals restored a passenger line.

Full text: Poland and Belarus restored a passenger rail line on Monday after four years.

Officials on both sides called it a practical step.

Subject: Railroads; Diplomacy

Publication title: Daily Baltic; Riga

Pages: A5

Publication date: Mar 2, 2020

Section: Europe

ProQuest document ID: 1111222233

Document URL: https://www.proquest.com/docview/1111222233

Copyright: Copyright Daily Baltic Mar 2, 2020

Database: ProQuest Central

{RULE}

Ministers weigh new measures

Publication info: Herald; Vilnius. 15 May 2021: 3.

ProQuest document link

Abstract: Only an abstract here.

Publication date: May 15, 2021

ProQuest document ID: 4444555566

Database: ProQuest Central

{RULE}

Asset freeze widened

Author: Silva, Rui

Full text:
The bloc froze the assets of nine more officials on Tuesday.

Publication title: Brussels Weekly

Publication date: Jun 8, 2021

ProQuest document ID: 7777888899

{RULE}
"""


def test_a_proquest_export_is_cut_into_its_records_without_metadata_units(tmp_path):
    path = tmp_path / "proquest.txt"
    path.write_text(PROQUEST, encoding="utf-8")
    with pytest.warns(UserWarning, match="1 ProQuest record with an abstract but no 'Full text:'"):
        articles = read_articles([path])
    assert [a.id for a in articles] == ["1111222233", "7777888899"]
    first, second = articles
    assert first.title == "Warsaw and Minsk reopen a rail link"
    assert first.date == "2020-03-02" and second.date == "2021-06-08"
    assert first.author == "Ewa Nowak; Ivan Petrov" and second.author == "Rui Silva"
    assert first.source == "Daily Baltic" and second.source == "Brussels Weekly"
    assert first.section == "Europe"
    assert first.meta["export"] == "proquest"
    assert first.paragraphs == [
        "Poland and Belarus restored a passenger rail line on Monday after four years.",
        "Officials on both sides called it a practical step.",
    ]
    assert second.paragraphs == ["The bloc froze the assets of nine more officials on Tuesday."]


def test_a_proquest_record_dated_only_by_its_publication_info(tmp_path):
    text = PROQUEST.replace("Publication date: Mar 2, 2020\n", "").replace(
        RULE, "Document 1 of 3", 1
    )
    path = tmp_path / "pq.txt"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = read_articles([path])
    assert articles[0].date == "2020-03-02"


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Border talks</title></head>
<body>
<aside class="{box}"><h2>Most read</h2><ul>
<li><a href="/a">Grain corridor reopens</a> <time datetime="2016-04-01">1 April 2016</time></li>
<li><a href="/b">Pipeline deal signed</a> <time datetime="2015-02-11">11 Feb 2015</time></li>
</ul></aside>
<article><h1>Border talks resume between Vilnius and Minsk</h1>
{own}
<p>Lithuanian and Belarusian officials met on Thursday to discuss reopening two border crossings.</p>
<p>The meeting ended without an agreement, a ministry spokeswoman said.</p>
<p>Both sides agreed to meet again next month in Druskininkai.</p>
</article></body></html>"""


@pytest.mark.parametrize("box", ["most-read", "sidebar"])
def test_a_page_is_not_dated_by_the_times_of_other_stories(tmp_path, box):
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(box=box, own=""), encoding="utf-8")
    (article,) = read_articles([path])
    assert article.date is None
    path.write_text(
        PAGE.format(box=box, own='<p><time datetime="2019-06-06">6 June 2019</time></p>'),
        encoding="utf-8",
    )
    (article,) = read_articles([path])
    assert article.date == "2019-06-06"


def test_times_of_teasers_in_plain_boxes_date_nothing(tmp_path):
    # A box of other stories with no telling name, outside the story's block.
    path = tmp_path / "page.html"
    page = PAGE.format(box="x", own="").replace("<aside", "<div").replace("</aside>", "</div>")
    path.write_text(page, encoding="utf-8")
    (article,) = read_articles([path])
    assert article.date is None
    # Inside the story's block: a teaser card, and a date shown as text under a link.
    teasers = (
        '<article class="card"><h3><a href="/c">Grain corridor reopens after talks</a></h3>'
        '<time datetime="2014-01-01">1 Jan 2014</time></article>'
        '<ul><li><a href="/d">Pipeline deal signed in Minsk</a><br><small>02.03.2013</small></li></ul>'
    )
    path.write_text(
        PAGE.format(box="x", own="").replace("</article>", teasers + "</article>"), "utf-8"
    )
    (article,) = read_articles([path])
    assert article.date is None


COPIED = """Minsk frees two journalists after envoy visit

{stamp}

Share

Save

Olga Berezina
Eastern Europe correspondent

Image source, Reuters
Image caption,
The envoy arrived in Minsk on Thursday

Belarus has freed two journalists after a visit to Minsk by a senior US envoy, officials said.

The State Department welcomed the release but said sanctions would remain for now.

Related topics

Belarus
United States

More on this story

Lithuania reopens a border crossing
Published
2 May 2025

Reuse this content

Most viewed
"""


@pytest.mark.parametrize(("stamp", "date"), [("4 May 2025", "2025-05-04"), ("3 hours ago", None)])
def test_a_copied_page_keeps_its_story_and_drops_its_tags_and_links(tmp_path, stamp, date):
    path = tmp_path / "copy.txt"
    path.write_text(COPIED.format(stamp=stamp), encoding="utf-8")
    (article,) = read_articles([path])
    assert article.paragraphs == [
        "Belarus has freed two journalists after a visit to Minsk by a senior US envoy, "
        "officials said.",
        "The State Department welcomed the release but said sanctions would remain for now.",
    ]
    assert article.title == "Minsk frees two journalists after envoy visit"
    assert article.author == "Olga Berezina"
    assert article.caption == "The envoy arrived in Minsk on Thursday"
    assert article.date == date


def test_a_relative_stamp_inside_the_body_is_still_furniture(tmp_path):
    path = tmp_path / "a.txt"
    body = " ".join(["The talks in Minsk went on for a second day with no result."] * 4)
    path.write_text(f"Talks go on\n\n4 May 2025\n\n{body}\n\n2 hours ago\n\n{body}\n", "utf-8")
    (article,) = read_articles([path])
    assert article.paragraphs == [body, body]


def test_invisible_characters_are_taken_out_of_every_text(tmp_path):
    rows = [
        {
            "id": "a",
            "text": "The EU widened sanc\u00adtions on Bela\u200brus.",
            "stance": "against",
        },
        {"id": "b", "text": "\u200b\u00ad", "stance": "neutral"},
    ]
    path = write_jsonl(tmp_path / "t.jsonl", rows)
    with pytest.raises(ClassifyError, match=r"t.jsonl:line 2: row has no text in column 'text'"):
        load_examples([path])
    examples = load_examples([path], options=ReadOptions(on_error="skip"))
    assert examples.texts == ["The EU widened sanctions on Belarus."]
    txt = tmp_path / "a.txt"
    txt.write_text("Talks\n\nThe EU widened sanc\u00adtions on Bela\u200brus today.\n", "utf-8")
    assert load_examples([txt], labelled=False).texts == [
        "The EU widened sanctions on Belarus today."
    ]


def test_a_model_reads_a_string_with_invisible_characters_as_the_plain_word(tmp_path):
    data = write_jsonl(tmp_path / "gold.jsonl", labelled_rows())
    model = classify.load_model(train_tfidf("topic", data, tmp_path / "m"))
    plain = model.predict_scores(["The EU widened sanctions on Belarus."])
    for hidden in ("\u00ad", "\u200b", "\u2060"):
        got = model.predict_scores([f"The EU widened sanc{hidden}tions on Belarus."])
        assert got.tolist() == plain.tolist()
    with pytest.raises(ClassifyError, match="texts must not be blank; item 0"):
        model.predict_scores(["\u200b"])


@pytest.mark.parametrize("cell", ["&nbsp;", "<p></p>", "<br><br>"])
def test_a_cell_of_markup_only_is_a_row_without_text(tmp_path, cell):
    path = tmp_path / "e.csv"
    path.write_text(
        f'id,text,stance\n1,"{cell}",favour\n2,Talks resumed in Minsk.,favour\n', "utf-8"
    )
    with pytest.raises(
        ClassifyError, match=r"e.csv:line 2: row has no text in column 'text' \(only markup"
    ):
        load_examples([path])
    assert load_examples([path], options=ReadOptions(on_error="skip")).ids == ["2"]


ONEHOT = """id,text,date,Normalisation,sanctions,Human Rights,stance
a1,The two governments agreed to restore ambassadors.,2019-03-03,1,0,0,favour
a2,Brussels extended the asset freeze on twelve officials.,2019-03-04,0,yes,,against
a3,Detained protesters were beaten in custody and the bloc froze assets.,2019-03-05,0,1,1,against
a4,The weather in Minsk was mild.,2019-03-06,0,0,0,neutral
a5,Unlabelled for topics.,2019-03-07,,,,neutral
"""


def test_a_column_per_topic_is_read_as_the_topics(tmp_path, capsys):
    path = tmp_path / "onehot.csv"
    path.write_text(ONEHOT, encoding="utf-8")
    summary = api.build_dataset([path], tmp_path / "ds", split="none")
    assert set(summary["tasks"]) == {"stance", "topics"}
    assert summary["unlabelled"]["topics"] == 1
    from classify.tasks import load_task, shipped_tasks

    topic = load_task(shipped_tasks()["topic"])
    examples = load_examples([path], label_sets={"topics": topic.labels})
    assert examples.labels["topics"] == [
        ["normalisation"],
        ["sanctions"],
        ["sanctions", "human_rights"],
        [],
        None,
    ]
    # Without the task's labels the columns are other columns, as before.
    assert "topics" not in load_examples([path]).labels


def test_a_column_per_topic_with_another_value_names_the_column(tmp_path, capsys):
    path = tmp_path / "onehot.csv"
    path.write_text(ONEHOT.replace("0,yes,,against", "0,maybe,,against"), encoding="utf-8")
    r = run_cli(capsys, "dataset", "build", path, "--split", "none", "--out", tmp_path / "ds")
    assert r.code == 1
    assert "onehot.csv:line 3: column 'sanctions' holds 'maybe'" in r.err
    assert "it takes 1 or 0" in r.err


def test_gold_annotations_with_a_column_per_topic(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Envoys meet\n\nThe envoys agreed to restore ambassadors.\n\nThe EU kept its asset freeze.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.csv"
    gold.write_text("unit,normalisation,sanctions,human_rights\na:p1,1,0,0\na:p2,0,1,0\n", "utf-8")
    summary = api.build_dataset([articles], tmp_path / "ds", annotations=gold, split="none")
    assert summary["tasks"] == {"topics": ["normalisation", "sanctions", "human_rights"]}
    assert summary["splits"]["train"]["topics"]["sanctions"] == 1


def test_a_task_without_its_column_is_said_to_be_left_out(tmp_path, capsys):
    path = write_jsonl(tmp_path / "s.jsonl", [
        {"id": "1", "text": "Talks resumed.", "stance": "favour"},
        {"id": "2", "text": "Sanctions were widened.", "stance": "against"},
    ])  # fmt: skip
    r = run_cli(capsys, "dataset", "build", path, "--split", "none", "--out", tmp_path / "ds")
    assert r.code == 0, r.err
    assert (
        "note: task 'topic' left out: the data has no 'topics' column (nor a 1/0 column for "
        "each of its labels)"
    ) in r.out
    assert "task 'stance' left out" not in r.out


@pytest.mark.parametrize(
    ("line", "date"),
    [("Minsk, 3 April 2019", "2019-04-03"), ("VILNIUS, Lithuania, March 3, 2019", "2019-03-03"),
     ("Minsk, 03/04/2019", "2019-04-03")],
)  # fmt: skip
def test_a_place_and_date_line_dates_the_article_and_is_no_unit(tmp_path, line, date):
    body = "Envoys from Washington arrived in Minsk for a second round of talks."
    txt = tmp_path / "a.txt"
    txt.write_text(f"Talks in Minsk\n\n{line}\n\n{body}\n\nA deal was close.\n", "utf-8")
    html = tmp_path / "b.html"
    html.write_text(
        f"<html><head><title>Talks in Minsk</title></head><body><h1>Talks in Minsk</h1>"
        f"<p>{line}</p><p>{body}</p><p>A deal on ambassadors was now close, both said.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    for path in (txt, html):
        (article,) = read_articles([path])
        assert article.date == date
        assert article.paragraphs[0] == body


def test_a_place_and_a_year_or_a_sentence_is_no_date_line(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text(
        "Talks in Minsk\n\n5 May 2019\n\nMinsk, 2019\n\nWashington, Moscow and Minsk, the "
        "three capitals, met on 3 April 2019.\n",
        "utf-8",
    )
    (article,) = read_articles([txt])
    assert article.paragraphs == [
        "Minsk, 2019",
        "Washington, Moscow and Minsk, the three capitals, met on 3 April 2019.",
    ]


def test_a_byline_keeps_the_name_and_not_the_role():
    assert _author("Siobhan Keane, Europe Correspondent") == "Siobhan Keane"
    assert _author("By Li Wei, Senior Diplomatic Editor") == "Li Wei"
    assert _author("Kim Roe, Moscow Bureau Chief") == "Kim Roe"
    assert _author("Jane Doe and John Roe") == "Jane Doe and John Roe"


def test_the_gold_file_beside_the_articles_is_not_counted_as_not_read(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Envoys meet\n\nThe envoys agreed to meet again.\n", "utf-8")
    (folder / "gold.jsonl").write_text(json.dumps({"unit": "a:p1", "stance": "favour"}) + "\n")
    (folder / "notes.md").write_text("my notes\n")
    r = run_cli(capsys, "dataset", "build", folder, "--annotations", folder / "gold.jsonl",
                "--split", "none", "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 0, r.err
    assert "1 file not read (1 .md)" in r.err


def test_a_spreadsheet_day_number_is_named_as_one():
    with pytest.raises(ClassifyError, match=r"spreadsheet's day number \(43527 is 2019-03-03"):
        parse_date("43527")


def test_mojibake_is_repaired_and_said(tmp_path):
    rows = [
        {"id": "m1", "text": "The EU\u00e2\u20ac\u2122s sanctions on Belarus were widened."},
        {"id": "m2", "text": "Caf\u00c3\u00a9 owners in Minsk welcomed the talks."},
        {"id": "m3", "text": "The EU\u2019s caf\u00e9 diplomacy went on."},
    ]
    path = write_jsonl(tmp_path / "m.jsonl", rows)
    with pytest.warns(UserWarning, match=r"m.jsonl: 2 texts hold mojibake .*first: m1\), repaired"):
        texts = load_examples([path], labelled=False).texts
    assert texts == [
        "The EU\u2019s sanctions on Belarus were widened.",
        "Caf\u00e9 owners in Minsk welcomed the talks.",
        "The EU\u2019s caf\u00e9 diplomacy went on.",
    ]


def test_the_other_codepage_is_shown_where_the_readings_differ(tmp_path, capsys):
    from classify.tables import warn_other_codepage

    data = "L\u2019UE prolonge les sanctions. Les ministres europ\u00e9ens ont d\u00e9cid\u00e9.".encode(
        "cp1252"
    )
    with pytest.warns(UserWarning) as caught:
        warn_other_codepage(tmp_path / "c.txt", data, "cp1251")
    message = str(caught[0].message)
    assert "europйens" in message and "européens" in message


def test_sentences_go_on_after_e_g_and_end_after_a_street():
    assert split_sentences("Capitals, e.g. Warsaw and Vilnius, objected. Talks went on.") == [
        "Capitals, e.g. Warsaw and Vilnius, objected.",
        "Talks went on.",
    ]
    assert split_sentences("Allies (i.e. Poland) agreed. Then they left.") == [
        "Allies (i.e. Poland) agreed.",
        "Then they left.",
    ]
    assert split_sentences("He lives on Downing St. The talks resumed.") == [
        "He lives on Downing St.",
        "The talks resumed.",
    ]
    assert split_sentences("They met in St. Petersburg on Monday. It rained.") == [
        "They met in St. Petersburg on Monday.",
        "It rained.",
    ]


def test_an_export_of_an_unknown_kind_is_said_to_be_one(tmp_path):
    text = PROQUEST.replace("ProQuest document ID", "Record number")
    path = tmp_path / "unknown.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.warns(UserWarning, match=r"unknown.txt: \d+ kinds of database metadata lines "
                      r"\('Abstract:', 'Author:'.*an export of a kind classify does not cut"):  # fmt: skip
        read_articles([path])
    story = tmp_path / "story.txt"
    story.write_text(
        "Talks resume\n\nAuthor: the talks were led by envoys.\n\nThe envoys met in Minsk.\n\n"
        "Source: Reuters\n\nCopyright: 2020 Reuters\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_articles([story])


# Check 57: the same kinds, other inputs.


@pytest.mark.parametrize("hidden", ["\u2066", "\u2069", "\u180e", "\u2061", "\u034f", "\u202a"])
def test_every_invisible_format_character_is_taken_out(hidden):
    from classify.text import normal_text

    assert normal_text(f"sanc{hidden}tions") == "sanctions"
    # The joiners that change how scripts and emoji are written stay.
    assert normal_text("\u0645\u200c\u0649") == "\u0645\u200c\u0649"


@pytest.mark.parametrize("cell", ["&#8203;", "&zwj;&#8203;", "\u2066\u2069"])
def test_a_cell_of_an_invisible_entity_is_a_row_without_text(tmp_path, cell):
    path = write_jsonl(tmp_path / "z.jsonl", [
        {"id": "1", "text": cell, "stance": "neutral"},
        {"id": "2", "text": "Talks resumed in Minsk.", "stance": "favour"},
    ])  # fmt: skip
    with pytest.raises(ClassifyError, match=r"z.jsonl:line 1: row has no text"):
        load_examples([path])


def test_a_proquest_text_keeps_its_key_like_lines_and_ends_at_the_trailer(tmp_path):
    record = (
        "____\n\nTalks stall\n\nAuthor: Anonymous\n\nFull text: Talks on the embassy stalled.\n\n"
        "Update: Officials later said the talks would resume.\n\nNote: no venue was named.\n\n"
        "Credit: Staff reporter in Minsk\n\nSubject: Diplomacy\n\nPublication title: Daily Post\n\n"
        "Publication date: Sep 11, 2025\n\nProQuest document ID: 42\n____\n"
    )
    path = tmp_path / "pq.txt"
    path.write_text(record, encoding="utf-8")
    (article,) = read_articles([path])
    assert article.id == "42" and article.author is None
    assert article.paragraphs == [
        "Talks on the embassy stalled.",
        "Update: Officials later said the talks would resume.",
        "Note: no venue was named.",
    ]


TRAILERS = """EU extends sanctions on Belarus

{stamp}

By Jane Doe, Europe Correspondent

The European Union extended its sanctions on Belarus on Monday for another year.

Diplomats said the decision was unanimous.

{heading}
Belarus' Lukashenko says he is ready for a 'big deal' with the United States now
Poland reopens a border crossing

Follow AP's coverage of Belarus at https://apnews.com/hub/belarus

Paid Content
"""


@pytest.mark.parametrize("heading", ["Read next", "Related article", "Editor's picks",
                                     "In other news", "Popular now", "What to read next"])  # fmt: skip
@pytest.mark.parametrize("stamp", ["2h ago", "Yesterday", "20 minutes ago • 3 min read",
                                   "Two hours ago", "4 May 2025"])  # fmt: skip
def test_other_outlets_trailers_and_stamps_are_no_units(tmp_path, heading, stamp):
    path = tmp_path / "copy.txt"
    path.write_text(TRAILERS.format(stamp=stamp, heading=heading), encoding="utf-8")
    (article,) = read_articles([path])
    assert article.paragraphs == [
        "The European Union extended its sanctions on Belarus on Monday for another year.",
        "Diplomats said the decision was unanimous.",
    ]
    assert article.author == "Jane Doe"
    assert article.date == ("2025-05-04" if stamp == "4 May 2025" else None)


@pytest.mark.parametrize("headline", ["Topics", "Latest news", "Latest", "Features"])
def test_a_headline_that_reads_like_a_heading_of_links_is_the_headline(tmp_path, headline):
    path = tmp_path / "a.txt"
    body = "The foreign ministry said on Monday that talks with Washington would resume."
    path.write_text(f"{headline}\n\n{body}\n\nIt gave no further details.\n", encoding="utf-8")
    (article,) = read_articles([path])
    assert article.title == headline
    assert article.paragraphs == [body, "It gave no further details."]


@pytest.mark.parametrize(
    ("byline", "author"),
    [("Siobhan Keane, Europe Correspondent", "Siobhan Keane"),
     ("Jane Doe and John Roe, Staff Reporters", "Jane Doe and John Roe"),
     ("Jane Doe - Senior Editor", "Jane Doe"), ("Jane Doe, Special to The Washington Post", "Jane Doe"),
     ("Jane Doe @janedoe", "Jane Doe"), ("Jane Doe; Jan Kowalski", "Jane Doe; Jan Kowalski"),
     ("John Smith Diplomatic Editor", "John Smith"), ("Max Editor", "Max Editor")],
)  # fmt: skip
def test_a_byline_role_is_no_part_of_the_author(byline, author):
    assert _author(byline) == author


@pytest.mark.parametrize("line", ["Kyiv – 3 March 2024", "Geneva (3 April 2019)"])
def test_a_place_then_a_dash_or_a_bracketed_date_is_a_date_line(tmp_path, line):
    path = tmp_path / "a.txt"
    body = "The European Union and Belarus held talks on Wednesday on the border."
    path.write_text(f"Talks on the border\n\n{line}\n\n{body}\n", encoding="utf-8")
    (article,) = read_articles([path])
    assert article.date is not None and article.paragraphs == [body]


def test_latin_1_mojibake_is_repaired_before_its_line_breaks_are_read(tmp_path):
    text = "Zaż\u00c3\u00b3\u0142\u0107 gęśl\u00c4\u0085 jaźń. The \u00e2\u0080\u009cdeal\u00e2\u0080\u009d held."
    path = write_jsonl(tmp_path / "l.jsonl", [{"id": "l1", "text": text}])
    with pytest.warns(UserWarning, match="1 text holds mojibake"):
        (found,) = load_examples([path], labelled=False).texts
    assert "gęślą" in found and "\u201cdeal\u201d" in found


def test_gold_files_beside_the_articles_are_not_counted_whatever_their_name(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Envoys meet\n\nThe envoys agreed to meet again.\n", "utf-8")
    (folder / "round2.tsv").write_text("id\ttopics\na:p1\tsanctions\n", "utf-8")
    (folder / "labels.csv").write_text("unit,stance\na:p1,favour\n", "utf-8")
    (folder / "gold.jsonl").write_text(json.dumps({"unit": "a:p1", "stance": "favour"}) + "\n")
    (folder / "items.csv").write_text("id,text\n1,Talks resumed.\n", "utf-8")
    with pytest.warns(UserWarning, match=r"1 file not read \(1 \.csv\)"):
        read_articles([folder])


def test_a_page_author_is_the_name_without_the_outlet():
    from classify.articles import _page_author

    assert _page_author("Anna Chernova; CNN", "CNN") == "Anna Chernova"
    assert _page_author("Jane Doe, Diplomatic Correspondent", None) == "Jane Doe"
    assert _page_author("Jane Doe; Jo Kim", "Daily Post") == "Jane Doe; Jo Kim"


# Check 59: the third round's inputs.


@pytest.mark.parametrize("hidden", ["\u200b", "\u2060", "\ufeff", "\u200e"])
def test_an_invisible_character_at_a_lines_start_hides_no_header_line(tmp_path, hidden):
    path = tmp_path / "a.txt"
    path.write_text(
        f"EU extends sanctions\n\n{hidden}Sept. 11, 2025\n\n{hidden}By Jane Doe\n\n"
        f"{hidden}BRUSSELS (Reuters) - The EU extended sanctions on Belarus on Monday.\n\n"
        f"{hidden}(Reporting by Jane Doe; Editing by John Roe)\n",
        encoding="utf-8",
    )
    (article,) = read_articles([path])
    assert (article.author, article.dateline) == ("Jane Doe", "BRUSSELS")
    assert article.credits and article.paragraphs == [
        "The EU extended sanctions on Belarus on Monday."
    ]


BYLINE_PAGE = """<html><head><title>US and Belarus restore ties | Minsk Herald</title></head><body>
<div class="top"><h1>Minsk Herald</h1></div>
<div class="story"><{tag}>US and Belarus restore full diplomatic ties after talks</{tag}>
<div class="byline">By {author}</div>
<p>The United States and Belarus agreed on Thursday to restore full diplomatic relations, officials said.</p>
<p>The deal includes the return of ambassadors and the reopening of the embassy in Minsk.</p>
</div>
<div class="c3"><div><h4><a href="/z">EU widens sanctions on Belarus potash firms</a></h4>
<time datetime="2018-01-12">12 Jan 2018</time></div></div></body></html>"""


@pytest.mark.parametrize(
    "author",
    [
        '<a href="/author/mr">María de los Ángeles Ruiz</a> <time datetime="2024-03-03">3 March 2024</time>',
        'Jane Doe <span class="posted-on"><a href="https://x.org/2024/us-belarus/" rel="bookmark">'
        '<time datetime="2024-03-03">3 March 2024</time></a></span>',
    ],
)
@pytest.mark.parametrize("tag", ["h1", "h2"])
def test_a_pages_own_date_by_its_author_link_or_permalink_is_read(tmp_path, author, tag):
    path = tmp_path / "page.html"
    page = BYLINE_PAGE.format(author=author, tag=tag)
    if tag == "h1":
        page = page.replace("<h1>Minsk Herald</h1>", "<p>Minsk Herald</p>")
    path.write_text(page, encoding="utf-8")
    (article,) = read_articles([path])
    assert article.date == "2024-03-03"
    assert article.title == "US and Belarus restore full diplomatic ties after talks"


def test_sentences_that_end_in_a_link_stay_and_link_furniture_goes(tmp_path):
    body = [
        "Read the report at https://example.org/report",
        "Follow the money, investigators say, and the trail leads to a firm at https://example.org",
        "For more than a decade, the opposition has published its lists at https://example.org",
    ]
    path = tmp_path / "a.txt"
    path.write_text(
        "Rights group accuses Minsk\n\n4 May 2025\n\n" + "\n\n".join(body)
        + "\n\nFollow AP's coverage of Belarus at https://apnews.com/hub/belarus\n\n"
        "For more news, visit https://example.org\n",
        encoding="utf-8",
    )  # fmt: skip
    (article,) = read_articles([path])
    assert article.paragraphs == body


@pytest.mark.parametrize(
    ("byline", "author"),
    [("Jane Doe and Jo Kim, Staff Reporters", "Jane Doe and Jo Kim"),
     ("Por Ana Lima, corresponsal en Bruselas", "Ana Lima"),
     ("Par Marie Dupont, envoyée spéciale à Minsk", "Marie Dupont"),
     ("Von Hans Müller, Korrespondent in Moskau", "Hans Müller")],
)  # fmt: skip
def test_a_byline_with_a_role_under_the_date_line_is_no_unit(tmp_path, byline, author):
    path = tmp_path / "a.txt"
    body = (
        "Belarus freed 52 prisoners on Thursday after talks with a US envoy, the opposition said."
    )
    path.write_text(f"Belarus frees prisoners\n\nSept. 11, 2025\n\n{byline}\n\n{body}\n", "utf-8")
    (article,) = read_articles([path])
    assert article.author == author and article.paragraphs == [body]


@pytest.mark.parametrize(
    "heading", ["Lesen Sie auch", "Mehr zum Thema", "Leia também", "Lire aussi"]
)
def test_link_headings_of_other_languages_drop_their_links(tmp_path, heading):
    path = tmp_path / "a.txt"
    body = "Belarus hat am Donnerstag 52 Gefangene freigelassen, teilte die Opposition mit."
    path.write_text(
        f"Belarus lässt Gefangene frei\n\n11. September 2025\n\n{body}\n\n{heading}\n"
        "Polen öffnet Grenzübergang zu Belarus\nLitauen weist Diplomaten aus\n",
        encoding="utf-8",
    )
    (article,) = read_articles([path])
    assert article.paragraphs == [body]


# Check 61: the last round's inputs.


@pytest.mark.parametrize(
    "line",
    ["Follow Reuters' coverage of Belarus at https://www.reuters.com/world/",
     "Follow all of AP's coverage of the war at https://apnews.com/hub/russia-ukraine",
     "Follow AP's climate coverage at https://apnews.com/hub/climate",
     "More coverage of the war in Ukraine: https://apnews.com/hub/russia-ukraine",
     "See also https://www.dw.com/en/belarus/t-12345",
     "Read more about the sanctions at https://www.consilium.europa.eu",
     "For the latest news, visit https://example.org",
     "Lesen Sie auch: Polen öffnet Grenzübergang zu Belarus"],
)  # fmt: skip
def test_more_link_furniture_goes(tmp_path, line):
    body = "The European Union extended its sanctions on Belarus on Monday for another year."
    path = tmp_path / "a.txt"
    path.write_text(f"EU extends sanctions\n\n4 May 2025\n\n{body}\n\n{line}\n", "utf-8")
    (article,) = read_articles([path])
    assert article.paragraphs == [body]


@pytest.mark.parametrize(
    ("byline", "author"),
    [("Por Lucía Fernández, enviada especial en Minsk", "Lucía Fernández"),
     ("di Marco Rossi, inviato a Bruxelles", "Marco Rossi"),
     ("Von Anna Schmidt, Auslandskorrespondentin", "Anna Schmidt")],
)  # fmt: skip
def test_envoys_and_compound_roles_are_roles(byline, author):
    from classify.articles import _byline_author, strip_role

    assert _byline_author(strip_role(byline)) == author


def test_a_name_and_a_title_that_is_no_newsroom_role_stays_text(tmp_path):
    body = "The government announced on Thursday that the border would reopen next month."
    path = tmp_path / "a.txt"
    path.write_text(
        f"Border to reopen\n\n12 March 2019\n\nKaja Kallas, EU foreign policy chief\n\n{body}\n",
        "utf-8",
    )
    (article,) = read_articles([path])
    assert article.author is None
    assert article.paragraphs == ["Kaja Kallas, EU foreign policy chief", body]


@pytest.mark.parametrize("joiner", ["\u200c", "\u200d"])
def test_a_loose_joiner_hides_no_header_line_and_a_joining_one_stays(tmp_path, joiner):
    from classify.text import normal_text

    path = tmp_path / "a.txt"
    path.write_text(
        f"Border reopens\n\n{joiner}4 March 2024{joiner}\n\n{joiner}By Olga Petrova{joiner}\n\n"
        "Lithuania and Belarus agreed on Monday to reopen a crossing.\n",
        encoding="utf-8",
    )
    (article,) = read_articles([path])
    assert (article.date, article.author) == ("2024-03-04", "Olga Petrova")
    assert normal_text("\u0645\u200c\u0649") == "\u0645\u200c\u0649"


def test_a_bookmarked_card_inside_the_article_dates_nothing(tmp_path):
    card = (
        '<article class="card"><a rel="bookmark" href="/old">Lithuania closes border crossing '
        'after dispute</a> <a rel="bookmark" href="/old"><time datetime="2021-11-09">9 Nov 2021'
        "</time></a></article>"
    )
    page = PAGE.format(box="x", own="").replace("</article></body>", card + "</article></body>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (article,) = read_articles([path])
    assert article.date is None


def test_names_and_role_right_under_the_date_line_in_its_block_are_the_byline(tmp_path):
    body = "The government announced on Thursday that the embassy in Minsk would reopen."
    path = tmp_path / "a.txt"
    path.write_text(
        f"Embassy reopens\n\nMarch 12, 2019\nJane Doe and Jo Kim, Staff Reporters\n\n{body}\n",
        encoding="utf-8",
    )
    (article,) = read_articles([path])
    assert (article.author, article.caption) == ("Jane Doe and Jo Kim", None)
    assert article.paragraphs == [body]


def test_names_and_role_as_a_pages_first_paragraph_are_its_byline(tmp_path):
    body = "The government of Lithuania announced on Monday that it would reopen two crossings."
    page = (
        "<html><head><title>Lithuania to reopen crossings</title></head><body><article>"
        "<h1>Lithuania to reopen crossings</h1><p>March 4, 2024</p>"
        f"<p>Jane Doe and Jo Kim, Staff Reporters</p><p>{body}</p>"
        "<p>Customs officers will return to the posts next week, the ministry said.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (article,) = read_articles([path])
    assert (article.date, article.author) == ("2024-03-04", "Jane Doe and Jo Kim")
    assert article.paragraphs[0] == body
