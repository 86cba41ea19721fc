"""Review 41: the annotation round trip as a new user met it (accents
composed two ways, spreadsheet headers and ids, batches handed out and not
yet labelled, rules whose condition the pool cannot meet, columns a record
does not keep). Inputs are our own."""

from __future__ import annotations

import csv
import json
import unicodedata
import warnings
from pathlib import Path

import pytest
from cli_runner import run_cli
from corpus_fixtures import two_articles as _articles

import classify
from classify.errors import ClassifyError


def _said(r) -> str:
    return " ".join((r.out + r.err).split())


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_text_and_labels_with_decomposed_accents_match(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("Élodie Martin met the envoys in Zürich.\n", encoding="utf-8")
    # The same sheet as a Mac writes it: e and a combining accent.
    sheet = tmp_path / "nfd.csv"
    sheet.write_text(
        f"unit,text,stance\na:p1,{_nfd('Élodie Martin met the envoys in Zürich.')},favour\n",
        encoding="utf-8",
    )
    assert _nfd("É") != "É"
    out = tmp_path / "o.jsonl"
    r = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "x", "--source", src,
        "--unit", "paragraph", "--out", out,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert json.loads(out.read_text())["stance"] == "favour"
    # dataset build matches the gold file's text the same way.
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"unit": "a:p1", "text": _nfd("Élodie Martin met the envoys in Zürich."),
                    "stance": "favour", "topics": []}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    summary = classify.build_dataset(
        [src], tmp_path / "ds", annotations=[gold], unit="paragraph", split="none"
    )
    assert summary["unlabelled"]["stance"] == 0
    # A label of a task of one's own, typed with a decomposed accent.
    task = tmp_path / "frame.yaml"
    task.write_text(
        "name: frame\nfield: frame\nkind: multiclass\nlabels: [économie, sécurité]\n",
        encoding="utf-8",
    )
    sheet2 = tmp_path / "f.csv"
    sheet2.write_text(f"unit,frame\na:p1,{_nfd('économie')}\n", encoding="utf-8")
    result = classify.import_annotations([sheet2], annotator="x", tasks=[task])
    assert result.records[0].values["frame"] == "économie"


def test_a_unit_id_header_is_the_unit_column_on_import_and_exclude(tmp_path, capsys):
    arts = _articles(tmp_path / "arts")
    sheet = tmp_path / "h.csv"
    sheet.write_text("Unit ID,Stance\na1:p1,favour\n", encoding="utf-8")
    out = tmp_path / "h.jsonl"
    r = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "x", "--source", arts,
        "--unit", "paragraph", "--out", out,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert json.loads(out.read_text())["unit"] == "a1:p1"
    ids, _ = classify.annotation.labelled_units(sheet)
    assert ids == {"a1:p1"}


