"""Stop 46: fixes checked on inputs of our own."""

from __future__ import annotations

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, two_articles, write_jsonl

from classify import api
from classify.errors import ClassifyError

CORPUS = [
    {"id": "c1", "text": "Washington lifted sanctions on potash.", "date": "2024-01-03"},
    {"id": "c2", "text": "Rights groups condemned the arrests.", "date": "2024-02-11"},
    {"id": "c3", "text": "The envoy welcomed the talks with Minsk.", "date": "2024-02-20"},
]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """A stance model and its predictions of a small corpus."""
    d = tmp_path_factory.mktemp("s46")
    model = train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")
    corpus = write_jsonl(d / "corpus.jsonl", CORPUS)
    return model, api.predict(model, corpus, out=d / "pred.jsonl").path, d


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--unit", "sentence"], "--unit"),
        (["--chunk-size", "10"], "--chunk-size"),
        (["--resume"], "--resume"),
        (["--text-column", "body"], "--text-column"),
        (["--id-column", "doc"], "--id-column"),
        (["--delimiter", ";"], "--delimiter"),
        (["--date-order", "day-first"], "--date-order"),
        (["--on-error", "skip"], "--on-error"),
    ],
)
def test_analyse_predictions_refuses_options_for_reading_or_scoring_a_corpus(
    capsys, scored, tmp_path, extra, named
):
    model, pred, _ = scored
    out = tmp_path / "an"
    r = run_cli(
        capsys, "analyse", model, "--predictions", pred, "--out", out, "--by", "all", *extra
    )
    assert r.code != 0
    assert named in r.err and "--predictions" in r.err
    assert "Traceback" not in r.err
    assert not out.exists()
    # Without the option the same files are analysed.
    ok = run_cli(capsys, "analyse", model, "--predictions", pred, "--out", out, "--by", "all")
    assert ok.code == 0, ok.err
    assert (out / "prevalence.csv").is_file()


def test_analyse_predictions_refusals_in_the_api(scored, tmp_path):
    model, pred, _ = scored
    for kwargs, named in (
        ({"unit": "sentence"}, "unit applies"),
        ({"chunk_size": 7}, "chunk_size applies"),
        ({"resume": True}, "resume applies"),
    ):
        with pytest.raises(ClassifyError, match=named):
            api.analyse(model, predictions=pred, by="all", out=tmp_path / "x", **kwargs)
    table = api.analyse(model, predictions=pred, by="all")
    assert set(table["task"]) == {"stance"}


@pytest.mark.parametrize(
    "sheet",
    [
        # A checkbox sheet: one column per topic, as Excel or Google Sheets keep it.
        "Unit,Text,Normalisation,Sanctions,Human Rights,Stance\n"
        "a1:p1,,1,0,0,favour\na1:p2,,0,yes,,against\na2:p2,,x,x,,neutral\n",
        # "Choose up to three" columns, as survey tools export them.
        "unit,Topic 1,Topic 2,Topic 3,stance\n"
        "a1:p1,normalisation,,,favour\na1:p2,,sanctions,,against\n"
        "a2:p2,normalisation,sanctions,,neutral\n",
        "unit;topic_1;topic_2;stance\n"
        "a1:p1;normalisation;;favour\na1:p2;sanctions;;against\n"
        "a2:p2;normalisation;sanctions;neutral\n",
    ],
)
def test_coder_sheets_with_topic_columns_import_and_build(tmp_path, sheet):
    import classify

    arts = two_articles(tmp_path / "arts")
    f = tmp_path / "coder.csv"
    f.write_text(sheet, encoding="utf-8")
    res = classify.import_annotations([f], sources=[arts], unit="paragraph", annotator="ana")
    got = {r.unit: (sorted(r.values["topics"]), r.values["stance"]) for r in res.records}
    assert got == {
        "a1:p1": (["normalisation"], "favour"),
        "a1:p2": (["sanctions"], "against"),
        "a2:p2": (["normalisation", "sanctions"], "neutral"),
    }
    assert not res.problems
    # The same sheet given as gold to dataset build.
    classify.build_dataset([arts], tmp_path / "ds", annotations=f, unit="paragraph", split="random")
    ds = classify.load_examples(tmp_path / "ds")
    gold = {i: sorted(t) for i, t in zip(ds.ids, ds.labels["topics"]) if t is not None}
    assert gold == {k: v[0] for k, v in got.items()}


def test_gold_file_topic_in_the_singular_is_read(tmp_path):
    import classify

    arts = two_articles(tmp_path / "arts")
    g = tmp_path / "gold.csv"
    g.write_text("Unit,Topic,Stance\na1:p2,sanctions,against\na2:p1,,favour\n", encoding="utf-8")
    classify.build_dataset([arts], tmp_path / "ds", annotations=g, unit="paragraph", split="random")
    ds = classify.load_examples(tmp_path / "ds")
    rows = {i: k for k, i in enumerate(ds.ids)}
    topics, stance = ds.labels["topics"], ds.labels["stance"]
    assert topics[rows["a1:p2"]] == ["sanctions"] and stance[rows["a1:p2"]] == "against"
    assert stance[rows["a2:p1"]] == "favour"


def test_a_checkbox_cell_that_is_not_a_tick_is_a_problem_row(tmp_path, capsys):
    f = tmp_path / "bad.csv"
    f.write_text(
        "unit,text,normalisation,sanctions,human_rights\nu1,Talks.,1,0,maybe\nu2,Curbs.,0,1,0\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "annotate", "import", f, "--annotator", "z", "--out", tmp_path / "o.jsonl")
    assert r.code == 1
    assert "column 'human_rights' holds 'maybe'" in r.err and "line 2" in r.err
    assert "Traceback" not in r.err


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ('According to the Kremlin, "the talks were useful and will go on next month."', "Kremlin"),
        ('"The measures will stay in place," according to the White House.', "White House"),
        ('"We welcome the release of the prisoners," the Ministry of Foreign Affairs said.',
         "Ministry of Foreign Affairs"),
        ('"The visit is a step forward," the Department of State said.', "Department of State"),
        ('"We welcome the release of the prisoners," the European Union said.', "European Union"),
        ('The United Nations said: "The detentions break international law."', "United Nations"),
        ('The White House on Monday said: "We are ready to reopen the embassy."', "White House"),
        ('"We will not bow to any pressure," Belarus\'s foreign ministry said.',
         "Belarus's foreign ministry"),
        ('"We will not bow to any pressure," Lukashenko\'s office said on Friday.',
         "Lukashenko's office"),
        ('"Talks will resume soon," Ms. Novak last week told reporters.', "Novak"),
        # The determiner is a word of its own: "Humala ... policies. A" is no "a ...".
        ("Chavez praised Ollanta Humala for his policies. A spokeswoman for the Peruvian "
         'Foreign Ministry stated, "There are concerns of meddling in the vote."',
         "a spokeswoman for the Peruvian Foreign Ministry"),
    ],
)  # fmt: skip
def test_institutions_and_bodies_speak_under_their_names(paragraph, speaker):
    from classify.quotes import extract_quotes

    got = extract_quotes([paragraph])
    assert [q.speaker for q in got] == [speaker]
