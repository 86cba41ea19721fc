"""Active learning: which units to label next, and a simulation that shows
whether choosing them beats random sampling.

Scores work on a probability matrix ``(n, k)`` and the task kind, so they
serve any model family. Strategies (Settles 2009, "Active Learning
Literature Survey", section 3.1):

- ``uncertainty``: least confidence, ``1 - max_j p_j`` (multiclass); for
  multilabel tasks the mean over labels of ``1 - max(p, 1 - p)``.
- ``margin``: one minus the gap between the two most probable labels
  (Scheffer et al. 2001); multilabel: ``1 - 2 min_j |p_j - 0.5|``, the label
  closest to its decision boundary.
- ``entropy``: Shannon entropy of the distribution (multiclass) or the sum
  of the labels' binary entropies (multilabel).
- ``diverse``: the ``beta * n`` most uncertain (entropy) units clustered
  with k-means on their TF-IDF vectors into ``n`` clusters, taking the most
  uncertain unit of each cluster (Zhdanov 2019, "Diverse mini-batch active
  learning", arXiv:1901.05954).

For a multilabel model with per-label thresholds the boundary is its
threshold, not 0.5: :func:`informativeness` scores probabilities rescaled
so each threshold sits at 0.5 (:func:`centred_on_thresholds`).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError, option
from classify.tables import ReadOptions, check_data_type, python_entry

STRATEGIES = ("uncertainty", "margin", "entropy", "diverse")
PathLike = str | Path
_EPS = 1e-12


def _check(proba: Any) -> np.ndarray:
    p = np.asarray(proba, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"probabilities must be 2-D (units x labels), got shape {p.shape}")
    return np.clip(p, 0.0, 1.0)


def uncertainty_scores(proba: Any, kind: str) -> np.ndarray:
    """Least-confidence score per unit (higher: more informative)."""
    p = _check(proba)
    if kind == "multilabel":
        return (1 - np.maximum(p, 1 - p)).mean(axis=1)
    return 1 - p.max(axis=1)


def margin_scores(proba: Any, kind: str) -> np.ndarray:
    """One minus the margin between the top two labels (multiclass), or
    between the closest label and its 0.5 boundary (multilabel)."""
    p = _check(proba)
    if kind == "multilabel":
        return 1 - 2 * np.abs(p - 0.5).min(axis=1)
    top = np.sort(p, axis=1)
    return 1 - (top[:, -1] - top[:, -2])


def entropy_scores(proba: Any, kind: str) -> np.ndarray:
    """Shannon entropy (nats) of each unit's predicted distribution."""
    p = _check(proba)
    if kind == "multilabel":
        q = 1 - p
        return -(p * np.log(p + _EPS) + q * np.log(q + _EPS)).sum(axis=1)
    p = p / np.maximum(p.sum(axis=1, keepdims=True), _EPS)
    return -(p * np.log(p + _EPS)).sum(axis=1)


def centred_on_thresholds(proba: Any, thresholds: Sequence[float] | None) -> np.ndarray:
    """Multilabel probabilities rescaled so each label's decision threshold
    sits at 0.5, where the scores above put the boundary.

    Each column is mapped piecewise-linearly, ``[0, t] -> [0, 0.5]`` and
    ``[t, 1] -> [0.5, 1]``: the order of units within a label is kept, and a
    unit at its label's threshold scores as uncertain as one at 0.5 under
    a model without thresholds. A model that decides ``sanctions`` at 0.3
    is least sure near 0.3, not near 0.5.

    Args:
        proba: probabilities, ``(n, k)``.
        thresholds: the model's per-label thresholds, ``(k,)``, or None
            (the probabilities unchanged).

    Returns:
        The rescaled probabilities, ``(n, k)``.
    """
    p = _check(proba)
    if thresholds is None:
        return p
    t = np.clip(np.asarray(thresholds, dtype=float), _EPS, 1 - _EPS)
    if t.shape != (p.shape[1],):
        raise ValueError(f"{len(t)} thresholds for {p.shape[1]} labels")
    return np.where(p <= t, 0.5 * p / t, 0.5 + 0.5 * (p - t) / (1 - t))


