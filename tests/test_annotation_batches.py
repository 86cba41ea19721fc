"""The annotation loop with gold in batches and tasks of one's own: what is
already labelled, several gold files, a gold file as data, the spelling of
labels, and the errors that say what to pass (review 24a)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_cli

import classify
from classify import agreement as ag
from classify import annotation
from classify.data import load_examples
from classify.errors import ClassifyError

RELATION = """\
name: relation
kind: multiclass
field: relation
labels: [cooperation, conflict, no relation]
"""

ARTICLES = {
    "a01": [
        "Lithuania and Kazakhstan agree to send ambassadors back after a long gap.",
        "The foreign ministers will meet again in spring to sign a trade accord.",
    ],
    "a02": [
        "Warsaw expels two diplomats after a border incident on Friday.",
        "The embassy said the decision was regrettable and would be answered.",
    ],
    "a03": [
        "Farmers in the south expect a record harvest of wheat this year.",
        "Prices at the market in the capital fell for the third month.",
    ],
}


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, paragraphs in ARTICLES.items():
        text = "\n\n".join([f"Story {name}", *paragraphs])
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


@pytest.fixture()
def relation_task(tmp_path) -> Path:
    path = tmp_path / "relation.yaml"
    path.write_text(RELATION, encoding="utf-8")
    return path


def test_exclude_counts_the_labels_of_a_task_of_ones_own(tmp_path, corpus, relation_task):
    # A gold file that carries only the custom field (and no text).
    gold = _write_jsonl(
        tmp_path / "gold.jsonl",
        [{"unit": "a01:p1", "relation": "cooperation"}, {"unit": "a02:p1", "relation": "conflict"}],
    )
    s = annotation.export_units(
        [corpus], tmp_path / "out", unit="paragraph", tasks=[relation_task], exclude=[gold]
    )
    assert s["already_labelled"] == 2 and s["exported"] == 4
    ids = {r["unit"] for r in _jsonl(tmp_path / "out" / "units.jsonl")}
    assert not {"a01:p1", "a02:p1"} & ids
    # A Label Studio export is read for what it labelled too.
    ls = tmp_path / "ls.json"
    ls.write_text(
        json.dumps(
            [
                {
                    "data": {"unit": "a03:p1", "text": ARTICLES["a03"][0]},
                    "annotations": [
                        {
                            "completed_by": 1,
                            "result": [
                                {"from_name": "relation", "value": {"choices": ["no relation"]}}
                            ],
                        }
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    s = annotation.export_units(
        [corpus], tmp_path / "out2", unit="paragraph", tasks=[relation_task], exclude=[gold, ls]
    )
    assert s["already_labelled"] == 3


def test_a_first_tasks_gold_does_not_count_as_labelled_for_a_second(
    tmp_path, corpus, relation_task, relation_model, capsys
):
    # review 25g: a gold file of stance and topics left every unit out of a
    # new task's export and suggestions, without a word.
    texts = [t for paragraphs in ARTICLES.values() for t in paragraphs]
    gold = _write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"unit": f"{a}:p{k + 1}", "text": t, "stance": "neutral", "topics": []}
            for a, paragraphs in ARTICLES.items()
            for k, t in enumerate(paragraphs)
        ],
    )
    with pytest.warns(UserWarning, match=r"rows with stance, topics but no label of the tasks"):
        s = annotation.export_units(
            [corpus], tmp_path / "out", unit="paragraph", tasks=[relation_task], exclude=[gold]
        )
    assert s["already_labelled"] == 0 and s["exported"] == len(texts)
    res = run_cli(capsys, "annotate", "suggest", relation_model, corpus, "--unit", "paragraph",
                  "--n", "2", "--labelled", gold, "--out", tmp_path / "next")  # fmt: skip
    assert res.code == 0, res.err
    assert "suggested 2 of 6 paragraph units" in res.out and "asked for" not in res.out
    # Asking for more than are left says so (review 26b).
    res = run_cli(capsys, "annotate", "suggest", relation_model, corpus, "--unit", "paragraph",
                  "--n", "10", "--labelled", gold, "--out", tmp_path / "next10")  # fmt: skip
    assert res.code == 0, res.err
    assert "suggested 6 of 6" in res.out
    assert "asked for 10: only 6 units were left to suggest" in res.out
    # For the shipped tasks the same file leaves every unit out.
    with pytest.raises(ClassifyError, match="every paragraph unit is already labelled"):
        annotation.export_units([corpus], tmp_path / "out2", unit="paragraph", exclude=[gold])


def test_exclude_matches_a_labelled_row_by_its_text(tmp_path, corpus):
    gold = _write_jsonl(
        tmp_path / "gold.jsonl", [{"text": ARTICLES["a02"][1], "stance": "against", "topics": []}]
    )
    s = annotation.export_units([corpus], tmp_path / "out", unit="paragraph", exclude=[gold])
    assert s["already_labelled"] == 1
    assert "a02:p2" not in {r["unit"] for r in _jsonl(tmp_path / "out" / "units.jsonl")}


@pytest.fixture()
def relation_model(tmp_path, relation_task) -> Path:
    rows = []
    cues = {
        "cooperation": "agree to restore ties and sign an accord",
        "conflict": "expel diplomats and close the border",
        "no relation": "expect a harvest of wheat at the market",
    }
    for i in range(30):
        label = list(cues)[i % 3]
        rows.append(
            {"id": f"t{i}", "text": f"Officials {cues[label]} number {i}.", "relation": label}
        )
    data = _write_jsonl(tmp_path / "train.jsonl", rows)
    cfg = tmp_path / "relation-tfidf.yaml"
    cfg.write_text(
        f"task: {relation_task}\nmodel: {{family: tfidf-linear}}\ndata: {{split: {{method: random}}}}\n",
        encoding="utf-8",
    )
    classify.train(cfg, data=data, out=tmp_path / "model", cv=3)
    return tmp_path / "model"


def test_suggest_exports_for_the_models_own_task(tmp_path, corpus, relation_model, capsys):
    gold = _write_jsonl(tmp_path / "gold.jsonl", [{"unit": "a01:p1", "relation": "cooperation"}])
    res = run_cli(
        capsys,
        "annotate",
        "suggest",
        relation_model,
        corpus,
        "--unit",
        "paragraph",
        "--n",
        "10",
        "--labelled",
        gold,
        "--format",
        "doccano",
        "--out",
        tmp_path / "next",
    )
    assert res.code == 0, res.err
    assert "1 already labelled" in res.out
    labels = json.loads((tmp_path / "next" / "labels.json").read_text(encoding="utf-8"))
    assert {x["text"] for x in labels} == {
        "relation:cooperation",
        "relation:conflict",
        "relation:no relation",
    }
    ids = {
        r["meta"]["unit"] if "meta" in r else r["unit"]
        for r in _jsonl(tmp_path / "next" / "units.jsonl")
    }
    assert len(ids) == 5 and "a01:p1" not in ids
    # Active export with the model: the same task, the same exclusion.
    s = annotation.export_units(
        [corpus],
        tmp_path / "active",
        unit="paragraph",
        format="csv",
        sample=3,
        strategy="active",
        model=relation_model,
        exclude=[gold],
    )
    assert s["already_labelled"] == 1
    header = (tmp_path / "active" / "units.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "relation" in header and "stance" not in header


def _build_with(capsys, corpus: Path, gold: list[Path], out: Path, split: str = "random"):
    """``dataset build`` of the corpus's paragraphs with each gold file."""
    flags = [x for g in gold for x in ("--annotations", g)]
    return run_cli(
        capsys, "dataset", "build", corpus, *flags, "--unit", "paragraph",
        "--split", split, "--out", out,
    )  # fmt: skip


