"""Stop 48: fixes checked on inputs of our own."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    d = tmp_path_factory.mktemp("s48")
    return train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")


@pytest.fixture(scope="module")
def topic_model(tmp_path_factory):
    d = tmp_path_factory.mktemp("s48t")
    return train_tfidf("topic", write_jsonl(d / "train.jsonl", labelled_rows()), d / "topic")


def test_the_baseline_lists_as_undefined_only_the_labels_its_average_leaves_out():
    from classify.evaluation import evaluate_predictions

    labels = ["favour", "against", "neutral"]
    # No favour in the test data, and the baseline (always neutral) never
    # says it; the model does, so both macro-F1s average all three labels.
    y_test = np.array([[0, 1, 0]] * 5 + [[0, 0, 1]] * 5)
    proba = np.array([[0.8, 0.1, 0.1]] * 2 + [[0.1, 0.8, 0.1]] * 3 + [[0.1, 0.1, 0.8]] * 5)
    y_train = np.array([[0, 0, 1]] * 10)
    m = evaluate_predictions("multiclass", labels, y_test, proba, y_train=y_train, n_bootstrap=0)
    assert "undefined_labels" not in m
    assert "undefined_labels" not in m["baseline"]
    assert m["baseline"]["macro_f1"] == pytest.approx((0 + 0 + 2 / 3) / 3, abs=1e-4)
    # Its per-label figures stay its own: favour has neither gold nor a guess.
    assert m["baseline"]["per_label"]["favour"]["f1"] is None


def test_a_reference_returning_one_number_per_text_is_told_so():
    from classify.errors import ClassifyError
    from classify.experiments import ReferenceEntry, _reference_decisions

    ref = ReferenceEntry(name="mine", function="refs.py:mine")
    with pytest.raises(
        ClassifyError, match=r"one value per text \(4, such as 2: class indices\?\)"
    ):
        _reference_decisions(ref, [2, 0, 1, 1], 4, 3)
    # Nothing returned for no test text is still the shape that is wrong.
    with pytest.raises(ClassifyError, match=r"returned 0 where 0x3"):
        _reference_decisions(ref, [], 0, 3)


def test_a_learning_curve_on_test_units_without_a_label_says_so():
    from classify.reports import experiment_markdown

    board = {
        "task": "stance",
        "protocol": "date",
        "n_test": 4,
        "metric": "macro_f1",
        "rows": [{"name": "m", "macro_f1": 0.5, "ci95": [0.4, 0.6]}],
        "tests": [],
        "labels_without_gold": ["favour"],
        "seeds": [1],
    }
    curve = {
        "task": "stance",
        "model": "m",
        "protocol": "date",
        "n_train": [10, 20],
        "macro_f1_mean": [0.4, 0.5],
        "macro_f1_std": [0.0, 0.0],
        "seeds": [1, 1],
    }
    summary = {"name": "x", "leaderboards": [board], "learning_curves": [curve]}
    text = experiment_markdown(summary, {})
    curves = text[text.index("## Learning curves") :]
    assert "No test unit has 'favour'" in curves
    # A curve of another protocol, whose test units have every label, has no note.
    other = {**curve, "protocol": "random"}
    text = experiment_markdown({**summary, "learning_curves": [other]}, {})
    assert "No test unit has" not in text[text.index("## Learning curves") :]


def test_model_predict_reads_a_text_column_padded_with_spaces(stance_model):
    import pandas as pd

    from classify.store import load_model

    model = load_model(stance_model)
    texts = ["The envoys restore ties with Minsk.", "Rights groups condemn the arrests."]
    padded = pd.DataFrame({" id ": ["a", "b"], " Text ": texts})
    assert list(model.predict(padded)) == model.predict(texts)
    # Two columns that both read as 'text' are not guessed between.
    from classify.errors import ClassifyError

    both = pd.DataFrame({"Text ": texts, " text": texts})
    with pytest.raises(ClassifyError, match="no text column 'text'"):
        model.predict(both)


def test_a_slow_stage_logs_seconds_each_not_zero_per_second(monkeypatch, capsys):
    import time

    from classify import cli

    clock = iter([0.0, 40.0, 80.0, 200.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    report = cli._log_reporter(10)
    report("fitting folds", 0, 5)
    report("fitting folds", 1, 5)  # 40 s for the first fold
    report("fitting folds", 2, 5)
    report("predicting", 0, 1000)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("fitting folds: 1/5 (20%) 40.0 s each, elapsed 40s, ETA 2m40s")
    assert "0/s" not in "\n".join(err)
    assert [cli._rate(r) for r in (310.4, 2.54, 0.0)] == ["310/s", "2.5/s", "0/s"]


def _topic_validation(rng, n=400, share=0.3, tpr=0.8, fpr=0.03):
    from classify.analysis import Validation

    y = (rng.random(n) < share).astype(int)
    decided = np.where(y == 1, rng.random(n) < tpr, rng.random(n) < fpr).astype(int)
    proba = np.clip(np.where(decided == 1, 0.7, 0.1) + rng.normal(0, 0.05, n), 0.01, 0.99)
    return Validation(y[:, None], decided[:, None], proba[:, None])


def test_a_group_that_flags_no_unit_has_corrected_intervals_as_wide_as_its_count_allows():
    from classify.analysis import (
        _class_rates,
        corrected_wilson_interval,
        prevalence_table,
        wilson_interval,
    )

    rng = np.random.default_rng(3)
    validation = _topic_validation(rng)
    # 40 football reports in 40 articles: none is flagged.
    n = 40
    p = rng.uniform(0.01, 0.2, n)
    rows = prevalence_table(
        task="topic", labels=["sanctions"], multilabel=True, decided=np.zeros((n, 1), int),
        proba=p[:, None], groups=["sport"] * n, clusters=[str(i) for i in range(n)],
        validation=validation, methods=("naive", "acc", "pacc", "em"), n_bootstrap=200,
    )  # fmt: skip
    got = {r["method"]: r for r in rows}
    assert got["naive"]["ci_high"] == pytest.approx(wilson_interval(0.0, n)[1])
    tpr, fpr = _class_rates(validation.y_true[:, 0], validation.y_pred[:, 0], 2)
    _, floor = corrected_wilson_interval(0.0, n, tpr[1], fpr[1])
    # 0 of 40 flagged is what a true share near 0.1 shows at this tpr.
    assert 0.08 < floor < 0.12
    for method in ("acc", "pacc", "em"):
        assert got[method]["ci_low"] == 0.0 and got[method]["ci_high"] >= floor - 1e-12
    # A decision-free classifier (tpr = fpr) can rule out no share.
    assert corrected_wilson_interval(0.0, n, 0.3, 0.3) == (0.0, 1.0)


def test_acc_intervals_of_small_groups_cover_a_small_true_share():
    from classify.analysis import prevalence_table

    rng = np.random.default_rng(4)
    validation = _topic_validation(rng, tpr=0.78, fpr=0.01)
    # 120 groups of 40 one-unit articles with a true share of 3%, flagged as
    # the held-out rates say: about a third of the groups flag none.
    groups, n = 120, 40
    truth = rng.random(groups * n) < 0.03
    flagged = np.where(truth, rng.random(groups * n) < 0.78, rng.random(groups * n) < 0.01)
    rows = prevalence_table(
        task="topic", labels=["sanctions"], multilabel=True, decided=flagged[:, None].astype(int),
        proba=np.where(flagged, 0.7, 0.1)[:, None], groups=[f"g{i // n:03d}" for i in range(groups * n)],
        clusters=[str(i) for i in range(groups * n)], validation=validation, methods=("acc",),
        n_bootstrap=100,
    )  # fmt: skip
    covered = [r["ci_low"] <= 0.03 <= r["ci_high"] for r in rows]
    none_flagged = sum(r["estimate"] == 0 for r in rows)
    assert none_flagged > 20
    # Without the floor every group that flags none missed 0.03 (upper ends near 0.01).
    assert np.mean(covered) >= 0.9


def test_a_pacc_interval_that_holds_neither_naive_nor_acc_is_noted():
    import pandas as pd

    from classify.analysis import disagreement_note

    def row(group, method, est, low=None, high=None):
        return {"task": "topic", "label": "human_rights", "group": group, "method": method,
                "estimate": est, "ci_low": low, "ci_high": high}  # fmt: skip

    rows = [
        row("sport", "naive", 0.02, 0.0, 0.06), row("sport", "acc", 0.01, 0.0, 0.05),
        row("sport", "pacc", 0.09, 0.06, 0.12),
        # Corrected away from the naive share, as it should: ACC agrees.
        row("news", "naive", 0.40, 0.35, 0.45), row("news", "acc", 0.31, 0.25, 0.37),
        row("news", "pacc", 0.30, 0.26, 0.34),
    ]  # fmt: skip
    table = pd.DataFrame(rows)
    table.attrs["headline"] = "pacc"
    note = disagreement_note(table)
    assert note.startswith("1 of 2 group estimates (pacc) have an interval that holds neither")
    assert "topic/human_rights in sport: naive 0.020, acc 0.010, pacc 0.090 [0.060, 0.120]" in note
    # Agreement everywhere, or one other method only: nothing to say.
    for part in (table[table["group"] == "news"], table[table["method"] != "acc"]):
        part = part.copy()
        part.attrs["headline"] = "pacc"
        assert disagreement_note(part) is None


def test_analyse_reads_predictions_files_named_by_strings(stance_model, tmp_path):
    import classify

    corpus = write_jsonl(tmp_path / "corpus.jsonl", labelled_rows())
    preds = tmp_path / "p.parquet"
    classify.predict(stance_model, corpus, out=preds)
    by_path = classify.analyse(stance_model, predictions=[preds], by="all", n_bootstrap=0)
    for given in ([str(preds)], str(preds)):
        table = classify.analyse(str(stance_model), predictions=given, by="all", n_bootstrap=0)
        assert table["estimate"].tolist() == by_path["estimate"].tolist()


def test_the_analyse_summary_marks_shares_at_the_bound_in_every_column(
    stance_model, tmp_path, capsys
):
    from cli_runner import run_cli

    # Every unit the favour text of the training data: EM puts favour at 1.
    favour = next(r for r in labelled_rows() if r["stance"] == "favour")
    rows = [{"id": f"c{i}", "text": favour["text"], "date": "2024-05-01"} for i in range(30)]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "year", "--out", tmp_path / "a")
    assert r.code == 0
    line = next(x for x in r.out.splitlines() if "stance/against" in x)
    cells = [c.strip() for c in line.split("│")]
    # The EM column: its estimate at 0 is marked although no bootstrap ran for it.
    assert cells[4] == "0.000 (at bound)", cells
    # Without a bootstrap nothing is at the bound, EM included, as in the report.
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "year", "--bootstrap", "0",
                "--out", tmp_path / "b")  # fmt: skip
    assert r.code == 0 and "(at bound)" not in r.out


def test_a_month_first_date_names_day_first_as_the_default_where_it_is(
    stance_model, tmp_path, capsys
):
    from cli_runner import run_cli

    rows = [{"id": "a", "text": "The envoys restore ties with Minsk.", "date": "12/31/2024"}]
    corpus = write_jsonl(tmp_path / "us.jsonl", rows)
    r = run_cli(capsys, "analyse", stance_model, corpus, "--by", "month", "--out", tmp_path / "a")
    assert r.code == 1
    assert "(day-first is the default, which --date-order month-first overrides)" in r.err
    assert "training data" not in r.err
    # predict and evaluate read new data in the model's order the same way.
    for args in (("predict", stance_model, corpus, "--out", tmp_path / "p.jsonl"),
                 ("evaluate", stance_model, corpus, "--out", tmp_path / "ev")):  # fmt: skip
        r = run_cli(capsys, *args)
        assert r.code == 1 and "(day-first is the default, which --date-order" in r.err, r.err


def test_a_speaker_column_with_empty_cells_is_said_as_a_column_not_as_quotations(
    stance_model, tmp_path
):
    import classify

    texts = ["The envoys restore ties with Minsk.", "Rights groups condemn the arrests."]
    rows = [
        {"id": f"r{i}", "text": texts[i % 2], "speaker": "Lukashenko" if i % 3 == 0 else ""}
        for i in range(12)
    ]
    corpus = write_jsonl(tmp_path / "spk.jsonl", rows)
    with pytest.warns(UserWarning) as caught:
        table = classify.analyse(stance_model, corpus, by="speaker", n_bootstrap=0)
    said = [str(w.message) for w in caught]
    assert set(table["group"]) == {"Lukashenko", "(unknown)"}
    assert "8 of 12 units have no 'speaker' value" in " ".join(said)
    assert not any("quotations have no speaker" in s for s in said)


def test_a_damaged_parquet_predictions_file_is_named_in_one_line(tmp_path):
    import pandas as pd

    from classify.engines.local import read_predictions
    from classify.errors import ClassifyError

    bad = tmp_path / "p.parquet"
    bad.write_text("id,text\na,b\n")
    with pytest.raises(ClassifyError, match="not a readable Parquet file"):
        read_predictions(bad)
    good = tmp_path / "q.parquet"
    pd.DataFrame({"id": ["a"], "p_x": [0.5]}).to_parquet(good)
    with pytest.raises(ClassifyError, match="lacks a column of p_y"):
        read_predictions(good, columns=["p_y"])
    assert read_predictions(good)["p_x"].tolist() == [0.5]


def test_two_small_groups_are_both_groups():
    from classify.analysis import all_small_note, small_groups_note

    assert small_groups_note("speaker", 2, 2).startswith("both groups are too small")
    assert all_small_note("month", 3).startswith("all 3 groups are too small")


ARTICLE = (
    "ANKARA (Reuters) - Turkey and Belarus agreed on Monday to restore full diplomatic ties.\n\n"
    "The European Union imposed new sanctions on Minsk over the crackdown.\n\n"
    "Human rights groups condemned the arrests of journalists.\n"
)


def _sheet(path, rows, header=("unit", "stance", "annotator")):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_ids_match_whatever_unicode_form_their_accents_take(tmp_path, capsys):
    import unicodedata

    from cli_runner import run_cli

    arts = tmp_path / "arts"
    arts.mkdir()
    # The file name as a Mac writes it: u and a combining diaeresis.
    (arts / (unicodedata.normalize("NFD", "türkiye") + ".txt")).write_text(ARTICLE, "utf-8")
    r = run_cli(capsys, "annotate", "export", arts, "--unit", "paragraph", "--format", "csv",
                "--out", tmp_path / "x")  # fmt: skip
    assert r.code == 0, r.err
    exported = (tmp_path / "x" / "units.csv").read_text("utf-8-sig")
    ids = [line.split(",")[0] for line in exported.splitlines()[1:]]
    assert ids == ["türkiye:p1", "türkiye:p2"]
    assert all(unicodedata.is_normalized("NFC", i) for i in ids)
    # One coder types the ids (composed), the other's sheet kept them decomposed.
    nfc = _sheet(tmp_path / "H.csv", [[i, "against", "H"] for i in ids])
    nfd = [unicodedata.normalize("NFD", i) for i in ids]
    other = _sheet(tmp_path / "I.csv", [[i, "against", "I"] for i in nfd])
    r = run_cli(capsys, "annotate", "agreement", nfc, other, "--task", "stance",
                "--out", tmp_path / "e")  # fmt: skip
    assert r.code == 0, r.err
    assert "agreement of 2 annotators on 2 units" in r.out
    # The decomposed ids leave their units out of the next batch, and import finds them.
    r = run_cli(capsys, "annotate", "export", arts, "--unit", "paragraph", "--exclude", other,
                "--out", tmp_path / "y")  # fmt: skip
    assert r.code == 1 and "every paragraph unit is already labelled" in r.err
    r = run_cli(capsys, "annotate", "import", other, "--source", arts, "--unit", "paragraph",
                "--out", tmp_path / "imp.jsonl")  # fmt: skip
    assert r.code == 0, r.err
    assert "imported 2 labelled records of 2 units" in r.out


def test_gold_ids_in_another_unicode_form_label_their_units(tmp_path):
    import unicodedata

    import classify

    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / (unicodedata.normalize("NFD", "türkiye") + ".txt")).write_text(ARTICLE, "utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"unit": "türkiye:p1", "stance": "against"}\n{"unit": "türkiye:p2", "stance": "against"}\n',
        "utf-8",
    )
    data = classify.load_examples(arts, annotations=[gold], unit="paragraph")
    assert data.labels["stance"] == ["against", "against"]
    assert data.ids == ["türkiye:p1", "türkiye:p2"]
    # A gold file written with the decomposed ids (as an older export gave them).
    gold.write_text(unicodedata.normalize("NFD", gold.read_text("utf-8")), "utf-8")
    data = classify.load_examples(arts, annotations=[gold], unit="paragraph")
    assert data.labels["stance"] == ["against", "against"]


def test_agreement_says_where_one_id_carries_two_passages(tmp_path, capsys):
    from cli_runner import run_cli

    texts = ["Cuba welcomed the talks.", "The embargo remains.", "Rights groups protest."]
    header = ("unit", "text", "stance", "annotator")
    a = _sheet(
        tmp_path / "A.csv", [[f"u{i}", t, "neutral", "A"] for i, t in enumerate(texts)], header
    )
    # B's batch was exported after the articles were cut again: each id one passage on.
    shifted = texts[1:] + texts[:1]
    b = _sheet(
        tmp_path / "B.csv", [[f"u{i}", t, "neutral", "B"] for i, t in enumerate(shifted)], header
    )
    r = run_cli(capsys, "annotate", "agreement", a, b, "--task", "stance", "--out", tmp_path / "e")
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "3 unit ids carry different texts in different annotators' files" in said
    assert "'u0', at character 1: 'Cuba welco' in A's, 'The embarg' in B's" in said
    assert "different texts" in (tmp_path / "e" / "agreement.md").read_text()
    # The same texts (spacing aside): nothing to say.
    c = _sheet(
        tmp_path / "C.csv",
        [[f"u{i}", t + "  ", "neutral", "C"] for i, t in enumerate(texts)],
        header,
    )
    r = run_cli(capsys, "annotate", "agreement", a, c, "--task", "stance", "--out", tmp_path / "f")
    assert r.code == 0 and "different texts" not in r.out


def test_agreement_notes_an_annotator_who_ticked_no_topic_anywhere(tmp_path, capsys):
    from cli_runner import run_cli

    header = ("unit", "text", "stance", "topics", "annotator")
    units = [f"u{i}" for i in range(8)]
    a = _sheet(tmp_path / "A.csv", [[u, f"text {u}", "neutral", "sanctions" if i % 2 else "", "A"]
                                    for i, u in enumerate(units)], header)  # fmt: skip
    c = _sheet(tmp_path / "C.csv", [[u, f"text {u}", "neutral", "", "C"] for u in units], header)
    r = run_cli(capsys, "annotate", "agreement", a, c, "--out", tmp_path / "e")
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "C gave no topics label on any of their 8 units, where others did" in said
    assert "A gave no" not in said
    # Two annotators who both ticked no topic agree: nothing pulls agreement down.
    d = _sheet(tmp_path / "D.csv", [[u, f"text {u}", "neutral", "", "D"] for u in units], header)
    r = run_cli(capsys, "annotate", "agreement", c, d, "--out", tmp_path / "g")
    assert r.code == 0 and "gave no" not in r.out
    # Asked for stance alone, the topics column is not a loss to warn of.
    r = run_cli(capsys, "annotate", "agreement", a, c, "--task", "stance", "--out", tmp_path / "f")
    assert r.code == 0 and "not kept" not in r.err and "gave no" not in r.out
    # Nor as a sheet names it, in the singular.
    singular = tmp_path / "A1.csv"
    singular.write_text(a.read_text().replace(",topics,", ",Topic,", 1))
    r = run_cli(capsys, "annotate", "agreement", singular, c, "--task", "stance",
                "--out", tmp_path / "h")  # fmt: skip
    assert r.code == 0 and "not kept" not in r.err


def test_a_label_studio_control_named_in_another_case_or_the_singular_is_its_field(tmp_path):
    from classify.annotation import import_annotations

    from conftest import ROOT

    fixture = ROOT / "tests" / "fixtures" / "annotation" / "ann1-label-studio.json"
    text = fixture.read_text("utf-8")
    renamed = tmp_path / "ls.json"
    renamed.write_text(
        text.replace('"from_name": "topics"', '"from_name": "Topic"').replace(
            '"from_name": "stance"', '"from_name": "Stance"'
        ),
        "utf-8",
    )
    ours = import_annotations([fixture], annotator="a")
    theirs = import_annotations([renamed], annotator="a")
    assert not theirs.problems
    assert [r.values for r in theirs.records] == [r.values for r in ours.records]
    # A control that names no field is still refused, with the fields allowed.
    other = tmp_path / "other.json"
    other.write_text(text.replace('"from_name": "stance"', '"from_name": "sentiment"'), "utf-8")
    with pytest.warns(UserWarning):
        result = import_annotations([other], annotator="a")
    assert "result for 'sentiment' matches no task field" in result.problems[0]


def test_choosing_units_with_a_model_shows_its_progress(stance_model, tmp_path, capsys):
    from cli_runner import run_cli

    places = ["Minsk", "Havana", "Caracas", "Tehran", "Pyongyang", "Damascus"]
    rows = [
        {
            "id": f"p{i}",
            "text": f"Officials in {places[i % 6]} met envoys on day {i} of talks number {i * 7}.",
        }
        for i in range(300)
    ]
    pool = write_jsonl(tmp_path / "pool.jsonl", rows)
    r = run_cli(
        capsys, "annotate", "suggest", stance_model, pool, "--n", "5", "--out", tmp_path / "s"
    )
    assert r.code == 0, r.err
    # Off a terminal the progress is log lines: the last one says every unit was scored.
    assert "scoring the pool: 300/300 (100%)" in r.err
    r = run_cli(capsys, "annotate", "export", pool, "--strategy", "active", "--model", stance_model,
                "--sample", "5", "--out", tmp_path / "e")  # fmt: skip
    assert r.code == 0, r.err
    assert "scoring the pool: 300/300 (100%)" in r.err


def test_predict_says_where_gold_in_1_0_columns_went(tmp_path, capsys, topic_model):
    from cli_runner import run_cli

    topic = topic_model
    data = tmp_path / "ind.csv"
    data.write_text(
        "id,text,Normalisation,sanctions,human_rights\n"
        "a,The envoys restore ties with Minsk.,1,0,0\n"
        "b,The EU imposed sanctions on Minsk.,0,1,0\n"
        "c,The cup final is on Sunday.,,,\n",
        "utf-8",
    )
    r = run_cli(capsys, "predict", topic, data, "--out", tmp_path / "p.jsonl")
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert (
        "gold labels as 1/0 columns 'normalisation', 'sanctions', 'human_rights' (2 items)" in said
    )
    assert "--keep-columns normalisation,sanctions,human_rights" in said
    # Kept as asked: nothing to warn of.
    r = run_cli(capsys, "predict", topic, data, "--out", tmp_path / "q.jsonl", "--keep-columns",
                "Normalisation,sanctions,human_rights")  # fmt: skip
    assert r.code == 0 and "1/0 columns" not in r.err


@pytest.mark.parametrize("articles", [60, 6])
def test_one_flag_more_never_lowers_the_upper_end(articles):
    from classify.analysis import prevalence_table

    rng = np.random.default_rng(5)
    validation = _topic_validation(rng, tpr=0.78, fpr=0.01)
    n = 60
    highs = {}
    # One unit per article, or ten paragraphs of an article each, its flags
    # in one article as a topic's paragraphs are (up to 8 flags).
    for flagged in range(9):
        decided = np.zeros((n, 1), int)
        decided[:flagged] = 1
        rows = prevalence_table(
            task="topic", labels=["sanctions"], multilabel=True, decided=decided,
            proba=np.where(decided == 1, 0.7, 0.1).astype(float), groups=["g"] * n,
            clusters=[str(i * articles // n) for i in range(n)], validation=validation,
            methods=("naive", "acc"), n_bootstrap=200, min_articles=5,
        )  # fmt: skip
        highs[flagged] = {r["method"]: r["ci_high"] for r in rows}
    for method in ("naive", "acc"):
        ends = [highs[k][method] for k in range(9)]
        if articles == 6:
            # Flags in one article: the floor holds until five articles have one.
            assert ends == sorted(ends), (method, ends)
        else:
            # Below five flagged articles the floor rises with each flag; at
            # the fifth the bootstrap takes over, a little below Wilson's.
            assert ends[:5] == sorted(ends[:5]), (method, ends)
            assert min(ends[5:]) > ends[4] - 0.02, (method, ends)


def test_the_disagreement_example_comes_from_a_group_large_enough_to_read():
    import pandas as pd

    from classify.analysis import disagreement_note

    def row(group, method, est, low, high, small):
        return {"task": "stance", "label": "neutral", "group": group, "method": method,
                "estimate": est, "ci_low": low, "ci_high": high, "small": small}  # fmt: skip

    rows = []
    for group, gap, small in (("2001", 0.4, True), ("2015", 0.2, False)):
        rows += [
            row(group, "naive", 0.5, 0.4, 0.6, small), row(group, "acc", 0.5, 0.4, 0.6, small),
            row(group, "pacc", 0.5 - gap, 0.5 - gap - 0.05, 0.5 - gap + 0.05, small),
        ]  # fmt: skip
    table = pd.DataFrame(rows)
    table.attrs["headline"] = "pacc"
    note = disagreement_note(table)
    assert note.startswith("2 of 2 group estimates") and "stance/neutral in 2015:" in note
    only_small = table[table["group"] == "2001"].copy()
    only_small.attrs["headline"] = "pacc"
    assert "in 2001 (a group too small to read):" in disagreement_note(only_small)


def test_one_file_name_with_its_accents_written_two_ways_is_named_as_such(tmp_path):
    import unicodedata

    from classify.articles import read_articles
    from classify.errors import ClassifyError

    for form in ("NFC", "NFD"):
        name = unicodedata.normalize(form, "Zürich") + ".txt"
        (tmp_path / name).write_text(ARTICLE, "utf-8")
    if len(list(tmp_path.iterdir())) < 2:
        pytest.skip("this file system keeps one form of a name")
    with pytest.raises(ClassifyError, match="accents written two ways"):
        list(read_articles(tmp_path))


def test_a_speaker_column_kept_under_its_own_case_groups_predictions(stance_model, tmp_path):
    import classify

    data = tmp_path / "spk.csv"
    data.write_text(
        "id,text,Speaker\n"
        'a,"The envoys restore ties with Minsk.",Lukashenko\n'
        'b,"Rights groups condemn the arrests.",\n'
        'c,"The EU imposed sanctions.",Biden\n',
        "utf-8",
    )
    preds = tmp_path / "p.parquet"
    classify.predict(stance_model, data, out=preds, keep_columns=["Speaker"])
    table = classify.analyse(stance_model, predictions=[preds], by="speaker", n_bootstrap=0)
    assert set(table["group"]) == {"Lukashenko", "Biden", "(unknown)"}


def test_one_label_set_written_several_ways_has_one_fingerprint(tmp_path):
    import json

    from classify.data import load_examples
    from classify.tasks import label_sets, load_task

    root = __import__("conftest").ROOT / "classify" / "task_files"
    sets = dict(label_sets([load_task(root / "topic.yaml"), load_task(root / "stance.yaml")]))
    texts = ["Talks on ties resume.", "Sanctions and arrests.", "Envoys return."]
    topics = [["normalisation"], ["human_rights", "sanctions"], ["normalisation", "sanctions"]]
    rows = [{"id": f"u{i}", "text": t, "topics": s, "stance": "neutral"}
            for i, (t, s) in enumerate(zip(texts, topics))]  # fmt: skip
    sorted_json = write_jsonl(tmp_path / "a.jsonl", rows)
    reversed_json = write_jsonl(
        tmp_path / "b.jsonl", [{**r, "topics": r["topics"][::-1]} for r in rows]
    )
    csv = tmp_path / "c.csv"
    csv.write_text(
        "id,text,topics,stance\n"
        + "".join(f"{r['id']},{r['text']},{';'.join(r['topics'][::-1])},neutral\n" for r in rows),
        "utf-8",
    )
    prints = {
        load_examples(p, label_sets=sets).fingerprint() for p in (sorted_json, reversed_json, csv)
    }
    assert len(prints) == 1
    # A different label set is different data.
    changed = write_jsonl(tmp_path / "d.jsonl", [{**rows[0], "topics": ["sanctions"]}, *rows[1:]])
    assert load_examples(changed, label_sets=sets).fingerprint() not in prints
    assert json.loads(sorted_json.read_text().splitlines()[1])["topics"] == topics[1]


def test_a_date_split_by_share_cuts_between_dates_nearest_the_share(tmp_path):
    from classify.data import load_examples, split_indices

    rows = [{"id": f"u{i}", "text": f"Item {i} on the talks.", "stance": "neutral",
             "date": "2019" if i < 70 else "2020"} for i in range(100)]  # fmt: skip
    examples = load_examples(write_jsonl(tmp_path / "years.jsonl", rows))
    for share in (0.2, 0.35, 0.5):
        # The only cut between dates leaves 30 units of 2020 to test, whatever the share.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            train, test = split_indices(examples, "date", test_size=share)
        assert (len(train), len(test)) == (70, 30)
        moved = [str(w.message) for w in caught if "falls inside a date" in str(w.message)]
        assert bool(moved) == (abs(0.3 - share) > 0.05), (share, moved)
    # Daily dates: the cut nearest the share, not the first day of the date it falls in.
    days = [{"id": f"d{i}", "text": f"Day item {i}.", "stance": "neutral",
             "date": f"2020-01-{1 + i // 10:02d}"} for i in range(100)]  # fmt: skip
    examples = load_examples(write_jsonl(tmp_path / "days.jsonl", days))
    train, test = split_indices(examples, "date", test_size=0.25)
    assert len(test) in (20, 30) and len(train) + len(test) == 100
    assert max(examples.dates[i] for i in train) < min(examples.dates[i] for i in test)


def test_a_kept_gold_topic_set_is_a_list_beside_the_predicted_one(tmp_path, capsys, topic_model):
    import json

    import pandas as pd
    from cli_runner import run_cli

    topic = topic_model
    rows = [
        {"id": "a", "text": "The envoys restore ties with Minsk.", "topics": ["normalisation"]},
        {"id": "b", "text": "The cup final is on Sunday.", "topics": []},
    ]
    data = write_jsonl(tmp_path / "gold.jsonl", rows)
    for out in ("p.jsonl", "p.parquet"):
        r = run_cli(capsys, "predict", topic, data, "--keep-columns", "*", "--out", tmp_path / out)
        assert r.code == 0, r.err
    written = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [w["topics_input"] for w in written] == [["normalisation"], []]
    frame = pd.read_parquet(tmp_path / "p.parquet")
    assert [list(v) for v in frame["topics_input"]] == [["normalisation"], []]


def test_predicting_articles_with_a_sentence_model_says_how_it_was_trained(tmp_path, capsys):
    from cli_runner import run_cli

    from conftest import ROOT

    seeds = ROOT / "seeds"
    model = tmp_path / "m"
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", seeds,
                "--annotations", seeds / "annotations.jsonl", "--set", "data.unit=sentence",
                "--set", "data.split.method=random", "--out", model)  # fmt: skip
    assert r.code == 0, r.err
    r = run_cli(capsys, "predict", model, seeds, "--out", tmp_path / "p.jsonl")
    assert r.code == 0 and "the model was trained on sentences" in r.err
    assert "--unit sentence" in r.err
    r = run_cli(
        capsys, "predict", model, seeds, "--unit", "sentence", "--out", tmp_path / "q.jsonl"
    )
    assert r.code == 0 and "trained on sentences" not in r.err


def test_predict_explains_an_id_read_twice_as_dataset_build_does(stance_model, tmp_path, capsys):
    from cli_runner import run_cli

    for folder in ("f1", "f2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(ARTICLE, "utf-8")
    for args in (("predict", stance_model), ("dataset", "build")):
        out = ("--out", tmp_path / ("p.jsonl" if args[0] == "predict" else "d"))
        r = run_cli(capsys, *args, tmp_path / "f1", tmp_path / "f2", *out)
        assert r.code == 1
        assert f"duplicate id '001' (first in {tmp_path / 'f1' / '001.txt'})" in r.err
        assert "pass the folders' common parent folder" in r.err


def test_a_date_split_counts_the_units_without_a_date(tmp_path):
    from classify.data import load_examples, split_indices
    from classify.errors import ClassifyError

    rows = [{"id": f"u{i}", "text": f"Item {i}.", "stance": "neutral",
             **({"date": "2020-01-01"} if i < 4 else {})} for i in range(10)]  # fmt: skip
    examples = load_examples(write_jsonl(tmp_path / "d.jsonl", rows))
    with pytest.raises(ClassifyError, match=r"6 of 10 units have none \(first: 'u4'\)"):
        split_indices(examples, "date")


def test_classify_version_prints_the_version_model_folders_record(capsys):
    from cli_runner import run_cli

    from classify.store import library_versions

    r = run_cli(capsys, "--version")
    assert r.code == 0 and r.out.strip() == f"classify {library_versions()['classify']}"


def test_check_97_edges(tmp_path, stance_model, capsys):
    from cli_runner import run_cli

    from classify.data import _label_set, load_examples, split_indices
    from classify.errors import ClassifyError

    # A label written twice in a set is the set.
    assert _label_set(["sanctions", "sanctions"]) == _label_set("sanctions") == ["sanctions"]
    assert _label_set(None) is None
    # One date throughout: no cutoff divides it, and the error says to split another way.
    rows = [{"id": f"u{i}", "text": f"Item {i}.", "stance": "neutral", "date": "2021-05-01"}
            for i in range(6)]  # fmt: skip
    examples = load_examples(write_jsonl(tmp_path / "one.jsonl", rows))
    with pytest.raises(ClassifyError, match="every unit is dated 2021-05-01, which no cutoff"):
        split_indices(examples, "date", test_size=0.35)
    # The same file given twice is named as such.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "001.txt").write_text(ARTICLE, "utf-8")
    r = run_cli(capsys, "predict", stance_model, tmp_path / "a", tmp_path / "a" / "001.txt",
                "--out", tmp_path / "p.jsonl")  # fmt: skip
    assert r.code == 1 and "the same file was given twice" in r.err
    # A table given twice too.
    table = write_jsonl(tmp_path / "t.jsonl", [{"id": "u1", "text": "Talks resume in Minsk."}])
    r = run_cli(capsys, "predict", stance_model, table, table, "--out", tmp_path / "q.jsonl")
    assert r.code == 1 and "the same file was given twice" in r.err


def test_a_blank_gold_topic_cell_is_kept_as_unlabelled(tmp_path, capsys, topic_model):
    import json

    from cli_runner import run_cli

    topic = topic_model
    data = tmp_path / "g.csv"
    data.write_text(
        "id,text,topics\na,The envoys restore ties with Minsk.,normalisation\n"
        "b,The cup final is on Sunday.,[]\nc,Rain is expected.,\n",
        "utf-8",
    )
    r = run_cli(
        capsys, "predict", topic, data, "--keep-columns", "topics", "--out", tmp_path / "p.jsonl"
    )
    assert r.code == 0, r.err
    kept = [json.loads(x)["topics_input"] for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert kept == [["normalisation"], [], None]


def test_training_text_is_found_at_another_unit_level(tmp_path):
    from classify.api import training_overlap
    from classify.data import load_examples
    from classify.store import load_model

    from conftest import ROOT

    rows = [
        {**r, "text": r["text"] + f" Officials in capital number {i} will meet again next week."}
        for i, r in enumerate(labelled_rows())
    ]
    data = write_jsonl(tmp_path / "rows.jsonl", rows)
    model = load_model(train_tfidf("stance", data, tmp_path / "m"))
    # The model's own rows cut into sentences: every sentence was trained on.
    sentences = load_examples(data, unit="sentence")
    assert len(sentences) > len(rows)
    seen = training_overlap(model, sentences)
    long = [i for i, t in enumerate(sentences.texts) if len(t.split()) >= 5]
    assert set(long) <= set(seen)
    # Other text at the sentence level is not.
    other = write_jsonl(tmp_path / "other.jsonl", [
        {"id": "x", "text": "Farmers in the valley expect a late harvest this year. Rain fell.",
         "stance": "neutral"}])  # fmt: skip
    assert training_overlap(model, load_examples(other, unit="sentence")) == []
    # A model trained on sentences, scored on the rows they came from.
    import classify

    sent_model = classify.train(
        ROOT / "configs" / "stance-tfidf.yaml", data=data, out=tmp_path / "s",
        overrides={"data.unit": "sentence", "data.split.method": "random"},
    )  # fmt: skip
    whole = load_examples(data)
    assert len(training_overlap(load_model(tmp_path / "s"), whole)) == len(whole)
    assert sent_model is not None


def test_train_and_evaluate_say_sentences_take_their_rows_labels(stance_model, tmp_path, capsys):
    from cli_runner import run_cli

    from conftest import ROOT

    rows = [{**r, "text": r["text"] + " Officials will meet again next week in the capital."}
            for r in labelled_rows()]  # fmt: skip
    data = write_jsonl(tmp_path / "rows.jsonl", rows)
    said = "each sentence cut from a labelled row (or folder-labelled article) takes its gold"
    r = run_cli(
        capsys, "evaluate", stance_model, data, "--unit", "sentence", "--out", tmp_path / "e"
    )
    assert r.code == 0 and said in " ".join(r.err.split())
    r = run_cli(capsys, "evaluate", stance_model, data, "--out", tmp_path / "f")
    assert r.code == 0 and "cut from a labelled row" not in r.err
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--set", "data.unit=sentence", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0 and said in " ".join(r.err.split())


def test_units_left_out_unlabelled_are_told_how_to_say_no_topic(topic_model, tmp_path, capsys):
    from cli_runner import run_cli

    data = tmp_path / "to.csv"
    data.write_text(
        "id,text,topics\na,The envoys restore ties with Minsk.,normalisation\n"
        "b,The cup final is on Sunday.,\nc,Rain is expected.,[]\n",
        "utf-8",
    )
    r = run_cli(capsys, "evaluate", topic_model, data, "--out", tmp_path / "e")
    said = " ".join(r.out.split())
    assert r.code == 0 and "1 unit is unlabelled for 'topics' (left out of that task;" in said
    assert "an empty label set is written []" in said


def test_dir_of_the_package_lists_its_names_not_its_helpers():
    import classify

    names = dir(classify)
    assert {"train", "evaluate", "predict", "load_model", "__version__"} <= set(names)
    assert "Any" not in names and "import_module" not in names


def test_one_shared_stock_sentence_does_not_make_a_row_seen(tmp_path):
    import classify
    from classify.api import training_overlap
    from classify.data import load_examples
    from classify.store import load_model

    from conftest import ROOT

    stock = " The ministry did not respond to a request for comment."
    rows = [{**r, "text": r["text"] + stock} for r in labelled_rows()]
    data = write_jsonl(tmp_path / "rows.jsonl", rows)
    classify.train(
        ROOT / "configs" / "stance-tfidf.yaml", data=data, out=tmp_path / "s",
        overrides={"data.unit": "sentence", "data.split.method": "random"},
    )  # fmt: skip
    model = load_model(tmp_path / "s")
    other = [
        {"id": f"o{i}", "stance": "neutral",
         "text": f"Farmers in region number {i} expect a late harvest this year.{stock}"}
        for i in range(6)
    ]  # fmt: skip
    unrelated = load_examples(write_jsonl(tmp_path / "other.jsonl", other))
    assert training_overlap(model, unrelated) == []
    # Its own rows are seen, a headline without a full stop cut off first.
    titled = [{**r, "text": "Talks in the capital resume today\n" + r["text"]} for r in rows]
    titled_data = write_jsonl(tmp_path / "titled.jsonl", titled)
    row_model = load_model(train_tfidf("stance", titled_data, tmp_path / "r"))
    sentences = load_examples(titled_data, unit="sentence")
    long = [i for i, t in enumerate(sentences.texts) if len(t.split()) >= 5]
    assert set(long) <= set(training_overlap(row_model, sentences))
    # analyse counts them too.
    table = classify.analyse(row_model, titled_data, unit="sentence", by="all", n_bootstrap=0)
    seen, n = table.attrs["in_training"]["stance"]
    assert seen >= len(long) and n == len(sentences)


def test_keep_columns_with_a_dataframe_that_comes_back_as_a_series_is_said(stance_model):
    import pandas as pd

    import classify

    df = pd.DataFrame({"id": ["a", "b"], "country": ["BY", "CU"],
                       "text": ["The envoys restore ties with Minsk.", "Rights groups protest."]})  # fmt: skip
    with pytest.warns(UserWarning, match="keep_columns does nothing here"):
        result = classify.predict(stance_model, df, keep_columns=["*"])
    assert isinstance(result, pd.Series) and list(result.index) == list(df.index)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify.predict(stance_model, df)


def test_evaluate_refuses_a_model_folder_given_as_its_data(
    stance_model, topic_model, tmp_path, capsys
):
    from cli_runner import run_cli

    r = run_cli(capsys, "evaluate", stance_model, topic_model, "--out", tmp_path / "e")
    assert r.code == 1
    assert "is a model folder, not labelled data; evaluate takes one model" in r.err
    assert "files not read" not in r.err and not (tmp_path / "e").exists()
