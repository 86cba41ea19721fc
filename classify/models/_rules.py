"""Guideline rules as features: one column per rule of the task, 1 where it fires.

A task file may carry labelling rules (the shipped ``topic-rules`` and
``stance-rules``, ``configs/rules/*.yaml``: keyword or
regular-expression cues from the annotation guidelines, also used as weak
labels in self-training). With ``rule_features: W`` (> 0), ``tfidf-linear``
and ``embedding-linear`` append the rules' indicators, times ``W``, to their
features, so a cue the labelled items rarely show (say "travel ban") still
carries what the guidelines say it means. The rules travel with the task in
the saved model, so prediction reads them back. Feature-level use of
labelling functions as in Snorkel's discriminative end model inputs (Ratner
et al. 2017, "Snorkel: Rapid Training Data Creation with Weak Supervision",
VLDB); here the functions are the guideline cues themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from classify.errors import ClassifyError
from classify.tasks import Task


def check_rules(task: Task | None, weight: float) -> None:
    """Refuse ``rule_features`` without rules to read (``task`` None: check
    the weight alone, as at config load).

    Raises:
        ClassifyError: ``weight`` is negative, or positive with a task that
            has no ``rules`` without a ``when`` condition.
    """
    if weight < 0:
        raise ClassifyError(
            f"key 'model.params.rule_features' is {weight} (allowed: 0 for none, or a weight > 0)"
        )
    if task is not None and weight > 0 and not any(not r.get("when") for r in task.rules):
        what = "rules without a 'when' condition" if task.rules else "rules"
        raise ClassifyError(
            f"key 'model.params.rule_features' needs a task file with {what} (allowed: "
            "a task file with a 'rules' list, such as the shipped topic-rules or "
            "stance-rules: --set task=topic-rules, or task: topic-rules in a config; a rule "
            "with 'when' is not a feature, as texts carry no other labels at prediction)"
        )


def rule_columns(task: Task, texts: Sequence[str], weight: float) -> np.ndarray:
    """``(len(texts), n_rules)``: ``weight`` where a rule of ``task`` fires
    on a text, else 0. A rule with a ``when`` condition never fires here
    (texts carry no other labels at prediction). Which label a rule names
    does not matter: the model learns what each cue means."""
    from classify.tasks import compile_rule, rule_fires

    out = np.zeros((len(texts), len(task.rules)), dtype=np.float64)
    for j, rule in enumerate(task.rules):
        if rule.get("when"):
            continue
        pattern = compile_rule(rule)
        for i, text in enumerate(texts):
            if rule_fires(rule, pattern, text):
                out[i, j] = weight
    return out
