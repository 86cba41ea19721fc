"""Stop 58: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import warnings

import pytest

_HEADLINE = "Lithuania reopens border crossing with Belarus"
_LEDE = (
    "Lithuania reopened the Medininkai crossing on Thursday after a three-week closure, "
    "the interior ministry said in a statement."
)
_SECOND = "Freight traffic is expected to return to normal levels within days, officials added."


def _txt(tmp_path, text: str, name: str = "story.txt"):
    from classify.articles import read_articles

    (tmp_path / name).write_text(text, encoding="utf-8")
    (article,) = read_articles(tmp_path / name)
    return article


@pytest.mark.parametrize(
    "header",
    [
        "Posted on June 12, 2025 by Rasa Vaitkus",
        "Posted June 12, 2025 by Rasa Vaitkus",
        "Published on June 12, 2025 by Rasa Vaitkus in Politics",
        "Posted by Rasa Vaitkus on June 12, 2025",
        "June 12, 2025 by Rasa Vaitkus",
    ],
)
def test_a_blogs_posted_on_by_line_gives_the_date_and_the_author(tmp_path, header):
    """Left alone in stop 57: WordPress's "Posted on DATE by NAME" stayed a unit."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.date, article.author) == ("2025-06-12", "Rasa Vaitkus")
    assert article.paragraphs == [_LEDE, _SECOND]


def test_a_sentence_with_a_date_and_by_stays_body_text(tmp_path):
    sentence = "The crossing was closed on June 12, 2025 by the interior ministry."
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{sentence}\n\n{_SECOND}\n")
    assert article.paragraphs == [sentence, _SECOND]
    assert article.author is None


@pytest.mark.parametrize(
    ("header", "author", "section"),
    [
        ("June 12, 2025 | Rasa Vaitkus", "Rasa Vaitkus", None),
        ("Rasa Vaitkus | June 12, 2025", "Rasa Vaitkus", None),
        ("Rasa Vaitkus | June 12, 2025 | 4 min read", "Rasa Vaitkus", None),
        (
            "Rasa Vaitkus and Tomas Kazlauskas | June 12, 2025",
            "Rasa Vaitkus and Tomas Kazlauskas",
            None,
        ),
        # A section's name beside the date stays the section.
        ("Eastern Europe | June 12, 2025", None, "Eastern Europe"),
        ("June 12, 2025 | Middle East", None, "Middle East"),
        ("World News | June 12, 2025", None, "World News"),
        ("Lithuania | June 12, 2025", None, "Lithuania"),
    ],
)
def test_a_bare_name_beside_the_date_is_the_author_not_a_section(tmp_path, header, author, section):
    """Left alone in stop 56: "March 4, 2023 | Jane Doe" read the author as the section."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.author, article.section, article.date) == (author, section, "2025-06-12")


_MENU = "Home\nNews\nWorld\nBusiness\nSci & Tech"


@pytest.mark.parametrize("blank_lines", [False, True])
def test_a_site_menu_above_the_headline_is_no_title(tmp_path, blank_lines):
    """Left alone in stop 57: a browser copy's menu words became the title."""
    parts = [*_MENU.split("\n"), _HEADLINE, "By Rasa Vaitkus", "June 12, 2025", _LEDE, _SECOND]
    text = ("\n\n" if blank_lines else "\n").join(parts) + "\n"
    with warnings.catch_warnings():
        # Short header lines end no sentence: no hard-wrapped warning.
        warnings.simplefilter("error")
        article = _txt(tmp_path, text)
    assert (article.title, article.author, article.date) == (
        _HEADLINE,
        "Rasa Vaitkus",
        "2025-06-12",
    )
    assert article.paragraphs == [_LEDE, _SECOND]
    assert article.meta["dropped_paragraphs"] == 5


def test_a_masthead_above_a_menu_stays_the_source(tmp_path):
    text = f"The Baltic Times\n{_MENU}\n{_HEADLINE}\nBy Rasa Vaitkus\n\n{_LEDE}\n\n{_SECOND}\n"
    article = _txt(tmp_path, text)
    assert (article.source, article.title) == ("The Baltic Times", _HEADLINE)


def test_one_section_word_above_the_headline_stays_a_breadcrumb(tmp_path):
    article = _txt(tmp_path, f"World\n\n{_HEADLINE}\n\nBy Rasa Vaitkus\n\n{_LEDE}\n")
    assert (article.title, article.meta["breadcrumb"]) == (_HEADLINE, "World")
    assert article.paragraphs == [_LEDE]


def test_short_lines_above_no_headline_are_no_menu(tmp_path):
    """Three short lines and then a byline: no headline follows, so no menu."""
    article = _txt(tmp_path, f"Talks Resume\nIn Vilnius\nAfter Pause\nBy Rasa Vaitkus\n\n{_LEDE}\n")
    assert article.meta["dropped_paragraphs"] == 0
    assert "After Pause" in article.title
    assert article.paragraphs == [_LEDE]


def test_wrapped_text_without_blank_lines_is_still_warned_of(tmp_path):
    from classify.articles import read_articles

    words = (_LEDE + " " + _SECOND + " ") * 4
    lines = [words[k : k + 60] for k in range(0, len(words), 60)]
    (tmp_path / "wrapped.txt").write_text(_HEADLINE + "\n" + "\n".join(lines), encoding="utf-8")
    with pytest.warns(UserWarning, match="hard-wrapped"):
        read_articles(tmp_path / "wrapped.txt")


_PAGE_LEDE = "<p>" + _LEDE + "</p>"
_PAGE_SECOND = "<p>" + _SECOND + "</p>"


def _page(body: str):
    from classify.articles import parse_html

    html = (
        f"<html><head><title>{_HEADLINE}</title></head><body><article><h1>{_HEADLINE}</h1>"
        f"<p class='byline'>By Rasa Vaitkus</p>{body}</article></body></html>"
    )
    return parse_html(html, id="page", path="page.html")


@pytest.mark.parametrize(
    "element",
    [
        "<p class='pull-quote'>“We are open for business again”</p>",
        "<aside class='pullquote'><p>“We are open for business again”</p></aside>",
        "<div class='article__pull-quote large'><span>“We are open for business again”</span></div>",
        "<blockquote class='pull-quote'><p>“We are open for business again”</p></blockquote>",
    ],
)
def test_a_pull_quote_in_any_element_is_no_unit_and_is_counted(tmp_path, element):
    """Left alone in stop 57: ``<p class="pull-quote">`` stayed a unit, and
    pull quotes were not counted among the paragraphs dropped."""
    article = _page(_PAGE_LEDE + element + _PAGE_SECOND)
    assert article.paragraphs == [_LEDE, _SECOND]
    assert article.meta["dropped_paragraphs"] == 1


def test_a_quotation_marked_otherwise_stays(tmp_path):
    quote = "<p class='quote'>“We are open for business again,” the minister said on Thursday.</p>"
    article = _page(_PAGE_LEDE + quote + _PAGE_SECOND)
    assert len(article.paragraphs) == 3
    assert article.meta["dropped_paragraphs"] == 0