def test_several_gold_files_are_all_read(tmp_path, corpus, capsys):
    b1 = _write_jsonl(
        tmp_path / "b1.jsonl",
        [{"unit": f"a0{i}:p1", "stance": "neutral", "topics": []} for i in (1, 2, 3)],
    )
    b2 = _write_jsonl(
        tmp_path / "b2.jsonl",
        [{"unit": f"a0{i}:p2", "stance": "against", "topics": []} for i in (1, 2, 3)],
    )
    ex = load_examples([corpus], annotations=[b1, b2], unit="paragraph")
    assert len(ex) == 6
    assert ex.locations[ex.ids.index("a01:p2")].startswith(str(b2))
    res = _build_with(capsys, corpus, [b1, b2], tmp_path / "ds")
    assert res.code == 0, res.err
    summary = json.loads((tmp_path / "ds" / "dataset.json").read_text(encoding="utf-8"))
    assert summary["annotations"] == [str(b1), str(b2)]
    assert sum(part["n"] for part in summary["splits"].values()) == 6
    # A config may name a list of gold files.
    cfg = tmp_path / "stance.yaml"
    cfg.write_text(
        "task: stance\nmodel: {family: tfidf-linear}\n"
        f"data: {{annotations: [{b1.name}, {b2.name}], unit: paragraph, split: {{method: random}}}}\n",
        encoding="utf-8",
    )
    result = classify.train(cfg, data=[corpus], out=tmp_path / "m", cv=2)
    assert result.metrics["n"] == 6


