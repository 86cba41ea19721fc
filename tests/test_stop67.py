"""Stop 67: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _coders(tmp_path: Path, n: int, favour: dict[str, int]) -> str:
    """The agreement report of coders who each label ``n`` units, the first
    ``favour[who]`` of them favour and the rest neutral."""
    import classify

    files = []
    for who, k in favour.items():
        path = tmp_path / f"{who}.jsonl"
        path.write_text(
            "".join(
                json.dumps(
                    {"unit": f"u{i}", "stance": "favour" if i < k else "neutral", "annotator": who}
                )
                + "\n"
                for i in range(n)
            )
        )
        files.append(path)
    classify.agreement_report(files, out=tmp_path / "agr", n_bootstrap=0)
    return (tmp_path / "agr" / "agreement.md").read_text()


@pytest.mark.parametrize(
    ("n", "favour", "shown_favour", "shown_neutral"),
    [
        (200, 199, "199 (99.5%)", "1 (1%)"),  # 0.5% rounds half up to 1%
        (200, 1, "1 (1%)", "199 (99.5%)"),
        (3000, 2999, "2999 (>99.9%)", "1 (<0.1%)"),
        (200, 200, "200 (100%)", "0 (0%)"),
        (8, 5, "5 (63%)", "3 (38%)"),
    ],
)
def test_an_agreement_share_that_is_not_all_never_shows_100_percent(
    tmp_path, n, favour, shown_favour, shown_neutral
):
    """Stop 66's left-alone list: 199 of 200 units showed as `199 (100%)`,
    the same as all of them."""
    report = _coders(tmp_path, n, {"ann": favour, "ben": n // 2})
    assert f"| ann | {n} | {shown_favour} | 0 (0%) | {shown_neutral} |" in report


def _noisy_stance(tmp_path: Path) -> tuple[Path, list[dict]]:
    """200 synthetic stance rows with 12 labels changed by hand: rows whose
    cue says one stance and whose label says another."""
    from test_active import synthetic_rows, write_jsonl

    rows = synthetic_rows(200, seed=7)
    other = {"favour": "against", "against": "neutral", "neutral": "favour"}
    for row in rows[::17]:
        row["stance"] = other[row["stance"]]
    return write_jsonl(tmp_path / "noisy.jsonl", rows), rows


def test_an_audit_marks_units_rechecked_already_and_leaves_them_out_of_the_count(tmp_path, capsys):
    """Review 245: after corrections, a second audit flagged the same units
    again and had no way to say they were re-checked."""
    from cli_runner import run_cli

    from classify import audit

    data, _ = _noisy_stance(tmp_path)
    cfg = ROOT / "configs/stance-tfidf.yaml"
    first = audit.audit_labels(data, cfg, folds=3)
    flagged = [r for r in first["rows"] if r["issue"]]
    assert len(flagged) >= 4
    assert first["to_check"] == first["issues"] and "checked_flagged" not in first
    # A coder confirmed the first three flagged labels as given.
    confirmed = tmp_path / "confirmed.jsonl"
    confirmed.write_text(
        "".join(json.dumps({"unit": r["unit"], "stance": r["given"]}) + "\n" for r in flagged[:3])
    )
    second = audit.audit_labels(data, cfg, folds=3, checked=confirmed)
    marked = {r["unit"] for r in second["rows"] if r["checked"]}
    assert marked == {r["unit"] for r in flagged[:3]}
    assert second["checked"] == 3 and second["checked_flagged"] == 3
    assert second["to_check"] == second["issues"] - 3
    # The same rows, ranked the same: marking moves nothing.
    assert [r["unit"] for r in second["rows"]] == [r["unit"] for r in first["rows"]]

    out = tmp_path / "ranked.jsonl"
    res = run_cli(
        capsys, "annotate", "audit", data, "--config", cfg, "--folds", "3",
        "--checked", confirmed, "--top", "5", "--out", out,
    )  # fmt: skip
    assert res.code == 0, res.err
    assert (
        f"re-check the {second['to_check']} flagged units" in res.out
        and "(3 more flagged were re-checked already, --checked)" in res.out
    )
    assert "--annotations FILE" in res.out and "--checked FILE" in res.out
    # The printed table starts below the confirmed units; the file keeps them.
    shown = [line for line in res.out.splitlines() if line.strip()[:1].isdigit()]
    assert not any(r["unit"] in line for r in flagged[:3] for line in shown)
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["unit"] for r in written if r["checked"]] == [r["unit"] for r in flagged[:3]]


def test_a_checked_file_that_matches_nothing_stops_and_strays_are_named(tmp_path):
    from classify import audit
    from classify.errors import ClassifyError

    data, rows = _noisy_stance(tmp_path)
    cfg = ROOT / "configs/stance-tfidf.yaml"
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"unit": "zz1", "text": "Not ours.", "stance": "neutral"}) + "\n")
    import classify.training

    def no_cross_validation(*args, **kwargs):
        raise AssertionError("the checked file is read before the cross-validation")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(classify.training, "cross_validate", no_cross_validation)
        with pytest.raises(ClassifyError, match="checked files label none of the data's units"):
            audit.audit_labels(data, cfg, folds=3, checked=other)
    # One by text under another id, one stray: the stray is named, the other matched.
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(
        json.dumps({"unit": "copy-9", "text": rows[9]["text"], "stance": rows[9]["stance"]})
        + "\n"
        + json.dumps({"unit": "zz1", "text": "Not ours.", "stance": "neutral"})
        + "\n"
    )
    with pytest.warns(
        UserWarning, match=r"1 unit of the checked files is not in the data, by id or text: 'zz1'"
    ):
        r = audit.audit_labels(data, cfg, folds=3, checked=mixed)
    assert [row["unit"] for row in r["rows"] if row["checked"]] == [rows[9]["id"]]


def test_every_refused_label_of_a_labelled_file_is_named(tmp_path):
    """Review 245: of two rows with labels the task lacks, the warning
    showed only the first ('pro', not 'Favor')."""
    from classify.annotation import labelled_units

    path = tmp_path / "seed.jsonl"
    cells = ["pro", "Favor", "neutral", "meh", "x1", "x2", "x3"]
    path.write_text(
        "".join(
            json.dumps({"unit": f"u{i}", "text": f"Text {i}.", "stance": s}) + "\n"
            for i, s in enumerate(cells)
        )
    )
    with pytest.warns(UserWarning) as caught:
        ids, _ = labelled_units(path)
    assert ids == {f"u{i}" for i in range(7)}
    message = str(caught[0].message)
    assert "6 rows hold a label its task does not have (line 1: label 'pro'" in message
    assert "also 'Favor' (line 2), 'meh' (line 4), 'x1' (line 5) and 2 more labels)" in message
    # Each label once, however many rows repeat the first (check 248).
    path.write_text(
        "".join(
            json.dumps({"unit": f"u{i}", "text": f"Text {i}.", "stance": s}) + "\n"
            for i, s in enumerate(["pro"] * 8 + ["con"])
        )
    )
    with pytest.warns(UserWarning) as caught:
        labelled_units(path)
    message = str(caught[0].message)
    assert "9 rows hold" in message and "; also 'con' (line 9))" in message


def _pound_rows(n: int, seed: int = 0) -> bytes:
    """An English table saved in cp1252: names with accents and sums in
    pounds, the bytes cp1250 reads as letters too (£ as Ł, è as č)."""
    import random

    rng = random.Random(seed)
    names = ["Malmö", "Muñoz", "Pérez", "Gómez", "São Paulo", "Zürich", "Françoise", "naïve"]
    rows = ["id,text"]
    for i in range(n):
        amount = f"£{rng.randint(2, 900)}{rng.choice(['m', 'bn', ''])}"
        rows.append(
            f"{i},Officials in {rng.choice(names)} said the club paid {amount} last year; "
            f"talks with {rng.choice(names)} went on."
        )
    return ("\n".join(rows) + "\n").encode("cp1252")


def test_a_pound_sign_names_cp1252_not_cp1250(tmp_path):
    """Review 244: a cp1252 pool with £ sums was offered cp1250, which reads
    £ as Ł (a letter) and garbled 84 characters without a word."""
    from classify.data import load_examples
    from classify.errors import ClassifyError
    from classify.tables import _letter_share, guess_encoding

    assert _letter_share("paid £5m in Malmö") > _letter_share("paid Ł5m in Malmö")
    assert _letter_share("30°C in Malmö") == 1.0
    assert guess_encoding(_pound_rows(20)) == "cp1252"
    path = tmp_path / "pool.csv"
    path.write_bytes(_pound_rows(20))
    with pytest.raises(ClassifyError, match="it reads as cp1252") as caught:
        load_examples([path], labelled=False)
    assert "cp1250" not in str(caught.value)


def test_a_codepage_other_than_cp1252_is_shown_where_the_two_differ(tmp_path):
    """Review 244: the words shown with a guessed codepage were where it and
    cp1252 read alike ("Malmö"), so they could not tell the user which."""
    from classify.data import load_examples
    from classify.errors import ClassifyError

    text = (
        "id,text\n1,Talks in Malmö went on.\n"
        "2,Prezydent Wałęsa powiedział, że rząd w Łodzi rozszerzył sankcje na żółć.\n"
        "3,Źródła mówią, że ściśle tajne rozmowy trwały długo.\n"
    )
    path = tmp_path / "pl.csv"
    path.write_bytes(text.encode("cp1250"))
    with pytest.raises(ClassifyError) as caught:
        load_examples([path], labelled=False)
    message = str(caught.value)
    assert "it reads as cp1250 ('" in message
    shown = message.split("it reads as cp1250 ('")[1]
    mine, theirs = shown.split("'; as cp1252: '")
    assert "ł" in mine or "ż" in mine or "ą" in mine
    assert "³" in theirs or "¿" in theirs or "¹" in theirs


def _stance_pool(tmp_path: Path, labelled: bool) -> Path:
    from test_active import synthetic_rows, write_jsonl

    rows = synthetic_rows(240, seed=11)
    for row in rows:
        row["id"] = "p" + row["id"]
        row["text"] = row["text"].replace("Item", "Pool item")
        if not labelled:
            del row["stance"]
    return write_jsonl(tmp_path / ("labelled-pool.jsonl" if labelled else "pool.jsonl"), rows)


def test_a_pool_that_holds_the_tasks_labels_is_warned_of(tmp_path, capsys):
    """Review 244: a labelled file given as --unlabelled was used without a
    word, its gold replaced by the teacher's guesses."""
    from cli_runner import run_cli
    from test_active import synthetic_rows, write_jsonl

    data = write_jsonl(tmp_path / "gold.jsonl", synthetic_rows(90, seed=3))
    cfg = ROOT / "configs/stance-tfidf.yaml"
    for labelled, said in ((True, 1), (False, 0)):
        pool = _stance_pool(tmp_path, labelled)
        res = run_cli(
            capsys, "train", cfg, "--data", data, "--unlabelled", pool,
            "--out", tmp_path / f"m{labelled}", "--set", "self_training.check_without_pool=false",
        )  # fmt: skip
        assert res.code == 0, res.err
        warning = (
            f"unlabelled pool {pool} holds 'stance' labels on 240 of its 240 rows: a pool's "
            "labels are not read (the teacher labels every pool unit); to train on them, give "
            "the file as labelled data (--data PATH)"
        )
        # Once, though the evaluated model and the refit each self-train.
        assert " ".join(res.err.split()).count(warning) == said


