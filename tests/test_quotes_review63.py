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
    # The mention is the attribution as written, its title included (as
    # "Foreign Minister Lopez" is; review 63b changed "Lukas Brenner").
    assert got == [
        (
            "frank but stuck on the same two points",
            "Lukas Brenner",
            "Swiss envoy Lukas Brenner",
            "Swiss envoy",
        ),
        # The title is the one of the name's first mention in the article.
        (
            "nowhere near a deal on the border",
            "Lukas Brenner",
            "Swiss mediator Lukas Brenner",
            "Swiss envoy",
        ),
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
    assert [g[1:] for g in got] == [(speaker, mention, title)]


@pytest.mark.parametrize("mention,speaker,title", MENTIONS)
def test_a_titled_name_interrupting_its_quotation_makes_one_quotation(mention, speaker, title):
    for paragraph in (
        f'"We are nowhere near a deal," {mention} said, "and nobody expects one soon."',
        f'"We are nowhere near a deal," said {mention}, "and nobody expects one soon."',
    ):
        got = _got("MINSK, May 2 (AP) - The two sides met for a third day.", paragraph)
        assert got == [
            ("We are nowhere near a deal, and nobody expects one soon", speaker, mention, title)
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


# Review 63b: non-ASCII names, particles, statements and possessives,
# titles and mentions.
DATELINE = "ANKARA, Nov. 4 (Reuters) - Turkish and Armenian officials met in Ankara on Tuesday."
RIGHTS = "Rapprochement must not come at the expense of rights"
CHIEF = "the U.N. human rights chief"
UNICODE_NAMES = [
    ("Volker Türk", "Türk", "Volker Turk", "Turk"),
    ("Łukasz Nowak", "Nowak", "Lukasz Nowak", "Nowak"),
    ("Ngozi Okonjo-Iweala", "Okonjo-Iweala", "Ngozi Okonjo-Iweala", "Okonjo-Iweala"),
    ("Volodymyr Zelenskyy", "Zelenskyy", "Volodymyr Zelenskyy", "Zelenskyy"),
    ("Sviatlana Tsikhanouskaya", "Tsikhanouskaya", "Sviatlana Tsikhanouskaya", "Tsikhanouskaya"),
    ("Þór Sigurðsson", "Sigurðsson", "Thor Sigurdsson", "Sigurdsson"),
    ("Serdar Kılıç", "Kılıç", "Serdar Kilic", "Kilic"),
    # Decomposed: "u" and a combining diaeresis.
    ("Volker Tu\u0308rk", "Tu\u0308rk", "Volker Turk", "Turk"),
]
UNICODE_SHAPES = [
    ('{n}, {c}, told reporters: "{q}."', "{n}", "{n}", CHIEF),
    ('"{q}," {n}, {c}, told reporters.', "{n}", "{n}", CHIEF),
    ('"{q}," said {n}, {c}.', "{n}", "{n}", CHIEF),
    ('"{q}," said U.N. rights chief {n}.', "{n}", "U.N. rights chief {n}", "U.N. rights chief"),
    ('"{q}," according to {n}.', "{n}", "{n}", None),
    ('According to {n}, the talks were "{q}."', "{n}", "{n}", None),
    ('{n} told lawmakers the deal was "{q}."', "{n}", "{n}", None),
]


@pytest.mark.parametrize("shape,speaker,mention,title", UNICODE_SHAPES)
@pytest.mark.parametrize("name,surname,ascii_name,ascii_surname", UNICODE_NAMES)
def test_a_name_with_non_ascii_letters_works_where_an_ascii_one_does(
    name, surname, ascii_name, ascii_surname, shape, speaker, mention, title
):
    def run(n):
        return _got(DATELINE, shape.format(n=n, c=CHIEF, q=RIGHTS))

    assert [g[1:] for g in run(name)] == [(speaker.format(n=name), mention.format(n=name), title)]
    # The same as its ASCII spelling gives.
    assert [g[1:] for g in run(ascii_name)] == [
        (speaker.format(n=ascii_name), mention.format(n=ascii_name), title)
    ]


@pytest.mark.parametrize("name,surname,ascii_name,ascii_surname", UNICODE_NAMES)
def test_a_non_ascii_surname_links_to_its_full_name(name, surname, ascii_name, ascii_surname):
    got = _got(
        DATELINE,
        f"{name}, {CHIEF}, arrived in Ankara on Monday.",
        f'"{RIGHTS}," {surname} said.',
        f'{surname} told reporters: "Nobody should be silenced for their views."',
        title=f"{surname} urges restraint",
    )
    assert [g[1:] for g in got] == [(name, surname, CHIEF)] * 2


PARTICLE_NAMES = [
    # (as written with its title, speaker, title, surname)
    (
        "Saudi ambassador Abdullah bin Saud Al-Anazi",
        "Abdullah bin Saud Al-Anazi",
        "Saudi ambassador",
        "Al-Anazi",
    ),
    ("Dutch ambassador Jan van der Berg", "Jan van der Berg", "Dutch ambassador", "Van der Berg"),
    ("French envoy Dominique de Villepin", "Dominique de Villepin", "French envoy", "de Villepin"),
    (
        "European Commission President Ursula von der Leyen",
        "Ursula von der Leyen",
        "European Commission President",
        "von der Leyen",
    ),
    (
        "Brazilian President Luiz Inacio Lula da Silva",
        "Luiz Inacio Lula da Silva",
        "Brazilian President",
        "Lula da Silva",
    ),
    (
        "Saudi Foreign Minister Saud al-Faisal",
        "Saud al-Faisal",
        "Saudi Foreign Minister",
        "al-Faisal",
    ),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mention,speaker,title,surname", PARTICLE_NAMES)
def test_particles_are_part_of_the_name_in_every_shape(shape, mention, speaker, title, surname):
    got = _got(DATELINE, shape.format(m=mention))
    assert [g[1:] for g in got] == [(speaker, mention, title)]


@pytest.mark.parametrize("mention,speaker,title,surname", PARTICLE_NAMES)
def test_a_surname_with_particles_links_to_its_full_name(mention, speaker, title, surname):
    got = _got(
        DATELINE,
        f"{mention} arrived in Ankara on Monday.",
        f'"We will keep talking to both sides," {surname} said.',
    )
    assert [g[1:] for g in got] == [(speaker, surname, title)]


def test_the_reported_particle_names():
    got = _got(
        DATELINE,
        '"Rapprochement is in everyone\'s interest," according to Saudi ambassador '
        "Abdullah bin Saud Al-Anazi.",
        '"The border should open within weeks," according to Dutch ambassador Jan van der Berg.',
        '"We will invest in both countries," Mohammed bin Salman, the crown prince, told '
        "reporters.",
    )
    assert [g[1:] for g in got] == [
        (
            "Abdullah bin Saud Al-Anazi",
            "Saudi ambassador Abdullah bin Saud Al-Anazi",
            "Saudi ambassador",
        ),
        ("Jan van der Berg", "Dutch ambassador Jan van der Berg", "Dutch ambassador"),
        ("Mohammed bin Salman", "Mohammed bin Salman", "the crown prince"),
    ]


def test_statements_are_attributed_to_their_source():
    got = _got(
        "MINSK, Nov. 4 (AP) - Belarus rejected new Western sanctions on Tuesday.",
        '"Sanctions have never changed our course," according to a statement from the '
        "presidential administration.",
        '"Sanctions have never changed our course," according to a statement from the Saudi '
        "Foreign Ministry.",
        '"Sanctions have never changed our course," according to a statement from the '
        "foreign ministry spokesman.",
    )
    assert [g[1:] for g in got] == [
        ("the presidential administration", "the presidential administration", None),
        ("Saudi Foreign Ministry", "Saudi Foreign Ministry", None),
        ("the foreign ministry spokesman", "the foreign ministry spokesman", None),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        # A possessive: the office spoke, not the person; no name cut short.
        '"Sanctions have never changed our course," according to Israeli Prime Minister '
        "Benjamin Netanyahu's office.",
        '"Sanctions have never changed our course," Israeli Prime Minister Benjamin '
        "Netanyahu's spokesman said.",
        # A particle is a name's only when a capitalised word follows: "ten"
        # never opens one.
        '"Sanctions have never changed our course," ten Republicans said.',
        # Non-ASCII capitals before a plural role are no name, as "Swiss officials".
        '"Sanctions have never changed our course," Élysée officials said.',
        '"Sanctions have never changed our course," according to Österreich officials.',
        # An honorific alone, or two, is no name.
        '"Sanctions have never changed our course," Mr. and Mrs. Smith said.',
    ],
)
def test_possessives_and_other_near_misses_give_no_speaker(paragraph):
    got = _got("MINSK, Nov. 4 (AP) - Belarus rejected new Western sanctions.", paragraph)
    assert [g[1:] for g in got] == [(None, None, None)]


@pytest.mark.parametrize(
    ("paragraph", "body"),
    [
        ('"Sanctions have never changed our course," according to Netanyahu\'s office.',
         "Netanyahu's office"),
        ('"Sanctions have never changed our course," according to a statement from '
         "Netanyahu's office.", "Netanyahu's office"),
        ('"Sanctions have never changed our course," Netanyahu\'s office said.',
         "Netanyahu's office"),
        ('"Sanctions have never changed our course," according to Türkiye\'s foreign ministry.',
         "Türkiye's foreign ministry"),
        ("Belarus's Foreign Ministry said on Monday: \"Sanctions have never changed our course.\"",
         "Belarus's Foreign Ministry"),
    ],
)  # fmt: skip
def test_a_possessive_body_is_the_speaker_never_its_owner(paragraph, body):
    """A person's or country's office speaks as a body ("the presidential
    administration"), never as the person named before it."""
    got = _got("MINSK, Nov. 4 (AP) - Belarus rejected new Western sanctions.", paragraph)
    assert [g[1:] for g in got] == [(body, body, None)]


def test_a_name_is_never_cut_short_before_more_capitalised_words():
    got = _got(
        DATELINE,
        '"We will keep talking to both sides," said European Commission President Ursula Leyen.',
    )
    # Was "European Commission President Ursula".
    assert [g[1:] for g in got] == [
        (
            "Ursula Leyen",
            "European Commission President Ursula Leyen",
            "European Commission President",
        )
    ]


@pytest.mark.parametrize(
    "paragraph,speaker,mention,title",
    [
        ('"{q}," Kilic, the envoy, told reporters.', "Kilic", "Kilic", "the envoy"),
        ('"{q}," Lee, the president, told reporters.', "Lee", "Lee", "the president"),
        ('"{q}," Mr. Kilic, the envoy, told reporters.', "Kilic", "Mr. Kilic", "the envoy"),
        ('"{q}," said Kilic, the envoy.', "Kilic", "Kilic", "the envoy"),
        ('"{q}," said Mrs. Kilic, the envoy.', "Kilic", "Mrs. Kilic", "the envoy"),
        ('Kilic, the envoy, told reporters: "{q}."', "Kilic", "Kilic", "the envoy"),
        ('"{q}," the envoy, Kilic, said.', "Kilic", "Kilic", "the envoy"),
        ('"{q}," Dr. Kilic said.', "Kilic", "Dr. Kilic", None),
        ('"{q}," Ms Kilic said.', "Kilic", "Ms Kilic", None),
        (
            '"{q}," said Prof. Ayse Kilic, an economist.',
            "Ayse Kilic",
            "Prof. Ayse Kilic",
            "an economist",
        ),
        # No role in what follows the name: no title.
        ('"{q}," said Kilic, a move that surprised many.', "Kilic", "Kilic", None),
        ('"{q}," Kilic, in Ankara, told reporters.', None, None, None),
    ],
)
def test_a_surname_alone_gets_the_title_its_full_name_would(paragraph, speaker, mention, title):
    got = _got(DATELINE, paragraph.format(q="We will keep talking to both sides"))
    assert [g[1:] for g in got] == [(speaker, mention, title)]


def test_an_honorific_links_to_the_full_name_and_its_title():
    got = _got(
        DATELINE,
        "Turkish envoy Serdar Kilic arrived in Yerevan on Monday.",
        '"We will keep talking to both sides," Mr. Kilic said.',
        '"The border should open within weeks," Kilic, the envoy, told reporters.',
    )
    assert [g[1:] for g in got] == [
        ("Serdar Kilic", "Mr. Kilic", "Turkish envoy"),
        ("Serdar Kilic", "Kilic", "Turkish envoy"),
    ]


KILIC = [
    ("Turkish envoy Serdar Kilic", "Turkish envoy"),
    ("Turkish Deputy Foreign Minister Serdar Kilic", "Turkish Deputy Foreign Minister"),
    ("Deputy Foreign Minister Serdar Kilic", "Deputy Foreign Minister"),
    ("U.S. special envoy Serdar Kilic", "U.S. special envoy"),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mention,title", KILIC)
def test_the_mention_is_the_title_and_name_as_written_whatever_the_case(shape, mention, title):
    # One rule: a title written before the name is in the mention, lower-case
    # ("Turkish envoy") or capitalised ("Turkish Deputy Foreign Minister").
    got = _got(DATELINE, shape.format(m=mention))
    assert [g[1:] for g in got] == [("Serdar Kilic", mention, title)]


# Review 63c: a surname linked to a full name written only later; places as
# speakers; a title with "of"/"for" and its body; particles opening a
# sentence; an honorific before a possessive; a described speaker "for" or
# "to" someone.
DATELINE = "WARSAW, May 2 (Reuters) - Poland and its neighbours met on Tuesday on border security."


def _one(*paragraphs: str, title: str = "Poland rejects border plan"):
    got = _got(DATELINE, *paragraphs, title=title)
    return [(speaker, mention, title) for _, speaker, mention, title in got]


def test_a_surname_never_takes_a_full_name_written_later():
    got = _one(
        '"We will not accept this plan," Nowak said.',
        "The talks continue next week in Brussels.",
        "Marek Nowak, a deputy foreign minister, led the delegation.",
        '"It is a bad plan," Nowak said.',
    )
    # The first quotation comes before any full name: the surname as written.
    assert got == [
        ("Nowak", "Nowak", None),
        ("Marek Nowak", "Nowak", "a deputy foreign minister"),
    ]


@pytest.mark.parametrize(
    "paragraphs,speaker",
    [
        # Later in the same paragraph, in a sentence of its own: not linked.
        (['"We will not accept this plan," Nowak said. Marek Nowak leads the talks.'], "Nowak"),
        # In the same sentence, or in the headline: linked.
        (
            ['"We will not accept this plan," Nowak said of the deal Marek Nowak signed.'],
            "Marek Nowak",
        ),
        (
            ["Marek Nowak led the talks.", '"We will not accept this plan," Nowak said.'],
            "Marek Nowak",
        ),
    ],
)
def test_a_surname_links_to_a_full_name_before_it_or_in_its_sentence(paragraphs, speaker):
    assert _one(*paragraphs)[0][0] == speaker


def test_a_full_name_in_the_headline_comes_before_the_surname():
    got = _one('"We will not accept this plan," Nowak said.', title="Poland's Marek Nowak says no")
    assert got == [("Marek Nowak", "Nowak", None)]


@pytest.mark.parametrize(
    "paragraph,mention",
    [
        ('"We will not accept this plan," Warsaw said in a separate statement.', "Warsaw"),
        ('"We will not accept this plan," Moscow said in a statement.', "Moscow"),
        ('Moscow said in a statement: "We will not accept this plan."', "Moscow"),
        (
            'Beijing told the Security Council that it would "not accept this plan at all."',
            "Beijing",
        ),
        ('"We will not accept this plan," Washington said.', "Washington"),
        ('"We will not accept this plan," South Korea said.', "South Korea"),
        ('"We will not accept this plan," said Poland.', "Poland"),
    ],
)
def test_a_country_or_capital_speaking_is_no_person(paragraph, mention):
    # The government spoke: the place is kept as the mention, no speaker.
    assert _one(paragraph) == [(None, mention, None)]


@pytest.mark.parametrize(
    "paragraphs,expected",
    [
        # A person whose surname is a country, named in full before.
        (
            ["Jim Jordan, a Republican congressman, spoke.", '"It is a bad plan," Jordan said.'],
            ("Jim Jordan", "Jordan", "a Republican congressman"),
        ),
        # A city that is no capital, and a name with an honorific, stay names.
        (['"It is a bad plan," Gdansk said.'], ("Gdansk", "Gdansk", None)),
        (['"It is a bad plan," Ms. Jordan said.'], ("Jordan", "Ms. Jordan", None)),
        # A ministry is as before.
        (['"It is a bad plan," the ministry said.'], ("the ministry", "the ministry", None)),
    ],
)
def test_near_misses_of_places_keep_their_speaker(paragraphs, expected):
    assert _one(*paragraphs) == [expected]


TURK = "U.N. High Commissioner for Human Rights Volker Türk"


@pytest.mark.parametrize(
    "paragraph",
    [
        f'"We will not accept this plan," {TURK} told the council.',
        f'"We will not accept this plan," {TURK} said.',
        f'"We will not accept this plan," said {TURK}.',
        f'{TURK} told the council: "We will not accept this plan."',
    ],
)
def test_a_title_with_for_and_its_body_before_a_name(paragraph):
    got = _one(paragraph, '"It is a bad plan," Türk said.')
    title = "U.N. High Commissioner for Human Rights"
    assert got == [("Volker Türk", TURK, title), ("Volker Türk", "Türk", title)]


@pytest.mark.parametrize(
    "mention,speaker,title",
    [
        ("President of Russia Vladimir Putin", "Vladimir Putin", "President of Russia"),
        (
            "Minister for Foreign Affairs Simon Coveney",
            "Simon Coveney",
            "Minister for Foreign Affairs",
        ),
        (
            "Head of the Ukrainian Armed Forces Valeriy Zaluzhnyi",
            "Valeriy Zaluzhnyi",
            "Head of the Ukrainian Armed Forces",
        ),
    ],
)
def test_titles_with_of_or_for_before_a_name(mention, speaker, title):
    got = _one(f'"We will not accept this plan," {mention} said.')
    assert got == [(speaker, mention, title)]


def test_of_after_a_name_or_a_body_is_no_title():
    # A body after "of" that is no title's: the name, never the body.
    got = _one('"We will not accept this plan," said Natallia Satsunkevich of Viasna.')
    assert got == [("Natallia Satsunkevich", "Natallia Satsunkevich", None)]
    got = _one('"We will not accept this plan," Friends of Syria member John Smith said.')
    assert got[0][0] != "Friends"


@pytest.mark.parametrize(
    "intro,attribution,speaker",
    [
        ("Layla al-Sayed, a rights activist, spoke.", "Al-Sayed told Reuters:", "Layla al-Sayed"),
        (
            "Ursula von der Leyen, the EU chief, spoke.",
            "Von der Leyen said:",
            "Ursula von der Leyen",
        ),
        (
            "Ursula von der Leyen, the EU chief, spoke.",
            "von der Leyen said:",
            "Ursula von der Leyen",
        ),
        (
            "Mohammed bin Salman, the crown prince, spoke.",
            "Bin Salman said:",
            "Mohammed bin Salman",
        ),
    ],
)
def test_a_particle_capitalised_at_a_sentence_start_links(intro, attribution, speaker):
    got = _one(intro, f'{attribution} "We will not accept this plan."')
    title = intro.split(", ")[1]
    assert got == [(speaker, attribution.split(" said")[0].split(" told")[0], title)]


@pytest.mark.parametrize("earlier", [False, True])
def test_a_particle_surname_links_only_to_an_earlier_full_name(earlier):
    intro = "Ursula von der Leyen, the Commission chief, spoke."
    quote = '"We will not accept this plan," von der Leyen said.'
    got = _one(*([intro, quote] if earlier else [quote, intro]))
    assert got[0][0] == ("Ursula von der Leyen" if earlier else "von der Leyen")


@pytest.mark.parametrize(
    "paragraph,speaker,title",
    [
        (
            '"We will not accept this plan," said Mr. Orbán\'s chief of staff, Gergely Gulyás.',
            "Gergely Gulyás",
            "Mr. Orbán's chief of staff",
        ),
        (
            '"We will not accept this plan," said Ms. Kallas\'s spokeswoman, Anitta Hipper.',
            "Anitta Hipper",
            "Ms. Kallas's spokeswoman",
        ),
        (
            '"We will not accept this plan," said Szijjártó\'s spokesman, Tamás Menczer.',
            "Tamás Menczer",
            "Szijjártó's spokesman",
        ),
        (
            '"We will not accept this plan," Mr. Orbán\'s chief of staff, Gergely Gulyás, said.',
            "Gergely Gulyás",
            "Mr. Orbán's chief of staff",
        ),
        (
            '"We will not accept this plan," Gergely Gulyás, Mr. Orbán\'s chief of staff, said.',
            "Gergely Gulyás",
            "Mr. Orbán's chief of staff",
        ),
    ],
)
def test_an_honorific_before_a_possessive_keeps_the_named_speaker(paragraph, speaker, title):
    assert _one(paragraph) == [(speaker, speaker, title)]


def test_an_honorifics_office_is_still_no_speaker():
    assert _one('"We will not accept this plan," said Mr. Orbán\'s office.') == [(None, None, None)]


@pytest.mark.parametrize(
    "paragraph,described",
    [
        (
            '"We will not accept this plan," a spokesman for Foreign Minister Radosław Sikorski '
            "said.",
            "a spokesman for Foreign Minister Radosław Sikorski",
        ),
        (
            '"We will not accept this plan," said a spokesman for Foreign Minister Radosław '
            "Sikorski.",
            "a spokesman for Foreign Minister Radosław Sikorski",
        ),
        (
            'A spokesman for Foreign Minister Radosław Sikorski said: "We will not accept this '
            'plan."',
            "a spokesman for Foreign Minister Radosław Sikorski",
        ),
        (
            '"We will not accept this plan," an aide to Łukasz Nowak told Reuters.',
            "an aide to Łukasz Nowak",
        ),
        (
            '"We will not accept this plan," a spokesman for Sikorski said.',
            "a spokesman for Sikorski",
        ),
    ],
)
def test_a_described_speaker_for_someone_is_never_that_someone(paragraph, described):
    # Even with the person named in full before.
    got = _one("Radosław Sikorski and Łukasz Nowak arrived on Monday.", paragraph)
    assert got == [(described, described, None)]
