"""Self-training over unlabelled pools: silver-label choice, the pool drawn
without labelled units, and the whole teacher-student loop through `train`."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cli_runner import run_cli
from test_roundtrip import STANCE_CFG, TOPIC_CFG, TRAIN, train_stance, write_items

import classify
from classify import api, semi
from classify.errors import ClassifyError
from classify.tasks import load_task

from conftest import ROOT

STANCE = ["favour", "against", "neutral"]
TOPICS = ["normalisation", "sanctions", "human_rights"]


def test_multiclass_silver_is_capped_per_class_and_confident():
    proba = np.array(
        [
            [0.9, 0.05, 0.05],
            [0.8, 0.1, 0.1],
            [0.7, 0.2, 0.1],
            [0.1, 0.85, 0.05],
            [0.2, 0.3, 0.5],  # neutral, but not confident enough
            [0.0, 0.05, 0.95],
            [0.02, 0.02, 0.96],
        ]
    )
    chosen = semi.select_pseudo_labels(False, STANCE, proba, per_label=2, min_confidence=0.6)
    assert sorted(chosen.index.tolist()) == [0, 1, 3, 5, 6]
    assert chosen.counts == {"favour": 2, "against": 1, "neutral": 2}
    assert chosen.cutoffs["favour"] == 0.8
    # Each silver row is one-hot on the teacher's class.
    for i, row in zip(chosen.index, chosen.y):
        assert row.sum() == 1 and row.argmax() == proba[i].argmax()


def test_multilabel_silver_uses_thresholds_and_keeps_units_with_no_topic():
    proba = np.array(
        [
            [0.95, 0.02, 0.01],  # normalisation
            [0.8, 0.9, 0.02],  # sanctions and normalisation
            [0.05, 0.03, 0.02],  # no topic
            [0.28, 0.02, 0.03],  # too close to the normalisation threshold
            [0.01, 0.01, 0.01],  # no topic, most confident
        ]
    )
    thresholds = [0.3, 0.5, 0.5]
    chosen = semi.select_pseudo_labels(
        True, TOPICS, proba, thresholds=thresholds, per_label=1, min_confidence=0.2
    )
    assert chosen.index.tolist() == [0, 1, 4]
    assert chosen.y.tolist() == [[1, 0, 0], [1, 1, 0], [0, 0, 0]]
    assert chosen.counts == {"normalisation": 1, "sanctions": 1, "human_rights": 0, "(none)": 1}
    everything = semi.select_pseudo_labels(True, TOPICS, proba, thresholds=thresholds)
    assert len(everything.index) == 5


def _self_trained(tmp_path, pool, *, cv=2, out="m", **settings):
    """A stance model self-trained on ``pool`` (``cv`` folds, or the
    config's held-out split with ``cv=None``), saved to tmp_path/OUT."""
    return api.train(
        STANCE_CFG,
        data=write_items(tmp_path / "train.jsonl"),
        out=tmp_path / out,
        overrides={"data.unlabelled": [str(pool)], **settings},
        **({"cv": cv} if cv else {}),
    )


def test_pool_leaves_out_labelled_texts_and_duplicates(tmp_path):
    pool = tmp_path / "pool.jsonl"
    rows = ["A new text.", "a  NEW text.", "Labelled one.", "Another text.", "Third text."]
    pool.write_text("\n".join(json.dumps({"text": t}) for t in rows) + "\n", encoding="utf-8")
    drawn = semi.draw_pool([pool], exclude=["labelled ONE."])
    assert drawn.texts == ["A new text.", "Another text.", "Third text."]
    assert (drawn.excluded, drawn.duplicates, drawn.read) == (1, 1, 5)
    small = semi.draw_pool([pool], exclude=[], max_items=2, seed=3)
    assert (
        len(small.texts) == 2 and small.texts == semi.draw_pool([pool], max_items=2, seed=3).texts
    )


POOL = [
    "Officials agree to reopen the embassy and restore diplomatic relations next month.",
    "The two governments welcome talks on normalising ties and exchanging ambassadors.",
    "The bloc imposes fresh sanctions and freezes the assets of senior officials.",
    "Washington adds more banks to its sanctions blacklist over the crackdown.",
    "Police detain dozens of protesters and journalists after the disputed vote.",
    "A rights group reports torture of political prisoners in the capital's jails.",
    "The local team wins the league title after a dramatic final match.",
    "Storms cut power to thousands of homes along the coast overnight.",
    "The central bank raises interest rates to fight inflation.",
]


def _pool_file(tmp_path, extra=()):
    path = tmp_path / "pool.jsonl"
    lines = [json.dumps({"id": f"u{i}", "text": t}) for i, t in enumerate([*POOL, *extra])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("config", [TOPIC_CFG, STANCE_CFG], ids=["topic", "stance"])
def test_train_self_trains_and_records_what_the_pool_gave(tmp_path, config):
    data = write_items(tmp_path / "train.jsonl")
    # Two labelled texts sit in the pool too: they must not come back as silver.
    pool = _pool_file(tmp_path, extra=[TRAIN[0][0], TRAIN[-1][0]])
    result = api.train(
        config,
        data=data,
        out=tmp_path / "model",
        overrides={
            "data.split.method": "date",
            "data.split.cutoff": "2020-01-10",
            "data.unlabelled": [str(pool)],
            "self_training.per_label": 2,
            "self_training.min_confidence": 0.0,
            "self_training.rounds": 2,
            "thresholds.method": "fixed",
        },
    )
    st = json.loads((tmp_path / "model" / "model.json").read_text())["self_training"]
    assert st["pool"]["read"] == len(POOL) + 2
    assert st["pool"]["excluded_as_labelled"] == 2
    assert st["pool"]["scored"] == len(POOL)
    assert [r["round"] for r in st["rounds"]] == [1, 2]
    first = st["rounds"][0]
    assert first["silver"] > 0
    assert all(v <= 2 for v in first["silver_per_label"].values())
    card = (tmp_path / "model" / "README.md").read_text()
    assert "## Self-training" in card and "silver" in card
    # Once, in its section: not again as raw JSON with every silver hash (review 25c).
    assert "| self_training |" not in card and "silver_text_hashes" not in card
    # The saved student still predicts what its gold data taught it.
    texts = [t for t, _, _ in TRAIN]
    assert len(result.model.predict(texts)) == len(texts)


def test_self_training_changes_the_student(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    pool = _pool_file(tmp_path)
    common = {"data.split.method": "none", "thresholds.method": "fixed"}
    plain = api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=common)
    taught = api.train(
        STANCE_CFG,
        data=data,
        cv=2,
        save=False,
        overrides={
            **common,
            "data.unlabelled": [str(pool)],
            "self_training.min_confidence": 0.0,
            "self_training.weight": 1.0,
            "self_training.balance": False,
        },
    )
    probe = ["Reporters are jailed after the vote.", "Ties with the embassy are restored."]
    a = plain.model.predict_scores(probe)
    b = taught.model.predict_scores(probe)
    assert not np.allclose(a, b)
    assert taught.model.info["self_training"]["rounds"][0]["silver"] == len(POOL)


def test_cli_unlabelled_option(tmp_path, capsys, monkeypatch):
    # Progress as log lines (stderr is no terminal here), every call.
    monkeypatch.setenv("CLASSIFY_PROGRESS_SECONDS", "0")
    data = write_items(tmp_path / "train.jsonl")
    # A labelled text and a repeated one in the pool are said in the summary.
    pool = _pool_file(tmp_path, extra=[TRAIN[0][0], POOL[0]])
    result = train_stance(
        capsys,
        data,
        tmp_path / "m",
        "--unlabelled",
        pool,
        "--set",
        "self_training.min_confidence=0",
    )
    assert result.code == 0, result.err
    assert "self-training round 1:" in result.out
    said = " ".join(result.out.split())
    assert "1 left out as labelled (or test) units" in said
    assert "1 repeated text read once" in said
    assert (tmp_path / "m" / "model.json").is_file()
    # Each fold's self-training shows its stages, not only the folds' count
    # (review 31b: the folds' bar stood at 0 while the pool was encoded).
    assert "each fold: self-training: teacher" in result.err
    assert "each fold: self-training: round 1 labels the pool" in result.err


def test_the_summary_names_the_class_that_balancing_was_held_to():
    from classify.cli import _balance_note

    round_ = {"silver": 3, "confident_per_label": {"favour": 1, "against": 129, "neutral": 744}}
    note = _balance_note(round_, {"balance": True, "per_label": 1000})
    assert note.startswith("balanced: the teacher was sure of 1 'favour' unit, so 871 confident")
    assert "self_training.balance: false" in note
    assert _balance_note(round_, {"balance": False, "per_label": 1000}) is None
    # A per-label cap that binds first is no scarce class's doing.
    capped = {"silver": 30, "confident_per_label": {"favour": 50, "against": 500, "neutral": 900}}
    assert _balance_note(capped, {"balance": True, "per_label": 10}) is None


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"self_training.min_confidence": 1.5}, "self_training.min_confidence"),
        ({"self_training.weight": 0}, "self_training.weight"),
        ({"self_training.teacher": {"family": "nope"}}, "unknown model family 'nope'"),
    ],
)
def test_bad_self_training_settings_name_the_key(override, message):
    with pytest.raises(ClassifyError, match=message):
        api.load_config(STANCE_CFG, override)


