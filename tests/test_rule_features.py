"""The guidelines' rules as features (`rule_features`, classify.models._rules)."""

from __future__ import annotations

import numpy as np
import pytest
from test_roundtrip import TOPIC_CFG, TRAIN, write_items

import classify
from classify import api
from classify.config import load_train_config
from classify.errors import ClassifyError
from classify.models._rules import rule_columns
from classify.tasks import load_task

from conftest import ROOT

RULES = ROOT / "configs" / "rules"
# A cue of the topic rules ("travel ban") that no training text of TRAIN holds.
PROBE = ["The bloc adds a travel ban on the minister.", "Rain floods the capital."]


def test_columns_mark_where_each_rule_fires():
    task = load_task(RULES / "topic.yaml")
    cols = rule_columns(task, PROBE, 0.5)
    assert cols.shape == (2, len(task.rules))
    names = [r["name"] for r in task.rules]
    assert cols[0, names.index("embargo")] == 0.5
    assert cols[1].sum() == 0


def _members(weight: float) -> list[dict]:
    return [
        {"family": "tfidf-linear", "params": {"rule_features": weight}},
        {"family": "embedding-linear", "params": {"rule_features": weight}},
    ]


@pytest.mark.parametrize(
    "config,rules,extra",
    [
        (ROOT / "configs" / "topic-best.yaml", "topic.yaml", {}),
        (ROOT / "configs" / "stance-best.yaml", "stance.yaml", {"joint": "topics"}),
    ],
    ids=["topic", "stance-joint"],
)
def test_rule_features_change_the_model_and_survive_save_and_load(
    tmp_path, config, rules, extra, packaged_encoder
):
    data = write_items(tmp_path / "train.jsonl")
    common = {"task": str(RULES / rules), "data.split.method": "none", **extra}
    plain = api.train(
        config,
        data=data,
        cv=2,
        save=False,
        overrides={**common, "model.params.members": _members(0)},
    ).model
    ruled = api.train(
        config,
        data=data,
        cv=2,
        out=tmp_path / "m",
        overrides={**common, "model.params.members": _members(1.0)},
    ).model
    before = plain.predict_scores(PROBE)
    after = ruled.predict_scores(PROBE)
    assert not np.allclose(before, after)
    loaded = classify.load_model(tmp_path / "m")
    np.testing.assert_allclose(loaded.predict_scores(PROBE), after)
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    n = len(load_task(RULES / rules).rules)
    assert f"The task's {n} labelling rules (" in card and "1 where a rule fires" in card


