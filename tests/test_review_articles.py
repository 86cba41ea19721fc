"""Reviewer findings on real article shapes: date lines with times and
"Updated", credit lines broken over lines, a dateline right under the date
line, hyphenated places and the no-agency dateline rule, compact ISO dates.
All inputs are our own."""

from __future__ import annotations

import pytest

from classify.articles import match_dateline, parse_article
from classify.dates import parse_date
from classify.errors import ClassifyError


def _doc(date_line: str, first: str = "LIMA (Reuters) - Peru voted.", tail: str = "") -> str:
    return f"Peru votes\n\n{date_line}\n\nBy Jo Kim\n\n{first}\n\nTurnout was high.\n{tail}"


@pytest.mark.parametrize(
    "line,section,iso",
    [
        ("June 7, 2023 9:05 PM GMT+1 Updated 2 hours ago", None, "2023-06-07"),
        ("Americas | 7 June 2023 | 21:05", "Americas", "2023-06-07"),
        ("Markets | June 7, 2023 | Updated 12 minutes ago", "Markets", "2023-06-07"),
        ("7 Jun 2023 21:05 BST · Updated an hour ago", None, "2023-06-07"),
        ("Asia | Jun. 7, 2023 10:00 a.m. ET", "Asia", "2023-06-07"),
        ("20230607", None, "2023-06-07"),
    ],
)
def test_date_line_with_time_zone_and_updated(line, section, iso):
    a = parse_article(_doc(line), id="x")
    assert (a.section, a.date, a.caption) == (section, iso, None)
    assert a.paragraphs == ["Peru voted.", "Turnout was high."]


@pytest.mark.parametrize("line", ["World | Sept. 11", "Sport | 3 March", "Europe | Jan 5 10:31"])
def test_date_line_without_a_year_is_no_body_and_no_date(line):
    a = parse_article(_doc(line), id="x")
    assert a.date is None and a.meta["date_written"] == line
    assert a.paragraphs == ["Peru voted.", "Turnout was high."]


@pytest.mark.parametrize(
    "tail,credits",
    [
        (
            "(Reporting by Jo Kim;\nEditing by Ana Lima)\n",
            "Reporting by Jo Kim; Editing by Ana Lima",
        ),
        ("Reporting by Jo Kim;\nEditing by Ana Lima\n", "Reporting by Jo Kim; Editing by Ana Lima"),
        (
            "(Reporting by Jo Kim in Lima and\nAna Lima in Quito; Editing by Tom Roe)\n"
            "Our Standards: The Thomson Reuters Trust Principles.\n",
            "Reporting by Jo Kim in Lima and Ana Lima in Quito; Editing by Tom Roe",
        ),
        (
            "\n(Reporting by Jo Kim)\n\n(Editing by Ana Lima)\n",
            "Reporting by Jo Kim; Editing by Ana Lima",
        ),
        ("(Reporting by Jo Kim,\nWriting by Ana Lima)\nRead more online.\n", None),
    ],
)
def test_credit_line_broken_over_lines_is_one_credit(tail, credits):
    a = parse_article(_doc("June 7, 2023", tail="\n" + tail), id="x")
    if credits is None:
        assert a.credits == "Reporting by Jo Kim, Writing by Ana Lima"
        assert a.meta["trailer"] == ["Read more online."]
    else:
        assert a.credits == credits
    assert a.paragraphs == ["Peru voted.", "Turnout was high."]


def test_reporting_by_lowercase_is_body_even_when_wrapped():
    a = parse_article(
        _doc("June 7, 2023", tail="\nReporting by local radio said\nthe count was slow.\n"), id="x"
    )
    assert a.credits is None
    assert a.paragraphs[-1] == "Reporting by local radio said the count was slow."


@pytest.mark.parametrize(
    "first,place,source",
    [
        ("QUITO (Reuters) - Ecuador acted on Monday.", "QUITO", "Reuters"),
        ("QUITO, Ecuador (AP) — Ecuador acted on Monday.", "QUITO, Ecuador", "AP"),
        ("QUITO — Ecuador acted on Monday.", "QUITO", None),
    ],
)
def test_dateline_right_under_the_date_line_is_body(first, place, source):
    text = f"Ecuador acts\n\nPolitics | June 7, 2023\n{first}\n\nSecond paragraph.\n"
    a = parse_article(text, id="x")
    assert (a.caption, a.dateline, a.source) == (None, place, source)
    assert a.paragraphs == ["Ecuador acted on Monday.", "Second paragraph."]