def test_a_family_that_cannot_weight_examples_is_refused_a_weight(tmp_path):
    cfg = ROOT / "configs" / "stance-setfit.yaml"
    with pytest.raises(ClassifyError, match="cannot weight examples"):
        api.load_config(cfg, {"data.unlabelled": [str(tmp_path / "p.jsonl")]})
    # Weight 1 needs no weighting: accepted.
    api.load_config(
        cfg, {"data.unlabelled": [str(tmp_path / "p.jsonl")], "self_training.weight": 1}
    )


def test_missing_pool_is_one_clear_error(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    with pytest.raises(
        ClassifyError, match=r"unlabelled pool '.*missing\.jsonl' not found \(from data\.unlabelled"
    ) as raised:
        api.train(
            STANCE_CFG,
            data=data,
            cv=2,
            save=False,
            overrides={"data.unlabelled": [str(tmp_path / "missing.jsonl")]},
        )
    # Found before any fold, so no fold is blamed (review 31b).
    assert "cross-validation fold" not in str(raised.value)
    assert "label more data" not in str(raised.value)
    # Given as an argument, the pool is named as one (review 25c: it blamed
    # the config file and suggested the option already passed).
    with pytest.raises(ClassifyError) as raised:
        api.train(STANCE_CFG, data=data, cv=2, save=False, unlabelled=tmp_path / "gone.jsonl")
    message = str(raised.value)
    assert "gone.jsonl' not found (given as unlabelled=PATH)" in message
    assert "data.unlabelled" not in message and "stance" not in message.split(":")[0]


def test_selftrained_config_pipeline_runs_with_a_tiny_encoder(tmp_path, tiny_bert):
    """The shipped self-training config (ensemble teacher and student, a pool,
    long units routed to the teacher), end to end on tiny data with the
    offline tiny BERT."""
    data = write_items(tmp_path / "train.jsonl")
    pool = _pool_file(tmp_path)
    members = [
        {"family": "tfidf-linear", "params": {}},
        {"family": "embedding-linear", "params": {"encoder": str(tiny_bert)}},
    ]
    result = api.train(
        ROOT / "configs" / "stance-selftrained.yaml",
        data=data,
        out=tmp_path / "best",
        overrides={
            "model.params.members": members,
            "data.unlabelled": [str(pool)],
            "data.split.cutoff": "2020-01-10",
            "self_training.min_confidence": 0.0,
        },
    )
    st = result.model.info["self_training"]
    assert st["teacher"]["family"] == "ensemble"
    assert st["rounds"][0]["silver"] > 0
    # Speech-length units go to the gold-only teacher.
    assert result.model.family == "routed"
    assert result.model.info["self_training"]["long_units_to_teacher"] == 45
    loaded = classify.load_model(tmp_path / "best")
    probe = [FILLER_LONG]
    np.testing.assert_allclose(loaded.predict_scores(probe), result.model.predict_scores(probe))


FILLER_LONG = (
    "The delegation thanks the President of the Assembly for his able leadership. " * 6
    + "We call for lifting the embargo and restoring diplomatic relations."
)


def test_each_pool_source_gets_its_own_caps():
    # Source 0 (news) is surest about favour, source 1 (speeches) only about neutral.
    proba = np.array(
        [
            [0.9, 0.05, 0.05],
            [0.1, 0.1, 0.8],
            [0.85, 0.1, 0.05],
            [0.05, 0.05, 0.9],
            [0.4, 0.1, 0.5],
            [0.6, 0.3, 0.1],
        ]
    )
    groups = [0, 0, 0, 1, 1, 1]
    pooled = semi.select_pseudo_labels(False, STANCE, proba, per_label=1, min_confidence=0.55)
    assert sorted(pooled.index.tolist()) == [0, 3]
    split = semi.select_pseudo_labels(
        False, STANCE, proba, per_label=1, min_confidence=0.55, groups=groups
    )
    # Speeches now contribute their favour unit too, and news its neutral one.
    assert sorted(split.index.tolist()) == [0, 1, 3, 5]
    assert split.counts == {"favour": 2, "against": 0, "neutral": 2}
    for i, row in zip(split.index, split.y):
        assert row.argmax() == proba[i].argmax()


def test_strict_balance_gives_every_class_the_same_count():
    proba = np.array(
        [
            [0.9, 0.05, 0.05],
            [0.8, 0.1, 0.1],
            [0.1, 0.85, 0.05],
            [0.0, 0.05, 0.95],
            [0.05, 0.05, 0.9],
            [0.02, 0.02, 0.96],
        ]
    )
    chosen = semi.select_pseudo_labels(False, STANCE, proba, per_label=5, balance=True)
    assert chosen.counts == {"favour": 1, "against": 1, "neutral": 1}
    assert sorted(chosen.index.tolist()) == [0, 2, 5]
    # A source with no confident unit of some class gives nothing.
    one_sided = semi.select_pseudo_labels(False, STANCE, proba[3:], per_label=5, balance=True)
    assert len(one_sided.index) == 0


def test_long_units_can_stay_with_the_teacher(tmp_path):
    result = _self_trained(
        tmp_path,
        _pool_file(tmp_path),
        out="routed",
        **{
            "self_training.min_confidence": 0.0,
            "self_training.balance": False,
            "self_training.long_units_to_teacher": 12,
        },
    )
    info = json.loads((tmp_path / "routed" / "model.json").read_text())
    assert info["family"] == "routed"
    assert info["params"]["max_words"] == 12
    routed = result.model.model
    short_model, teacher = routed.members_
    short = ["Talks resume."]
    long = [FILLER_LONG]
    np.testing.assert_allclose(routed.predict_proba(short), short_model.predict_proba(short))
    np.testing.assert_allclose(routed.predict_proba(long), teacher.predict_proba(long))
    # The two members differ (the student saw silver units), and the folder
    # loads back to the same predictions.
    assert not np.allclose(short_model.predict_proba(long), teacher.predict_proba(long))
    loaded = classify.load_model(tmp_path / "routed")
    np.testing.assert_allclose(
        loaded.predict_scores(short + long), routed.predict_proba(short + long)
    )


def test_self_training_learns_jointly_with_topics(tmp_path):
    # Pool units have no topics: the joint teacher's product classes give
    # each silver unit its has-a-topic group, and the student is joint too.
    result = _self_trained(
        tmp_path,
        _pool_file(tmp_path),
        out="joint",
        **{
            "joint": "topics",
            "data.split.method": "none",
            "self_training.min_confidence": 0.0,
            "self_training.balance": False,
            "self_training.long_units_to_teacher": 12,
        },
    )
    info = json.loads((tmp_path / "joint" / "model.json").read_text())
    assert info["family"] == "routed" and info["joint"]["used"]
    student, teacher = result.model.model.members_
    assert student.family == teacher.family == "joint"
    first = info["self_training"]["rounds"][0]
    # The round names its teacher as what it was: joint with topics.
    assert first["teacher"].endswith(", joint with topics"), first["teacher"]
    groups = first["silver_per_group"]
    assert set(groups) == {"without", "with"}
    assert sum(groups.values()) == first["silver"] == len(POOL)
    # The student learned from the silver units: it differs from the teacher.
    probe = list(POOL)
    assert not np.allclose(student.predict_joint(probe), teacher.predict_joint(probe))
    loaded = classify.load_model(tmp_path / "joint")
    np.testing.assert_allclose(
        loaded.predict_scores(probe), result.model.model.predict_proba(probe)
    )
    card = (tmp_path / "joint" / "README.md").read_text()
    assert "Learned jointly with `topics`" in card and "## Self-training" in card
    assert "Per joint group" in card and f"without {groups['without']}" in card
    assert "`tfidf-linear` teacher, learning jointly with `topics`" in card
    assert "Units of 12 words or more are scored by the gold-only teacher" in card


def test_silver_groups_follow_the_teachers_product_classes():
    from classify.models.joint import Joint
    from classify.training import Fitted, Silver, _silver_groups

    class Stub(Joint):
        def predict_joint(self, texts):
            # Columns: favour|without, favour|with, against|..., neutral|...
            return np.array([[0.1, 0.5, 0.3, 0.0, 0.1, 0.0], [0.1, 0.0, 0.1, 0.2, 0.5, 0.1]])

    task = load_task(ROOT / "configs" / "tasks" / "stance.yaml")
    model = Stub.wrap(task, {"family": "tfidf-linear"}, "topics", ["without", "with"])
    teacher = Fitted(task, model)
    # The group is read within each unit's silver label, not over all classes.
    silver = Silver(["a", "b"], np.array([[0, 1, 0], [0, 0, 1]]))
    assert _silver_groups(teacher, silver).tolist() == [0, 0]
    silver = Silver(["a", "b"], np.array([[1, 0, 0], [0, 1, 0]]))
    assert _silver_groups(teacher, silver).tolist() == [1, 1]


def test_routing_is_refused_for_multilabel_tasks():
    with pytest.raises(ClassifyError, match="long_units_to_teacher"):
        api.load_config(TOPIC_CFG, {"self_training.long_units_to_teacher": 60})


def test_pool_is_read_with_the_training_data_columns(tmp_path):
    rows = [{"id": f"r{i}", "body": t, "stance": st} for i, (t, _, st) in enumerate(TRAIN)]
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    pool = tmp_path / "pool.csv"
    pool.write_text(
        "tweet_id,body\n" + "".join(f"p{i},{t}\n" for i, t in enumerate(POOL)), encoding="utf-8"
    )
    result = api.train(
        STANCE_CFG,
        data=data,
        cv=2,
        save=False,
        overrides={
            "data.text_column": "body",
            "data.id_column": "id",
            "data.unlabelled": [str(pool)],
            "self_training.min_confidence": 0.0,
        },
    )
    assert result.model.info["self_training"]["pool"]["scored"] == len(POOL)


def test_pool_read_settings_without_a_pool_are_warned_about(tmp_path, capsys):
    data = write_items(tmp_path / "train.jsonl")
    r = train_stance(capsys, data, tmp_path / "m", "--set", "data.unlabelled_read.text_column=body")
    assert r.code == 0, r.err
    assert "warning: data.unlabelled_read.text_column unused: no unlabelled pool" in " ".join(
        r.err.split()
    )


def test_pool_with_columns_of_its_own(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    pool = tmp_path / "pool.csv"
    pool.write_text(
        "doc|body\n" + "".join(f"p{i}|{t}\n" for i, t in enumerate(POOL)), encoding="utf-8"
    )
    common = {"data.unlabelled": [str(pool)], "self_training.min_confidence": 0.0}
    with pytest.raises(ClassifyError, match=r"data\.unlabelled_read\.text_column"):
        api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=common)
    # A JSONL pool with another text field says the same.
    other = tmp_path / "other.jsonl"
    other.write_text("".join(json.dumps({"body": t}) + "\n" for t in POOL), encoding="utf-8")
    with pytest.raises(ClassifyError, match=r"data\.unlabelled_read\.text_column"):
        api.train(
            STANCE_CFG, data=data, cv=2, save=False, overrides={"data.unlabelled": [str(other)]}
        )
    own = {"text_column": "body", "id_column": "doc", "delimiter": "|"}
    result = api.train(
        STANCE_CFG,
        data=data,
        cv=2,
        save=False,
        overrides={**common, **{f"data.unlabelled_read.{k}": v for k, v in own.items()}},
    )
    assert result.model.info["self_training"]["pool"]["scored"] == len(POOL)
    with pytest.raises(ClassifyError, match=r"key 'data\.unlabelled_read\.delimiter'"):
        api.load_config(STANCE_CFG, {**common, "data.unlabelled_read.delimiter": "||"})
    # A skipped row says how a pool's column is chosen, not the training data's.
    mixed = tmp_path / "mixed.jsonl"
    rows = [{"text": t} for t in POOL] + [{"body": "Talks resumed."}, {"text": 7}]
    mixed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = api.train(
        STANCE_CFG,
        data=data,
        cv=2,
        save=False,
        overrides={**common, "data.unlabelled": [str(mixed)]},
    )
    skipped = [s["reason"] for s in result.model.info["self_training"]["pool"]["skipped_rows"]]
    assert "choose one with data.unlabelled_read.text_column" in skipped[0]
    assert skipped[1] == "column 'text' holds a number (7), not text"


def test_pools_with_read_settings_of_their_own(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    # Two pools that no one setting reads: a '|' CSV with 'body', a cp1252
    # JSONL with 'content'.
    bar = tmp_path / "bar.csv"
    bar.write_text("doc|body\n" + "".join(f"p{i}|{t}\n" for i, t in enumerate(POOL)))
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(
        "".join(
            json.dumps({"content": f"{t} Café."}, ensure_ascii=False) + "\n" for t in POOL
        ).encode("cp1252")
    )
    folder = tmp_path / "configs"
    folder.mkdir()
    config = folder / "stance.yaml"
    config.write_text(
        "task: stance\n"
        "model: {family: tfidf-linear, params: {C: 10.0, class_weight: balanced}}\n"
        "data:\n"
        "  unlabelled:  # paths relative to this file\n"
        "    - {path: ../bar.csv, text_column: body, id_column: doc, delimiter: '|'}\n"
        "    - {path: ../latin.jsonl, text_column: content, encoding: cp1252}\n"
    )
    st = {"self_training.min_confidence": 0.0}
    result = api.train(config, data=data, cv=2, save=False, overrides=st)
    pool = result.model.info["self_training"]["pool"]
    assert pool["scored_per_source"] == [len(POOL), len(POOL)]
    assert pool["sources"] == [str(bar.resolve()), str(latin.resolve())]
    assert not pool.get("skipped")
    # The saved config keeps each pool's settings (paths absolute).
    saved = result.config.to_dict()["data"]["unlabelled"]
    assert saved[1] == {"path": str(latin), "text_column": "content", "encoding": "cp1252"}
    # The same from --set, paths from the working folder; a pool's own
    # setting goes over data.unlabelled_read.
    entries = [
        {"path": str(bar), "text_column": "body", "id_column": "doc", "delimiter": "|"},
        {"path": str(latin), "encoding": "cp1252"},
    ]
    over = {**st, "data.unlabelled": entries, "data.unlabelled_read.text_column": "content"}
    result = api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=over)
    assert result.model.info["self_training"]["pool"]["scored_per_source"] == [len(POOL)] * 2
    # Bad settings name the pool's entry and key.
    bad = [{**entries[0], "delimiter": "||"}, entries[1]]
    with pytest.raises(ClassifyError, match=r"key 'data\.unlabelled\.0\.delimiter'"):
        api.load_config(STANCE_CFG, {**over, "data.unlabelled": bad})
    with pytest.raises(ClassifyError, match=r"unknown key 'data\.unlabelled\.1\.colour'"):
        api.load_config(
            STANCE_CFG, {**over, "data.unlabelled": [entries[0], {**entries[1], "colour": 1}]}
        )
    # A pool's own column that is wrong: the hint names its own entry.
    wrong = [{**entries[0], "text_column": "nosuch"}, entries[1]]
    with pytest.raises(ClassifyError, match=r"data\.unlabelled\.0\.text_column"):
        api.train(
            STANCE_CFG, data=data, cv=2, save=False, overrides={**over, "data.unlabelled": wrong}
        )
    # Without the pool's own encoding, the shared setting is the one to blame.
    with pytest.raises(ClassifyError, match=r"not UTF-8 text"):
        api.train(
            STANCE_CFG,
            data=data,
            cv=2,
            save=False,
            overrides={**over, "data.unlabelled": [entries[0], {"path": str(latin)}]},
        )


def test_a_pool_keeps_rows_that_repeat_an_id(tmp_path):
    # Paragraph tables often repeat their article's id: in a pool each row
    # is still a text of its own (in labelled data a repeated id is an error).
    data = write_items(tmp_path / "train.jsonl")
    pool = tmp_path / "paragraphs.jsonl"
    rows = [{"id": f"article{i // 3}", "text": t} for i, t in enumerate(POOL)]
    pool.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    over = {"data.unlabelled": [str(pool)], "self_training.min_confidence": 0.0}
    result = api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=over)
    info = result.model.info["self_training"]["pool"]
    assert info["scored"] == len(POOL) and not info.get("skipped")
    with pytest.raises(ClassifyError, match="duplicate id 'article0'"):
        classify.load_examples(pool, labelled=False)


