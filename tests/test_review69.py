"""Review 69: the notebook and evaluation as a new user met them, on inputs
of our own: what calibration changed is counted against the model trained
without it, cross-validation on a handful of units is warned of, seeds are
checked where they come in, repeated texts in evaluation data are said, and
the smaller gaps (train's calibration and annotations in Python, the hint
for labels under another column, per-label spread over folds, grammar)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, write_jsonl

from classify import api
from classify import experiments as ex
from classify.errors import ClassifyError

from conftest import ROOT

CUES = {
    "normalisation": ["embassy", "talks", "ties", "envoy"],
    "sanctions": ["sanctions", "freeze", "ban", "penalties"],
    "human_rights": ["prisoners", "torture", "activists", "arrests"],
}
FILLER = "the a of in on minister said week city officials report state new government people"


def noisy_topics(n: int = 120, seed: int = 0) -> list[dict]:
    """Short texts whose topic cues are present only most of the time, so
    tuned thresholds sit away from 0.5 and calibration has work to do."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        labels = [label for label in CUES if rng.random() < 0.35]
        words = list(rng.choice(FILLER.split(), 8))
        for label, cues in CUES.items():
            if rng.random() < (0.7 if label in labels else 0.15):
                words.append(str(rng.choice(cues)))
        rng.shuffle(words)
        rows.append({"id": f"u{i}", "text": " ".join(words) + ".", "topics": labels})
    return rows


def test_decisions_changed_compares_with_the_model_trained_without_calibration(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", noisy_topics())
    results = {
        cal: api.train(
            ROOT / "configs" / "topic-tfidf.yaml",
            data=[data],
            out=tmp_path / cal,
            refit=False,
            overrides={"calibration": cal, "data.split.method": "random"},
        )
        for cal in ("platt", "none")
    }
    calibrated, plain = results["platt"], results["none"]
    # The thresholds the uncalibrated model tunes on its own scores are kept.
    kept = api.load_model(tmp_path / "platt").calibration["thresholds_uncalibrated"]
    assert kept == api.load_model(tmp_path / "none").thresholds
    assert kept != calibrated.model.thresholds
    a, b = calibrated.model.predictions, plain.model.predictions
    assert a.ids == b.ids
    changed = int((a.y_pred != b.y_pred).any(axis=1).sum())
    assert calibrated.metrics["calibration"]["decisions_changed"] == changed
    # evaluate on new data counts against the same uncalibrated thresholds.
    new = noisy_topics(60, seed=1)
    metrics = api.evaluate(tmp_path / "platt", write_jsonl(tmp_path / "n.jsonl", new),
                           n_bootstrap=0)  # fmt: skip
    texts = [r["text"] for r in new]
    with_cal = api.load_model(tmp_path / "platt").predict(texts)
    without = api.load_model(tmp_path / "none").predict(texts)
    differ = sum(sorted(x) != sorted(y) for x, y in zip(with_cal, without))
    assert metrics["calibration"]["decisions_changed"] == differ


def test_cross_validation_on_a_handful_of_units_is_warned_of(tmp_path, capsys):
    rows = [r for r in labelled_rows() if r["id"][:3] in ("t0-", "t1-")][:9]
    data = write_jsonl(tmp_path / "nine.jsonl", rows)
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--cv", "3", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join((r.out + r.err).split())
    assert "cross-validation tested 9 units" in said and "label more units" in said
    # It does not advise cross-validation, which is what was run.
    assert "use --cv" not in said.split("cross-validation tested 9 units")[1][:200]
    with pytest.warns(UserWarning, match="cross-validation tested 9 units"):
        api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], cv=3, save=False)


def test_enough_units_under_cross_validation_give_no_such_warning(tmp_path):
    rows = labelled_rows() + [dict(r, id=f"b{r['id']}", text=r["text"] + " Again.")
                              for r in labelled_rows()]  # fmt: skip
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], cv=3, save=False)
    assert not [w for w in caught if "cross-validation tested" in str(w.message)]


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("m")
    data = write_jsonl(root / "d.jsonl", labelled_rows())
    api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], out=root / "stance",
              overrides={"data.split.method": "random"})  # fmt: skip
    return root / "stance"


