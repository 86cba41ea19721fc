"""Review 39: the annotation loop as a new user met it (files not in UTF-8
as --exclude/--labelled, import results handed on in Python, audit folds,
agreement options, and the hints import gives). Inputs are our own."""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import two_articles as _articles
from test_active import synthetic_rows, write_jsonl
from test_review_workflow import _jsonl

import classify
from classify.errors import ClassifyError

from conftest import ROOT

STANCE_CFG = ROOT / "configs/stance-tfidf.yaml"


def _coder(path: Path, rows: list[tuple[str, str]], encoding: str = "utf-8") -> Path:
    path.write_text(
        "unit,text,stance\n" + "".join(f"{u},{t},{s}\n" for u, t, s in rows), encoding=encoding
    )
    return path


def test_exclude_and_labelled_read_a_file_in_the_encoding_given(capsys, tmp_path):
    arts = _articles(tmp_path / "arts")
    # A sheet saved by Excel on Windows: cp1252, with a curly quote in a note.
    sheet = tmp_path / "ann.csv"
    sheet.write_bytes("unit,stance,note\na1:p1,favour,\u201cclear\u201d\n".encode("cp1252"))
    r = run_cli(
        capsys, "annotate", "export", arts, "--unit", "paragraph", "--exclude", sheet,
        "--encoding", "cp1252", "--out", tmp_path / "ex",
    )  # fmt: skip
    assert r.code == 0, r.err
    ids = [json.loads(x)["unit"] for x in (tmp_path / "ex/units.jsonl").read_text().splitlines()]
    assert "a1:p1" not in ids and "a2:p1" in ids
    # Without the encoding it stops, saying which to pass.
    r = run_cli(
        capsys, "annotate", "export", arts, "--unit", "paragraph", "--exclude", sheet,
        "--out", tmp_path / "ex2",
    )  # fmt: skip
    assert r.code == 1 and "--encoding" in r.err
    # suggest --labelled reads it too.
    data = write_jsonl(tmp_path / "d.jsonl", synthetic_rows(30, seed=1))
    model = classify.train(STANCE_CFG, data=data, out=tmp_path / "m")
    r = run_cli(
        capsys, "annotate", "suggest", tmp_path / "m", arts, "--unit", "paragraph", "--n", "2",
        "--labelled", sheet, "--encoding", "cp1252", "--out", tmp_path / "s",
    )  # fmt: skip
    assert r.code == 0, r.err
    chosen = [json.loads(x)["unit"] for x in (tmp_path / "s/units.jsonl").read_text().splitlines()]
    assert "a1:p1" not in chosen and len(chosen) == 2
    assert model is not None


def test_import_result_goes_on_to_the_next_step(tmp_path):
    arts = _articles(tmp_path / "arts")
    one = _coder(tmp_path / "one.csv", [("a1:p1", "", "favour"), ("a1:p2", "", "against")])
    two = _coder(tmp_path / "two.csv", [("a1:p1", "", "favour"), ("a1:p2", "", "neutral")])
    i1 = classify.import_annotations([one], sources=[arts], unit="paragraph", annotator="x")
    i2 = classify.import_annotations(two, sources=[arts], unit="paragraph", annotator="y")
    assert len(i1) == 2 and "2 records by 1 annotator (x)" in repr(i1)
    r = classify.agreement_report([i1, i2], tmp_path / "agr")
    assert r["units"] == 2 and r["disputed"] == 1 and r["annotators"] == ["x", "y"]
    assert r["files"][0].startswith("ImportResult(2 records")
    # Units labelled in a result are not exported again (a2:p2 has a1:p2's text).
    ex = classify.export_units([arts], tmp_path / "ex", unit="paragraph", exclude=i1)
    assert ex["already_labelled"] == 3 and ex["exported"] == 1
    # write() saves it as the gold file train reads; an existing file is kept.
    gold = i1.write(tmp_path / "gold.jsonl")
    rows = [json.loads(x) for x in gold.read_text().splitlines()]
    assert [(g["unit"], g["stance"], g["annotator"]) for g in rows] == [
        ("a1:p1", "favour", "x"),
        ("a1:p2", "against", "x"),
    ]
    with pytest.raises(ClassifyError, match="already exists"):
        i1.write(tmp_path / "gold.jsonl")
    assert i1.to_pandas()["stance"].tolist() == ["favour", "against"]
    # One label per annotator and unit holds across results given together.
    again = classify.import_annotations([i1, i1])
    assert len(again) == 2 and "has a second 'stance' label" in again.problems[0]


