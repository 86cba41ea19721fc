"""Review 63: a capitalised adjective of nationality or place before a
lower-case role and a name ("according to Swiss envoy Lukas Brenner") gave
the adjective as the speaker; a described speaker with "told <object>"
("one former detainee told the group") gave none."""

from __future__ import annotations

import pytest

from classify.articles import Article
from classify.quotes import extract_quotes


def _got(*paragraphs: str, title: str = "Talks stall"):
    article = Article(id="r63", title=title, paragraphs=list(paragraphs))
    return [(q.text, q.speaker, q.mention, q.title) for q in extract_quotes(article)]


def test_the_reported_wire_article_names_the_envoy_not_his_nationality():
    got = _got(
        "GENEVA, March 4 (Reuters) - Talks between the two sides ended on Tuesday "
        "without an agreement on the border.",
        'The talks, according to Swiss envoy Lukas Brenner, were "frank but stuck on '
        'the same two points."',
        'According to Swiss mediator Lukas Brenner, the sides were "nowhere near a deal '
        'on the border."',
        "A new round is planned for April.",
    )
    assert got == [
        ("frank but stuck on the same two points", "Lukas Brenner", "Lukas Brenner", "Swiss envoy"),
        # The title is the one of the name's first mention in the article.
        ("nowhere near a deal on the border", "Lukas Brenner", "Lukas Brenner", "Swiss envoy"),
    ]


MENTIONS = [
    ("Swiss envoy Lukas Brenner", "Lukas Brenner", "Swiss envoy"),
    ("Belarusian opposition leader Anna Keller", "Anna Keller", "Belarusian opposition leader"),
    ("EU envoy Anna Keller", "Anna Keller", "EU envoy"),
    ("U.S. envoy Anna Keller", "Anna Keller", "U.S. envoy"),
    (
        "French foreign ministry spokesman Paul Roux",
        "Paul Roux",
        "French foreign ministry spokesman",
    ),
]
SHAPES = [
    '"We are nowhere near a deal on the border," according to {m}.',
    'According to {m}, the sides were "nowhere near a deal on the border."',
    'The sides, according to {m}, were "nowhere near a deal on the border."',
    'The sides were "nowhere near a deal on the border," according to {m}.',
    '"We are nowhere near a deal on the border," {m} said.',
    '"We are nowhere near a deal on the border," said {m}.',
    '{m} said: "We are nowhere near a deal on the border."',
    '"We are nowhere near a deal on the border," {m} told reporters.',
    '{m} told reporters: "We are nowhere near a deal on the border."',
    '"We are nowhere near a deal on the border" after the talks, {m} said.',
    '{m} told lawmakers on Tuesday that the sides were "nowhere near a deal on the border."',
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mention,speaker,title", MENTIONS)
def test_an_adjective_and_a_role_before_a_name_are_its_title_in_every_shape(
    shape, mention, speaker, title
):
    paragraph = shape.format(m=mention)
    got = _got("MINSK, May 2 (AP) - The two sides met for a third day.", paragraph)
    assert [g[1:] for g in got] == [(speaker, speaker, title)]


@pytest.mark.parametrize("mention,speaker,title", MENTIONS)
def test_a_titled_name_interrupting_its_quotation_makes_one_quotation(mention, speaker, title):
    for paragraph in (
        f'"We are nowhere near a deal," {mention} said, "and nobody expects one soon."',
        f'"We are nowhere near a deal," said {mention}, "and nobody expects one soon."',
    ):
        got = _got("MINSK, May 2 (AP) - The two sides met for a third day.", paragraph)
        assert got == [
            ("We are nowhere near a deal, and nobody expects one soon", speaker, speaker, title)
        ]


def test_a_described_speaker_with_told_and_its_object():
    got = _got(
        "VILNIUS, June 9 (Reuters) - Former inmates of a prison camp in Belarus met "
        "rights groups in Vilnius on Monday.",
        '"They told us nobody would ever know," one former detainee told the group.',
        '"We were given no water for two days," a former detainee told reporters.',
        '"The guards beat anyone who spoke," another prisoner told Reuters.',
        '"I still cannot sleep at night," one survivor told lawmakers on Tuesday.',
        'One former detainee told the group: "They took our names and our shoes."',
    )
    assert [g[1:3] for g in got] == [
        ("one former detainee", "one former detainee"),
        ("a former detainee", "a former detainee"),
        ("another prisoner", "another prisoner"),
        ("one survivor", "one survivor"),
        ("one former detainee", "one former detainee"),
    ]
    assert [g[3] for g in got] == [None] * 5


def test_a_named_speaker_with_told_and_its_object():
    got = _got(
        "WARSAW, June 9 (Reuters) - A former prisoner spoke to parliament on Tuesday.",
        "Anna Keller, a rights lawyer, spent two years in the camp.",
        '"They told us nobody would ever know," Keller told reporters.',
        '"We were given no water for two days," Anna Keller told the group.',
        '"The guards beat anyone who spoke," Keller told Reuters.',
        '"I still cannot sleep at night," Keller told lawmakers on Tuesday.',
    )
    keller = ("Anna Keller", "a rights lawyer")
    assert [(g[1], g[3]) for g in got] == [keller] * 4
    assert [g[2] for g in got] == ["Keller", "Anna Keller", "Keller", "Keller"]


@pytest.mark.parametrize(
    "paragraph",
    [
        # An adjective and a role with no name after it is no name.
        '"We are nowhere near a deal on the border," according to Swiss officials.',
        '"We are nowhere near a deal on the border," said Swiss officials.',
        '"We are nowhere near a deal on the border," according to U.S. officials.',
        '"We are nowhere near a deal on the border," according to Swiss media.',
        'Western diplomats said: "We are nowhere near a deal on the border."',
        'Former detainees told the group: "We are nowhere near the end of this."',
        # A quantifier opening the sentence is no one's name.
        'Many told the group: "We are nowhere near the end of this."',
        'Some told reporters: "We are nowhere near the end of this."',
        'Others said: "We are nowhere near the end of this."',
        # "told" names the listener, not the speaker.
        '"We are nowhere near the end of this," told Reuters on Monday.',
    ],
)
def test_near_misses_give_no_speaker(paragraph):
    got = _got("MINSK, May 2 (AP) - The two sides met for a third day.", paragraph)
    assert [g[1:] for g in got] == [(None, None, None)]


@pytest.mark.parametrize(
    "paragraph,mention",
    [
        ('Residents told the group: "We are nowhere near the end of this."', "residents"),
        ('Witnesses said: "We are nowhere near the end of this."', "witnesses"),
    ],
)
def test_a_plural_role_opening_the_sentence_is_described_not_named(paragraph, mention):
    # As "Officials say" gives "officials".
    got = _got("MINSK, May 2 (AP) - The two sides met for a third day.", paragraph)
    assert [g[1:] for g in got] == [(mention, mention, None)]
