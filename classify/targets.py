"""Target-conditioned tasks: the stance of a text toward a target named per row.

A task file may name a ``target_field`` (the column that says, per row, what
the stance is toward: "climate change", "Hillary Clinton", ...), as in the
SemEval-2016 Task 6 stance benchmark (Mohammad et al., 2016). One model then
learns all targets at once, and every family reads the target with the text:

* as one string ``"TARGET: TEXT"`` (:func:`pair_text`), which the
  transformer family hands to its tokenizer as a text pair
  (``[CLS] target [SEP] text [SEP]``) and the SetFit, embedding and
  zero-shot families read as it stands; a long text is windowed without its
  target and each window paired with it again
  (:mod:`classify.models._windows`);
* ``tfidf-linear`` also adds target-prefixed word features (``TARGET|word``,
  :func:`target_words`), a target x feature interaction, so a word can mean
  favour toward one target and against another.

Evaluation adds figures per target beside the pooled ones
(:func:`per_target_metrics`).
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any

import numpy as np

from classify.data import Examples
from classify.errors import ClassifyError
from classify.tasks import Task

# Between the target and the text in a paired input.
TARGET_SEP = ": "
_WORD = re.compile(r"(?u)\b\w\w+\b")


def pair_text(target: str, text: str) -> str:
    """The input a target-conditioned model reads: ``"TARGET: TEXT"``.

    Raises ClassifyError when the target is empty or holds the separator
    (": "), which would make the pair ambiguous.
    """
    target = " ".join(str(target).split())
    if not target:
        raise ClassifyError("empty stance target")
    if TARGET_SEP in target:
        raise ClassifyError(f"stance target '{target}' contains '{TARGET_SEP.strip()} '")
    return f"{target}{TARGET_SEP}{text}"


def split_pair(text: str) -> tuple[str, str]:
    """``(target, text)`` of a string made by :func:`pair_text`."""
    target, sep, rest = text.partition(TARGET_SEP)
    return (target, rest) if sep else ("", text)


# True while a caller scores pairs it made from the data's target column
# (evaluate, compare) and says which targets are new itself.
_PAIRED_FROM_COLUMN: ContextVar[bool] = ContextVar("classify_paired_from_column", default=False)


@contextlib.contextmanager
def paired_from_column() -> Iterator[None]:
    """Within this block, texts scored are pairs the caller made from the
    data's target column: :func:`warn_unknown_pair_targets`, whose advice
    is for strings a user wrote, says nothing (the caller names the new
    targets with :func:`unseen_targets_note`)."""
    token = _PAIRED_FROM_COLUMN.set(True)
    try:
        yield
    finally:
        _PAIRED_FROM_COLUMN.reset(token)


def warn_unknown_pair_targets(texts: Sequence[str], trained: Any, *, stacklevel: int = 2) -> None:
    """Warn where texts read as ``"TARGET: text"`` pairs name targets a
    model never trained on (``trained``: its ``training.targets`` counts;
    nothing is said without them). A text of no target whose own words hold
    ": " (``"RT @user: ..."``, ``"Breaking: ..."``) is read as a pair too,
    and scored toward a "target" the model knows nothing of."""
    if not trained or _PAIRED_FROM_COLUMN.get():
        return
    known = {str(t).casefold() for t in trained}
    unknown = [t for t in texts if split_pair(str(t))[0].casefold() not in known]
    if not unknown:
        return
    from classify.errors import warn

    first = split_pair(str(unknown[0]))[0]
    warn(
        f"{len(unknown)} of {len(texts)} texts read as 'TARGET{TARGET_SEP}text' name a target "
        f"the model never trained on (first: '{first[:40]}'; it knows "
        f"{', '.join(repr(str(t)) for t in list(trained)[:5])}"
        f"{', ...' if len(trained) > 5 else ''}); a text with no target whose own words hold "
        f"'{TARGET_SEP.strip()} ' is read so too: pair each text with its target (a target "
        "column, or classify.targets.pair_text)",
        stacklevel=stacklevel + 1,
        once="unknown-pair-targets",
    )


def target_words(paired: str) -> list[str]:
    """Target-prefixed lower-cased word unigrams and bigrams of a paired
    input (``"wind power: We need turbines"`` gives ``["wind power|we",
    "wind power|need", "wind power|turbines", "wind power|we need",
    "wind power|need turbines"]``): the TF-IDF family's target x n-gram
    interaction features, so "not reactors" can weigh toward favour for one
    target and against for another."""
    target, text = split_pair(paired)
    target = target.lower()
    words = _WORD.findall(text.lower())
    grams = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    return [f"{target}|{g}" for g in grams]


def no_target_column(task: Task, origin: Any) -> ClassifyError:
    """The error for data without a target-conditioned task's target column."""
    return ClassifyError(
        f"task '{task.name}' needs a stance target per row in column "
        f"'{task.target_field}', which the data does not have",
        source=origin,
    )


