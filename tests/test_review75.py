"""Review 75 (issue 11, annotation): fixes checked on inputs of our own."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_cli
from test_active import write_jsonl

import classify
from classify import active
from classify.annotation import import_annotations

from conftest import ROOT

STANCE_TASK = ROOT / "configs/tasks/stance.yaml"


def test_an_import_of_several_annotators_is_not_gold(tmp_path):
    rows = [
        {"unit": f"u{i}", "text": f"Text {i} about talks.", "stance": s, "annotator": who}
        for i in range(4)
        for who, s in (("ann1", "favour"), ("ann2", "against"))
    ]
    imported = write_jsonl(tmp_path / "imported.jsonl", rows)
    with pytest.raises(classify.ClassifyError, match="labelled by several annotators") as e:
        classify.read_articles(imported)
    assert "adjudicate first" in str(e.value) and "'ann1', 'ann2'" in str(e.value)
    # Skipping rows would keep whichever annotator came first: never offered.
    assert "--on-error" not in str(e.value) and "on_error" not in str(e.value)
    from classify.data import read_annotations

    with pytest.raises(classify.ClassifyError, match="labelled by several annotators"):
        read_annotations(imported, ["stance"])


def test_multilabel_uncertainty_is_measured_at_the_models_thresholds():
    p = np.array([[0.30, 0.9], [0.50, 0.9], [0.05, 0.9]])
    # Label 0 is decided at 0.3: the unit at 0.3 is the least sure, not the one at 0.5.
    centred = active.centred_on_thresholds(p, [0.3, 0.5])
    assert centred[0, 0] == pytest.approx(0.5) and centred[1, 0] > 0.5
    assert np.all(
        np.diff(active.centred_on_thresholds(np.linspace(0, 1, 11)[:, None], [0.3])[:, 0]) > 0
    )
    for strategy in ("uncertainty", "margin", "entropy"):
        with_t = active.informativeness(p, "multilabel", strategy, thresholds=[0.3, 0.5])
        assert int(np.argmax(with_t)) == 0
        without = active.informativeness(p, "multilabel", strategy)
        assert int(np.argmax(without)) == 1
    with pytest.raises(ValueError, match="2 thresholds for 3 labels"):
        active.centred_on_thresholds(np.zeros((1, 3)), [0.5, 0.5])


def test_a_coders_sheet_names_its_label_and_coder_columns_as_people_do(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Unit ID,Text,Topic,Stance,Coder\n"
        'u1,Talks resumed in Minsk.,"sanctions, normalisation",Favour,maria\n'
        "u2,Prisoners were freed.,human_rights,against,maria\n",
        encoding="utf-8",
    )
    result = import_annotations([sheet])
    assert [r.annotator for r in result.records] == ["maria", "maria"]
    assert result.records[0].values == {
        "topics": ["normalisation", "sanctions"],
        "stance": "favour",
    }


def _ls_export(path: Path, times: list[str | None], stances: list[str]) -> Path:
    anns = []
    for t, s in zip(times, stances):
        ann = {"completed_by": 1, "result": [
            {"from_name": "stance", "to_name": "text", "type": "choices", "value": {"choices": [s]}}
        ]}  # fmt: skip
        if t:
            ann["updated_at"] = t
        anns.append(ann)
    path.write_text(
        json.dumps(
            [{"id": 1, "data": {"unit": "u1", "text": "Talks resumed."}, "annotations": anns}]
        ),
        encoding="utf-8",
    )
    return path


def test_a_relabel_with_times_keeps_the_later_label(tmp_path):
    later_last = _ls_export(
        tmp_path / "a.json", ["2025-03-01T10:00:00Z", "2025-03-09T10:00:00Z"], ["favour", "neutral"]
    )
    with pytest.warns(UserWarning, match="labelled twice by one annotator"):
        result = import_annotations([later_last], tasks=[STANCE_TASK])
    assert [r.values["stance"] for r in result.records] == ["neutral"]
    assert "2025-03-09" in result.relabelled[0] and not result.problems
    later_first = _ls_export(
        tmp_path / "b.json", ["2025-03-09T10:00:00Z", "2025-03-01T10:00:00Z"], ["neutral", "favour"]
    )
    with pytest.warns(UserWarning, match="labelled twice"):
        result = import_annotations([later_first], tasks=[STANCE_TASK])
    assert [r.values["stance"] for r in result.records] == ["neutral"]
    # Without times the order cannot be told: refused, naming what differs.
    untimed = _ls_export(tmp_path / "c.json", [None, None], ["favour", "neutral"])
    with pytest.warns(UserWarning):
        result = import_annotations([untimed], tasks=[STANCE_TASK])
    assert [r.values["stance"] for r in result.records] == ["favour"]
    assert (
        "second 'stance' label" in result.problems[0]
        and "times: none and none" in result.problems[0]
    )


def test_import_time_is_when_the_label_was_made_not_the_import(tmp_path):
    sheet = tmp_path / "coder.csv"
    sheet.write_text("unit,text,stance\nu1,Talks resumed.,favour\n", encoding="utf-8")
    for name in ("one.jsonl", "two.jsonl"):
        assert run_import(sheet, tmp_path / name) == 0
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert "time" not in json.loads((tmp_path / "one.jsonl").read_text())


def run_import(sheet: Path, out: Path) -> int:
    from typer.testing import CliRunner

    from classify.cli import app

    return CliRunner().invoke(app, ["annotate", "import", str(sheet), "--out", str(out)]).exit_code


def test_agreement_on_one_unit_gives_no_chance_corrected_figure(tmp_path, capsys):
    one = write_jsonl(
        tmp_path / "one.jsonl",
        [
            {"unit": "u1", "text": "Talks resumed.", "stance": "favour", "annotator": "a"},
            {"unit": "u1", "text": "Talks resumed.", "stance": "against", "annotator": "b"},
        ],
    )
    res = run_cli(capsys, "annotate", "agreement", one, "--out", tmp_path / "ag")
    assert res.code == 0, res.err
    report = json.loads((tmp_path / "ag" / "agreement.json").read_text())
    row = next(r for r in report["rows"] if r["name"] == "stance")
    assert row["percent_agreement"] == 0
    assert row["krippendorff_alpha"] is None and row["fleiss_kappa"] is None
    out = " ".join(res.out.split())
    assert "on 1 unit " in out and "too few to read agreement from" in out


def test_no_bootstrap_shows_figures_without_an_interval_mark():
    from classify.annotation_report import agreement_cell

    row = {"units": 5, "percent_agreement": 0.8, "ci95": {"percent_agreement": None}}
    assert agreement_cell(row, "percent_agreement") == "0.800"
    row["ci95"]["percent_agreement"] = [0.6, 1.0]
    assert agreement_cell(row, "percent_agreement").startswith("0.800 [0.60")


def test_a_sentence_is_no_copy_of_the_training_paragraph_it_ends(tmp_path):
    from types import SimpleNamespace

    from classify.api import _unit_record
    from classify.data import Examples

    para = (
        "Envoys met in Minsk. The two governments agreed to restore full diplomatic "
        "relations and reopen both embassies next spring."
    )
    rest = para.split(". ", 1)[1]
    examples = Examples(
        ids=["a:p1"],
        texts=[para],
        article_ids=["a"],
        paragraph_ids=["a:p1"],
        dates=[None],
        sources=[None],
        labels={"stance": ["favour"]},
    )
    clf = SimpleNamespace(info={"training": {"unit": "paragraph", "units": _unit_record(examples)}})

    def unit(uid: str, text: str, level: str):
        return SimpleNamespace(id=uid, text=text, level=level)

    as_sentence = [unit("a:p1s2", rest, "sentence"), unit("a:p1", para, "paragraph")]
    assert active.training_unit_ids(clf, as_sentence) == {"a:p1"}
    # A whole article or row may carry a title the training text lacked.
    as_row = [unit("r1", f"Talks resume: {para}", "article")]
    assert active.training_unit_ids(clf, as_row) == {"r1"}
    # A model trained on titled articles finds an article's body alone (a
    # one-paragraph article cut into paragraphs) as evaluate does (check 77).
    titled = Examples(
        ids=["a"],
        texts=[f"Talks resume: {para}"],
        article_ids=["a"],
        paragraph_ids=["a"],
        dates=[None],
        sources=[None],
        labels={"stance": ["favour"]},
    )
    by_article = SimpleNamespace(
        info={"training": {"unit": "article", "units": _unit_record(titled)}}
    )
    assert active.training_unit_ids(by_article, [unit("a:p1", para, "paragraph")]) == {"a:p1"}


def test_a_coders_column_under_any_name_marks_annotators_labels(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Unit ID,Text,Stance,Coder\n"
        "u1,Talks resumed in Minsk today.,favour,maria\n"
        "u1,Talks resumed in Minsk today.,neutral,john\n",
        encoding="utf-8",
    )
    from classify.data import read_annotations
    from classify.tables import ReadOptions

    with pytest.raises(classify.ClassifyError, match="several annotators \\('maria', 'john'\\)"):
        classify.read_articles(sheet, options=ReadOptions(id_column="Unit ID"))
    with pytest.raises(classify.ClassifyError, match="several annotators"):
        read_annotations(sheet, ["stance"])
    # Read under one name, the two coders would merge: refused.
    with pytest.raises(classify.ClassifyError, match="names 2 annotators in its own column"):
        import_annotations([sheet], annotator="zed")


def test_an_earlier_label_read_second_fills_in_what_the_later_left_out(tmp_path):
    full = {"unit": "u1", "text": "Talks resumed.", "topics": ["normalisation"]}
    full.update(stance="favour", time="2025-03-01")
    # A later row with the stance only (no topics key: not "no topic"), its
    # time as a spreadsheet writes it.
    stance_only = {"unit": "u1", "text": "Talks resumed.", "stance": "neutral"}
    stance_only["time"] = "3/5/2025 10:00"
    for name, rows in (("a.jsonl", [full, stance_only]), ("b.jsonl", [stance_only, full])):
        with pytest.warns(UserWarning, match="labelled twice"):
            result = import_annotations([write_jsonl(tmp_path / name, rows)], annotator="ann")
        (record,) = result.records
        assert record.values == {"stance": "neutral", "topics": ["normalisation"]}


def test_fleiss_needs_two_complete_units():
    from classify.agreement import agreement_figures

    # Three annotators; only the first unit has all three labels.
    ratings = np.array([[0, 1, 0], [0, 0, -1], [1, 1, -1], [0, 1, -1], [1, 1, -1]])
    figures = agreement_figures(ratings, ["favour", "against"], n_resamples=0)
    assert figures["complete_units"] == 1 and figures["fleiss_kappa"] is None
    assert figures["krippendorff_alpha"] is not None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Exclusive-U.S. weighs a Belarus deal", "U.S. weighs a Belarus deal"),
        ("Update 2-U.S. weighs a Belarus deal", "U.S. weighs a Belarus deal"),
        ("UPDATE 2\u2013U.S. eases sanctions on potash", "U.S. eases sanctions on potash"),
        ("LIVE-FIRE DRILLS near the border", "LIVE-FIRE DRILLS near the border"),
        ("FLASH-FLOOD KILLS 20 in the region", "FLASH-FLOOD KILLS 20 in the region"),
        ("REVIEW-Board approves the merger", "REVIEW-Board approves the merger"),
    ],
)
def test_wire_labels_in_other_spellings_and_headline_words_that_are_none(title, expected):
    from classify.articles import title_without_slug

    assert title_without_slug(title)[0] == expected


def test_no_bootstrap_says_so_in_the_report():
    from classify.annotation_report import agreement_doc

    result = {"annotators": ["a", "b"], "units": 3, "bootstrap": 0, "rows": [], "confusions": []}
    text = agreement_doc(result, []).markdown()
    assert "No intervals" in text and "0 resamples" not in text


def test_relabel_times_written_with_slashes_are_read_day_first(tmp_path):
    # 12 May, then 5 June (day first): the June label is the later one.
    rows = [
        {"unit": "u1", "text": "Talks resumed.", "stance": "favour", "time": "12/5/2025 10:00"},
        {"unit": "u1", "text": "Talks resumed.", "stance": "against", "time": "5/6/2025 09:00"},
    ]
    with pytest.warns(UserWarning, match="labelled twice"):
        result = import_annotations([write_jsonl(tmp_path / "a.jsonl", rows)], annotator="ann")
    assert [r.values["stance"] for r in result.records] == ["against"]


@pytest.mark.parametrize(
    "title",
    ["Insight-driven diplomacy wins praise in Vilnius", "Analysis-paralysis grips EU capitals"],
)
def test_a_hyphenated_headline_word_is_no_wire_label(title):
    from classify.articles import title_without_slug

    assert title_without_slug(title) == (title, [])


def test_a_blank_coder_cell_is_no_annotator_and_a_forms_timestamp_is_the_time(tmp_path):
    sheet = tmp_path / "form.csv"
    sheet.write_text(
        "Timestamp,Unit,Text,Stance,Coder\n"
        "2025/03/01 10:00:00,u1,Talks resumed.,favour,alice\n"
        "2025/03/02 10:00:00,u2,Sanctions were imposed.,against,\n",
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match="did not match"):
        result = import_annotations([sheet], tasks=[STANCE_TASK])
    assert [r.annotator for r in result.records] == ["alice"]
    assert result.records[0].time == "2025/03/01 10:00:00"
    assert "no annotator in the file's annotator column" in result.problems[0]
