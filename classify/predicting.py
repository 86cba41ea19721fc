"""Labelling a corpus: units streamed in chunks, scored, rolled up, written.

This is the engine-independent part of ``classify predict``: turning a chunk
of unit rows (:mod:`classify.corpus`) into prediction rows
(:func:`score_rows`) and, for ``--level article``, pooling unit predictions
into one row per article (:func:`roll_up`).

Pooling to the article (a multiple-instance view of a document, as for long
units in :mod:`classify.pooling`; Angelidis and Lapata 2018):

* topics (multilabel): per label, the highest unit probability. An article
  is about sanctions if any of its passages is; a mean would call a long
  article with one sanctions paragraph "not about sanctions".
* stance (multiclass): the probabilities of the unit with the strongest
  stance, that is the lowest probability of the background label
  (``neutral``, or the model's ``long_units.background``), or the most
  confident unit where the task has none. Most paragraphs of a news article
  report without taking a side; a mean over them would pull every article
  toward neutral, while the passage that takes a side is what the article
  says. The price: one misread paragraph can flip an article, so
  article-level stance is noisier than per-unit stance on long articles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def label_columns(clf: Any) -> list[str]:
    return [f"p_{label}" for label in clf.labels]


def score_rows(
    clf: Any,
    rows: Sequence[dict[str, Any]],
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> list[dict]:
    """Prediction rows for unit rows: ``id``, ``article_id``, ``text``, the
    task's label column, one ``p_LABEL`` per label (rounded to 6 places),
    then the unit's metadata as given (a kept input column named like an
    output column, such as the gold ``topics``, as ``topics_input``).

    ``clf`` is a :class:`classify.store.Classifier`. A target-conditioned
    model reads each text paired with its row's ``_target``. ``progress``
    is called with the number of rows scored after each batch of
    ``batch_size``, so a progress bar moves within a chunk.

    Raises ClassifyError when a target-conditioned model meets a row with no
    target.
    """
    from classify.errors import ClassifyError

    texts = [r["text"] for r in rows]
    if clf.task.target_field:
        from classify.targets import TARGET_SEP, pair_text

        paired = []
        # No row with a target: the column itself is missing (or misnamed).
        none = all(r.get("_target") is None for r in rows)
        # Texts written "TARGET: text", as model.predict takes them, pair themselves.
        given_pairs = none and bool(rows) and all(TARGET_SEP in t for t in texts)
        if given_pairs:
            from classify.targets import warn_unknown_pair_targets

            warn_unknown_pair_targets(texts, (clf.info.get("training") or {}).get("targets"))
        for r in [] if given_pairs else rows:
            target = r.get("_target")
            if target is None or not str(target).strip():
                if none:
                    # The whole data lacks it: no one row to name.
                    raise ClassifyError(
                        f"no stance target column '{clf.task.target_field}' in the data (the "
                        "model reads each text with its row's target; add the column, named as "
                        "in the training data, or write each text as 'TARGET: text')"
                    )
                raise ClassifyError(
                    f"row has no stance target in column '{clf.task.target_field}'",
                    source=r.get("article_id"),
                )
            paired.append(pair_text(str(target), r["text"]))
        texts = paired or texts
    parts, readings = [], []
    for start in range(0, len(texts), batch_size):
        proba, read = clf.predict_scores(texts[start : start + batch_size], return_readings=True)
        parts.append(proba)
        readings += read
        if progress is not None:
            progress(min(start + batch_size, len(texts)))
    proba = np.vstack(parts) if parts else np.zeros((0, len(clf.labels)))
    return decide_rows(clf, rows, proba, readings)


def decide_rows(
    clf: Any,
    rows: Sequence[dict[str, Any]],
    proba: np.ndarray,
    readings: Sequence[dict[str, Any]] | None = None,
) -> list[dict]:
    """Rows with the decided label and probability columns added (see
    :func:`score_rows`); ``proba`` is ``(len(rows), n_labels)``. With
    ``readings`` (one per row, :func:`classify.pooling.score_long_units`),
    ``read`` says how the text was read (``whole``, ``sentences`` or
    ``sentence``) and ``read_sentence`` which sentence (1-based) decided or
    was pooled with the whole, where one did (single-label tasks: a
    multilabel task's labels may each come from another sentence)."""
    names = clf.task.decode(clf.task.decide(proba, clf.checked_thresholds()))
    out = []
    for i, (r, name, p) in enumerate(zip(rows, names, proba)):
        # The text as given, never the "TARGET: text" pair the model reads,
        # and the target in its own column.
        row = {"id": r["id"], "article_id": r["article_id"], "text": r["text"]}
        if clf.task.target_field:
            target = r.get("_target")
            if target is None:
                from classify.targets import split_pair

                # A text written "TARGET: text": its target, in its column too.
                target = split_pair(r["text"])[0] or None
            row[clf.task.target_field] = target
        row[clf.task.field] = name
        for label, value in zip(clf.labels, p):
            row[f"p_{label}"] = round(float(value), 6)
        if readings is not None:
            row["read"] = readings[i]["read"]
            row["read_sentence"] = readings[i].get("sentence")
        for k, v in r.items():
            if k.startswith("_") or k in ("id", "article_id", "text", clf.task.target_field):
                continue
            # An input column kept under the name of an output column (the
            # gold `topics` beside the predicted ones): kept, renamed; a
            # multilabel gold set as a list, as the predictions are.
            if k == clf.task.field and clf.task.multilabel and isinstance(v, str):
                from classify.tasks import label_names

                # A blank cell is unlabelled, not "no topic" ("[]" is that).
                v = label_names(v, multilabel=True) if v.strip() else None
            row[f"{k}_input" if k in row else k] = v
        out.append(row)
    return out


def background_index(clf: Any) -> int | None:
    """The label meaning "no stance" for article pooling: the model's
    ``long_units.background`` if set, else ``neutral`` where it is a label."""
    from classify.pooling import background_label

    settings = clf.info.get("long_units") or {}
    name = settings.get("background") if isinstance(settings, dict) else None
    return background_label(clf.labels, name)


def pool_article(proba: np.ndarray, *, multilabel: bool, background: int | None) -> np.ndarray:
    """One article's probabilities from its units' ``(n_units, n_labels)``,
    pooled as the module docstring says (as a long text's sentences are,
    :func:`classify.pooling.strongest_part`); shape ``(n_labels,)``."""
    from classify.pooling import strongest_part

    return strongest_part(proba, multilabel=multilabel, background=background)


def roll_up(clf: Any, rows: Sequence[dict[str, Any]]) -> list[dict]:
    """Unit prediction rows (from :func:`score_rows`) pooled to one row per
    article, in order of first appearance: ``id`` is the article id, ``text``
    the units joined by blank lines, ``n_units`` their number, metadata from
    the article's first unit."""
    columns = label_columns(clf)
    background = background_index(clf)
    by_article: dict[str, list[dict]] = {}
    for r in rows:
        by_article.setdefault(r["article_id"], []).append(r)
    out_rows, pooled = [], []
    for article_id, units in by_article.items():
        proba = np.array([[u[c] for c in columns] for u in units], dtype=float)
        pooled.append(pool_article(proba, multilabel=clf.task.multilabel, background=background))
        first = units[0]
        meta = {
            k: v
            for k, v in first.items()
            if k
            not in (
                "id",
                "text",
                "paragraph",
                "position",
                "level",
                "read",
                "read_sentence",
                clf.task.field,
            )
            and not k.startswith("p_")
            and k not in ("speaker", "speaker_title", "speaker_mention", "speaker_namesakes")
        }
        out_rows.append(
            {
                **meta,
                "id": article_id,
                "article_id": article_id,
                "text": "\n\n".join(u["text"] for u in units),
                "level": "article",
                "n_units": len(units),
            }
        )
    proba = np.array(pooled) if pooled else np.zeros((0, len(columns)))
    return decide_rows(clf, out_rows, proba)


def merge_split_articles(clf: Any, rows: Sequence[dict[str, Any]]) -> list[dict]:
    """Article rows (from :func:`roll_up`) with each article that came in
    several pieces (rows of one ``article_id`` read in different chunks: a
    table whose rows of an article are not adjacent, or an article cut by a
    chunk's end) pooled into one row, at its first piece's place.

    Pooling is associative (the highest probability per label; the unit
    least likely the background label; the most confident unit), so pooling
    the pieces' pooled rows gives what pooling all the article's units at
    once gives. ``text`` joins the pieces, ``n_units`` adds up, metadata
    comes from the first piece.

    Args:
        clf: the model (:class:`classify.store.Classifier`).
        rows: article rows, each with ``article_id``, ``text``,
            ``n_units`` and the ``p_LABEL`` columns.

    Returns:
        The rows, one per article, in order of first appearance.
    """
    columns = label_columns(clf)
    pieces: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        pieces.setdefault(str(r["article_id"]), []).append(r)
    if all(len(v) == 1 for v in pieces.values()):
        return list(rows)
    background = background_index(clf)
    out = []
    for group in pieces.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        proba = np.array([[g[c] for c in columns] for g in group], dtype=float)
        pooled = pool_article(proba, multilabel=clf.task.multilabel, background=background)
        first = group[0]
        merged = {
            k: v
            for k, v in first.items()
            if k not in (clf.task.field, *columns) and not k.startswith("p_")
        }
        merged["text"] = "\n\n".join(str(g["text"]) for g in group)
        merged["n_units"] = int(sum(int(g.get("n_units") or 1) for g in group))
        out += decide_rows(clf, [merged], pooled[None, :])
    return out


class BatchScorer:
    """A model folder loaded once, scoring pandas batches of unit rows: the
    callable class an engine runs on each worker (Ray Data's
    ``map_batches``). Columns not produced here (e.g. the engine's own
    bookkeeping) pass through."""

    def __init__(self, model_path: str, batch_size: int = 256):
        from classify.store import load_model

        self.clf = load_model(model_path)
        self.batch_size = batch_size

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        rows = [{k: _plain(v) for k, v in r.items()} for r in batch.to_dict(orient="records")]
        return pd.DataFrame(score_rows(self.clf, rows, self.batch_size))


def _plain(value: Any) -> Any:
    """A pandas cell as plain Python: arrays to lists, NaN to None."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
