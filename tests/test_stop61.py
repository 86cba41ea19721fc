"""Stop 61: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows

from classify.errors import ClassifyError


@pytest.mark.parametrize("name", ["nosuchdir/", "enc/", "org/model/"])
def test_a_name_ending_in_a_slash_is_a_folder_never_a_hub_id(name, tmp_path, monkeypatch):
    """Left alone in stop 60: 'nosuchdir/' went to the hub, which refused
    it as an id after a warning about its revision."""
    from classify.models._hub import resolve_model

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ClassifyError, match=f"model folder '{re.escape(name)}' not found"):
        resolve_model(name)
    # The folder, once there, is read as one.
    (tmp_path / name).mkdir(parents=True)
    (tmp_path / name / "config.json").write_text("{}", encoding="utf-8")
    assert resolve_model(name) == str((tmp_path / name).resolve())


def _yaml(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'task: topic\nmodel: {family: tfidf-linear}\nevaluation: {cv: "5"}\n',
            "line 3: key 'evaluation.cv': expected an integer, got '5', a string: write it "
            "without quotes (5)",
        ),
        (
            "task: topic\nmodel:\n  family: tfidf-linear\n  params: {C: '2.5'}\n",
            "line 4: key 'model.params.C': expected a number, got '2.5', a string: write it "
            "without quotes (2.5)",
        ),
    ],
)
def test_a_number_in_quotes_is_named_as_text(tmp_path, body, expected):
    """Left alone in stop 60: `cv: "5"` was "'5' (allowed: ...)", which
    reads as if 5 were not allowed."""
    from classify.config import load_train_config

    with pytest.raises(ClassifyError) as caught:
        load_train_config(_yaml(tmp_path / "mine.yaml", body))
    assert expected in str(caught.value)


def test_a_quoted_fold_count_in_an_experiment_is_named_as_text(tmp_path, capsys):
    path = _yaml(
        tmp_path / "exp.yaml",
        'name: quoted\nprotocols:\n  - name: cv\n    cv: "5"\nmodels:\n  - topic-tfidf\n',
    )
    r = run_cli(capsys, "experiment", "run", path)
    assert r.code == 1
    assert (
        "line 4: key 'protocols[0].cv' is '5', a string: write it without quotes (5) "
        "(allowed: 0 for a held-out split, or 2 or more folds)"
    ) in r.err
    # A word in quotes is no number: said as before.
    _yaml(path, path.read_text(encoding="utf-8").replace('"5"', '"five"'))
    r = run_cli(capsys, "experiment", "run", path)
    assert "key 'protocols[0].cv' is 'five' (allowed:" in r.err


def test_a_model_name_used_twice_names_the_later_entry_and_its_line(tmp_path, capsys):
    """Left alone in stop 60: the problem named no entry and no line."""
    path = _yaml(
        tmp_path / "exp.yaml",
        "name: twice\n"
        "protocols:\n"
        "  - name: cv\n"
        "    cv: 3\n"
        "models:\n"
        "  - topic-tfidf\n"
        "  - config: topic-tfidf\n"
        "    set: {model.params.C: 2.0}\n",
    )
    r = run_cli(capsys, "experiment", "run", path)
    assert r.code == 1
    assert (
        "line 7: key 'models[1]': model name 'topic-tfidf' is used twice for task 'topic' "
        "(give one another 'name')"
    ) in r.err
    # Named apart, the file loads.
    from classify.experiments import load_experiment

    _yaml(path, path.read_text(encoding="utf-8") + "    name: topic-c2\n")
    assert [m.name for m in load_experiment(path).models] == ["topic-tfidf", "topic-c2"]


def test_a_p_note_on_grouped_units_names_groups_not_articles():
    """Left alone in stop 60: groups of copies were called articles."""
    from classify import evaluation as ev

    labels = ["favour", "against", "neutral"]
    y = np.eye(3, dtype=int)[np.arange(30) % 3]
    b = y.copy()
    b[:2] = np.roll(y[:2], 1, axis=1)
    # Units drawn alone, two of them copies of one text: one group differs.
    groups = ["copy"] * 2 + [f"u{i}" for i in range(28)]
    test = ev.paired_bootstrap("multiclass", labels, y, y, b, n_resamples=200, groups=groups)
    assert test["p_value"] is None
    assert test["p_note"].startswith(
        "the models decide differently on 1 group (units resampled together: an article, "
        "or a text and its copies): too few for a test"
    )
    test = ev.paired_bootstrap("multiclass", labels, y, y, b, n_resamples=200)
    assert test["p_note"].startswith("the models decide differently on 2 units: too few")


def _caught(call) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        call()
    return [str(w.message) for w in seen]


@pytest.mark.parametrize(
    ("absent", "figures"),
    [("against", "macro-F1 and F_avg"), ("neutral", "macro-F1")],
)
def test_an_absent_test_label_names_f_avg_only_where_f_avg_averages_it(absent, figures):
    """Left alone in stop 60: the warning named macro-F1 alone, though F_avg
    leaves out an absent 'favour' or 'against' too."""
    import pandas as pd

    import classify

    rows = pd.DataFrame(labelled_rows())
    train = rows[rows["date"] < "2013"]
    test = rows[(rows["date"] >= "2013") & (rows["stance"] != absent)]
    assert set(train["stance"]) == set(rows["stance"]) == {"favour", "against", "neutral"}
    said = _caught(lambda: classify.train("stance-tfidf", data=train, test=test, save=False))
    lines = [m for m in said if m.startswith("no test unit has the label")]
    assert lines == [
        f"no test unit has the label '{absent}': its F1 is 0 where the model predicts it and "
        f"left out of {figures} where it does not; a test part with every label measures the "
        "model"
    ]


def test_cross_validation_names_a_target_all_of_whose_units_one_fold_tested(tmp_path, capsys):
    """Left alone in stop 60: under --cv a target new to the fold that
    tested it was never named, where a held-out split names it."""
    import csv
    import json

    from conftest import ROOT

    own = ROOT / "tests/fixtures/own/stance"
    with (own / "train.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["article_id"] = row["id"]
    posts = ["Solar panels on every roof.", "Solar farms wreck the hills.", "Solar tax again."]
    for k, text in enumerate(posts):
        # One thread: --group article keeps its three posts in one fold.
        rows.append(
            {"id": f"s{k}", "target": "Solar Power", "tweet": text,
             "stance": ("FAVOR", "AGAINST", "NONE")[k], "article_id": "thread"}
        )  # fmt: skip
    with (tmp_path / "train.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "task.yaml").write_bytes((own / "task.yaml").read_bytes())
    config = (own / "tfidf.yaml").read_text(encoding="utf-8").replace("  test: test.csv\n", "")
    (tmp_path / "tfidf.yaml").write_text(config, encoding="utf-8")
    r = run_cli(
        capsys, "train", tmp_path / "tfidf.yaml", "--cv", "3", "--group", "article",
        "--out", tmp_path / "m",
    )  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert (
        "warning: target 'Solar Power' (3 units) was not among the training targets of the "
        "fold that tested it (all its units were in that fold)"
    ) in said
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["unseen_targets"] == {"Solar Power": 3}
    # The report keeps the target's case (it said 'solar power' before).
    report = " ".join((tmp_path / "m" / "report.md").read_text(encoding="utf-8").split())
    assert "Target 'Solar Power' (3 units) was not among the training targets of the fold" in (
        report
    )
    # Spread over the folds, the same posts are no new target to any fold.
    rows = [{**row, "article_id": row["id"]} for row in rows]
    with (tmp_path / "train.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    r = run_cli(capsys, "train", tmp_path / "tfidf.yaml", "--cv", "3", "--out", tmp_path / "m2")
    assert r.code == 0, r.err
    metrics = json.loads((tmp_path / "m2" / "metrics.json").read_text(encoding="utf-8"))
    folds = {}
    for line in (tmp_path / "m2" / "predictions.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        if p["id"].startswith("s"):
            folds[p["id"]] = p["fold"]
    assert len(folds) == 3
    expected = {"Solar Power": 3} if len(set(folds.values())) == 1 else None
    assert metrics.get("unseen_targets") == expected


def test_a_stride_warned_of_for_the_config_is_said_again_for_the_window_the_model_has(
    tiny_bert, tmp_path, capsys
):
    """Review 194: with max_length 512 on a model of 64 positions, the only
    stride warning named a window of 512 (about 256 tokens shared), while the
    windows were 64 tokens and the overlap recorded 31."""
    import json

    from corpus_fixtures import write_jsonl

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(
        capsys, "train", "stance-transformer", "--data", data,
        "--set", f"model.params.model={tiny_bert}", "--set", "model.params.max_length=512",
        "--set", "model.params.stride=300", "--set", "model.params.epochs=1",
        "--set", "data.split.method=random", "--no-refit", "--out", tmp_path / "m",
    )  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    first = said.index("model.params.stride 300 is more than half of a window of 512 tokens")
    capped = said.index("model.params.max_length 512 is more than the model accepts (64 tokens")
    again = said.index(
        "model.params.stride 300 is more than half of the 62 text tokens of a window of 64"
    )
    assert first < capped < again
    assert "consecutive windows share 31 tokens" in said
    # The settings the model used, beside the config as given.
    info = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert (info["params"]["max_length"], info["params"]["stride"]) == (64, 31)
    assert info["config"]["model"]["params"]["max_length"] == 512


def test_an_empty_only_is_refused_and_names_a_cell_id(tmp_path):
    """Review 195: --only "" is in every id, so it selected the whole grid."""
    from test_stop50 import _cv3_experiment

    from classify.experiments import run_experiment

    path = _cv3_experiment(tmp_path, "stance", "empty")
    with pytest.raises(ClassifyError, match=r"--only is empty: give part of a cell id \(cell ids"):
        run_experiment(path, only="  ")
    assert not (tmp_path / "results").exists()


def test_a_misspelt_reference_function_is_named_with_what_the_file_defines(tmp_path):
    """Review 195: "no function 'my_dictonary'" named no alternative."""
    from classify.experiments import load_reference

    (tmp_path / "refs.py").write_text(
        "from json import dumps\n\n"
        "def my_dictionary(train, test, task):\n    return None\n\n"
        "def _helper():\n    return None\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ClassifyError, match=r"no function 'my_dictonary'; did you mean 'my_dictionary'\?"
    ):
        load_reference(f"{tmp_path / 'refs.py'}:my_dictonary")
    with pytest.raises(ClassifyError) as caught:
        load_reference(f"{tmp_path / 'refs.py'}:keywords")
    # Its own public functions, not what it imports nor its helpers.
    assert str(caught.value).endswith("no function 'keywords' (the file defines: my_dictionary)")


def test_a_set_key_the_config_does_not_write_is_not_blamed_on_its_mappings_line(tmp_path, capsys):
    """Review 195: 'model.params.CC' set in an experiment was said to be
    "over the file's line 6", the line of 'params:', which writes no CC."""
    from classify.schema import key_line

    config = _yaml(
        tmp_path / "cfg.yaml",
        "task: topic\nmodel:\n  family: tfidf-linear\n  params:\n    C: 2.0\n",
    )
    assert key_line(config, "model.params.CC") == 4  # where it would go, for errors
    assert key_line(config, "model.params.CC", written=True) is None
    assert key_line(config, "model.params.C", written=True) == 5
    exp = _yaml(
        tmp_path / "exp.yaml",
        "name: setkey\nprotocols:\n  - {name: cv, cv: 3}\nmodels:\n"
        "  - config: cfg.yaml\n    set: {model.params.CC: 1.0}\n",
    )
    r = run_cli(capsys, "experiment", "run", exp, "--data", tmp_path / "none.jsonl")
    said = " ".join(r.err.split())
    assert "('model.params.CC' set in" in said and "key 'models[0].set', not in the file)" in said
    # A key the file writes is still named with its line.
    _yaml(exp, exp.read_text(encoding="utf-8").replace("CC: 1.0", "C: -1.0"))
    r = run_cli(capsys, "experiment", "run", exp, "--data", tmp_path / "none.jsonl")
    assert "key 'models[0].set', over the file's line 5)" in " ".join(r.err.split())


def test_an_experiments_results_say_seed_means_cell_time_and_a_folder_of_no_machine(
    tmp_path, monkeypatch
):
    """Review 195: per_label_f1 was seed 0's beside macro-F1's mean over
    seeds; a rerun reusing every cell gave only its own seconds; the folder
    was the developer's absolute path."""
    import json

    from test_stop50 import _cv3_experiment

    from classify.experiments import decode_decisions, run_experiment

    # Seeds draw other training samples of 6 units, so they differ.
    _cv3_experiment(tmp_path, "stance", "means", extra="seeds: [0, 1, 2]\ntrain_sizes: [6]\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    summary = run_experiment("../exp.yaml")
    (row,) = [r for b in summary["leaderboards"] for r in b["rows"]]
    cells = [
        json.loads(f.read_text(encoding="utf-8"))
        for f in sorted((tmp_path / "results" / "means" / "cells").glob("*.json"))
    ]
    assert len(cells) == 3
    for label, f1 in row["per_label_f1"].items():
        seeds = [c["metrics"]["per_label"][label]["f1"] for c in cells]
        assert f1 == pytest.approx(np.mean(seeds), abs=1e-4)
    # (The seeds learn from other samples, so the mean is no single seed's.)
    assert len({tuple(decode_decisions(c["decisions"], c["labels"]).sum(0)) for c in cells}) > 1
    first = cells[0]["metrics"]["per_label"]
    assert any(row["per_label_f1"][k] != first[k]["f1"] for k in first)
    assert summary["run"]["folder"] == "sub"
    cost = summary["run"]["cell_seconds"]
    assert cost == pytest.approx(
        sum(c["fit_seconds"] + (c["predict_seconds"] or 0) for c in cells), abs=0.1
    )
    again = run_experiment("../exp.yaml", overwrite=True)
    assert again["run"]["reused_cells"] == 3 and again["run"]["cell_seconds"] == cost
    written = (tmp_path / "results" / "means.md").read_text(encoding="utf-8")
    assert f"the cells' fits and predictions took {cost} s" in written
    assert (
        "Run from `sub`, a path relative to the experiment file's folder: its relative paths"
        in written
    )


@pytest.mark.parametrize(
    ("cited", "outlet"),
    [
        ("AFP via Google News", "AFP"),
        ("AFP via CNA", "AFP"),
        ("Reuters via Yahoo News", "Reuters"),
        ("AP\u00b2", "AP"),
        ("Reuters[3]", "Reuters"),
        ("BBC News", "BBC"),
        ("The Guardian (London)\u2020", "The Guardian"),
        ("NYT", "The New York Times"),
        ("WSJ", "Wall Street Journal"),
        ("FT", "Financial Times"),
        ("WaPo", "The Washington Post"),
    ],
)
def test_an_outlet_cited_via_a_portal_or_with_a_footnote_mark_is_the_outlet(cited, outlet):
    """Review 196: 'AFP via Google News' and 'AFP' were two groups under
    --group source, so the agency's stories sat in every fold."""
    from classify.data import outlet_key

    assert outlet_key(cited) == outlet_key(outlet)


@pytest.mark.parametrize(("one", "other"), [("Via Satellite", "Satellite"), ("Sky News", "Sky")])
def test_via_and_news_in_an_outlets_own_name_stay(one, other):
    from classify.data import outlet_key

    assert outlet_key(one) != outlet_key(other)


def test_source_folds_keep_an_agency_cited_via_portals_in_one_fold(tmp_path):
    from corpus_fixtures import write_jsonl

    import classify

    rows = labelled_rows()
    portals = ["AFP", "AFP via Google News", "AFP via CNA", "AFP\u00b2"]
    for k, row in enumerate(rows):
        row["source"] = portals[k % 4] if k % 2 else f"Outlet {k % 6}"
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    classify.train(
        "stance-tfidf", data=data, cv=3, group="source", out=tmp_path / "m", overwrite=True
    )
    import json

    folds = {}
    for line in (tmp_path / "m" / "predictions.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        folds[p["id"]] = p["fold"]
    agency = {folds[r["id"]] for r in rows if r["source"].startswith("AFP")}
    assert len(agency) == 1


def test_thresholds_set_by_hand_are_warned_of_and_recorded_on_save(tmp_path):
    """Review 196: model.json took the new thresholds while metrics.json and
    predictions.jsonl kept the old ones' figures, unsaid."""
    import json

    from corpus_fixtures import train_tfidf, write_jsonl

    import classify

    folder = train_tfidf(
        "topic", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m"
    )
    model = classify.load_model(folder)
    evaluated = list(model.thresholds)
    # Saved untouched: nothing said, nothing recorded.
    assert not _caught(lambda: model.save(tmp_path / "same"))
    assert "thresholds_set_by_hand" not in json.loads(
        (tmp_path / "same" / "model.json").read_text()
    )
    model.thresholds = {"sanctions": 0.9}
    said = _caught(lambda: model.save(tmp_path / "hand"))
    assert len(said) == 1 and said[0].startswith("the thresholds were set by hand (")
    assert (
        "sanctions 0.9" in said[0] and "metrics.json, the report and predictions.jsonl" in said[0]
    )
    info = json.loads((tmp_path / "hand" / "model.json").read_text(encoding="utf-8"))
    assert info["thresholds"][1] == 0.9
    # Stop 69: the training's (here the refit's) and those the evaluation used.
    scored = json.loads((folder / "metrics.json").read_text()).get("thresholds") or evaluated
    assert info["thresholds_set_by_hand"] == {"trained_with": evaluated, "evaluated_with": scored}
    # Loaded and saved again, the record still names the evaluated ones.
    again = classify.load_model(tmp_path / "hand")
    assert again.thresholds[1] == 0.9
    _caught(lambda: again.save(tmp_path / "again"))
    info = json.loads((tmp_path / "again" / "model.json").read_text(encoding="utf-8"))
    assert info["thresholds_set_by_hand"] == {"trained_with": evaluated, "evaluated_with": scored}
    # Set back, the record goes.
    again.thresholds = evaluated
    assert not _caught(lambda: again.save(tmp_path / "back"))
    assert "thresholds_set_by_hand" not in json.loads(
        (tmp_path / "back" / "model.json").read_text()
    )


def test_compares_terminal_row_marks_a_model_trained_on_test_units(tmp_path, capsys):
    """Review 196: a model trained on 40 of the test units topped the table
    with nothing on its row; the warning sat below."""
    from corpus_fixtures import train_tfidf, write_jsonl

    rows = labelled_rows()
    data = write_jsonl(tmp_path / "all.jsonl", rows)
    train_tfidf("stance", data, tmp_path / "full")
    train_tfidf("stance", write_jsonl(tmp_path / "half.jsonl", rows[:24]), tmp_path / "half")
    test = write_jsonl(tmp_path / "test.jsonl", rows[24:])
    r = run_cli(
        capsys, "compare", tmp_path / "full", tmp_path / "half", "--data", test,
        "--out", tmp_path / "c",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "full (trained on 24)" in r.out
    assert "half (trained on" not in r.out


@pytest.mark.parametrize(
    ("names", "merged"),
    [
        (
            ["Alexander Lukashenko", "Alexander Lukashenko", "Aleksandr Lukashenko",
             "Alexander Lukashenka"],
            {"Aleksandr Lukashenko": "Alexander Lukashenko",
             "Alexander Lukashenka": "Alexander Lukashenko"},
        ),
        (["Sergei Lavrov", "Sergey Lavrov", "Sergey Lavrov"], {"Sergei Lavrov": "Sergey Lavrov"}),
        (["Volodymyr Zelensky", "Volodymyr Zelenskyy"], {"Volodymyr Zelenskyy": "Volodymyr Zelensky"}),
        # Other names, and names of one word, stay apart.
        (["Michael Carpenter", "Mikhail Carpenter", "Antony Blinken", "Blinken"], {}),
        (["Viktor Lukashenko", "Alexander Lukashenko"], {}),
    ],
)  # fmt: skip
def test_transliterations_of_one_name_are_one_speaker(names, merged):
    """Left alone since stop 59: "Aleksandr" and "Alexander" Lukashenko were
    two speakers, so his quotations split across two groups."""
    from classify.analysis import transliteration_merges

    assert transliteration_merges(names) == merged


def test_analyse_by_speaker_joins_spellings_then_bare_surnames(tmp_path):
    import pandas as pd
    from corpus_fixtures import train_tfidf, write_jsonl

    import classify

    model = train_tfidf(
        "stance", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m"
    )
    said = [
        ("Alexander Lukashenko", "We will talk to Washington about ties."),
        ("Alexander Lukashenko", "Sanctions will not break us."),
        ("Aleksandr Lukashenko", "The embassy may reopen soon."),
        ("Alyaksandr Lukashenka", "Talks with the envoy went well."),
        ("Lukashenka", "Prisoners were released today."),
        ("Sviatlana Tsikhanouskaya", "Sanctions must stay in force."),
    ]
    frame = pd.DataFrame(
        {
            "id": [f"q{i}" for i in range(len(said))],
            "article_id": [f"a{i}" for i in range(len(said))],
            "speaker": [s for s, _ in said],
            "text": [t for _, t in said],
        }
    )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        table = classify.analyse(model, frame, by="speaker", n_bootstrap=10)
    groups = table.drop_duplicates("group").set_index("group")["n_units"].to_dict()
    # "Alyaksandr" sounds otherwise to Metaphone: a group of its own, which
    # keeps the bare "Lukashenka" from being given to either full name.
    assert groups["Alexander Lukashenko"] == 3
    assert groups["Alyaksandr Lukashenka"] == 1 and groups["Lukashenka"] == 1
    assert "Aleksandr Lukashenko" not in groups
    notes = " ".join(str(w.message) for w in seen)
    assert (
        "1 spelling of a name read as the one the corpus writes most (Aleksandr Lukashenko as "
        in notes
    )
    assert table.attrs["spellings"] == {"Aleksandr Lukashenko": "Alexander Lukashenko"}


def test_an_encoder_ending_in_a_slash_in_a_config_is_a_folder_beside_it(tmp_path, monkeypatch):
    """Check 197: 'encoder: nosuchdir/' in a config passed the load-time
    check and failed later naming no file, key or line; in an experiment
    every cell failed instead of the file being refused."""
    from classify.config import load_train_config

    (tmp_path / "cfg").mkdir()
    config = _yaml(
        tmp_path / "cfg" / "emb.yaml",
        "task: stance\nmodel:\n  family: embedding-linear\n  params: {encoder: nosuchdir/}\n",
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ClassifyError) as caught:
        load_train_config(config)
    assert str(caught.value) == (
        f"{config}:line 4: key 'model.params.encoder': model folder 'nosuchdir/' not found "
        f"beside the config, in {(tmp_path / 'cfg').resolve()} (paths in a config are read "
        "from its folder)"
    )


@pytest.mark.parametrize("typed", ["./nosuchdir", "nosuchdir/"])
def test_a_missing_encoder_typed_with_set_is_named_from_the_working_folder(
    typed, tmp_path, monkeypatch, capsys
):
    """Check 197: '--set model.params.encoder=./x', missing, was said to be
    missing "beside the config, in .../configs", though --set paths are read
    from the working folder."""
    monkeypatch.chdir(tmp_path)
    r = run_cli(
        capsys, "train", "stance-embedding", "--data", "nowhere.jsonl",
        "--set", f"model.params.encoder={typed}",
    )  # fmt: skip
    assert r.code == 1
    said = " ".join(r.err.split())
    assert f"model folder '{(tmp_path / 'nosuchdir').resolve()}' not found" in said
    assert "beside the config" not in said


def test_a_threshold_edited_in_place_is_warned_of_on_save(tmp_path):
    """Check 197: model.thresholds[0] = 0.9 changed what was saved, unsaid."""
    import json

    from corpus_fixtures import train_tfidf, write_jsonl

    import classify

    folder = train_tfidf(
        "topic", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m"
    )
    model = classify.load_model(folder)
    evaluated = list(model.thresholds)
    model.thresholds[0] = 0.9
    said = _caught(lambda: model.save(tmp_path / "hand"))
    assert len(said) == 1 and "normalisation 0.9" in said[0]
    info = json.loads((tmp_path / "hand" / "model.json").read_text(encoding="utf-8"))
    assert info["thresholds"][0] == 0.9
    assert info["thresholds_set_by_hand"]["trained_with"] == evaluated


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('bootstrap: "100"', "key 'bootstrap' is '100', a string: write it without quotes (100)"),
        ('seeds: ["0"]', "(got ['0'], a string: write it without quotes (0))"),
        ('train_sizes: ["50", all]', "holds '50', a string: write it without quotes (50)"),
        ("", "key 'protocols[0].seed' is '1', a string: write it without quotes (1)"),
    ],
)
def test_quoted_numbers_in_an_experiment_are_named_as_text(tmp_path, line, expected):
    """Check 197: bootstrap: "100" was "'100' (allowed: 10 resamples or more)"."""
    from classify.experiments import load_experiment

    seed = ', seed: "1"' if not line else ""
    path = _yaml(
        tmp_path / "q.yaml",
        f"name: q\n{line}\nprotocols:\n  - {{name: cv, cv: 3{seed}}}\nmodels: [stance-tfidf]\n",
    )
    with pytest.raises(ClassifyError) as caught:
        load_experiment(path)
    assert expected in str(caught.value)


def test_a_copy_whose_topic_set_is_written_otherwise_is_no_conflict(tmp_path, capsys):
    """Review 199: 'sanctions;human_rights' and 'human_rights;sanctions' on
    two copies of a text were "another label: one of each pair is wrong"."""
    import csv

    rows = [
        {"id": f"a{i}", "text": f"Item {i} on the talks between Minsk and Washington today.",
         "topics": "normalisation", "stance": "neutral"}
        for i in range(12)
    ]  # fmt: skip
    rows[1]["topics"] = "sanctions;human_rights"
    written = ["human_rights;sanctions", '["sanctions", "human_rights"]', "sanctions|human_rights"]
    rows += [{**rows[1], "id": f"dup{k}", "topics": t} for k, t in enumerate(written)]
    rows.append({**rows[2], "id": "odd", "topics": "sanctions"})  # a real conflict
    with (tmp_path / "same.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    r = run_cli(
        capsys, "dataset", "build", tmp_path / "same.csv", "--split", "none",
        "--out", tmp_path / "ds",
    )  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert (
        "warning: 1 unit repeats the text of another unit with another 'topics' label "
        "(first: 'odd' is sanctions, 'a2' is normalisation)"
    ) in said


def test_a_dataframe_its_csv_and_its_parquet_give_one_dataset(tmp_path):
    """Review 199: an empty topics cell beside a filled stance was "no topic"
    from the CSV and the DataFrame, but unlabelled from df.to_parquet()."""
    import json

    import pandas as pd

    import classify

    rows = [
        {"id": f"f{i}", "text": f"Item {i} on sanctions and talks with Minsk, number {i}.",
         "topics": ("sanctions", "normalisation")[i % 2], "stance": ("against", "favour")[i % 2]}
        for i in range(10)
    ]  # fmt: skip
    rows[6]["topics"] = ""
    pd.DataFrame(rows).to_csv(tmp_path / "t.csv", index=False)
    frame = pd.read_csv(tmp_path / "t.csv")
    frame.to_parquet(tmp_path / "t.parquet")
    records = {}
    for name, source in (("df", frame), ("csv", [tmp_path / "t.csv"]),
                         ("pq", [tmp_path / "t.parquet"])):  # fmt: skip
        _caught(lambda s=source, n=name: classify.build_dataset(s, tmp_path / n, split="none"))
        records[name] = json.loads((tmp_path / name / "dataset.json").read_text(encoding="utf-8"))
    assert len({r["fingerprint"] for r in records.values()}) == 1
    assert all(r["unlabelled"] == {"stance": 0, "topics": 0} for r in records.values())
    # A column of lists keeps a missing value missing, as JSON does.
    lists = pd.DataFrame(rows).assign(
        topics=[[t] if t else None for t in frame["topics"].fillna("")]
    )
    lists.to_parquet(tmp_path / "lists.parquet")
    _caught(
        lambda: classify.build_dataset([tmp_path / "lists.parquet"], tmp_path / "l", split="none")
    )
    record = json.loads((tmp_path / "l" / "dataset.json").read_text(encoding="utf-8"))
    assert record["unlabelled"]["topics"] == 1


@pytest.mark.parametrize(
    ("written", "readings"),
    [("21-04-03", "(2021-04-03 or 2003-04-21)"), ("99-4-03", "(1999-04-03)"),
     ("05-05-05", "(2005-05-05)")],
)  # fmt: skip
def test_a_hyphenated_date_whose_year_may_be_first_or_last_is_refused(written, readings):
    """Review 199: '21-04-03' was read as 21 April 2003 without a word, and
    its 21 settled the day-first order of the column's other dates."""
    from classify.dates import parse_date

    with pytest.raises(ClassifyError) as caught:
        parse_date(written)
    assert str(caught.value) == (
        f"cannot read date '{written}': a year of two digits, first or last? write all four "
        f"{readings}"
    )


@pytest.mark.parametrize(
    ("written", "iso"),
    [("03/04/21", "2021-04-03"), ("3.4.21", "2021-04-03"), ("3-Apr-21", "2021-04-03"),
     ("3-4-21", "2021-04-03"), ("2021-4-3", "2021-04-03")],
)  # fmt: skip
def test_a_two_digit_year_at_the_end_is_read_in_the_nearest_century(written, iso):
    from classify.dates import parse_date

    assert parse_date(written) == iso


def test_analyse_without_resamples_gives_nan_intervals_not_none(tmp_path):
    """Review 198: with n_bootstrap=0 ci_low and ci_high were None in a
    column of objects, not numbers."""
    import pandas as pd
    from corpus_fixtures import train_tfidf, write_jsonl

    import classify

    model = train_tfidf(
        "stance", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m"
    )
    frame = pd.DataFrame(labelled_rows()).drop(columns=["stance", "topics"])
    table = _caught_value(lambda: classify.analyse(model, frame, by="year", n_bootstrap=0))
    assert table["ci_low"].dtype == float and table["ci_high"].dtype == float
    assert table["ci_low"].isna().all()


def _caught_value(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def test_an_experiments_set_reads_encoder_folders_from_the_experiment_file(tmp_path, monkeypatch):
    """Check 200: a set's encoder was read from the working folder, and one
    inside a members list from the model config's folder, where the README
    reads every path in 'set' from the experiment file's folder."""
    from classify.experiments import load_experiment

    (tmp_path / "exp").mkdir()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    plain = _yaml(
        tmp_path / "exp" / "e1.yaml",
        "name: e\nprotocols:\n  - {name: cv, cv: 3}\nmodels:\n  - config: stance-embedding\n"
        "    set: {model.params.encoder: encdir/}\n",
    )
    members = _yaml(
        tmp_path / "exp" / "e2.yaml",
        "name: e\nprotocols:\n  - {name: cv, cv: 3}\nmodels:\n  - config: stance-ensemble\n"
        "    set:\n      model.params.members:\n        - {family: tfidf-linear}\n"
        "        - {family: embedding-linear, params: {encoder: ./encdir}}\n",
    )
    for path in (plain, members):
        with pytest.raises(ClassifyError) as caught:
            load_experiment(path)
        assert f"model folder '{(tmp_path / 'exp' / 'encdir').resolve()}' not found" in str(
            caught.value
        )


@pytest.mark.parametrize("edit", ["range", "length"])
def test_thresholds_edited_in_place_out_of_range_are_refused_on_save(tmp_path, edit):
    """Check 200: model.thresholds[0] = 1.5 was saved into a folder that
    load_model then refused."""
    from corpus_fixtures import train_tfidf, write_jsonl

    import classify

    folder = train_tfidf(
        "topic", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m"
    )
    model = classify.load_model(folder)
    if edit == "range":
        model.thresholds[0] = 1.5
    else:
        model.thresholds.append(0.5)
    with pytest.raises(
        ClassifyError, match=r"thresholds must be 3 numbers in \[0, 1\].*edited in place"
    ):
        model.save(tmp_path / "bad")
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize(
    ("written", "order", "readings"),
    [("21-4-3", "day-first", "(2021-04-03 or 2003-04-21)"),
     ("21-04-03 10:00", "day-first", "(2021-04-03 or 2003-04-21)"),
     ("21-04-03T10:00:00", "day-first", "(2021-04-03 or 2003-04-21)"),
     ("12-04-03", "month-first",
      "(2012-04-03 or 2003-12-04; 2003-04-12 if the data writes dates day first)")],
)  # fmt: skip
def test_a_two_digit_year_first_or_last_is_refused_with_a_time_or_single_digits(
    written, order, readings
):
    """Check 200: '21-4-3' and '21-04-03 10:00' were still read as 2003-04-21,
    and month-first columns were offered day-first readings."""
    from classify.dates import parse_date

    with pytest.raises(ClassifyError) as caught:
        parse_date(written, date_order=order)
    assert str(caught.value).endswith(f"write all four {readings}")