def test_train_says_what_the_pool_did_against_the_same_model_without_it(tmp_path, capsys):
    """Review 244: self-training took a model from 0.699 to 0.458 on its
    held-out split and nothing said so; a user had to train twice."""
    from cli_runner import run_cli
    from test_active import synthetic_rows, write_jsonl

    import classify

    data = write_jsonl(tmp_path / "gold.jsonl", synthetic_rows(150, seed=5, noise=0.3))
    pool = _stance_pool(tmp_path, labelled=False)
    cfg = ROOT / "configs/stance-tfidf.yaml"
    res = run_cli(
        capsys, "train", cfg, "--data", data, "--unlabelled", pool, "--out", tmp_path / "m",
        "--set", "self_training.min_confidence=0",
    )  # fmt: skip
    assert res.code == 0, res.err
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    check = metrics["self_training"]["without_pool"]
    assert check["metric"] == "macro_f1"
    assert check["with_pool"] == pytest.approx(metrics["macro_f1"], abs=1e-6)
    # The same config and split trained without the pool, by hand.
    alone = classify.train(cfg, data=data, save=False, refit=False)
    assert check["without_pool"] == pytest.approx(alone.metrics["macro_f1"], abs=1e-6)
    assert check["difference"] == pytest.approx(check["with_pool"] - check["without_pool"], 1e-5)
    low, high = check["ci95"]
    assert low <= check["difference"] <= high
    said = " ".join(res.out.split())
    assert (
        f"the pool's effect on the held-out macro-F1: {check['with_pool']:.3f} with it, "
        f"{check['without_pool']:.3f} without it (the same model and data, no pool), "
        f"{check['difference']:+.3f} [{low:.3f}, {high:.3f}]"
    ) in said
    verdict = (
        "the pool made the model worse here"
        if high < 0
        else "the pool helped here"
        if low > 0
        else "no clear effect either way"
    )
    assert verdict in said
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert f"The pool's effect on the held-out macro-F1: {check['with_pool']:.3f}" in card
    # Switched off: no second fit, no record, no line.
    off = run_cli(
        capsys, "train", cfg, "--data", data, "--unlabelled", pool, "--out", tmp_path / "off",
        "--set", "self_training.min_confidence=0", "--set", "self_training.check_without_pool=false",
    )  # fmt: skip
    assert off.code == 0, off.err
    assert (
        "without_pool"
        not in json.loads((tmp_path / "off" / "metrics.json").read_text())["self_training"]
    )
    assert "the pool's effect" not in off.out