def test_a_unit_in_two_gold_files_names_both(tmp_path, corpus, capsys):
    b1 = _write_jsonl(tmp_path / "b1.jsonl", [{"unit": "a01:p1", "stance": "neutral"}])
    b2 = _write_jsonl(tmp_path / "b2.jsonl", [{"unit": "a01:p1", "stance": "favour"}])
    res = _build_with(capsys, corpus, [b1, b2], tmp_path / "ds")
    assert res.code == 1
    assert (
        f"b2.jsonl:line 1: unit 'a01:p1' has a second 'stance' label (first at {b1}:line 1)"
        in res.err
    )


def test_a_gold_file_as_data_keeps_unit_ids_and_articles(tmp_path):
    rows = [
        {"unit": f"a0{a}:p{p}", "level": "paragraph", "text": f"text {a} {p}", "stance": "neutral"}
        for a in (1, 2, 3)
        for p in (1, 2)
    ]
    rows.append(
        {"unit": "a04:p1s2", "level": "sentence", "text": "A sentence.", "stance": "favour"}
    )
    rows.append({"unit": "x9", "article_id": "art-9", "text": "Own id.", "stance": "against"})
    ex = load_examples(_write_jsonl(tmp_path / "gold.jsonl", rows))
    assert ex.ids[:2] == ["a01:p1", "a01:p2"]
    assert ex.article_ids == ["a01", "a01", "a02", "a02", "a03", "a03", "a04", "art-9"]
    assert ex.paragraph_ids[6] == "a04:p1"
    assert ex.groups("article")[0] == ex.groups("article")[1]


def test_labels_spelled_like_the_tasks_are_read_as_them(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "unit;stance;topics\nu1;Favour;Sanctions, human rights\nu2;AGAINST ;Human_Rights\n",
        encoding="utf-8",
    )
    result = annotation.import_annotations([path], annotator="a")
    assert not result.problems, result.problems
    values = {r.unit: r.values for r in result.records}
    assert values["u1"] == {"stance": "favour", "topics": ["sanctions", "human_rights"]}
    assert values["u2"] == {"stance": "against", "topics": ["human_rights"]}
    # A label that is not the task's stays a problem.
    path.write_text("unit,stance\nu3,pro\n", encoding="utf-8")
    assert (
        "label 'pro' is not in task 'stance'" in annotation.import_annotations([path]).problems[0]
    )


