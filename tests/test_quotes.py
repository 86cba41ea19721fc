"""Quotations and their speakers: the seed article by hand, harder cases
written here, and ``--unit quote`` through predict and analyse."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify import api
from classify.articles import Article, read_articles
from classify.quotes import MIN_WORDS, extract_quotes

from conftest import SEEDS


def _quotes(*paragraphs: str):
    return [
        (q.text, q.paragraph, q.speaker, q.mention, q.title)
        for q in extract_quotes(Article(id="a", paragraphs=list(paragraphs)))
    ]


def test_seed_article_every_quote_and_speaker():
    article = read_articles(SEEDS / "000_87e967da3ce2b364.txt")[0]
    quotes = extract_quotes(article)
    got = [(q.paragraph, q.speaker, q.mention, q.title, q.text[:25]) for q in quotes]
    coale = ("John Coale", "Coale", "a Trump representative")
    assert got == [
        (4, *coale, "Right now it’s a good rel"),
        (5, *coale, "I can’t tell you the date"),
        # A partial quotation inside reported speech ("Coale said ... did not “…”").
        (8, *coale, "come to the surface"),
        # Two paragraphs, the first left open, attributed at the end of the second.
        (9, *coale, "So far, I have a good rel"),
    ]
    assert quotes[0].text.endswith("that’s not exactly happening now")
    assert quotes[1].text.endswith("will happen in the very near future")
    assert quotes[3].text.endswith("emphasise their commonality")
    assert "\n\n“" not in quotes[3].text and "\n\nI believe that President Trump" in quotes[3].text


def test_attribution_shapes_and_title_resolution():
    got = _quotes(
        "Maria Lopez, the foreign minister of Ruritania, arrived on Monday.",
        "“We will not accept new sanctions,” Lopez said.",
        "According to Lopez, “the talks are over for now and will not resume soon.”",
        'Lopez told reporters: "Our embassy stays closed until further notice."',
        "“The measures are a mistake, in our view,” said Foreign Minister Lopez.",
        "“There will be no deal this year,” a U.S. embassy spokesperson said.",
    )
    lopez = ("Maria Lopez", "Lopez", "the foreign minister of Ruritania")
    assert [g[2:] for g in got[:3]] == [lopez, lopez, lopez]
    assert got[3][2] == "Maria Lopez" and got[3][3] == "Foreign Minister Lopez"
    assert got[4][2:4] == ("a U.S. embassy spokesperson", "a U.S. embassy spokesperson")
    assert got[1][0] == "the talks are over for now and will not resume soon"


def test_possessive_lower_case_and_pronoun_titles_find_the_speaker():
    # Review 31d: shapes that gave a wrong speaker or none.
    got = [
        (speaker, title)
        for _, _, speaker, _, title in _quotes(
            '"The numbers have not gone down in any way," said Viasna\'s chair, Ales Bialiatski.',
            '"We will not give in to any pressure," Viasna\'s chair, Ales Bialiatski, said.',
            '"The dialogue has begun and will go on," foreign ministry spokesman Ruslan '
            "Varankov said.",
            'Franak Viacorka, her chief adviser, said: "We want all prisoners released."',
            '"Every release is followed by new arrests," said Natallia Satsunkevich of Viasna. '
            '"The prisons are refilled."',
            '"We will keep talking to both sides," said O\'Brien.',
        )
    ]
    assert got == [
        # The British order's title, before the name and a comma (review 42).
        ("Ales Bialiatski", "Viasna's chair"),
        ("Ales Bialiatski", "Viasna's chair"),
        ("Ruslan Varankov", "foreign ministry spokesman"),
        ("Franak Viacorka", "her chief adviser"),
        ("Natallia Satsunkevich", None),
        ("Natallia Satsunkevich", None),
        ("O'Brien", None),
    ]


def test_nested_quotes_stay_inside_the_outer_one():
    got = _quotes(
        "“He called the deal ‘a historic mistake’ and walked out of the room,” said Anna Berg.",
        "\"They keep saying 'normalisation' but nothing changes,\" Anna Berg said.",
    )
    assert got[0][0] == "He called the deal ‘a historic mistake’ and walked out of the room"
    assert got[1][0] == "They keep saying 'normalisation' but nothing changes"
    assert {g[2] for g in got} == {"Anna Berg"}


def test_pronouns_and_missing_attributions_are_not_guessed():
    got = _quotes(
        "Peter Novak, a senator, spoke after the vote.",
        "“We will lift the sanctions only if prisoners are released,” he said.",
        "“Nobody should expect a quick deal with this government.”",
        "Officials described the plan as “dead on arrival” and moved on.",
    )
    assert got[0][2:4] == (None, "he")
    assert got[1][2:4] == (None, None)
    # A short scare-quoted phrase is not a quotation.
    assert len(got) == 3 and got[2][0] == "dead on arrival" and got[2][2] is None


def test_shared_surname_is_not_resolved_to_either():
    got = _quotes(
        "Ann Smith and Bob Smith both attended the summit.",
        "“This is a good day for both countries,” Smith said.",
    )
    assert got[0][2] == "Smith"


def test_according_to_before_the_quote_and_inside_its_sentence():
    got = _quotes(
        "Olga Marchenko, a deputy foreign minister, led the delegation.",
        "According to Marchenko, the negotiations had been “difficult but useful”.",
        "The visit, according to a Kremlin spokesman, was “planned for months”.",
        "According to diplomats in Vienna, nothing was signed.",
        "The ceasefire held for “a few more hours” on Sunday, according to Marchenko.",
        "The offer was “not serious”, according to a statement from the Foreign Ministry.",
    )
    marchenko = ("Olga Marchenko", "Marchenko", "a deputy foreign minister")
    assert [g[0] for g in got] == [
        "difficult but useful",
        "planned for months",
        "a few more hours",
        "not serious",
    ]
    assert got[0][2:] == marchenko
    assert got[1][2:4] == ("a Kremlin spokesman", "a Kremlin spokesman")
    assert got[2][2:] == marchenko
    assert got[3][2] == "Foreign Ministry"


def test_described_speaker_before_said_colon_keeps_its_description():
    got = _quotes(
        "A State Department spokesperson said: “Visas will be issued again.”",
        'An EU official told reporters: "The list is not final."',
        "The Kremlin spokesman said on Friday: “We have seen no proposal.”",
        "“The border stays open,” a senior Polish diplomat said.",
    )
    assert [g[2] for g in got] == [
        "a State Department spokesperson",
        "an EU official",
        "the Kremlin spokesman",
        "a senior Polish diplomat",
    ]
    # The mention is what the text said, with the determiner in lower case.
    assert got[0][3] == "a State Department spokesperson" and got[0][4] is None


def test_second_quote_of_a_paragraph_keeps_its_speaker_unless_someone_else_is_named():
    got = _quotes(
        "“The elections were not free,” Nowak said. “Nobody in Europe believes otherwise.”",
        "“We will not be lectured,” Ivanova said on Tuesday. “Our answer will come soon.”",
        "“The deal is good,” Nowak said. Ivanova disagreed. “It changes nothing at all.”",
        "“The deal is good,” Nowak said. An official objected: “It changes nothing at all.”",
        "Nowak said the talks were “quite useful”. The mood was “far from festive”.",
        "“The door is open,” she said. “We are waiting for an answer.”",
        "“We will not be lectured by anyone.”",
    )
    assert [g[2:4] for g in got] == [
        ("Nowak", "Nowak"),
        ("Nowak", "Nowak"),
        ("Ivanova", "Ivanova"),
        ("Ivanova", "Ivanova"),
        ("Nowak", "Nowak"),
        (None, None),  # someone else named in between
        ("Nowak", "Nowak"),
        (None, None),  # a described speaker in between
        ("Nowak", "Nowak"),
        (None, None),  # a new sentence of narration in between
        (None, "she"),
        (None, "she"),  # the same unresolved pronoun, still not guessed
        (None, None),  # its own paragraph, no attribution
    ]


def test_quote_interrupted_by_its_attribution_is_one_unit():
    got = _quotes(
        "“Sanctions have not worked,” Tomas Varga said, “and they will not work now.”",
        "'Nobody wants a war,' said Ines Kovac, 'but nobody wants to look weak either.'",
        "“It is too early,” he added, “to speak of a breakthrough.”",
        "“The talks ended,” Varga said. “We go home tomorrow.”",
    )
    assert [g[0] for g in got[:3]] == [
        "Sanctions have not worked, and they will not work now",
        "Nobody wants a war, but nobody wants to look weak either",
        "It is too early to speak of a breakthrough",
    ]
    assert [g[2] for g in got[:3]] == ["Tomas Varga", "Ines Kovac", None]
    assert got[2][3] == "he"
    # Two sentences, each closed: two quotations of one speaker.
    assert [g[0] for g in got[3:]] == ["The talks ended", "We go home tomorrow"]


def test_titles_after_a_comma_with_the_and_before_the_name():
    got = _quotes(
        "Karin Holm, the E.U. high representative for foreign affairs, arrived late.",
        "Lithuanian Foreign Minister Ruta Sakalauskiene met her in Vilnius.",
        "Jailed opposition leader Pavel Severinets sent a letter.",
        "Belarus released Pavel Severinets and the hall applauded Karin Holm.",
        "“We want results,” Holm said.",
        "“Vilnius stands ready,” Sakalauskiene said.",
        "“I am not afraid of them,” Severinets wrote.",
        "“Talks go on,” said Lukas Brand, who arrived on Monday.",
    )
    assert [(g[2], g[4]) for g in got] == [
        ("Karin Holm", "the E.U. high representative for foreign affairs"),
        ("Ruta Sakalauskiene", "Lithuanian Foreign Minister"),
        ("Pavel Severinets", "jailed opposition leader"),
        # No title given: the sentence's other words are not taken as one.
        ("Lukas Brand", None),
    ]


def test_speaker_mention_and_a_bare_role_linked_only_to_its_one_holder():
    got = _quotes(
        "Senator Mark Olsen visited Kyiv with Ambassador Rita Dunn.",
        "“We are not leaving,” the senator said.",
        "“Aid will continue,” the ambassador said.",
        "“Nothing was agreed,” the minister said.",
        "“It is a long road,” she said.",
    )
    assert [g[2:5] for g in got] == [
        ("Mark Olsen", "the senator", "Senator"),
        ("Rita Dunn", "the ambassador", "Ambassador"),
        (None, "the minister", None),  # no minister named
        (None, "she", None),
    ]
    two = _quotes(
        "Senator Mark Olsen and Senator Joan Reyes spoke.",
        "“The vote is close,” the senator said.",
    )
    assert two[0][2:4] == (None, "the senator")


def test_minimum_length_and_single_quotes():
    assert MIN_WORDS == 2
    got = _quotes(
        "The minister said the border would reopen “next month”.",
        "Officials called the plan “historic” and moved on.",
        "'Minsk plays both sides,' said Ines Kovac, who covers the region.",
        "She didn't say it; the '90s are over and Belarus's leaders' hopes too.",
        "Rock 'n' roll is back, a 'new era' in the city.",
        "“He told me ‘wait until spring’ and left,” Kovac said.",
        "Kovac said: ‘The sanctions are a mistake.’",
    )
    assert [(g[0], g[2]) for g in got] == [
        ("next month", None),
        ("Minsk plays both sides", "Ines Kovac"),
        ("He told me ‘wait until spring’ and left", "Ines Kovac"),
        ("The sanctions are a mistake", "Ines Kovac"),
    ]
    assert got[0][3] == "the minister"


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quotes_model")
    data = write_jsonl(tmp / "train.jsonl", labelled_rows())
    return train_tfidf("stance", data, tmp / "stance")


def _write_articles(folder):
    folder.mkdir()
    (folder / "a1.txt").write_text(
        "Envoy visits\n\nJohn Coale, a Trump representative, met officials.\n\n"
        "“We want to restore diplomatic ties and reopen embassies soon,” Coale said.\n\n"
        "“The EU imposes new sanctions and an asset freeze on officials,” said Maria Lopez.\n\n"
        "“We will restore ties and open the embassy,” he said.\n",
        encoding="utf-8",
    )
    return folder


def test_predict_and_analyse_by_speaker(tmp_path, stance_model):
    corpus = _write_articles(tmp_path / "articles")
    frame = api.predict(stance_model, corpus, unit="quote")
    assert list(frame["speaker"])[:2] == ["John Coale", "Maria Lopez"]
    assert list(frame["id"]) == ["a1:q1", "a1:q2", "a1:q3"]
    assert frame["speaker_title"].iloc[0] == "a Trump representative"
    assert pd.isna(frame["speaker"].iloc[2]) and frame["speaker_mention"].iloc[2] == "he"
    table = api.analyse(stance_model, corpus, unit="quote", by="speaker", n_bootstrap=10)
    # The unresolved pronoun is grouped as unknown, as before.
    assert set(table["group"]) == {"John Coale", "Maria Lopez", "(unknown)"}


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_cli_predict_quote_units_write_the_mention(tmp_path, capsys, stance_model, suffix):
    corpus = _write_articles(tmp_path / "articles")
    out = tmp_path / f"preds.{suffix}"
    result = run_cli(capsys, "predict", stance_model, corpus, "--unit", "quote", "--out", out)
    assert result.code == 0, result.err
    if suffix == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        frame = pd.DataFrame(rows)
    elif suffix == "csv":
        frame = pd.read_csv(out, keep_default_na=False).replace("", None)
    else:
        frame = pd.read_parquet(out)
    assert list(frame["speaker_mention"]) == ["Coale", "Maria Lopez", "he"]
    assert list(frame["speaker"])[:2] == ["John Coale", "Maria Lopez"]
    assert pd.isna(frame["speaker"].iloc[2])


def test_nearest_attribution_names_after_of_and_two_word_names():
    got = _quotes(
        "According to a navy spokesman, the fleet left port, while a harbour official said "
        "the ships were “fully loaded with fuel”.",
        "President of Moldova Elena Rusu says the vote was “free and fair”.",
        "Officials say the risk from the spill is “very low”.",
        "The treaty, known as the “Baltic Pact”, was signed, Rusu said.",
    )
    assert [(g[0], g[2]) for g in got] == [
        ("fully loaded with fuel", "a harbour official"),
        ("free and fair", "Elena Rusu"),
        ("very low", "officials"),
    ]


def test_long_name_runs_organisations_and_initials():
    got = _quotes(
        "European Union High Representative Maria Sand arrived with Tommy Thompson.",
        "“We stay the course,” Sand said.",
        "The Syrian National Coalition said the offer came “too little and too late”.",
        "“Aid is coming,” S. Thompson said.",
    )
    assert [g[2] for g in got] == [
        "Maria Sand",
        "Syrian National Coalition",
        "S. Thompson",  # another Thompson: the initial differs
    ]


def test_cli_analyse_by_speaker_from_quote_predictions(tmp_path, capsys, stance_model):
    corpus = _write_articles(tmp_path / "articles")
    preds = tmp_path / "preds.parquet"
    assert (
        run_cli(capsys, "predict", stance_model, corpus, "--unit", "quote", "--out", preds).code
        == 0
    )
    out = tmp_path / "analysis"
    result = run_cli(
        capsys, "analyse", stance_model, "--predictions", preds, "--by", "speaker",
        "--bootstrap", "10", "--out", out,
    )  # fmt: skip
    assert result.code == 0, result.err
    groups = set(pd.read_csv(out / "prevalence.csv")["group"])
    assert groups == {"John Coale", "Maria Lopez", "(unknown)"}


def test_long_paragraphs_and_articles_are_read_whole():
    # Attributions and titles are read in a window before each quotation or
    # name, so a long article costs linear time (experiments/scaling.py
    # measures it; it took seconds when the whole text before each name was
    # searched).
    para = "The minister's 'new plan' for the farms, called 'a step' by some, was debated. " * 120
    article = [
        "“We will not accept new sanctions,” Lopez said. Maria Lopez, the minister, left."
    ] * 3000
    assert _quotes(para) == []
    quotes = extract_quotes(Article(id="a", paragraphs=article))
    assert len(quotes) == 3000 and quotes[-1].speaker == "Maria Lopez"


def test_unattributed_single_quotes_lend_no_attribution():
    # "they say," inside a phrase that is not taken as a quotation does not
    # attribute the next one.
    text = (
        "Nothing came of the talks, and 'so it goes, they say,' and 'so it goes, they say,' again."
    )
    assert _quotes(text) == []


def test_named_attribution_of_a_quote_wins_over_its_pronoun():
    intro = "John Smith, the foreign minister, met the envoys on Monday."
    smith = ("John Smith", "Smith", "the foreign minister")
    # Over two and three paragraphs: named lead-in, pronoun at the end.
    two = _quotes(
        intro,
        "Asked about the prisoners, Smith said: “We raised every case. We will keep raising them.",
        "“Engagement is not approval, and sanctions will stay in place until the prisoners "
        "are free,” he added.",
    )
    assert len(two) == 1 and two[0][2:] == smith
    assert two[0][0].startswith("We raised every case.") and "\n\nEngagement" in two[0][0]
    three = _quotes(
        "Senator Rita Dunn visited the border.",
        "The senator told reporters: “We saw the camps.",
        "“We saw the queues at the crossing.",
        "“Nobody should pretend this is normal,” she said.",
    )
    assert len(three) == 1 and three[0][2:4] == ("Rita Dunn", "the senator")
    # Interrupted: the pronoun in the middle, the name at the end or the start.
    interrupted = _quotes(
        intro,
        "“The border will stay closed,” he said, “until every prisoner is home,” Smith added.",
        "Smith told reporters: “We will not wait,” he added, “for another round of talks.”",
    )
    assert [g[0] for g in interrupted] == [
        "The border will stay closed, until every prisoner is home",
        "We will not wait for another round of talks",
    ]
    assert [g[2:] for g in interrupted] == [smith, smith]
    # One paragraph, one quotation, a named lead-in and a trailing pronoun.
    single = _quotes(intro, "Smith said: “We will keep talking to all sides,” he added.")
    assert single[0][2:] == smith


def test_pronoun_without_a_name_in_its_own_quote_stays_unresolved():
    got = _quotes(
        "John Smith, the foreign minister, met the envoys on Monday.",
        "“We raised every case with them,” Smith said.",
        "“We will keep raising them.",
        "“Sanctions stay in place until the prisoners are free,” he added.",
        "Smith said: “We will win this round.” He added: “More talks will follow soon.”",
        "The talks ended. “Nothing was agreed,” she said.",
    )
    assert [g[2:4] for g in got] == [
        ("John Smith", "Smith"),
        (None, "he"),  # opens a paragraph of its own: not guessed from the one before
        ("John Smith", "Smith"),
        # "He" right after Smith's quotation in the same paragraph, no one
        # else named between (review 53): Smith's.
        ("John Smith", "Smith"),
        (None, "she"),  # after a sentence of narration: not guessed
    ]


def test_a_quotation_carried_into_the_next_paragraph_keeps_its_named_speaker():
    got = _quotes(
        "Ministers split",
        "“The sanctions have not failed,” Landsbergis said. “Potash exports have collapsed.",
        "“And the regime knows it,” he added.",
    )
    assert [g[2:4] for g in got] == [("Landsbergis", "Landsbergis")] * 2


def test_lead_in_of_the_next_quote_is_not_the_previous_ones_attribution():
    got = _quotes(
        "Anna Berg, the EU envoy, and Pavel Novak, the minister, met in Vienna.",
        "“We will win this fight.” Novak said: “You will lose it, and soon.”",
        "Berg said: “The offer stands.” Novak replied: “The offer is not serious.”",
        "“Nothing was agreed.” Novak said, “The talks go on next week.”",
        # A full stop after the attribution: it is the first quotation's.
        "“The talks were useful.” Berg said. “We meet again in June.”",
    )
    assert [(g[0], g[2]) for g in got] == [
        ("We will win this fight", None),
        ("You will lose it, and soon", "Pavel Novak"),
        ("The offer stands", "Anna Berg"),
        ("The offer is not serious", "Pavel Novak"),
        # Its attribution between two parts: one interrupted quotation.
        ("Nothing was agreed. The talks go on next week", "Pavel Novak"),
        ("The talks were useful", "Anna Berg"),
        ("We meet again in June", "Anna Berg"),
    ]


@pytest.mark.parametrize(
    ("paragraph", "text"),
    [
        ("“We will not move forward,” said Anna Berg.", "We will not move forward"),
        ("“We will not move forward.” Anna Berg left.", "We will not move forward"),
        ("“We will not move forward,” she said.", "We will not move forward"),
        ("Anna Berg said: “We will not move forward.”", "We will not move forward"),
        ("Anna Berg said: “We will not move forward;”", "We will not move forward"),
        ("'We will not move forward,' said Anna Berg.", "We will not move forward"),
        ("Anna Berg said: ‘We will not move forward.’", "We will not move forward"),
        ("“Will we move forward?” Anna Berg asked.", "Will we move forward?"),
        ("“We will not move forward!” Anna Berg said.", "We will not move forward!"),
        ("Anna Berg said: “We will not move forward…”", "We will not move forward…"),
        ("Anna Berg said: “We will not move forward...”", "We will not move forward..."),
        ("Anna Berg said: “Nobody moves without the U.S.”", "Nobody moves without the U.S."),
        ("Anna Berg said: “Ask Martin Luther King Jr.”", "Ask Martin Luther King Jr."),
        (
            "Anna Berg said: “Nobody called it ‘a step forward.’”",
            "Nobody called it ‘a step forward.’",
        ),
    ],
)
def test_closing_comma_or_full_stop_is_dropped_in_every_shape(paragraph, text):
    got = _quotes(paragraph)
    assert [g[0] for g in got] == [text]


def test_closing_full_stop_of_multi_paragraph_and_interrupted_quotes():
    got = _quotes(
        "Anna Berg said: “The first round is over. Nothing was signed.",
        "“The second round starts in June.”",
        "“The first round is over,” Berg said, “and the second starts in June.”",
    )
    # Full stops inside the quotation stay; only the closing one goes.
    assert [g[0] for g in got] == [
        "The first round is over. Nothing was signed.\n\nThe second round starts in June",
        "The first round is over, and the second starts in June",
    ]


def test_person_subject_of_a_clause_ending_in_a_colon_is_the_speaker():
    got = _quotes(
        "John Smith, the foreign minister of Ruritania, struck a warmer tone: “We are ready "
        "to talk to anyone.”",
        "Foreign Minister Maria Lopez was blunter on Tuesday: “The sanctions stay.”",
        "Later, Smith went further: “The embassy could reopen within weeks.”",
        "On Monday Lopez had a message for the critics: “Judge us by the results.”",
    )
    assert [g[2:] for g in got] == [
        ("John Smith", "John Smith", "the foreign minister of Ruritania"),
        ("Maria Lopez", "Foreign Minister Maria Lopez", "Foreign Minister"),
        ("John Smith", "Smith", "the foreign minister of Ruritania"),
        ("Maria Lopez", "Lopez", "Foreign Minister"),
    ]
    # No title, but an attribution elsewhere calls him by surname: a person.
    named = _quotes(
        "John Coale met reporters in Minsk.",
        "“We want to reopen the embassy,” Coale said.",
        "Coale went further: “The embassy could reopen within weeks.”",
    )
    assert [g[2] for g in named] == ["John Coale", "John Coale"]


def test_colon_clause_without_a_person_subject_gets_no_speaker():
    got = _quotes(
        "John Smith, the foreign minister, and Maria Lopez, the senator, met in Vienna.",
        "South Korea, a close U.S. ally, struck a warmer tone: “We are ready to talk.”",
        "The statement read: “The border stays closed to all traffic.”",
        "He struck a warmer tone: “We are ready to talk to anyone.”",
        "The Foreign Ministry struck a warmer tone: “We are ready to talk to anyone.”",
        "Smith read out a letter from his lawyer: “I am innocent of every charge.”",
        "Smith echoed the president: “Nobody is above the law here.”",
        "Smith turned to Maria Lopez: “You know that this is not true.”",
        "Smith arrived late, and Lopez struck a warmer tone: “We are ready to talk.”",
        "Talks resumed in Geneva: “Nobody expects a breakthrough soon.”",
        "John Coale met reporters in Minsk.",
        "Coale went further: “The embassy could reopen within weeks.”",
    )
    assert len(got) == 10
    assert all(g[2] is None and g[3] is None for g in got)


def test_an_attribution_of_its_own_wins_over_the_colon_clause():
    got = _quotes(
        "John Smith, the foreign minister, and Maria Lopez, the senator, met in Vienna.",
        "Smith struck a warmer tone: “We are ready to talk,” Lopez said.",
        "Smith struck a warmer tone: “We are ready to talk,” he said.",
    )
    assert [g[2:4] for g in got] == [("Maria Lopez", "Lopez"), (None, "he")]


# Under a headline that ends in a capitalised word, with no dateline: the
# name after an apposition (review 24b) and the usual wire lead "Title Name
# said ..." (review 24j). The headline never runs into the speaker.
KELLER = (
    "Anna Keller, a State Department spokeswoman, spoke on Monday.",
    '"We will reopen the embassy soon and talk again," Keller said.',
    ("Anna Keller", "a State Department spokeswoman"),
)
REED = (
    "British Environment Secretary Steve Reed said on Tuesday the deal was fair.",
    '"This is a fair deal for our coastal communities," Reed said.',
    ("Steve Reed", "British Environment Secretary"),
)


@pytest.mark.parametrize(
    "title,lead",
    [
        ("Talks in Minsk", KELLER),
        ("US and Belarus Talk in Vilnius", KELLER),
        ("UK and EU reach deal on fishing rights", REED),
        ("Aid reaches Ukraine", REED),
    ],
)
def test_the_headline_never_runs_into_the_speaker(title, lead):
    first, quoted, expected = lead
    [quote] = extract_quotes(Article(id="a", title=title, paragraphs=[first, quoted]))
    assert (quote.speaker, quote.title) == expected


@pytest.mark.parametrize(
    "mention,speaker,title",
    [
        (
            "Lithuanian Foreign Minister Linas Linkevicius",
            "Linas Linkevicius",
            "Lithuanian Foreign Minister",
        ),
        ("Georgian Prime Minister Giorgi Gakharia", "Giorgi Gakharia", "Georgian Prime Minister"),
        ("Treasury Secretary Scott Bessent", "Scott Bessent", "Treasury Secretary"),
    ],
)
@pytest.mark.parametrize("shape", ['"{q}," {m} said.', '"{q}," said {m}.'])
def test_any_word_before_a_title_word_is_part_of_the_title(mention, speaker, title, shape):
    # Not only the nationalities a list names (review 24h).
    text = shape.format(q="The door to dialogue remains open", m=mention)
    [quote] = extract_quotes(Article(id="a", paragraphs=[text]))
    assert (quote.speaker, quote.title) == (speaker, title)


@pytest.mark.parametrize(
    "paragraph,quoted",
    [
        # German „…“: the closing “ opened a "quotation" of the narration
        # after it (review 25f).
        (
            "„Wir übernehmen Verantwortung für die Lage“, sagte Minister Peter Altmaier in Berlin.",
            ["Wir übernehmen Verantwortung für die Lage"],
        ),
        (
            "„Wir wollen Frieden“, sagte er. „Das ist gut für alle Seiten“, fügte er hinzu.",
            ["Wir wollen Frieden", "Das ist gut für alle Seiten"],
        ),
        (
            "„Chcemy pokoju z naszymi sąsiadami”, powiedział minister.",
            ["Chcemy pokoju z naszymi sąsiadami"],
        ),
        (
            "« Nous voulons la paix avec nos voisins », a déclaré le ministre.",
            ["Nous voulons la paix avec nos voisins"],
        ),
        ("«Мы хотим мира с нашими соседями», сказал министр.", ["Мы хотим мира с нашими соседями"]),
    ],
)
def test_quotation_marks_of_other_languages_delimit_the_quotation(paragraph, quoted):
    # Speakers are found in English attributions only (README); the quoted
    # words themselves are right in every language's marks.
    assert [q[0] for q in _quotes(paragraph)] == quoted


@pytest.mark.parametrize(
    "paragraph",
    [
        "“We will not accept this,” the foreign secretary, David Lammy, said on Thursday.",
        "The foreign secretary, David Lammy, said: “We will not accept this.”",
    ],
)
def test_the_title_first_attribution_names_the_speaker(paragraph):
    # The British order, title before name (review 25f: no speaker).
    assert [(q[0], q[2]) for q in _quotes(paragraph)] == [
        ("We will not accept this", "David Lammy")
    ]


@pytest.mark.parametrize(
    "paragraph,speaker,title",
    [
        # review 25i: "U." was the speaker, and the second form had none.
        ('"We will reopen the embassy," said U.S. envoy John Coale.', "John Coale", "U.S. envoy"),
        ('"We will reopen the embassy," U.S. envoy John Coale said.', "John Coale", "U.S. envoy"),
        (
            '"We will reopen the embassy," said EU foreign policy chief Kaja Kallas.',
            "Kaja Kallas",
            "EU foreign policy chief",
        ),
        # review 25j: the outlet was the speaker.
        (
            '"We will reopen the embassy," said Reuters correspondent Ana Lima.',
            "Ana Lima",
            "Reuters correspondent",
        ),
    ],
)
def test_a_title_with_lower_case_words_before_the_name(paragraph, speaker, title):
    [(text, _, who, _, said_title)] = _quotes(paragraph)
    assert (text, who, said_title) == ("We will reopen the embassy", speaker, title)


@pytest.mark.parametrize("dash", ["—", "–", "-"])
def test_a_dash_before_the_attribution_is_read(dash):
    # review 30a: '"…," — Lukashenko told reporters.' had no speaker.
    text = f'"Our dialogue with Washington is constructive and respectful," {dash} Lukashenko told reporters.'
    assert [q.speaker for q in extract_quotes([text])] == ["Lukashenko"]
    text = f'"We will talk again next month," {dash} said Foreign Minister Maxim Ryzhenkov.'
    assert [q.speaker for q in extract_quotes([text])] == ["Maxim Ryzhenkov"]


def test_a_bare_surname_is_read_as_the_one_full_name_the_corpus_gives(tmp_path, stance_model):
    # review 30a: "Blinken" (one article) and "Antony Blinken" (another) were two speakers.
    folder = _write_articles(tmp_path / "articles")
    (folder / "a2.txt").write_text(
        "Talks\n\n“We will keep talking with Minsk about the prisoners,” Coale told reporters.\n\n"
        "“The door to dialogue with Washington stays open for now,” Lukashenko said.\n\n"
        "“Sanctions relief depends on the release of prisoners,” Lopez said.\n",
        encoding="utf-8",
    )
    (folder / "a3.txt").write_text(
        "More talks\n\n“Our dialogue with Washington is constructive and respectful,” "
        "said Alexander Lukashenko.\n\n“Sanctions on potash are still in force for now,” "
        "said Viktor Lopez.\n",
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match=r"2 bare surnames read as the one full name the corpus "
                      r"gives them \(Coale as John Coale, Lukashenko as Alexander Lukashenko\)"):  # fmt: skip
        table = api.analyse(stance_model, folder, unit="quote", by="speaker", n_bootstrap=10)
    groups = table.drop_duplicates("group").set_index("group")["n_units"].to_dict()
    assert groups["John Coale"] == 2 and groups["Alexander Lukashenko"] == 2
    # Two full names end in Lopez: the surname is not given to either.
    assert {"Maria Lopez", "Viktor Lopez", "Lopez"} <= set(groups)
    assert "Coale" not in groups and "Lukashenko" not in groups


def test_predicting_quotations_of_articles_without_any_says_so(tmp_path, capsys, stance_model):
    # review 30e: "0 rows, 0 articles" and nothing on why.
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks\n\nThe ministers met in Minsk on Tuesday.\n")
    res = run_cli(capsys, "predict", stance_model, folder, "--unit", "quote", "--out",
                  tmp_path / "q.jsonl")  # fmt: skip
    assert res.code == 0, res.err
    assert "note: no quotation was found in the input" in " ".join(res.out.split())


def test_roles_of_news_beyond_officials_name_their_speaker():
    got = _quotes(
        "“Jailing journalists for their reporting is unacceptable,” said U.N. rapporteur "
        "Maria Santos.",
        "“We counted every ballot twice,” election observer Jan Kowal said.",
    )
    assert [(g[2], g[4]) for g in got] == [
        ("Maria Santos", "U.N. rapporteur"),
        ("Jan Kowal", "election observer"),
    ]


def test_a_possessive_title_between_name_and_verb_is_no_obstacle():
    got = _quotes("Peter Jones, Smith's deputy, said: “The deal is good for both our countries.”")
    assert [g[2] for g in got] == ["Peter Jones"]