def test_the_pool_effect_reads_the_interval():
    from classify.reports import pool_effect

    base = {"metric": "f_avg", "with_pool": 0.5, "without_pool": 0.7, "p_value": 0.002}
    worse = pool_effect({**base, "difference": -0.2, "ci95": [-0.3, -0.1]})
    assert worse.startswith("the pool's effect on the held-out F_avg: 0.500 with it, 0.700")
    assert worse.endswith(
        "-0.200 [-0.300, -0.100], p 0.002: the pool made the model worse here; "
        "self_training.rounds: 0 trains without it"
    )
    better = pool_effect({**base, "difference": 0.2, "ci95": [0.1, 0.3], "p_value": None})
    assert better.endswith("+0.200 [0.100, 0.300]: the pool helped here")
    unclear = pool_effect({**base, "difference": 0.02, "ci95": [-0.05, 0.08]})
    assert unclear.endswith("no clear effect either way on these test units")
    assert pool_effect(None) is None and pool_effect({"with_pool": None}) is None


def _dated_topic_rows(n: int) -> list[dict]:
    """Topic rows over ten years, 15% of them with one label toggled, so
    that tuned thresholds move off 0.5."""
    import random

    from test_audit_rules import topic_rows

    rows = topic_rows(n, seed=4)
    rng = random.Random(1)
    for i, row in enumerate(rows):
        row["date"] = f"{2010 + i * 10 // n}-0{1 + i % 9}-1{i % 10}"
        if rng.random() < 0.15:
            toggled = rng.choice(["normalisation", "sanctions", "human_rights"])
            row["topics"] = sorted(set(row["topics"]) ^ {toggled})
    return rows