def test_label_studio_min_row_without_topics_has_the_empty_set(tmp_path):
    path = tmp_path / "min.json"
    path.write_text(
        json.dumps(
            [
                {"unit": "u1", "stance": "neutral", "annotator": 7, "annotation_id": 1},
                {
                    "unit": "u2",
                    "stance": "favour",
                    "topics": {"choices": ["normalisation"]},
                    "annotator": 7,
                    "annotation_id": 2,
                },
            ]
        ),
        encoding="utf-8",
    )
    records = annotation.read_records([path])
    assert {r.unit: r.values["topics"] for r in records} == {"u1": [], "u2": ["normalisation"]}


def test_errors_say_to_pass_the_task_file(tmp_path, capsys):
    r1 = _write_jsonl(
        tmp_path / "r1.jsonl", [{"unit": "u1", "relation": "conflict", "annotator": "r1"}]
    )
    r2 = _write_jsonl(
        tmp_path / "r2.jsonl", [{"unit": "u1", "relation": "conflict", "annotator": "r2"}]
    )
    res = run_cli(capsys, "annotate", "agreement", r1, r2, "--out", tmp_path / "agree")
    assert res.code == 1 and "no record carries a label of the tasks given" in res.err
    assert "--task" in res.err
    doccano = _write_jsonl(tmp_path / "d.jsonl", [{"unit": "u1", "label": ["relation:conflict"]}])
    problems = annotation.import_annotations([doccano]).problems
    assert "'relation' is not one of the tasks given (stance, topic)" in problems[0]


def test_import_refuses_to_replace_a_gold_file(tmp_path, capsys):
    src = _write_jsonl(tmp_path / "a.jsonl", [{"unit": "u1", "stance": "neutral"}])
    out = tmp_path / "gold.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    res = run_cli(capsys, "annotate", "import", src, "--out", out)
    assert res.code == 1 and "--overwrite" in res.err
    assert out.read_text(encoding="utf-8") == "precious\n"
    res = run_cli(capsys, "annotate", "import", src, "--out", out, "--overwrite")
    assert res.code == 0, res.err
    assert _jsonl(out)[0]["stance"] == "neutral"


def test_cohen_kappa_is_undefined_on_a_label_nobody_used():
    never = np.zeros((9, 2), dtype=int)
    assert math.isnan(ag.cohen_kappa(never[:, 0], never[:, 1]))
    figures = ag.agreement_figures(never, ["absent", "present"], n_resamples=50)
    assert figures["cohen_kappa"] is None and figures["ci95"]["cohen_kappa"] is None
    assert figures["krippendorff_alpha"] is None


def _gold_rows(n_articles: int = 6) -> list[dict]:
    """Paragraph rows of a gold file: each article has its own word and label."""
    labels = ["cooperation", "conflict", "no relation"]
    return [
        {
            "unit": f"x{a:02d}:p{p}",
            "level": "paragraph",
            "text": f"Word{a} appears here. Paragraph {p} of story {a}.",
            "relation": labels[a % 3],
        }
        for a in range(n_articles)
        for p in (1, 2, 3)
    ]


def test_a_gold_file_read_at_its_own_level_is_not_cut_again(tmp_path):
    gold = _write_jsonl(tmp_path / "gold.jsonl", _gold_rows(2))
    ex = load_examples(gold, unit="paragraph", label_fields=["relation"])
    assert ex.ids[:3] == ["x00:p1", "x00:p2", "x00:p3"]
    assert ex.article_ids[:4] == ["x00", "x00", "x00", "x01"]
    # At sentence level a paragraph row gives its sentences, named as ours.
    ex = load_examples(gold, unit="sentence", label_fields=["relation"])
    assert ex.ids[:2] == ["x00:p1s1", "x00:p1s2"]
    assert ex.article_ids[:2] == ["x00", "x00"] and ex.paragraph_ids[:2] == ["x00:p1"] * 2


