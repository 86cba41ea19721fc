"""Quality floor on the real bench data (skipped where ../shared/bench is absent):
tfidf-linear must score at least as well as the plain scikit-learn pipeline
a researcher would write, on the same split by date."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classify import api

from conftest import ROOT

pytestmark = pytest.mark.bench
TOPICS = ["normalisation", "sanctions", "human_rights"]


def plain_pipeline_scores(path):
    """word 1-2-gram + char 2-5-gram TF-IDF, logistic regression, balanced
    class weights, one-vs-rest for topics (ENVIRONMENT.md's reference)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    train = [r for r in rows if r["date"] < "2017"]
    test = [r for r in rows if r["date"] >= "2017"]

    def features():
        return make_union(
            TfidfVectorizer(ngram_range=(1, 2)),
            TfidfVectorizer(analyzer="char", ngram_range=(2, 5)),
        )

    def y(rs):
        return np.array([[t in r["topics"] for t in TOPICS] for r in rs], dtype=int)

    topic = make_pipeline(
        features(), OneVsRestClassifier(LogisticRegression(class_weight="balanced", max_iter=1000))
    ).fit([r["text"] for r in train], y(train))
    stance = make_pipeline(
        features(), LogisticRegression(class_weight="balanced", max_iter=1000)
    ).fit([r["text"] for r in train], [r["stance"] for r in train])
    return (
        f1_score(y(test), topic.predict([r["text"] for r in test]), average="macro"),
        f1_score(
            [r["stance"] for r in test], stance.predict([r["text"] for r in test]), average="macro"
        ),
    )


def test_tfidf_linear_meets_the_plain_pipeline(bench_dev, tmp_path):
    ref_topic, ref_stance = plain_pipeline_scores(bench_dev)
    scores = {}
    for task in ("topic", "stance"):
        result = api.train(
            ROOT / f"configs/{task}-tfidf.yaml",
            data=bench_dev,
            out=tmp_path / task,
            overrides=["data.split.method=date", "data.split.cutoff=2017-01-01"],
        )
        assert result.metrics["evaluation"]["train"] == 531
        scores[task] = result.metrics["macro_f1"]
    print(
        f"topic {scores['topic']:.3f} vs {ref_topic:.3f}; stance {scores['stance']:.3f} vs {ref_stance:.3f}"
    )
    assert scores["topic"] >= round(ref_topic, 4)
    assert scores["stance"] >= round(ref_stance, 4)
