"""Small labelled corpora and quickly trained TF-IDF models for the
prediction and analysis tests."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT

TEMPLATES = [
    (
        "The two governments restore diplomatic ties and reopen embassies in {c}.",
        ["normalisation"],
        "favour",
    ),
    (
        "The EU imposes new sanctions and an asset freeze on officials of {c}.",
        ["sanctions"],
        "against",
    ),
    (
        "Police in {c} arrest opposition activists and journalists at a protest.",
        ["human_rights"],
        "neutral",
    ),
    ("The football team of {c} wins the regional cup final.", [], "neutral"),
    (
        "Washington lifts sanctions on {c} after talks on normalising relations.",
        ["sanctions", "normalisation"],
        "favour",
    ),
    (
        "Rights groups condemn the torture of political prisoners in {c}.",
        ["human_rights"],
        "against",
    ),
]
COUNTRIES = ["Belarus", "Cuba", "Iran", "Venezuela", "Myanmar", "Syria", "Libya", "Sudan"]


def two_articles(folder: Path) -> Path:
    """Two wire stories of three paragraphs (``a1``, ``a2``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, place in (("a1", "LIMA"), ("a2", "QUITO")):
        (folder / f"{name}.txt").write_text(
            f"Talks in {place.title()}\n\nWorld | March 3, 2024\n\nBy Jo Kim\n\n"
            f"{place} (Reuters) - Envoys met in {place.title()} to restore ties.\n\n"
            "Sanctions stay in place.\n",
            encoding="utf-8",
        )
    return folder


def labelled_rows() -> list[dict]:
    """48 items in the bench layout (id, date, source, text, topics, stance)."""
    rows = []
    for i, country in enumerate(COUNTRIES):
        for j, (text, topics, stance) in enumerate(TEMPLATES):
            rows.append(
                {
                    "id": f"t{i}-{j}",
                    "date": f"{2010 + i}-0{1 + j % 9}-01",
                    "source": ["Reuters", "AP"][j % 2],
                    "text": text.format(c=country),
                    "topics": topics,
                    "stance": stance,
                }
            )
    return rows


def live_blog_rows() -> list[dict]:
    """30 stance units of 10 articles whose three entries are dated a year
    apart (a live blog): a date split parts some articles' units."""
    rows = []
    for a in range(10):
        for k in range(3):
            rows.append({
                "id": f"a{a}-{k}", "article_id": f"a{a}", "date": f"{2014 + a // 2 + k}-03-01",
                "text": f"Entry {k} of blog {a}: " + ("talks resumed" if a % 2 else "sanctions"),
                "stance": ("favour", "against")[a % 2],
            })  # fmt: skip
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def train_tfidf(task: str, data: Path, out: Path) -> Path:
    """A TF-IDF model for ``task`` (topic or stance), trained with 3-fold
    cross-validation so the folder holds out-of-fold predictions."""
    from classify import api

    api.train(
        ROOT / f"configs/{task}-tfidf.yaml",
        data=[data],
        out=out,
        cv=3,
        overrides={"data.split.method": "random", "thresholds.folds": 3},
        overwrite=True,
    )
    return out


def train_both(root: Path) -> dict[str, Path]:
    """Topic and stance TF-IDF models (:func:`train_tfidf`) on
    :func:`labelled_rows` under ``root``: ``{"stance", "topic", "data"}``."""
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return {
        "stance": train_tfidf("stance", data, root / "stance"),
        "topic": train_tfidf("topic", data, root / "topic"),
        "data": data,
    }


def news_table(path: Path, n: int = 12, *, dated: bool = True, **columns: list) -> Path:
    """A CSV corpus of ``n`` short news items, alternately on sanctions and
    on restored ties, dated over three months of 2024 (unless not
    ``dated``), with ``columns`` added (each a list of ``n`` values)."""
    import pandas as pd

    rows = {
        "id": [f"{path.stem}{i}" for i in range(n)],
        "text": [
            "The EU imposes new sanctions on Belarus over the crackdown."
            if i % 2
            else "Washington and Minsk agree to restore embassies and talk again."
            for i in range(n)
        ],
    }
    if dated:
        rows["date"] = [f"2024-0{1 + i % 3}-15" for i in range(n)]
    rows.update(columns)
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def assert_seen_both_ways(first: Path, second: Path, out: Path, n: int) -> tuple:
    """Train a stance TF-IDF model on each file (3-fold CV) and evaluate it on
    the other: every one of the ``n`` units is found in its training data
    (the same items written two ways). Returns the two models."""
    import pytest

    from classify import api

    config = ROOT / "configs" / "stance-tfidf.yaml"
    one = api.train(config, data=[first], cv=3, out=out / "a").model
    two = api.train(config, data=[second], cv=3, out=out / "b").model
    for model, data in ((one, second), (two, first)):
        with pytest.warns(api.TrainingOverlapWarning):
            metrics = api.evaluate(model, data, n_bootstrap=0)
        assert metrics["train_overlap"]["count"] == n
    return one, two


def one_column_corpus(tmp_path: Path, empty_cell: str | None) -> tuple[Path, Path]:
    """A Reuters-style CSV with one topic column, empty where a story has no topic."""
    words = {"grain": "wheat harvest tonnes", "crude": "oil barrel refinery"}
    lines = ["id,text,topics"]
    for i in range(36):
        labs = [[], ["grain"], ["crude"], ["grain", "crude"]][i % 4]
        said = " ".join(words[lab] for lab in labs) or "shares closed flat"
        lines.append(f"n{i},Story {i} on {said} this week,{';'.join(labs)}")
    (tmp_path / "reu.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "reu.yaml").write_text(
        "name: reu\nkind: multilabel\nfield: topics\nlabels: [grain, crude]\n"
        + (f"empty_cell: {empty_cell}\n" if empty_cell else ""),
        encoding="utf-8",
    )
    return tmp_path / "reu.csv", tmp_path / "reu.yaml"


def terminate_after_first_part(
    args: list[str], out: Path, *, wait: float, **popen
) -> tuple[int, str]:
    """Run ``classify ARGS`` in a subprocess, send it SIGTERM once the first
    part of ``out`` is written, and return its exit status and stderr; the
    parts folder must hold a part afterwards and ``out`` must not exist."""
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "classify.cli", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
    )  # fmt: skip
    parts = out.parent / f".{out.name}.parts"
    deadline = time.time() + wait
    while time.time() < deadline and not list(parts.glob("part-*.parquet")):
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert list(parts.glob("part-*.parquet")) and not out.exists(), err
    return proc.returncode, err