def test_cv_on_a_gold_file_with_a_unit_level_keeps_articles_whole(tmp_path, relation_task):
    gold = _write_jsonl(tmp_path / "gold.jsonl", _gold_rows(6))
    cfg = tmp_path / "relation-tfidf.yaml"
    cfg.write_text(
        f"task: {relation_task}\nmodel: {{family: tfidf-linear}}\ndata: {{unit: paragraph}}\n",
        encoding="utf-8",
    )
    result = classify.train(cfg, data=gold, out=tmp_path / "m", cv=3, group="article")
    preds = _jsonl(tmp_path / "m" / "predictions.jsonl")
    assert {p["id"] for p in preds} == {r["unit"] for r in _gold_rows(6)}
    assert {p["group"] for p in preds} == {f"x{a:02d}" for a in range(6)}
    # Each article's word is seen only with its own label: grouped folds
    # never put a unit's article mates in training, so the word cannot help.
    assert result.metrics["macro_f1"] < 0.8


def test_audit_and_rules_read_the_configs_own_task(tmp_path, relation_task):
    gold = _write_jsonl(tmp_path / "gold.jsonl", _gold_rows(6))
    cfg = tmp_path / "relation-tfidf.yaml"
    cfg.write_text(f"task: {relation_task}\nmodel: {{family: tfidf-linear}}\n", encoding="utf-8")
    result = classify.audit_labels(gold, cfg, folds=2)
    assert len(result["rows"]) == 18
    assert {r["given"] for r in result["rows"]} <= {"cooperation", "conflict", "no relation"}


def test_one_unit_by_id_in_one_batch_and_by_text_in_another(tmp_path, corpus):
    b1 = _write_jsonl(tmp_path / "b1.jsonl", [{"unit": "a02:p2", "stance": "against"}])
    b2 = _write_jsonl(tmp_path / "b2.jsonl", [{"text": ARTICLES["a02"][1], "stance": "favour"}])
    with pytest.raises(classify.ClassifyError, match=r"unit 'a02:p2' has a second 'stance' label"):
        load_examples([corpus], annotations=[b1, b2], unit="paragraph")


def test_annotations_of_another_level_are_reported(tmp_path, corpus, capsys):
    gold = _write_jsonl(
        tmp_path / "gold.jsonl",
        [{"unit": "a01:p1", "stance": "neutral"}]
        + [{"unit": f"a02:p1s{i}", "level": "sentence", "stance": "against"} for i in (1, 2)],
    )
    ex = load_examples([corpus], annotations=gold, unit="paragraph")
    assert ex.notes["other_level_annotations"] == {"sentence": 2}
    # One labelled unit: no random split of it (a dataset with nothing to train on).
    res = _build_with(capsys, corpus, [gold], tmp_path / "ds", split="none")
    assert res.code == 0, res.err
    assert "2 annotations label sentence units, not used at this unit level" in res.out


def test_annotations_of_an_article_not_read_match_no_unit(tmp_path, corpus, capsys):
    # A row of a table not given, at "row" level, is no level mistake.
    gold = _write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"unit": "a01:p1", "stance": "neutral"},
            {"unit": "US-1", "level": "row", "stance": "favour"},
        ],
    )
    ex = load_examples([corpus], annotations=gold, unit="paragraph")
    assert "other_level_annotations" not in ex.notes
    assert ex.notes["unmatched_annotations"] == 1
    assert ex.notes["unmatched_annotation_ids"] == ["US-1"]
    # In import, the row's hint asks for its source, not for another --unit.
    r = annotation.import_annotations(
        [
            _write_jsonl(
                tmp_path / "imp.jsonl",
                [{"unit": "zz:p1", "level": "sentence", "stance": "favour"}],
            )
        ],
        sources=[corpus],
        unit="paragraph",
    )
    (problem,) = r.problems
    assert "no article 'zz' among them" in problem and "--unit" not in problem
    res = run_cli(
        capsys,
        "annotate",
        "import",
        tmp_path / "imp.jsonl",
        "--source",
        corpus,
        "--unit",
        "paragraph",
        "--skip-bad",
        "--out",
        tmp_path / "g.jsonl",
    )
    assert res.code == 1 and "no row matched (1 listed above)" in res.err


