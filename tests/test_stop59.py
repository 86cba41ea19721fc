"""Stop 59: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import pytest
from test_stop58 import _HEADLINE, _LEDE, _SECOND, _txt


def _said(*paragraphs: str) -> list[tuple[str, str | None]]:
    from classify.quotes import extract_quotes

    return [(q.text, q.speaker) for q in extract_quotes(list(paragraphs))]


@pytest.mark.parametrize(
    "attribution",
    [
        "the minister, Petra Novak, said,",
        "said the minister, Petra Novak,",
        "her deputy, Petra Novak, told reporters,",
    ],
)
def test_a_quotation_interrupted_by_a_title_and_the_name_is_one(attribution):
    """Left alone in stop 58: '"…," the minister, Petra Novak, said, "…"'
    gave two quotations."""
    quotes = _said(
        "Foreign Minister Petra Novak met her Lithuanian counterpart in Vilnius.",
        f"\u201cWe are open to talks on every question,\u201d {attribution} "
        "\u201cbut the detained journalists must be freed first.\u201d",
    )
    assert quotes == [
        (
            "We are open to talks on every question, but the detained journalists "
            "must be freed first",
            "Petra Novak",
        )
    ]


def test_a_title_and_name_between_two_sentences_keeps_them_apart():
    quotes = _said(
        "\u201cWe are open to talks,\u201d the minister, Petra Novak, said, and left the room. "
        "\u201cSanctions must end first,\u201d said Oleg Ivanov."
    )
    assert quotes == [
        ("We are open to talks", "Petra Novak"),
        ("Sanctions must end first", "Oleg Ivanov"),
    ]


@pytest.mark.parametrize("places", ["Washington/Minsk", "Hong Kong/Beijing", "Vilnius/Riga"])
def test_a_cnn_dateline_of_two_places_is_read(tmp_path, places):
    """Left alone in stop 58: "Washington/Minsk CNN —" stayed in the lede."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{places} CNN \u2014 {_LEDE}\n\n{_SECOND}\n")
    assert (article.dateline, article.source) == (places, "CNN")
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize(
    ("header", "source", "section"),
    [
        ("Belarus Digest\n12 June 2025", "Belarus Digest", None),
        ("Novaya Gazeta Europe\n12 June 2025", "Novaya Gazeta Europe", None),
        ("Minsk Daily News | 12 June 2025", "Minsk Daily News", None),
        ("Vilnius Daily Gazette | June 12, 2025", "Vilnius Daily Gazette", None),
        ("The Baltic Times | June 12, 2025", "The Baltic Times", None),
        ("Reuters | June 12, 2025", "Reuters", None),
        ("Europe | Belarus Digest | June 12, 2025", "Belarus Digest", "Europe"),
        # Sections of any site stay sections.
        ("World News | June 12, 2025", None, "World News"),
        ("Business Today | June 12, 2025", None, "Business Today"),
        ("Middle East | June 12, 2025", None, "Middle East"),
        ("Europe Today | June 12, 2025", None, "Europe Today"),
    ],
)
def test_an_outlet_beside_the_date_is_the_source(tmp_path, header, source, section):
    """Left alone in stop 58: an outlet of no known name alone above the
    date was read as the author, and beside it as a section."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.date, article.author) == ("2025-06-12", None)
    assert (article.source, article.section) == (source, section)
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize(
    "header",
    ["Rasa Vaitkus\nJune 12, 2025", "Rasa Vaitkus | June 12, 2025", "June 12, 2025 | Rasa Vaitkus"],
)
def test_a_persons_name_beside_the_date_is_still_the_author(tmp_path, header):
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.date, article.author, article.source) == ("2025-06-12", "Rasa Vaitkus", None)
