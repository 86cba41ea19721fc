"""Gold units weighted by date (`recency_half_life`, classify.training)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_roundtrip import STANCE_CFG, TOPIC_CFG, TRAIN, write_items

import classify
from classify import api
from classify.errors import ClassifyError
from classify.training import recency_weights

from conftest import ROOT


def test_weights_halve_every_half_life_and_average_one():
    w, record = recency_weights(["2020-07-02", "2014-07-02", "2008-07-02"], 6)
    assert w.mean() == pytest.approx(1.0)
    assert w[1] / w[0] == pytest.approx(0.5, rel=1e-3)
    assert w[2] / w[0] == pytest.approx(0.25, rel=1e-3)
    assert record["half_life_years"] == 6 and record["newest"] == "2020-07-02"
    assert record["undated"] == 0


def test_partial_dates_count_at_their_middle_and_undated_units_at_the_mean():
    w, record = recency_weights(["2020", "2020-07-02", None], 1)
    # "2020" stands for 2020-01-01 .. 2020-12-31, whose middle is 2020-07-01/02.
    assert w[0] == pytest.approx(w[1], rel=1e-2)
    dated_mean = (w[0] + w[1]) / 2
    assert w[2] == pytest.approx(dated_mean)
    assert record["undated"] == 1


def test_off_or_without_dates_there_are_no_weights():
    assert recency_weights(["2020-01-01"], None) == (None, None)
    weights, record = recency_weights([None, None], 5)
    assert weights is None and "no training unit is dated" in record["reason"]


def test_the_newest_date_is_the_one_the_weights_count_from():
    # A year-only date stands for mid-year: later than 2021-03-01.
    w, record = recency_weights(["2021-03-01", "2021", "2015-01-01"], 2)
    assert record["newest"] == "2021"
    assert w[1] > w[0] > w[2]


def test_the_effective_number_of_units_shrinks_as_the_half_life_does():
    dates = [f"{y}-06-01" for y in range(2000, 2020)]
    assert recency_weights(dates, 1e9)[1]["effective_units"] == 20
    assert recency_weights(dates, 5)[1]["effective_units"] < 20
    assert recency_weights(dates, 0.5)[1]["effective_units"] <= 3


@pytest.mark.parametrize("value", [0, -2, "soon", True])
def test_bad_half_life_names_the_key(value):
    with pytest.raises(ClassifyError, match=r"recency_half_life"):
        api.load_config(STANCE_CFG, {"recency_half_life": value})


def test_a_family_that_cannot_weigh_units_is_refused():
    with pytest.raises(ClassifyError, match=r"recency_half_life.*'zero-shot' in 'model'"):
        api.load_config(ROOT / "configs" / "stance-zeroshot.yaml", {"recency_half_life": 3})
    members = [{"family": "tfidf-linear"}, {"family": "zero-shot"}]
    with pytest.raises(ClassifyError, match=r"its member 'zero-shot' in 'model'"):
        api.load_config(
            STANCE_CFG,
            {
                "recency_half_life": 3,
                "model.family": "ensemble",
                "model.params": {"members": members},
            },
        )
    with pytest.raises(ClassifyError, match=r"'zero-shot' in 'self_training.teacher'"):
        api.load_config(
            STANCE_CFG,
            {
                "recency_half_life": 3,
                "data.unlabelled": ["pool.jsonl"],
                "self_training.teacher": {"family": "zero-shot"},
            },
        )


def test_undated_data_trains_unweighted_with_a_note(tmp_path, capsys):
    from cli_runner import run_cli

    path = tmp_path / "undated.jsonl"
    rows = [
        {"id": f"u{i}", "text": t, "topics": tp, "stance": st}
        for i, (t, tp, st) in enumerate(TRAIN)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    r = run_cli(
        capsys,
        "train",
        STANCE_CFG,
        "--data",
        path,
        "--cv",
        "2",
        "--set",
        "recency_half_life=3",
        "--out",
        tmp_path / "m",
    )
    assert r.code == 0, r.err
    assert "note: no training unit is dated, so recency_half_life had no effect" in " ".join(
        r.out.split()
    )
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert "Training units are not weighted by date: no training unit is dated" in card


def test_the_default_leaves_the_config_hash_as_it_was():
    assert "recency_half_life" not in api.load_config(STANCE_CFG).to_dict()
    assert api.load_config(STANCE_CFG, {"recency_half_life": 3}).to_dict()["recency_half_life"]


@pytest.mark.parametrize("config", [TOPIC_CFG, STANCE_CFG], ids=["topic", "stance"])
def test_weighted_training_changes_the_model_and_is_recorded(tmp_path, config, capsys):
    from cli_runner import run_cli

    data = write_items(tmp_path / "train.jsonl")
    probe = [t for t, _, _ in TRAIN[:4]]
    plain = api.train(config, data=data, cv=2, save=False).model
    extra = {"joint": "topics"} if "stance" in config.name else {}
    weighted = api.train(
        config,
        data=data,
        cv=2,
        out=tmp_path / "m",
        overrides={"recency_half_life": 0.01, **extra},
    ).model
    assert not np.allclose(
        plain.predict_proba(probe).to_numpy(), weighted.predict_proba(probe).to_numpy()
    )
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["recency"]["half_life_years"] == 0.01
    assert info["recency"]["newest"] == "2020-01-14"
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert "The saved model's training units are weighted by date: the weight halves" in card
    assert "equally weighted units of" in card
    loaded = classify.load_model(tmp_path / "m")
    np.testing.assert_allclose(
        loaded.predict_proba(probe).to_numpy(), weighted.predict_proba(probe).to_numpy()
    )
    r = run_cli(
        capsys,
        "train",
        config,
        "--data",
        data,
        "--cv",
        "2",
        "--set",
        "recency_half_life=2",
        "--out",
        tmp_path / "cli",
    )
    assert r.code == 0, r.err
    out = " ".join(r.out.split())
    assert "units weighted by date: halving every 2 years before 2020-01-14" in out
    assert f"of {len(TRAIN)} units)" in out


def test_a_half_life_that_leaves_few_units_is_warned_about(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_items(tmp_path / "train.jsonl")
    args = ["train", STANCE_CFG, "--data", data, "--cv", "2", "--out", tmp_path / "m"]
    r = run_cli(capsys, *args, "--set", "recency_half_life=0.001")
    assert r.code == 0, r.err
    assert "warning: the weighted fit is worth fewer than a quarter of the units" in " ".join(
        r.err.split()
    )