def test_import_in_python_warns_of_rows_left_out(tmp_path):
    arts = _articles(tmp_path / "arts")
    adj = _jsonl(
        tmp_path / "adjudication.jsonl",
        [
            {"unit": "a1:p1", "status": "agreed", "annotations": {}, "stance": "favour", "topics": []},
            {"unit": "a1:p2", "status": "disputed", "annotations": {}, "stance": None, "topics": None},
        ],
    )  # fmt: skip
    with pytest.warns(UserWarning, match=r"1 row did not match and is left out of the 1 records"):
        res = classify.import_annotations([adj], sources=[arts], unit="paragraph")
    assert len(res) == 1
    # Every null field is named, not only the first.
    assert "'stance' and 'topics' are null; fill them in" in res.problems[0]
    # A clean file gives no warning.
    ok = _coder(tmp_path / "ok.csv", [("a1:p1", "", "favour")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify.import_annotations([ok], sources=[arts], unit="paragraph", annotator="x")


def test_audit_says_how_many_folds_ran(capsys, tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", synthetic_rows(24, seed=2))
    r = classify.audit_labels(data, STANCE_CFG, folds=40)
    assert r["folds"] == 24 and r["folds_asked"] == 40
    res = run_cli(capsys, "annotate", "audit", data, "--config", STANCE_CFG, "--folds", "40")
    assert res.code == 0, res.err
    assert "--folds 40 asked for more folds than there are" in res.out
    assert "ran 24 folds, one group each" in res.out


def test_agreement_refuses_negative_resamples_and_notes_three_annotators(capsys, tmp_path):
    files = [
        _jsonl(tmp_path / f"{who}.jsonl", [{"unit": "u1", "stance": s, "annotator": who},
                                          {"unit": "u2", "stance": "neutral", "annotator": who}])
        for who, s in (("a", "favour"), ("b", "favour"), ("c", "against"))
    ]  # fmt: skip
    r = run_cli(
        capsys, "annotate", "agreement", *files, "--bootstrap", "-5", "--out", tmp_path / "x"
    )
    assert r.code == 1 and "--bootstrap -5 is below 0" in r.err and "Traceback" not in r.err
    with pytest.raises(ClassifyError, match="n_bootstrap=-1 is below 0"):
        classify.agreement_report(files, tmp_path / "y", n_bootstrap=-1)
    r = run_cli(capsys, "annotate", "agreement", *files, "--out", tmp_path / "z")
    assert r.code == 0, r.err
    assert "Cohen's kappa compares two annotators, so with 3 it is not given" in r.out


def test_import_hints(capsys, tmp_path):
    arts = _articles(tmp_path / "arts")
    out = tmp_path / "o.jsonl"
    # Ids a spreadsheet read as numbers, against a table whose ids are padded.
    table = tmp_path / "t.csv"
    table.write_text("id,text\n001,Envoys met.\n002,Sanctions stay.\n", encoding="utf-8")
    sheet = _coder(tmp_path / "s.csv", [("1", "", "favour")])
    r = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "x", "--source", table, "--out", out
    )
    assert (
        r.code == 1
        and "the sources have '001': a spreadsheet rewrites ids it reads as numbers" in r.err
    )
    # Spaces typed around an id are not part of it.
    spaced = _coder(tmp_path / "sp.csv", [(" a1:p1 ", "", "favour")])
    r = run_cli(
        capsys, "annotate", "import", spaced, "--annotator", "x", "--source", arts,
        "--unit", "paragraph", "--out", out,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert json.loads(out.read_text())["unit"] == "a1:p1"
    # A doccano row carries no level: its id says it is a paragraph.
    doccano = _jsonl(tmp_path / "d.jsonl", [{"unit": "a1:p1", "label": ["stance:favour"]}])
    r = run_cli(
        capsys, "annotate", "import", doccano, "--annotator", "x", "--source", arts,
        "--unit", "sentence", "--out", tmp_path / "o2.jsonl",
    )  # fmt: skip
    assert r.code == 1 and "the row is a paragraph unit" in r.err and "--unit paragraph" in r.err
    # Labels joined by a separator that is not one, and an abbreviation.
    bad = tmp_path / "b.csv"
    bad.write_text(
        "unit,topics,stance\na1:p1,sanctions/human rights,favour\na1:p2,,fav\n", encoding="utf-8"
    )
    r = run_cli(
        capsys, "annotate", "import", bad, "--annotator", "x", "--out", tmp_path / "o3.jsonl"
    )
    assert "separated by ';' ('sanctions;human_rights')" in r.err
    assert "label 'fav' is not in task 'stance'" in r.err and "did you mean 'favour'?" in r.err
    # A folder of coders' files, and a workbook.
    coders = tmp_path / "coders"
    coders.mkdir()
    _coder(coders / "x.csv", [("a1:p1", "", "favour")])
    r = run_cli(capsys, "annotate", "import", coders, "--out", tmp_path / "o4.jsonl")
    assert r.code == 1 and f"give the files in it ({coders}/*.csv)" in r.err
    book = tmp_path / "sheet.xlsx"
    book.write_bytes(b"PK\x03\x04")
    r = run_cli(
        capsys, "annotate", "import", book, "--annotator", "x", "--out", tmp_path / "o5.jsonl"
    )
    assert r.code == 1 and "save the sheet as CSV" in r.err


def test_label_hints_for_abbreviations_and_separators():
    from classify.tasks import Task

    rel = Task("relation", "multiclass", ("cooperation", "conflict", "none"))
    assert rel.label_hint("coop") == "; did you mean 'cooperation'?"
    assert rel.label_hint("co") == ""  # too short to say
    assert rel.label_hint("con") == "; did you mean 'conflict'?"
    topics = Task("topic", "multilabel", ("normalisation", "sanctions", "human_rights"))
    assert "('normalisation;sanctions')" in topics.label_hint("normalisation + sanctions")


def test_duplicate_rows_are_named_as_such(tmp_path):
    arts = _articles(tmp_path / "arts")
    f = _coder(tmp_path / "dup.csv", [("a1:p1", "", "favour"), ("a1:p1", "", "favour")])
    with pytest.warns(UserWarning):
        res = classify.import_annotations([f], sources=[arts], unit="paragraph", annotator="x")
    assert "is labelled again, alike, by annotator 'x'" in res.problems[0]
    assert "a duplicate row; delete one" in res.problems[0]
    g = tmp_path / "gold.csv"
    g.write_text("unit,stance\na1:p1,favour\na1:p1,favour\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match=r"is labelled again, alike \(first at line 2\)"):
        classify.build_dataset([arts], tmp_path / "ds", annotations=g, unit="paragraph")


def test_label_studio_min_keeps_the_annotation_time(tmp_path):
    f = tmp_path / "min.json"
    f.write_text(
        json.dumps(
            [{"unit": "u1", "text": "t", "stance": "favour", "annotator": 3,
              "annotation_id": 9, "created_at": "2025-10-02T09:00:00Z"}]
        ),
        encoding="utf-8",
    )  # fmt: skip
    res = classify.import_annotations([f])
    assert res.records[0].time == "2025-10-02T09:00:00Z"


def test_export_says_when_a_sample_is_larger_than_the_pool(tmp_path):
    arts = _articles(tmp_path / "arts")
    # Four units, one text twice (sampled once).
    with pytest.warns(
        UserWarning, match="sample=50 asks for more units than are left to label; all 3"
    ):
        s = classify.export_units([arts], tmp_path / "ex", unit="paragraph", sample=50)
    assert s["exported"] == 3 and s["repeats_skipped"] == 1


def test_readme_annotation_notebook_block_runs_as_written(tmp_path, monkeypatch):
    import re
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Annotation: from raw articles to gold labels", 1)[1]
    block = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], re.S)[0]
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "tests/fixtures/annotation", tmp_path / "tests/fixtures/annotation")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    assert scope["agreement"]["annotators"] == ["ann1", "ann2"]
    gold = [json.loads(x) for x in Path("runs/annotation/gold-py.jsonl").read_text().splitlines()]
    assert len(gold) == len(scope["gold"]) > 0
    assert scope["next_batch"]["exported"] == 5


# -- analyse (review 39b) ----------------------------------------------------------


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    from corpus_fixtures import labelled_rows, train_tfidf
    from corpus_fixtures import write_jsonl as write_rows

    root = tmp_path_factory.mktemp("r39")
    return train_tfidf("stance", write_rows(root / "train.jsonl", labelled_rows()), root / "stance")


def test_speaker_column_named_as_a_spreadsheet_names_it(stance_model, tmp_path):
    corpus = tmp_path / "un.csv"
    corpus.write_text(
        "Text,Year,Speaker\n"
        "We stand ready for dialogue with all partners.,2019,Ryzhenkov\n"
        "We call for the release of all political prisoners.,2019,Nauseda\n",
        encoding="utf-8",
    )
    table = classify.analyse([stance_model], corpus, by="speaker", n_bootstrap=0, min_units=1)
    assert set(table["group"]) == {"Ryzhenkov", "Nauseda"}
    frame = pd.read_csv(corpus)
    table = classify.analyse([stance_model], frame, by="speaker", n_bootstrap=0, min_units=1)
    assert set(table["group"]) == {"Ryzhenkov", "Nauseda"}


def test_outlets_spelled_in_other_cases_are_one_group():
    from classify.analysis import case_merged, group_keys, group_members

    frame = pd.DataFrame({"source": ["Reuters", "REUTERS", "Reuters", "le monde", "Le Monde"]})
    assert group_keys(frame, "source") == ["Reuters"] * 3 + ["le monde"] * 2
    frame["sources"] = [["AP"], ["ap", "AP"], [], [], ["Ap"]]
    rows, keys = group_members(frame, "source")
    # Row 1 cites AP twice, in two cases: it is in that group once.
    assert list(zip(rows.tolist(), keys)) == [
        (0, "Reuters"), (0, "AP"), (1, "Reuters"), (1, "AP"), (2, "Reuters"),
        (3, "le monde"), (4, "le monde"), (4, "AP"),
    ]  # fmt: skip
    assert case_merged(["b", "B", "B"]) == ["B", "B", "B"]
    # A period beside: the outlet part is merged, the groups keep their years.
    frame = pd.DataFrame({"source": ["Reuters", "REUTERS"], "date": ["2019-01-02", "2020-03-04"]})
    assert group_keys(frame, "source,year") == ["Reuters | 2019", "Reuters | 2020"]


def test_pandas_completed_dates_are_warned_about_at_a_tenth(tmp_path):
    import numpy as np

    from classify.memory import memory_articles

    rng = np.random.default_rng(0)
    days = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365, 540), "D")
    natural = pd.DataFrame({"id": [str(i) for i in range(540)], "text": "t", "date": days})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(memory_articles(natural))
    # 60 year-only dates that pandas made 1 January.
    coarse = pd.DataFrame(
        {"id": [f"y{i}" for i in range(60)], "text": "t",
         "date": pd.to_datetime([f"{2016 + i % 5}" for i in range(60)])}
    )  # fmt: skip
    with pytest.warns(UserWarning, match=r"on the first of a month \(about 20 expected\)"):
        list(memory_articles(pd.concat([natural, coarse], ignore_index=True)))


