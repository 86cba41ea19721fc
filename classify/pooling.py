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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np


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
    if settings is None:
        return whole
    if isinstance(settings, dict):
        settings = LongUnitConfig(**settings)
    if settings.split == "none" or not texts:
        return whole
    from classify.units import split_sentences

    background = None
    if settings.background is not None:
        if settings.background not in labels:
            raise ValueError(
                f"long_units.background '{settings.background}' is not a label "
                f"(allowed: {', '.join(labels)})"
            )
        background = list(labels).index(settings.background)
    spans: list[tuple[int, int, int]] = []
    flat: list[str] = []
    for i, text in enumerate(texts):
        if len(text.split()) < settings.min_words:
            continue
        sentences = split_sentences(text)
        if len(sentences) < 2:
            continue
        spans.append((i, len(flat), len(flat) + len(sentences)))
        flat += sentences
    if not flat:
        return whole
    parts = np.asarray(predict(flat), dtype=float)
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
    return out
