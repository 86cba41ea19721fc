"""Weak supervision: labelling rules in task files, their analysis, and
silver labels.

A task file may carry ``rules``, each voting for one label when its keywords
or regular expression match a unit's text, optionally only where another
task's label (from the data) meets a condition::

    rules:
      - {name: embassy, label: normalisation, keywords: [embassy, ambassador]}
      - {name: sanction-word, label: sanctions, pattern: '\\bsanction(s|ed)?\\b'}
      - {name: reopen, label: favour, pattern: 'reopen|restor', when: {topics: normalisation}}

Rules are labelling functions in the sense of Ratner et al. (2017),
"Snorkel: rapid training data creation with weak supervision" (VLDB 11(3)).
:func:`analyse` gives Snorkel's ``LFAnalysis`` figures (coverage, overlaps,
conflicts, empirical accuracy where gold exists). :func:`silver_labels`
combines votes by majority with abstentions: Snorkel's ``LabelModel`` needs
PyTorch, which the core install avoids (it would pull a CUDA build on a
CPU-only machine).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from classify.errors import ClassifyError, option, warn
from classify.tasks import ABSTAIN, check_rules, vote_matrix

if TYPE_CHECKING:
    from classify.tables import ReadOptions

__all__ = ["ABSTAIN", "analyse", "check_rules", "majority_vote", "rules_report", "vote_matrix"]


def analyse(task: Any, votes: np.ndarray, gold: np.ndarray | None = None) -> list[dict[str, Any]]:
    """Per rule: coverage (share of units it votes on), overlaps (share of
    units where it and another rule vote), conflicts (share where another
    rule votes differently; for multilabel tasks, rules for different
    topics never conflict), and with ``gold`` (an ``(n, k)`` indicator
    matrix; rows of -1 are units without gold) its accuracy on the covered
    units with gold, as in Snorkel's ``LFAnalysis``."""
    n, m = votes.shape
    fires = votes != ABSTAIN
    rows = []
    for j, rule in enumerate(task.rules):
        others = np.delete(np.arange(m), j)
        f = fires[:, j]
        overlap = f & fires[:, others].any(axis=1) if len(others) else np.zeros(n, bool)
        if task.multilabel:
            conflict = np.zeros(n, dtype=bool)
        else:
            diff = fires[:, others] & (votes[:, others] != votes[:, [j]])
            conflict = f & diff.any(axis=1) if len(others) else np.zeros(n, bool)
        row: dict[str, Any] = {
            "rule": rule["name"],
            "label": rule["label"],
            "coverage": round(float(f.mean()), 4) if n else 0.0,
            "overlaps": round(float(overlap.mean()), 4) if n else 0.0,
            "conflicts": round(float(conflict.mean()), 4) if n else 0.0,
            "votes": int(f.sum()),
        }
        if gold is not None:
            has = f & (gold[:, 0] >= 0)
            correct = gold[has, votes[has, j]] == 1 if has.any() else np.array([])
            row["gold_units"] = int(has.sum())
            row["accuracy"] = round(float(correct.mean()), 4) if has.any() else None
        rows.append(row)
    return rows


