"""Scoring long units by their sentences as well as whole.

A UN speech paragraph of 90 words may carry one sentence that calls for
lifting sanctions among three of protocol; read whole, the encoder averages
that signal away. With ``long_units.split: sentences`` a unit of at least
``min_words`` words is also scored sentence by sentence, and the sentence
scores are pooled into the unit's (a multiple-instance view of a passage:
Angelidis and Lapata 2018, "Multiple Instance Learning Networks for
Fine-Grained Sentiment Analysis", TACL):

* multilabel (topics): per label, the highest sentence probability (a
  passage is about sanctions if one of its sentences is);
* multiclass (stance): the sentence with the strongest signal, that is the
  lowest probability of ``background`` (for stance, ``neutral``), or the
  most confident sentence where the task has no background label.

The pooled scores are averaged with the whole unit's, so a unit whose
sentences say nothing on their own keeps its whole-unit reading. Units
shorter than ``min_words`` (most news items) are scored whole only.

With or without the setting, a text of more than ``long_text_words`` words
(default ``LONG_TEXT_WORDS``: an article rather than a unit) is also read
sentence by sentence, in every family, so that a passage at the end of a long
article counts (with the setting, on top of the pooled reading above):

* multilabel: per label, the higher of the whole-text probability and the
  highest sentence probability;
* multiclass with a background label (``long_units.background``, else the
  first of ``neutral``, ``none``, ``other`` among the labels, in any case): the
  probabilities of the sentence with the lowest background probability,
  where that is lower than the whole text's (a side taken in one sentence is
  what the text says, as in article pooling, :mod:`classify.predicting`),
  each other side raised to the highest probability a sentence taking that
  side gives it (:func:`sided_parts`): a passage against, at the end of an
  article one of whose sentences reads as favour, still counts.
  A multiclass task with no background label reads long texts whole.

For a target-conditioned task (``"TARGET: text"`` pairs) each sentence is
read paired with the text's target.

How each text was read is told where asked (``readings``): ``whole``;
``sentences`` (the whole reading averaged with its strongest sentence's,
that sentence's position given for a single-label task; for a multi-label
text, some label's probability came from a sentence; for a long
single-label text, its least-background sentence's with another side
raised by other sentences); or ``sentence`` (a
single-label text whose probabilities are those of one sentence,
``sentence`` its position, 1-based, of ``sentences``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

# A multi-label text longer than this many words (longer than any news item
# or UN paragraph the models learn from: an article, say) is always also
# read sentence by sentence, per label the highest of the whole text and its
# sentences. On texts joined from 4-8 labelled news items (140-275 words;
# experiments/long_texts.py) this lifts TF-IDF topic macro-F1 from 0.56-0.63
# to 0.86-0.90; on single items (33 words) it would cost 0.02, hence only for
# long texts.
LONG_TEXT_WORDS = 200

# Labels that mean "no signal" in a single-label task, in order of preference,
# where the model names none (long_units.background).
BACKGROUND_LABELS = ("neutral", "none", "other")


@dataclass
class LongUnitConfig:
    """How units longer than ``min_words`` words are scored."""

    split: Literal["none", "sentences"] = "none"
    min_words: int = 60
    # Multiclass: the label that means "no signal" (stance: neutral).
    background: str | None = None
    # Texts of more than this many words (articles) are read sentence by
    # sentence as well, whatever ``split`` says; 0 reads every text whole.
    long_text_words: int = LONG_TEXT_WORDS


def score_long_units(
    predict: Callable[[list[str]], np.ndarray],
    texts: Sequence[str],
    *,
    multilabel: bool,
    labels: Sequence[str],
    settings: LongUnitConfig | dict | None,
    pairs: bool = False,
    readings: list[dict[str, Any]] | None = None,
) -> np.ndarray:
    """Probabilities ``(len(texts), len(labels))`` with long units pooled
    over their sentences as described in the module docstring.

    ``predict`` maps a list of texts to probabilities of that shape. With
    ``pairs``, texts are ``"TARGET: text"`` pairs
    (:func:`classify.targets.pair_text`) and so are their sentences. A
    ``readings`` list is extended with one dict per text saying how it was
    read (module docstring): ``{"read": "whole"}``, ``{"read":
    "sentences", "sentences": n}`` (single-label: with ``"sentence": k``, the
    sentence pooled with the whole) or ``{"read": "sentence", "sentence": k,
    "sentences": n}``.

    Raises:
        ValueError: ``settings.background`` is not one of ``labels``.
    """
    texts = list(texts)
    read: list[dict[str, Any]] = [{"read": "whole"} for _ in texts]
    if readings is not None:
        readings.extend(read)
    whole = np.asarray(predict(texts), dtype=float)
    if isinstance(settings, dict):
        settings = LongUnitConfig(**settings)
    if settings is not None and settings.background not in (None, *labels):
        raise ValueError(
            f"long_units.background '{settings.background}' is not a label "
            f"(allowed: {', '.join(labels)})"
        )
    # For articles: the named background label, else a conventional one.
    article_background = background_label(labels, settings.background if settings else None)
    limit = settings.long_text_words if settings is not None else LONG_TEXT_WORDS
    if settings is None or settings.split == "none" or not texts:
        return _long_texts_by_sentences(
            predict,
            texts,
            whole,
            multilabel=multilabel,
            background=article_background,
            limit=limit,
            pairs=pairs,
            read=read,
        )

    # Units pool with the label the setting names (config.py requires one for
    # single-label tasks), else the most confident sentence.
    background = None if settings.background is None else list(labels).index(settings.background)
    min_words = settings.min_words
    spans, flat = _sentence_blocks(
        texts, lambda i, text: len(text.split()) >= min_words, pairs=pairs
    )
    parts = np.asarray(predict(flat), dtype=float) if flat else np.zeros((0, whole.shape[1]))
    out = whole.copy()
    for i, start, end in spans:
        pooled = strongest_part(parts[start:end], multilabel=multilabel, background=background)
        out[i] = (whole[i] + pooled) / 2
        read[i].update(read="sentences", sentences=end - start)
        if not multilabel:
            read[i]["sentence"] = strongest_index(parts[start:end], background=background) + 1
    # Articles are read as without the setting, on top of the pooled units:
    # averaged with the whole reading, one sentence would count half.
    return _long_texts_by_sentences(
        predict,
        texts,
        out,
        multilabel=multilabel,
        background=article_background,
        limit=limit,
        pairs=pairs,
        read=read,
    )


def strongest_index(proba: np.ndarray, *, background: int | None) -> int:
    """Row of a single-label text's parts ``(n_parts, n_labels)`` that
    :func:`strongest_part` takes: the least likely ``background``, else the
    most confident."""
    if background is not None:
        return int(np.argmin(proba[:, background]))
    return int(np.argmax(proba.max(axis=1)))


def strongest_part(proba: np.ndarray, *, multilabel: bool, background: int | None) -> np.ndarray:
    """One text's probabilities from its parts' (sentences, or an article's
    units), ``(n_parts, n_labels)`` to ``(n_labels,)``: per label the
    highest for multilabel; else the part least likely ``background``, or
    the most confident part where there is no background label."""
    if multilabel:
        return proba.max(axis=0)
    return proba[strongest_index(proba, background=background)]


def background_label(labels: Sequence[str], name: str | None = None) -> int | None:
    """Index of the label that means "no signal" in a single-label task:
    ``name`` (``long_units.background``) where it is one of ``labels``, else
    the first of :data:`BACKGROUND_LABELS` among them in any case, else None."""
    labels = list(labels)
    if name in labels:
        return labels.index(name)
    # "NONE" as in SemEval-2016 stance data, "Neutral" as in many exports.
    folded = [str(label).casefold() for label in labels]
    return next((folded.index(n) for n in BACKGROUND_LABELS if n in folded), None)


def _sentence_blocks(
    texts: list[str], keep: Callable[[int, str], bool], *, pairs: bool = False
) -> tuple[list[tuple[int, int, int]], list[str]]:
    """The sentences of the texts ``keep(i, text)`` selects that have two or
    more, flattened, and per such text ``(i, start, end)`` into that list.
    With ``pairs``, each text is a ``"TARGET: text"`` pair and each sentence
    is paired with its text's target; ``keep`` sees the text alone."""
    from classify.targets import pair_text, split_pair
    from classify.units import split_sentences

    spans: list[tuple[int, int, int]] = []
    flat: list[str] = []
    for i, text in enumerate(texts):
        target, body = split_pair(text) if pairs else ("", text)
        if not keep(i, body):
            continue
        sentences = split_sentences(body)
        if len(sentences) < 2:
            continue
        if target:
            sentences = [pair_text(target, s) for s in sentences]
        spans.append((i, len(flat), len(flat) + len(sentences)))
        flat += sentences
    return spans, flat