def test_held_out_errors_are_read_against_the_evaluated_models_thresholds(tmp_path):
    """Review 246: after the default refit, `evaluate --held-out` ranked its
    error tables against the refit model's thresholds, not those the
    held-out predictions were made at."""
    from test_active import write_jsonl

    import classify

    data = write_jsonl(tmp_path / "topics.jsonl", _dated_topic_rows(300))
    result = classify.train(ROOT / "configs/topic-tfidf.yaml", data=data, out=tmp_path / "m")
    model = classify.load_model(tmp_path / "m")
    evaluated = result.metrics["thresholds"]
    # The refit tuned its own thresholds: the case the bug needs.
    assert list(model.thresholds) != evaluated
    held = classify.evaluate(tmp_path / "m", data, held_out=True, out=tmp_path / "ho")
    # train's own error tables are of the same predictions at the same thresholds.
    for key in ("confident_errors", "unsure_correct"):
        mine = held["errors"].get(key, [])
        theirs = result.metrics["errors"].get(key, [])
        assert [e["id"] for e in mine] == [e["id"] for e in theirs], key
        # The thresholds are kept to six decimals in metrics.json.
        assert [e["confidence"] for e in mine] == pytest.approx(
            [e["confidence"] for e in theirs], abs=1e-5
        )
    report = " ".join((tmp_path / "ho" / "report.md").read_text().split())
    # Which decisions of a multi-label error were wrong, in words (review 246).
    from classify.reports import wrong_decisions

    first = held["errors"]["confident_errors"][0]
    said = wrong_decisions(first["gold"], first["predicted"])
    assert said and set(said.replace(";", ",").replace(",", " ").split()) <= {
        "missed", "extra", *first["gold"], *first["predicted"]
    }  # fmt: skip
    assert f"| {first['id']} |" in report and f"| {said} |" in report
    assert "| Wrong decisions |" in report
    assert wrong_decisions(["a", "b"], ["b", "c"]) == "missed a; extra c"
    assert wrong_decisions(["a"], []) == "missed a" and wrong_decisions([], ["c"]) == "extra c"
    shown = ", ".join(
        f"{lab} {t:.3f}"
        for lab, t in zip(["normalisation", "sanctions", "human_rights"], evaluated)
    )
    assert (
        "the model evaluated before the refit (fit on "
        f"{result.metrics['evaluation']['train']} units; the saved model was refit on every "
        f"labelled item), at its thresholds {shown}"
    ) in report


