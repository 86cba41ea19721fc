"""How much the target x word features of a target-conditioned TF-IDF model weigh.

A task with a `target_field` (stance toward a target named per row, as in
SemEval-2016 Task 6) is learned by one model over all targets: its TF-IDF
features are the words of the text, shared by every target, plus each word
joined with the row's target (`wind power|ban`, `classify.targets`). Where a
word means opposite stances toward different targets ("we need wind, stop
nuclear" is in favour of wind power and against nuclear power), only the
joined features can tell them apart, and at equal weight the shared ones,
seen under every target, drown them. `target_weight` scales the joined
features (`model.params.target_weight`).

The data are generated here, so anyone can rerun it with no corpus: posts
naming two energy sources, one wanted and one opposed, labelled toward the
row's target (for one target the meaning flips), with posts of no stance and
8% of labels drawn at random. For each seed it prints F_avg (FAVOR, AGAINST)
on 120 test posts of one model over all targets at each weight, and of one
model per target (trained and tested on that target's posts alone, pooled),
then on posts whose stance words mean the same toward every target
(`shared_posts`, where the joined features only split the data by target),
and then the README's fixture (tests/fixtures/own/stance); and of
`target_weight: auto` (the default), which picks the weight by 5-fold
cross-validation on the training posts alone, with the weight it chose.
About two minutes on 2 CPU cores.

    python experiments/target_weight.py
"""

from __future__ import annotations

import csv
import random
import tempfile
import warnings
from pathlib import Path

import numpy as np

from classify import api
from classify.evaluation import compute_metrics

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "own" / "stance"
WEIGHTS = (1.0, 2.0, 3.0, 4.0)
TASK = """name: energy
kind: multiclass
field: stance
target_field: target
labels: [FAVOR, AGAINST, NONE]
metric: f_avg
metric_labels: [FAVOR, AGAINST]
"""
CONFIG = """task: task.yaml
model:
  family: tfidf-linear
  params: {word_ngrams: [1, 2], char_ngrams: [2, 4], C: 10.0}
data: {path: train.csv, test: test.csv, text_column: text, split: {method: none}}
evaluation: {bootstrap: 0}
seed: 0
"""


def posts(seed: int, n: int = 420) -> list[dict[str, str]]:
    """``n`` generated posts with their target and stance (see above)."""
    rng = random.Random(seed)
    green = ["wind", "solar", "turbines", "renewables", "panels"]
    atomic = ["nuclear", "reactors", "uranium", "atomic", "fission"]
    want, oppose = (
        ["need", "want", "support", "build", "more"],
        ["stop", "ban", "close", "fewer", "no"],
    )
    filler = ["we", "the", "our", "town", "really", "today", "folks", "#energy"]
    rows = []
    for i in range(n):
        target = rng.choice(["wind power", "nuclear power", "solar farms"])
        if rng.random() < 0.3:
            text, label = " ".join(rng.choices(filler, k=7)), "NONE"
        else:
            liked, disliked = (green, atomic) if rng.random() < 0.5 else (atomic, green)
            text = (
                f"{rng.choice(filler)} {rng.choice(want)} {rng.choice(liked)} "
                f"{rng.choice(oppose)} {rng.choice(disliked)} {rng.choice(filler)}"
            )
            favour = (liked is green) != (target == "nuclear power")
            label = "FAVOR" if favour else "AGAINST"
        if rng.random() < 0.08:
            label = rng.choice(["FAVOR", "AGAINST", "NONE"])
        rows.append({"id": f"p{i}", "target": target, "text": text, "stance": label})
    return rows


