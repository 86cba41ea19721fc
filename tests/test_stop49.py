"""Stop 49: fixes checked on inputs of our own."""

from __future__ import annotations

import json

import numpy as np
import pytest
from corpus_fixtures import labelled_rows, one_column_corpus, train_tfidf, write_jsonl


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    d = tmp_path_factory.mktemp("s49")
    return train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_single_label_field_written_as_one_item_lists_hashes_as_its_strings(tmp_path):
    from classify.data import load_examples

    texts = ["Washington lifted sanctions on the potash firm.", "Minsk jailed more protesters."]
    lists = _write(
        tmp_path / "lists.jsonl",
        [
            {"id": str(i), "text": t, "stance": [s]}
            for i, (t, s) in enumerate(zip(texts, ["favour", "against"]))
        ],
    )
    strings = _write(
        tmp_path / "strings.jsonl",
        [
            {"id": str(i), "text": t, "stance": s}
            for i, (t, s) in enumerate(zip(texts, ["favour", "against"]))
        ],
    )
    other = _write(
        tmp_path / "other.jsonl",
        [
            {"id": str(i), "text": t, "stance": s}
            for i, (t, s) in enumerate(zip(texts, ["against", "favour"]))
        ],
    )
    a, b, c = (load_examples(p).fingerprint(["stance"]) for p in (lists, strings, other))
    assert a == b
    assert a != c
    # As list cells of a CSV, as pandas and JSON write them.
    for cell in ("['{}']", '"[""{}""]"'):
        table = tmp_path / "cells.csv"
        table.write_text(
            "id,text,stance\n"
            + "".join(
                f"{i},{t},{cell.format(s)}\n"
                for i, (t, s) in enumerate(zip(texts, ["favour", "against"]))
            ),
            encoding="utf-8",
        )
        assert load_examples(table).fingerprint(["stance"]) == a


def test_a_label_set_field_still_hashes_its_sets_in_any_order(tmp_path):
    from classify.data import load_examples

    rows = [
        {
            "id": "1",
            "text": "Sanctions and prisoners were discussed.",
            "topics": ["sanctions", "human_rights"],
        },
        {"id": "2", "text": "Embassies reopened after talks.", "topics": ["normalisation"]},
    ]
    swapped = [dict(rows[0], topics=["human_rights", "sanctions"]), rows[1]]
    one = [dict(rows[0], topics=["sanctions"]), rows[1]]
    fa, fb, fc = (
        load_examples(_write(tmp_path / f"{n}.jsonl", r)).fingerprint(["topics"])
        for n, r in (("a", rows), ("b", swapped), ("c", one))
    )
    assert fa == fb
    assert fa != fc


FILLER_WORDS = ("harbour", "ministry", "autumn", "railway", "budget", "festival", "quarry",
                "embassy", "orchard", "tunnel", "library", "harvest", "airport", "bridge",
                "council", "garden", "factory", "village", "border", "market", "museum")  # fmt: skip


