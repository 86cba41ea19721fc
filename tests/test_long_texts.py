"""Texts longer than an encoder reads are windowed and pooled in every
family that reads texts through an encoder (embedding, setfit, zero-shot,
and so ensembles of them), as in the transformer family; TF-IDF reads long
multi-label texts sentence by sentence too."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classify.config import build_params
from classify.models import get_family
from classify.models._windows import mean_by_text, predict_windowed, text_windows
from classify.tasks import Task

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"
TOPIC = Task(name="topic", kind="multilabel", labels=("normalisation", "sanctions", "other"))
STANCE = Task(name="stance", kind="multiclass", labels=("favour", "against", "neutral"))
FILLER = (
    "The visitors walked along the river, admired the old bridges and ate lunch in a small "
    "square where a band played folk songs for the tourists. "
) * 30
PASSAGE = (
    "Separately, the bloc imposed an asset freeze and a travel ban on nine officials and "
    "sanctioned the state shipping company."
)


class WordTokenizer:
    """A slow tokenizer stand-in: no offsets, so windows are cut at words."""

    is_fast = False


def test_short_texts_are_one_window_each():
    windows, index = text_windows(["a b c", "d e"], WordTokenizer(), 64)
    assert windows == ["a b c", "d e"] and index.tolist() == [0, 1]


def test_long_text_windows_cover_the_whole_text_and_overlap():
    text = " ".join(f"w{i}" for i in range(100))
    windows, index = text_windows([text, "short"], WordTokenizer(), 40)  # 20 words a window
    assert set(index.tolist()) == {0, 1} and windows[-1] == "short"
    long = [w.split() for w, i in zip(windows, index) if i == 0]
    assert long[0][0] == "w0" and long[-1][-1] == "w99"
    assert all(len(w) <= 20 for w in long)
    covered = {word for w in long for word in w}
    assert covered == set(text.split())
    assert set(long[0]) & set(long[1])  # consecutive windows share words


def test_pooling_max_for_multilabel_mean_for_multiclass():
    def predict(texts):
        return np.array([[0.9, 0.1] if "sanction" in t else [0.1, 0.9] for t in texts])

    text = " ".join(["calm"] * 200 + ["sanction"])
    multi = predict_windowed([text], predict, WordTokenizer(), 40, multilabel=True)
    assert multi[0, 0] == pytest.approx(0.9)
    single = predict_windowed([text], predict, WordTokenizer(), 40, multilabel=False)
    assert 0.1 < single[0, 0] < 0.5 and single.sum() == pytest.approx(1.0)


def test_mean_by_text():
    rows = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]])
    assert mean_by_text(rows, np.array([0, 0, 1]), 2).tolist() == [[0.5, 0.5], [2.0, 2.0]]


def _fitted(family: str, task: Task, params: dict, texts, y):
    fam = get_family(family)
    model = fam(task, build_params(fam, params, source="test"), seed=0)
    return model.fit(texts, y)


TRAIN = [
    ("The bloc imposed an asset freeze on officials.", [0, 1, 0]),
    ("Washington extended the embargo and blacklisted banks.", [0, 1, 0]),
    ("Sanctions were tightened on the airline.", [0, 1, 0]),
    ("The two countries reopened their embassies.", [1, 0, 0]),
    ("The ambassador returned to restore ties.", [1, 0, 0]),
    ("Talks on normal relations resumed.", [1, 0, 0]),
    ("The band played folk songs in the square.", [0, 0, 1]),
    ("Tourists walked along the river.", [0, 0, 1]),
]


@pytest.mark.parametrize(
    "family,params",
    [
        ("embedding-linear", {}),
        ("zero-shot", {"method": "similarity", "calibrate": False}),
        (
            "ensemble",
            {
                "members": [
                    {"family": "embedding-linear"},
                    {"family": "zero-shot", "params": {"method": "similarity", "calibrate": False}},
                ]
            },
        ),
    ],
)
def test_a_passage_at_the_end_counts(family, params, packaged_encoder):
    texts = [t for t, _ in TRAIN]
    y = np.array([row for _, row in TRAIN])
    model = _fitted(family, TOPIC, params, texts, y)
    j = TOPIC.labels.index("sanctions")
    alone, without, with_end = model.predict_proba([PASSAGE, FILLER, FILLER + PASSAGE])[:, j]
    assert with_end > without + 0.2 or abs(with_end - alone) <= 0.1, (alone, without, with_end)


def test_setfit_windows_long_texts(tiny_bert):
    texts = [t for t, _ in TRAIN]
    y = np.array([row for _, row in TRAIN])
    model = _fitted(
        "setfit", TOPIC, {"encoder": str(tiny_bert), "max_steps": 2, "batch_size": 4}, texts, y
    )
    body = model.model_.model_body
    long = " ".join(["river"] * 300)
    windows, _ = text_windows([long], body.tokenizer, body.max_seq_length - 2)
    assert len(windows) > 1
    expected = model._predict_proba(windows).max(axis=0)
    assert np.allclose(model.predict_proba([long])[0], expected)


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases absent")
def test_handed_long_text_case(packaged_encoder):
    rows = [json.loads(line) for line in (CASES / "long-texts.jsonl").read_text().splitlines()]
    by_id = {r["id"]: r["text"] for r in rows}
    fam = get_family("zero-shot")
    model = fam(TOPIC, build_params(fam, {"method": "similarity"}, source="t"), seed=0).fit([])
    j = TOPIC.labels.index("sanctions")
    alone, without, with_end = model.predict_proba(
        [by_id["c18-short"], by_id["c18-long-filler-only"], by_id["c18-long-with-sanctions-at-end"]]
    )[:, j]
    assert with_end > without + 0.2 or abs(with_end - alone) <= 0.1


def test_nli_zero_shot_windows_long_texts(tiny_nli):
    from classify.models.zeroshot import _pipeline

    model = _fitted("zero-shot", TOPIC, {"method": "nli", "nli_model": str(tiny_nli)}, [], None)
    pipe = _pipeline(str(tiny_nli))
    long = " ".join(["river"] * 400)
    proba = model.predict_proba([long, "short text"])
    assert proba.shape == (2, 3) and np.isfinite(proba).all()
    # 64 positions: windows of half of that leave room for the hypothesis.
    windows, _ = text_windows([long], pipe.tokenizer, 32)
    assert len(windows) > 1
    assert np.allclose(proba[0], model._proba(windows).max(axis=0))


def test_long_multilabel_texts_take_their_strongest_sentence_in_every_family():
    from classify.pooling import LONG_TEXT_WORDS, score_long_units
    from classify.units import split_sentences

    texts = [t for t, _ in TRAIN]
    y = np.array([row for _, row in TRAIN])
    topic = _fitted("tfidf-linear", TOPIC, {"C": 10.0}, texts, y)
    long = FILLER + PASSAGE
    assert len(long.split()) > LONG_TEXT_WORDS
    sentences = split_sentences(long)
    assert sentences[-1] == PASSAGE
    read = topic.predict_proba
    scored = score_long_units(read, [long], multilabel=True, labels=TOPIC.labels, settings=None)
    expected = np.maximum(read([long])[0], read(sentences).max(axis=0))
    np.testing.assert_allclose(scored[0], expected, atol=1e-9)
    # The passage's own reading decides its label, not its share of the text.
    j = TOPIC.labels.index("sanctions")
    assert scored[0, j] == pytest.approx(read([PASSAGE])[0, j])
    assert scored[0, j] > read([long])[0, j] + 0.2
    # A long_units setting that leaves the text whole (min_words above its
    # length) does not turn the default off.
    configured = score_long_units(
        read,
        [long],
        multilabel=True,
        labels=TOPIC.labels,
        settings={"split": "sentences", "min_words": 10_000},
    )
    np.testing.assert_allclose(configured, scored)
    # Shorter texts are read as they were.
    short = " ".join(long.split()[-LONG_TEXT_WORDS:])
    np.testing.assert_allclose(
        score_long_units(read, [short], multilabel=True, labels=TOPIC.labels, settings=None),
        read([short]),
    )


STANCE_Y = np.array([[0, 1, 0]] * 3 + [[1, 0, 0]] * 3 + [[0, 0, 1]] * 2)


def test_long_single_label_texts_take_their_least_neutral_sentence():
    from classify.pooling import LONG_TEXT_WORDS, score_long_units

    texts = [t for t, _ in TRAIN]
    stance = _fitted("tfidf-linear", STANCE, {"C": 10.0}, texts, STANCE_Y)
    read = stance.predict_proba
    long, filler_only = FILLER + PASSAGE, FILLER + FILLER[:200]
    short = " ".join(long.split()[-LONG_TEXT_WORDS:])
    scored = score_long_units(
        read, [long, filler_only, short], multilabel=False, labels=STANCE.labels, settings=None
    )
    against, neutral = STANCE.labels.index("against"), STANCE.labels.index("neutral")
    # Read whole, the article drifts to neutral; its sanctions sentence is
    # what it says (guideline rule 2: imposing sanctions is against).
    assert read([long])[0].argmax() == neutral
    np.testing.assert_allclose(scored[0], read([PASSAGE])[0], atol=1e-9)
    assert scored[0].argmax() == against
    assert scored[1].argmax() == neutral
    np.testing.assert_allclose(scored[2], read([short])[0])
    np.testing.assert_allclose(scored.sum(axis=1), 1.0)
    # A named background label wins over the conventional one.
    from classify.units import split_sentences

    sentences = read(split_sentences(long))
    favour = STANCE.labels.index("favour")
    # The least-favour sentence's, other sides raised by the sentences
    # taking them (sided_parts, stop 63).
    from classify.pooling import sided_parts

    pooled = sided_parts(sentences, background=favour)[0]
    expected = pooled if pooled[favour] < read([long])[0, favour] else read([long])[0]
    named = score_long_units(
        read,
        [long],
        multilabel=False,
        labels=STANCE.labels,
        settings={"split": "none", "background": "favour"},
    )
    np.testing.assert_allclose(named[0], expected)
    assert not np.allclose(named[0], scored[0])


def test_long_texts_of_a_task_without_a_background_label_are_read_whole():
    from classify.pooling import score_long_units

    task = Task(name="stance", kind="multiclass", labels=("FAVOR", "AGAINST"))
    calls: list[list[str]] = []

    def read(texts):
        calls.append(list(texts))
        return np.tile([0.3, 0.7], (len(texts), 1))

    out = score_long_units(
        read, [FILLER + PASSAGE], multilabel=False, labels=task.labels, settings=None
    )
    assert len(calls) == 1 and out.tolist() == [[0.3, 0.7]]


def test_long_target_pairs_are_read_sentence_by_sentence_with_their_target():
    from classify.pooling import score_long_units
    from classify.targets import pair_text

    seen: list[str] = []

    def read(texts):
        seen.extend(texts)
        return np.array(
            [[0.1, 0.8, 0.1] if "asset freeze" in t else [0.1, 0.1, 0.8] for t in texts]
        )

    pair = pair_text("the embargo", FILLER + PASSAGE)
    out = score_long_units(
        read, [pair], multilabel=False, labels=STANCE.labels, settings=None, pairs=True
    )
    assert out[0].tolist() == [0.1, 0.8, 0.1]
    sentences = seen[1:]
    assert len(sentences) > 2 and all(s.startswith("the embargo: ") for s in sentences)
    assert sentences[-1] == pair_text("the embargo", PASSAGE)


def test_a_saved_topic_model_reads_a_long_article_by_sentences(tmp_path):
    from test_roundtrip import TOPIC_CFG, write_items

    import classify
    from classify import api

    result = api.train(TOPIC_CFG, data=write_items(tmp_path / "t.jsonl"), cv=2, out=tmp_path / "m")
    long = FILLER + PASSAGE
    loaded = classify.load_model(tmp_path / "m")
    scores = loaded.predict_scores([long, PASSAGE])
    np.testing.assert_allclose(scores, result.model.predict_scores([long, PASSAGE]))
    j = list(loaded.labels).index("sanctions")
    assert scores[0, j] >= scores[1, j] - 1e-9
    assert loaded.predict([long])[0] == loaded.predict([PASSAGE])[0]
