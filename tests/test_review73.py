"""Review 73: real corpora a new user read, on inputs of our own: a web
page dated only by its last change, HTML a scraper leaves in table cells,
a wire story filed again with its dateline or credits on the other side of
a split, page numbers between a printout's pages, bylines that name no one,
editors' notes and correction slugs."""

from __future__ import annotations

import json

import pytest

import classify
from classify import api

STORY = (
    "Belarusian authorities on Tuesday released an opposition politician who had spent "
    "two years in a penal colony, his lawyer said, in a move seen as a gesture to the West."
)


def _page(head: str, body_top: str = "") -> str:
    return (
        f"<html><head><title>Politician freed | Minsk Monitor</title>{head}</head><body>"
        f"<article><h1>Politician freed</h1>{body_top}<p>{STORY}</p>"
        "<p>His supporters welcomed the release but said many others remained in prison.</p>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:modified_time" content="2025-02-10T10:00:00Z">',
        '<meta property="og:updated_time" content="2025-02-10T10:00:00Z">',
        '<meta http-equiv="last-modified" content="2025-02-10">',
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"dateModified": "2025-02-10"}</script>',
    ],
)
def test_a_page_dated_only_by_its_last_change_is_not_dated_by_it(tmp_path, head):
    (tmp_path / "a.html").write_text(_page(head), encoding="utf-8")
    assert classify.read_articles(tmp_path / "a.html")[0].date is None
    # The date the page shows as published is its date.
    (tmp_path / "b.html").write_text(
        _page(head, '<p class="date">Published 2 May 2023</p>'), encoding="utf-8"
    )
    article = classify.read_articles(tmp_path / "b.html")[0]
    assert article.date == "2023-05-02"
    assert all("Published" not in p for p in article.paragraphs)


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2023-05-02T08:00:00Z">'
        '<meta property="article:modified_time" content="2025-02-10T10:00:00Z">',
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2023-05-02", "dateModified": "2025-02-10"}</script>',
    ],
)
def test_a_page_with_its_publication_date_keeps_it(tmp_path, head):
    (tmp_path / "a.html").write_text(_page(head), encoding="utf-8")
    assert classify.read_articles(tmp_path / "a.html")[0].date == "2023-05-02"


@pytest.mark.parametrize(
    ("cell", "paragraphs"),
    [
        ('<p>Talks resumed.</p><script async src="x.js">var a = 1;</script><p>Both sides '
         "spoke.</p>", ["Talks resumed.", "Both sides spoke."]),
        ("<style>.x{color:red}</style><p>The EU extended sanctions.</p>",
         ["The EU extended sanctions."]),
        ("<p>Talks resumed.</p><!-- ad slot 3 --><p>Both sides spoke.</p>",
         ["Talks resumed.", "Both sides spoke."]),
        ('<p>Talks resumed.</p><iframe src="https://example.org/embed/x"></iframe>'
         "<p>Both sides spoke.</p>", ["Talks resumed.", "Both sides spoke."]),
        ('<p>Talks resumed.</p><figure><img src="a.jpg" alt="x"><figcaption>Ministers in '
         "Geneva. Photo: AFP</figcaption></figure><p>Both sides spoke.</p>",
         ["Talks resumed.", "Both sides spoke."]),
        ("<p>Talks resumed.</p><blockquote><p>We are ready, she said.</p></blockquote>",
         ["Talks resumed.", "We are ready, she said."]),
        ("<table><tr><td>Year</td><td>Prisoners</td></tr><tr><td>2024</td><td>1300</td></tr>"
         "</table>", ["Year Prisoners", "2024 1300"]),
        # Text with a "<" that is no markup stays as written.
        ("Turnout was <50% in the capital, officials said.",
         ["Turnout was <50% in the capital, officials said."]),
    ],
)  # fmt: skip
def test_markup_a_scraper_left_in_a_cell_is_read_as_a_reader_sees_it(tmp_path, cell, paragraphs):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": cell}) + "\n")
    assert classify.read_articles(tmp_path / "a.jsonl")[0].paragraphs == paragraphs


ORIGINALS = [
    "The European Union added 20 Belarusian judges to its sanctions list for sentencing "
    "protesters.",
    "Police in Minsk detained 12 people at a memorial service for a dissident who died in prison.",
    "Hungary's foreign minister visited Minsk and called for dialogue with the government.",
    "Heavy snow closed roads across northern Belarus for a second day on Monday morning.",
]


