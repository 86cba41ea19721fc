"""Training labels that confident learning flags as likely errors, left out.

The gold labels of dev.jsonl were made by people, and some are wrong or
borderline; a model fit to them learns those errors with the rest. Confident
learning (Northcutt, Jiang and Chuang 2021, "Confident Learning: Estimating
Uncertainty in Dataset Labels", JAIR 70; for topics the multi-label variant
of Thyagarajan et al. 2023) flags the training units whose label disagrees
with out-of-fold predictions more than the estimated noise rates allow
(`classify.audit.label_quality`, what `classify annotate audit` uses,
cleanlab's defaults). Here those units are left out of training only (test
labels are never touched) and the recommended configuration is refit on the
rest. One setting, fixed before any figure: out-of-fold probabilities from
5 folds of the training units (`classify.data.group_kfold` over ids), the
flags as cleanlab gives them, nothing tuned.

It prints macro-F1 [95% CI] of `topic-best` and `stance-best` (refit here
from the configs' members; topics at thresholds tuned by 5-fold CV on what
is trained on) and of the pruned fit, with its paired difference [95% CI],
for (a) date, (b) UN speeches, (d) years5 and (e) forward3, as
stacking.py does, and how many units each fit left out. About 15 minutes
on 2 CPU cores once the encoder's vectors are cached.

    python experiments/label_pruning.py --bench ../shared/bench
"""

from __future__ import annotations

import numpy as np
from stacking import best_setup, cell, joint_classes, onehot, run_bench, stances

from classify.audit import label_quality
from classify.data import group_kfold
from classify.evaluation import tune_thresholds
from classify.models import get_family
from classify.tasks import Task


def measure(name: str, protocols: dict[str, list], _: object) -> dict[str, list[str]]:
    """The cells of one task's two rows ("no", "yes" pruned), one per protocol."""
    topic = name == "topic"
    labels, specs, model_task, gold = best_setup(name)
    kind = "multilabel" if topic else "multiclass"
    audit_task = Task(name, kind, tuple(labels))

    def proba(train: list[dict], test: list[dict]) -> np.ndarray:
        out = []
        for family_name, params in specs:
            family = get_family(family_name)
            y = gold(train) if topic else joint_classes(train, labels)
            model = family(model_task, family.Params(**params))
            model.fit([r["text"] for r in train], y)
            out.append(model.predict_proba([r["text"] for r in test]))
        p = sum(out) / len(out)
        return p if topic else stances(p)

    def out_of_fold(train: list[dict]) -> np.ndarray:
        oof = np.zeros((len(train), len(labels)))
        for tr, te in group_kfold([r["id"] for r in train], 5, seed=0):
            oof[te] = proba([train[i] for i in tr], [train[i] for i in te])
        return oof

    def decide(train: list[dict], test: list[dict], oof: np.ndarray | None = None) -> np.ndarray:
        p = proba(train, test)
        if not topic:
            return onehot(p)
        oof = out_of_fold(train) if oof is None else oof
        return (p >= tune_thresholds(gold(train), oof)).astype(int)

    rows: dict[str, list[str]] = {"no": [], "yes": []}
    for protocol, folds in protocols.items():
        truth = np.vstack([gold(test) for _, test in folds])
        base, pruned, dropped = [], [], []
        for train, test in folds:
            oof = out_of_fold(train)
            base.append(decide(train, test, oof))
            _, issues = label_quality(audit_task, gold(train), oof)
            kept = [r for r, flagged in zip(train, issues, strict=True) if not flagged]
            dropped.append(f"{int(issues.sum())}/{len(train)}")
            pruned.append(decide(kept, test))
        rows["no"].append(cell(kind, labels, truth, np.vstack(base)))
        rows["yes"].append(
            cell(kind, labels, truth, np.vstack(pruned), np.vstack(base))
            + f" (left out {', '.join(dropped)})"
        )
        print(f"{name} {protocol}: done", flush=True)
    return rows


def main() -> None:
    run_bench(__doc__.splitlines()[0], "pruned", lambda bench: None, measure)


if __name__ == "__main__":
    main()