def test_giving_every_label_scores_zero_for_a_label_no_unit_has(tmp_path):
    """Review 246: on 15 copies of one text, gold human_rights, giving every
    label to every unit scored macro-F1 1.000 beside micro-F1 0.500, and a
    model that got all 15 right was told it does not tell labels apart."""
    from sklearn.metrics import f1_score

    from classify import evaluation

    labels = ["normalisation", "sanctions", "human_rights"]
    y = np.zeros((15, 3), dtype=int)
    y[:, 2] = 1
    proba = np.tile([0.1, 0.1, 0.9], (15, 1))
    m = evaluation.evaluate_predictions(
        "multilabel", labels, y, proba, thresholds=[0.5, 0.5, 0.5], n_bootstrap=0
    )
    every = m["baseline"]["all_labels"]
    ones = np.ones_like(y)
    assert every["macro_f1"] == pytest.approx(f1_score(y, ones, average="macro", zero_division=0))
    assert every["macro_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert every["micro_f1"] == pytest.approx(0.5)
    assert m["macro_f1"] == 1.0 and evaluation.all_labels_note(m) is None


def test_train_with_a_test_file_reports_its_copies_and_scripts_as_evaluate_does(tmp_path, capsys):
    """Review 246: `train --test` warned of copies in the test file but its
    report and card did not say so, and said nothing of Russian texts that
    `evaluate` warns of; `evaluate`'s report left the script out too."""
    from cli_runner import run_cli
    from test_active import synthetic_rows, write_jsonl

    data = write_jsonl(tmp_path / "gold.jsonl", synthetic_rows(90, seed=3))
    russian = [
        ("Министр заявил, что санкции против Минска будут расширены.", "against"),
        ("Посольство в Минске вновь откроется в следующем году.", "favour"),
        ("Переговоры о торговле продолжатся на следующей неделе.", "neutral"),
    ]
    rows = [
        {"id": f"r{i}", "text": f"{t} ({i})", "stance": s} for i, (t, s) in enumerate(russian * 3)
    ]
    rows += [
        {"id": f"c{i}", "text": "Both governments agree to restore ties.", "stance": "favour"}
        for i in range(4)
    ]
    test = write_jsonl(tmp_path / "test.jsonl", rows)
    cfg = ROOT / "configs/stance-tfidf.yaml"
    res = run_cli(capsys, "train", cfg, "--data", data, "--test", test, "--out", tmp_path / "m")
    assert res.code == 0, res.err
    err = " ".join(res.err.split())
    assert "9 of the 13 texts of the test data are written in Cyrillic script" in err
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert metrics["copies"]["units"] == 3
    assert metrics["other_scripts"]["units"] == 9 and metrics["other_scripts"]["of"] == 13
    report = " ".join((tmp_path / "m" / "report.md").read_text().split())
    assert "3 units repeat the text of another unit" in report
    assert "9 of the 13 units scored are written in Cyrillic script" in report
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert "- Of the evaluation data, 3 units repeat the text of another unit" in card
    assert "- Of the evaluation data, 9 of the 13 units scored are written in Cyrillic" in card
    ev = run_cli(capsys, "evaluate", tmp_path / "m", test, "--out", tmp_path / "ev")
    assert ev.code == 0, ev.err
    report = " ".join((tmp_path / "ev" / "report.md").read_text().split())
    assert "9 of the 13 units scored are written in Cyrillic script" in report


def test_one_cluster_is_no_interval_and_the_report_says_so():
    from classify.reports import _bootstrap_note

    note = _bootstrap_note(
        {
            "ci95": {"macro_f1": [1.0, 1.0]},
            "n": 15,
            "bootstrap": {"n_resamples": 1000, "n_groups": 1},
        }
    )
    assert "1000 resamples of one cluster of units" in note and "1 clusters" not in note
    assert "have no width and say nothing of the uncertainty" in note


def test_an_f_avg_undefined_on_both_its_labels_is_shown_as_na():
    """Review 246: with neither favour nor against in the test data or the
    predictions, the terminal showed `f_avg n/a` and the report and card
    dropped the row."""
    from classify.reports import _summary_rows

    metrics = {
        "macro_f1": 1.0,
        "f_avg": None,
        "accuracy": 1.0,
        "undefined_labels": ["favour", "against"],
        "per_label": {"favour": {}, "against": {}, "neutral": {}},
        "f_avg_labels": ["favour", "against"],
        "primary_metric": "macro_f1",
    }
    rows = {row[0]: row[1] for row in _summary_rows(metrics)}
    assert rows["Macro-F1 (1 of 3 labels)"] == 1.0
    assert [v for k, v in rows.items() if k.startswith("F_avg")] == ["n/a"]


def test_a_lithuanian_cp1257_table_is_offered_cp1257(tmp_path):
    """Check 248: 30 rows of Lithuanian in cp1257 were offered cp1252
    ('uþsienio reikalø'), where charset-normalizer reads cp1257."""
    from classify.tables import guess_encoding

    lines = [
        "Užsienio reikalų ministras pareiškė, kad sankcijos bus išplėstos.",
        "Lietuvos prezidentas susitiko su Lenkijos vadovu Vilniuje ir aptarė saugumą.",
        "Vyriausybė nusprendė uždaryti pasienio punktus dėl migrantų srauto.",
        "Europos Sąjunga ragina Minską paleisti politinius kalinius.",
    ]
    for n in (4, 30):
        rows = ["id,text", *(f"{i},{lines[i % 4]}" for i in range(n))]
        assert guess_encoding(("\n".join(rows) + "\n").encode("cp1257")) == "cp1257", n
    # One accented name repeated is no language: cp1252, not cp852's "ZŘrich".
    rows = ["id,text", *(f"{i},Talks on embassies in Zürich went on ({i})." for i in range(30))]
    assert guess_encoding(("\n".join(rows) + "\n").encode("cp1252")) == "cp1252"


@pytest.mark.parametrize("key", ["model.params.device", "model.params.fp16", "device"])
def test_a_device_setting_is_answered_with_how_the_gpu_is_used(key):
    """Review 247: `--set model.params.device=cuda` said only "unknown key"."""
    from classify.config import load_train_config
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError) as caught:
        load_train_config(ROOT / "configs/stance-transformer.yaml", {key: "cuda"})
    message = str(caught.value)
    assert f"unknown key '{key}'" in message
    assert "there is no device setting: a GPU is used where PyTorch sees one" in message
    assert "CUDA_VISIBLE_DEVICES=" in message
    with pytest.raises(ClassifyError) as caught:
        load_train_config(ROOT / "configs/stance-transformer.yaml", {"model.params.epoch": 2})
    assert "device setting" not in str(caught.value)