def _long_texts_by_sentences(
    predict: Callable[[list[str]], np.ndarray],
    texts: list[str],
    proba: np.ndarray,
    *,
    multilabel: bool,
    background: int | None,
    limit: int = LONG_TEXT_WORDS,
    pairs: bool = False,
    read: list[dict[str, Any]] | None = None,
) -> np.ndarray:
    """Texts of more than ``limit`` words read by their sentences as well
    (module docstring), shape as ``proba``; ``limit`` 0 reads every text
    whole. Every family dilutes a one-sentence passage in a whole article
    (TF-IDF normalises over the whole text; an encoder window of 256 word
    pieces averages it away; a multiclass reading of a long article drifts
    to the background label)."""
    if limit <= 0 or (not multilabel and background is None):
        return proba
    spans, flat = _sentence_blocks(texts, lambda i, text: len(text.split()) > limit, pairs=pairs)
    if not flat:
        return proba
    parts = np.asarray(predict(flat), dtype=float)
    out = proba.copy()
    for i, start, end in spans:
        if multilabel:
            part = parts[start:end].max(axis=0)
            if read is not None and (part > out[i]).any():
                read[i].update(read="sentences", sentences=end - start)
            out[i] = np.maximum(out[i], part)
            continue
        pooled, k, mixed = sided_parts(parts[start:end], background=background)
        if pooled[background] < out[i, background]:
            out[i] = pooled
            if read is not None:
                read[i].update(
                    read="sentences" if mixed else "sentence", sentence=k + 1, sentences=end - start
                )
    return out


def sided_parts(proba: np.ndarray, *, background: int) -> tuple[np.ndarray, int, bool]:
    """A single-label text's probabilities from its sentences'
    ``(n_sentences, n_labels)``: those of the sentence least likely
    ``background`` (row ``k``), each other label raised to the highest
    probability a sentence taking its side gives it (its most probable
    label), renormalised. A passage that takes one side counts though
    another sentence, misread or not, takes the other more strongly (a
    multiple-instance reading, Angelidis and Lapata 2018, TACL).

    Returns:
        ``(probabilities (n_labels,), k, mixed)``; ``mixed`` where another
        sentence raised a label, else the probabilities are row ``k``'s."""
    k = int(np.argmin(proba[:, background]))
    pooled = proba[k].copy()
    sides = proba.argmax(axis=1)
    for label in range(proba.shape[1]):
        taking = proba[sides == label, label]
        if label != background and len(taking) and taking.max() > pooled[label]:
            pooled[label] = taking.max()
    mixed = bool((pooled != proba[k]).any())
    return (pooled / pooled.sum() if mixed else pooled), k, mixed