def test_caption_in_the_date_block_still_a_caption():
    text = "Ecuador acts\n\nPolitics | June 7, 2023\nA voter casts a ballot in Quito\n\nQUITO (Reuters) - It began.\n"
    a = parse_article(text, id="x")
    assert a.caption == "A voter casts a ballot in Quito"
    assert (a.dateline, a.paragraphs) == ("QUITO", ["It began."])


@pytest.mark.parametrize(
    "first,place,source,rest",
    [
        ("PORT-AU-PRINCE, Haiti (AP) — Gangs fled.", "PORT-AU-PRINCE, Haiti", "AP", "Gangs fled."),
        ("PORT-AU-PRINCE (Reuters) - Gangs fled.", "PORT-AU-PRINCE", "Reuters", "Gangs fled."),
        ("WINSTON-SALEM, N.C. (AP) — A plant shut.", "WINSTON-SALEM, N.C.", "AP", "A plant shut."),
        ("AIX-EN-PROVENCE — Farmers protested.", "AIX-EN-PROVENCE", None, "Farmers protested."),
        ("ST. LOUIS (AP) — A bridge opened.", "ST. LOUIS", "AP", "A bridge opened."),
        ("GAZA CITY - Strikes hit the north.", "GAZA CITY", None, "Strikes hit the north."),
        ("ROME — Italy voted.", "ROME", None, "Italy voted."),
        ("LA PAZ -- Bolivia voted.", "LA PAZ", None, "Bolivia voted."),
        ("BERLIN — “We agree,” she said.", "BERLIN", None, "“We agree,” she said."),
        ("BERLIN — 27 states agreed.", "BERLIN", None, "27 states agreed."),
    ],
)
def test_datelines_with_hyphens_and_free_dashes(first, place, source, rest):
    assert match_dateline(first) is not None
    a = parse_article(_doc("June 7, 2023", first=first), id="x")
    assert (a.dateline, a.source, a.paragraphs[0]) == (place, source, rest)


@pytest.mark.parametrize(
    "first",
    [
        "UK - EU talks resumed on Monday.",
        "US - China trade talks stalled.",
        "NATO - Russia contacts ended.",
        "UK — EU talks resumed on Monday.",
        "NATO — the alliance of 32 nations — said it would act.",
        "OPEC — The cartel, founded in 1960 — cut output.",
        "BRUSSELS — the bloc agreed.",
        "Berlin — Germany agreed.",
        "EU-UK relations improved.",
        "G7 — leaders met.",
    ],
)
def test_no_agency_rule_never_takes_body_text(first):
    assert match_dateline(first) is None
    assert parse_article(_doc("June 7, 2023", first=first), id="x").paragraphs[0] == first


@pytest.mark.parametrize(
    "value,iso",
    [
        ("20170605", "2017-06-05"),
        (20170605, "2017-06-05"),
        ("19991231", "1999-12-31"),
        ("20170605T101500Z", "2017-06-05"),
        ("2017", "2017"),
    ],
)
def test_compact_iso_date_is_year_month_day(value, iso):
    assert parse_date(value) == iso


@pytest.mark.parametrize("value", ["20171305", "20170631"])
def test_compact_date_out_of_range_is_refused(value):
    with pytest.raises(ClassifyError, match="YYYYMMDD"):
        parse_date(value)


def test_unknown_time_zone_does_not_warn(recwarn):
    assert parse_date("Sept. 11, 2025 4:05 PM ET") == "2025-09-11"
    assert not [w for w in recwarn if "tzname" in str(w.message)]


def _page(head: str = "", extra: str = "", year_text: str = "in 2015") -> str:
    body = "".join(
        f"<p>Paragraph {i} recalls the accord signed {year_text}, which reshaped trade in the"
        " region for a long time afterwards.</p>"
        for i in range(6)
    )
    return (
        f"<html><head><title>Accord</title>{head}</head><body><article><h1>Accord</h1>"
        f"{extra}{body}</article></body></html>"
    )


