"""The sentence splitter on news text: capitals of any script, acronyms and
one-letter words at a sentence end, quotes, decimals, ellipses, a.m./p.m."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from classify.data import load_examples
from classify.units import split_sentences

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT.parent / "shared" / "cases"
SET = ROOT / "tests" / "data" / "news_sentences.jsonl"


@pytest.mark.parametrize(
    "text,n",
    [
        ("Talks ended. Élysée aides said more would follow.", 2),
        ("Flights resume. Über 40 a week are planned.", 2),
        ("The port reopened. İzmir officials welcomed it.", 2),
        ("Envoys left. Żaneta Nowak stayed. Ōta said nothing.", 3),
    ],
)
def test_any_capital_starts_a_sentence(text, n):
    assert len(split_sentences(text)) == n


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The ban was imposed by the U.S. Lukashenko called it illegal.",
            ["The ban was imposed by the U.S.", "Lukashenko called it illegal."],
        ),
        (
            "It was adopted by the E.U. Moscow said it would respond.",
            ["It was adopted by the E.U.", "Moscow said it would respond."],
        ),
        ("The U.S. envoy met the minister.", ["The U.S. envoy met the minister."]),
        ("The U.N. Security Council will vote.", ["The U.N. Security Council will vote."]),
        # A hyphenated title after an acronym (review 40).
        (
            "An adviser to the U.N. Secretary-General met him.",
            ["An adviser to the U.N. Secretary-General met him."],
        ),
        ("He met the U.S. Vice-President.", ["He met the U.S. Vice-President."]),
        (
            "Trade with the U.S. fell. But exports rose.",
            ["Trade with the U.S. fell.", "But exports rose."],
        ),
        # A name's next word at the end of the sentence (review 25a).
        (
            "Sanctions were imposed by the U.S. Treasury. Minsk objected.",
            ["Sanctions were imposed by the U.S. Treasury.", "Minsk objected."],
        ),
        (
            "The toll rose, by the U.S. Embassy's count.",
            ["The toll rose, by the U.S. Embassy's count."],
        ),
        ("The talks begin at 9 a.m. Monday.", ["The talks begin at 9 a.m. Monday."]),
    ],
)
def test_dotted_acronyms(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text,n",
    [
        ("The border dates from World War I. The map changed twice.", 2),
        ("There is no plan B. They said so.", 2),
        ("It was built after World War II. It still stands.", 2),
        ("John F. Kennedy visited Berlin.", 1),
        ("The paper is by Mary K. Jones of the institute.", 1),
    ],
)
def test_one_letter_words_and_initials(text, n):
    assert len(split_sentences(text)) == n


@pytest.mark.parametrize(
    "text,n",
    [
        ('"We want good ties," the envoy said. "Nothing is decided."', 2),
        ("“Are we ready?” the president asked. Nobody answered.", 2),
        ("She called it “a travesty.” The court was silent.", 2),
        ("Trade rose 3.5 percent. Officials expect 4.2 percent.", 2),
        ("The fund holds $1.2 billion and 0.5 percent was freed.", 1),
        ("The talks went on and on... Nobody expected a deal.", 2),
        ("It was “close … but not done” he said.", 1),
        ("The vote ended at 10 p.m. Results come on Wednesday.", 2),
        ("The meeting began at 9 a.m. on Tuesday.", 1),
        ("Polls closed at 8 p.m. local time. Turnout was low.", 2),
    ],
)
def test_quotes_decimals_ellipses_and_times(text, n):
    assert len(split_sentences(text)) == n


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Ministers said: 1. Release all prisoners. 2. Hold free elections.",
            ["Ministers said: 1. Release all prisoners.", "2. Hold free elections."],
        ),
        ("1. The first point. 2. The second.", ["1. The first point.", "2. The second."]),
        # Bullets open sentences (review 25d).
        (
            "- The embassy reopened. - Sanctions were lifted.",
            ["- The embassy reopened.", "- Sanctions were lifted."],
        ),
        # A number that ends a sentence still ends it.
        ("The score was 2. Then they left.", ["The score was 2.", "Then they left."]),
    ],
)
def test_list_markers_are_no_sentences(text, expected):
    # "1." alone was a unit of its own (review 25a).
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # review 25d: "« Nous" with its space, and German „...“ quotes, did not split.
        (
            "Les sanctions ont été levées. « Nous voulons la paix », a dit le ministre.",
            ["Les sanctions ont été levées.", "« Nous voulons la paix », a dit le ministre."],
        ),
        (
            "Sie sagte: „Wir wollen Frieden.“ „Das ist gut“, sagte er.",
            ["Sie sagte: „Wir wollen Frieden.“", "„Das ist gut“, sagte er."],
        ),
        # review 25f: the abbreviations of other languages' news.
        (
            "Die Gespräche begannen am 14. März 2019. Sie dauerten lange.",
            ["Die Gespräche begannen am 14. März 2019.", "Sie dauerten lange."],
        ),
        ("He scored 14. March came later.", ["He scored 14.", "March came later."]),
        (
            "Las sanciones de EE. UU. siguen. Nadie lo duda.",
            ["Las sanciones de EE. UU. siguen.", "Nadie lo duda."],
        ),
        (
            "Встреча прошла в г. Минске. Стороны договорились.",
            ["Встреча прошла в г. Минске.", "Стороны договорились."],
        ),
        (
            "Il Sig. Rossi ha parlato. Poi è partito.",
            ["Il Sig. Rossi ha parlato.", "Poi è partito."],
        ),
        ("« Nous gagnerons. » Puis il est parti.", ["« Nous gagnerons. »", "Puis il est parti."]),
        (
            "Se reunieron. ¿Habrá acuerdo? Nadie lo sabe.",
            ["Se reunieron.", "¿Habrá acuerdo?", "Nadie lo sabe."],
        ),
        ("Rates rose in Sept. The bank held them.", ["Rates rose in Sept.", "The bank held them."]),
        ("It happened in Sept. 2019 during talks.", ["It happened in Sept. 2019 during talks."]),
    ],
)
def test_quotes_abbreviations_and_marks_of_other_languages(text, expected):
    assert split_sentences(text) == expected


def test_hand_written_set_is_split_without_errors():
    sys.path.insert(0, str(ROOT / "experiments"))
    from sentence_splitters import count_errors

    rows = [json.loads(line) for line in SET.read_text("utf-8").splitlines() if line.strip()]
    assert sum(len(r["sentences"]) for r in rows) >= 100
    false, missed, _ = count_errors(split_sentences, rows)
    assert (false, missed) == (0, 0)


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases absent")
def test_handed_sentence_cases():
    for name in ("acronym-sentence-end.jsonl", "accented-sentence-start.jsonl"):
        ex = load_examples([CASES / name], unit="sentence", labelled=False)
        assert len(ex) == 4, ex.texts


def test_a_name_suffix_before_a_sentence_starter_ends_the_sentence():
    # review 27e: "King Jr. The crowd" was one sentence.
    from classify.units import split_sentences

    assert split_sentences("It was read by Martin Luther King Jr. The crowd cheered.") == [
        "It was read by Martin Luther King Jr.",
        "The crowd cheered.",
    ]
    assert len(split_sentences("John Smith Jr. said talks would resume.")) == 1
