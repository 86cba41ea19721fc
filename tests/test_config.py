"""Config validation: errors name the file, the key and what is allowed."""

from __future__ import annotations

import pytest

from classify.config import load_run_config, load_train_config, parse_overrides
from classify.errors import ClassifyError

from conftest import ROOT

CONFIGS = ROOT / "configs"


def write(tmp_path, text, name="c.yaml"):
    (tmp_path / "tasks").mkdir(exist_ok=True)
    for t in ("topic", "stance"):
        (tmp_path / "tasks" / f"{t}.yaml").write_text((CONFIGS / "tasks" / f"{t}.yaml").read_text())
    path = tmp_path / name
    path.write_text(text)
    return path


def test_shipped_configs_load():
    for path in sorted(CONFIGS.glob("*-*.yaml")):
        cfg = load_train_config(path)
        assert cfg.task.name in ("topic", "stance"), path
        assert cfg.name == path.stem
    run = load_run_config(CONFIGS / "default.yaml")
    assert run.unit == "sentence" and len(run.models) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "task: tasks/topic.yaml\nmodle: {}\n",
            "unknown key 'modle' (allowed: calibration, data, evaluation, joint, long_units, model",
        ),
        (
            "task: tasks/topic.yaml\nmodel: {family: tfidf-linear, params: {C: high}}\n",
            "key 'model.params.C': expected a number, got 'high'",
        ),
        (
            "task: tasks/topic.yaml\nmodel: {family: tfidf-linear, params: {gamma: 1}}\n",
            "unknown key 'model.params.gamma' (allowed: C, char_analyzer",
        ),
        (
            "task: tasks/topic.yaml\nmodel: {family: svm}\n",
            "unknown model family 'svm' (allowed: tfidf-linear",
        ),
        (
            "task: tasks/topic.yaml\ndata: {split: {method: yearly}}\n",
            "key 'data.split.method' is 'yearly' (allowed: random, article, date, source, column, none)",
        ),
        ("task: tasks/nope.yaml\n", "task file 'tasks/nope.yaml' not found"),
        ("model: {}\n", "missing key 'task'"),
        ("task: [1\n", "invalid YAML"),
        # A block appended below replaced the one above without a word (review 25c).
        (
            "task: topic\ndata: {split: {method: date}}\nmodel: {family: tfidf-linear}\n"
            "data: {split: {method: random}}\n",
            "line 4: invalid YAML: key 'data' is written twice (lines 2 and 4); keep one",
        ),
        (
            "task: topic\nmodel: {family: tfidf-linear, params: {C: 1, C: 2}}\n",
            "key 'C' is written twice",
        ),
        ("", "config file is empty"),
    ],
)
def test_config_errors(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ClassifyError) as err:
        load_train_config(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_bad_task_file(tmp_path):
    path = write(tmp_path, "task: {name: t, kind: multi, labels: [a, b]}\n")
    with pytest.raises(
        ClassifyError, match="key 'kind' is 'multi' \\(allowed: multilabel, multiclass\\)"
    ):
        load_train_config(path)


def test_overrides_are_validated_too(tmp_path):
    path = CONFIGS / "topic-tfidf.yaml"
    cfg = load_train_config(
        path, parse_overrides(["model.params.C=2", "seed=7", "data.split.method=article"])
    )
    assert (cfg.model.params["C"], cfg.seed, cfg.data.split.method) == (2.0, 7, "article")
    with pytest.raises(ClassifyError, match=r"unknown key 'model\.params\.nope'"):
        load_train_config(path, parse_overrides(["model.params.nope=1"]))
    with pytest.raises(ClassifyError, match="expected key=value"):
        parse_overrides(["seed"])


def test_missing_config_file(tmp_path):
    with pytest.raises(ClassifyError, match="config file not found"):
        load_train_config(tmp_path / "none.yaml")


def test_every_config_path_is_read_from_the_config_folder(tmp_path, monkeypatch):
    """A run config and the model config it names, copied to a project
    folder, mean the same files from any working folder (the output too)."""
    from classify.config import load_run_config, load_train_config

    project = tmp_path / "project"
    (project / "configs").mkdir(parents=True)
    (project / "configs" / "run.yaml").write_text(
        "sources: [../articles]\nannotations: ../gold.jsonl\nmodels: [topic.yaml]\nout: ../runs/x\n"
    )
    encoder = project / "configs" / "my-encoder"
    encoder.mkdir()
    (encoder / "config.json").write_text("{}", encoding="utf-8")  # a saved model's folder
    (project / "configs" / "topic.yaml").write_text(
        "task: topic\n"
        "model:\n  family: ensemble\n  params:\n    members:\n"
        "      - {family: tfidf-linear}\n"
        "      - {family: embedding-linear, params: {encoder: my-encoder}}\n"
        "data: {path: ../data.jsonl, unlabelled: [../pool.jsonl]}\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    rc = load_run_config(project / "configs" / "run.yaml")
    assert rc.sources == [str(project / "articles")]
    assert rc.annotations == str(project / "gold.jsonl")
    assert rc.models == [str(project / "configs" / "topic.yaml")]
    assert rc.out == str(project / "runs" / "x")
    cfg = load_train_config(rc.models[0])
    assert cfg.task.name == "topic"  # the shipped task, by name
    assert cfg.data.path == str(project / "data.jsonl")
    assert cfg.data.unlabelled == [str(project / "pool.jsonl")]
    members = cfg.model.params["members"]
    assert members[1]["params"]["encoder"] == str(encoder)


def test_a_copy_of_the_run_config_elsewhere_finds_the_shipped_model_configs(tmp_path):
    # The README: point the job at your own articles "with a copy of
    # configs/default.yaml"; its bare model names are the project's configs
    # (review 25a: the copy stopped with "config file not found").
    copy = tmp_path / "run.yaml"
    copy.write_text((CONFIGS / "default.yaml").read_text())
    rc = load_run_config(copy)
    assert rc.models == [str(CONFIGS / "topic-tfidf.yaml"), str(CONFIGS / "stance-tfidf.yaml")]
    # A model config beside the copy is the one meant.
    (tmp_path / "topic-tfidf.yaml").write_text((CONFIGS / "topic-tfidf.yaml").read_text())
    assert load_run_config(copy).models[0] == str(tmp_path / "topic-tfidf.yaml")
    copy.write_text("sources: [a]\nmodels: [topic-tfidff.yaml]\n")
    with pytest.raises(ClassifyError, match=rf"key 'models': model config 'topic-tfidff.yaml' "
                       rf"not found \(looked in {tmp_path} and {CONFIGS}\)"):  # fmt: skip
        load_run_config(copy)


def test_a_hub_id_stays_a_hub_id_and_a_missing_task_names_the_folder(tmp_path):
    from classify.config import load_train_config

    cfg_path = tmp_path / "c.yaml"
    cfg_path.write_text(
        "task: stance\nmodel:\n  family: embedding-linear\n"
        "  params: {encoder: sentence-transformers/all-MiniLM-L6-v2}\n"
    )
    cfg = load_train_config(cfg_path)
    assert cfg.model.params["encoder"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert cfg.task.name == "stance"
    cfg_path.write_text("task: tasks/nope.yaml\nmodel: {family: tfidf-linear}\n")
    with pytest.raises(
        ClassifyError, match="paths in a config are read from its folder; shipped tasks: stance"
    ):
        load_train_config(cfg_path)
    # A path typed on the command line is already absolute: no such file.
    with pytest.raises(ClassifyError, match="no such file; shipped tasks"):
        load_train_config(cfg_path, {"task": "nope/none.yaml"})


def test_a_lone_yaml_indicator_in_set_is_the_character():
    # "|" and ">" start YAML block scalars; as a value they mean themselves.
    parsed = parse_overrides(["data.delimiter=|", "x=>", "joint=null", "seed=3", "n=~"])
    assert parsed == {"data.delimiter": "|", "x": ">", "joint": None, "seed": 3, "n": None}


def test_set_indexes_a_list_to_change_one_ensemble_member():
    from classify import api

    best = ROOT / "configs" / "stance-best.yaml"
    cfg = api.load_config(best, {"model.params.members.1.params.C": 2.5})
    members = cfg.model.params["members"]
    assert members[1]["params"]["C"] == 2.5 and members[1]["family"] == "embedding-linear"
    assert members[0]["params"]["C"] == 10.0
    with pytest.raises(ClassifyError, match=r"'model.params.members' is a list of 2.*not '5'"):
        api.load_config(best, {"model.params.members.5.params.C": 1})


def test_exponent_floats_without_a_dot_are_numbers_in_files_and_set(tmp_path):
    # PyYAML (YAML 1.1) reads `1e-9` as a string; YAML 1.2 and users read a number.
    path = write(
        tmp_path,
        "task: tasks/topic.yaml\nmodel:\n  family: tfidf-linear\n  params: {C: 1e1}\n",
    )
    assert load_train_config(path).model.params["C"] == 10.0
    assert parse_overrides(["model.params.C=5e-1", "x=-2E3", "y=1e", "z=abc1e3"]) == {
        "model.params.C": 0.5,
        "x": -2000.0,
        "y": "1e",
        "z": "abc1e3",
    }
    assert (
        load_train_config(path, parse_overrides(["model.params.C=2e-1"])).model.params["C"] == 0.2
    )


def test_an_ensemble_members_settings_are_checked_at_load_under_their_own_key():
    from classify import api

    best = ROOT / "configs" / "stance-best.yaml"
    for key, value, allowed in [
        ("model.params.members.1.params.C", -1, r"a float in the range \(0.0, inf\]"),
        ("model.params.members.1.params.rule_features", -1, "a weight > 0"),
        ("model.params.members.0.params.wordz", 1, "allowed: C, char_analyzer"),
    ]:
        with pytest.raises(ClassifyError, match=rf"stance-best.yaml: .*'{key}'.*{allowed}"):
            api.load_config(best, {key: value})


def test_set_errors_under_a_list_name_the_file_the_index_and_the_command_line(tmp_path):
    from classify import api

    best = ROOT / "configs" / "stance-best.yaml"
    for key, value, expected in [
        ("model.params.members.x.params.C", 2, r"'model.params.members' is a list of 2.*not 'x'"),
        ("model.params.members.5.params.C", 2, r"'model.params.members' is a list of 2.*not '5'"),
        ("model.params.members.1", "tfidf-linear", r"'model.params.members.1': expected a mapping"),
        (
            "model.params.members.0.params.C.x",
            1,
            r"'model.params.members.0.params.C' is 10.0, not a mapping",
        ),
        (
            "model.params.members.0.params.word_ngrams.1.x",
            1,
            r"'model.params.members.0.params.word_ngrams.1' is 2, not",
        ),
        (
            "model.params.members.1.family.x",
            1,
            r"'model.params.members.1.family' is 'embedding-linear', not",
        ),
        ("model.params.weights.0", 2, r"'model.params.weights' holds no list to index"),
        ("task.x", 1, r"'task' is 'stance-rules', not a mapping"),
    ]:
        with pytest.raises(ClassifyError, match=rf"stance-best.yaml: .*{expected}.*in overrides"):
            api.load_config(best, {key: value})


def test_an_indexed_pool_path_in_set_is_read_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.jsonl").write_text('{"id": "p1", "text": "Talks resumed."}\n')
    (tmp_path / "cfgs").mkdir()
    cfg_path = write(
        tmp_path / "cfgs", "task: tasks/stance.yaml\ndata:\n  unlabelled: [other.jsonl]\n"
    )
    cfg = load_train_config(cfg_path, {"data.unlabelled.0": "mine.jsonl"})
    assert cfg.data.unlabelled == [str(tmp_path / "mine.jsonl")]


def test_whole_numbers_written_with_an_exponent_fill_integer_keys(tmp_path):
    path = write(tmp_path, "task: tasks/topic.yaml\nmodel:\n  family: tfidf-linear\n")
    cfg = load_train_config(path, {"evaluation.bootstrap": 1e3, "model.params.min_df": 1.0})
    assert cfg.evaluation.bootstrap == 1000 and isinstance(cfg.evaluation.bootstrap, int)
    # int | float keeps a float a float: min_df 1.0 is a share, not the count 1.
    assert isinstance(cfg.model.params["min_df"], float)
    with pytest.raises(ClassifyError, match=r"expected an integer, got 1\.5"):
        load_train_config(path, {"evaluation.bootstrap": 1.5})


def test_one_pool_may_be_written_bare_in_a_config(tmp_path):
    path = write(tmp_path, "task: tasks/stance.yaml\ndata:\n  unlabelled: pool.jsonl\n")
    assert load_train_config(path).data.unlabelled == [str(tmp_path / "pool.jsonl")]


def test_run_config_set_paths_come_from_the_working_folder_and_errors_say_set(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.yaml").write_text((CONFIGS / "topic-tfidf.yaml").read_text())
    run = CONFIGS / "default.yaml"
    rc = load_run_config(run, {"models.0": "mine.yaml", "sources": ["corpus"], "out": "runs/x"})
    assert rc.models[0] == str(tmp_path / "mine.yaml")
    assert rc.sources == [str(tmp_path / "corpus")] and rc.out == str(tmp_path / "runs/x")
    # Paths in the file itself are still read from its folder.
    assert rc.models[1] == load_run_config(run).models[1]
    assert rc.models[1].startswith(str(CONFIGS))
    with pytest.raises(ClassifyError, match=r"default.yaml: key 'cv' is 1 .*in overrides"):
        load_run_config(run, {"cv": 1})
    with pytest.raises(ClassifyError, match=r"key 'group' is 'nonsense' .*in overrides"):
        load_run_config(run, {"group": "nonsense"})


def test_shipped_tasks_and_rules_are_named_bare_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stance = CONFIGS / "stance-tfidf.yaml"
    # A bare name typed with --set is the shipped task, not a file beside the user.
    assert load_train_config(stance, {"task": "topic"}).task.name == "topic"
    featured = load_train_config(
        stance, {"task": "stance-rules", "model.params.rule_features": 1.0}
    )
    assert featured.task.name == "stance" and featured.task.rules
    cfg = load_train_config(
        CONFIGS / "stance-selftrained.yaml", {"self_training.rules": "stance-rules"}
    )
    assert cfg.self_training.rules == str(
        ROOT / "classify" / "task_files" / "rules" / "stance.yaml"
    )
    from classify.models._rules import check_rules

    # A task without rules is told the shipped names that have them.
    with pytest.raises(ClassifyError, match=r"task file with rules .*--set task=topic-rules"):
        check_rules(load_train_config(stance).task, 1.0)
    check_rules(featured.task, 1.0)


def test_a_rules_file_not_found_is_named_a_task_file_with_the_shipped_names(tmp_path):
    with pytest.raises(
        ClassifyError,
        match=r"key 'self_training.rules': task file '.*stance-rule' not found \(shipped tasks "
        r"with rules: stance-rules, topic-rules\)",
    ):
        load_train_config(
            CONFIGS / "stance-selftrained.yaml",
            {"self_training.rules": str(tmp_path / "stance-rule")},
        )