def shared_posts(seed: int, n: int = 240) -> list[dict[str, str]]:
    """``n`` generated posts whose stance words mean the same toward every
    target ("... is a mistake" is against whatever it names), each target
    named in one of three ways, 12% of labels drawn at random: the case
    where the joined features only split the data by target."""
    rng = random.Random(100 + seed)
    names = {
        "trade deal": ["the trade deal", "the tariff pact", "the customs agreement"],
        "border wall": ["the border wall", "the barrier plan", "the fence project"],
        "carbon tax": ["the carbon tax", "the emissions levy", "the fuel charge"],
    }
    favour = ["{x} is overdue", "glad to see {x}", "{x} will help us", "back {x} now"]
    against = ["{x} is a mistake", "scrap {x}", "{x} will hurt us", "nobody wants {x}"]
    other = ["a debate on {x} tonight", "what is in {x}?", "vote on {x} due", "read about {x}"]
    openers = ["", "", "honestly", "so", "thread:", "update:"]
    rows = []
    for i in range(n):
        target = rng.choice(sorted(names))
        label, bank = rng.choice([("FAVOR", favour), ("AGAINST", against), ("NONE", other)])
        text = f"{rng.choice(openers)} {rng.choice(bank).format(x=rng.choice(names[target]))}"
        if rng.random() < 0.12:
            label = rng.choice(["FAVOR", "AGAINST", "NONE"])
        rows.append({"id": f"s{i}", "target": target, "text": text.strip(), "stance": label})
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def pooled_and_per_target(folder: Path, train: list, test: list, column: str) -> list[float]:
    """F_avg of one model over all targets at each weight, then of one model
    per target (at weight 1; with one target the joined features are the
    words again)."""
    config = folder / "config.yaml"
    write(folder / "train.csv", train)
    write(folder / "test.csv", test)
    out: list = []
    for weight in (*WEIGHTS, "auto"):
        r = api.train(config, save=False, overrides={"model.params.target_weight": weight})
        out.append(r.metrics["f_avg"])
    # The weight "auto" chose, by cross-validation on the training posts.
    out.append(r.model.model.fit_record_["target_weight"])
    gold, predicted, task = [], [], None
    for target in sorted({row[column] for row in train}):
        for name, rows in (("train", train), ("test", test)):
            write(folder / f"one-{name}.csv", [r for r in rows if r[column] == target])
        r = api.train(
            config,
            save=False,
            overrides={
                "data.path": str(folder / "one-train.csv"),
                "data.test": str(folder / "one-test.csv"),
                "model.params.target_weight": 1.0,
            },
        )
        task = r.model.task
        gold += [p["gold"] for p in r.model.predictions.to_rows()]
        predicted += [p["predicted"] for p in r.model.predictions.to_rows()]
    one = compute_metrics(
        task.kind, task.labels, np.array(gold), np.array(predicted), favg=task.favg_labels
    )
    return [*out, one["f_avg"]]


def _cells(scores: list[float]) -> str:
    """The row's figures, and the weight auto chose as a weight (``3``)."""
    *figures, chosen, one = scores
    return " | ".join([*(f"{s:.3f}" for s in figures), f"{chosen:g}", f"{one:.3f}"])


def main() -> None:
    warnings.simplefilter("ignore")
    head = [
        "data",
        *[f"pooled, weight {w:g}" for w in WEIGHTS],
        "auto",
        "auto's weight",
        "one model per target",
    ]
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "task.yaml").write_text(TASK, encoding="utf-8")
        (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
        for seed in (1, 2, 3, 4):
            rows = posts(seed)
            scores = pooled_and_per_target(folder, rows[:300], rows[300:], "target")
            print(f"| generated, seed {seed} | {_cells(scores)} |")
        for seed in (1, 2, 3, 4):
            rows = shared_posts(seed)
            scores = pooled_and_per_target(folder, rows[:170], rows[170:], "target")
            print(f"| shared stance words, seed {seed} | {_cells(scores)} |")
        fixture = folder / "fixture"
        fixture.mkdir()
        (fixture / "task.yaml").write_text(
            (FIXTURE / "task.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        (fixture / "config.yaml").write_text(
            CONFIG.replace("text_column: text", "text_column: tweet"), encoding="utf-8"
        )
        train = list(csv.DictReader((FIXTURE / "train.csv").open(encoding="utf-8")))
        test = list(csv.DictReader((FIXTURE / "test.csv").open(encoding="utf-8")))
        scores = pooled_and_per_target(fixture, train, test, "target")
        print(f"| the README's fixture | {_cells(scores)} |")


if __name__ == "__main__":
    main()
