"""Units and the sentence splitter on the seed article."""

from __future__ import annotations

import pytest

from classify import make_units, read_articles, split_sentences

from conftest import SEEDS


@pytest.fixture(scope="module")
def articles():
    return read_articles(SEEDS)


def test_unit_levels_and_ids(articles):
    (article,) = make_units(articles, "article")
    assert article.id == "000_87e967da3ce2b364"
    assert article.text.startswith("Trump envoy tells Belarus")  # headline first
    assert "Reporting by" not in article.text
    paragraphs = make_units(articles, "paragraph")
    assert [u.id.split(":")[1] for u in paragraphs] == [f"p{i}" for i in range(1, 11)]
    sentences = make_units(articles, "sentence")
    assert len(sentences) == 14
    assert sentences[4].id.endswith(":p5s1") and sentences[5].id.endswith(":p5s2")
    assert [u.position for u in sentences] == list(range(14))
    assert all(u.date == "2025-09-11" and u.source == "Reuters" for u in sentences)


def test_auto_cuts_each_source_at_its_default(articles, tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"id": "r1", "text": "Talks resume. Both sides met."}\n')
    mixed = read_articles([SEEDS, rows])
    units = make_units(mixed, "auto")
    assert [u.id for u in units] == [u.id for u in make_units(articles, "paragraph")] + ["r1"]
    assert units[-1].text == "Talks resume. Both sides met."
    with pytest.raises(Exception, match="allowed: auto, article, paragraph, sentence"):
        make_units(articles, "chapter")


def test_seed_sentences_keep_abbreviations_and_quotes(articles):
    texts = [u.text for u in make_units(articles, "sentence")]
    # "U.S." never ends a sentence here.
    assert texts[0].startswith("President Donald Trump") and texts[0].endswith("said on Thursday.")
    assert texts[2].startswith("In return, the U.S. will grant") and texts[2].endswith(
        "Vilnius said."
    )
    # A quotation with two sentences splits inside the quote marks.
    assert texts[4] == (
        "Asked when the U.S. embassy might reopen, Coale said: “I can’t tell you the dates, "
        "but it’s in progress."
    )
    assert texts[5] == "I know it has to happen and will happen in the very near future.”"
    # A quote followed by its attribution stays one sentence.
    assert texts[3].endswith("happening now,” said Coale.")
    assert texts[10] == "“So far, I have a good relationship with your president."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("John F. Kennedy met Mr. Smith on Monday. He left.", 2),
        ("The U.S. and the U.K. agreed. Then they left!", 2),
        ("Sanctions were imposed by the U.S. The move angered Minsk.", 2),
        ("He met the U.N. envoy at 5 p.m. on Monday.", 1),
        ("See No. 10 Downing St. for details.", 1),
        ('"We will not back down." The minister left.', 2),
        ("Is it over? Nobody knows.", 2),
    ],
)
def test_sentence_splitter_cases(text, expected):
    assert len(split_sentences(text)) == expected, split_sentences(text)


def test_unit_auto_is_each_source_at_its_default_everywhere(tmp_path, capsys):
    # review 30d: a run config's `unit: auto` was refused by classify.predict.
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    from classify import api
    from classify.data import load_examples
    from classify.errors import ClassifyError

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    assert load_examples([data], unit="auto").ids == load_examples([data]).ids
    assert len(load_examples(SEEDS, unit="auto", annotations=SEEDS / "annotations.jsonl")) == 10
    with pytest.raises(ClassifyError, match=r"unknown unit 'word' \(allowed: auto, article"):
        load_examples([data], unit="word")
    model = train_tfidf("stance", data, tmp_path / "m")
    auto = api.predict(model, SEEDS, unit="auto")
    assert list(auto["id"]) == list(api.predict(model, SEEDS)["id"])
    assert auto["id"].iloc[0].endswith(":p1")  # an article's default: paragraphs
    # review 30e: the command line refused --unit auto.
    from cli_runner import run_cli

    res = run_cli(capsys, "predict", model, SEEDS, "--unit", "auto", "--out", tmp_path / "p.jsonl")
    assert res.code == 0, res.err
    assert (tmp_path / "p.jsonl").read_text().count("\n") == len(auto)
