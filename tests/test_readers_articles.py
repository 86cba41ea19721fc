"""The seed layout read by shape, saved web pages, and encodings, on
articles of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from classify.articles import match_dateline, parse_article, read_articles
from classify.data import load_examples
from classify.errors import ClassifyError
from classify.tables import ReadOptions
from classify.units import make_units

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"


def _article(
    date_line: str = "World | March 3, 2024",
    byline: str = "By Ana Lima",
    first: str = "LISBON (Reuters) - Ministers met on Monday.",
    tail: str = "",
) -> str:
    return (
        f"Ministers meet in Lisbon\n\n{date_line}\n\n{byline}\n\n{first}\n\n"
        f"They agreed to meet again.\n{tail}"
    )


@pytest.mark.parametrize(
    "line,section,iso",
    [
        ("World | Sept. 11, 2025", "World", "2025-09-11"),
        ("Europe | 11 September 2025", "Europe", "2025-09-11"),
        ("Sept. 11, 2025", None, "2025-09-11"),
        ("2025-09-11T08:15:00Z", None, "2025-09-11"),
        ("Business | Jan. 5, 2024 Updated 2 hours ago", "Business", "2024-01-05"),
        ("Americas | Sept 11, 2025 · 4:05 PM UTC", "Americas", "2025-09-11"),
        ("Thu 11 Sep 2025 14.03 BST", None, "2025-09-11"),
        ("Europe | Updated Sept. 12, 2025", "Europe", "2025-09-12"),
    ],
)
def test_date_line_with_or_without_section(line, section, iso):
    a = parse_article(_article(date_line=line), id="x")
    assert (a.section, a.date) == (section, iso)
    assert a.paragraphs[0] == "Ministers met on Monday."


@pytest.mark.parametrize(
    "byline,author",
    [
        ("By Ana Lima", "Ana Lima"),
        ("By Ana María O'Neil-Brown and Jo Kim", "Ana María O'Neil-Brown and Jo Kim"),
        ("By Żaneta Ōno", "Żaneta Ōno"),
        ("By Jane Doe and Jo Kim in London", "Jane Doe and Jo Kim"),
    ],
)
def test_byline_from_a_short_by_name_line(byline, author):
    assert parse_article(_article(byline=byline), id="x").author == author


def test_date_line_and_byline_right_under_the_headline():
    text = "Envoys meet\nWorld | March 3, 2024\nBy Ana Lima\n\nLISBON (Reuters) - Talks began.\n"
    a = parse_article(text, id="x")
    assert (a.title, a.date, a.author, a.paragraphs) == (
        "Envoys meet",
        "2024-03-03",
        "Ana Lima",
        ["Talks began."],
    )


def test_a_paragraph_starting_with_by_is_body_text():
    text = (
        "Talks stall\n\nWorld | March 3, 2024\n\n"
        "By the end of the week, officials said, no deal was in sight.\n\nMore talks follow."
    )
    a = parse_article(text, id="x")
    assert a.author is None
    assert a.paragraphs[0].startswith("By the end of the week")


@pytest.mark.parametrize(
    "first,place,source,rest",
    [
        ("SÃO PAULO (Reuters) -Brazil agreed.", "SÃO PAULO", "Reuters", "Brazil agreed."),
        ("BOGOTÁ, May 2 (Reuters) - Talks began.", "BOGOTÁ", "Reuters", "Talks began."),
        ("KYIV, Ukraine (AP) — Sirens sounded.", "KYIV, Ukraine", "AP", "Sirens sounded."),
        ("BRUSSELS — The bloc agreed.", "BRUSSELS", None, "The bloc agreed."),
        ("İSTANBUL (AFP) – Envoys met.", "İSTANBUL", "AFP", "Envoys met."),
        ("(Reuters) -Envoys met.", None, "Reuters", "Envoys met."),
        ("São Paulo (AFP) - Talks began.", "São Paulo", "AFP", "Talks began."),
        ("ŁÓDŹ, Poland (AP) — Envoys met.", "ŁÓDŹ, Poland", "AP", "Envoys met."),
    ],
)
def test_datelines_of_any_script_region_or_no_agency(first, place, source, rest):
    a = parse_article(_article(first=first), id="x")
    assert (a.dateline, a.source, a.paragraphs[0]) == (place, source, rest)


@pytest.mark.parametrize(
    "first",
    [
        "NATO-led forces withdrew on Monday.",
        "The talks (which began in May) - officials said - went well.",
        "EU leaders met (again) on Friday.",
        "The EU (the bloc) - as expected - agreed.",
        "Paris — the city of light — welcomed them.",
    ],
)
def test_no_dateline_is_stolen_from_body_text(first):
    assert match_dateline(first) is None
    assert parse_article(_article(first=first), id="x").paragraphs[0] == first


@pytest.mark.parametrize(
    "tail",
    [
        "\n(Reporting by Jo Kim; Editing by Ana Lima)\n\nOur Standards: The Thomson Reuters Trust Principles.\n",
        "\n(Reporting by Jo Kim)\n© 2024 Example Wire. All rights reserved.\n",
        "\nReporting by Jo Kim; Editing by Ana Lima\n\nCopyright 2024 Example Wire\n\nOur Standards: trust.\n",
        "\n(Reporting by Jo Kim)\n\nPurchase Licensing Rights, opens new tab\n\nRead the full story online.\n",
    ],
)
def test_credit_line_found_and_boilerplate_never_a_unit(tail):
    a = parse_article(_article(tail=tail), id="x")
    assert a.credits is not None and a.credits.startswith("Reporting by Jo Kim")
    assert a.paragraphs == ["Ministers met on Monday.", "They agreed to meet again."]


def test_a_paragraph_starting_reporting_by_is_body_text():
    tail = "\nReporting by state media said the talks had failed.\n"
    a = parse_article(_article(tail=tail), id="x")
    assert a.credits is None
    assert a.paragraphs[-1] == "Reporting by state media said the talks had failed."


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "Envoys meet\n\nWorld | March 3, 2024\n\nBy Ana Lima\n\n"
        "LISBON (Reuters) - Ministers met on\nMonday and agreed to reopen\nembassies.\n\n"
        "They will meet again\nnext month.\n"
    )
    a = parse_article(text, id="x")
    assert a.paragraphs == [
        "Ministers met on Monday and agreed to reopen embassies.",
        "They will meet again next month.",
    ]
    assert a.dateline == "LISBON"


HTML = """<!doctype html><html><head>
<title>Envoys agree to reopen embassies | Example Wire</title>
<meta name="author" content="Ana Lima">
<meta property="og:site_name" content="Example Wire">
<meta property="og:title" content="Envoys agree to reopen embassies">
<meta property="article:published_time" content="2024-03-03T09:30:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Envoys agree to reopen embassies</h1>
<p>LISBON (Reuters) - Ministers of both countries met in Lisbon on Monday and agreed to reopen their embassies after three years.</p>
<p>The two governments cut ties in 2021 after a dispute over the expulsion of several diplomats from both capitals.</p>
<p>Officials said a joint commission would meet next month to prepare the exchange of ambassadors.</p>
<p>(Reporting by Jo Kim; Editing by Ana Lima)</p>
</article>
<footer><p>© 2024 Example Wire. All rights reserved.</p></footer>
</body></html>
"""


def test_html_page_read_with_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, "utf-8")
    (a,) = read_articles(path)
    assert a.title == "Envoys agree to reopen embassies"
    assert (a.date, a.author, a.site) == ("2024-03-03", "Ana Lima", "Example Wire")
    assert (a.dateline, a.source) == ("LISBON", "Reuters")
    assert a.credits == "Reporting by Jo Kim; Editing by Ana Lima"
    assert len(a.paragraphs) == 3 and a.paragraphs[0].startswith("Ministers of both")
    assert not any("Home" in p or "rights reserved" in p for p in a.paragraphs)
    units = load_examples([path], unit="paragraph", labelled=False)
    assert units.ids == ["page:p1", "page:p2", "page:p3"]
    assert set(units.dates) == {"2024-03-03"}
    unit = make_units(read_articles(path), "paragraph")[0]
    assert (unit.title, unit.author, unit.site) == (a.title, "Ana Lima", "Example Wire")


def test_html_folder_and_htm_suffix(tmp_path):
    (tmp_path / "a.htm").write_text(HTML, "utf-8")
    (tmp_path / "b.txt").write_text(_article(), "utf-8")
    assert [a.id for a in read_articles(tmp_path)] == ["a", "b"]


def test_empty_page_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body></body></html>")
    with pytest.raises(ClassifyError, match=r"empty\.html: no article text found"):
        read_articles(path)


def test_not_utf8_article_named_or_decoded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(_article(first="BOGOTÁ (Reuters) - Talks began.").encode("latin-1"))
    with pytest.raises(ClassifyError, match=r"old\.txt: not UTF-8 text"):
        read_articles(path)
    (a,) = read_articles(path, options=ReadOptions(encoding="latin-1"))
    assert a.dateline == "BOGOTÁ"
    with pytest.raises(ClassifyError, match="key 'encoding'"):
        ReadOptions(encoding="no-such-codec")


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases absent")
def test_handed_article_cases():
    folder = CASES / "articles"
    a = parse_article((folder / "abbreviated-month.txt").read_text(), id="a")
    assert a.date == "2025-09-11"
    b = parse_article((folder / "credit-then-boilerplate.txt").read_text(), id="b")
    assert b.credits and not any("Standards" in p or "Reporting" in p for p in b.paragraphs)
    c = parse_article((folder / "accented-dateline.txt").read_text(), id="c")
    assert (c.dateline, c.source) == ("SÃO PAULO", "Reuters")
    assert not c.paragraphs[0].startswith("SÃO")


def test_a_section_date_line_that_cannot_be_read_is_refused(tmp_path):
    path = tmp_path / "bad-date.txt"
    path.write_text("Headline\n\nWorld | Sept. 31, 2025\n\nBody text here.\n")
    with pytest.raises(ClassifyError, match=r"bad-date\.txt: date line .*cannot read date"):
        read_articles(path)
    opts = ReadOptions(on_error="skip")
    good = tmp_path / "good.txt"
    good.write_text(_article())
    assert [a.id for a in read_articles(tmp_path, options=opts)] == ["good"]
    assert opts.skipped[0].file == str(path)


def test_html_page_in_its_declared_charset(tmp_path):
    path = tmp_path / "old.htm"
    page = HTML.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "LISBON (Reuters)", "BOGOTÁ (Reuters)"
    )
    path.write_bytes(page.encode("cp1252"))
    (a,) = read_articles(path)
    assert a.dateline == "BOGOTÁ"


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(_article(first="SÃO PAULO (Reuters) - Talks began.").encode("utf-16"))
    (a,) = read_articles(path)
    assert (a.dateline, a.paragraphs[0]) == ("SÃO PAULO", "Talks began.")


@pytest.mark.parametrize(
    "opening",
    [
        # Two sentences, as an archive export without a headline line opens.
        "The embassy in Minsk reopened on 3 March 2019 after a long gap. Diplomats were pleased.",
        # One long sentence.
        "Envoys of the two countries met in Vienna on Friday to discuss the return of "
        "ambassadors and the easing of flight bans.",
    ],
)
def test_a_txt_file_without_a_headline_keeps_its_first_paragraph(tmp_path, opening):
    # The first paragraph was taken for the headline and lost as a unit
    # (review 25a).
    path = tmp_path / "a.txt"
    path.write_text(f"{opening}\n\nA spokesman said the ambassador would arrive.\n")
    article = parse_article(path.read_text(), id="a", path=str(path))
    assert article.title is None and article.meta["no_headline"] is True
    assert article.paragraphs == [opening, "A spokesman said the ambassador would arrive."]


@pytest.mark.parametrize(
    "headline",
    ["Talks resume.", "Mr. Lukashenko frees prisoners.", "Is Minsk opening up?", "Embassy reopens"],
)
def test_short_headlines_stay_headlines_with_or_without_a_full_stop(headline):
    article = parse_article(f"{headline}\n\nEnvoys met on Friday.\n", id="a")
    assert article.title == headline and article.paragraphs == ["Envoys met on Friday."]


def test_an_outlet_name_above_the_date_line_is_the_source_not_the_headline():
    # "The Guardian" / date / headline: the headline was taken for a photo
    # caption and dropped (review 25a).
    text = (
        "The Guardian\nTuesday 12 March 2019\nBelarus opens up to the West\n\n"
        "Belarus took steps toward the West on Tuesday.\n\nAnalysts were sceptical.\n"
    )
    article = parse_article(text, id="g")
    assert (article.title, article.source, article.date) == (
        "Belarus opens up to the West",
        "The Guardian",
        "2019-03-12",
    )
    assert article.paragraphs == [
        "Belarus took steps toward the West on Tuesday.",
        "Analysts were sceptical.",
    ]
    # A headline, its date line and a caption sentence keep their roles.
    text = (
        "Envoys agree to reopen embassies\nSept. 11, 2025\nThe envoys met in Vienna.\n\n"
        "By Ana Lima\n\nVIENNA (Reuters) - Envoys agreed on Thursday.\n"
    )
    article = parse_article(text, id="h")
    assert article.title == "Envoys agree to reopen embassies"
    assert "masthead" not in article.meta and article.source is None


@pytest.mark.parametrize(
    "line,iso",
    [
        ("Publicado em 16/03/2019 às 10h30", "2019-03-16"),
        ("Actualizado: 12/03/2019 10:15", "2019-03-12"),
        ("Aktualisiert am 14.03.2019, 08:00 Uhr", "2019-03-14"),
        ("Mis à jour le 12 mars 2019 à 14h30", "2019-03-12"),
        ("Опубликовано 17.03.2019 12:00", "2019-03-17"),
        ("Pubblicato il 15 marzo 2019", "2019-03-15"),
        ("Gepubliceerd op 12 maart 2019 om 10:00", "2019-03-12"),
        ("16/03/2019 às 10h30", "2019-03-16"),
    ],
)
def test_date_lines_stamped_in_other_languages_are_header(line, iso):
    # review 25d: the line became a labelled unit and the article had no date.
    article = parse_article(f"Headline here\n\n{line}\n\nThe body of the article.\n", id="x")
    assert article.date == iso and article.paragraphs == ["The body of the article."]


@pytest.mark.parametrize(
    "byline,author",
    [
        ("Por María López y Ana Gómez", "María López y Ana Gómez"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("Par Jean Dupont | Le Monde", "Jean Dupont"),
        ("di Marco Rossi", "Marco Rossi"),
        ("Автор: Иван Петров", "Иван Петров"),
    ],
)
def test_bylines_in_other_languages_are_header(byline, author):
    text = f"Headline here\n\nMarch 12, 2019\n\n{byline}\n\nThe body of the article.\n"
    article = parse_article(text, id="x")
    assert article.author == author and article.paragraphs == ["The body of the article."]


def test_a_spanish_credit_line_is_no_unit():
    text = (
        "Headline here\n\nMADRID, 12 mar (Reuters) - El gobierno levantó sanciones.\n\n"
        "(Información de Ana Gómez; Editado por Luis Pérez)\n"
    )
    article = parse_article(text, id="x")
    assert article.paragraphs == ["El gobierno levantó sanciones."]
    assert article.credit_roles == {"reporting": "Ana Gómez", "editing": "Luis Pérez"}


@pytest.mark.parametrize(
    "text",
    [
        "Der Spiegel | Donnerstag, 14. März 2019, 08:00 Uhr\nUSA lockern Sanktionen\n\nBody.\n",
        "Folha de S.Paulo\nUSA lockern Sanktionen\n14 de março de 2019\n\nBody.\n",
        "Le Monde\n\n14 mars 2019\n\nUSA lockern Sanktionen\n\nPARIS (AFP) - Body.\n",
    ],
)
def test_outlet_names_above_the_headline_in_other_layouts(text):
    # review 25d: the outlet was glued into the title, or became it.
    article = parse_article(text, id="x")
    assert article.title == "USA lockern Sanktionen" and article.date == "2019-03-14"
    assert article.source == article.meta["masthead"] != "AFP"
    assert article.paragraphs == ["Body."]


@pytest.mark.parametrize(
    "text",
    [
        # review 25f: a blank line after the masthead's date line, or the
        # name alone with the headline, byline and date line in blocks.
        "The Guardian\nTuesday 12 March 2019\n\nBelarus opens up to the West\n\nBody text.\n",
        "The New York Times\n\nBelarus opens up to the West\n\nBy David Sanger\n\n"
        "March 12, 2019\n\nBody text.\n",
        "The New York Times\nBelarus opens up to the West\nBy David Sanger\nMarch 12, 2019\n\n"
        "Body text.\n",
    ],
)
def test_a_masthead_with_blank_lines_or_a_byline(text):
    article = parse_article(text, id="x")
    assert article.title == "Belarus opens up to the West" and article.date == "2019-03-12"
    assert article.source == article.meta["masthead"] and article.paragraphs == ["Body text."]


def test_a_guardian_name_with_its_place_above_the_date_line():
    # review 25f: "Pjotr Sauer in Moscow" made the whole header body text.
    text = (
        "Putin signs decree\n\nPjotr Sauer in Moscow\nSat 21 Jun 2025 18.41 BST\n\n"
        "The Kremlin said on Saturday that talks would go on.\n"
    )
    article = parse_article(text, id="g")
    assert (article.author, article.date) == ("Pjotr Sauer", "2025-06-21")
    assert article.paragraphs == ["The Kremlin said on Saturday that talks would go on."]
    # Elsewhere a title-case line with "in Place" is no name.
    text = "The New York Times\nU.S. Reopens Embassy in Minsk\nSept. 11, 2025\n\nBody text.\n"
    assert parse_article(text, id="n").title == "U.S. Reopens Embassy in Minsk"


@pytest.mark.parametrize(
    "standfirst",
    ["Opposition cries foul over count", "The opposition says the count was rigged."],
)
def test_a_standfirst_and_its_date_line_in_one_block(standfirst):
    # review 25j: the date was lost and both lines became a body unit.
    text = f"Belarus vote\n\n{standfirst}\nSept. 11, 2025\n\nThe count was disputed on Monday.\n"
    article = parse_article(text, id="s")
    assert (article.date, article.meta.get("standfirst")) == ("2025-09-11", standfirst)
    assert article.paragraphs == ["The count was disputed on Monday."]


PLAIN = "Baltic grids leave the Soviet-era ring\n\n{body}\n\nThe move ends decades of reliance on the old grid.\n{tail}"


@pytest.mark.parametrize(
    "tail",
    [
        "\n(Reporting by Andrius Sytas; Editing by Mark Heinrich)\n",
        "\nReporting by Jonas Petrauskas; Editing by Anna Kowalska\n\n© 2024 Example Wire\n",
        "\n(Reporting by Jo Kim;\nEditing by Ana Lima)\n",
    ],
)
def test_a_plain_articles_credit_line_is_no_unit(tail):
    # A wire story copied from a browser without its date line reads as
    # plain; its credit line is still no prose (review 27a).
    body = "Three Baltic states agreed on Tuesday to synchronise their power grids."
    a = parse_article(PLAIN.format(body=body, tail=tail), id="x")
    assert a.meta["layout"] == "plain"
    assert a.credits is not None and a.credits.startswith("Reporting by")
    assert a.paragraphs == [body, "The move ends decades of reliance on the old grid."]


def test_a_plain_articles_body_opening_reporting_by_stays():
    last = "Reporting by state media said the talks had failed."
    a = parse_article(PLAIN.format(body="Talks were held.", tail=f"\n{last}\n"), id="x")
    assert a.credits is None and a.paragraphs[-1] == last


@pytest.mark.parametrize("mark", ["Enditem", "(END)", "ENDS", "###", "-- END --", "End item"])
@pytest.mark.parametrize("wire", [True, False])
def test_a_wires_end_of_story_mark_is_no_unit(mark, wire):
    head = "BEIJING, March 5 (Xinhua) -- " if wire else ""
    text = f"China and Japan hold talks\n\n{head}China and Japan held talks on Tuesday.\n\n{mark}\n"
    a = parse_article(text, id="x")
    assert a.meta["layout"] == ("wire" if wire else "plain")
    assert a.paragraphs == ["China and Japan held talks on Tuesday."]


def test_end_as_a_word_in_a_sentence_stays():
    text = "Talks end\n\nThe talks ended on Tuesday.\n\nEnds of wars are rarely neat.\n"
    assert parse_article(text, id="x").paragraphs[-1] == "Ends of wars are rarely neat."


BYLINE_PAGE = """<html><head><title>Talks resume | Caucasus Today</title></head><body>
<div id="page"><div class="wrap"><article><h1>Armenia and Azerbaijan agree on a border commission</h1>
<div class="meta"><span>By Anahit Sargsyan</span> &middot; <time datetime="2024-03-09">March 9,
2024</time> &middot; 3 min read</div>
<p>YEREVAN, March 9 (Reuters) - Armenia and Azerbaijan agreed on Saturday to set up a joint
commission to delimit their border, the first since the 1990s.</p>
<p>The commission will meet every two months, alternating between the two capitals.</p>
<p>By the end of the day no map had been agreed, officials said.</p>
</article></div></div></body></html>"""


def test_a_byline_in_a_pages_meta_block_gives_the_author(tmp_path):
    # The extractor leaves "By NAME · DATE · 3 min read" out of the text;
    # the page still shows it above the body (review 27a).
    path = tmp_path / "page.html"
    path.write_text(BYLINE_PAGE, "utf-8")
    (a,) = read_articles(path)
    assert (a.author, a.date) == ("Anahit Sargsyan", "2024-03-09")
    assert a.paragraphs[-1] == "By the end of the day no map had been agreed, officials said."


def test_a_by_line_below_the_body_is_no_author(tmp_path):
    page = BYLINE_PAGE.replace("<span>By Anahit Sargsyan</span> &middot; ", "")
    page = page.replace("By the end of the day", "By Ana Lima")
    path = tmp_path / "page.html"
    path.write_text(page, "utf-8")
    (a,) = read_articles(path)
    assert a.author is None


@pytest.mark.parametrize(
    "line,author",
    [
        ("By Jane Doe · March 9, 2024 · 3 min read", "Jane Doe"),
        ("By Jane Doe • Reuters", "Jane Doe"),
        ("By Jane Doe | November 24, 2022", "Jane Doe"),
    ],
)
def test_a_bylines_name_ends_at_a_bar_or_a_middle_dot(line, author):
    text = f"Envoys meet\n{line}\n\nLISBON (Reuters) - Envoys met on Monday.\n"
    a = parse_article(text, id="x")
    assert a.author == author
    assert a.paragraphs == ["Envoys met on Monday."]


def test_a_table_with_an_article_id_column_and_no_id_column_says_so(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Article ID;Body\n1;Envoys met.\n2;Talks resumed.\n", "utf-8")
    with pytest.warns(UserWarning, match=r"no 'id' column.*'Article ID'.*id_column='Article ID'"):
        articles = read_articles(path, options=ReadOptions(text_column="Body"))
    assert [a.id for a in articles] == ["export-2", "export-3"]
    # Named, it is the rows' id.
    named = read_articles(path, options=ReadOptions(text_column="Body", id_column="Article ID"))
    assert [a.id for a in named] == ["1", "2"]


SHOWN_DATE_PAGE = """<html><head><meta charset="utf-8"><title>Envoy visit signals thaw</title>
{meta}</head><body><article><h1>Envoy visit signals thaw</h1>
<p class="byline">By Priya Nair · {shown} · 2 min read</p>
<p>A senior envoy arrived in the capital on Sunday, the first visit at that level in years.</p>
<p>Officials on both sides described the visit as a sign of a thaw.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    "shown,order,iso",
    [
        ("3/4/2024", "month-first", "2024-03-04"),
        ("3/4/2024", "day-first", "2024-04-03"),
        # A date that reads one way only is that date, in either setting.
        ("14/02/2024", "month-first", "2024-02-14"),
        ("02/14/2024", "day-first", "2024-02-14"),
    ],
)
def test_a_date_shown_only_in_a_pages_text_is_read_in_the_date_order(tmp_path, shown, order, iso):
    # htmldate guessed the order of "3/4/2024" itself, whatever the setting (review 27d).
    path = tmp_path / "page.html"
    path.write_text(SHOWN_DATE_PAGE.format(meta="", shown=shown), "utf-8")
    (a,) = read_articles(path, options=ReadOptions(date_order=order))
    assert (a.author, a.date) == ("Priya Nair", iso)