def test_target_conditioned_tasks_are_refused_a_pool(tmp_path):
    task = tmp_path / "t.yaml"
    task.write_text(
        "name: st\nkind: multiclass\nfield: stance\ntarget_field: target\n"
        "labels: [favour, against, neutral]\n",
        encoding="utf-8",
    )
    with pytest.raises(ClassifyError, match="per-row target"):
        api.load_config(STANCE_CFG, {"task": str(task), "data.unlabelled": ["p.jsonl"]})


def test_cli_says_why_no_silver_was_kept(tmp_path, capsys):
    data = write_items(tmp_path / "train.jsonl")
    pool = tmp_path / "pool.jsonl"
    pool.write_text(json.dumps({"text": "The league final ends in a draw."}) + "\n")
    r = train_stance(capsys, data, tmp_path / "m", "--unlabelled", pool)
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "0 silver units" in said and "no pool unit reached self_training.min_confidence" in said
    card = (tmp_path / "m" / "README.md").read_text()
    assert "No pool unit passed the bar" in card and "were added as silver" not in card
    r = train_stance(
        capsys, data, tmp_path / "m0", "--unlabelled", pool, "--set", "self_training.rounds=0"
    )
    assert "self-training off" in r.out


def test_rules_vouch_for_agreeing_units_and_veto_disagreeing_ones():
    proba = np.array(
        [
            [0.9, 0.05, 0.05],  # confident favour, rules agree
            [0.85, 0.1, 0.05],  # confident favour, rules say against: dropped
            [0.45, 0.3, 0.25],  # unsure favour, rules agree: kept
            [0.4, 0.35, 0.25],  # unsure favour, rules tie: not vouched for
            [0.1, 0.8, 0.1],  # confident against, no rule fires: kept as without rules
        ]
    )
    votes = np.array([[1, 0, 0], [0, 2, 0], [2, 1, 0], [1, 1, 0], [0, 0, 0]])
    plain = semi.select_pseudo_labels(False, STANCE, proba, min_confidence=0.6)
    assert sorted(plain.index.tolist()) == [0, 1, 4] and plain.rules is None
    ruled = semi.select_pseudo_labels(False, STANCE, proba, min_confidence=0.6, rule_votes=votes)
    assert sorted(ruled.index.tolist()) == [0, 2, 4]
    assert ruled.rules == {"agreed": 2, "vouched": 1, "disagreed": 2, "vetoed": 1}
    assert ruled.y[ruled.index.tolist().index(2)].tolist() == [1, 0, 0]
    # Under a cap, the units the rules agree on come first.
    capped = semi.select_pseudo_labels(
        False, STANCE, proba, min_confidence=0.6, per_label=1, rule_votes=votes
    )
    assert capped.index.tolist()[:1] == [0]
    votes[0] = 0
    capped = semi.select_pseudo_labels(
        False, STANCE, proba, min_confidence=0.6, per_label=1, rule_votes=votes
    )
    assert 2 in capped.index.tolist() and 0 not in capped.index.tolist()