def test_the_card_repeats_that_every_label_scores_as_high(tmp_path):
    """Review 247: a transformer on 140 items gave almost every label to
    every unit; train warned, the card (read afterwards) did not."""
    from classify.reports import write_model_card

    metrics = {
        "kind": "multilabel",
        "n": 35,
        "macro_f1": 0.167,
        "micro_f1": 0.16,
        "baseline": {"all_labels": {"macro_f1": 0.177, "micro_f1": 0.2}},
        "per_label": {},
    }
    info = {"name": "frame-transformer", "task": "topic", "family": "transformer"}
    card = " ".join(write_model_card(tmp_path, info=info, metrics=metrics).read_text().split())
    assert (
        "- On the evaluation data, giving every label to every unit scores macro-F1 0.177, "
        "at least as high as the model's 0.167"
    ) in card
    assert "so do not use it to measure label shares." in card
    # A model that beats the bar has no such line.
    better = {**metrics, "macro_f1": 0.6}
    card = write_model_card(tmp_path / "b", info=info, metrics=better).read_text()
    assert "giving every label to every unit scores macro-F1 0.177, at least" not in card


def test_the_pool_check_setting_leaves_experiment_cell_keys_as_they_were():
    """The new `self_training.check_without_pool` decides no model and no
    figure: at its default a config hashes as before, so stored experiment
    cells are reused, not recomputed."""
    from classify.config import load_train_config

    cfg = load_train_config(ROOT / "configs/stance-selftrained.yaml")
    assert "check_without_pool" not in cfg.to_dict()["self_training"]
    off = load_train_config(
        ROOT / "configs/stance-selftrained.yaml", {"self_training.check_without_pool": False}
    )
    assert off.to_dict()["self_training"]["check_without_pool"] is False