def with_targets(examples: Examples, task: Task) -> Examples:
    """``examples`` with each text replaced by its target-text pair, the
    target read from the data's ``task.target_field`` column (kept in
    ``examples.labels`` under that name, so it follows every subset).

    Raises ClassifyError naming the row when a unit has no target.
    """
    if not task.target_field:
        return examples
    targets = examples.labels.get(task.target_field)
    if targets is None:
        raise no_target_column(task, examples.origin)
    texts = []
    for i, (target, text) in enumerate(zip(targets, examples.texts)):
        where = examples.locations[i] if examples.locations else None
        if target is None or not str(target).strip():
            raise ClassifyError(
                f"no stance target in column '{task.target_field}'",
                source=where or examples.origin,
            )
        try:
            texts.append(pair_text(str(target), text))
        except ClassifyError as exc:
            raise ClassifyError(str(exc), source=where or examples.origin) from None
    out = examples.subset(range(len(examples)))
    out.texts = texts
    out.labels[task.target_field] = [" ".join(str(t).split()) for t in targets]
    return out


def target_counts(targets: Sequence[str]) -> dict[str, int]:
    """How many units each stance target has, spellings that differ only in
    case counted as one (:func:`classify.columns.case_merged`), in order of
    first appearance. A model folder keeps those of its training units."""
    from collections import Counter

    from classify.columns import case_merged

    return dict(Counter(case_merged([str(t) for t in targets])))