def test_an_exclude_file_with_no_label_says_it_leaves_nothing_out(tmp_path, capsys):
    arts = _articles(tmp_path / "arts")
    r = run_cli(
        capsys, "annotate", "export", arts, "--unit", "paragraph", "--format", "csv",
        "--out", tmp_path / "a",
    )  # fmt: skip
    assert r.code == 0, r.err
    batch = tmp_path / "a" / "units.csv"
    r = run_cli(
        capsys, "annotate", "export", arts, "--unit", "paragraph", "--format", "csv",
        "--exclude", batch, "--out", tmp_path / "b",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "units.csv: no row has a label ('stance' and 'topics'), so it leaves no unit out" in (
        _said(r)
    )
    # A batch with one label leaves that unit out, and says nothing of the rest.
    rows = list(csv.DictReader(batch.open(encoding="utf-8-sig")))
    rows[0]["stance"] = "neutral"
    done = tmp_path / "done.csv"
    with done.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = run_cli(
        capsys, "annotate", "export", arts, "--unit", "paragraph", "--format", "csv",
        "--exclude", done, "--out", tmp_path / "c",
    )  # fmt: skip
    assert r.code == 0 and "leaves no unit out" not in _said(r) and "1 already labelled" in _said(r)


def test_rules_whose_condition_the_pool_lacks_say_so(tmp_path, capsys):
    task = tmp_path / "st.yaml"
    task.write_text(
        "name: mystance\nfield: stance\nkind: multiclass\nlabels: [favour, against, neutral]\n"
        "rules:\n"
        "  - {name: reopen, label: favour, pattern: 'reopen|restor', when: {topics: normalisation}}\n"
        "  - {name: condemn, label: against, keywords: [condemned]}\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "g1", "text": "The US moved to restore its embassy.", "stance": "favour",
                    "topics": ["normalisation"]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    pool = tmp_path / "pool.jsonl"
    pool.write_text(
        json.dumps({"id": "p1", "text": "Diplomats discussed restoring full ties."}) + "\n"
        + json.dumps({"id": "p2", "text": "The EU condemned the vote."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    silver = tmp_path / "s.jsonl"
    r = run_cli(capsys, "annotate", "rules", task, gold, "--apply", pool, "--out", silver)
    assert r.code == 0, r.err
    assert "rule 'reopen' fires only where 'topics' holds a given label" in _said(r)
    assert [json.loads(x)["id"] for x in silver.read_text().splitlines()] == ["p2"]
    # A pool that carries the other task's labels meets the condition: no warning.
    labelled_pool = tmp_path / "pool2.jsonl"
    labelled_pool.write_text(
        json.dumps({"id": "p1", "text": "Diplomats discussed restoring full ties.",
                    "topics": ["normalisation"]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = classify.rules_report(task, gold, apply=labelled_pool, out=tmp_path / "s2.jsonl")
    assert result["silver"]["units"] == 1


def test_agreement_on_rows_without_ids_names_the_import_step(tmp_path, capsys):
    a = tmp_path / "a.csv"
    a.write_text("unit,stance\nx1,favour\n", encoding="utf-8")
    doccano = tmp_path / "d.jsonl"
    doccano.write_text(json.dumps({"text": "Envoys met.", "label": ["favour"]}) + "\n")
    r = run_cli(capsys, "annotate", "agreement", a, doccano, "--out", tmp_path / "ag")
    assert r.code == 1
    assert "classify annotate import FILE --source PATH" in _said(r) and "(pass --source" not in (
        _said(r)
    )
    # import itself has --source, and says so.
    r = run_cli(
        capsys, "annotate", "import", doccano, "--annotator", "d", "--out", tmp_path / "i.jsonl"
    )
    assert r.code == 1 and "pass --source PATH to match it by its text" in _said(r)


def test_ids_a_spreadsheet_rewrote_as_numbers_are_named(tmp_path, capsys):
    src = tmp_path / "src.jsonl"
    src.write_text(
        json.dumps({"id": "2.0", "text": "Envoys met."}) + "\n"
        + json.dumps({"id": "2.10", "text": "Sanctions stay."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    for written, theirs in (("2", "2.0"), ("2.1", "2.10")):
        sheet = tmp_path / "s.csv"
        sheet.write_text(f"unit,stance\n{written},favour\n", encoding="utf-8")
        r = run_cli(
            capsys, "annotate", "import", sheet, "--annotator", "x", "--source", src,
            "--out", tmp_path / "o.jsonl", "--overwrite",
        )  # fmt: skip
        assert r.code == 1 and f"the sources have '{theirs}': a spreadsheet rewrites ids" in (
            _said(r)
        ), r.err
    # Two coders' files naming one unit 001 and 1 share no unit, and are told why.
    one, two = tmp_path / "c1.csv", tmp_path / "c2.csv"
    one.write_text("unit,stance\n001,favour\n", encoding="utf-8")
    two.write_text("unit,stance\n1,favour\n", encoding="utf-8")
    r = run_cli(capsys, "annotate", "agreement", one, two, "--out", tmp_path / "ag")
    assert r.code == 1 and "ids such as '001' and '1' are one number" in _said(r)


def test_units_left_out_by_their_text_are_not_said_to_go_out_again(tmp_path):
    arts = _articles(tmp_path / "arts")
    # Paragraph ids with their texts, against sentence units: each paragraph
    # here is one sentence, so its text leaves the sentence out.
    para = tmp_path / "p.csv"
    para.write_text(
        "unit,text,stance\na1:p1,Envoys met in Lima to restore ties.,favour\n", encoding="utf-8"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = classify.export_units([arts], tmp_path / "e", unit="sentence", exclude=para)
    assert "a1:p1s1" not in {u["unit"] for u in _units(result)}
    # Without the text, the paragraph id leaves nothing out, and is warned about.
    bare = tmp_path / "b.csv"
    bare.write_text("unit,stance\na1:p1,favour\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="not left out"):
        classify.export_units([arts], tmp_path / "e2", unit="sentence", exclude=bare)


def _units(result: dict) -> list[dict]:
    path = next(Path(p) for p in result["paths"] if str(p).endswith(".jsonl"))
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_a_file_given_twice_is_refused(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("unit,stance\nx1,favour\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="the same file is given twice"):
        classify.import_annotations([sheet, tmp_path / "." / "s.csv"], annotator="x")


def test_columns_a_record_does_not_keep_are_named(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "unit,stance,comment,note\nx1,favour,unsure,kept\nx2,against,,\n", encoding="utf-8"
    )
    with pytest.warns(UserWarning, match=r"column 'comment' \(1 row\) is not kept"):
        result = classify.import_annotations([sheet], annotator="x")
    assert result.records[0].note == "kept"
    # Columns a record keeps, and an export's own columns, say nothing.
    plain = tmp_path / "p.csv"
    plain.write_text(
        "unit,level,article_id,title,date,source,text,stance,topics,note\n"
        "x1,paragraph,x,T,2020-01-02,Reuters,Envoys met.,favour,sanctions,\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify.import_annotations([plain], annotator="x")


def test_import_cuts_the_sources_at_the_level_the_rows_name(tmp_path, capsys):
    arts = _articles(tmp_path / "arts")
    r = run_cli(
        capsys, "annotate", "export", arts, "--unit", "sentence", "--format", "csv",
        "--out", tmp_path / "e",
    )  # fmt: skip
    assert r.code == 0, r.err
    rows = list(csv.DictReader((tmp_path / "e" / "units.csv").open(encoding="utf-8-sig")))
    assert {row["level"] for row in rows} == {"sentence"}
    for row in rows:
        row["stance"] = "neutral"
    sheet = tmp_path / "s.csv"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "o.jsonl"
    r = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "x", "--source", arts, "--out", out
    )
    assert r.code == 0, r.err
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(records) == len(rows) and {x["level"] for x in records} == {"sentence"}
    # Given, --unit wins, and says which level the rows are.
    r = run_cli(
        capsys, "annotate", "import", sheet, "--annotator", "x", "--source", arts,
        "--unit", "paragraph", "--out", tmp_path / "o2.jsonl",
    )  # fmt: skip
    assert r.code == 1 and "--unit sentence" in _said(r)


def test_agreement_report_takes_n_bootstrap_as_evaluate_does(tmp_path):
    one, two = tmp_path / "c1.csv", tmp_path / "c2.csv"
    one.write_text("unit,stance\nx1,favour\nx2,against\nx3,neutral\n", encoding="utf-8")
    two.write_text("unit,stance\nx1,favour\nx2,neutral\nx3,neutral\n", encoding="utf-8")
    r = classify.agreement_report([one, two], tmp_path / "ag", n_bootstrap=0)
    row = next(x for x in r["rows"] if x["task"] == "stance")
    assert row["units"] == 3 and r["bootstrap"] == 0
    with pytest.raises(ClassifyError, match="n_bootstrap=-1"):
        classify.agreement_report([one, two], tmp_path / "ag2", n_bootstrap=-1)
