"""Each member's confidence calibrated before the stance ensemble averages them.

`configs/stance-best.yaml` averages the probabilities of its two members
(TF-IDF and the frozen encoder, each fit on the joint classes stance x
has-a-topic). An average of probabilities lets the more confident member
decide where they disagree, and a linear model on thousands of TF-IDF
features is more confident than one on 384 encoder dimensions, on UN
speeches too, where TF-IDF falls apart. Two fixes that learn no weights
from which member is right on news (stacking, measured in stacking.py,
does, and lost on UN speeches):

- temperature scaling (Guo, Pleiss, Sun and Weinberger 2017, "On
  Calibration of Modern Neural Networks", ICML): each member's
  log-probabilities divided by one temperature, fit by likelihood on its
  out-of-fold predictions of the training data (5 folds of whole years),
  then averaged;
- the geometric mean: the members' log-probabilities averaged (a product of
  experts, Hinton 2002), no fitting.

It prints macro-F1 [95% CI] of the average (`stance-best`, refit here from
the config's members) and of each variant, with its paired difference from
the average [95% CI], for (a) date, (b) UN speeches, (d) years5 and (e)
forward3, as stacking.py does. About 2 minutes on 2 CPU cores once the
encoder's vectors are cached.

    python experiments/member_temperature.py --bench ../shared/bench
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar
from stacking import CONFIG, compare_combinations, joint_classes, member_probabilities, stances


def temperature(proba: np.ndarray, y: np.ndarray) -> float:
    """The temperature that maximises the likelihood of classes ``y`` (n,)
    under ``softmax(log(proba) / T)``; ``proba`` (n, k)."""
    logp = np.log(np.clip(proba, 1e-9, 1.0))

    def nll(log_t: float) -> float:
        z = logp / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(axis=1))).mean())

    return float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x))


def tempered(proba: np.ndarray, t: float) -> np.ndarray:
    z = np.log(np.clip(proba, 1e-9, 1.0)) / t
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def variants(train: list[dict], test: list[dict], specs) -> dict[str, np.ndarray]:
    """Stance probabilities (len(test), 3) of the average and each variant."""
    test_p, oof, labels = member_probabilities(train, test, specs)
    y = joint_classes(train, labels).argmax(axis=1)
    temps = [temperature(p, y) for p in oof]
    print("  temperatures:", ", ".join(f"{t:.2f}" for t in temps), flush=True)
    geometric = np.exp(sum(np.log(np.clip(p, 1e-9, 1.0)) for p in test_p) / len(test_p))
    return {
        "average (stance-best)": stances(sum(test_p) / len(test_p)),
        "temperature-scaled average": stances(
            sum(tempered(p, t) for p, t in zip(test_p, temps)) / len(test_p)
        ),
        "geometric mean": stances(geometric / geometric.sum(axis=1, keepdims=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    args = parser.parse_args()
    compare_combinations(args.bench, CONFIG, variants)


if __name__ == "__main__":
    main()