def scores_in_batches(
    clf: Any,
    texts: Sequence[str],
    report: Callable[[str, int, int], None] | None = None,
    batch: int = 256,
) -> np.ndarray:
    """``clf.predict_scores(texts)`` ``(n, k)``, a batch of ``batch`` texts at
    a time, calling ``report("scoring the pool", done, n)`` after each: a
    pool of 100,000 units takes minutes with an encoder."""
    if report is None or len(texts) <= batch:
        out = clf.predict_scores(list(texts))
        if report is not None:
            report("scoring the pool", len(texts), len(texts))
        return out
    parts = []
    for start in range(0, len(texts), batch):
        parts.append(clf.predict_scores(list(texts[start : start + batch])))
        report("scoring the pool", min(start + batch, len(texts)), len(texts))
    return np.concatenate(parts)


def informativeness(
    proba: Any,
    kind: str,
    strategy: str = "entropy",
    thresholds: Sequence[float] | None = None,
) -> np.ndarray:
    """The score of a single-unit strategy (``diverse`` ranks by entropy).

    Args:
        proba: probabilities, ``(n, k)``.
        kind: ``multiclass`` or ``multilabel``.
        strategy: one of :data:`STRATEGIES`.
        thresholds: a multilabel model's per-label thresholds, ``(k,)``:
            scores are then taken on :func:`centred_on_thresholds`, so
            uncertainty is distance to the model's own boundary.

    Returns:
        One score per unit, ``(n,)``; higher is more informative.

    Raises:
        ClassifyError: an unknown strategy.
    """
    if kind == "multilabel" and thresholds is not None:
        proba = centred_on_thresholds(proba, thresholds)
    fn: dict[str, Callable[[Any, str], np.ndarray]] = {
        "uncertainty": uncertainty_scores,
        "margin": margin_scores,
        "entropy": entropy_scores,
        "diverse": entropy_scores,
    }
    if strategy not in fn:
        raise ClassifyError(f"unknown strategy '{strategy}' (allowed: {', '.join(STRATEGIES)})")
    return fn[strategy](proba, kind)