ALLOWED = "(allowed: a whole number from 0 to 4294967295)"


@pytest.mark.parametrize("seed", ["-1", "4294967296"])
def test_a_seed_out_of_range_is_one_line_naming_it(stance_model, tmp_path, capsys, seed):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows()[:6])
    for args in (
        ("evaluate", stance_model, data, "--seed", seed),
        ("dataset", "build", data, "--out", tmp_path / "ds", "--seed", seed),
        ("annotate", "export", data, "--out", tmp_path / "x.csv", "--sample", "2",
         "--seed", seed),
        ("annotate", "suggest", stance_model, data, "--seed", seed),
    ):  # fmt: skip
        r = run_cli(capsys, *args)
        assert r.code == 1, (args, r.err)
        assert r.err.strip() == f"error: --seed is {seed} {ALLOWED}", args
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--set", f"seed={seed}", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 1 and f"key 'seed' is {seed} {ALLOWED}" in r.err
    assert not (tmp_path / "m").exists()


def test_python_names_a_bad_seed_as_its_argument(stance_model, tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows()[:6])
    for call in (
        lambda: api.evaluate(stance_model, data, seed=-1),
        lambda: api.build_dataset([data], tmp_path / "ds", seed=-1),
        lambda: api.evaluate(stance_model, data, seed=1.5),
    ):
        with pytest.raises(ClassifyError, match=r"^seed is (-1|1\.5) \(allowed: a whole number"):
            call()
    assert api.evaluate(stance_model, data, seed=2**32 - 1, n_bootstrap=10)["n"] == 6


def test_an_experiment_protocol_seed_is_checked_on_load(tmp_path):
    from classify import experiments as ex

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    path = tmp_path / "e.yaml"
    path.write_text(
        f"name: e\ndata: {data}\nprotocols:\n  - {{name: r, split: random, seed: -3}}\n"
        f"models:\n  - {ROOT / 'configs' / 'stance-tfidf.yaml'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ClassifyError, match=r"key 'protocols\[0\]\.seed' is -3 \(allowed"):
        ex.load_experiment(path)


def test_repeated_texts_in_evaluation_data_are_said_and_counted(stance_model, tmp_path):
    base = [r for r in labelled_rows() if r["id"].startswith("t7-")]  # 6 texts, one country
    rows = [dict(r, id=f"{r['id']}-{k}") for k in range(3) for r in base]
    first = base[0]
    other = "against" if first["stance"] != "against" else "favour"
    rows.append(dict(first, id="odd", stance=other))
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        metrics = api.evaluate(stance_model, data, n_bootstrap=0)
    said = [str(w.message) for w in caught]
    assert any(m.startswith("13 units repeat the text of another unit: the figures count "
                            "every copy") for m in said), said  # fmt: skip
    assert any("1 unit repeats the text of another unit with another 'stance' label" in m
               for m in said), said  # fmt: skip
    assert metrics["n"] == 19
    assert metrics["copies"]["units"] == 13
    assert metrics["copies"]["conflicting"]["stance"]["n"] == 1


def test_distinct_texts_get_no_copies_record(stance_model, tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows()[:12])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        metrics = api.evaluate(stance_model, data, n_bootstrap=0)
    assert "copies" not in metrics
    assert not [w for w in caught if "repeat" in str(w.message)]


def test_train_in_python_takes_calibration_and_annotations(tmp_path):
    result = api.train(
        ROOT / "configs" / "stance-tfidf.yaml",
        data=[ROOT / "seeds"],
        annotations=ROOT / "seeds" / "annotations.jsonl",
        calibration="temperature",
        out=tmp_path / "m",
        overrides={"data.unit": "sentence", "data.split.method": "random"},
    )
    assert result.model.calibration["method"] == "temperature"
    record = json.loads((tmp_path / "m" / "model.json").read_text())
    assert record["overrides"]["set"]["calibration"] == "temperature"
    assert record["overrides"]["set"]["data.annotations"] == [
        str((ROOT / "seeds" / "annotations.jsonl").resolve())
    ]
    with pytest.raises(ClassifyError, match=r"^calibration is 'plat' \(allowed: none, "):
        api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[ROOT / "seeds"],
                  calibration="plat", save=False)  # fmt: skip


def test_labels_under_another_column_get_a_hint_that_fits_the_command(
    stance_model, tmp_path, capsys
):
    table = tmp_path / "pos.csv"
    table.write_text("text,position\nThe US lifts sanctions.,favour\nArrests condemned.,against\n")
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", table,
                "--out", tmp_path / "m")  # fmt: skip
    said = " ".join(r.err.split())
    assert r.code == 1
    assert ("where the labels are in another column, rename it to 'stance' or give a task "
            "file whose 'field' names it (--task FILE;") in said  # fmt: skip
    assert "or pass --annotations FILE" in said
    r = run_cli(capsys, "evaluate", stance_model, table)
    said = " ".join(r.err.split())
    # evaluate's model has its task: only renaming helps there.
    assert r.code == 1 and "rename it to 'stance'; or pass --annotations FILE" in said
    with pytest.raises(ClassifyError, match=r"task=FILE; README: Your own data and tasks"):
        api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[table], save=False)


