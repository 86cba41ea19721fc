"""Quotations and their speakers: the seed article by hand, harder cases
written here, and ``--unit quote`` through predict and analyse."""

from __future__ import annotations

from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify import api
from classify.articles import Article, read_articles
from classify.quotes import extract_quotes

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
    assert quotes[1].text.endswith("will happen in the very near future.")
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
    assert got[1][0] == "the talks are over for now and will not resume soon."


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


def test_predict_and_analyse_by_speaker(tmp_path):
    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    model = train_tfidf("stance", data, tmp_path / "stance")
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a1.txt").write_text(
        "Envoy visits\n\nJohn Coale, a Trump representative, met officials.\n\n"
        "“We want to restore diplomatic ties and reopen embassies soon,” Coale said.\n\n"
        "“The EU imposes new sanctions and an asset freeze on officials,” said Maria Lopez.\n",
        encoding="utf-8",
    )
    frame = api.predict(model, corpus, unit="quote")
    assert list(frame["speaker"]) == ["John Coale", "Maria Lopez"]
    assert list(frame["id"]) == ["a1:q1", "a1:q2"]
    assert frame["speaker_title"].iloc[0] == "a Trump representative"
    table = api.analyse(model, corpus, unit="quote", by="speaker", n_bootstrap=10)
    assert set(table["group"]) == {"John Coale", "Maria Lopez"}