def majority_vote(task: Any, votes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Combine votes: multiclass units take the label with most votes (ties
    and units with no vote abstain); multilabel units get every label some
    rule voted for (units with no vote abstain). Returns ``(y, covered)``:
    an ``(n, k)`` indicator matrix and a mask of units with a silver label."""
    n = len(votes)
    k = len(task.labels)
    counts = np.zeros((n, k), dtype=np.int64)
    for j in range(votes.shape[1]):
        fired = votes[:, j] != ABSTAIN
        np.add.at(counts, (np.flatnonzero(fired), votes[fired, j]), 1)
    y = np.zeros((n, k), dtype=np.int64)
    if task.multilabel:
        covered = counts.sum(axis=1) > 0
        y[counts > 0] = 1
        return y, covered
    top = counts.max(axis=1)
    unique = (counts == top[:, None]).sum(axis=1) == 1
    covered = (top > 0) & unique
    y[np.flatnonzero(covered), np.argmax(counts[covered], axis=1)] = 1
    return y, covered


def rules_report(
    task_path: str | Path,
    data: str | Path | Sequence[str | Path],
    *,
    annotations: str | Path | Sequence[str | Path] | None = None,
    unit: str | None = None,
    apply: str | Path | Sequence[str | Path] | None = None,
    out: str | Path | None = None,
    weight: float = 0.5,
    overwrite: bool = False,
    options: ReadOptions | None = None,
) -> dict[str, Any]:
    """Analyse a task's rules on ``data`` (accuracy where it has gold), and
    with ``apply`` write silver labels for the pool to ``out`` (JSONL: id,
    text, the task's field, ``weight`` below gold's 1.0, ``votes``).

    Args:
        task_path: a task file with ``rules``, or a shipped one by name
            (``topic-rules``, ``stance-rules``).
        data: data to analyse the rules on (paths).
        annotations: gold labels for article sources.
        unit: the unit level for articles.
        apply: an unlabelled pool to label with the rules.
        out: the ``.jsonl`` file for the silver labels (with ``apply``).
        weight: the silver labels' weight, in (0, 1].
        overwrite: replace an existing ``out`` (else refuse before any work).
        options: how tables of ``data`` and ``apply`` are read (their text
            and id columns, delimiter, encoding, dates).

    Returns:
        ``task``, ``units``, per-rule figures (``rules``), ``covered`` (share of
        units any rule fires on), ``silver_accuracy`` where there is gold, and
        with ``apply`` the silver file's path and counts (``in_data``: pool
        units left out for being in ``data`` already, by id or text).

    Raises:
        ClassifyError: a task without rules, ``apply`` without ``out``, a bad
            ``weight``, an ``out`` that is not ``.jsonl`` or that exists
            (without ``overwrite``).
    """
    if out is not None:
        from classify.store import must_be_path

        must_be_path(out, "out")
    from classify.data import load_examples
    from classify.tasks import load_task, shipped_tasks

    shipped = shipped_tasks()
    if str(task_path) in shipped and not Path(task_path).exists():
        # A bare name is the shipped task, as --task and a config's task key read it.
        task_path = shipped[str(task_path)]
    task = load_task(task_path)
    if not task.rules:
        raise ClassifyError("task file has no 'rules'", source=task_path)
    if apply is not None:
        from classify.store import check_writable

        if out is None:
            raise ClassifyError(f"{option('apply')} needs {option('out', 'FILE.jsonl')}")
        if not 0 < weight <= 1:
            raise ClassifyError(f"{option('weight')} must be in (0, 1], got {weight}")
        out = Path(out)
        if out.suffix.lower() != ".jsonl":
            raise ClassifyError("silver labels are written as .jsonl", source=out)
        check_writable(out, overwrite=overwrite)
    # The task's own gold column, and those its rules' `when` names.
    when = [k for r in task.rules for k in (r.get("when") or {})]
    fields = list(dict.fromkeys([task.field, *when, "topics", "stance"]))
    examples = load_examples(
        data,
        annotations=annotations,
        unit=unit,
        labelled=False,
        label_fields=fields,
        options=options,
    )
    votes = vote_matrix(task, list(examples.texts), examples.labels)
    gold = None
    if examples.has_labels(task):
        values = examples.labels[task.field]
        gold = np.full((len(examples), len(task.labels)), -1, dtype=np.int64)
        have = [i for i, v in enumerate(values) if not task.is_unlabelled(v)]
        gold[have] = task.encode([values[i] for i in have], source=examples.origin)
    y, covered = majority_vote(task, votes)
    result: dict[str, Any] = {
        "task": task.name,
        "units": len(examples),
        "rules": analyse(task, votes, gold),
        # Units some rule votes on (Snorkel's label coverage), and units the
        # majority vote labels (a tie between rules abstains).
        "covered_any": round(float((votes != ABSTAIN).any(axis=1).mean()), 4)
        if len(examples)
        else 0.0,
        "covered": round(float(covered.mean()), 4) if len(examples) else 0.0,
        "combiner": "majority vote with abstentions",
    }
    if gold is not None:
        ok = covered & (gold[:, 0] >= 0)
        if ok.any():
            agree = (y[ok] == gold[ok]).all(axis=1)
            result["silver_accuracy"] = round(float(agree.mean()), 4)
            result["silver_gold_units"] = int(ok.sum())
    if apply is not None:
        assert out is not None  # checked above, before any work
        pool = load_examples(apply, unit=unit, labelled=False, options=options)
        # Units the analysed data holds (by id or text) already have their
        # labels: silver for them would repeat a gold unit in training.
        from classify.data import copy_keys

        known_ids = set(examples.ids)
        known = set(copy_keys(examples.texts)) - {None}
        fresh = [
            i
            for i, (uid, key) in enumerate(zip(pool.ids, copy_keys(pool.texts)))
            if uid not in known_ids and key not in known
        ]
        skipped = len(pool) - len(fresh)
        pool_size = len(pool)
        pool = pool.subset(fresh)
        _warn_conditions_unmet(task, pool.labels)
        pool_votes = vote_matrix(task, list(pool.texts), pool.labels)
        py, pcovered = majority_vote(task, pool_votes)
        names = task.decode(py)
        rows = [
            {
                "id": pool.ids[i],
                "text": pool.texts[i],
                "date": pool.dates[i],
                **({"source": pool.sources[i]} if pool.sources[i] else {}),
                # The pool's other labels (its topics, gold or predicted), so
                # a model that learns stance jointly with topics can use them.
                **{
                    fld: values[i]
                    for fld, values in pool.labels.items()
                    if fld != task.field and values[i] is not None
                },
                task.field: names[i],
                "weight": weight,
                "votes": int((pool_votes[i] != ABSTAIN).sum()),
                "silver": True,
            }
            for i in np.flatnonzero(pcovered)
        ]
        from classify.store import write_jsonl

        write_jsonl(out, rows)
        result["silver"] = {
            "path": str(out),
            "units": len(rows),
            "pool": pool_size,
            "in_data": skipped,
        }
    return result


def _warn_conditions_unmet(task: Any, labels: Mapping[str, Sequence[Any]]) -> None:
    """Warn of rules whose ``when`` reads a label field the pool has no
    value of (an unlabelled pool): they abstain on every pool unit."""
    idle: dict[str, list[str]] = {}
    for rule in task.rules:
        for fld in rule.get("when") or {}:
            if all(v is None for v in labels.get(fld) or []):
                idle.setdefault(fld, []).append(rule["name"])
    for fld, names in idle.items():
        warn(
            f"{'rule' if len(names) == 1 else 'rules'} {', '.join(repr(n) for n in names)} "
            f"{'fires' if len(names) == 1 else 'fire'} only where '{fld}' holds a given "
            f"label, and no pool unit has a "
            f"'{fld}' label: {'it abstains' if len(names) == 1 else 'they abstain'} on every "
            f"pool unit (give the pool a '{fld}' column: gold, or a model's predictions)"
        )