def test_the_cv_table_gives_each_label_its_spread_over_folds(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--cv", "3", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    summary = metrics["cv"]["summary"]
    line = next(x for x in r.out.splitlines() if "F1 against" in x)
    cells = [c.strip() for c in line.split("│")]
    against = summary["f1/against"]
    assert f"{against['mean']:.3f} ± {against['std']:.3f}" in cells


def test_messages_read_as_english(tmp_path):
    from classify.errors import a_type

    assert (a_type(1), a_type("x"), a_type(None), a_type([])) == (
        "an int", "a str", "a NoneType", "a list",
    )  # fmt: skip
    with pytest.raises(ClassifyError, match=r"a TrainResult, not an int$"):
        api.evaluate(5, [])  # type: ignore[arg-type]
    with pytest.raises(ClassifyError, match=r"names a file or folder, not an int$"):
        api.train(ROOT / "configs" / "stance-tfidf.yaml", data=["x"], out=3)  # type: ignore


def test_the_train_result_says_over_how_many_labels_its_macro_f1_is(tmp_path):
    # The seed article's test sentences (the README's notebook split) have no
    # 'against' unit, and the model predicts none: macro-F1 is over 2 labels.
    api.build_dataset([ROOT / "seeds"], tmp_path / "ds", unit="sentence", split="random",
                      annotations=ROOT / "seeds" / "annotations.jsonl", test_size=0.3)  # fmt: skip
    result = api.train(ROOT / "configs" / "stance-tfidf.yaml", data=tmp_path / "ds",
                       refit=False, save=False)  # fmt: skip
    assert result.metrics["undefined_labels"] == ["against"]
    assert "(n=4, 2 of 3 labels)" in repr(result)
    full = api.train(ROOT / "configs" / "stance-tfidf.yaml",
                     data=[write_jsonl(tmp_path / "d.jsonl", labelled_rows())],
                     overrides={"data.split.method": "random"}, save=False)  # fmt: skip
    assert not full.metrics.get("undefined_labels") and " labels)" not in repr(full)


# Review 68: a corpus and a task of a user's own.


@pytest.mark.parametrize("field", ["position", "paragraph", "level", "text", "article_id"])
def test_a_task_field_that_predict_writes_itself_is_refused_on_load(tmp_path, field):
    from classify.tasks import load_task

    path = tmp_path / "mine.yaml"
    path.write_text(f"name: mine\nkind: multiclass\nfield: {field}\nlabels: [support, oppose]\n")
    with pytest.raises(ClassifyError, match=rf"key 'field' is '{field}', a column predict writes "
                       rf"beside each prediction \(.+\); name the label column otherwise in the "
                       rf"data and here \(e\.g\. '{field}_label'\)"):  # fmt: skip
        load_task(path)
    # Named by 'name' where there is no 'field'.
    path.write_text(f"name: {field}\nkind: multiclass\nlabels: [support, oppose]\n")
    with pytest.raises(ClassifyError, match=rf"key 'name' is '{field}'"):
        load_task(path)


def test_a_task_field_near_an_output_column_still_predicts(tmp_path):
    """'stance_position' is the user's own."""
    rows = "".join(
        json.dumps({"text": r["text"], "stance_position": r["stance"]}) + "\n"
        for r in labelled_rows()
    )
    (tmp_path / "d.jsonl").write_text(rows)
    task = tmp_path / "mine.yaml"
    task.write_text("name: mine\nkind: multiclass\nfield: stance_position\n"
                    "labels: [favour, against, neutral]\n")  # fmt: skip
    api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[tmp_path / "d.jsonl"], task=task,
              out=tmp_path / "m", overrides={"data.split.method": "random"})  # fmt: skip
    frame = api.predict(tmp_path / "m", tmp_path / "d.jsonl")
    assert set(frame["stance_position"]) <= {"favour", "against", "neutral"}
    assert frame["position"].tolist() == [0] * len(frame)