def test_rule_features_need_a_task_with_rules(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    with pytest.raises(
        ClassifyError, match=r"'model.params.rule_features' needs a task with rules"
    ):
        api.train(
            TOPIC_CFG, data=data, cv=2, save=False, overrides={"model.params.rule_features": 1}
        )
    with pytest.raises(ClassifyError, match=r"rule_features.*-1"):
        api.load_config(TOPIC_CFG, {"model.params.rule_features": -1})


def test_tfidf_keeps_its_rule_columns_when_it_prunes_features(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    overrides = {
        "task": str(RULES / "topic.yaml"),
        "model.params.rule_features": 1.0,
        "model.params.keep_features": 50,
    }
    model = api.train(TOPIC_CFG, data=data, cv=2, save=False, overrides=overrides).model.model
    task = load_task(RULES / "topic.yaml")
    assert model.n_features_ <= 50 + 2  # each part of the union keeps a term
    assert model.head_.classifiers[0].coef_.shape[1] == model.n_features_ + len(task.rules)
    assert model.predict_proba([t for t, _, _ in TRAIN]).shape == (len(TRAIN), 3)


def test_rules_that_only_fire_with_other_labels_are_not_features(tmp_path):
    task = tmp_path / "task.yaml"
    task.write_text(
        "name: topic\nkind: multilabel\nfield: topics\n"
        "labels: [normalisation, sanctions, human_rights]\n"
        "rules:\n"
        "  - {name: reopen, label: normalisation, keywords: [reopen], when: {stance: favour}}\n",
        encoding="utf-8",
    )
    data = write_items(tmp_path / "train.jsonl")
    overrides = {"task": str(task), "model.params.rule_features": 1.0}
    with pytest.raises(ClassifyError, match=r"rules without a 'when' condition"):
        api.train(TOPIC_CFG, data=data, cv=2, save=False, overrides=overrides)


def test_the_train_summary_says_rules_are_features(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_items(tmp_path / "train.jsonl")
    rules = f"task={RULES / 'topic.yaml'}"
    args = ["train", TOPIC_CFG, "--data", data, "--cv", "2", "--out", tmp_path / "m"]
    r = run_cli(capsys, *args, "--set", rules, "--set", "model.params.rule_features=0.5")
    assert r.code == 0, r.err
    n = len(load_task(RULES / "topic.yaml").rules)
    assert f"features include the task's {n} labelling rules" in " ".join(r.out.split())


def test_topic_best_reads_the_rules_on_its_tfidf_member_only(tmp_path, capsys, packaged_encoder):
    """The shipped topic-best: the card and the train summary say which
    member reads the rules, and only that member's weights have rule columns."""
    from cli_runner import run_cli

    from classify.reports import rule_feature_members

    data = write_items(tmp_path / "train.jsonl")
    out = tmp_path / "m"
    args = ["train", ROOT / "configs" / "topic-best.yaml", "--data", data, "--cv", "2"]
    r = run_cli(capsys, *args, "--set", "data.split.method=none", "--out", out)
    assert r.code == 0, r.err
    n = len(load_task(RULES / "topic.yaml").rules)
    summary = " ".join(r.out.split())
    assert "labelling rules (rule_features, tfidf-linear only)" in summary
    card = " ".join((out / "README.md").read_text(encoding="utf-8").split())
    assert f"The task's {n} labelling rules (" in card
    assert "are features too of the `tfidf-linear` member only, 0.5 where a rule fires" in card
    tfidf, encoder = classify.load_model(out).model.members_
    assert (tfidf.params.rule_features, encoder.params.rule_features) == (0.5, 0)
    assert tfidf.head_.classifiers[0].coef_.shape[1] == tfidf.n_features_ + n
    assert rule_feature_members({"members": _members(1.0)}) == []
    assert rule_feature_members({"rule_features": 1.0}) == []
    # A joint model (stance-best) says it of the ensemble it wraps.
    joint = {"member": {"family": "ensemble", "params": {"members": _members(1.0)}}}
    joint["member"]["params"]["members"][1]["params"]["rule_features"] = 0
    joint |= {"other": "topics", "groups": ["topic", "no_topic"]}
    assert rule_feature_members(joint) == ["tfidf-linear"]


def test_rule_features_without_rules_name_the_key_and_the_tasks_own_rules(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_items(tmp_path / "train.jsonl")
    key = "model.params.members.0.params.rule_features"
    r = run_cli(capsys, "train", ROOT / "configs" / "topic-ensemble.yaml", "--data", data,
                "--set", f"{key}=0.5", "--out", tmp_path / "a")  # fmt: skip
    assert r.code == 1
    assert f"key '{key}' needs a task with rules, and the task 'topic' has none" in r.err
    assert "--task topic-rules" in r.err and f"('{key}' given on the command line" in r.err
    # The recommended topic config with the stance task: the stance rules are advised.
    r = run_cli(capsys, "train", ROOT / "configs" / "topic-best.yaml", "--data", data,
                "--task", "stance", "--out", tmp_path / "b")  # fmt: skip
    assert r.code == 1 and "--task stance-rules" in r.err and "topic-rules" not in r.err
    with pytest.raises(ClassifyError, match=r'overrides=\{"task": "stance-rules"\}') as raised:
        load_train_config(ROOT / "configs" / "topic-best.yaml", {"task": "stance"})
    # The key named is the file's own, not the override's.
    assert "given in overrides" not in str(raised.value)


@pytest.mark.parametrize(
    "text,rule",
    [
        ("The EU agreed new asset freezes on Tuesday.", "embargo"),
        ("Washington froze the assets of nine ministers.", "embargo"),
        ("The assets of five oligarchs were frozen on Monday.", "embargo"),
        ("London unfroze the assets after the deal.", "embargo"),
        ("They were barred from entering the bloc.", "embargo"),
        ("Travel bans and visa bans were extended.", "embargo"),
        ("Three banks were blacklisted.", "embargo"),
        ("The arms embargoes stay.", "embargo"),
        ("New export-control rules apply to chips.", "embargo"),
        ("Ambassadors and envoys met in Vienna.", "embassy"),
        ("The normalisation of relations began.", "ties"),
        ("Police cracked down on protesters.", "repression"),
    ],
)
def test_the_topic_rules_read_the_guidelines_cues_in_their_inflected_forms(text, rule):
    from classify.tasks import compile_rule

    rules = {r["name"]: compile_rule(r) for r in load_task(RULES / "topic.yaml").rules}
    assert [name for name, p in rules.items() if p.search(text)] == [rule]


def test_the_topic_rules_leave_look_alikes_alone():
    from classify.tasks import compile_rule

    patterns = [compile_rule(r) for r in load_task(RULES / "topic.yaml").rules]
    for text in [
        "A price freeze and a hiring freeze were announced.",
        "He was banned from the tournament.",
        "Scans showed no abnormalities.",
        "The glacier thawed early.",
        "The film rights were sold.",
    ]:
        assert not any(p.search(text) for p in patterns), text
    # The shipped task and the file in configs/rules are the same rules.
    from classify.tasks import shipped_tasks

    assert load_task(shipped_tasks()["topic-rules"]).rules == load_task(RULES / "topic.yaml").rules
