"""Label audit (cleanlab on out-of-fold probabilities) and labelling rules
(weak supervision), on data written here."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_cli
from test_active import synthetic_rows, write_jsonl

from classify import audit, rules
from classify.errors import ClassifyError
from classify.tasks import Task, load_task

from conftest import ROOT

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"
TOPIC_CFG = ROOT / "configs/topic-tfidf.yaml"
TOPIC_CUES = {
    "normalisation": ["reopens the embassy", "restores diplomatic ties"],
    "sanctions": ["imposes an embargo", "freezes assets"],
    "human_rights": ["jails dissidents", "arrests journalists"],
}


def topic_rows(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    words = [
        "the",
        "government",
        "said",
        "officials",
        "would",
        "meet",
        "in",
        "the",
        "capital",
        "next",
        "week",
    ]
    rows = []
    for i in range(n):
        labels = [lab for lab in TOPIC_CUES if rng.random() < 0.4]
        cues = [rng.choice(TOPIC_CUES[lab]) for lab in labels]
        text = " ".join(rng.sample(words, 5) + cues + rng.sample(words, 3))
        rows.append({"id": f"t{i}", "text": f"Item {i}: {text}.", "topics": labels})
    return rows


# -- audit -------------------------------------------------------------------------------


def test_flip_labels_changes_exactly_the_chosen_units():
    task = Task("stance", "multiclass", ("a", "b", "c"))
    y = np.eye(3, dtype=int)[np.arange(100) % 3]
    noisy, idx = audit.flip_labels(task, y, 0.05, seed=1)
    changed = np.flatnonzero((noisy != y).any(axis=1))
    assert changed.tolist() == idx.tolist() and len(idx) == 5
    assert (noisy.sum(axis=1) == 1).all()
    with pytest.raises(ClassifyError, match=r"flip must be above 0 and at most 0\.5"):  # stop 52
        audit.flip_labels(task, y, 1.5)


def test_audit_finds_flipped_stance_labels(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", synthetic_rows(200, seed=3))
    r = audit.audit_labels(data, STANCE_CFG, flip=0.05, seed=0)
    f = r["flip"]
    assert f["flipped"] == 10
    # The cues are clean, so flipped labels should stand out: most rank in the top 10%.
    assert f["recall_top_10pct"] >= 0.7, f
    assert r["rows"][0]["quality"] <= r["rows"][-1]["quality"]
    top = r["rows"][0]
    assert top["given"] != top["suggested"] and top["text"].startswith("Item")


def test_audit_multilabel_with_cleanlab(tmp_path):
    data = write_jsonl(tmp_path / "t.jsonl", topic_rows(150, seed=2))
    r = audit.audit_labels(
        data, TOPIC_CFG, flip=0.05, seed=0, overrides=["thresholds.method=fixed"]
    )
    assert r["flip"]["flipped"] == 8
    assert r["flip"]["recall_top_10pct"] >= 0.6, r["flip"]
    assert isinstance(r["rows"][0]["given"], list)
    # The planted labels are marked, with the data's own (review 31e).
    planted = [row for row in r["rows"] if row["flipped"]]
    assert len(planted) == 8 and all(row["given"] != row["original"] for row in planted)
    assert all(row["given"] == row["original"] for row in r["rows"] if not row["flipped"])


def test_audit_cli(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", synthetic_rows(90, seed=4))
    out = tmp_path / "ranked.jsonl"
    res = run_cli(
        capsys,
        "annotate",
        "audit",
        data,
        "--config",
        STANCE_CFG,
        "--flip",
        "0.05",
        "--top",
        "5",
        "--out",
        out,
        "--folds",
        "3",
    )
    assert res.code == 0, res.err
    assert "rank in the top 10%" in res.out and "flagged by cleanlab's find_label_issues" in res.out
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == 90 and rows[0]["rank"] == 1
    # The advice: the flagged units, then the ranked list, whose top 10%
    # ends where it says (reviews 26b, 31a).
    flagged = sum(r["issue"] for r in rows)
    text = " ".join(res.out.split())
    assert flagged  # the flipped labels include some cleanlab flags
    assert f"re-check the {flagged} flagged units ({flagged / 90:.0%} of the labels)" in text
    assert f"the top 10% is 9 units (quality {float(rows[8]['quality']):.3g} or lower)" in text
    assert all(r["quality"] <= rows[8]["quality"] for r in rows[:9])
    # 90 labels: a weak out-of-fold model, said (review 26j).
    assert "with 90 labels the out-of-fold model is weak" in " ".join(res.out.split())
    # An existing --out is not replaced without --overwrite, before any work.
    out.write_text("a gold file\n")
    res = run_cli(capsys, "annotate", "audit", data, "--config", STANCE_CFG, "--out", out)
    assert res.code == 1 and "already exists (pass --overwrite" in res.err
    assert out.read_text() == "a gold file\n"
    res = run_cli(capsys, "annotate", "audit", data, "--config", STANCE_CFG, "--out", out,
                  "--folds", "3", "--overwrite")  # fmt: skip
    assert res.code == 0, res.err
    again = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(again) == 90 and {r["unit"] for r in again} == {r["unit"] for r in rows}
    res = run_cli(capsys, "annotate", "audit", data, "--config", tmp_path / "none.yaml")
    assert res.code == 1 and res.err.count("error:") == 1 and "none.yaml" in res.err


# -- rules ---------------------------------------------------------------------------------


def _task_file(tmp_path: Path, rules_yaml: str, base: Path = ROOT / "configs/tasks/stance.yaml"):
    path = tmp_path / "task.yaml"
    path.write_text(base.read_text(encoding="utf-8") + "rules:\n" + rules_yaml, encoding="utf-8")
    return path


STANCE_RULES = """\
  - {name: talks, label: favour, keywords: [talks, reopen]}
  - {name: crackdown, label: against, pattern: 'crack ?down|sanction'}
  - {name: talks-topic, label: favour, pattern: 'talks', when: {topics: normalisation}}