@pytest.mark.parametrize(
    ("title", "text", "repeated"),
    [
        ("Ceasefire holds", "CEASEFIRE HOLDS\n\nThe truce held.", True),
        ("CEASEFIRE HOLDS", "Ceasefire holds: the truce held", True),
        ("Ceasefire holds", "ceasefire holds.", True),
        ("Talks", "TALKS BEGAN in Vienna.", False),
    ],
)
def test_a_text_starting_with_its_title_in_another_case_keeps_one(title, text, repeated, tmp_path):
    from classify.units import starts_with_title

    assert starts_with_title(text.split("\n\n")[0], title) is repeated
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "title": title, "text": text}) + "\n")
    import classify

    units = classify.make_units(classify.read_articles(tmp_path / "a.jsonl"), "article")
    assert units[0].text.casefold().count(title.casefold()) == 1 + (not repeated)


def test_a_share_date_split_says_why_it_has_no_cutoff(tmp_path):
    rows = labelled_rows()
    data = write_jsonl(tmp_path / "d.jsonl", [*rows, dict(rows[0], id="copy", date="2030-05-01")])
    api.build_dataset([data], tmp_path / "ds", split="date", test_size=0.25)
    split = json.loads((tmp_path / "ds" / "dataset.json").read_text())["split"]
    assert split["cutoff_used"] is None
    assert split["cutoff_note"].startswith("no one date divides the parts: 1 training unit is")
    # Without the late copy a day divides them, and no note is written.
    api.build_dataset([write_jsonl(tmp_path / "e.jsonl", rows)], tmp_path / "ds2", split="date",
                      test_size=0.25)  # fmt: skip
    split = json.loads((tmp_path / "ds2" / "dataset.json").read_text())["split"]
    assert split["cutoff_used"] and "cutoff_note" not in split


def test_a_list_of_target_text_pairs_predicts_as_model_predict_does(tmp_path):
    import classify

    api.train(ROOT / "tests" / "fixtures" / "own" / "stance" / "tfidf.yaml", out=tmp_path / "m")
    model = classify.load_model(tmp_path / "m")
    pairs = ["wind power: We need more turbines now.", "nuclear power: Shut the reactors."]
    frame = classify.predict(model, pairs)
    assert frame["stance"].tolist() == model.predict(pairs)
    assert frame["target"].tolist() == ["wind power", "nuclear power"]
    assert frame["text"].tolist() == pairs
    # A bare text has no target to read: one line, about the data, no row number.
    with pytest.raises(ClassifyError, match=r"^no stance target column 'target' in the data .+ "
                       r"or write each text as 'TARGET: text'\)$"):  # fmt: skip
        classify.predict(model, ["We need more turbines now.", "wind power: yes"])