def test_topic_rules_veto_a_label_the_teacher_left_out():
    proba = np.array(
        [
            [0.95, 0.02, 0.02],  # normalisation; a sanctions rule fires: dropped
            [0.9, 0.02, 0.03],  # normalisation; its rule agrees
            [0.6, 0.1, 0.1],  # unsure, the normalisation rule agrees: kept
        ]
    )
    votes = np.array([[0, 1, 0], [1, 0, 0], [1, 0, 0]])
    chosen = semi.select_pseudo_labels(True, TOPICS, proba, min_confidence=0.5, rule_votes=votes)
    assert chosen.index.tolist() == [1, 2]
    assert chosen.rules == {"agreed": 2, "vouched": 1, "disagreed": 1, "vetoed": 1}


def test_topic_rules_vouch_only_for_the_labels_they_vote_for():
    # A low human_rights threshold: the teacher marks every unit
    # human_rights, barely. A normalisation rule must not vouch for that.
    thresholds = [0.5, 0.5, 0.1]
    proba = np.array(
        [
            [0.6, 0.05, 0.12],  # rule: normalisation; human_rights unsure: left out
            [0.6, 0.05, 0.95],  # rule: normalisation; human_rights sure: let in
            [0.6, 0.05, 0.02],  # rule: normalisation; sure of no human_rights: let in
            [0.6, 0.05, 0.12],  # no rule, unsure: left out
        ]
    )
    votes = np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 0, 0]])
    chosen = semi.select_pseudo_labels(
        True, TOPICS, proba, thresholds=thresholds, min_confidence=0.5, rule_votes=votes
    )
    assert chosen.index.tolist() == [1, 2]
    assert chosen.y.tolist() == [[1, 0, 1], [1, 0, 0]]
    assert chosen.rules == {"agreed": 3, "vouched": 2, "disagreed": 0, "vetoed": 0}