def unseen_targets(per_target: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """The targets of a :func:`per_target_metrics` table that the model had
    no training unit of (``n_train`` 0), with their number of test units."""
    return {t: int(r["n"]) for t, r in per_target.items() if r.get("n_train") == 0}


def unseen_by(targets: Sequence[Any], trained: Mapping[str, Any] | None) -> dict[str, int]:
    """The targets among ``targets`` (one per scored unit) that a model
    trained on ``trained`` (its ``training.targets`` counts) had no unit of,
    with their number of units; spellings that differ in case are one
    target, under the most frequent. Empty where ``trained`` is not
    recorded."""
    if not trained:
        return {}
    from collections import Counter

    from classify.columns import case_merged

    known = {str(t).casefold() for t in trained}
    # Spellings of one target that differ in case are one, under the most
    # frequent, as evaluate's per-target table keys them.
    merged = case_merged([str(t) for t in targets])
    return dict(Counter(t for t in merged if t.casefold() not in known))


def unseen_in_folds(targets: Sequence[str], folds: Sequence[int]) -> dict[str, int]:
    """Under cross-validation, the targets some fold tested without a
    training unit of them (every unit of the target in that one fold), with
    how many units were tested so; spellings that differ only in case are
    one target. ``targets`` and ``folds`` run over the same units."""
    from collections import Counter

    from classify.columns import case_merged

    merged = case_merged([str(t) for t in targets])
    folds_of: dict[str, set[int]] = {}
    for target, fold in zip(merged, folds):
        folds_of.setdefault(target, set()).add(int(fold))
    # A target in one fold only had no training unit where it was tested.
    return dict(Counter(t for t in merged if len(folds_of[t]) == 1))


def unseen_targets_note(unseen: Mapping[str, int], *, cv: bool = False) -> str:
    """The sentence that says test targets were not among the training ones
    (``cv``: among the training units of the fold that tested them)."""
    shown = sorted(unseen.items(), key=lambda item: -item[1])[:5]
    named = ", ".join(f"'{t}' ({n} unit{'s' if n != 1 else ''})" for t, n in shown)
    if len(unseen) > len(shown):
        # One line, however many: metrics.json's unseen_targets lists them all.
        named += f" and {len(unseen) - len(shown)} more (metrics.json lists them)"
    one = len(unseen) == 1
    note = (
        f"target{'' if one else 's'} {named} {'was' if one else 'were'} not among the "
        + (
            "training targets of the fold that tested "
            + (
                "it (all its units were in that fold)"
                if one
                else "them (all of a target's units were in one fold)"
            )
            if cv
            else "model's training targets"
        )
        + ": the figures for "
        f"{'it' if one else 'them'} measure how the model carries over to a new target"
    )
    if len(unseen) >= 10 and sum(n == 1 for n in unseen.values()) > len(unseen) / 2:
        # A target per unit: the column named is more likely an id or a text.
        note += (
            "; most have one unit each: does the task's target_field name the column of "
            "what the stance is toward (not an id or a text)?"
        )
    return note


def per_target_rows(
    metrics: Mapping[str, Any], keys: Sequence[str]
) -> tuple[list[list[Any]], bool]:
    """The per-target table of ``metrics`` (``per_target``, then the pooled
    row): ``[target, n, (n_train,) *figures in keys]`` rows, and whether the
    ``n_train`` column is there (a model folder that records its training
    targets; the pooled row's is every training unit, of targets with no
    test unit too). A target's macro-F1 or F_avg over fewer labels than the
    task averages (a label with neither gold nor prediction among its units
    has no F1) says over how many (``0.857 (1 of 2 labels)``)."""
    per_target = metrics.get("per_target") or {}
    k = len(metrics.get("per_label") or {})
    favg = list(metrics.get("f_avg_labels") or [])

    def figure(r: Mapping[str, Any], key: str) -> Any:
        value, undefined = r.get(key), set(r.get("undefined_labels") or [])
        over = {"macro_f1": k, "f_avg": len(favg)}.get(key)
        if not undefined or value is None or not over:
            return value
        left = over - len(undefined if key == "macro_f1" else undefined & set(favg))
        return value if left == over else f"{value:.3f} ({left} of {over} labels)"

    rows = [[t, r.get("n"), *[figure(r, k_) for k_ in keys]] for t, r in per_target.items()]
    rows.append(["(pooled)", metrics.get("n"), *[metrics.get(k_) for k_ in keys]])
    trained = any("n_train" in r for r in per_target.values())
    if trained:
        counts = [r.get("n_train") for r in per_target.values()]
        counts.append(metrics.get("per_target_n_train", sum(c or 0 for c in counts)))
        rows = [[*row[:2], c, *row[2:]] for row, c in zip(rows, counts)]
    return rows, trained


def per_target_metrics(
    task: Task,
    targets: Sequence[str],
    y_true: np.ndarray,
    y_pred: np.ndarray,
    trained: Mapping[str, int] | None = None,
) -> dict[str, dict[str, Any]]:
    """Headline figures for each target's units (``n``, macro-F1, accuracy,
    F_avg where the task has it, the primary metric), in order of first
    appearance; spellings of a target that differ only in case are one
    (:func:`classify.columns.case_merged`). The pooled figures over all
    targets are the usual ones.

    ``trained`` (target -> training units, :func:`target_counts`) adds
    ``n_train`` to each row, 0 for a target the model never saw."""
    from classify.columns import case_merged
    from classify.evaluation import compute_metrics

    out: dict[str, dict[str, Any]] = {}
    # The model reads a target whatever its case: so are its figures kept.
    targets = case_merged([str(t) for t in targets])
    for target in dict.fromkeys(targets):
        idx = [i for i, t in enumerate(targets) if t == target]
        m = compute_metrics(
            task.kind, list(task.labels), y_true[idx], y_pred[idx], favg=task.favg_labels
        )
        out[target] = {k: v for k, v in m.items() if k != "per_label"}
        if trained is not None:
            folded = {t.casefold(): n for t, n in trained.items()}
            out[target]["n_train"] = int(folded.get(target.casefold(), 0))
    return out
