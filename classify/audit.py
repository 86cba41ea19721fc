"""The label audit: gold labels that are probably wrong, ranked for an
annotator to re-check, from out-of-fold probabilities and cleanlab."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError, in_cli, option, require_library, warn
from classify.tables import python_entry
from classify.tasks import Task, empty_sets, label_sets

PathLike = str | Path
Reporter = Callable[[str, int, int], None]


def label_quality(task: Task, y: np.ndarray, proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """cleanlab's label quality score per unit (low: probably mislabelled)
    and its issue flags, from out-of-fold probabilities.

    Northcutt, Jiang & Chuang (2021). Confident learning: estimating
    uncertainty in dataset labels. *JAIR* 70, 1373-1411; multi-label
    variant: Thyagarajan et al. (2023), "Identifying incorrect annotations
    in multi-label classification data". ``y`` is the ``(n, k)`` indicator
    matrix, ``proba`` the ``(n, k)`` probabilities.
    """
    require_library("cleanlab")
    from cleanlab.filter import find_label_issues

    proba = np.clip(np.asarray(proba, dtype=float), 1e-6, 1 - 1e-6)
    if task.multilabel:
        from cleanlab.multilabel_classification import get_label_quality_scores

        labels = [np.flatnonzero(row).tolist() for row in y]
        scores = get_label_quality_scores(labels, proba)
        issues = find_label_issues(labels, proba, multi_label=True, n_jobs=1)
    else:
        from cleanlab.rank import get_label_quality_scores

        proba = proba / proba.sum(axis=1, keepdims=True)
        labels_ = np.argmax(y, axis=1)
        scores = get_label_quality_scores(labels_, proba)
        # One process: cleanlab's default forks one worker per core, from a
        # process that already holds the encoder's threads, for a few
        # thousand rows at most.
        issues = find_label_issues(labels_, proba, n_jobs=1)
    return np.asarray(scores, dtype=float), np.asarray(issues, dtype=bool)


def flip_labels(task: Task, y: np.ndarray, fraction: float, seed: int = 0):
    """A copy of ``y`` with ``fraction`` of the units given a wrong label:
    multiclass units get another label at random; multilabel units have one
    random topic switched (on or off). Returns ``(y_noisy, flipped_index)``."""
    if not 0 < fraction <= 0.5:
        # Past half the labels wrong, the "errors" are the majority the
        # model learns: no audit can find them, and 0.9 is a typo for 0.09.
        raise ClassifyError(
            f"{option('flip')} must be above 0 and at most 0.5 (a share of the labels, e.g. "
            f"0.05), got {fraction}"
        )
    rng = np.random.default_rng(seed)
    n, k = y.shape
    idx = np.sort(rng.choice(n, size=max(1, round(fraction * n)), replace=False))
    noisy = y.copy()
    for i in idx:
        if task.multilabel:
            j = rng.integers(k)
            noisy[i, j] = 1 - noisy[i, j]
        else:
            old = int(np.argmax(y[i]))
            new = rng.choice([j for j in range(k) if j != old])
            noisy[i] = 0
            noisy[i, new] = 1
    return noisy, idx


def _rechecked(checked: Any, task: Task, examples: Any, options: Any) -> np.ndarray:
    """Which of ``examples``' units the ``checked`` annotation files label
    (by unit id, or by text under another id), as a boolean array.

    Raises:
        ClassifyError: the files label none of them for ``task``.
    """
    from classify.annotation import labelled_units, text_form

    text_of: dict[str, str] = {}
    done, done_texts = labelled_units(checked, [task], encoding=options.encoding, text_of=text_of)
    mask = np.array(
        [u in done or text_form(t) in done_texts for u, t in zip(examples.ids, examples.texts)],
        dtype=bool,
    )
    if not mask.any():
        raise ClassifyError(
            f"the {option('checked')} files label none of the data's units for "
            f"'{task.field}' (by unit id or text): are they the corrections of this data?"
        )
    known = set(examples.ids)
    data_texts = {text_form(t) for t in examples.texts}
    stray = sorted(d for d in done - known if text_form(text_of.get(d, "")) not in data_texts)
    # Rows that name no unit, only a text: named by their text's start.
    with_ids = {text_form(t) for t in text_of.values()}
    stray += sorted(repr(t[:30]).strip("'\"") for t in done_texts - data_texts - with_ids if t)
    if stray:
        named = ", ".join(f"'{u}'" for u in stray[:5]) + (
            f" and {len(stray) - 5} more" if len(stray) > 5 else ""
        )
        warn(
            f"{len(stray)} {'unit' if len(stray) == 1 else 'units'} of the "
            f"{option('checked')} files {'is' if len(stray) == 1 else 'are'} not "
            f"in the data, by id or text: {named}"
        )
    return mask


@python_entry
def audit_labels(
    data: PathLike | Sequence[PathLike],
    config: PathLike,
    *,
    annotations: PathLike | Sequence[PathLike] | None = None,
    unit: str | None = None,
    folds: int = 5,
    group: str = "auto",
    flip: float | None = None,
    seed: int = 0,
    overrides: Mapping[str, Any] | Sequence[str] | None = None,
    text_column: str | None = None,
    checked: Any = None,
    report: Reporter | None = None,
) -> dict[str, Any]:
    """Gold labels that are probably wrong, ranked for re-checking.

    Out-of-fold probabilities come from ``training.cross_validate`` with the
    config's model; cleanlab scores each unit's given label. Returns
    ``{"rows": [...], "issues": n, ...}`` with rows sorted from the most
    suspicious: unit id, given label, suggested label (the model's decision),
    quality score, issue flag and text. With ``flip`` (a fraction), that
    share of labels is first flipped at random and ``flip_recall`` reports
    the share of flipped units ranked in the top 10% (a check of the audit
    itself).

    Args:
        data: labelled data (paths, as for :func:`classify.load_examples`).
        config: the model config of the out-of-fold model.
        annotations: gold labels for article sources.
        unit: the unit level for articles.
        folds: cross-validation folds.
        group: what folds keep whole (``auto``, ``article``, ...).
        flip: a fraction in (0, 0.5] of labels to flip first (a self-check).
        seed: the seed of ``flip``.
        overrides: config overrides, ``{"model.params.C": 2}`` or
            ``["model.params.C=2"]`` (as for :func:`classify.train`).
        text_column: the column holding the text (tables and DataFrames;
            default the config's ``data.text_column``).
        checked: annotation files (any format
            :func:`classify.annotation.labelled_units` reads, such as the
            gold file of corrections made after an earlier audit) whose
            labelled units were re-checked already: their rows say
            ``checked`` and they are not counted in ``to_check``, so a
            second pass does not send a coder back to a label they just
            confirmed. Matched by unit id or by text.
        report: a progress reporter ``report(stage, done, total)`` (the
            CLI's bars); called once per cross-validation fold.

    Returns:
        ``{"rows": [...], "issues": n, ...}``; each row ``rank``, ``unit``,
        ``given``, ``suggested``, ``quality`` (in [0, 1], low is suspicious),
        ``issue``, ``text``; ``folds`` is the number of folds run (as many
        as there are groups where that is fewer than ``folds_asked``) and
        ``group`` what they kept whole. With ``checked``, each row also
        has ``checked``; ``to_check`` counts the flagged rows not checked and
        ``checked_flagged`` the flagged rows that were.

    Raises:
        ClassifyError: no labels for the config's task, a bad ``flip``, or
            a ``checked`` file that cannot be read or labels none of the
            data's units for the task.
    """
    from classify.config import check_seed

    check_seed(seed, option("seed"))
    require_library("cleanlab")  # before the cross-validation it would follow
    import dataclasses

    from classify.config import load_train_config, parse_overrides
    from classify.data import load_examples
    from classify.training import cross_validate

    if folds < 2:
        raise ClassifyError(
            f"{option('folds', folds)} is below 2: cross-validation needs 2 or more"
        )
    if overrides is not None and not isinstance(overrides, Mapping):
        overrides = parse_overrides(list(overrides), source="--set" if in_cli() else "overrides")
    cfg = load_train_config(config, dict(overrides or {}))
    cfg = dataclasses.replace(cfg, evaluation=dataclasses.replace(cfg.evaluation, bootstrap=0))
    from classify.api import task_fields

    task = cfg.task
    # The config's task names the gold column (a task of one's own too).
    fields = list(dict.fromkeys([*task_fields(task), "topics", "stance"]))
    from classify.tables import ReadOptions

    if text_column is not None:
        cfg.data.text_column = text_column
    options = ReadOptions.from_config(cfg.data)
    examples = load_examples(
        data,
        annotations=annotations,
        unit=unit,
        label_fields=fields,
        options=options,
        label_sets=label_sets([task]),
        empty_sets=empty_sets([task]),
    )
    if not examples.has_labels(task):
        raise ClassifyError(f"no '{task.field}' labels in the data", source=examples.origin)
    # Units unlabelled for the task ("stance": "" or null) are left out and counted.
    examples = examples.check_labels([task]).for_task(task)
    unlabelled = examples.notes.get("unlabelled", {}).get(task.field, 0)
    y = examples.y(task)
    flipped = None
    original = None
    if flip is not None:
        original = task.decode(y)
        y, flipped = flip_labels(task, y, flip, seed)
        examples.labels[task.field] = task.decode(y)
    # Read before the cross-validation: a file that matches nothing stops at once.
    rechecked = None if checked is None else _rechecked(checked, task, examples, options)
    cv_metrics, preds = cross_validate(cfg, examples, k=folds, group=group, report=report)
    ran = cv_metrics["evaluation"]
    scores, issues = label_quality(task, y, preds.proba)
    order = np.lexsort((np.arange(len(y)), scores))
    planted = set() if flipped is None else {int(i) for i in flipped}
    given = task.decode(y)
    suggested = task.decode(preds.y_pred)
    rows = [
        {
            "rank": r + 1,
            "unit": examples.ids[i],
            "given": given[i],
            "suggested": suggested[i],
            "quality": round(float(scores[i]), 4),
            "issue": bool(issues[i]),
            "text": examples.texts[i],
            # Under --flip, "given" is the planted label: say so, and the
            # data's own, so no one corrects their data from it (review 31e).
            **(
                {"flipped": bool(i in planted), "original": original[i]}
                if original is not None
                else {}
            ),
        }
        for r, i in enumerate(order)
    ]
    to_check = int(issues.sum())
    extra: dict[str, Any] = {}
    if rechecked is not None:
        for row, i in zip(rows, order):
            row["checked"] = bool(rechecked[i])
        flagged_done = sum(1 for row in rows if row["issue"] and row["checked"])
        to_check -= flagged_done
        extra = {"checked": int(rechecked.sum()), "checked_flagged": flagged_done}
    out: dict[str, Any] = {
        "task": task.name,
        "units": len(rows),
        "issues": int(issues.sum()),
        "to_check": to_check,
        **extra,
        # As many folds as there are groups, where fewer than asked.
        "folds": ran["folds"],
        "folds_asked": folds,
        "group": ran["group"],
        "unlabelled": unlabelled,
        "rows": rows,
    }
    if flipped is not None:
        top = set(order[: max(1, int(np.ceil(0.1 * len(order))))].tolist())
        out["flip"] = {
            "fraction": flip,
            "flipped": len(flipped),
            "in_top_10pct": int(sum(i in top for i in flipped)),
            "recall_top_10pct": round(float(np.mean([i in top for i in flipped])), 4),
            "flagged_as_issue": round(float(issues[flipped].mean()), 4),
            "seed": seed,
        }
    return out