def test_a_model_trained_on_a_saved_dataset_of_rows_says_rows(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    api.build_dataset([data], tmp_path / "ds")
    assert json.loads((tmp_path / "ds" / "dataset.json").read_text())["unit"] == "row"
    api.train(ROOT / "configs" / "stance-tfidf.yaml", data=tmp_path / "ds", out=tmp_path / "m")
    record = json.loads((tmp_path / "m" / "model.json").read_text())
    assert record["training"]["unit"] == "row"
    assert "| unit | row |" in " ".join((tmp_path / "m" / "README.md").read_text().split())


# Check 70: the same kinds, other inputs.


def test_calibration_with_fixed_thresholds_is_fitted_and_counted(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", noisy_topics(160, seed=3))
    fixed = {"thresholds.method": "fixed", "data.split.method": "random"}
    calibrated = api.train(ROOT / "configs" / "topic-tfidf.yaml", data=[data], refit=False,
                           calibration="platt", out=tmp_path / "c", overrides=fixed)  # fmt: skip
    plain = api.train(ROOT / "configs" / "topic-tfidf.yaml", data=[data], refit=False,
                      out=tmp_path / "p", overrides=fixed)  # fmt: skip
    record = json.loads((tmp_path / "c" / "model.json").read_text())
    assert record["calibration"]["method"] == "platt"
    assert record["thresholds"] == [0.5, 0.5, 0.5]
    assert record["training"]["threshold_tuning"]["method"] == "fixed"
    assert record["training"]["threshold_tuning"]["calibration_heldout"] == "cv"
    a, b = calibrated.model.predictions, plain.model.predictions
    changed = int((a.y_pred != b.y_pred).any(axis=1).sum())
    assert changed > 0
    assert calibrated.metrics["calibration"]["decisions_changed"] == changed


@pytest.mark.parametrize(
    ("n", "said"),
    [(0, "changed no unit's decision"), (1, "changed 1 unit's decision"),
     (7, "changed 7 units' decisions")],
)  # fmt: skip
def test_what_calibration_changed_reads_as_english(n, said):
    from classify.reports import calibration_effect

    text = calibration_effect({"method": "platt", "ece_uncalibrated": 0.1, "ece": 0.05,
                               "decisions_changed": n})  # fmt: skip
    assert text.endswith(said)


@pytest.mark.parametrize(
    "text",
    ["CEASEFIRE HOLDS IN GAZA\nThe truce held.", "Ceasefire Holds In Gaza\r\nThe truce held."],
)
def test_a_title_on_its_own_first_line_is_not_repeated(text, tmp_path):
    import classify

    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "a", "title": "Ceasefire holds in Gaza", "text": text}) + "\n"
    )
    unit = classify.make_units(classify.read_articles(tmp_path / "a.jsonl"), "article")[0]
    assert unit.text.casefold().count("ceasefire holds in gaza") == 1


@pytest.mark.parametrize(
    ("field", "refusal"),
    [
        *((f, rf"key 'field' is '{f}', a column predict") for f in
          ("read", "read_sentence", "date", "sources", "p_supportive", "Position", "TEXT")),
        # Check 72: a title column would be read into the text the model reads.
        *((f, r"a table's title, read into the text") for f in ("title", "Headline", "hed")),
    ],
)  # fmt: skip
def test_more_columns_predict_writes_are_refused_as_fields(tmp_path, field, refusal):
    from classify.tasks import load_task

    path = tmp_path / "mine.yaml"
    path.write_text(f"name: mine\nkind: multiclass\nfield: {field}\nlabels: [support, oppose]\n")
    with pytest.raises(ClassifyError, match=refusal):
        load_task(path)


def test_a_field_named_like_free_metadata_predicts_into_it(tmp_path):
    rows = [{"text": r["text"], "section": r["stance"]} for r in labelled_rows()]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    task = tmp_path / "mine.yaml"
    task.write_text("name: mine\nkind: multiclass\nfield: section\n"
                    "labels: [favour, against, neutral]\n")  # fmt: skip
    api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], task=task, out=tmp_path / "m",
              overrides={"data.split.method": "random"})  # fmt: skip
    frame = api.predict(tmp_path / "m", data)
    assert set(frame["section"]) <= {"favour", "against", "neutral"}