def test_an_experiments_table_shows_each_paired_difference_with_its_interval(tmp_path, capsys):
    import re

    from cli_runner import run_cli

    words = {"pro": "welcome support praise", "con": "condemn reject oppose",
             "other": "weather sport market"}  # fmt: skip
    lines = ["id,text,side"]
    for i in range(60):
        label = ("pro", "con", "other")[i % 3]
        # Every fourth row borrows another label's words, so the two models differ.
        said = words[("pro", "con", "other")[(i + 1) % 3]] if i % 4 == 0 else words[label]
        # Each row its own closing words: templated rows would be near-
        # duplicates, drawn and resampled together (stop 51).
        tail = " ".join(FILLER_WORDS[(i * 7 + k) % len(FILLER_WORDS)] for k in range(6))
        lines.append(
            f"r{i},Speaker {i} said they {said.split()[(i // 3) % 3]} the plan {tail},{label}"
        )
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "side.yaml").write_text(
        "name: side\nkind: multiclass\nfield: side\nlabels: [pro, con, other]\n", encoding="utf-8"
    )
    for name, c in (("a", 10.0), ("b", 0.01)):
        (tmp_path / f"{name}.yaml").write_text(
            f"task: side.yaml\nmodel: {{family: tfidf-linear, params: {{C: {c}}}}}\n",
            encoding="utf-8",
        )
    (tmp_path / "ex.yaml").write_text(
        "name: ex\ndata: d.csv\nprotocols: [{name: cv3, cv: 3}]\nmodels: [a.yaml, b.yaml]\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "experiment", "run", tmp_path / "ex.yaml")
    assert r.code == 0, r.err
    (test,) = json.loads((tmp_path / "results" / "ex.json").read_text())["leaderboards"][0]["tests"]
    lo, hi = test["ci95"]
    shown = re.search(
        r"([+-]\d\.\d{3}) \[([+-]\d\.\d{2}), ([+-]\d\.\d{2})\] (?:\(no width\) )?p=(\d\.\d{3})",
        r.out,
    )
    assert shown, r.out
    assert float(shown.group(1)) == round(test["diff"], 3)
    assert (float(shown.group(2)), float(shown.group(3))) == (round(lo, 2), round(hi, 2))
    assert float(shown.group(4)) == round(test["p_value"], 3)


def test_an_experiments_reproduce_command_quotes_a_path_with_a_space():
    import shlex

    from classify.experiments import _reproduce_command

    argv = ["experiment", "run", "my experiments/ex.yaml", "--data", "gold data.csv", "--only", "x"]
    line = _reproduce_command(argv)
    assert shlex.split(line) == [
        "classify", "experiment", "run", "my experiments/ex.yaml", "--data", "gold data.csv",
        "--overwrite",
    ]  # fmt: skip
    assert line.startswith("classify experiment run 'my experiments/ex.yaml'")


def test_a_model_cards_recorded_facts_read_as_words_not_json(tmp_path):
    from classify.reports import write_model_card

    info = {
        "name": "m",
        "task": {"name": "side", "kind": "multiclass", "field": "side", "labels": ["pro", "con"]},
        "family": "tfidf-linear",
        "training": {
            "n": 30,
            "label_counts": {"pro": 12, "con": 18},
            "notes": {"unlabelled": {"side": 2}, "unmatched_annotation_ids": []},
        },
        "versions": {"python": "3.11.7", "numpy": "2.4.6"},
    }
    card = write_model_card(tmp_path, info=info, metrics={"n": 10}).read_text(encoding="utf-8")
    assert "| label_counts | pro 12, con 18 |" in card
    # An empty list of unmatched ids says nothing, and is left out (stop 63).
    assert "| notes | unlabelled: side 2 |" in card
    assert "python 3.11.7, numpy 2.4.6" in card
    assert '{"' not in card


def test_empty_cell_always_none_reads_a_lone_empty_topic_cell_as_no_topic(tmp_path):
    from classify.data import load_examples
    from classify.tasks import empty_sets, label_sets, load_task

    data, task_file = one_column_corpus(tmp_path, "always_none")
    task = load_task(task_file)
    ex = load_examples(
        data, label_fields=["topics"], label_sets=label_sets([task]), empty_sets=empty_sets([task])
    )
    assert len(ex) == 36
    y = ex.for_task(task).y(task)
    assert int((y.sum(axis=1) == 0).sum()) == 9
    # Without the setting those rows have no label at all, and are left out.
    plain = load_task(one_column_corpus(tmp_path, None)[1])
    ex = load_examples(data, label_fields=["topics"], label_sets=label_sets([plain]))
    assert len(ex) == 27 and ex.notes["unlabelled_units_skipped"] == 9


def test_empty_cell_always_none_leaves_a_json_null_unlabelled(tmp_path):
    from classify.data import load_examples
    from classify.tasks import empty_sets, label_sets, load_task

    _, task_file = one_column_corpus(tmp_path, "always_none")
    task = load_task(task_file)
    rows = [
        {"id": "a", "text": "Wheat harvest up.", "topics": ["grain"]},
        {"id": "b", "text": "Shares flat.", "topics": ""},
        {"id": "c", "text": "Not read yet.", "topics": None},
    ]
    data = _write(tmp_path / "r.jsonl", rows)
    ex = load_examples(
        data, label_fields=["topics"], label_sets=label_sets([task]), empty_sets=empty_sets([task])
    )
    assert sorted(ex.ids) == ["a", "b"]


def test_compare_says_how_many_units_it_left_out_unlabelled(tmp_path, capsys):
    from cli_runner import run_cli

    data, task_file = one_column_corpus(tmp_path, None)
    for name, c in (("a", 10.0), ("b", 0.1)):
        (tmp_path / f"{name}.yaml").write_text(
            f"task: reu.yaml\nmodel: {{family: tfidf-linear, params: {{C: {c}}}}}\n"
            "data: {split: {method: random}}\n",
            encoding="utf-8",
        )
        r = run_cli(capsys, "train", tmp_path / f"{name}.yaml", "--data", data,
                    "--out", tmp_path / f"m{name}")  # fmt: skip
        assert r.code == 0, r.err
    r = run_cli(capsys, "compare", tmp_path / "ma", tmp_path / "mb", "--data", data,
                "--out", tmp_path / "c")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "9 units are unlabelled for 'topics' (left out of that task" in said
    assert "empty_cell: always_none" in said
    md = (tmp_path / "c" / "compare.md").read_text(encoding="utf-8")
    assert "9 units of the data are unlabelled for 'topics' and left out." in md
    # With the task saying an empty cell is no topic, all 36 are compared.
    task_file.write_text(task_file.read_text() + "empty_cell: always_none\n", encoding="utf-8")
    for name in ("a", "b"):
        r = run_cli(capsys, "train", tmp_path / f"{name}.yaml", "--data", data,
                    "--out", tmp_path / f"m{name}", "--overwrite")  # fmt: skip
        assert r.code == 0, r.err
    r = run_cli(capsys, "compare", tmp_path / "ma", tmp_path / "mb", "--data", data,
                "--out", tmp_path / "c", "--overwrite")  # fmt: skip
    assert r.code == 0, r.err
    assert "unlabelled for" not in r.out
    assert json.loads((tmp_path / "c" / "compare.json").read_text())["rows"][0]["n"] == 36


def test_predict_keys_rows_of_a_float_id_column_as_the_reader_ids_them(stance_model):
    import numpy as np
    import pandas as pd

    import classify

    texts = ["The embassy reopened after talks.", "Sanctions were tightened.", "Rain fell."]
    whole = classify.predict(stance_model, pd.DataFrame({"id": [7, 8, 0], "text": texts}))
    # An integer column with a gap is stored as floats (7.0) by pandas.
    gap = pd.DataFrame({"id": [7, np.nan, 0], "text": texts})
    floats = pd.DataFrame({"id": [7.0, 8.0, 0.0], "text": texts})
    for frame in (gap, floats):
        got = classify.predict(stance_model, frame)
        assert got.notna().all() and got.tolist() == whole.tolist()
        proba = classify.predict_proba(stance_model, frame)
        assert not proba.isna().any().any() and list(proba.index) == [0, 1, 2]


def _mixed_csv(path):
    """UTF-8 rows (Café, Łukaszenka’s, Zürich) with one row pasted in cp1252."""
    head = "id,text,stance\n1,Café owners in Minsk welcomed the talks,favour\n"
    head += "2,Łukaszenka’s government jailed critics,neutral\n"
    data = head.encode("utf-8") + "3,Officials said “no” to talks,against\n".encode("cp1252")
    data += "4,Ministers met in Zürich again,neutral\n".encode()
    path.write_bytes(data)
    return path


def test_a_utf8_file_with_a_stray_codepage_line_names_the_line_and_its_codepage(tmp_path):
    from classify.data import load_examples
    from classify.errors import ClassifyError

    data = _mixed_csv(tmp_path / "mixed.csv")
    with pytest.raises(ClassifyError) as err:
        load_examples(data, label_fields=["stance"])
    said = str(err.value)
    assert "not UTF-8 text at line 4" in said and "the rest of the file is UTF-8" in said
    assert "reads as cp1252 there" in said and "“no”" in said
    assert "mac-latin2" not in said


def test_a_one_byte_encoding_reads_only_the_stray_bytes_of_a_utf8_file_so(tmp_path):
    from classify.data import load_examples
    from classify.tables import ReadOptions

    data = _mixed_csv(tmp_path / "mixed.csv")
    with pytest.warns(UserWarning, match="first at line 4.*read as cp1252, the rest as UTF-8"):
        ex = load_examples(data, label_fields=["stance"], options=ReadOptions(encoding="cp1252"))
    assert sorted(ex.texts) == [
        "Café owners in Minsk welcomed the talks",
        "Ministers met in Zürich again",
        "Officials said “no” to talks",
        "Łukaszenka’s government jailed critics",
    ]
    # A file in cp1252 throughout is read in it, as before.
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes("id,text,stance\n1,Café said “no”,against\n".encode("cp1252"))
    ex = load_examples(legacy, label_fields=["stance"], options=ReadOptions(encoding="cp1252"))
    assert ex.texts == ["Café said “no”"]


def test_a_corpus_stream_reads_a_utf8_file_with_stray_bytes_line_by_line(tmp_path):
    from classify.tables import stream_codec

    data = _mixed_csv(tmp_path / "mixed.csv")
    with pytest.warns(UserWarning, match="first at line 4"):
        codec = stream_codec(data, "cp1252")
    with data.open(encoding=codec, newline="") as handle:
        text = handle.read()
    assert "Café" in text and "“no”" in text and "Zürich" in text
    # Pure UTF-8 and pure cp1252 files keep their codecs.
    utf8 = tmp_path / "u.csv"
    utf8.write_text("id,text\n1,Café\n", encoding="utf-8")
    assert stream_codec(utf8, "cp1252") == "utf-8-sig"
    legacy = tmp_path / "l.csv"
    legacy.write_bytes("id,text\n1,Café\n".encode("cp1252"))
    assert stream_codec(legacy, "cp1252") == "cp1252"


def test_stray_bytes_are_told_from_a_codepage_file_by_how_much_utf8_there_is():
    from classify.tables import mostly_utf8, utf8_counts

    # One é in UTF-8 beside two curly quotes in cp1252: UTF-8 with strays.
    assert mostly_utf8(*utf8_counts(["Café ".encode(), b"said \x93no\x94"]))
    # German in cp1252 whose "groß“" happens to form one UTF-8 character.
    german = "Die Straße war groß“ und schön, für Müller, Jäger, Öl und Äpfel.".encode("cp1252")
    counts = utf8_counts([german])
    assert counts[:2] == (1, 7) and not mostly_utf8(*counts)
    assert not mostly_utf8(*utf8_counts([b"plain ASCII only"]))
    # A Russian line in cp1251 (many bytes) pasted between UTF-8 lines.
    pasted = "Café\n".encode() + "Путин сказал, что переговоры продолжатся\n".encode("cp1251")
    pasted += "Zürich\n".encode()
    counts = utf8_counts([pasted])
    assert counts == (2, 35, 2, 1) and mostly_utf8(*counts)


def test_json_nan_in_a_row_is_a_missing_value_as_null_is(tmp_path):
    from classify.data import load_examples

    nan = float("nan")
    rows = [
        {"id": nan, "text": "Talks resumed in Minsk.", "stance": "favour", "date": nan},
        {"id": "b", "text": "Sanctions were imposed.", "stance": nan, "topics": ["sanctions"]},
        {"id": nan, "text": "Rain fell.", "stance": "neutral", "date": "2020-01-03"},
    ]
    path = tmp_path / "dumped.jsonl"
    # json.dumps writes pandas' missing values as NaN, which is not JSON.
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert "NaN" in path.read_text()
    ex = load_examples(path)
    assert ex.ids == ["dumped-1", "b", "dumped-3"]
    assert ex.labels["stance"] == ["favour", None, "neutral"]
    assert ex.dates == [None, None, "2020-01-03"]


def test_per_target_training_counts_are_of_the_evaluated_model_not_the_refit(tmp_path):
    from pathlib import Path

    from classify import api

    config = Path(__file__).parent / "fixtures" / "own" / "stance" / "tfidf.yaml"
    r = api.train(
        config,
        out=tmp_path / "m",
        overrides={"data.test": None, "data.split.method": "random", "evaluation.bootstrap": 0},
    )
    m = r.metrics
    n_fit = m["evaluation"]["train"]
    assert n_fit + m["n"] == r.model.info["training"]["n"]  # refitted on all
    assert m["per_target_n_train"] == n_fit
    assert sum(row["n_train"] for row in m["per_target"].values()) == n_fit


def test_a_cross_validated_cards_f_avg_names_the_tasks_labels_and_comes_first(tmp_path):
    from pathlib import Path

    from classify import api

    config = Path(__file__).parent / "fixtures" / "own" / "stance" / "tfidf.yaml"
    api.train(
        config, out=tmp_path / "m", cv=3, overrides={"data.test": None, "evaluation.bootstrap": 0}
    )
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    report = (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    for text in (card, report):
        assert "favour" not in text.casefold().replace("favor", "")
        assert "F_avg (mean F1 of FAVOR and AGAINST)" in text
    assert "Across folds (mean ± std): Macro-F1" in card
    assert "F_avg (mean F1 of FAVOR and AGAINST) 0." in card.split("Across folds")[1]
    # The task's primary metric (f_avg) heads the evaluation table.
    table = card.split("| Figure | Value |")[1].splitlines()
    assert table[2].startswith("| F_avg (mean F1 of FAVOR and AGAINST) |")


def test_target_features_weigh_as_saved_and_an_older_folder_keeps_weight_one(tmp_path):
    from pathlib import Path

    from classify import api

    config = Path(__file__).parent / "fixtures" / "own" / "stance" / "tfidf.yaml"
    model = api.train(
        config,
        out=tmp_path / "m",
        overrides={"evaluation.bootstrap": 0, "model.params.target_weight": 3},
    ).model
    texts = ["wind power: We need wind turbines, not reactors.", "city tram: Stop the tram."]
    vocabulary = tmp_path / "m" / "weights" / "tfidf-vocabulary.json"
    saved = json.loads(vocabulary.read_text(encoding="utf-8"))
    assert saved["weights"] == {"target": 3.0}
    again = api.load_model(tmp_path / "m")
    assert np.allclose(again.predict_scores(texts), model.predict_scores(texts))
    # A folder from before the weight existed was fit at weight 1 and loads so.
    del saved["weights"]
    vocabulary.write_text(json.dumps(saved), encoding="utf-8")
    old = api.load_model(tmp_path / "m")
    assert old.model.params.target_weight == 1.0
    assert not np.allclose(old.predict_scores(texts), model.predict_scores(texts))


def test_texts_read_as_pairs_with_targets_the_model_never_saw_are_warned_of(tmp_path):
    import warnings
    from pathlib import Path

    import pandas as pd

    import classify
    from classify import api

    config = Path(__file__).parent / "fixtures" / "own" / "stance" / "tfidf.yaml"
    model = api.train(config, out=tmp_path / "m", overrides={"evaluation.bootstrap": 0}).model
    with pytest.warns(UserWarning, match=r"1 of 2 texts .* never trained on \(first: 'RT @fan'"):
        model.predict(["RT @fan: stop the tram now", "wind power: we need wind"])
    frame = pd.DataFrame({"tweet": ["Breaking: the tram is late"]})
    with pytest.warns(UserWarning, match="first: 'Breaking'") as said:
        classify.predict(model, frame, text_column="tweet")
    assert sum("never trained on" in str(w.message) for w in said) == 1
    # Targets it knows, in any case, are said nothing of.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict(["Wind Power: we need wind", "city tram: stop it"])


def _semeval_txt(tmp_path):
    """A stance table shipped as tab-separated .txt, as SemEval-2016 Task 6's files are."""
    lines = ["ID\tTarget\tTweet\tStance"]
    for i in range(12):
        label = ("FAVOR", "AGAINST", "NONE")[i % 3]
        said = {"FAVOR": "we need more", "AGAINST": "stop the", "NONE": "weather today"}[label]
        lines.append(f"{100 + i}\twind power\tpost {i}: {said} wind power\t{label}")
    (tmp_path / "sem.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _target_task(tmp_path / "task.yaml", "sem", "Stance", "Target")
    return tmp_path / "sem.txt"


def _target_task(path, name, field, target_field):
    """A target-conditioned stance task file with SemEval's label names."""
    path.write_text(
        f"name: {name}\nkind: multiclass\nfield: {field}\ntarget_field: {target_field}\n"
        "labels: [FAVOR, AGAINST, NONE]\n",
        encoding="utf-8",
    )


def test_a_table_shipped_as_txt_is_read_as_one_with_an_explicit_delimiter(tmp_path, capsys):
    from cli_runner import run_cli

    data = _semeval_txt(tmp_path)
    r = run_cli(capsys, "dataset", "build", data, "--split", "none", "--out", tmp_path / "d")
    assert r.code == 1 and "or pass --delimiter tab, to read its rows" in r.err
    assert "--on-error skip" not in r.err
    r = run_cli(capsys, "dataset", "build", data, "--split", "none", "--out", tmp_path / "d",
                "--delimiter", "tab", "--text-column", "Tweet", "--id-column", "ID",
                "--task", tmp_path / "task.yaml")  # fmt: skip
    assert r.code == 0, r.err
    from datasets import load_from_disk

    rows = load_from_disk(str(tmp_path / "d"))["train"]
    # As the same table saved as .tsv reads.
    (tmp_path / "sem.tsv").write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
    r = run_cli(capsys, "dataset", "build", tmp_path / "sem.tsv", "--split", "none", "--out",
                tmp_path / "t", "--text-column", "Tweet", "--id-column", "ID",
                "--task", tmp_path / "task.yaml")  # fmt: skip
    assert r.code == 0, r.err
    tsv = load_from_disk(str(tmp_path / "t"))["train"]
    assert len(rows) == 12 and rows["id"] == tsv["id"] and rows["text"] == tsv["text"]
    assert rows["Stance"] == tsv["Stance"] and rows[0]["Target"] == "wind power"


def semeval_tsv_and_config(tmp_path):
    """The SemEval-shaped table as .tsv and a TF-IDF config for its target task."""
    data = _semeval_txt(tmp_path)
    table = tmp_path / "sem.tsv"
    table.write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "task: task.yaml\nmodel: {family: tfidf-linear}\n"
        "data: {text_column: Tweet, id_column: ID, split: {method: random}}\n",
        encoding="utf-8",
    )
    return table, tmp_path / "c.yaml"


def test_a_folder_label_set_for_a_table_says_it_does_nothing(tmp_path, capsys):
    from cli_runner import run_cli

    table, _ = semeval_tsv_and_config(tmp_path)
    r = run_cli(capsys, "train", tmp_path / "c.yaml", "--data", table, "--label-from-folder",
                "Stance", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert "--label-from-folder Stance (or data.label_from_folder) labels articles by the " in said
    assert "(sem.tsv): a table's labels are its columns, so it does nothing here" in said


def test_a_unit_skipped_for_one_tasks_label_says_it_is_left_out_of_that_task_only(tmp_path):
    from classify.data import load_examples
    from classify.tables import ReadOptions
    from classify.tasks import load_task, shipped_tasks

    rows = [
        {"id": "a", "text": "Talks resumed.", "stance": "favour", "topics": ["normalisation"]},
        {"id": "b", "text": "Sanctions widened.", "stance": "pro", "topics": ["sanctions"]},
    ]
    data = _write(tmp_path / "d.jsonl", rows)
    options = ReadOptions(on_error="skip")
    ex = load_examples(data, options=options)
    stance, topic = (load_task(shipped_tasks()[name]) for name in ("stance", "topic"))
    assert ex.check_labels([stance], options).ids == ["a"]
    assert ex.check_labels([topic], options).ids == ["a", "b"]
    (skipped,) = options.skipped
    assert "label 'pro' is not in task 'stance'" in skipped.reason
    assert skipped.reason.endswith("(left out of task 'stance' only)")


def _dated_rows(path, field, second):
    """Two JSONL rows dated in ``field``: 2017.0, then ``second`` as written."""
    path.write_text(
        f'{{"id": "a", "text": "Talks.", "stance": "favour", "{field}": 2017.0}}\n'
        f'{{"id": "b", "text": "Sanctions.", "stance": "against", "{field}": {second}}}\n',
        encoding="utf-8",
    )
    return path


def test_a_json_number_with_decimals_is_no_date(tmp_path):
    from classify.data import load_examples
    from classify.errors import ClassifyError

    for field, second in (("date", "2024.10"), ("year", "2024.5")):
        path = _dated_rows(tmp_path / f"{field}.jsonl", field, second)
        with pytest.raises(ClassifyError, match=rf"line 2.*cannot read date {second}: a number"):
            load_examples(path)
    path = _dated_rows(tmp_path / "text.jsonl", "date", '"2024.10"')
    assert load_examples(path).dates == ["2017", "2024-10"]


def test_a_text_cell_holding_only_an_exports_null_marker_is_no_text(tmp_path):
    from classify.data import load_examples
    from classify.errors import ClassifyError
    from classify.tables import ReadOptions

    path = tmp_path / "n.csv"
    path.write_text(
        "id,text,stance\n1,Talks resumed,favour\n2,NULL,neutral\n3,\\N,neutral\n"
        "4,#N/A,neutral\n5,Null and void: the deal collapsed,against\n6,nan,neutral\n"
        "7,<NA>,neutral\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ClassifyError, match=r"line 3: row has no text in column 'text' \(only 'NULL'"
    ):
        load_examples(path)
    options = ReadOptions(on_error="skip")
    ex = load_examples(path, options=options)
    assert ex.ids == ["1", "5"]
    assert [s.line for s in options.skipped] == [3, 4, 5, 7, 8]


def test_a_folder_of_files_without_a_suffix_is_told_what_it_holds(tmp_path):
    from classify.articles import read_articles
    from classify.errors import ClassifyError

    for group, name in (("sci.space", "49960"), ("sci.space", "49961"), ("rec.autos", "101")):
        (tmp_path / group).mkdir(exist_ok=True)
        (tmp_path / group / name).write_text("Subject: orbits\n\nA post.\n", encoding="utf-8")
    with pytest.raises(ClassifyError) as err:
        list(read_articles(tmp_path))
    said = str(err.value)
    assert "folder holds no .txt, .html or .mht articles (it holds 3 files without a suffix" in said
    assert "name them .txt" in said


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_task_file_beside_a_config_that_names_the_shipped_task_is_said_unread(tmp_path, suffix):
    from classify.config import load_train_config

    (tmp_path / f"stance{suffix}").write_text(
        "name: stance\nkind: multiclass\nfield: Stance\nlabels: [FAVOR, AGAINST, NONE]\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text("task: stance\nmodel: {family: tfidf-linear}\n", "utf-8")
    with pytest.warns(UserWarning, match=f"the task file stance{suffix} beside the config is not"):
        cfg = load_train_config(tmp_path / "c.yaml")
    assert cfg.task.labels == ("favour", "against", "neutral")


WRAPPED = """EU extends sanctions on Belarus for another year
BRUSSELS, Feb 27 (Reuters) - The European Union on Tuesday extended its
sanctions against Belarusian officials for another year, diplomats said,
citing the continued detention of political prisoners and the lack of
progress on human rights. The measures include asset freezes and travel
bans on more than 170 people, among them senior officials of the
government in Minsk. Ministers said the door to dialogue remained open
if the authorities released those held after the 2020 election.
"""


def test_a_hard_wrapped_txt_without_blank_lines_is_warned_of(tmp_path):
    import warnings

    from classify.articles import parse_article

    with pytest.warns(UserWarning, match="wrapped.txt has no blank lines and most of its lines"):
        article = parse_article(WRAPPED, id="w", path=str(tmp_path / "wrapped.txt"))
    assert len(article.paragraphs) == 7
    # A paragraph a line, as scrapers write text, is said nothing of.
    per_line = "Headline here\n" + "".join(
        f"Paragraph {i} ends a sentence here.\n" for i in range(6)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(parse_article(per_line, id="p", path="p.txt").paragraphs) == 6


def test_a_short_capitalised_body_before_a_dash_is_no_dateline_a_short_city_is():
    from classify.articles import parse_article

    kgb = parse_article("Arrests\n\nKGB — The security service said it held two men.", id="k")
    assert kgb.dateline is None and kgb.paragraphs[0].startswith("KGB — The security")
    rome = parse_article("Talks\n\nROME — Italy said on Monday it would host talks.", id="r")
    assert rome.dateline == "ROME" and rome.paragraphs[0].startswith("Italy said")


def test_a_long_newsletter_pitch_in_a_page_is_no_unit():
    from classify.articles import parse_html

    page = (
        "<html><body><article><h1>Ministers meet</h1>"
        "<p>EU foreign ministers met in Luxembourg on Thursday to discuss sanctions.</p>"
        "<p>Subscribe to our weekly newsletter for the latest EU news delivered to your inbox "
        "every week. Sign up now and never miss a story.</p>"
        "<p>Several ministers called for a ban on potash imports from Belarus.</p>"
        "</article></body></html>"
    )
    article = parse_html(page, id="p")
    assert len(article.paragraphs) == 2
    assert not any("newsletter" in p for p in article.paragraphs)


def test_per_target_figures_can_be_recomputed_from_the_prediction_files(tmp_path):
    from pathlib import Path

    from classify import api
    from classify.evaluation import compute_metrics

    fixture = Path(__file__).parent / "fixtures" / "own" / "stance"
    api.train(fixture / "tfidf.yaml", out=tmp_path / "m", overrides={"evaluation.bootstrap": 0})
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    rows = [json.loads(x) for x in (tmp_path / "m" / "predictions.jsonl").read_text().splitlines()]
    labels = ["FAVOR", "AGAINST", "NONE"]
    for target, figures in metrics["per_target"].items():
        mine = [r for r in rows if r["target"] == target]
        got = compute_metrics(
            "multiclass", labels, np.array([r["gold"] for r in mine]),
            np.array([r["predicted"] for r in mine]), favg=["FAVOR", "AGAINST"],
        )  # fmt: skip
        assert len(mine) == figures["n"] and got["macro_f1"] == figures["macro_f1"]
    # evaluate writes the text as given and the target in its own column.
    api.evaluate(tmp_path / "m", fixture / "test.csv", out=tmp_path / "e", n_bootstrap=0)
    first = json.loads((tmp_path / "e" / "predictions.jsonl").read_text().splitlines()[0])
    assert first["target"] in metrics["per_target"] and not first["text"].startswith(
        first["target"]
    )


def test_an_experiment_reads_a_target_conditioned_tasks_texts_with_their_targets(tmp_path):
    from classify.experiments import run_experiment

    lines = ["id,target,tweet,stance"]
    side = {"border wall": "FAVOR", "solar subsidies": "NONE", "city tram": "AGAINST"}
    for i in range(45):
        target = list(side)[i % 3]
        # The text says nothing; only the target tells the stance.
        lines.append(f"u{i},{target},Some post number {i} here,{side[target]}")
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _target_task(tmp_path / "task.yaml", "t", "stance", "target")
    (tmp_path / "cfg.yaml").write_text(
        "task: task.yaml\nmodel: {family: tfidf-linear}\ndata: {text_column: tweet}\n",
        encoding="utf-8",
    )
    (tmp_path / "exp.yaml").write_text(
        "name: t\ndata: d.csv\nread: {text_column: tweet}\nprotocols: [{name: cv3, cv: 3}]\n"
        "models: [cfg.yaml]\nbootstrap: 50\n",
        encoding="utf-8",
    )
    summary = run_experiment(tmp_path / "exp.yaml")
    (row,) = summary["leaderboards"][0]["rows"]
    assert row["macro_f1"] == 1.0


def test_stray_bytes_of_another_language_are_named_in_their_codepage(tmp_path):
    from classify.data import load_examples
    from classify.errors import ClassifyError
    from classify.tables import ReadOptions

    path = tmp_path / "ru.csv"
    head = "id,text,stance\n1,Café owners welcomed the talks,favour\n".encode()
    path.write_bytes(
        head
        + "3,Путин сказал что переговоры продолжатся,neutral\n".encode("cp1251")
        + "4,Zürich again,neutral\n".encode()
    )
    with pytest.raises(ClassifyError, match=r"at line 3 .* reads as cp1251 there \('3,Путин"):
        load_examples(path, label_fields=["stance"])
    # Read in cp1252 as asked, the warning names the likelier codepage.
    with pytest.warns(UserWarning, match=r"were read as cp1252.*they read as cp1251 \('3,Путин"):
        load_examples(path, label_fields=["stance"], options=ReadOptions(encoding="cp1252"))
    ex = load_examples(path, label_fields=["stance"], options=ReadOptions(encoding="cp1251"))
    assert sorted(ex.texts)[:2] == ["Café owners welcomed the talks", "Zürich again"]
    assert "Путин сказал что переговоры продолжатся" in ex.texts


def test_every_cross_validation_fold_averages_the_labels_the_pooled_figure_does(tmp_path):
    from pathlib import Path

    from sklearn.metrics import f1_score

    from classify import api

    words = {"normalisation": "embassy reopened talks", "sanctions": "sanctions asset freeze",
             "human_rights": "prisoners jailed activists"}  # fmt: skip
    rows = []
    for i in range(40):
        # Sanctions is rare: most folds test no unit of it.
        topics = ["sanctions"] if i in (3, 17) else [("normalisation", "human_rights")[i % 2]]
        said = " ".join(words[t] for t in topics)
        rows.append({"id": f"r{i}", "text": f"Report {i}: {said} today.", "topics": topics})
    data = _write(tmp_path / "d.jsonl", rows)
    shipped = Path(__file__).parent.parent / "configs" / "topic-tfidf.yaml"
    r = api.train(
        shipped, data=data, cv=5, out=tmp_path / "m", overrides={"evaluation.bootstrap": 0}
    )
    preds = [json.loads(x) for x in (tmp_path / "m" / "predictions.jsonl").read_text().splitlines()]
    folds = r.metrics["cv"]["folds"]
    for k, fold in enumerate(folds, start=1):
        mine = [p for p in preds if p["fold"] == k]
        gold = np.array([p["gold"] for p in mine])
        made = np.array([p["predicted"] for p in mine])
        expected = f1_score(gold, made, average="macro", zero_division=0)
        assert abs(fold["macro_f1"] - expected) < 1e-3
    mean = r.metrics["cv"]["summary"]["macro_f1"]["mean"]
    assert abs(mean - np.mean([f["macro_f1"] for f in folds])) < 1e-3


def test_a_date_split_that_parts_an_articles_units_says_so(tmp_path):
    from pathlib import Path

    from corpus_fixtures import live_blog_rows

    from classify import api

    rows = live_blog_rows()
    data = _write(tmp_path / "d.jsonl", rows)
    config = Path(__file__).parent.parent / "configs" / "stance-tfidf.yaml"
    with pytest.warns(UserWarning, match=r"split 'date': \d+ articles have units on both sides"):
        api.train(config, data=data, save=False, overrides={"data.split.cutoff": "2018-01-01"})


def test_target_weight_is_checked_and_said_idle_on_a_task_with_no_target(tmp_path):
    from pathlib import Path

    from classify.config import load_train_config
    from classify.errors import ClassifyError

    fixture = Path(__file__).parent / "fixtures" / "own" / "stance" / "tfidf.yaml"
    for bad in (-2, 0, float("nan")):
        with pytest.raises(ClassifyError, match=r"'model\.params\.target_weight' is .* above 0"):
            load_train_config(fixture, {"model.params.target_weight": bad})
    shipped = Path(__file__).parent.parent / "configs" / "stance-tfidf.yaml"
    with pytest.warns(UserWarning, match="target_weight' does nothing for task 'stance'"):
        load_train_config(shipped, {"model.params.target_weight": 2})


def test_cross_validation_drawing_units_alone_is_said_so(tmp_path, capsys):
    from pathlib import Path

    from cli_runner import run_cli

    rows = [
        {"id": f"r{i}", "text": f"Post {i}: " + ("talks resumed" if i % 2 else "sanctions"),
         "stance": ("against", "favour")[i % 2]}
        for i in range(12)
    ]  # fmt: skip
    data = _write(tmp_path / "d.jsonl", rows)
    config = Path(__file__).parent.parent / "configs" / "stance-tfidf.yaml"
    r = run_cli(capsys, "train", config, "--data", data, "--cv", "20", "--group", "none",
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    warned = " ".join(r.err.split())
    assert "20 folds asked for, more than there are units; ran 12 folds, one unit each" in warned
    assert "12-fold CV, units drawn alone" in said and "grouped by none" not in said
    for page in ("README.md", "report.md"):
        text = (tmp_path / "m" / page).read_text(encoding="utf-8")
        assert "units drawn alone" in text and "grouped by none" not in text


def test_stray_bytes_of_a_latin_language_read_as_letters_alike_are_named_cp1252():
    from classify.tables import stray_codec

    head = "Café owners\n".encode()
    for line, codec, named in (
        ("Le président a déclaré être prêt à négocier\n", "cp1252", "cp1252"),
        ("Wałęsa powiedział że rozmowy będą kontynuowane\n", "cp1250", "cp1250"),
        ("Путин сказал что переговоры продолжатся\n", "cp1251", "cp1251"),
        ("Ο πρωθυπουργός είπε ότι\n", "cp1253", "cp1253"),
    ):
        assert stray_codec(head + line.encode(codec) + "Zürich\n".encode()) == named, line


def test_bodies_before_a_dash_are_no_datelines_and_long_pitches_no_units():
    from classify.articles import parse_article, parse_html

    for body in ("GRU", "BBC", "HAMAS", "FRONTEX"):
        article = parse_article(f"Head\n\n{body} — The agency said two men were held.", id="x")
        assert article.dateline is None, body
    pitch = "the latest news from Brussels and beyond, " * 8
    page = (
        "<html><body><article><h1>M</h1><p>EU ministers met on Thursday to discuss sanctions.</p>"
        f"<p>Subscribe to our free daily Europe newsletter for {pitch}every morning.</p>"
        "<p>Ministers called for a ban.</p></article></body></html>"
    )
    assert len(parse_html(page, id="p").paragraphs) == 2


def test_dataset_build_gives_the_date_reason_for_articles_on_both_sides(tmp_path, capsys):
    from cli_runner import run_cli

    rows = [
        {"id": f"a{a}-{k}", "article_id": f"a{a}", "date": f"{2014 + a // 2 + k}-03-01",
         "text": f"Entry {k} of blog {a}: talks went on.", "stance": ("favour", "against")[a % 2]}
        for a in range(10)
        for k in range(3)
    ]  # fmt: skip
    data = _write(tmp_path / "d.jsonl", rows)
    r = run_cli(capsys, "dataset", "build", data, "--split", "date", "--cutoff", "2018-01-01",
                "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "units on both sides: their units carry dates of their own" in said
    assert "boilerplate" not in said.split("units on both sides")[1][:80]


def test_a_line_in_a_codepage_is_read_wholly_in_it_not_byte_by_byte(tmp_path):
    import io

    from classify.tables import mixed_codec

    data = "\ufeffCafé\n".encode() + "«ТАСС» сообщил, Віктор Міністр\n".encode("cp1251")
    data += "Zürich\n".encode()
    expected = "Café\n«ТАСС» сообщил, Віктор Міністр\nZürich\n"
    assert data.decode(mixed_codec("cp1251")) == expected
    # Streamed in small reads, as a corpus file is.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=mixed_codec("cp1251"), newline="")
    stream._CHUNK_SIZE = 5
    assert stream.read() == expected