@pytest.mark.parametrize(
    ("copy", "together"),
    [
        (f"BRUSSELS (Reuters) - {ORIGINALS[0]}", True),
        (f"Minsk, Feb 5 (AP) — {ORIGINALS[1]}", True),
        (f"{ORIGINALS[2]} (Reporting by Jo Kim; Editing by Ana Lima)", True),
        # Another story under the same dateline is no copy.
        (f"BRUSSELS (Reuters) - {ORIGINALS[3].replace('northern', 'southern')} Schools shut.",
         False),
    ],
)  # fmt: skip
def test_a_story_filed_again_with_its_wire_frame_stays_with_it(tmp_path, copy, together):
    rows = [
        {"id": f"s{i}", "date": f"2024-0{i + 1}-10", "text": t, "stance": "neutral"}
        for i, t in enumerate(ORIGINALS)
    ]
    rows += [{"id": f"x{i}", "date": f"2024-0{i + 1}-20", "text": f"Filler story {i} about "
              "farm subsidies and rail timetables in the region.", "stance": "neutral"}
             for i in range(4)]  # fmt: skip
    rows.append({"id": "c", "date": "2024-09-01", "text": copy, "stance": "neutral"})
    rows.append({"id": "late", "date": "2024-10-01", "stance": "neutral",
                 "text": "Lithuania reopened two border crossings with Belarus after a month."})  # fmt: skip
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    api.build_dataset([data], tmp_path / "ds", split="date", cutoff="2024-08-01")
    import datasets

    saved = datasets.load_from_disk(str(tmp_path / "ds"))
    assert ("c" in saved["train"]["id"]) is together


@pytest.mark.parametrize("number", ["2", "- 2 -", "— 14 —"])
def test_a_page_number_between_pages_is_dropped(tmp_path, number):
    (tmp_path / "a.txt").write_text(
        "Belarus and Poland trade accusations\n\nJune 5, 2024\n\n"
        "WARSAW (Reuters) - Poland accused Belarus on Wednesday of orchestrating crossings.\n\n"
        f"{number}\n\nMinsk denied the accusation and said Warsaw was militarising the border.\n",
        encoding="utf-8",
    )
    article = classify.read_articles(tmp_path / "a.txt")[0]
    assert article.paragraphs == [
        "Poland accused Belarus on Wednesday of orchestrating crossings.",
        "Minsk denied the accusation and said Warsaw was militarising the border.",
    ]
    assert article.meta["dropped_paragraphs"] == 1


@pytest.mark.parametrize(
    "byline",
    ["By Staff Reporter", "By Our Correspondent", "By Staff and wire reports", "By Belsat",
     "From our correspondent in Minsk", "By our own correspondent", "BY STAFF WRITERS"],
)  # fmt: skip
def test_a_byline_that_names_no_one_is_no_unit(tmp_path, byline):
    (tmp_path / "a.txt").write_text(
        f"Envoy visits Minsk for talks\n\nSept. 11, 2025\n\n{byline}\n\n{STORY}\n",
        encoding="utf-8",
    )
    article = classify.read_articles(tmp_path / "a.txt")[0]
    assert article.paragraphs == [STORY]


@pytest.mark.parametrize(
    "line",
    ["By staff cuts the ministry saved money, officials said on Monday.",
     "From our correspondents' reports, talks resumed in Minsk on Monday."],
)  # fmt: skip
def test_sentences_that_open_like_such_a_byline_stay(tmp_path, line):
    (tmp_path / "a.txt").write_text(
        f"Envoy visits Minsk for talks\n\nSept. 11, 2025\n\n{STORY}\n\n{line}\n",
        encoding="utf-8",
    )
    assert classify.read_articles(tmp_path / "a.txt")[0].paragraphs == [STORY, line]


@pytest.mark.parametrize(
    "note",
    ["EDITOR'S NOTE — This story is part of a series on political prisoners in Belarus.",
     "Editor's note: An earlier version of this story misspelt the envoy's name.",
     "(Corrects name of envoy in paragraph 2)",
     "(Adds comment from the State Department in paragraph 5)"],
)  # fmt: skip
def test_an_editors_note_or_a_correction_slug_is_no_unit(tmp_path, note):
    (tmp_path / "a.txt").write_text(
        f"Envoy visits Minsk for talks\n\nSept. 11, 2025\n\n{note}\n\n"
        f"VILNIUS, Lithuania (AP) — {STORY}\n",
        encoding="utf-8",
    )
    article = classify.read_articles(tmp_path / "a.txt")[0]
    assert article.paragraphs == [STORY]
    assert article.source == "AP" and article.dateline.startswith("VILNIUS")


@pytest.mark.parametrize(
    "byline",
    ["By Agencies", "By Web Desk", "From Our Correspondent, Minsk", "By Staff and agencies"],
)
def test_more_bylines_that_name_no_one_are_no_unit(tmp_path, byline):
    (tmp_path / "a.txt").write_text(
        f"Envoy visits Minsk for talks\n\nMay 6, 2024\n\n{byline}\n\n{STORY}\n", encoding="utf-8"
    )
    article = classify.read_articles(tmp_path / "a.txt")[0]
    assert article.paragraphs == [STORY]
    assert article.author is None


@pytest.mark.parametrize(
    "marked",
    [
        '<p><time itemprop="datePublished" datetime="2023-05-02">2 May 2023</time></p>',
        '<p><time datetime="2023-05-02T08:00" itemprop="datePublished">2 May</time></p>',
    ],
)
def test_a_published_element_beside_modified_metadata_dates_the_page(tmp_path, marked):
    head = '<meta property="article:modified_time" content="2025-03-14T10:00:00Z">'
    (tmp_path / "a.html").write_text(_page(head, marked), encoding="utf-8")
    assert classify.read_articles(tmp_path / "a.html")[0].date == "2023-05-02"