def test_rule_votes_count_the_rules_of_each_label():
    task = load_task(ROOT / "configs" / "rules" / "stance.yaml")
    votes = semi.rule_vote_counts(
        task,
        [
            "The EU imposed new sanctions and recalled its ambassador.",
            "The two sides agreed to restore diplomatic relations.",
            "The weather was mild.",
        ],
    )
    assert votes.tolist() == [[0, 2, 0], [1, 0, 0], [0, 0, 0]]


def test_train_with_rules_records_what_they_did(tmp_path):
    result = _self_trained(
        tmp_path,
        _pool_file(tmp_path),
        **{
            "data.split.method": "none",
            "self_training.rules": str(ROOT / "configs" / "rules" / "stance.yaml"),
            "self_training.min_confidence": 0.99,
            "self_training.balance": False,
        },
    )
    st = result.model.info["self_training"]
    assert st["rules"]["pool_units_covered"] >= 3
    first = st["rounds"][0]
    # No teacher decision reaches 0.99 on this tiny data: every silver unit
    # is one the rules vouched for, and each carries its rules' label.
    assert first["silver"] == first["rules"]["vouched"] > 0
    card = (tmp_path / "m" / "README.md").read_text()
    assert "Labelling rules from" in card


def test_rules_for_another_task_name_the_key(tmp_path):
    with pytest.raises(ClassifyError, match=r"self_training.rules.*allowed: rules for the task"):
        api.load_config(
            STANCE_CFG, {"self_training.rules": str(ROOT / "configs" / "rules" / "topic.yaml")}
        )
    with pytest.raises(ClassifyError, match=r"self_training.rules.*no 'rules'"):
        api.load_config(
            STANCE_CFG, {"self_training.rules": str(ROOT / "configs" / "tasks" / "stance.yaml")}
        )


def test_pool_since_keeps_later_dated_units(tmp_path):
    pool = tmp_path / "pool.jsonl"
    rows = [
        {"text": "Early text.", "date": "2019-05-01"},
        {"text": "Later text.", "date": "2022-03-04"},
        {"text": "A year only.", "date": "2022"},
        {"text": "No date at all."},
    ]
    pool.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    drawn = semi.draw_pool([pool], since="2022-01-01")
    assert drawn.texts == ["Later text.", "A year only."]
    assert drawn.summary()["outside_period"] == 2 and drawn.summary()["since"] == "2022-01-01"
    assert "since" not in semi.draw_pool([pool]).summary()