def test_a_learning_curve_draw_without_a_label_says_so(tmp_path):
    """Review 249: a training size of 2 on three stance labels drew no
    'neutral' for every seed, and its cells scored low with no word."""
    from test_active import synthetic_rows

    import classify.experiments as ex

    rows = synthetic_rows(60, seed=2)
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    path = tmp_path / "curve.yaml"
    path.write_text(
        f"name: curve\ndata: {data}\n"
        "protocols:\n  - {name: d, split: date, cutoff: '2018-01-01'}\n"
        f"models: [{ROOT / 'configs/stance-tfidf.yaml'}]\n"
        "train_sizes: [2, 12, all]\nseeds: [0, 1]\nbootstrap: 20\n",
        encoding="utf-8",
    )
    summary = ex.run_experiment(path)
    said = [n for n in summary["notes"] if "training size" in n]
    # Size 2 holds two of the three labels for each seed; 12 holds all three.
    assert said == [
        "d (stance), training size 2: the draws of seeds 0, 1 hold no unit of 'neutral', "
        "which its test units have (a size below the number of labels cannot hold one of "
        "each); those units are missed by construction"
    ]
    # What the note says is what the cells did: they never decide 'neutral'.
    for seed in (0, 1):
        (found,) = (tmp_path / "results").rglob(f"stance--stance-tfidf--d--n2--s{seed}.json")
        cell = json.loads(found.read_text(encoding="utf-8"))
        decided = ex.decode_decisions(cell["decisions"], cell["labels"])
        assert decided[:, cell["labels"].index("neutral")].sum() == 0
    md = (tmp_path / "results" / "curve.md").read_text(encoding="utf-8")
    assert "training size 2:" in md


def test_polish_in_cp1250_is_offered_cp1250_though_the_detector_picks_cp1252():
    """Check 250: Polish in cp1250 was offered cp1252 ("Rados³aw"): the
    detector's own pick was cp1252, and it was named before the letters
    were counted."""
    from classify.tables import guess_encoding

    lines = [
        "Minister spraw zagranicznych Radosław Sikorski spotkał się z ambasadorem.",
        "Żołnierze wrócili do koszar w Łodzi.",
        "Rząd ogłosił nowe sankcje wobec Białorusi w środę.",
        "Żołnierze wrócili do koszar w Krakowie.",
    ]
    for n in (3, 10, 30):
        rows = ["id,text", *(f"pl{i},{lines[i % 4]}" for i in range(n))]
        assert guess_encoding(("\n".join(rows) + "\n").encode("cp1250")) == "cp1250", n
    # English with £ sums and French stay cp1252.
    assert guess_encoding(_pound_rows(30)) == "cp1252"
    french = "id,text\n" + "".join(
        f"f{i},Le ministre a salué la réouverture des ambassades à Minsk ({i}).\n"
        for i in range(10)
    )
    assert guess_encoding(french.encode("cp1252")) == "cp1252"


def test_every_refused_label_of_a_topics_row_is_named(tmp_path):
    """Check 250: a topics cell with two labels the task lacks named the
    first only ('trade', not 'war')."""
    from classify.annotation import labelled_units

    path = tmp_path / "topics.jsonl"
    cells = [["sanctions"], ["trade", "war"], ["sanctions"], ["war"]]
    path.write_text(
        "".join(
            json.dumps({"unit": f"u{i}", "text": f"Text {i}.", "topics": t}) + "\n"
            for i, t in enumerate(cells)
        )
    )
    with pytest.warns(UserWarning) as caught:
        labelled_units(path)
    message = str(caught[0].message)
    assert "2 rows hold a label its task does not have (line 2: label 'trade'" in message
    assert "; also 'war' (line 2))" in message