@pytest.mark.parametrize("year_text", ["in 2015", "on May 3, 2011", "back in 1998"])
def test_html_without_a_date_gets_none_not_a_guess_from_the_text(year_text):
    from classify.articles import parse_html

    assert parse_html(_page(year_text=year_text), id="x").date is None


@pytest.mark.parametrize(
    "head,extra,iso",
    [
        (
            '<meta property="article:published_time" content="2019-03-04T10:00:00Z">',
            "",
            "2019-03-04",
        ),
        ("", '<time datetime="2020-02-03">Feb 3</time>', "2020-02-03"),
        ('<meta name="date" content="2017-06-05">', "", "2017-06-05"),
    ],
)
def test_html_date_from_metadata_or_date_element(head, extra, iso):
    from classify.articles import parse_html

    assert parse_html(_page(head, extra), id="x").date == iso


@pytest.mark.parametrize(
    "line,section,iso",
    [
        ("Updated 3 hours ago | Sept. 11, 2025", None, "2025-09-11"),
        ("World | September 11, 2025 | 3 min read", "World", "2025-09-11"),
        ("World | 5-minute read | 11 September 2025", "World", "2025-09-11"),
        ("September 11, 20251:05 PM", None, "2025-09-11"),
        ("Published: Sept. 11, 2025 | Updated: Sept. 12, 2025", None, "2025-09-11"),
    ],
)
def test_web_stamps_anywhere_in_the_date_line(line, section, iso):
    a = parse_article(_doc(line), id="x")
    assert (a.section, a.date, a.caption) == (section, iso, None)
    assert a.paragraphs == ["Peru voted.", "Turnout was high."]


@pytest.mark.parametrize("line", ["Politics | Analysis | Opinion", "3 min read | Updated"])
def test_stamps_without_a_date_are_no_date_line(line):
    from classify.articles import _date_line

    assert _date_line(line, None) is None


def test_a_credit_broken_over_lines_counts_as_one_dropped_paragraph():
    tail = "\n(Reporting by Jo Kim in Lima and\nAna Lima in Quito; Editing by Tom Roe)\n"
    a = parse_article(_doc("June 7, 2023", tail=tail), id="x")
    assert a.credits is not None and a.meta["dropped_paragraphs"] == 1


_PAGE = """<html><head><title>Peru votes in a runoff</title></head><body><article>
<h1>Peru votes in a runoff</h1>{head}
<p>LIMA (Reuters) - Peruvians voted on Sunday in a runoff between two candidates.</p>
<p>Turnout was high across the country, officials said on Monday.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    "head,author,iso",
    [
        (
            "<p>By Jo Kim and Ana Lima</p><p>June 7, 2023 9:05 PM GMT+1</p>",
            "Jo Kim and Ana Lima",
            "2023-06-07",
        ),
        ("<p>Americas | 07/06/2023 | 21:05</p>", None, "2023-06-07"),
        ("<p>By Jo Kim</p>", "Jo Kim", None),
    ],
)
def test_html_byline_and_date_line_paragraphs_are_header_not_units(head, author, iso):
    from classify.articles import parse_html

    a = parse_html(_PAGE.format(head=head), id="p")
    assert (a.author, a.date) == (author, iso)
    assert (a.dateline, a.source) == ("LIMA", "Reuters")
    assert a.paragraphs == [
        "Peruvians voted on Sunday in a runoff between two candidates.",
        "Turnout was high across the country, officials said on Monday.",
    ]


def test_html_date_line_paragraph_follows_the_date_order():
    from classify.articles import parse_html

    page = _PAGE.format(head="<p>Americas | 07/06/2023</p>")
    assert parse_html(page, id="p", date_order="month-first").date == "2023-07-06"


def test_a_page_with_navigation_only_is_no_article():
    from classify.articles import parse_html

    page = (
        "<html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/w'>World news</a></li><li><a href='/b'>Business</a></li></ul></nav>"
        "</body></html>"
    )
    with pytest.raises(ClassifyError, match=r"no article text found in the page, only short"):
        parse_html(page, id="nav", path="nav.html")