def test_self_training_after_labelled_draws_only_later_pool_units(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    last = max(json.loads(line)["date"] for line in data.read_text().splitlines())
    pool = tmp_path / "pool.jsonl"
    before = [{"text": t, "date": "2000-01-01"} for t in POOL[:4]]
    after = [{"text": t, "date": "2030-06-01"} for t in POOL[4:]]
    pool.write_text("\n".join(json.dumps(r) for r in before + after) + "\n", encoding="utf-8")
    result = _self_trained(
        tmp_path,
        pool,
        **{
            "data.split.method": "none",
            "self_training.since": "after_labelled",
            "self_training.min_confidence": 0.0,
        },
    )
    st = result.model.info["self_training"]
    assert st["since"] == "after_labelled"
    assert st["pool"]["scored"] == len(after) and st["pool"]["outside_period"] == len(before)
    assert st["pool"]["since"] > last
    assert "dated before" in (tmp_path / "m" / "README.md").read_text()


def test_bad_since_names_the_key():
    with pytest.raises(ClassifyError, match=r"self_training.since.*allowed"):
        api.load_config(STANCE_CFG, {"self_training.since": "next tuesday-ish"})


# -- review fixes: dates, pool errors and counts, the Python pool, notes -------------


@pytest.mark.parametrize(
    "setting", ["self_training.since=2024-13-01", "self_training.since=2024-02-30"]
)
def test_impossible_since_date_is_a_one_line_error_naming_the_key(tmp_path, capsys, setting):
    r = run_cli(capsys, "train", STANCE_CFG, "--set", setting, "--out", tmp_path / "m")
    assert r.code == 1 and r.err.count("\n") == 1, r.err
    assert "self_training.since" in r.err and "after_labelled" in r.err
    assert "unexpected" not in r.err and "ValueError" not in r.err


def test_impossible_cutoff_date_in_a_config_file_names_the_file_and_key(tmp_path):
    with pytest.raises(ClassifyError, match=r"data.split.cutoff.*2024-02-30") as err:
        api.load_config(STANCE_CFG, {"data.split.cutoff": "2024-02-30"})
    assert "stance" in str(err.value)
    from classify.schema import read_yaml

    bad = tmp_path / "bad.yaml"
    bad.write_text("self_training:\n  since: 2024-02-30\n", encoding="utf-8")
    assert read_yaml(bad)["self_training"]["since"] == "2024-02-30"
    good = tmp_path / "good.yaml"
    good.write_text("since: 2024-02-03\n", encoding="utf-8")
    assert str(read_yaml(good)["since"]) == "2024-02-03"


def test_after_labelled_error_says_which_training_units(tmp_path):
    pool = tmp_path / "pool.jsonl"
    pool.write_text(json.dumps({"text": "Old news.", "date": "2000-01-01"}) + "\n")
    with pytest.raises(ClassifyError) as err:
        _self_trained(
            tmp_path,
            pool,
            cv=None,
            **{
                "data.split.method": "date",
                "data.split.cutoff": "2020-01-10",
                "self_training.since": "after_labelled",
            },
        )
    message = str(err.value)
    assert "latest of the 9 dated labelled training units" in message
    assert "held-out evaluation split" in message and "pool.jsonl" in message


def test_the_evaluated_models_self_training_is_in_metrics(tmp_path):
    result = _self_trained(
        tmp_path,
        _pool_file(tmp_path),
        cv=None,
        **{
            "data.split.method": "date",
            "data.split.cutoff": "2020-01-10",
            "self_training.min_confidence": 0.0,
            "self_training.balance": False,
        },
    )
    saved = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert saved["self_training"]["pool"]["scored"] == len(POOL)
    assert saved["self_training"]["rounds"][0]["silver"] > 0
    assert result.model.info["self_training"]["pool"]["scored"] == len(POOL)


def test_pool_sources_are_recorded_as_absolute_paths(tmp_path, capsys, monkeypatch):
    write_items(tmp_path / "train.jsonl")
    _pool_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = train_stance(capsys, "train.jsonl", "m", "--unlabelled", "pool.jsonl")
    assert r.code == 0, r.err
    st = json.loads((tmp_path / "m" / "model.json").read_text())["self_training"]
    assert st["pool"]["sources"] == [str((tmp_path / "pool.jsonl").resolve())]


def test_train_takes_unlabelled_pools_in_python(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    pool = _pool_file(tmp_path)
    result = classify.train(
        STANCE_CFG,
        data=data,
        cv=2,
        save=False,
        unlabelled=[pool],
        overrides={"data.unlabelled": ["/nowhere/replaced.jsonl"]},
    )
    st = result.model.info["self_training"]
    assert st["pool"]["sources"] == [str(pool.resolve())]
    assert st["pool"]["scored"] == len(POOL)
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": ["a long text that should never be printed"]})
    with pytest.raises(ClassifyError, match="expected a path or a list of paths") as err:
        classify.train(STANCE_CFG, data=data, cv=2, save=False, unlabelled=frame)
    assert "\n" not in str(err.value) and "never be printed" not in str(err.value)


def _items(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_unreadable_pools_name_the_file_and_the_reason(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    nocol = tmp_path / "nocol.jsonl"
    nocol.write_text(json.dumps({"body": "Talks resume.", "date": "2021-01-01"}) + "\n")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    labelled = tmp_path / "labelled-only.jsonl"
    labelled.write_text(
        "".join(json.dumps({"text": t}) + "\n" for t in (x["text"] for x in _items(data)))
    )
    for pool, reason in [
        (nocol, r"column 'text'.*columns: body, date"),
        (empty, "empty"),
        (labelled, "no unit that is not also labelled"),
    ]:
        for cv in (2, 3, None):
            with pytest.raises(ClassifyError, match=reason) as err:
                api.train(
                    STANCE_CFG,
                    data=data,
                    save=False,
                    overrides={"data.unlabelled": [str(pool)]},
                    **({"cv": cv} if cv else {}),
                )
            assert pool.name in str(err.value)
            # The pool, not the folds: no advice about folds or labels (review 31b),
            # and what to do instead (review 31e).
            assert "fold" not in str(err.value) and "more data" not in str(err.value)
            assert "data.unlabelled" in str(err.value)


def test_pool_counts_skipped_rows_and_silver_per_source(tmp_path, capsys):
    data = write_items(tmp_path / "train.jsonl")
    news = tmp_path / "news.jsonl"
    rows = [json.dumps({"text": t, "date": "2030-01-01"}) for t in POOL]
    rows += ["not json", json.dumps({"body": "no text"}), json.dumps({"text": "x", "date": "?"})]
    rows += [json.dumps({"text": "Undated talks on reopening the embassy."})]
    rows += [json.dumps({"text": "Old sanctions.", "date": "2001-01-01"})]
    news.write_text("\n".join(rows) + "\n", encoding="utf-8")
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"text": "An old speech on talks.", "date": "1999-01-01"}) + "\n")
    r = train_stance(
        capsys,
        data,
        tmp_path / "m",
        "--unlabelled",
        news,
        "--unlabelled",
        old,
        "--set",
        "self_training.since=2021-01-01",
        "--set",
        "self_training.min_confidence=0",
    )
    assert r.code == 0, r.err
    st = json.loads((tmp_path / "m" / "model.json").read_text())["self_training"]
    pool = st["pool"]
    assert pool["skipped"] == 3
    # Which rows and why: the bad JSON on line 9, the row without text, the bad date.
    assert [row["line"] for row in pool["skipped_rows"]] == [
        len(POOL) + 1,
        len(POOL) + 2,
        len(POOL) + 3,
    ]
    assert all(row["file"].endswith("news.jsonl") and row["reason"] for row in pool["skipped_rows"])
    assert (pool["undated"], pool["before_since"], pool["outside_period"]) == (1, 2, 3)
    per_source = st["rounds"][0]["silver_per_source"]
    assert len(per_source) == 2 and per_source[1] == 0
    assert sum(per_source) == st["rounds"][0]["silver"] > 0
    out = " ".join(r.out.split())
    assert f"{len(POOL)} pool units, 3 left out as dated before 2021-01-01 or undated" in out
    assert "3 rows skipped as unreadable or invalid" in out
    assert f"first skipped pool row: {news}:line {len(POOL) + 1}:" in out
    assert "old.jsonl gives no unit dated on or after 2021-01-01" in " ".join(r.err.split())
    card = (tmp_path / "m" / "README.md").read_text()
    assert f"news.jsonl {per_source[0]}, old.jsonl 0" in card
    card_text = " ".join(card.split())
    assert (
        f"3 rows skipped as unreadable or invalid (first: line {len(POOL) + 1} of news.jsonl"
        in card_text
    )
    # Two sources: each has its own caps, and the card says so (review 31b).
    assert f"(at most {st['per_label']} per label per source, confidence >=" in card_text


def test_card_and_summary_give_the_evaluated_models_self_training_after_a_refit(tmp_path, capsys):
    data = write_items(tmp_path / "train.jsonl")
    pool = _pool_file(tmp_path)
    r = run_cli(
        capsys,
        "train",
        TOPIC_CFG,
        "--data",
        data,
        "--unlabelled",
        pool,
        "--set",
        "data.split.method=date",
        "--set",
        # A cutoff where the two models' silver differ (folds are drawn by
        # the texts since stop 51; at 2020-01-10 they now coincide).
        "data.split.cutoff=2020-01-08",
        "--set",
        "self_training.min_confidence=0",
        # Unbalanced, so the evaluated and the refit model's silver differ.
        "--set",
        "self_training.balance=false",
        "--out",
        tmp_path / "m",
    )
    assert r.code == 0, r.err
    evaluated = json.loads((tmp_path / "m" / "metrics.json").read_text())["self_training"]
    saved = json.loads((tmp_path / "m" / "model.json").read_text())["self_training"]
    first = evaluated["rounds"][0]
    assert first["silver_per_label"] != saved["rounds"][0]["silver_per_label"]
    out = " ".join(r.out.split())
    assert f"before the refit): round 1 {first['silver']} silver units" in out
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert f"its own self-training gave round 1: {first['silver']} silver units" in card
    # Multi-label: the teacher's thresholds decide the silver labels; the card gives them.
    ts = saved["rounds"][0]["teacher_thresholds"]
    assert f"round 1: normalisation {ts[0]:.3f}" in card


def test_card_states_what_the_rules_agreed_and_disagreed_on():
    from classify.reports import _self_training_note

    st = {
        "pool": {"scored": 10, "sources": ["p.jsonl"]},
        "teacher": {"family": "ensemble"},
        "rules": {"file": "r.yaml", "pool_units_covered": 6},
        "rounds": [
            {
                "round": 1,
                "teacher": "ensemble",
                "silver": 4,
                "silver_per_label": {"favour": 4},
                "lowest_teacher_probability": {"favour": 0.5},
                "rules": {"agreed": 4, "vouched": 2, "disagreed": 2, "vetoed": 1},
            }
        ],
    }
    text = " ".join(_self_training_note(st))
    assert "An `ensemble` teacher" in text
    assert (
        "the rules fired on 6 pool units; they agreed with the teacher on 4 (of which 2 were "
        "below the confidence bar and let in) and disagreed on 2 (dropped; 1 of them confident)"
    ) in text
    st["teacher"] = {"family": "tfidf-linear"}
    assert "A `tfidf-linear` teacher" in " ".join(_self_training_note(st))
    # A second round: the rules' coverage is the pool's, agreements are summed.
    st["rounds"].append({**st["rounds"][0], "round": 2})
    text = " ".join(_self_training_note(st))
    assert (
        "the rules fired on 6 pool units; summed over the 2 rounds' teachers, they agreed "
        "with the teacher on 8"
    ) in text


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ([], "no unlabelled pool"),
        (["--unlabelled", "POOL", "--set", "self_training.rounds=0"], "self_training.rounds is 0"),
    ],
)
def test_rules_or_since_without_a_pool_warn_they_are_unused(tmp_path, capsys, extra, reason):
    data = write_items(tmp_path / "train.jsonl")
    pool = _pool_file(tmp_path)
    extra = [str(pool) if a == "POOL" else a for a in extra]
    r = train_stance(
        capsys,
        data,
        tmp_path / "m",
        "--set",
        f"self_training.rules={ROOT / 'configs' / 'rules' / 'stance.yaml'}",
        "--set",
        "self_training.since=2021-01-01",
        *extra,
    )
    assert r.code == 0, r.err
    out = " ".join(r.err.split())  # warnings on stderr
    assert "warning: self_training.rules and self_training.since unused: " + reason in out