def test_a_pages_date_markup_wins_over_the_date_it_shows(tmp_path):
    meta = '<meta property="article:published_time" content="2024-04-03T09:00:00Z">'
    path = tmp_path / "page.html"
    path.write_text(SHOWN_DATE_PAGE.format(meta=meta, shown="3/4/2024"), "utf-8")
    (a,) = read_articles(path, options=ReadOptions(date_order="month-first"))
    assert a.date == "2024-04-03"


def test_a_headline_column_is_the_title(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("id,Headline,text\n1,Envoys meet,Envoys met on Monday.\n", "utf-8")
    (a,) = read_articles(path)
    assert a.title == "Envoys meet" and "Headline" not in a.meta


@pytest.mark.parametrize(
    "line",
    [
        "<p>14/02/2024</p>",
        "<p>14/02/2024 09:15</p>",
        "<p>By Maria Novak · 14/02/2024 · 2 min read</p>",
    ],
)
@pytest.mark.parametrize("order", ["day-first", "month-first"])
def test_a_pages_date_in_its_paragraphs_that_reads_one_way_is_that_date(tmp_path, line, order):
    # A page shows one date; it never stops a folder read in the other order
    # (review 27f: "14/02/2024" stopped every command under month-first).
    page = (
        "<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1>"
        f"{line}<p>Negotiators met in Brussels on Tuesday for the first time in months.</p>"
        "<p>They agreed to meet again in March.</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, "utf-8")
    (a,) = read_articles(path, options=ReadOptions(date_order=order))
    assert a.date == "2024-02-14"
    assert not any("14/02/2024" in p for p in a.paragraphs)


@pytest.mark.parametrize(
    "first,place",
    [
        ("REYKJAVÍK —The two governments agreed on Monday to talk.", "REYKJAVÍK"),
        ("BRUSSELS --The EU said it would widen the sanctions.", "BRUSSELS"),
        ("BRUSSELS –The EU said it would widen the sanctions.", "BRUSSELS"),
    ],
)
def test_a_bare_datelines_dash_may_be_glued_to_the_next_word(first, place):
    # Copied web text drops the space after the dash (review 27e).
    got = match_dateline(first)
    assert got is not None and got[0] == place and first[got[2] :].startswith("The")


@pytest.mark.parametrize(
    "first", ["UK —EU talks resumed.", "MINSK -The talks began.", "X-ray —the scan."]
)
def test_a_glued_dash_is_still_no_dateline_where_a_spaced_one_is_not(first):
    assert match_dateline(first) is None


def test_dataframe_ids_stored_as_floats_read_as_the_integers_they_were(tmp_path):
    import pandas as pd

    from classify.memory import memory_articles

    # pandas stores an integer column with a gap as floats (7.0, NaN, 1000.0).
    frame = pd.DataFrame({"id": [7, None, 1000], "text": ["a b", "c d", "e f"]})
    # The row missing its id is named as a file's row is, never "1".
    assert [a.id for a, _ in memory_articles(frame)] == ["7", "DataFrame-1", "1000"]
    frame.to_parquet(tmp_path / "ids.parquet")
    assert [a.id for a in read_articles(tmp_path / "ids.parquet")][::2] == ["7", "1000"]
    # A fraction stays, and JSONL keeps ids as written.
    assert [a.id for a, _ in memory_articles(pd.DataFrame({"id": [1.5], "text": ["x y"]}))] == [
        "1.5"
    ]
    (tmp_path / "ids.jsonl").write_text('{"id": 2.0, "text": "x y"}\n', "utf-8")
    assert [a.id for a in read_articles(tmp_path / "ids.jsonl")] == ["2.0"]


def test_dates_pandas_completed_are_warned_about(tmp_path):
    import pandas as pd

    from classify.memory import memory_articles

    rows = ["2016-05-02", "2016-11-20", "2017", "2017-06", "2017-08-09"]
    path = tmp_path / "d.jsonl"
    path.write_text(
        "".join(f'{{"id": "{i}", "date": "{d}", "text": "t {i}"}}\n' for i, d in enumerate(rows)),
        "utf-8",
    )
    parsed = pd.read_json(path, lines=True, dtype={"date": str})
    with pytest.warns(UserWarning, match=r"2 of 5 on the first of a month \(about 1 expected\)"):
        list(memory_articles(parsed))
    # Read as the README says, the precision is kept and nothing is said.
    kept = pd.read_json(path, lines=True, dtype=False)
    assert [a.date for a, _ in memory_articles(kept)] == rows