def test_stories_sharing_only_a_closing_line_are_not_training_overlap(tmp_path):
    closing = "The talks will continue next week."
    rows = [dict(r, text=f"{r['text']} {closing}") for r in labelled_rows()]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], out=tmp_path / "m",
              overrides={"data.split.method": "random"})  # fmt: skip
    new = [
        {"id": "n1", "text": f"Flooding closed the main port of Mombasa for a day. {closing}",
         "stance": "neutral"},
        {"id": "n2", "text": f"A court in Minsk sentenced two journalists to prison. {closing}",
         "stance": "against"},
        # The same story as a training unit, given with a headline in front.
        {"id": "n3", "text": f"Ties restored: {rows[0]['text']}", "stance": "favour"},
    ]  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        metrics = api.evaluate(tmp_path / "m", write_jsonl(tmp_path / "n.jsonl", new),
                               n_bootstrap=0)  # fmt: skip
    assert metrics["train_overlap"]["count"] == 1
    assert metrics["train_overlap"]["ids"] == ["n3"]


# Review 71: experiments of a user's own.


def _experiment(tmp_path, refs: str, extra: str = "", protocol: str | None = None) -> Path:
    data = write_jsonl(tmp_path / "gold.jsonl", labelled_rows())
    (tmp_path / "myrefs.py").write_text(refs, encoding="utf-8")
    protocol = protocol or '{name: date, split: date, cutoff: "2015-01-01"}'
    path = tmp_path / "e.yaml"
    path.write_text(
        f"name: e\ndata: {data}\nprotocols:\n  - {protocol}\n"
        f"models:\n  - {ROOT / 'configs' / 'stance-tfidf.yaml'}\n"
        "references:\n  - {name: broken, function: myrefs.py:broken}\n"
        f"bootstrap: 50\n{extra}",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("    raise ValueError('oops')\n",
         "myrefs.py:broken) raised ValueError: oops"),
        ("    import numpy as np\n    return np.zeros((3, 1))\n",
         "myrefs.py:broken) returned 3x1 where 18x3 0/1 decisions were "
         "expected"),
        ("    return [[0.5, 0.5, 0.0]] * len(test_texts)\n",
         "returned values other than 0 and 1 (first: 0.5): decisions are 0/1"),
    ],
)  # fmt: skip
def test_a_failing_reference_is_its_cells_error_not_the_runs(tmp_path, capsys, body, said):
    path = _experiment(
        tmp_path, f"def broken(task, train_texts, train_y, test_texts, seed):\n{body}"
    )
    r = run_cli(capsys, "experiment", "run", path)
    out = " ".join((r.out + r.err).split())
    assert r.code == 1
    assert "1 cell failed (listed in the results" in out and said in out
    assert "stance--broken--date--nall--s0: reference 'broken' (" in out
    assert "1 of 2 cells failed" in out
    results = json.loads((tmp_path / "results" / "e.json").read_text())
    assert [e["id"].split("--")[1] for e in results["errors"]] == ["broken"]
    board = results["leaderboards"][0]
    assert [row["name"] for row in board["rows"]] == ["stance-tfidf"]


def test_a_training_size_above_the_data_counts_once_on_the_curve(tmp_path):
    refs = "def broken(task, train_texts, train_y, test_texts, seed):\n    return None\n"
    path = _experiment(tmp_path, refs, extra="train_sizes: [all, 10000, 12]\n")
    # The reference is not the point here: drop it.
    path.write_text(path.read_text().replace(
        "references:\n  - {name: broken, function: myrefs.py:broken}\n", ""))  # fmt: skip
    summary = ex.run_experiment(path)
    curve = next(c for c in summary["learning_curves"] if c["model"] == "stance-tfidf")
    assert curve["seeds"] == [1] * len(curve["n_train"])
    assert curve["macro_f1_std"] == [0.0] * len(curve["n_train"])
    n_all = max(curve["n_train"])
    assert any(
        note.endswith(f"training size 10000 is more than the {n_all} training units there are, "
                      "so its cells train on all of them and count once on the learning curve")
        for note in summary["notes"]
    ), summary["notes"]  # fmt: skip


def test_an_experiment_cutoff_outside_the_dates_names_its_key(tmp_path, capsys):
    path = _experiment(tmp_path, "def broken(*a):\n    return None\n",
                       protocol='{name: late, split: date, cutoff: "2030-01-01"}')  # fmt: skip
    r = run_cli(capsys, "experiment", "run", path)
    said = " ".join(r.err.split())
    assert r.code == 1
    assert said.endswith("allowed: a cutoff inside that span, key 'protocols[0].cutoff')")
    assert "--cutoff" not in said