"""


def _rule_data(tmp_path: Path) -> Path:
    rows = [
        {"id": "1", "text": "He welcomes talks.", "stance": "favour", "topics": ["normalisation"]},
        {"id": "2", "text": "Talks amid a crackdown.", "stance": "against", "topics": []},
        {"id": "3", "text": "A new sanction.", "stance": "against", "topics": ["sanctions"]},
        {"id": "4", "text": "They reopen talks.", "stance": "neutral", "topics": ["normalisation"]},
        {"id": "5", "text": "Rain in Minsk.", "stance": "neutral", "topics": []},
    ]
    return write_jsonl(tmp_path / "gold.jsonl", rows)


def test_rules_analysis_by_hand(tmp_path):
    task = load_task(_task_file(tmp_path, STANCE_RULES))
    assert [r["name"] for r in task.rules] == ["talks", "crackdown", "talks-topic"]
    report = rules.rules_report(task_path=tmp_path / "task.yaml", data=_rule_data(tmp_path))
    by = {r["rule"]: r for r in report["rules"]}
    # talks fires on 1, 2, 4; crackdown on 2, 3; talks-topic on 1, 4 (topic normalisation).
    assert by["talks"]["coverage"] == 0.6 and by["crackdown"]["coverage"] == 0.4
    assert by["talks-topic"]["coverage"] == 0.4
    # Overlaps: talks with another rule on 1, 2, 4 (3/5); crackdown on 2 (1/5).
    assert by["talks"]["overlaps"] == 0.6 and by["crackdown"]["overlaps"] == 0.2
    # Conflicts: only unit 2 (favour vs against).
    assert by["talks"]["conflicts"] == 0.2 and by["talks-topic"]["conflicts"] == 0.0
    # Accuracy on gold: talks right on 1, wrong on 2 and 4 -> 1/3; crackdown 2/2.
    assert by["talks"]["accuracy"] == pytest.approx(0.3333)
    assert by["crackdown"]["accuracy"] == 1.0
    # Majority vote: 1 favour (2 votes), 2 a tie (favour 1, against 1: abstains),
    # 3 against, 4 favour; 5 has no vote.
    assert report["covered"] == 0.6
    # Some rule fires on 1-4, the tie included (review 25g: it read as 0.6).
    assert report["covered_any"] == 0.8
    # Of the 3 covered units 1 and 3 match gold; 4 (gold neutral) does not.
    assert report["silver_accuracy"] == pytest.approx(0.6667)


def test_majority_vote_ties_abstain_and_multilabel():
    task = Task("stance", "multiclass", ("favour", "against", "neutral"))
    votes = np.array([[0, 1], [0, 0], [-1, -1], [2, -1]])
    y, covered = rules.majority_vote(task, votes)
    assert covered.tolist() == [False, True, False, True]
    assert y[1].tolist() == [1, 0, 0] and y[3].tolist() == [0, 0, 1]
    topics = Task("topic", "multilabel", ("a", "b"))
    y, covered = rules.majority_vote(topics, np.array([[0, 1], [-1, -1], [1, 1]]))
    assert y.tolist() == [[1, 1], [0, 0], [0, 1]] and covered.tolist() == [True, False, True]


def test_rules_apply_writes_silver_labels(tmp_path, capsys):
    task = _task_file(tmp_path, STANCE_RULES)
    pool = write_jsonl(
        tmp_path / "pool.jsonl",
        [
            {"id": "p1", "text": "Talks resume."},
            {"id": "p2", "text": "Nothing here."},
            {"id": "p3", "text": "A crackdown."},
        ],
    )
    out = tmp_path / "silver.jsonl"
    res = run_cli(
        capsys,
        "annotate",
        "rules",
        task,
        _rule_data(tmp_path),
        "--apply",
        pool,
        "--out",
        out,
        "--weight",
        "0.3",
    )
    assert res.code == 0, res.err
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(r["id"], r["stance"], r["weight"]) for r in rows] == [
        ("p1", "favour", 0.3),
        ("p3", "against", 0.3),
    ]
    # The silver file is labelled data as train reads it.
    from classify.data import load_examples

    assert len(load_examples(out)) == 2


def test_rules_apply_refuses_to_overwrite_without_the_flag(tmp_path, capsys):
    task = _task_file(tmp_path, STANCE_RULES)
    pool = write_jsonl(tmp_path / "pool.jsonl", [{"id": "p1", "text": "Talks resume."}])
    out = tmp_path / "silver.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    args = ["annotate", "rules", task, _rule_data(tmp_path), "--apply", pool, "--out", out]
    res = run_cli(capsys, *args)
    assert res.code == 1 and res.err.count("\n") == 1, res.err
    assert "--overwrite" in res.err and "silver.jsonl" in res.err
    assert out.read_text(encoding="utf-8") == "keep me\n"
    res = run_cli(capsys, *args, "--overwrite")
    assert res.code == 0, res.err
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["id"] == "p1"


@pytest.mark.parametrize(
    ("rule", "needle"),
    [
        ("  - {name: x, label: pro, keywords: [a]}\n", "rules[0].label"),
        ("  - {name: x, label: favour}\n", "needs 'keywords' or 'pattern'"),
        ("  - {name: x, label: favour, pattern: '(unclosed'}\n", "not a valid regex"),
        (
            "  - {name: x, label: favour, keywords: [a], colour: red}\n",
            "unknown key 'rules[0].colour'",
        ),
    ],
)
def test_bad_rules_are_one_line_errors(tmp_path, capsys, rule, needle):
    task = _task_file(tmp_path, rule)
    res = run_cli(capsys, "annotate", "rules", task, _rule_data(tmp_path))
    assert res.code == 1 and res.err.count("error:") == 1, res.err
    assert needle in res.err and "task.yaml" in res.err


def test_rules_without_rules_or_missing_condition_field(tmp_path, capsys):
    res = run_cli(
        capsys, "annotate", "rules", ROOT / "configs/tasks/stance.yaml", _rule_data(tmp_path)
    )
    assert res.code == 1 and "has no 'rules'" in res.err
    task = _task_file(tmp_path, "  - {name: x, label: favour, keywords: [a], when: {region: eu}}\n")
    res = run_cli(capsys, "annotate", "rules", task, _rule_data(tmp_path))
    assert res.code == 1 and "needs 'region' labels" in res.err


def test_shipped_rules_are_found_by_name_from_any_folder(tmp_path, capsys, monkeypatch):
    data = _rule_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    by_name = run_cli(capsys, "annotate", "rules", "stance-rules", data)
    assert by_name.code == 0, by_name.err
    by_path = run_cli(capsys, "annotate", "rules", ROOT / "configs/rules/stance.yaml", data)
    assert by_path.code == 0 and by_name.out == by_path.out
    assert "stance" in by_name.out.split("\n")[0]
    res = run_cli(capsys, "annotate", "rules", "stance-rulez", data)
    assert res.code == 1 and "not found" in res.err


def test_shipped_rules_file_matches_the_topic_task():
    with_rules = load_task(ROOT / "configs/rules/topic.yaml")
    plain = load_task(ROOT / "configs/tasks/topic.yaml")
    assert with_rules.labels == plain.labels and with_rules.descriptions == plain.descriptions
    assert len(with_rules.rules) >= 5 and not plain.rules
    votes = rules.vote_matrix(
        with_rules, ["The U.S. will reopen its embassy.", "New sanctions on Minsk."], {}
    )
    names = [with_rules.labels[v] for row in votes for v in row if v >= 0]
    assert names == ["normalisation", "sanctions"]
