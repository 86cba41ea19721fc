"""Overlapping token windows for texts longer than a model's input, and the
pooling of window predictions back to one row per text.

Kept free of torch so the arithmetic can be tested, and reused by other
transformer-based families, without loading a model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from classify.errors import ClassifyError

# Tokenizers with no real limit report a huge sentinel as model_max_length.
_NO_LIMIT = 100_000


@dataclass
class Windows:
    """Tokenized windows: one feature dict per window, and for each window the
    index of the text it came from."""

    features: list[dict[str, list[int]]]
    text_index: np.ndarray

    def __len__(self) -> int:
        return len(self.features)


def window_length(tokenizer: Any, config: Any, requested: int) -> int:
    """The requested window length, capped by what tokenizer and model accept."""
    limits = [int(requested)]
    model_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(model_max, int) and 0 < model_max < _NO_LIMIT:
        limits.append(model_max)
    positions = getattr(config, "max_position_embeddings", None)
    if isinstance(positions, int) and positions > 0:
        limits.append(positions)
    return min(limits)


def window_stride(tokenizer: Any, max_length: int, requested: int) -> int:
    """Overlap in tokens, at most half the text part of a window so that each
    window still moves on by at least half (the tokenizer rejects an overlap
    as long as the window)."""
    room = max_length - tokenizer.num_special_tokens_to_add(pair=False)
    if room < 2:
        raise ClassifyError(
            f"max_length {max_length} leaves no room for text after special tokens",
            source="params",
        )
    if int(requested) > room // 2:
        from classify.errors import warn

        warn(
            f"model.params.stride {requested} is more than half of the {room} text tokens of "
            f"a window of {max_length} (the rest are the model's special tokens): consecutive "
            f"windows share {room // 2} tokens (at most half, so each moves on by half)",
            once=f"stride-capped-{max_length}",
        )
    return max(0, min(int(requested), room // 2))


def encode_windows(
    tokenizer: Any,
    texts: Sequence[str],
    *,
    max_length: int,
    stride: int,
    pairs: bool = False,
) -> Windows:
    """Tokenize every text into one or more windows of at most ``max_length``
    tokens, consecutive windows sharing ``stride`` tokens.

    With ``pairs`` the texts are target-text pairs (``"TARGET: TEXT"``,
    :func:`classify.targets.pair_text`) and go to the tokenizer as its pair
    input (``[CLS] target [SEP] text [SEP]``); only the text is windowed, so
    every window starts with the target."""
    if not texts:
        return Windows([], np.zeros(0, dtype=np.int64))
    if pairs:
        from classify.targets import split_pair

        split = [split_pair(str(t)) for t in texts]
        enc = tokenizer(
            [t for t, _ in split],
            [x for _, x in split],
            truncation="only_second",
            max_length=max_length,
            stride=stride,
            return_overflowing_tokens=True,
            padding=False,
        )
    else:
        enc = tokenizer(
            [str(t) for t in texts],
            truncation=True,
            max_length=max_length,
            stride=stride,
            return_overflowing_tokens=True,
            padding=False,
        )
    if "overflow_to_sample_mapping" not in enc:
        raise ClassifyError(
            f"tokenizer {type(tokenizer).__name__} cannot split long texts into windows "
            "(a fast tokenizer is needed)",
            source="params",
        )
    keys = [k for k in tokenizer.model_input_names if k in enc]
    features = [{k: list(enc[k][i]) for k in keys} for i in range(len(enc["input_ids"]))]
    text_index = np.asarray(enc["overflow_to_sample_mapping"], dtype=np.int64)
    return Windows(features, text_index)


def pad_batch(
    features: Sequence[dict[str, list[int]]], *, pad_token_id: int, side: str = "right"
) -> dict[str, np.ndarray]:
    """Pad a batch of windows to its longest one (int64 arrays)."""
    width = max(len(f["input_ids"]) for f in features)
    out: dict[str, np.ndarray] = {}
    for key in features[0]:
        fill = pad_token_id if key == "input_ids" else 0
        arr = np.full((len(features), width), fill, dtype=np.int64)
        for row, f in enumerate(features):
            values = f[key]
            if side == "left":
                arr[row, width - len(values) :] = values
            else:
                arr[row, : len(values)] = values
        out[key] = arr
    return out


def length_batches(windows: Windows, batch_size: int) -> list[np.ndarray]:
    """Window indices in batches of similar length, so padding is minimal."""
    lengths = np.fromiter((len(f["input_ids"]) for f in windows.features), dtype=np.int64)
    order = np.argsort(-lengths, kind="stable")
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def pool(
    window_proba: np.ndarray,
    text_index: np.ndarray,
    n_texts: int,
    *,
    how: Literal["mean", "max"],
    multilabel: bool,
) -> np.ndarray:
    """Window probabilities to one row per text.

    Multiclass rows are renormalised after max-pooling so that they still sum
    to 1, as the model protocol promises.
    """
    n_labels = window_proba.shape[1]
    if how == "max":
        out = np.zeros((n_texts, n_labels))
        np.maximum.at(out, text_index, window_proba)
    else:
        out = np.zeros((n_texts, n_labels))
        np.add.at(out, text_index, window_proba)
        counts = np.bincount(text_index, minlength=n_texts).astype(float)
        out /= np.maximum(counts, 1.0)[:, None]
    if not multilabel:
        out /= np.maximum(out.sum(axis=1, keepdims=True), 1e-12)
    return out


# -- windows of text, for the families that see texts, not token ids --------------------------


def text_windows(
    texts: Sequence[str],
    tokenizer: Any,
    max_tokens: int,
    *,
    overlap: float = 0.25,
    pairs: bool = False,
) -> tuple[list[str], np.ndarray]:
    """Cut each text longer than ``max_tokens`` word pieces into overlapping
    windows of at most that many, as substrings of the text; shorter texts
    are one window, unchanged. Returns the window texts and, for each, the
    index of its text.

    Windows overlap by ``overlap`` of their length, so a passage cut by one
    window boundary is whole in the next. With a slow tokenizer (no offsets)
    windows are cut at words, counting one word as two word pieces.

    With ``pairs`` the texts are target-text pairs (``"TARGET: TEXT"``): the
    text alone is windowed, within what the target leaves of ``max_tokens``,
    and every window is paired with the target again.
    """
    if pairs:
        from classify.targets import pair_text, split_pair

        out: list[str] = []
        index: list[int] = []
        for i, paired in enumerate(texts):
            target, body = split_pair(str(paired))
            prefix = len(_token_spans(tokenizer, f"{target}: ") or f"{target}: ".split() * 2)
            windows, _ = text_windows([body], tokenizer, max_tokens - prefix, overlap=overlap)
            out += [pair_text(target, w) for w in windows]
            index += [i] * len(windows)
        return out, np.asarray(index, dtype=np.int64)
    max_tokens = max(int(max_tokens), 8)
    step = max(1, int(max_tokens * (1 - overlap)))
    out = []
    index = []
    for i, text in enumerate(texts):
        text = str(text)
        spans = _token_spans(tokenizer, text)
        if spans is None:  # no offsets: words, two pieces each
            words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
            spans, limit, stride = words, max_tokens // 2, max(1, step // 2)
        else:
            limit, stride = max_tokens, step
        if len(spans) <= limit:
            out.append(text)
            index.append(i)
            continue
        for start in range(0, len(spans), stride):
            end = min(start + limit, len(spans))
            out.append(text[spans[start][0] : spans[end - 1][1]])
            index.append(i)
            if end == len(spans):
                break
    return out, np.asarray(index, dtype=np.int64)


def _token_spans(tokenizer: Any, text: str) -> list[tuple[int, int]] | None:
    if not getattr(tokenizer, "is_fast", False):
        return None
    # The whole text is tokenized on purpose, only for its offsets: tell
    # transformers its "longer than the maximum ... indexing errors" warning
    # was given (it checks this flag), so it does not leak to stderr.
    flags = getattr(tokenizer, "deprecation_warnings", None)
    if isinstance(flags, dict):
        flags["sequence-length-is-longer-than-the-specified-maximum"] = True
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False)
    return [tuple(span) for span in enc["offset_mapping"]]


# Window length for sentence encoders: all-MiniLM-L6-v2 (the packaged
# default) was trained on inputs of 128 word pieces, and a short passage in a
# window of 256 is diluted in its mean-pooled vector.
ENCODER_WINDOW = 128


def encoder_limit(encoder: Any, max_seq_length: int | None = None) -> int:
    """Word pieces of text per window for a sentence-transformers encoder:
    the encoder's ``max_seq_length`` (or the one asked for) but at most
    :data:`ENCODER_WINDOW`, less the special tokens."""
    limit = max_seq_length or getattr(encoder, "max_seq_length", None) or 512
    return min(int(limit), ENCODER_WINDOW) - 2


def predict_windowed(
    texts: Sequence[str],
    predict: Any,
    tokenizer: Any,
    max_tokens: int,
    *,
    multilabel: bool,
    pairs: bool = False,
) -> np.ndarray:
    """``predict(texts) -> (n, n_labels)`` applied to windows of each text
    longer than the encoder reads, pooled back to one row per text
    (``pairs``: target-text pairs, each window keeps its target; see
    :func:`text_windows`).

    Pooling, the same in every family that reads texts through an encoder:
    a multilabel text gets, per label, the highest probability of any of its
    windows (a topic discussed anywhere is a topic of the text); a
    multiclass text gets the mean of its windows' distributions. Nothing
    after the encoder's limit is dropped.
    """
    windows, index = text_windows(texts, tokenizer, max_tokens, pairs=pairs)
    if len(windows) == len(texts):
        return predict(list(texts))
    proba = np.asarray(predict(windows), dtype=float)
    return pool(
        proba, index, len(texts), how="max" if multilabel else "mean", multilabel=multilabel
    )


def mean_by_text(rows: np.ndarray, index: np.ndarray, n_texts: int) -> np.ndarray:
    """Window rows (embeddings) averaged per text: ``(n_texts, dim)``."""
    out = np.zeros((n_texts, rows.shape[1]))
    np.add.at(out, index, rows)
    return out / np.maximum(np.bincount(index, minlength=n_texts), 1)[:, None]