def test_a_checked_row_named_by_text_alone_that_the_data_lacks_is_named(tmp_path):
    """Check 250: strays of a --checked file keyed by text gave no warning."""
    from classify import audit

    data, rows = _noisy_stance(tmp_path)
    checked = tmp_path / "by-text.jsonl"
    checked.write_text(
        json.dumps({"text": rows[4]["text"], "stance": rows[4]["stance"]})
        + "\n"
        + json.dumps({"text": "A text the data never had.", "stance": "neutral"})
        + "\n"
    )
    with pytest.warns(UserWarning, match="1 unit of the checked files is not in the data, by "
                      "id or text: 'A text the data never had.'"):  # fmt: skip
        r = audit.audit_labels(data, ROOT / "configs/stance-tfidf.yaml", folds=3, checked=checked)
    assert [row["unit"] for row in r["rows"] if row["checked"]] == [rows[4]["id"]]


@pytest.mark.parametrize(
    "line", ["Subscribe to read", "Subscribe now", "Subscribe for full access."]
)
def test_a_paywall_prompt_after_a_teaser_is_no_unit(tmp_path, line):
    """Review 251: "Subscribe to read" after a teaser's paragraphs was a unit."""
    from classify.articles import read_articles

    body = "".join(
        f"<p>The foreign minister said talks with Minsk would resume in the spring, {i}, "
        "officials in Brussels confirmed after a long meeting on Tuesday.</p>"
        for i in range(2)
    )
    page = (
        "<html><head><title>Talks to resume</title></head><body><article>"
        f"<h1>Talks to resume</h1>{body}<p>{line}</p></article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (article,) = read_articles(tmp_path / "page.html")
    assert len(article.paragraphs) == 2
    assert not any("ubscribe" in p for p in article.paragraphs)


def _page(tmp_path: Path, name: str, body: str, head: str = "<title>World</title>") -> Path:
    path = tmp_path / name
    path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    return path


_STORY = "".join(
    f"<p>The foreign minister said talks with Minsk would resume in the spring, {i}, officials "
    "in Brussels confirmed after a long meeting on Tuesday, and added that sanctions would "
    "stay in place until prisoners were freed.</p>"
    for i in range(6)
)
_RELATED = "".join(
    f'<article class="related"><h3><a href="/r{i}">Related story {i} on the region</a></h3>'
    "</article>"
    for i in range(4)
)


def test_a_section_front_is_no_article(tmp_path):
    """Review 251: a section front of four story cards was read as one
    article of five units from four stories, and a front of linked headlines
    as five headline units, without a word."""
    from classify.articles import read_articles
    from classify.errors import ClassifyError

    cards = "".join(
        f'<article class="card"><h2><a href="/s{i}">Story {i} on the sanctions talks</a></h2>'
        f'<p class="dek">A short summary of story {i} on the talks in Minsk.</p>'
        f'<time datetime="2024-05-0{i + 1}">May {i + 1}</time></article>'
        for i in range(4)
    )
    front = _page(tmp_path, "front.html", f"<main><h1>World</h1>{cards}</main>")
    with pytest.raises(ClassifyError, match=r"no article in the page: it lists 4 stories "
                       r"\('Story 0 on the sanctions talks'"):  # fmt: skip
        read_articles(front)
    links = "".join(
        f'<li><a href="/s{i}">Officials in Minsk and Brussels agree on talks, round {i}</a> '
        f"<time>May {i}</time></li>"
        for i in range(5)
    )
    index = _page(tmp_path, "links.html", f"<main><h1>World</h1><ul>{links}</ul></main>")
    with pytest.raises(ClassifyError, match="no article in the page: it lists 5 stories"):
        read_articles(index)


@pytest.mark.parametrize("frame", ["article", "main", "div"])
def test_a_story_beside_related_story_cards_is_an_article(tmp_path, frame):
    from classify.articles import read_articles

    page = _page(
        tmp_path,
        "story.html",
        f"<{frame}><h1>Talks resume</h1>{_STORY}</{frame}><aside>{_RELATED}</aside>",
        "<title>Talks resume</title>",
    )
    (article,) = read_articles(page)
    assert len(article.paragraphs) == 6
    assert not any("Related story" in p for p in article.paragraphs)