def test_a_leaderboard_plot_of_several_seeds_says_what_its_bar_is(monkeypatch):
    from matplotlib.axes import Axes

    from classify.reports import plot_comparison

    labels: list[str] = []
    monkeypatch.setattr(Axes, "set_xlabel", lambda self, text, **kw: labels.append(text))
    rows = [{"name": "a", "macro_f1": 0.7, "ci95": [0.6, 0.8]}]
    plot_comparison(rows)
    plot_comparison(rows, seeds=3)
    assert labels == ["Macro-F1 (95% CI)", "Macro-F1, mean of 3 seeds (95% CI of the first)"]


def test_a_reference_file_edited_in_one_session_is_read_again(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, other = tmp_path / "a" / "refs.py", tmp_path / "b" / "refs.py"
    first.write_text("def f(*args):\n    return 1\n")
    other.write_text("def f(*args):\n    return 2\n")
    assert ex.load_reference(f"{first}:f")() == 1
    # Another file of the same name is its own module.
    assert ex.load_reference(f"{other}:f")() == 2
    first.write_text("def f(*args):\n    return 'edited'\n")
    assert ex.load_reference(f"{first}:f")() == "edited"


# Check 72: the same kinds, other inputs.


def test_a_reference_file_imports_a_helper_beside_it(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "helper_refs_72.py").write_text("ANSWER = 7\n")
    (tmp_path / "x" / "refmod.py").write_text(
        "from helper_refs_72 import ANSWER\n\ndef pick(*args):\n    return ANSWER\n"
    )
    assert ex.load_reference(f"{tmp_path / 'x' / 'refmod.py'}:pick")() == 7
    (tmp_path / "x" / "broken.py").write_text("import no_such_module_72\n")
    for _ in range(2):  # the same error each time, not "no function" the second
        with pytest.raises(ClassifyError, match=r"cannot import reference file: "
                           r"ModuleNotFoundError: No module named 'no_such_module_72'"):  # fmt: skip
            ex.load_reference(f"{tmp_path / 'x' / 'broken.py'}:pick")


@pytest.mark.parametrize(
    ("trained", "tested", "overlap"),
    [
        # A short lead sentence is no headline: a shared closing is no copy.
        ("Sweden reopened its consulate in Minsk. Delegations from Caracas and Bogota left "
         "Geneva without agreeing on a date for a new round.",
         "Norway expelled a Venezuelan diplomat. Delegations from Caracas and Bogota left "
         "Geneva without agreeing on a date for a new round.", False),
        ("The ministry did not respond to a request for comment.",
         "Sweden said it would reopen its consulate in Minsk. The ministry did not respond to "
         "a request for comment.", False),
        # A headline on one side, or the same head written two ways, is the same story.
        ("Talks resume\n\nWashington and Minsk agreed on Monday to reopen their embassies "
         "within a month.",
         "Talks resume: Washington and Minsk agreed on Monday to reopen their embassies within "
         "a month.", True),
        ("Washington and Minsk agreed on Monday to reopen their embassies within a month.",
         "TALKS RESUME. Washington and Minsk agreed on Monday to reopen their embassies within "
         "a month.", True),
    ],
)  # fmt: skip
def test_training_overlap_tells_a_headline_from_a_lead_sentence(tmp_path, trained, tested,
                                                                 overlap):  # fmt: skip
    mine = {"id": "mine", "text": trained, "stance": "neutral", "date": "2012-01-01"}
    rows = [*labelled_rows(), mine]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    api.train(ROOT / "configs" / "stance-tfidf.yaml", data=[data], out=tmp_path / "m",
              overrides={"data.split.method": "random"})  # fmt: skip
    test = write_jsonl(tmp_path / "t.jsonl", [{"id": "n", "text": tested, "stance": "neutral"}])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        metrics = api.evaluate(tmp_path / "m", test, n_bootstrap=0)
    assert (metrics["train_overlap"]["count"] == 1) is overlap