def tfidf_vectors(texts: Sequence[str]):
    """Sparse, L2-normalised TF-IDF vectors (word 1-2-grams) for clustering."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True).fit_transform(
        list(texts)
    )


def select(
    proba: Any,
    kind: str,
    n: int,
    *,
    strategy: str = "uncertainty",
    vectors: Any = None,
    candidates: Sequence[int] | None = None,
    beta: int = 5,
    seed: int = 0,
) -> list[int]:
    """Indices (into ``proba``'s rows) of the ``n`` units to label next.

    ``candidates`` limits the choice (default: every row). ``diverse`` needs
    ``vectors`` (a matrix with one row per unit, e.g. :func:`tfidf_vectors`
    or sentence embeddings). Ties are broken by index, so the choice is
    deterministic for a given ``seed``.
    """
    cand = np.arange(len(proba)) if candidates is None else np.asarray(candidates, dtype=int)
    if n < 1:
        raise ClassifyError(f"{option('n')} must be at least 1, got {n}")
    if len(cand) <= n:
        return sorted(cand.tolist())
    scores = informativeness(np.asarray(proba)[cand], kind, strategy)
    order = np.lexsort((cand, -scores))
    if strategy != "diverse":
        return sorted(cand[order[:n]].tolist())
    if vectors is None:
        raise ClassifyError("strategy 'diverse' needs vectors (TF-IDF or embeddings)")
    from sklearn.cluster import KMeans

    top = order[: min(len(cand), beta * n)]
    x = vectors[cand[top]]
    labels = KMeans(n_clusters=n, n_init=3, random_state=seed).fit_predict(x)
    chosen: list[int] = []
    for c in range(n):
        members = np.flatnonzero(labels == c)  # positions in `top`, most uncertain first
        if len(members):
            chosen.append(int(cand[top[members.min()]]))
    for i in top:  # empty clusters (duplicates): fill with the next most uncertain
        if len(chosen) >= n:
            break
        if int(cand[i]) not in chosen:
            chosen.append(int(cand[i]))
    return sorted(chosen)


def training_unit_ids(clf: Any, units: Sequence[Any]) -> set[str]:
    """The ids of the ``units`` that are the model's own gold units, matched
    by text as evaluate matches them (with or without a title on either
    side; the ids of in-memory data are positions, so ids alone say
    nothing).

    Args:
        clf: a loaded :class:`~classify.models.Classifier`.
        units: :class:`~classify.units.Unit` objects of a pool.

    Returns:
        The ids of those units (empty when the model records no training units).
    """
    from classify.api import _in_training_record

    record = (clf.info.get("training") or {}).get("units") or {}
    if not record:
        return set()
    return {
        units[i].id
        for i in _in_training_record(
            record,
            [u.id for u in units],
            [u.text for u in units],
            ids_name_units=False,
            # A title stands before an article's or a row's text only: on
            # either side (the model's training units, or the pool's).
            titled=(clf.info.get("training") or {}).get("unit") not in ("paragraph", "sentence")
            or any(u.level in ("article", "row") for u in units),
        )
    }


def near_repeats(
    texts: Sequence[str], scores: Any, top: int, *, threshold: float = 0.9
) -> set[int]:
    """Indices of texts that near-copy a more informative text among the
    ``top`` most informative: an agency story run by two outlets would fill
    a batch with one text.

    Args:
        texts: the candidate texts, ``(n,)``.
        scores: their informativeness, ``(n,)`` (higher first; ties by index).
        top: how many of the most informative are compared with each other.
        threshold: character 5-gram Jaccard at or above which two texts are
            copies (:func:`classify.evaluation.near_duplicates`).

    Returns:
        Indices into ``texts`` of the less informative text of each pair.
    """
    from classify.evaluation import near_duplicates

    order = np.lexsort((np.arange(len(texts)), -np.asarray(scores, dtype=float)))[:top]
    return {
        int(order[p["test_index"]])
        for p in near_duplicates(
            [texts[i] for i in order], [texts[i] for i in order], threshold=threshold
        )
        if p["train_index"] < p["test_index"]
    }


@python_entry
def suggest(
    model: Any,
    pool: Any,
    out: PathLike,
    *,
    n: int = 50,
    strategy: str = "uncertainty",
    unit: str | None = None,
    labelled: Any = (),
    format: str = "jsonl",
    tasks: Sequence[PathLike] | None = None,
    duplicate_threshold: float = 0.9,
    seed: int = 0,
    overwrite: bool = False,
    text_column: str | None = None,
    options: ReadOptions | None = None,
    report: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Choose the ``n`` pool units a saved model would learn most from and
    export them for annotation (:func:`classify.annotation.export_units`
    formats).

    Units already labelled in the ``labelled`` annotation files are skipped,
    and so are near-duplicates of them (character 5-gram Jaccard >=
    ``duplicate_threshold``, :func:`classify.evaluation.near_duplicates`),
    units with the text of the model's own gold units, and a pool unit that
    is a near-duplicate of a more informative one (among the ``5 n`` most
    informative), so a batch does not hold one text twice.

    Args:
        model: a model folder, a loaded Classifier or what ``train``
            returned.
        pool: unlabelled articles or JSONL/CSV texts, or data in memory (a
            list of texts, a pandas ``DataFrame``, a Hugging Face
            ``Dataset``).
        out: the export folder.
        n: how many units to suggest (at least 1).
        strategy: ``uncertainty``, ``margin``, ``entropy`` or ``diverse``.
        unit: the unit level of the pool.
        labelled: annotation files (or DataFrames of gold labels, or what
            :func:`classify.import_annotations` returned) of units already
            labelled.
        format: the export format (as :func:`classify.annotation.export_units`).
        tasks: task files (default: the model's own task when it is not one
            of the shipped ones, else the shipped ones).
        duplicate_threshold: near-duplicate cut-off in [0, 1].
        seed: the seed for ties and ``diverse``.
        overwrite: replace an existing ``out``; without it an existing folder is
            an error raised before the model is loaded.
        text_column: the column holding the text (tables and DataFrames).
        options: how the pool's tables are read (:class:`ReadOptions`);
            default: as the model's training data was (text and id columns,
            delimiter, encoding, date order).
        report: ``report(stage, done, total)`` progress callback (the
            model scoring the pool, in units).

    Returns:
        The export summary plus ``strategy``, ``model``, ``pool``,
        ``already_labelled`` (``in_training_data`` of them the model's own
        gold units), ``near_duplicates_skipped`` and ``repeats_skipped``; ``OUT/scores.jsonl`` ranks the units chosen.

    Raises:
        ClassifyError: ``out`` exists (without ``overwrite``), ``n`` below 1,
            an unknown strategy, or nothing left to suggest.
    """
    if out is not None:
        from classify.store import must_be_path

        must_be_path(out, "out")
    if pool is None:
        raise ClassifyError("pool: no data given (give a path, a list, or data in memory)")
    check_data_type(pool, "pool")
    from collections.abc import Iterator

    if isinstance(pool, Iterator):
        pool = list(pool)  # a generator of paths (Path.glob), read more than once here
    from classify.config import check_seed

    check_seed(seed, option("seed"))
    from classify.store import check_writable

    check_writable(Path(out), overwrite=overwrite)
    from classify import annotation
    from classify.evaluation import near_duplicates
    from classify.store import as_classifier

    if strategy not in STRATEGIES:
        raise ClassifyError(f"unknown strategy '{strategy}' (allowed: {', '.join(STRATEGIES)})")
    if n < 1:
        # Before the pool is scored, which takes minutes on a large one.
        raise ClassifyError(f"{option('n')} must be at least 1, got {n}")
    clf = as_classifier(model)
    specs = annotation.tasks_for_model(clf, tasks)
    from classify.api import _over_trained

    options = _over_trained(options, clf)
    units, _, level, _ = annotation._load_units(pool, unit, text_column, options)
    text_of: dict[str, str] = {}
    done_ids, done_texts = annotation.labelled_units(
        labelled, specs, encoding=options.encoding, text_of=text_of
    )
    annotation.warn_unmatched_labelled(done_ids, units, "labelled", done_texts)
    done_ids = annotation.as_source_ids(done_ids, units)
    edited = annotation.edited_units(done_ids, text_of, units)
    annotation.warn_edited(edited, "labelled")
    done_ids -= edited
    done_texts |= {annotation._norm(u.text) for u in units if u.id in done_ids}
    done = done_ids | {u.id for u in units if annotation._norm(u.text) in done_texts}
    # The model's own gold units are labelled too, though no --labelled file
    # names them: matched by text (the ids of in-memory data are positions).
    # With or without a title, on either side, as evaluate finds them.
    in_training = training_unit_ids(clf, units)
    done |= in_training
    # Near copies of what is labelled for these tasks are not suggested; a
    # file's rows of another task are no reason to hold a unit back.
    labelled_texts = [u.text for u in units if u.id in done] + sorted(done_texts)
    candidates = [i for i, u in enumerate(units) if u.id not in done]
    dupes = {
        candidates[p["test_index"]]
        for p in near_duplicates(
            labelled_texts, [units[i].text for i in candidates], threshold=duplicate_threshold
        )
    }
    candidates = [i for i in candidates if i not in dupes]
    if not candidates:
        raise ClassifyError(
            f"no unlabelled {level} unit left in the pool"
            + (f" ({len(in_training)} are the model's training data)" if in_training else "")
        )
    texts = [units[i].text for i in candidates]
    proba = scores_in_batches(clf, texts, report)
    scores = informativeness(proba, clf.task.kind, strategy, clf.thresholds)
    repeats = near_repeats(texts, scores, 5 * n, threshold=duplicate_threshold)
    kept = [i for i in range(len(texts)) if i not in repeats]
    vectors = tfidf_vectors(texts) if strategy == "diverse" else None
    picked = select(
        centred_on_thresholds(proba, clf.thresholds) if clf.task.kind == "multilabel" else proba,
        clf.task.kind,
        n,
        strategy=strategy,
        vectors=vectors,
        candidates=kept,
        seed=seed,
    )
    ranked = sorted(picked, key=lambda i: -scores[i])
    # Most informative first, in the batch's files as in scores.jsonl.
    chosen_ids = [units[candidates[i]].id for i in ranked]
    from classify.store import write_jsonl

    summary = annotation.export_units(
        pool,
        out,
        unit=unit,
        format=format,
        tasks=specs,
        # The chosen ids already leave the labelled units out (read above,
        # with any warning about them said once).
        exclude=(),
        ids=chosen_ids,
        overwrite=overwrite,
        text_column=text_column,
        options=options,
    )
    write_jsonl(
        Path(out) / "scores.jsonl",
        [{"unit": units[candidates[i]].id, "score": round(float(scores[i]), 6)} for i in ranked],
    )
    summary.update(
        {
            "strategy": strategy,
            "model": str(model),
            "pool": len(units),
            "already_labelled": len(done & {u.id for u in units}),
            "near_duplicates_skipped": len(dupes),
            "in_training_data": len(in_training),
            "repeats_skipped": len(repeats),
            "paths": [*summary["paths"], str(Path(out) / "scores.jsonl")],
        }
    )
    return summary


# -- simulation -------------------------------------------------------------------------


def simulate(
    cfg: Any,
    examples: Any,
    train: Sequence[int],
    test: Sequence[int],
    *,
    strategy: str,
    start: int = 25,
    batch: int = 25,
    rounds: int | None = None,
    seed: int = 0,
    report: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Simulated annotation on labelled data: start from ``start`` random
    training units (every label present where possible), then repeatedly
    fit the config's model, choose ``batch`` more units from the rest of the
    training part with ``strategy`` (or ``random``), reveal their gold
    labels, and score each model on ``test``.

    Returns ``{"n_train": [...], "macro_f1": [...]}``, one point per round.
    """
    from classify import evaluation
    from classify.experiments import subsample
    from classify.training import fit

    if strategy not in (*STRATEGIES, "random"):
        raise ClassifyError(
            f"unknown strategy '{strategy}' (allowed: random, {', '.join(STRATEGIES)})"
        )
    task = cfg.task
    cfg = dataclasses.replace(cfg, seed=seed)
    y = examples.y(task)
    texts = list(examples.texts)
    train = list(train)
    labelled = subsample(train, y, start, seed)
    rng = random.Random(seed)
    max_rounds = rounds if rounds is not None else int(np.ceil((len(train) - start) / batch))
    vectors = tfidf_vectors([texts[i] for i in train]) if strategy == "diverse" else None
    position = {u: j for j, u in enumerate(train)}
    test_texts = [texts[i] for i in test]
    points: dict[str, list[float]] = {"n_train": [], "macro_f1": []}
    for r in range(max_rounds + 1):
        fitted = fit(cfg, examples.subset(labelled))
        decided = fitted.decide(fitted.predict_proba(test_texts))
        m = evaluation.compute_metrics(task.kind, list(task.labels), y[test], decided)
        points["n_train"].append(len(labelled))
        points["macro_f1"].append(round(float(m["macro_f1"]), 4))
        if report:
            report(r + 1, max_rounds + 1)
        rest = sorted(set(train) - set(labelled))
        if r == max_rounds or not rest:
            break
        if strategy == "random":
            new = rng.sample(rest, min(batch, len(rest)))
        else:
            proba = fitted.predict_proba([texts[i] for i in rest])
            if task.kind == "multilabel":
                proba = centred_on_thresholds(proba, fitted.thresholds)
            local = select(
                proba,
                task.kind,
                batch,
                strategy=strategy,
                vectors=None if vectors is None else vectors[[position[i] for i in rest]],
                seed=seed,
            )
            new = [rest[i] for i in local]
        labelled = sorted(set(labelled) | set(new))
    return points


def labels_saved(
    random_curve: tuple[Sequence[int], Sequence[float]],
    curve: tuple[Sequence[int], Sequence[float]],
    *,
    share: float = 1.0,
) -> int | None:
    """How many fewer labels a strategy needs than random sampling to reach
    ``share`` of the random curve's final score: the first number of labels
    at which the random curve reaches that target minus the first at which
    the strategy's curve does. None when the strategy never reaches it.
    Curves are ``(n_labels, scores)``, as mean curves over seeds."""
    target = share * random_curve[1][-1] - 1e-9

    def first(c: tuple[Sequence[int], Sequence[float]]) -> int | None:
        return next((int(n) for n, score in zip(*c) if score >= target), None)

    needed = first(curve)
    return None if needed is None else int(first(random_curve)) - needed
