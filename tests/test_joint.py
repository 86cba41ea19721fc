"""Stance learned jointly with whether a unit has a topic (`joint: topics`):
the product classes, the read-back, persistence, the fallback where the
data has no topics, and the config errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_roundtrip import STANCE_CFG, TOPIC_CFG, TRAIN, train_stance, write_items

import classify
from classify import api
from classify.errors import ClassifyError
from classify.models.joint import expand, joint_task
from classify.tasks import load_task

from conftest import ROOT

PROBE = [
    "Washington reopens its embassy and restores ties with Minsk.",
    "The regime jails more journalists and the EU imposes sanctions.",
    "Rain closes schools in the capital.",
]


def test_product_classes_are_label_major_and_read_back_by_summing():
    task = load_task(ROOT / "configs" / "tasks" / "stance.yaml")
    product = joint_task(task, ["without", "with"])
    assert product.labels[:3] == ("favour|without", "favour|with", "against|without")
    y = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    wide = expand(y, np.array([1, 0, 1]), 2)
    assert wide.argmax(axis=1).tolist() == [1, 4, 3]
    assert wide.reshape(3, 3, 2).sum(axis=2).tolist() == y.tolist()


def test_joint_model_trains_saves_loads_and_predicts_the_same(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    result = api.train(
        STANCE_CFG,
        data=data,
        cv=2,
        out=tmp_path / "m",
        overrides={"joint": "topics", "data.split.method": "none"},
    )
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["family"] == "joint"
    assert info["joint"]["used"] and info["joint"]["groups"] == ["without", "with"]
    with_topic = sum(1 for _, topics, _ in TRAIN if topics)
    assert info["joint"]["counts"] == [len(TRAIN) - with_topic, with_topic]
    proba = result.model.predict_proba(PROBE)
    assert list(proba.columns) == ["favour", "against", "neutral"]
    assert np.allclose(proba.to_numpy().sum(axis=1), 1)
    # The six product classes sum to the three labels.
    wide = result.model.model.predict_joint(PROBE)
    assert wide.shape == (3, 6)
    assert np.allclose(wide.reshape(3, 3, 2).sum(axis=2), proba.to_numpy())
    loaded = classify.load_model(tmp_path / "m")
    assert np.allclose(loaded.predict_proba(PROBE).to_numpy(), proba.to_numpy())
    assert loaded.predict(PROBE) == result.model.predict(PROBE)
    card = (tmp_path / "m" / "README.md").read_text()
    assert "Learned jointly with `topics`" in card
    # Every favour and against unit of TRAIN has a topic.
    assert info["joint"]["empty_classes"] == ["favour|without", "against|without"]
    flat = " ".join(card.split())
    assert "No training unit is in `favour|without`, `against|without`" in flat
    assert "learned 4 of them" in flat
    assert "| learned jointly with | topics |" in card
    assert "| `topics` groups | without, with |" in card
    # The training units' ids and hashes stay in model.json, out of the card.
    assert f"{len(TRAIN)} (ids and text hashes in model.json)" in card
    assert "x13" not in card


def test_joint_changes_the_model(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    common = {"data.split.method": "none"}
    plain = api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=common)
    joint = api.train(
        STANCE_CFG, data=data, cv=2, save=False, overrides={**common, "joint": "topics"}
    )
    assert not np.allclose(
        plain.model.predict_proba(PROBE).to_numpy(), joint.model.predict_proba(PROBE).to_numpy()
    )


def test_without_the_field_the_task_is_learned_alone_with_a_note(tmp_path, capsys):
    data = tmp_path / "stance-only.jsonl"
    rows = [{"id": f"s{i}", "text": t, "stance": s} for i, (t, _, s) in enumerate(TRAIN)]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    r = train_stance(capsys, data, tmp_path / "m", "--set", "joint=topics")
    assert r.code == 0, r.err
    assert "learned alone, not jointly with 'topics'" in r.out
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["family"] == "tfidf-linear"
    assert info["joint"] == {
        "field": "topics",
        "used": False,
        "reason": "the data has no 'topics' labels",
    }


@pytest.mark.parametrize(
    ("config", "override", "message"),
    [
        (TOPIC_CFG, {"joint": "stance"}, "needs a single-label task"),
        (STANCE_CFG, {"joint": "stance"}, "other than the task's own 'stance'"),
        (STANCE_CFG, {"model.family": "joint"}, "made by the config key 'joint: FIELD'"),
        (STANCE_CFG, {"joint": "id"}, r"allowed: topics, null"),
        (STANCE_CFG, {"joint": "topcis"}, r"allowed: topics, null"),
        (
            ROOT / "configs" / "stance-zeroshot.yaml",
            {"joint": "topics"},
            "learns nothing from labels",
        ),
        (
            STANCE_CFG,
            {
                "joint": "topics",
                "data.unlabelled": ["pool.jsonl"],
                "self_training.teacher": {"family": "zero-shot"},
            },
            "'self_training.teacher': family 'zero-shot' learns nothing from labels",
        ),
    ],
)
def test_bad_joint_settings_name_the_key(config, override, message):
    with pytest.raises(ClassifyError, match=message):
        api.load_config(config, override)


def test_topics_in_csv_cells_give_the_same_groups_as_jsonl_lists(tmp_path):
    rows = [(t, tp, s) for t, tp, s in TRAIN]
    csv_path = tmp_path / "train.csv"
    lines = ["id,text,topics,stance"]
    for i, (t, tp, s) in enumerate(rows):
        cell = ";".join(tp) if i % 3 else ("[]" if not tp else ";".join(tp))
        lines.append(f'x{i},"{t}",{cell},{s}')
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    common = {"joint": "topics", "data.split.method": "none"}
    from_csv = api.train(STANCE_CFG, data=csv_path, cv=2, save=False, overrides=common)
    from_jsonl = api.train(
        STANCE_CFG, data=write_items(tmp_path / "t.jsonl"), cv=2, save=False, overrides=common
    )
    assert from_csv.model.info["joint"]["groups"] == ["without", "with"]
    assert from_csv.model.info["joint"]["counts"] == from_jsonl.model.info["joint"]["counts"]


def test_one_unit_without_the_field_is_named(tmp_path):
    data = tmp_path / "some.jsonl"
    rows = [
        {"id": f"s{i}", "text": t, "stance": s, **({"topics": tp} if i != 4 else {})}
        for i, (t, tp, s) in enumerate(TRAIN)
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.warns(
        UserWarning, match=r"1 of 14 training units has no 'topics' label \(first: s4\)"
    ):
        result = api.train(STANCE_CFG, data=data, cv=2, save=False, overrides={"joint": "topics"})
    assert result.model.family == "tfidf-linear"


def test_train_summary_names_product_classes_without_training_units(tmp_path, capsys):
    data = write_items(tmp_path / "train.jsonl")
    r = train_stance(capsys, data, tmp_path / "m", "--set", "joint=topics")
    assert r.code == 0, r.err
    out = " ".join(r.out.split())
    assert (
        "6 classes, read back as 3; no training unit is favour without topics, against without "
        "topics" in out
    )