def test_card_names_rows_without_the_task_label(tmp_path):
    _self_trained(tmp_path, _pool_file(tmp_path))
    card = (tmp_path / "m" / "README.md").read_text()
    assert "| rows without a label for 'stance' |" in card.replace("  ", " ")
    assert "| unlabelled |" not in card


def test_self_training_with_gold_weighted_by_date(tmp_path):
    # Gold weights by date and silver weights combine: the student differs
    # from the one trained with every gold unit alike.
    common = {
        "joint": "topics",
        "data.split.method": "none",
        "self_training.min_confidence": 0.0,
        "self_training.balance": False,
    }
    alike = _self_trained(tmp_path, _pool_file(tmp_path), out="alike", **common)
    dated = _self_trained(
        tmp_path, _pool_file(tmp_path), out="dated", recency_half_life=0.01, **common
    )
    info = json.loads((tmp_path / "dated" / "model.json").read_text())
    assert info["recency"]["half_life_years"] == 0.01
    assert info["self_training"]["rounds"][0]["silver"] > 0
    probe = list(POOL)
    assert not np.allclose(alike.model.predict_scores(probe), dated.model.predict_scores(probe))


def test_multilabel_silver_is_balanced_across_labels_and_no_label():
    from classify.semi import select_pseudo_labels

    rng = np.random.default_rng(0)
    # 40 sure of label 0, 3 sure of label 1, 10 sure of label 2, 50 sure of none.
    rows = [[0.95, 0.02, 0.03]] * 40 + [[0.03, 0.9, 0.02]] * 3 + [[0.02, 0.03, 0.97]] * 10
    rows += [[0.01, 0.02, 0.01]] * 50
    proba = np.clip(np.array(rows) + rng.uniform(-0.005, 0.005, (103, 3)), 0, 1)
    labels = ["a", "b", "c"]
    balanced = select_pseudo_labels(True, labels, proba, per_label=100, balance=True)
    assert balanced.counts == {"a": 3, "b": 3, "c": 3, "(none)": 3}
    # The most confident units of each label are the ones kept.
    a_rows = balanced.index[balanced.y[:, 0] == 1]
    assert set(a_rows) == set(np.argsort(-proba[:40, 0])[:3])
    free = select_pseudo_labels(True, labels, proba, per_label=100, balance=False)
    assert free.counts == {"a": 40, "b": 3, "c": 10, "(none)": 50}
    # A label the teacher is sure of nowhere: nothing (as for a class).
    none_b = select_pseudo_labels(True, labels, np.delete(proba, range(40, 43), 0), balance=True)
    assert len(none_b.index) == 0


