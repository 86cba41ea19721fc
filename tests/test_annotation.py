"""The annotation round trip: export, import (our CSV/JSONL, Label Studio,
doccano, adjudication), agreement and adjudication, on the seed article and
on files written here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_runner import run_cli

from classify import annotation
from classify.tasks import load_task

from conftest import ROOT, SEEDS

FIX = Path(__file__).parent / "fixtures" / "annotation"
TASKS = [ROOT / "configs/tasks/topic.yaml", ROOT / "configs/tasks/stance.yaml"]
A = "000_87e967da3ce2b364"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def assert_one_line_error(result, *needles: str) -> None:
    assert result.code == 1, (result.out, result.err)
    lines = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    for needle in needles:
        assert needle in lines[0], lines[0]


# -- export ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "label-studio", "doccano"])
def test_export_every_format_has_every_unit(tmp_path, fmt):
    s = annotation.export_units([SEEDS], tmp_path, unit="paragraph", format=fmt, tasks=TASKS)
    assert s["exported"] == 10
    if fmt == "csv":
        # A byte-order mark, so Excel opens the file as UTF-8.
        assert (tmp_path / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        with open(tmp_path / "units.csv", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        assert {r["topics"] for r in rows} == {""} and rows[0]["unit"] == f"{A}:p1"
    elif fmt == "jsonl":
        rows = _jsonl(tmp_path / "units.jsonl")
        assert rows[0]["topics"] is None and rows[0]["stance"] is None
    elif fmt == "label-studio":
        tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
        assert len(tasks) == 10 and tasks[0]["data"]["unit"] == f"{A}:p1"
        xml = (tmp_path / "config.xml").read_text(encoding="utf-8")
        import xml.etree.ElementTree as ET

        root = ET.fromstring(xml)
        choices = {c.get("name"): c for c in root.iter("Choices")}
        assert choices["topics"].get("choice") == "multiple"
        assert choices["stance"].get("choice") == "single"
        hints = {c.get("value"): c.get("hint") for c in choices["stance"].iter("Choice")}
        assert hints["against"] == load_task(TASKS[1]).descriptions["against"]
    else:
        rows = _jsonl(tmp_path / "units.jsonl")
        assert rows[0]["label"] == []
        labels = json.loads((tmp_path / "labels.json").read_text())
        assert {"text": "topic:sanctions"} in labels and {"text": "stance:neutral"} in labels


def test_export_leaves_out_labelled_units_and_samples(tmp_path):
    done = _write_jsonl(
        tmp_path / "done.jsonl",
        [{"unit": f"{A}:p{i}", "stance": "neutral"} for i in (1, 2, 3)],
    )
    s = annotation.export_units(
        [SEEDS], tmp_path / "out", unit="paragraph", tasks=TASKS, exclude=[done]
    )
    ids = [r["unit"] for r in _jsonl(tmp_path / "out" / "units.jsonl")]
    assert s["already_labelled"] == 3 and len(ids) == 7 and f"{A}:p1" not in ids
    s = annotation.export_units(
        [SEEDS], tmp_path / "s", unit="sentence", tasks=TASKS, sample=4, seed=1
    )
    assert s["exported"] == 4 and s["units"] == 14


def test_export_leaves_out_near_copies_of_labelled_text(tmp_path, capsys):
    seeds = {r["unit"]: r for r in _jsonl(SEEDS / "annotations.jsonl")}
    # An ALL-CAPS copy of a labelled paragraph is that paragraph (as suggest
    # treats it); a paragraph of other words is not.
    done = _write_jsonl(
        tmp_path / "done.jsonl",
        [{"unit": "old-1", "text": seeds[f"{A}:p2"]["text"].upper(), "stance": "neutral"}],
    )
    s = annotation.export_units(
        [SEEDS], tmp_path / "out", unit="paragraph", tasks=TASKS, exclude=[done]
    )
    ids = [r["unit"] for r in _jsonl(tmp_path / "out" / "units.jsonl")]
    assert s["near_duplicates_skipped"] == 1 and s["already_labelled"] == 0
    assert len(ids) == 9 and f"{A}:p2" not in ids
    res = _export_seeds_excluding(capsys, done, tmp_path / "cli")
    assert res.code == 0, res.err
    assert "1 near-duplicates of labelled units" in " ".join(res.out.split())


def test_a_sample_holds_one_text_once(tmp_path, capsys):
    # One agency story under three headlines: a sample hands it out once.
    folder = tmp_path / "pool"
    folder.mkdir()
    story = "Belarus released 16 more political prisoners on Thursday, officials said."
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Headline {name}\n\n{story}\n", encoding="utf-8")
    (folder / "d.txt").write_text("Headline d\n\nTalks resumed in Vilnius.\n", encoding="utf-8")
    s = annotation.export_units([folder], tmp_path / "out", unit="paragraph", tasks=TASKS, sample=4)
    texts = [r["text"] for r in _jsonl(tmp_path / "out" / "units.jsonl")]
    assert s["repeats_skipped"] == 2 and s["exported"] == 2 and sorted(set(texts)) == sorted(texts)
    # Without a sample every unit is exported (each keeps its own id).
    s = annotation.export_units([folder], tmp_path / "all", unit="paragraph", tasks=TASKS)
    assert s["exported"] == 4 and s["repeats_skipped"] == 0
    res = run_cli(
        capsys, "annotate", "export", folder, "--unit", "paragraph", "--sample", "3",
        "--out", tmp_path / "cli", *_task_args(),
    )  # fmt: skip
    assert res.code == 0, res.err
    assert "2 repeating another unit's text" in " ".join(res.out.split())


def test_stratified_sampling_spreads_over_groups():
    groups = ["a"] * 10 + ["b"] * 10 + ["c"] * 2
    picked = annotation.sample_units(22, 6, strategy="stratified", groups=groups, seed=0)
    chosen = [groups[i] for i in picked]
    assert sorted(set(chosen)) == ["a", "b", "c"] and chosen.count("c") == 2
    assert annotation.sample_units(5, 2, strategy="active", scores=[0.1, 0.9, 0.5, 0.95, 0]) == [
        1,
        3,
    ]


# -- import ----------------------------------------------------------------------------


def test_import_label_studio_and_doccano_exports():
    ls = annotation.import_annotations(
        [FIX / "ann1-label-studio.json"],
        annotator="ann1",
        sources=[SEEDS],
        unit="paragraph",
        tasks=TASKS,
    )
    dc = annotation.import_annotations(
        [FIX / "ann2-doccano.jsonl"],
        annotator="ann2",
        sources=[SEEDS],
        unit="paragraph",
        tasks=TASKS,
    )
    assert not ls.problems and not dc.problems
    assert len(ls.records) == len(dc.records) == 10
    by_unit = {r.unit: r for r in ls.records}
    assert by_unit[f"{A}:p3"].values == {"topics": ["sanctions"], "stance": "favour"}
    assert by_unit[f"{A}:p6"].values["stance"] == "neutral"
    assert by_unit[f"{A}:p3"].time.startswith("2026-11-30T10:")
    d = {r.unit: r for r in dc.records}
    assert d[f"{A}:p10"].values == {
        "topics": ["normalisation", "human_rights"],
        "stance": "neutral",
    }
    assert d[f"{A}:p1"].text.startswith("President Donald Trump")


def test_import_our_csv_with_empty_topic_set(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text(
        "unit,text,topics,stance\n"
        f"{A}:p1,,normalisation;sanctions,favour\n"
        f"{A}:p2,,,neutral\n"
        f"{A}:p3,,,\n",
        encoding="utf-8",
    )
    r = annotation.import_annotations(
        [f], annotator="me", sources=[SEEDS], unit="paragraph", tasks=TASKS
    )
    assert r.unlabelled == 1 and not r.problems
    assert [x.values for x in r.records] == [
        {"topics": ["normalisation", "sanctions"], "stance": "favour"},
        {"topics": [], "stance": "neutral"},
    ]


def test_exported_csv_filled_in_reads_back(tmp_path):
    annotation.export_units([SEEDS], tmp_path, unit="sentence", format="csv", tasks=TASKS)
    with open(tmp_path / "units.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    rows[0]["topics"], rows[0]["stance"] = "normalisation", "favour"
    rows[1]["stance"] = "neutral"
    with open(tmp_path / "done.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    r = annotation.import_annotations(
        [tmp_path / "done.csv"], annotator="me", sources=[SEEDS], unit="sentence", tasks=TASKS
    )
    assert not r.problems and r.unlabelled == 12
    assert [x.values for x in r.records] == [
        {"topics": ["normalisation"], "stance": "favour"},
        {"topics": [], "stance": "neutral"},
    ]
    # A stance-only project: no topic column at all.
    only = annotation.import_annotations(
        [tmp_path / "done.csv"], sources=[SEEDS], unit="sentence", tasks=[TASKS[1]]
    )
    assert [x.values for x in only.records] == [{"stance": "favour"}, {"stance": "neutral"}]


def test_import_reports_what_did_not_match(tmp_path):
    f = _write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {"unit": f"{A}:p1", "topics": ["normalisation"], "stance": "pro"},
            {"unit": f"{A}:p99", "topics": [], "stance": "neutral"},
            {"unit": f"{A}:p2", "topics": ["trade"], "stance": "neutral"},
            {"unit": f"{A}:p3", "topics": [], "stance": "neutral"},
        ],
    )
    r = annotation.import_annotations([f], sources=[SEEDS], unit="paragraph", tasks=TASKS)
    assert len(r.records) == 1 and len(r.problems) == 3
    assert "line 1: label 'pro' is not in task 'stance'" in r.problems[0]
    assert "line 2: unit '000_87e967da3ce2b364:p99' is not in the sources" in r.problems[1]
    assert "label 'trade'" in r.problems[2]


def test_import_cli_round_trip_and_errors(tmp_path, capsys):
    out = tmp_path / "ann1.jsonl"
    res = run_cli(
        capsys,
        "annotate",
        "import",
        FIX / "ann1-label-studio.json",
        "--annotator",
        "ann1",
        "--source",
        SEEDS,
        "--unit",
        "paragraph",
        "--out",
        out,
        *_task_args(),
    )
    assert res.code == 0, res.err
    rows = _jsonl(out)
    assert len(rows) == 10 and {r["annotator"] for r in rows} == {"ann1"}
    # What import writes is what dataset building reads.
    from classify.data import load_examples

    ex = load_examples(SEEDS, annotations=out, unit="paragraph")
    assert len(ex) == 10

    bad = _write_jsonl(tmp_path / "bad.jsonl", [{"unit": f"{A}:p1", "topics": [], "stance": "pro"}])
    res = run_cli(
        capsys,
        "annotate",
        "import",
        bad,
        "--source",
        SEEDS,
        "--unit",
        "paragraph",
        "--out",
        tmp_path / "x.jsonl",
        *_task_args(),
    )
    assert_one_line_error(res, "1 row did not match")
    assert "label 'pro'" in res.err and not (tmp_path / "x.jsonl").exists()

    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    res = run_cli(
        capsys, "annotate", "import", broken, "--out", tmp_path / "y.jsonl", *_task_args()
    )
    assert_one_line_error(res, "broken.json", "not valid JSON")
    res = run_cli(
        capsys, "annotate", "import", tmp_path / "nope.jsonl", "--out", tmp_path / "y.jsonl"
    )
    assert_one_line_error(res, "nope.jsonl", "file not found")


def _task_args() -> list:
    return [x for t in TASKS for x in ("--task", t)]


def _export_seeds_excluding(capsys, done: Path, out: Path):
    """``annotate export seeds --unit paragraph --exclude DONE`` with the tasks."""
    return run_cli(
        capsys,
        "annotate",
        "export",
        SEEDS,
        "--unit",
        "paragraph",
        "--exclude",
        done,
        "--out",
        out,
        *_task_args(),
    )


# -- agreement and adjudication ----------------------------------------------------------------


def _two_annotators(tmp_path: Path) -> tuple[Path, Path]:
    paths = []
    for name, fixture in (("ann1", "ann1-label-studio.json"), ("ann2", "ann2-doccano.jsonl")):
        r = annotation.import_annotations(
            [FIX / fixture], annotator=name, sources=[SEEDS], unit="paragraph", tasks=TASKS
        )
        paths.append(annotation.write_records(tmp_path / f"{name}.jsonl", r.records))
    return paths[0], paths[1]


def test_agreement_on_the_fixtures_matches_hand_counts(tmp_path):
    a, b = _two_annotators(tmp_path)
    r = annotation.agreement_report([a, b], tmp_path / "agr", tasks=TASKS, n_bootstrap=100)
    rows = {row["name"]: row for row in r["rows"]}
    # Stance: the annotators differ on p6 (neutral/against) and p10 (favour/neutral):
    # 8/10 agree. ann1: favour 8, neutral 1, against 1; ann2: favour 7, against 2, neutral 1.
    # p_e = .8*.7 + .1*.2 + .1*.1 = .59 -> kappa = (.8 - .59) / .41
    assert rows["stance"]["percent_agreement"] == pytest.approx(0.8)
    # Stored to six decimals, so a table's three are rounded once (0.512).
    assert rows["stance"]["cohen_kappa"] == pytest.approx(0.21 / 0.41, abs=1e-6)
    # Topic sanctions: both mark p3 only -> perfect agreement.
    assert rows["topic: sanctions"]["percent_agreement"] == 1.0
    assert rows["topic: human_rights"]["percent_agreement"] == pytest.approx(0.9)
    assert r["disputed"] == 4
    md = (tmp_path / "agr" / "agreement.md").read_text(encoding="utf-8")
    html = (tmp_path / "agr" / "agreement.html").read_text(encoding="utf-8")
    assert "Krippendorff's alpha" in md and "Disputed units (4)" in md and "<table>" in html
    # Perfect agreement has a zero-width bootstrap interval; the report says
    # what 10 agreeing units do bound (rule of three: 3/10).
    assert "topic: sanctions: all 10 units agreed" in md and "up to 30%" in md
    assert "topic: human_rights: all" not in md
    adj = {row["unit"]: row for row in _jsonl(tmp_path / "agr" / "adjudication.jsonl")}
    assert adj[f"{A}:p6"]["stance"] is None and adj[f"{A}:p6"]["topics"] == ["normalisation"]
    assert adj[f"{A}:p1"]["status"] == "agreed" and adj[f"{A}:p1"]["stance"] == "favour"
    assert set(adj[f"{A}:p6"]["annotations"]) == {"ann1", "ann2"}


def test_a_field_only_one_annotator_gave_is_single_not_agreed(tmp_path, capsys):
    a, b = _two_annotators(tmp_path)
    rows = _jsonl(a)
    # ann1 labels p1's topics but leaves its stance empty; ann2 gives both.
    for row in rows:
        if row["unit"] == f"{A}:p1":
            del row["stance"]
    a = _write_jsonl(tmp_path / "ann1-skipped.jsonl", rows)
    r = annotation.agreement_report([a, b], tmp_path / "agr", tasks=TASKS, n_bootstrap=10)
    adj = {row["unit"]: row for row in _jsonl(tmp_path / "agr" / "adjudication.jsonl")}
    p1 = adj[f"{A}:p1"]
    assert p1["status"] == "single" and p1["single_fields"] == ["stance"]
    assert p1["stance"] == "favour" and p1["topics"] == ["normalisation"]
    # A unit only one annotator labelled names its fields too (review 31e).
    specs = annotation._tasks(TASKS)
    lone = annotation.adjudication_rows(annotation.read_records([b], tasks=specs)[:1], specs)[0]
    assert lone["status"] == "single" and lone["single_fields"] == ["topics", "stance"]
    others = [row for unit, row in adj.items() if unit != f"{A}:p1"]
    assert not [row for row in others if "single_fields" in row]
    assert sorted(row["status"] for row in others) == ["agreed"] * 5 + ["disputed"] * 4
    assert r["single"] == 1 and r["disputed"] == 4
    res = run_cli(capsys, "annotate", "agreement", a, b, "--out", tmp_path / "cli", *_task_args())
    assert res.code == 0 and "1 unit has a label only one annotator gave" in res.out


def test_adjudication_file_is_refused_until_filled_then_read_as_gold(tmp_path):
    a, b = _two_annotators(tmp_path)
    annotation.agreement_report([a, b], tmp_path / "agr", tasks=TASKS, n_resamples=10)
    raw = annotation.import_annotations([tmp_path / "agr" / "adjudication.jsonl"], tasks=TASKS)
    assert len(raw.problems) == 4 and "is not adjudicated yet" in raw.problems[0]
    # The shipped adjudicated fixture is that file with the nulls filled in.
    fixture = {r["unit"]: r for r in _jsonl(FIX / "adjudicated.jsonl")}
    produced = {r["unit"]: r for r in _jsonl(tmp_path / "agr" / "adjudication.jsonl")}
    assert set(fixture) == set(produced)
    for unit, row in produced.items():
        assert row["status"] == fixture[unit]["status"]
    gold = annotation.import_annotations(
        [FIX / "adjudicated.jsonl"], sources=[SEEDS], unit="paragraph", tasks=TASKS
    )
    assert not gold.problems and len(gold.records) == 10
    assert {r.annotator for r in gold.records} == {"adjudicated"}
    seeds = {
        r["unit"]: (r["topics"], r["stance"])
        for r in _jsonl(SEEDS / "annotations.jsonl")
        if r.get("level") == "paragraph"
    }
    assert {r.unit: (r.values["topics"], r.values["stance"]) for r in gold.records} == seeds


def test_agreement_cli_and_errors(tmp_path, capsys):
    a, b = _two_annotators(tmp_path)
    res = run_cli(
        capsys,
        "annotate",
        "agreement",
        a,
        b,
        "--out",
        tmp_path / "r",
        "--bootstrap",
        "50",
        *_task_args(),
    )
    assert res.code == 0, res.err
    assert "Kripp. alpha" in res.out and "4 disputed units" in res.out
    assert "note: topic: sanctions: all 10 units agreed" in " ".join(res.out.split())
    res = run_cli(capsys, "annotate", "agreement", a, "--out", tmp_path / "r2", *_task_args())
    assert_one_line_error(res, "at least two annotators")


def test_three_annotators_with_missing_units(tmp_path):
    rows = []
    stances = {
        "x": ["favour", "against", "neutral", "favour", None],
        "y": ["favour", "against", "favour", None, "neutral"],
        "z": ["favour", None, "neutral", "favour", "neutral"],
    }
    for who, values in stances.items():
        for i, v in enumerate(values):
            if v is not None:
                rows.append({"unit": f"{A}:p{i + 1}", "stance": v, "annotator": who})
    f = _write_jsonl(tmp_path / "three.jsonl", rows)
    recs = annotation.read_records([f], tasks=TASKS)
    result = annotation.agreement(recs, TASKS, n_resamples=20)
    (stance,) = [r for r in result["rows"] if r["name"] == "stance"]
    assert "cohen_kappa" not in stance  # only defined for two annotators
    assert stance["complete_units"] == 2 and stance["units"] == 5
    # Pairwise agreement per unit: 1, 1, 1/3, 1, 1 -> mean 13/15.
    assert stance["percent_agreement"] == pytest.approx(13 / 15, abs=1e-6)
    assert len(result["confusions"]) == 3
    # Fleiss' kappa used 2 of the row's 5 units, and its cell says so.
    from classify.annotation_report import agreement_cell

    assert agreement_cell(stance, "fleiss_kappa").endswith("(n=2)")
    assert "(n=" not in agreement_cell(stance, "krippendorff_alpha")


# -- bad input and the notebook API ------------------------------------------------------------


def test_export_bad_input_is_one_line(tmp_path, capsys):
    res = run_cli(
        capsys,
        "annotate",
        "export",
        SEEDS,
        "--out",
        tmp_path / "o",
        "--sample",
        "3",
        "--strategy",
        "active",
        *_task_args(),
    )
    assert_one_line_error(res, "strategy 'active' needs a model")
    done = tmp_path / "all.jsonl"
    units = annotation._load_units([SEEDS], "paragraph")[0]
    _write_jsonl(done, [{"unit": u.id, "stance": "neutral"} for u in units])
    res = _export_seeds_excluding(capsys, done, tmp_path / "o")
    assert_one_line_error(res, "already labelled")
    res = run_cli(capsys, "annotate", "export", tmp_path / "missing", "--out", tmp_path / "o")
    assert_one_line_error(res, "missing")
    res = run_cli(
        capsys, "annotate", "export", SEEDS, "--out", tmp_path / "o", "--sample", "0", *_task_args()
    )
    assert_one_line_error(res, "--sample must be at least 1")


def test_dataset_build_on_unlabelled_articles_points_to_annotate(tmp_path, capsys):
    res = run_cli(capsys, "dataset", "build", SEEDS, "--out", tmp_path / "ds")
    assert_one_line_error(res, "no gold labels", "classify annotate export")


def test_notebook_api_names():
    import classify

    assert classify.export_units is annotation.export_units
    assert classify.import_annotations is annotation.import_annotations
    assert callable(classify.suggest) and classify.audit_labels.__module__ == "classify.audit"
    assert callable(classify.rules_report) and callable(classify.agreement_report)


def test_label_studio_annotators_and_doccano_problems(tmp_path):
    text = annotation._load_units([SEEDS], "paragraph")[0][0].text
    result = lambda topics, stance: [  # noqa: E731
        {"from_name": "topics", "type": "choices", "value": {"choices": topics}},
        {"from_name": "stance", "type": "choices", "value": {"choices": [stance]}},
    ]
    ls = tmp_path / "project.json"
    ls.write_text(
        json.dumps(
            [
                {
                    "data": {"unit": f"{A}:p1", "text": text},
                    "annotations": [
                        {"completed_by": 1, "result": result(["normalisation"], "favour")},
                        {"completed_by": {"email": "b@x"}, "result": result([], "neutral")},
                        {"completed_by": 3, "was_cancelled": True, "result": []},
                    ],
                },
                {"data": {"unit": f"{A}:p2", "text": "t"}, "annotations": []},
                {
                    "data": {"unit": f"{A}:p3"},
                    "annotations": [{"completed_by": 1, "result": [{"from_name": "mood"}]}],
                },
            ]
        ),
        encoding="utf-8",
    )
    r = annotation.import_annotations([ls], tasks=TASKS)
    assert [(x.annotator, x.values["stance"]) for x in r.records] == [
        ("label-studio-1", "favour"),
        ("b@x", "neutral"),
    ]
    assert r.records[1].values["topics"] == [] and r.unlabelled == 1
    assert len(r.problems) == 1 and "result for 'mood' matches no task field" in r.problems[0]

    dc = _write_jsonl(
        tmp_path / "dc.jsonl",
        [
            {"unit": f"{A}:p1", "text": "x", "label": [[0, 5, "topic:sanctions"]]},
            {"unit": f"{A}:p2", "text": "x", "label": ["colour:red"]},
            {"unit": f"{A}:p3", "text": "x", "label": ["sanctions", "favour"]},
            {"unit": f"{A}:p4", "text": "x", "label": []},
        ],
    )
    r = annotation.import_annotations([dc], tasks=TASKS)
    assert "is a span" in r.problems[0] and "names no task" in r.problems[1]
    # Bare label names are accepted where only one task has them.
    assert r.records[0].values == {"topics": ["sanctions"], "stance": "favour"}
    assert r.unlabelled == 1


def test_export_reads_tables_with_the_read_options_other_commands_take(tmp_path, capsys):
    # A US-dated cp1252 export from Excel goes to annotators as it is (review 27a).
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(
        "uid;body;date\n7;Talks in Zürich resumed – slowly.;12/31/2025\n".encode("cp1252")
    )
    res = run_cli(capsys, "annotate", "export", sheet, "--out", tmp_path / "o1")
    assert res.code == 1 and "--encoding" in res.err
    res = run_cli(
        capsys,
        *("annotate", "export", sheet, "--out", tmp_path / "o2", "--encoding", "cp1252"),
        *("--text-column", "body", "--id-column", "uid", "--date-order", "month-first"),
    )
    assert res.code == 0, res.err
    (row,) = [json.loads(x) for x in (tmp_path / "o2" / "units.jsonl").read_text().splitlines()]
    assert (row["unit"], row["date"]) == ("7", "2025-12-31")
    assert row["text"] == "Talks in Zürich resumed – slowly."


def test_export_on_error_skip_lists_the_rows_left_out(tmp_path, capsys):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        '{"id": "a", "text": "Envoys met.", "date": "2024-01-02"}\n'
        '{"id": "b", "text": "Talks resumed.", "date": "yesterday"}\n',
        encoding="utf-8",
    )
    res = run_cli(capsys, "annotate", "export", rows, "--out", tmp_path / "o", "--on-error", "skip")
    assert res.code == 0, res.err
    assert "exported 1 of 1" in res.out and "1 row or file skipped" in res.out
    (skipped,) = (tmp_path / "o" / "skipped.jsonl").read_text().splitlines()
    assert json.loads(skipped)["line"] == 2


def test_a_hint_with_a_spaced_value_pastes_as_one_word(tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Article ID,text\n1,Envoys met.\n", encoding="utf-8")
    res = run_cli(capsys, "annotate", "export", sheet, "--out", tmp_path / "o")
    assert res.code == 0, res.err
    assert "pass --id-column 'Article ID'" in " ".join(res.err.split())


def _us_sheet(path: Path) -> Path:
    """A spreadsheet as Excel saves it in the US: cp1252, `;`, its own
    column names, month-first dates, article ids and no id column."""
    rows = [
        "Article ID;Headline;Body;Publication;Publication Date",
        'A-101;Envoys return;"Envoys returned to Minsk – a first step.\n\nTalks go on.";Courier;3/4/2024',
        "A-102;Sanctions widened;The EU widened sanctions on Friday.;Ledger;12/31/2023",
    ]
    path.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    return path


READ = ("--encoding", "cp1252", "--text-column", "Body", "--date-order", "month-first")


def test_an_export_of_a_sheet_keeps_its_article_ids_titles_and_row_level(tmp_path, capsys):
    sheet = _us_sheet(tmp_path / "sheet.csv")
    res = run_cli(capsys, "annotate", "export", sheet, *READ, "--out", tmp_path / "o")
    assert res.code == 0, res.err
    rows = [json.loads(x) for x in (tmp_path / "o" / "units.jsonl").read_text().splitlines()]
    assert [r["article_id"] for r in rows] == ["A-101", "A-102"]
    assert [r["title"] for r in rows] == ["Envoys return", "Sanctions widened"]
    assert [r["source"] for r in rows] == ["Courier", "Ledger"]
    assert [r["date"] for r in rows] == ["2024-03-04", "2023-12-31"]
    # A whole table row is a `row` unit, as dataset.json and predict say.
    assert {r["level"] for r in rows} == {"row"}


def test_import_reads_its_sources_with_the_read_options(tmp_path, capsys):
    sheet = _us_sheet(tmp_path / "sheet.csv")
    coder = tmp_path / "coder.csv"
    coder.write_bytes(
        b"unit;stance;topics\nA-101:p1;favour;normalisation\nA-102:p1;neutral;sanctions\n"
    )
    args = ("annotate", "import", coder, "--source", sheet, "--unit", "paragraph")
    ids = ("--id-column", "Article ID")
    res = run_cli(capsys, *args, *READ, *ids, "--out", tmp_path / "gold.jsonl")
    assert res.code == 0, res.err
    gold = [json.loads(x) for x in (tmp_path / "gold.jsonl").read_text().splitlines()]
    assert {g["unit"] for g in gold} == {"A-101:p1", "A-102:p1"}
    # Without the options the source's encoding error names the one to pass.
    res = run_cli(capsys, *args, "--out", tmp_path / "gold2.jsonl")
    assert res.code == 1 and "pass --encoding cp1252" in res.err


def test_a_folder_among_the_annotators_files_is_named_first(tmp_path, capsys):
    (tmp_path / "arts").mkdir()
    coder = tmp_path / "coder.csv"
    coder.write_bytes("unit,stance\na:p1,caf\xe9\n".encode("latin-1"))
    res = run_cli(
        capsys, "annotate", "import", coder, tmp_path / "arts", "--out", tmp_path / "g.jsonl"
    )
    assert res.code == 1
    assert "arts: a folder, not an annotators' file" in res.err
    assert "--source A --source B" in res.err


def test_a_gold_file_imported_from_a_sheet_keeps_each_rows_article(tmp_path, capsys):
    # Rows of one article (`Article ID`) stay grouped by it when the gold
    # file is the training data (review 27f: CV split an article's rows).
    rows = ["Article ID;Body;stance"]
    for a in range(4):
        for i in range(3):
            rows.append(
                f"X-{a};Envoys of article {a} met again, item {i}.;{'favour' if a % 2 else 'against'}"
            )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = run_cli(
        capsys, "annotate", "export", sheet, "--text-column", "Body", "--out", tmp_path / "e"
    )
    assert res.code == 0, res.err
    # The annotator fills in the export's empty labels.
    coded = [json.loads(x) for x in (tmp_path / "e" / "units.jsonl").read_text().splitlines()]
    for row in coded:
        row["stance"] = "favour"
    export = tmp_path / "coder.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in coded), encoding="utf-8")
    args = ("annotate", "import", export, "--annotator", "a1", "--source", sheet)
    res = run_cli(capsys, *args, "--text-column", "Body", "--out", tmp_path / "gold.jsonl")
    assert res.code == 0, res.err
    gold = [json.loads(x) for x in (tmp_path / "gold.jsonl").read_text().splitlines()]
    assert {(g["level"], g["article_id"]) for g in gold} == {("row", f"X-{a}") for a in range(4)}
    from classify.data import load_examples

    examples = load_examples([tmp_path / "gold.jsonl"])
    assert sorted(set(examples.groups("article"))) == ["X-0", "X-1", "X-2", "X-3"]
    # Without sources the export's own article_id column is kept.
    res = run_cli(capsys, "annotate", "import", export, "--out", tmp_path / "g2.jsonl")
    assert res.code == 0, res.err
    again = [json.loads(x) for x in (tmp_path / "g2.jsonl").read_text().splitlines()]
    assert [g["article_id"] for g in again] == [g["article_id"] for g in gold]


def test_audits_article_id_hint_names_its_set_option(tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Article ID,text,stance\nX-1,Envoys met.,favour\n", encoding="utf-8")
    res = run_cli(
        capsys, "annotate", "audit", sheet, "--config", ROOT / "configs/stance-tfidf.yaml"
    )
    err = " ".join(res.err.split())
    assert "pass --set 'data.id_column=Article ID'" in err and "--id-column" not in err


# -- review 29a: what the loop keeps and how it explains itself --------------------------------


def test_a_gold_file_keeps_each_units_date_and_outlet_so_it_splits_by_them(tmp_path):
    a, b = _two_annotators(tmp_path)
    for path in (a, b):
        row = _jsonl(path)[0]
        assert row["date"] == "2025-09-11" and row["source"] == "Reuters"
    annotation.agreement_report([a, b], tmp_path / "agr", tasks=TASKS, n_resamples=10)
    adj = _jsonl(tmp_path / "agr" / "adjudication.jsonl")
    assert {(r["date"], r["source"]) for r in adj} == {("2025-09-11", "Reuters")}
    # Without --source, the annotators' file's own columns (an export's) are kept.
    f = tmp_path / "filled.csv"
    f.write_text(
        "unit,date,source,text,stance,topics\nx:p1,2019-05-02,Daily Post,Talks resumed.,favour,\n",
        encoding="utf-8",
    )
    (rec,) = annotation.import_annotations([f], tasks=TASKS).records
    assert (rec.date, rec.source) == ("2019-05-02", "Daily Post")


def test_skipped_label_studio_tasks_are_counted(tmp_path, capsys):
    tasks = json.loads((FIX / "ann1-label-studio.json").read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["was_cancelled"] = True
    f = tmp_path / "ls.json"
    f.write_text(json.dumps(tasks), encoding="utf-8")
    r = annotation.import_annotations([f], sources=[SEEDS], unit="paragraph", tasks=TASKS)
    assert r.skipped == 1 and len(r.records) == len(tasks) - 1
    res = run_cli(
        capsys,
        "annotate",
        "import",
        f,
        "--source",
        SEEDS,
        "--unit",
        "paragraph",
        "--out",
        tmp_path / "g.jsonl",
        *_task_args(),
    )
    assert res.code == 0, res.err
    assert "1 skipped by the annotator" in " ".join(res.out.split())


def test_label_spellings_get_a_hint_and_task_prefixes_any_case(tmp_path):
    f = _write_jsonl(
        tmp_path / "d.jsonl",
        [
            {"unit": f"{A}:p1", "text": "x", "label": ["Stance:Favour", "Topic:Normalisation"]},
            {"unit": f"{A}:p2", "text": "y", "label": ["stance:favor"]},
        ],
    )
    r = annotation.import_annotations([f], tasks=TASKS)
    assert r.records[0].values == {"topics": ["normalisation"], "stance": "favour"}
    (problem,) = r.problems
    assert "label 'favor' is not in task 'stance'" in problem
    assert "did you mean 'favour'?" in problem
    g = tmp_path / "sheet.csv"
    g.write_text(f"unit,stance,topics\n{A}:p1,favour,none\n", encoding="utf-8")
    (problem,) = annotation.import_annotations([g], tasks=TASKS).problems
    assert "a unit with none of the labels is written []" in problem


def test_a_changed_text_shows_where_it_differs(tmp_path):
    seeds = {r["unit"]: r for r in _jsonl(SEEDS / "annotations.jsonl")}
    text = seeds[f"{A}:p1"]["text"].replace("Trump", "Tr?mp", 1)
    g = tmp_path / "sheet.csv"
    with open(g, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["unit", "text", "stance"])
        w.writerow([f"{A}:p1", text, "favour"])
    r = annotation.import_annotations([g], sources=[SEEDS], unit="paragraph", tasks=TASKS)
    (problem,) = r.problems
    i = text.index("Tr?mp") + 3
    assert f"at character {i}:" in problem and "Tr?mp wants" in problem
    assert "delete that column to match by unit id alone" in problem


def test_two_annotators_files_of_one_name_are_told_apart(tmp_path, capsys):
    paths = []
    for who, stance in (("a", "favour"), ("b", "against")):
        (tmp_path / who).mkdir()
        p = tmp_path / who / "units.csv"
        p.write_text(f"unit,stance\n{A}:p1,{stance}\n", encoding="utf-8")
        res = run_cli(
            capsys, "annotate", "import", p, "--out", tmp_path / f"{who}.jsonl", *_task_args()
        )
        assert res.code == 0, res.err
        assert "annotator named after the file ('units')" in " ".join(res.out.split())
        paths.append(tmp_path / f"{who}.jsonl")
    res = run_cli(capsys, "annotate", "agreement", *paths, "--out", tmp_path / "agr", *_task_args())
    assert_one_line_error(res, "second 'stance' label", "import each with --annotator NAME")
    with pytest.raises(Exception, match="import each with annotator=NAME"):
        annotation.read_records(paths, tasks=TASKS)


def test_an_annotators_date_column_is_read_in_the_date_order_not_copied(tmp_path, capsys):
    # A sheet re-saved by Excel in a US locale writes the exported ISO dates
    # month first; the gold file holds ISO dates, read in --date-order.
    f = tmp_path / "sheet.csv"
    f.write_text(
        "unit,date,stance\nx:p1,9/11/2025,favour\nx:p2,1/20/2024,against\n", encoding="utf-8"
    )
    recs = annotation.import_annotations(
        [f], tasks=TASKS, source_options=annotation.ReadOptions(date_order="month-first")
    ).records
    assert [r.date for r in recs] == ["2025-09-11", "2024-01-20"]
    # Read day first, 1/20/2024 cannot be a date: the command stops, even
    # under --skip-bad (skipping it would keep 9/11/2025 read as 9 November).
    res = run_cli(capsys, "annotate", "import", f, "--skip-bad", "--out", tmp_path / "g.jsonl")
    assert_one_line_error(res, "1/20/2024", "month-first")
    assert not (tmp_path / "g.jsonl").exists()


def test_a_text_matching_several_units_names_them_and_none_gets_a_hint(tmp_path):
    seeds = {r["unit"]: r for r in _jsonl(SEEDS / "annotations.jsonl")}
    text = seeds[f"{A}:p1"]["text"]
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("one", "two"):
        (copy / f"{name}.txt").write_text(f"Title {name}\n\n{text}\n", encoding="utf-8")
    f = _write_jsonl(tmp_path / "d.jsonl", [{"text": text, "label": ["stance:favour"]}])
    r = annotation.import_annotations([f], sources=[copy], unit="paragraph", tasks=TASKS)
    (problem,) = r.problems
    assert "matches 2 units (one:p1, two:p1): give it a 'unit' id" in problem
    g = tmp_path / "sheet.csv"
    g.write_text(f"unit,stance\n{A}:p1,none\n", encoding="utf-8")
    (problem,) = annotation.import_annotations([g], tasks=TASKS).problems
    assert "an empty cell is a unit not yet labelled, and 'neutral' is the label" in problem