def test_import_of_a_task_of_ones_own_without_its_task_file(tmp_path, relation_task, capsys):
    adjudicated = _write_jsonl(
        tmp_path / "adjudicated.jsonl",
        [{"unit": "u1", "status": "agreed", "annotations": {"a": {}}, "relation": "conflict"}],
    )
    problems = annotation.import_annotations([adjudicated]).problems
    assert "row has no label of the tasks given" in problems[0] and "tasks=FILE" in problems[0]
    # On the command line a reason shared by many rows is listed once with a
    # count after a few examples (review 25g: 38 identical lines).
    many = _write_jsonl(
        tmp_path / "many.jsonl",
        [
            {"unit": f"u{i}", "status": "agreed", "annotations": {"a": {}}, "relation": "conflict"}
            for i in range(8)
        ],
    )
    res = run_cli(capsys, "annotate", "import", many, "--out", tmp_path / "m.jsonl")
    assert res.code == 1 and res.err.count("many.jsonl:line") == 3
    # Named by place since stop 52.
    assert "did not match: 5 more rows (line 4, line 5, line 6, ...): as above" in res.err
    records = annotation.read_records([adjudicated], tasks=[relation_task])
    assert records[0].values == {"relation": "conflict"}
    # A spreadsheet's header, capitalised.
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Unit,Text,Relation\nu2,Talks.,Cooperation\n", encoding="utf-8")
    [record] = annotation.read_records([sheet], tasks=[relation_task])
    assert (record.unit, record.values) == ("u2", {"relation": "cooperation"})
    # "Unit ID", as spreadsheet users write it, is the unit (review 25g).
    for header in ("Unit ID", "unit_id", "Unit-Id"):
        sheet.write_text(f"{header},Text,Relation\nu2,Talks.,Cooperation\n", encoding="utf-8")
        [record] = annotation.read_records([sheet], tasks=[relation_task])
        assert record.unit == "u2", header
    res = run_cli(capsys, "annotate", "import", sheet, "--out", tmp_path / "x.jsonl")
    assert res.code == 1
    assert "no labelled rows to write: 1 row read, none with a label of the tasks" in res.err
    # A file of a header alone says so, not that a task file is missing
    # (review 26b).
    sheet.write_text("Unit,Text,Relation\n", encoding="utf-8")
    res = run_cli(capsys, "annotate", "import", sheet, "--out", tmp_path / "x.jsonl")
    assert res.code == 1 and "no rows to import: the file holds no data rows" in res.err
    assert "--task" not in res.err and "sheet.csv" in res.err


def test_exclude_warns_about_labels_of_a_task_not_given(tmp_path, corpus):
    gold = _write_jsonl(tmp_path / "gold.jsonl", [{"unit": "a01:p1", "relation": "conflict"}])
    with pytest.warns(UserWarning, match="rows with relation but no label of the tasks given"):
        s = annotation.export_units([corpus], tmp_path / "out", unit="paragraph", exclude=[gold])
    assert s["already_labelled"] == 0


def test_a_batch_labelling_only_another_task_is_unlabelled_for_this_one(tmp_path, corpus):
    b1 = _write_jsonl(tmp_path / "b1.jsonl", [{"unit": "a01:p1", "stance": "neutral"}])
    # The second batch labels topics only on one line: absent means unlabelled.
    b2 = _write_jsonl(
        tmp_path / "b2.jsonl",
        [{"unit": "a02:p1", "topics": ["sanctions"]}, {"unit": "a03:p1", "stance": "favour"}],
    )
    ex = load_examples([corpus], annotations=[b1, b2], unit="paragraph", label_fields=["stance"])
    assert dict(zip(ex.ids, ex.labels["stance"])) == {"a01:p1": "neutral", "a03:p1": "favour"}
    # A file with none of the fields at all is still refused, naming its columns.
    b3 = _write_jsonl(tmp_path / "b3.jsonl", [{"unit": "a02:p2", "stanse": "against"}])
    with pytest.raises(classify.ClassifyError, match=r"no annotation has a label field .*stanse"):
        load_examples([corpus], annotations=[b3], unit="paragraph")


