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

Without the setting, a multi-label text of more than ``LONG_TEXT_WORDS``
words (an article rather than a unit) still gets, per label, the higher of
its whole-text probability and its highest sentence probability, in every
family: a passage at the end of a long article counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

# A multi-label text longer than this many words (longer than any news item
# or UN paragraph the models learn from: an article, say) is always also
# read sentence by sentence, per label the highest of the whole text and its
# sentences. On texts joined from 4-8 labelled news items (140-275 words;
# experiments/long_texts.py) this lifts TF-IDF topic macro-F1 from 0.56-0.63
# to 0.86-0.90; on single items (33 words) it would cost 0.02, hence only for
# long texts.
LONG_TEXT_WORDS = 200


@dataclass
class LongUnitConfig:
    """How units longer than ``min_words`` words are scored."""

    split: Literal["none", "sentences"] = "none"
    min_words: int = 60
    # Multiclass: the label that means "no signal" (stance: neutral).
    background: str | None = None


def score_long_units(
    predict: Callable[[list[str]], np.ndarray],
    texts: Sequence[str],
    *,
    multilabel: bool,
    labels: Sequence[str],
    settings: LongUnitConfig | dict | None,
) -> np.ndarray:
    """Probabilities ``(len(texts), len(labels))`` with long units pooled
    over their sentences as described in the module docstring.

    ``predict`` maps a list of texts to probabilities of that shape.

    Raises:
        ValueError: ``settings.background`` is not one of ``labels``.
    """
    texts = list(texts)
    whole = np.asarray(predict(texts), dtype=float)
    if isinstance(settings, dict):
        settings = LongUnitConfig(**settings)
    if settings is None or settings.split == "none" or not texts:
        return _long_texts_by_sentences(predict, texts, whole) if multilabel else whole

    background = None
    if settings.background is not None:
        if settings.background not in labels:
            raise ValueError(
                f"long_units.background '{settings.background}' is not a label "
                f"(allowed: {', '.join(labels)})"
            )
        background = list(labels).index(settings.background)
    min_words = settings.min_words
    spans, flat = _sentence_blocks(texts, lambda i, text: len(text.split()) >= min_words)
    parts = np.asarray(predict(flat), dtype=float) if flat else np.zeros((0, whole.shape[1]))
    out = whole.copy()
    for i, start, end in spans:
        block = parts[start:end]
        if multilabel:
            pooled = block.max(axis=0)
        elif background is not None:
            pooled = block[int(np.argmin(block[:, background]))]
        else:
            pooled = block[int(np.argmax(block.max(axis=1)))]
        out[i] = (whole[i] + pooled) / 2
    if multilabel:
        # Long texts the setting left whole (only where min_words is above
        # LONG_TEXT_WORDS, or a text has one sentence).
        out = _long_texts_by_sentences(predict, texts, out, skip={i for i, _, _ in spans})
    return out


def _sentence_blocks(
    texts: list[str], keep: Callable[[int, str], bool]
) -> tuple[list[tuple[int, int, int]], list[str]]:
    """The sentences of the texts ``keep(i, text)`` selects that have two or
    more, flattened, and per such text ``(i, start, end)`` into that list."""
    from classify.units import split_sentences

    spans: list[tuple[int, int, int]] = []
    flat: list[str] = []
    for i, text in enumerate(texts):
        if not keep(i, text):
            continue
        sentences = split_sentences(text)
        if len(sentences) < 2:
            continue
        spans.append((i, len(flat), len(flat) + len(sentences)))
        flat += sentences
    return spans, flat


def _long_texts_by_sentences(
    predict: Callable[[list[str]], np.ndarray],
    texts: list[str],
    proba: np.ndarray,
    skip: frozenset[int] | set[int] = frozenset(),
) -> np.ndarray:
    """Multi-label texts of more than ``LONG_TEXT_WORDS`` words: per label the
    higher of ``proba`` and the highest sentence probability, shape as
    ``proba``. Every family dilutes a one-sentence passage in a whole
    article (TF-IDF normalises over the whole text; an encoder window of 256
    word pieces averages it away)."""
    spans, flat = _sentence_blocks(
        texts, lambda i, text: i not in skip and len(text.split()) > LONG_TEXT_WORDS
    )
    if not flat:
        return proba
    parts = np.asarray(predict(flat), dtype=float)
    out = proba.copy()
    for i, start, end in spans:
        out[i] = np.maximum(out[i], parts[start:end].max(axis=0))
    return out