def test_python_keywords_say_which_they_mean(stance_model, tmp_path):
    with pytest.raises(TypeError, match=r"'bootstrap'; did you mean 'n_bootstrap'\?"):
        classify.analyse([stance_model], ["x"], bootstrap=0)
    with pytest.raises(TypeError, match=r"options=ReadOptions\(date_column=\.\.\.\)"):
        classify.analyse([stance_model], ["x"], date_column="published")
    with pytest.raises(TypeError, match=r"did you mean 'methods'\?"):
        classify.analyse([stance_model], ["x"], methds=["naive"])
    with pytest.raises(ClassifyError, match=r"unknown headline method 'foo' \(allowed: naive"):
        classify.analyse([stance_model], ["x"], headline="foo")
    with pytest.raises(ClassifyError, match="the DataFrame given as the corpus has no rows"):
        classify.analyse([stance_model], pd.DataFrame({"text": []}))


def test_analyse_names_the_argument_that_is_not_a_model(stance_model, tmp_path, capsys):
    corpus = _jsonl(tmp_path / "c.jsonl", [{"id": "1", "text": "Talks resumed."}])
    typo = Path(str(stance_model)[:-1])
    r = run_cli(capsys, "analyse", typo, corpus, "--out", tmp_path / "o")
    assert r.code == 1 and f"{typo}: not found; did you mean {stance_model}?" in r.err
    r = run_cli(capsys, "analyse", tmp_path, corpus, "--out", tmp_path / "o")
    assert r.code == 1 and "not a model folder, it has no model.json" in r.err
    r = run_cli(
        capsys, "analyse", Path(stance_model) / "model.json", corpus, "--out", tmp_path / "o"
    )
    assert r.code == 1 and f"a model's model.json: give its folder ({stance_model})" in r.err