def test_a_spreadsheet_gold_file_is_read_as_import_reads_it(tmp_path, corpus):
    sheet = tmp_path / "gold.csv"
    sheet.write_text(" Unit ,Text,Stance \na01:p1,,favour\na02:p2,,against\n", encoding="utf-8")
    ex = load_examples([corpus], annotations=sheet, unit="paragraph")
    assert dict(zip(ex.ids, ex.labels["stance"])) == {"a01:p1": "favour", "a02:p2": "against"}


def test_a_gold_file_keyed_by_another_column_is_refused_naming_its_columns(tmp_path, corpus):
    by_doc = _write_jsonl(tmp_path / "doc.jsonl", [{"doc_id": "a01:p1", "stance": "favour"}])
    with pytest.raises(
        ClassifyError,
        match=r"no 'unit' id and no 'text' \(columns: doc_id, stance; rename 'doc_id' to 'unit'",
    ):
        load_examples([corpus], annotations=by_doc, unit="paragraph")
    sheet = tmp_path / "gold.csv"
    sheet.write_text("Paragraph,Stance\na01:p1,favour\n", encoding="utf-8")
    with pytest.raises(
        ClassifyError, match=r"\(columns: Paragraph, stance; name the column of unit ids 'unit'"
    ):
        load_examples([corpus], annotations=sheet, unit="paragraph")
    # Renamed as the error says, the same labels are read.
    sheet.write_text("Unit,Stance\na01:p1,favour\n", encoding="utf-8")
    ex = load_examples([corpus], annotations=sheet, unit="paragraph")
    assert dict(zip(ex.ids, ex.labels["stance"])) == {"a01:p1": "favour"}
    # As units to leave out of an export, the same file is refused, not read
    # as leaving nothing out; so is a sheet and a DataFrame.
    with pytest.raises(
        ClassifyError, match=r"\(columns: doc_id, stance; rename 'doc_id' to 'unit'"
    ):
        annotation.export_units([corpus], tmp_path / "out", unit="paragraph", exclude=[by_doc])
    sheet.write_text("doc_id,Stance\na01:p1,favour\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match=r"header found: doc_id, Stance; rename 'doc_id'"):
        annotation.export_units([corpus], tmp_path / "out", unit="paragraph", exclude=[sheet])
    import pandas as pd

    frame = pd.DataFrame({"doc_id": ["a01:p1"], "stance": ["favour"]})
    with pytest.raises(
        ClassifyError, match=r"DataFrame:row 0: labelled row names no 'unit' id and no 'text'"
    ):
        annotation.export_units([corpus], tmp_path / "out", unit="paragraph", exclude=frame)


def test_a_unit_column_of_our_ids_groups_rows_without_a_level(tmp_path):
    sheet = tmp_path / "gold.csv"
    sheet.write_text(
        "Unit,Text,Stance\nx01:p1,One.,neutral\nx01:p2,Two.,favour\nx02:p1,Three.,against\n",
        encoding="utf-8",
    )
    ex = load_examples(sheet, unit="paragraph")
    assert ex.ids == ["x01:p1", "x01:p2", "x02:p1"]
    assert ex.article_ids == ["x01", "x01", "x02"]


def test_exclude_by_id_leaves_out_the_same_text_under_another_id(tmp_path):
    folder = tmp_path / "arts"
    folder.mkdir()
    for name in ("a01", "a02"):
        (folder / f"{name}.txt").write_text(
            f"Story {name}\n\nOwn first paragraph of {name}.\n\nThe same closing line.\n",
            encoding="utf-8",
        )
    gold = _write_jsonl(tmp_path / "gold.jsonl", [{"unit": "a01:p2", "stance": "neutral"}])
    s = annotation.export_units([folder], tmp_path / "out", unit="paragraph", exclude=[gold])
    assert s["already_labelled"] == 2
    assert {r["unit"] for r in _jsonl(tmp_path / "out" / "units.jsonl")} == {"a01:p1", "a02:p1"}