def test_a_pool_in_another_encoding_is_told_the_pools_own_setting(tmp_path):
    data = write_items(tmp_path / "train.jsonl")
    pool = tmp_path / "latin"
    pool.mkdir()
    text = "Caf\xe9 talks\n\nThe envoys met in the capital and talks resumed.\n"
    (pool / "a.txt").write_bytes(text.encode("cp1252"))
    common = {"data.unlabelled": [str(pool)], "self_training.min_confidence": 0.0}
    with pytest.raises(ClassifyError, match=r"not UTF-8 text .*data\.unlabelled_read\.encoding="):
        api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=common)
    latin = {**common, "data.unlabelled_read.encoding": "cp1252"}
    result = api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=latin)
    assert result.model.info["self_training"]["pool"]["scored"] >= 1


def test_a_pool_need_not_carry_the_labelled_datas_id_column(tmp_path):
    rows = [{"doc": f"r{i}", "text": t, "stance": st} for i, (t, _, st) in enumerate(TRAIN)]
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    pool = tmp_path / "pool.jsonl"
    pool.write_text("".join(json.dumps({"text": t}) + "\n" for t in POOL), encoding="utf-8")
    common = {"data.id_column": "doc", "data.unlabelled": [str(pool)]}
    result = api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=common)
    assert result.model.info["self_training"]["pool"]["scored"] == len(POOL)
    # Named for the pool itself, the column must be there.
    own = {**common, "data.unlabelled_read.id_column": "key"}
    with pytest.raises(ClassifyError, match=r"nothing readable.*row has no id column 'key'"):
        api.train(STANCE_CFG, data=data, cv=2, save=False, overrides=own)


def test_evaluate_warns_when_test_texts_were_learned_as_silver(tmp_path, capsys):
    # A test set whose texts sit in the pool: the teacher's decisions on them
    # trained the student, so evaluate must say the figures are optimistic.
    test_rows = [
        {"id": "t1", "text": POOL[0], "stance": "favour"},
        {"id": "t2", "text": POOL[2], "stance": "against"},
        {
            "id": "t3",
            "text": "A text the pool does not hold about new sanctions.",
            "stance": "against",
        },
    ]
    test = tmp_path / "test.jsonl"
    test.write_text("".join(json.dumps(r) + "\n" for r in test_rows), encoding="utf-8")
    _self_trained(tmp_path, _pool_file(tmp_path), **{"self_training.min_confidence": 0.0})
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    hashes = info["self_training"]["silver_text_hashes"]
    silver_total = sum(r["silver"] for r in info["self_training"]["rounds"])
    assert 0 < len(hashes) <= silver_total
    model = classify.load_model(tmp_path / "m")
    learned = [i for i, r in enumerate(test_rows) if semi.text_key(r["text"]) in set(hashes)]
    assert learned, "the test texts from the pool should have been drawn as silver"
    with pytest.warns(api.TrainingOverlapWarning, match=r"as silver units"):
        metrics = api.evaluate(model, test)
    assert (metrics["train_overlap"]["count"], metrics["train_overlap"]["silver"]) == (
        len(learned),
        len(learned),
    )
    r = run_cli(capsys, "evaluate", tmp_path / "m", test)
    assert r.code == 0, r.err
    verb = "was" if len(learned) == 1 else "were"
    assert f"warning: {len(learned)} of these units {verb} in the model's training data" in r.err
    assert "pseudo-labelled from its unlabelled pool" in " ".join(r.err.split())
    # --exclude-train leaves them out.
    metrics = api.evaluate(model, test, exclude_train=True)
    assert metrics["n"] == len(test_rows) - len(learned)


def test_a_round_without_silver_says_which_label_the_teacher_was_never_sure_of():
    # review 26h: topic self-training kept 0 silver units and said only
    # "0 silver units"; the label that balance waited for was not named.
    labels = ["normalisation", "sanctions", "human_rights"]
    proba = np.array(
        [[0.95, 0.02, 0.03]] * 3  # sure of normalisation
        + [[0.02, 0.55, 0.03]] * 2  # sanctions, but not sure
        + [[0.02, 0.03, 0.97]] * 2  # sure of human_rights
        + [[0.01, 0.02, 0.03]] * 4  # sure of no label
    )
    chosen = semi.select_pseudo_labels(True, labels, proba, min_confidence=0.5, balance=True)
    assert len(chosen.index) == 0
    assert chosen.confident == {"normalisation": 3, "sanctions": 0, "human_rights": 2, "(none)": 4}
    from classify.cli import _no_silver

    said = _no_silver({"silver": 0, "confident_per_label": chosen.confident}, {"balance": True})
    assert "the teacher was sure of no pool unit of 'sanctions'" in said
    assert "normalisation 3" in said and said.endswith("the student equals the teacher")
    # Per source, the counts add up.
    parts = semi.select_pseudo_labels(
        True, labels, proba, min_confidence=0.5, balance=False, groups=[0] * 5 + [1] * 6
    )
    assert parts.confident == chosen.confident


def test_a_pool_in_another_language_is_warned_about():
    english = [
        f"The minister said talks with {c} on trade and sanctions would resume next week."
        for c in ("Belarus", "Poland", "Lithuania", "Latvia", "Ukraine", "Russia")
    ] * 3
    german = [
        f"Die Bundesregierung verhängt neue Sanktionen gegen {c} am Montag."
        for c in ("Iran", "Russland", "Belarus", "Syrien")
    ]
    note = semi.vocabulary_gap_note(english, german)
    assert note is not None and "another language" in note
    # A pool of the labelled data's own kind is no gap.
    assert semi.vocabulary_gap_note(english, english[:4]) is None
    assert semi.unseen_word_share(english, german) > 0.6
    assert semi.unseen_word_share(english, english) == 0.0