def test_a_missing_text_column_lists_the_file_s_own_columns(stance_model, tmp_path, capsys):
    corpus = _jsonl(
        tmp_path / "c.jsonl",
        [{"id": 0, "published": "2020-01-01", "outlet": "X", "body": "Talks."}],
    )
    r = run_cli(capsys, "analyse", stance_model, corpus, "--out", tmp_path / "o")
    assert r.code == 1
    assert "(columns: id, published, outlet, body; choose one with --text-column NAME)" in r.err


# -- the check of review 39 (review 39c) ---------------------------------------------


def test_python_import_reads_the_sources_in_the_encoding_given(tmp_path):
    pool = tmp_path / "pool.csv"
    pool.write_bytes("id,text\nu1,Talks \u201cresumed\u201d in Minsk.\n".encode("cp1252"))
    coder = tmp_path / "alice.csv"
    coder.write_bytes("unit,stance\nu1,favour\n".encode("cp1252"))
    res = classify.import_annotations([coder], annotator="a", sources=[pool], encoding="cp1252")
    assert [(r.unit, r.text) for r in res.records] == [
        ("u1", "Talks \u201cresumed\u201d in Minsk.")
    ]


def test_exclude_ids_meant_for_these_sources_are_warned_about(capsys, tmp_path):
    src = tmp_path / "src.csv"
    src.write_text("id,text\n001,Envoys met.\n002,Sanctions stay.\n003,Rain.\n", encoding="utf-8")
    stripped = _coder(tmp_path / "x.csv", [("1", "", "favour"), ("2", "", "against")])
    r = run_cli(capsys, "annotate", "export", src, "--exclude", stripped, "--out", tmp_path / "e")
    assert r.code == 0, r.err
    said = " ".join((r.out + r.err).split())
    assert "the --exclude files label 2 ids such as '1' for the sources' '001'" in said
    # Ids of paragraphs against sentence units: their articles are here.
    arts = _articles(tmp_path / "arts")
    para = _coder(tmp_path / "p.csv", [("a1:p1", "", "favour")])
    with pytest.warns(UserWarning, match=r"1 unit of articles among the sources, such as 'a1:p1'"):
        classify.export_units([arts], tmp_path / "e2", unit="sentence", exclude=para)
    # Ids of another collection say nothing.
    other = _coder(tmp_path / "o.csv", [("zz9", "", "favour")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify.export_units([arts], tmp_path / "e3", unit="paragraph", exclude=other)


def test_model_paths_and_keywords_named_in_python(stance_model, tmp_path):
    typo = Path(str(stance_model)[:-1])
    with pytest.raises(
        ClassifyError, match=rf"model folder not found; did you mean {stance_model}\?"
    ):
        classify.load_model(typo)
    with pytest.raises(ClassifyError, match=r"a model's model.json: give its folder"):
        classify.load_model(Path(stance_model) / "model.json")
    with pytest.raises(TypeError, match=r"'bootstrap'; did you mean 'n_bootstrap'\?"):
        classify.agreement_report(["a.jsonl"], tmp_path / "x", bootstrap=10)
    with pytest.raises(ClassifyError, match=r"folds=1 is below 2"):
        classify.audit_labels(tmp_path / "d.jsonl", STANCE_CFG, folds=1)


def test_text_only_rows_of_another_level_say_which_unit(tmp_path):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a1.txt").write_text(
        "Talks\n\nThe two governments agreed on Monday to reopen their embassies. "
        "Officials called it a first step.\n\nRain fell all day in the capital city.\n",
        encoding="utf-8",
    )
    para = _jsonl(tmp_path / "p.jsonl", [{"text": "The two governments agreed on Monday to "
                  "reopen their embassies. Officials called it a first step.", "label": ["stance:favour"]}])  # fmt: skip
    with pytest.warns(UserWarning):
        res = classify.import_annotations([para], annotator="x", sources=[arts], unit="sentence")
    assert "it holds 2 sentence units" in res.problems[0]
    assert "unit='paragraph' or unit='article'" in res.problems[0]
    sent = _jsonl(tmp_path / "s.jsonl", [{"text": "Officials called it a first step.",
                                          "label": ["stance:favour"]}])  # fmt: skip
    with pytest.warns(UserWarning):
        res = classify.import_annotations([sent], annotator="x", sources=[arts], unit="paragraph")
    assert "it is part of unit 'a1:p1'" in res.problems[0] and "unit='sentence'" in res.problems[0]


# -- any corpus, any task (review 39d) -----------------------------------------------

OWN = ROOT / "tests" / "fixtures" / "own"


@pytest.fixture(scope="module")
def target_model(tmp_path_factory):
    return classify.train(
        OWN / "stance" / "tfidf.yaml", out=tmp_path_factory.mktemp("t") / "m"
    ).model


def test_a_task_whose_column_is_missing_is_not_replaced_by_another(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text(
        "tweet,target,label\nWe need turbines.,wind power,FAVOR\nNo reactors.,nuclear power,AGAINST\n",
        encoding="utf-8",
    )
    r = run_cli(
        capsys, "dataset", "build", data, "--task", OWN / "stance" / "task.yaml",
        "--text-column", "tweet", "--out", tmp_path / "ds",
    )  # fmt: skip
    assert r.code == 1 and not (tmp_path / "ds").exists()
    # Named with the table's columns (review 55: "read only 'target'" hid the label column).
    assert "no label column 'stance' (the task's 'field'" in r.err
    assert "columns read: tweet, target, label" in r.err
    # A folder label under a field no task reads.
    r = run_cli(
        capsys, "dataset", "build", OWN / "news", "--task", OWN / "category.yaml",
        "--label-from-folder", "section", "--out", tmp_path / "ds2",
    )  # fmt: skip
    assert r.code == 1 and "--label-from-folder section labels the field 'section'" in r.err
    r = run_cli(capsys, "dataset", "build", OWN / "news", "--label-from-folder", "section",
                "--out", tmp_path / "ds3")  # fmt: skip
    assert r.code == 1 and "pass the task file whose 'field' is 'section' (--task FILE)" in r.err


def test_target_model_predicts_its_own_column_and_merges_target_cases(
    target_model, tmp_path, capsys
):
    rows = list(csv.DictReader((OWN / "stance" / "test.csv").open(encoding="utf-8")))
    frame = pd.DataFrame(rows)[["tweet", "target"]]
    got = classify.predict(target_model, frame)
    assert got.name == "stance" and set(got) <= {"FAVOR", "AGAINST", "NONE"}
    # One target spelled two ways is one row of the per-target figures.
    mixed = tmp_path / "mixed.csv"
    with mixed.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for i, row in enumerate(rows):
            w.writerow(dict(row, target=row["target"].upper() if i % 2 else row["target"]))
    r = run_cli(capsys, "evaluate", target_model.path, mixed, "--out", tmp_path / "ev")
    assert r.code == 0, r.err
    per = json.loads((tmp_path / "ev" / "metrics.json").read_text())["per_target"]
    assert len(per) == len({row["target"].casefold() for row in rows})
    assert sum(v["n"] for v in per.values()) == len(rows)
    # evaluate prints the table too, as train does.
    assert "per target" in r.out and "(pooled)" in r.out
    # A bare text (no target) is scored with a warning.
    with pytest.warns(UserWarning, match="name none"):
        target_model.predict("We need more wind farms.")


def test_copies_labelled_alike_in_two_cases_are_no_conflict(tmp_path):
    from classify.data import copies, load_examples
    from classify.tasks import load_task

    task = load_task(OWN / "stance" / "task.yaml")
    data = _jsonl(tmp_path / "c.jsonl", [
        {"id": "1", "text": "Turbines, not reactors!", "stance": "AGAINST", "target": "wind power"},
        {"id": "2", "text": "Turbines, not reactors!", "stance": "against", "target": "Wind Power"},
        {"id": "3", "text": "Turbines, not reactors!", "stance": "FAVOR", "target": "wind power"},
    ])  # fmt: skip
    ex = load_examples([data], label_fields=["stance", "target"])
    found = copies(ex, [task])
    assert found["conflicting"]["stance"]["n"] == 1
    assert found["conflicting"]["stance"]["first"][0][0] == "3"


def test_article_model_predicting_paragraphs_says_so(tmp_path):
    model = classify.train(OWN / "category-tfidf.yaml", out=tmp_path / "m").model
    with pytest.warns(UserWarning, match="trained on whole articles; these articles are predicted"):
        classify.predict(model, OWN / "news")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify.predict(model, OWN / "news", unit="article")


def _favg_task(folder: Path, averaged: str) -> Path:
    """A FAVOR/AGAINST/NONE task file whose F_avg averages ``averaged``."""
    path = folder / "task.yaml"
    path.write_text(
        "name: s\nkind: multiclass\nfield: stance\nlabels: [FAVOR, AGAINST, NONE]\n"
        f"metric: f_avg\nmetric_labels: [{averaged}]\n",
        encoding="utf-8",
    )
    return path


def test_task_files_and_train_small_points(tmp_path):
    from classify.tasks import load_task

    assert load_task(_favg_task(tmp_path, "favor, against")).metric_labels == ("FAVOR", "AGAINST")
    topics = load_task(ROOT / "classify/task_files/topic.yaml")
    assert "is written []" in topics.label_hint("none")
    with pytest.warns(UserWarning, match=r"the test data \(.*test.csv\) is not used"):
        classify.train(OWN / "stance" / "tfidf.yaml", cv=3, save=False)


def test_target_column_and_metric_labels_checked_early(tmp_path, target_model):
    from classify.tasks import load_task

    with pytest.raises(ClassifyError, match="names a label twice"):
        load_task(_favg_task(tmp_path, "favor, FAVOR"))
    with pytest.raises(ClassifyError, match="'pro' is not one"):
        load_task(_favg_task(tmp_path, "favor, pro"))
    data = tmp_path / "d.csv"
    data.write_text("tweet,stance\nWe need turbines.,FAVOR\nNo.,AGAINST\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="needs a stance target per row in column 'target'"):
        classify.build_dataset([data], tmp_path / "ds", tasks=[OWN / "stance" / "task.yaml"],
                               text_column="tweet")  # fmt: skip
    assert not (tmp_path / "ds").exists()
    with pytest.raises(ClassifyError, match="no stance target column 'target' in the data"):
        classify.predict(target_model, pd.DataFrame({"tweet": ["We need turbines."]}))


def test_label_from_folder_needs_label_folders_and_names_empty_ones(tmp_path):
    import shutil

    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "001.txt").write_text("Title\n\nBody text here.\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="articles sit at its top: give the folder that holds"):
        classify.build_dataset([flat], tmp_path / "d1", tasks=[OWN / "category.yaml"],
                               options=classify.ReadOptions(label_from_folder="category"))  # fmt: skip
    news = tmp_path / "news"
    shutil.copytree(OWN / "news", news)
    (news / "culture").mkdir()
    (news / "__MACOSX").mkdir()
    (news / "loose.txt").write_text("Title\n\nA loose article.\n", encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        classify.build_dataset([news], tmp_path / "d2", tasks=[OWN / "category.yaml"],
                               options=classify.ReadOptions(label_from_folder="category"))  # fmt: skip
    said = [str(w.message) for w in caught]
    assert any(
        "folder 'culture' holds no article, so no unit is labelled 'culture'" in m for m in said
    )
    assert any("1 article sits at the top of the folder, in no label folder" in m for m in said)
    assert not any("__MACOSX" in m for m in said)
