"""Stop 50: fixes checked on inputs of our own."""

from __future__ import annotations

import json

import pytest
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from conftest import ROOT


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    d = tmp_path_factory.mktemp("s50")
    return train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")


def test_a_null_marker_is_no_text_in_any_case(tmp_path):
    from classify.data import load_examples
    from classify.errors import ClassifyError
    from classify.tables import ReadOptions

    path = tmp_path / "n.csv"
    path.write_text(
        "id,text,stance\n1,Talks resumed,favour\n2,Null,neutral\n3,n/a,neutral\n"
        "4,NONE,neutral\n5,None of the talks went well,against\n6,NAN,neutral\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ClassifyError, match=r"line 3: row has no text in column 'text' \(only 'Null'"
    ):
        load_examples(path)
    options = ReadOptions(on_error="skip")
    ex = load_examples(path, options=options)
    assert ex.ids == ["1", "5"]
    assert [s.line for s in options.skipped] == [3, 4, 5, 7]


def test_a_folder_label_set_in_a_config_for_a_table_names_the_config_key(tmp_path, capsys):
    from cli_runner import run_cli

    rows = [("Talks resumed with Minsk", "favour"), ("New sanctions imposed", "against")] * 10
    table = tmp_path / "t.csv"
    table.write_text(
        "id,text,stance\n" + "".join(f"{i},{t} {i},{s}\n" for i, (t, s) in enumerate(rows)),
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        "task: stance\nmodel: {family: tfidf-linear}\n"
        "data: {label_from_folder: stance, split: {method: random}}\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "train", tmp_path / "c.yaml", "--data", table, "--out", tmp_path / "m")
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert "--label-from-folder stance (or data.label_from_folder) labels articles by" in said


def test_an_experiments_date_protocol_that_parts_an_articles_units_says_so(tmp_path):
    import json

    from corpus_fixtures import live_blog_rows

    from classify.experiments import run_experiment

    rows = live_blog_rows()
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    (tmp_path / "cfg.yaml").write_text("task: stance\nmodel: {family: tfidf-linear}\n", "utf-8")
    (tmp_path / "exp.yaml").write_text(
        "name: t\ndata: d.jsonl\nmodels: [cfg.yaml]\nbootstrap: 50\n"
        "protocols: [{name: later, split: date, cutoff: '2018-01-01'}]\n",
        encoding="utf-8",
    )
    with pytest.warns(
        UserWarning, match=r"protocol 'later': split 'date': \d+ articles have units on both"
    ):
        run_experiment(tmp_path / "exp.yaml")


@pytest.mark.parametrize("written", ["2024.13", "2024-13", "2024.13.01", "2024/15/02"])
def test_a_year_first_date_with_a_month_past_12_is_no_date(written):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match=rf"cannot read date '{written}': no month 1[35]"):
        parse_date(written)


@pytest.mark.parametrize(
    ("written", "iso"),
    [("2024.12", "2024-12"), ("2024.1", "2024-01"), ("2024.5.13", "2024-05-13"),
     ("2024/05/13 10:00", "2024-05-13")],
)  # fmt: skip
def test_a_year_first_date_with_its_month_reads_as_before(written, iso):
    from classify.dates import parse_date

    assert parse_date(written) == iso


def test_a_cards_skipped_rows_are_one_bracketed_record_each(tmp_path):
    from classify.reports import write_model_card

    skipped = [
        {"file": "a.csv", "line": 3, "reason": "label 'pro, con' not in the task"},
        {"file": "a.csv", "line": 9, "reason": "no text in column 'text'"},
    ]
    info = {
        "name": "m",
        "task": {"name": "side", "kind": "multiclass", "field": "side", "labels": ["pro", "con"]},
        "family": "tfidf-linear",
        "training": {"n": 30, "skipped": skipped, "label_counts": {"pro": 12, "con": 18}},
    }
    card = write_model_card(tmp_path, info=info, metrics={"n": 10}).read_text(encoding="utf-8")
    assert (
        "| skipped | (file a.csv, line 3, reason label 'pro, con' not in the task); "
        "(file a.csv, line 9, reason no text in column 'text') |" in card
    )
    assert "| label_counts | pro 12, con 18 |" in card


def test_an_evaluation_report_says_what_its_figures_do_with_copies(stance_model, tmp_path):
    from classify import api

    rows = [
        {"id": f"e{i}", "text": t, "stance": s}
        for i, (t, s) in enumerate(
            [("Washington and Minsk agreed to reopen their embassies this spring", "favour"),
             ("The EU imposed new sanctions on Belarusian potash exports", "against"),
             ("Officials met in Vilnius to discuss the border crossing", "neutral")] * 4
        )
    ]  # fmt: skip
    rows[3]["stance"] = "neutral"  # a copy of e0 labelled otherwise
    data = write_jsonl(tmp_path / "ev.jsonl", rows)
    with pytest.warns(UserWarning, match="9 units repeat the text of another unit"):
        api.evaluate(stance_model, data, out=tmp_path / "ev", n_bootstrap=50)
    report = " ".join((tmp_path / "ev" / "report.md").read_text(encoding="utf-8").split())
    assert (
        "9 units repeat the text of another unit: the figures count every copy, and the 95% "
        "intervals resample a text's copies together." in report
    )
    assert (
        "1 unit repeats the text of another unit with another 'stance' label (first: 'e3' is "
        "neutral, 'e0' is favour); one of each pair is wrong" in report
    )


_AG_WORDS = {
    "1": ("election", "parliament", "minister"),
    "2": ("match", "goal", "league"),
    "3": ("shares", "market", "profit"),
    "4": ("software", "chip", "internet"),
}


def _header_less(path, n, *, header=None):
    """An AG News-style CSV: label, title, text in quotes, no header row."""
    lines = [header] if header else []
    for i in range(n):
        label = str(i % 4 + 1)
        a, b, c = _AG_WORDS[label]
        lines.append(f'"{label}","Title {i} on {a}","The {b} and the {c}, said report {i}."')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_table_without_a_header_row_is_read_with_the_columns_named(tmp_path, capsys):
    from cli_runner import run_cli

    (tmp_path / "ag.yaml").write_text(
        "name: ag\nkind: multiclass\nfield: label\nlabels: ['1', '2', '3', '4']\n", "utf-8"
    )
    (tmp_path / "c.yaml").write_text("task: ag.yaml\nmodel: {family: tfidf-linear}\n", "utf-8")
    train, test = _header_less(tmp_path / "train.csv", 40), _header_less(tmp_path / "test.csv", 12)
    r = run_cli(capsys, "train", tmp_path / "c.yaml", "--data", train, "--test", test,
                "--out", tmp_path / "m")  # fmt: skip
    said = " ".join(r.err.split())
    assert r.code == 1
    assert "train.csv:line 1: no 'text' column; the first line reads as a row of data" in said
    assert "(--columns NAME,NAME,NAME names the columns of a table without a header row)" in said
    r = run_cli(capsys, "train", tmp_path / "c.yaml", "--data", train, "--test", test,
                "--columns", "label,title,text", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))
    # Every row a unit, the first line too: 12 test rows, 40 training rows.
    assert metrics["n"] == 12
    assert metrics["accuracy"] == 1.0
    r = run_cli(capsys, "predict", tmp_path / "m", test, "--columns", "label,title,text",
                "--out", tmp_path / "p.jsonl")  # fmt: skip
    assert r.code == 0, r.err
    rows = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 12 and rows[0]["title"] == "Title 0 on election"


def test_named_columns_skip_a_header_row_that_repeats_them_and_are_checked():
    import io
    from pathlib import Path

    from classify.errors import ClassifyError
    from classify.tables import ReadOptions, table_rows

    options = ReadOptions(columns="label, title ,text")
    assert options.columns == ("label", "title", "text")
    text = 'Label,Title,Text\n"1","A","b c"\n"2","D","e f"\n'
    rows = list(table_rows(io.StringIO(text, newline=""), path=Path("x.csv"), options=options))
    assert [(r["label"], where) for r, where in rows] == [("1", "line 2"), ("2", "line 3")]
    no_header = '"1","A","b c"\n"2","D","e f"\n'
    rows = list(table_rows(io.StringIO(no_header, newline=""), path=Path("x.csv"), options=options))
    assert [(r["text"], where) for r, where in rows] == [("b c", "line 1"), ("e f", "line 2")]
    with pytest.raises(ClassifyError, match="key 'columns' gives 'text' twice"):
        ReadOptions(columns=["label", "text", "Text"])
    with pytest.raises(ClassifyError, match="key 'columns' gives an empty name"):
        ReadOptions(columns="label,,text")


def test_a_pool_keeps_its_header_unless_its_own_settings_name_its_columns(tmp_path):
    from classify.config import load_train_config, pool_read_options

    (tmp_path / "c.yaml").write_text(
        "task: stance\nmodel: {family: tfidf-linear}\n"
        "data: {columns: [stance, text], unlabelled: [pool.csv, {path: raw.csv, columns: [text]}]}\n",
        encoding="utf-8",
    )
    cfg = load_train_config(tmp_path / "c.yaml")
    assert pool_read_options(cfg.data, pool=0).columns is None
    assert pool_read_options(cfg.data, pool=1).columns == ("text",)


def test_compare_says_the_models_tasks_read_a_lone_empty_cell_differently(tmp_path, capsys):
    from cli_runner import run_cli
    from corpus_fixtures import one_column_corpus

    data, task_file = one_column_corpus(tmp_path, None)
    (tmp_path / "c.yaml").write_text(
        "task: reu.yaml\nmodel: {family: tfidf-linear}\ndata: {split: {method: random}}\n",
        encoding="utf-8",
    )
    for name, way in (("plain", None), ("nones", "always_none")):
        if way:
            task_file.write_text(task_file.read_text() + f"empty_cell: {way}\n", "utf-8")
        r = run_cli(capsys, "train", tmp_path / "c.yaml", "--data", data,
                    "--out", tmp_path / name)  # fmt: skip
        assert r.code == 0, r.err
    r = run_cli(capsys, "compare", tmp_path / "plain", tmp_path / "nones", "--data", data,
                "--out", tmp_path / "cmp")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert (
        "the models' tasks read a lone empty 'topics' cell differently (none: plain; "
        "always_none: nones): the data is read as always_none for all of them" in said
    )
    assert json.loads((tmp_path / "cmp" / "compare.json").read_text())["rows"][0]["n"] == 36


def test_each_cross_validation_fold_keeps_the_thresholds_it_tuned(tmp_path):
    import numpy as np

    from classify import api

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    result = api.train(
        ROOT / "configs" / "topic-tfidf.yaml", data=data, cv=3, out=tmp_path / "m",
        overrides={"thresholds.folds": 2},
    )  # fmt: skip
    folds = result.metrics["cv"]["folds"]
    assert [f["fold"] for f in folds] == [1, 2, 3]
    labels = ["normalisation", "sanctions", "human_rights"]
    assert all(list(f["thresholds"]) == labels for f in folds)
    # The saved out-of-fold decisions are each fold's probabilities at its own thresholds.
    lines = (tmp_path / "m" / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(x) for x in lines]
    assert {r["fold"] for r in rows} == {1, 2, 3}
    for r in rows:
        cut = np.array([folds[r["fold"] - 1]["thresholds"][lab] for lab in labels])
        assert (np.array(r["predicted"]) == (np.array(r["proba"]) >= cut - 1e-4)).all()
    report = (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    assert "Thresholds (tuned in the fold)" in report


def test_evaluate_predictions_name_the_group_the_cluster_bootstrap_resampled(
    stance_model, tmp_path
):
    import numpy as np

    from classify import api
    from classify.evaluation import bootstrap_ci

    rows = []
    for a in range(12):
        for k in range(3):
            rows.append({
                "id": f"a{a}-{k}", "article_id": f"a{a}",
                "text": f"Story {a}, part {k}: " + ("talks resumed" if a % 2 else "new sanctions"),
                "stance": ("against", "favour")[a % 2],
            })  # fmt: skip
    data = write_jsonl(tmp_path / "ev.jsonl", rows)
    metrics = api.evaluate(stance_model, data, out=tmp_path / "ev", n_bootstrap=200, seed=3)
    lines = (tmp_path / "ev" / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    saved = [json.loads(x) for x in lines]
    assert [r["group"] for r in saved[:3]] == ["a0", "a0", "a0"]
    assert len({r["group"] for r in saved}) == 12
    labels = ["favour", "against", "neutral"]
    onehot = lambda name: np.eye(3, dtype=int)[labels.index(name)]  # noqa: E731
    again = bootstrap_ci(
        "multiclass", labels, np.array([onehot(r["gold"]) for r in saved]),
        np.array([onehot(r["predicted"]) for r in saved]), n_resamples=200, seed=3,
        groups=[r["group"] for r in saved],
    )  # fmt: skip
    assert again["macro_f1"] == metrics["ci95"]["macro_f1"]


@pytest.mark.parametrize(
    ("body", "dateline"),
    [("NBC", None), ("CDU", None), ("GOP", None), ("NGO", None), ("IDF", None),
     ("KIEV", "KIEV"), ("ROME", "ROME"), ("MINSK", "MINSK"), ("MALI", "MALI")],
)  # fmt: skip
def test_a_three_letter_code_before_a_dash_is_no_dateline_a_place_name_is(body, dateline):
    from classify.articles import parse_article

    article = parse_article(f"Head\n\n{body} — The agency said two men were held.", id="x")
    assert article.dateline == dateline


def _off_topic_table(groups):
    """A topic label whose corpus negatives are clearer than its held-out
    ones (probability 0.05 against 0.3): the decisions give a share well
    above the false-alarm rate, which ACC keeps, while PACC, reading the
    probabilities, goes to 0."""
    import numpy as np
    import pandas as pd

    from classify.analysis import Validation, prevalence_table

    rng = np.random.default_rng(5)
    y = (rng.random(2000) < 0.3).astype(int)
    fire = np.where(y == 1, rng.random(2000) < 0.9, rng.random(2000) < 0.05)
    v_proba = np.where(fire, 0.8, 0.3)
    n = 600
    pred = (np.arange(n) % 100 < 15).astype(int)
    rows = prevalence_table(
        task="topic", labels=["sanctions"], multilabel=True, decided=pred[:, None],
        proba=np.where(pred, 0.8, 0.05)[:, None], groups=groups(n),
        clusters=[f"a{i}" for i in range(n)],
        validation=Validation(y[:, None], fire[:, None].astype(int), v_proba[:, None]),
        n_bootstrap=100, methods=("naive", "acc", "pacc"),
    )  # fmt: skip
    table = pd.DataFrame(rows)
    whole = pd.DataFrame(
        prevalence_table(
            task="topic", labels=["sanctions"], multilabel=True, decided=pred[:, None],
            proba=np.where(pred, 0.8, 0.05)[:, None], groups=["all"] * n,
            clusters=[f"a{i}" for i in range(n)],
            validation=Validation(y[:, None], fire[:, None].astype(int), v_proba[:, None]),
            n_bootstrap=100, methods=("naive", "acc", "pacc"),
        )
    )  # fmt: skip
    table["unmeasured"] = False
    whole["unmeasured"] = False
    table.attrs.update(headline="pacc", overall=whole.drop(columns="group").to_dict("records"))
    return table


def test_pacc_at_zero_where_accs_interval_stays_above_it_is_no_share_the_rates_explain():
    from classify.analysis import bound_against_note, boundary_summary

    table = _off_topic_table(lambda n: [("2020", "2021")[i % 2] for i in range(n)])
    rows = table.set_index(["group", "method"])
    assert rows.loc[("2020", "pacc"), "estimate"] == 0 and rows.loc[("2020", "pacc"), "at_boundary"]
    assert rows.loc[("2020", "acc"), "ci_low"] > 0.03
    note = bound_against_note(table)
    assert note.startswith("PACC puts the whole corpus's share and 2 group estimates at 0 where")
    assert "e.g. topic/sanctions over the whole corpus: pacc 0.000, acc 0.1" in note
    assert "the error rates do not explain the share there" in note
    # The boundary note, which says the rates could explain the share, leaves them to it.
    assert boundary_summary(table) is None


def test_an_analysis_records_and_reports_each_labels_error_rates(stance_model, tmp_path):
    import numpy as np

    from classify import api

    corpus = write_jsonl(tmp_path / "c.jsonl", [
        {"id": f"c{i}", "date": f"2021-0{1 + i % 3}-01", "text": t}
        for i, t in enumerate(["Minsk and Washington agreed to restore ties.",
                               "The EU imposed new sanctions on Belarus.",
                               "Officials met in Vilnius on Tuesday."] * 10)
    ])  # fmt: skip
    api.analyse(stance_model, corpus, by="month", out=tmp_path / "a", n_bootstrap=20)
    record = json.loads((tmp_path / "a" / "analysis.json").read_text(encoding="utf-8"))
    rates = record["rates_from"]["stance"]["per_label"]
    # Recomputed from the model folder's held-out predictions, decided as the corpus is (argmax).
    lines = (stance_model / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    held = [json.loads(x) for x in lines]
    gold = np.array([r["gold"] for r in held])
    proba = np.array([r["proba"] for r in held])
    decided = np.eye(3, dtype=int)[proba.argmax(axis=1)]
    for j, label in enumerate(["favour", "against", "neutral"]):
        pos = gold[:, j] == 1
        assert rates[label]["positives"] == pos.sum()
        assert rates[label]["tpr"] == pytest.approx(decided[pos, j].mean(), abs=1e-4)
        assert rates[label]["fpr"] == pytest.approx(decided[~pos, j].mean(), abs=1e-4)
        assert rates[label]["p_neg"] == pytest.approx(proba[~pos, j].mean(), abs=1e-4)
    report = (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    assert "| label | positives | negatives | tpr | fpr | mean p (pos.) | mean p (neg.) |" in report


@pytest.mark.parametrize(
    "title",
    ["Representative", "Congresswoman", "Sheikh", "Archbishop", "Lawmaker", "Rabbi",
     "Capt.", "Lt. Gen.", "Adm.", "Rev.", "Reverend", "Mullah", "MP"],
)  # fmt: skip
def test_a_legislators_or_clerics_title_is_no_part_of_the_speakers_name(title):
    from classify.quotes import extract_quotes

    said = '"We will not accept any of these new sanctions on our people," said'
    (quote,) = extract_quotes(["Head", f"{said} {title} Mary Smith."])
    assert (quote.speaker, quote.title) == ("Mary Smith", title)
    (quote,) = extract_quotes(["Head", f"{said} Mary Smith."])
    assert quote.speaker == "Mary Smith"


def test_the_boundary_notes_example_is_the_estimate_its_correction_moved_furthest():
    import pandas as pd

    from classify.analysis import boundary_summary

    rows = [
        ("g1", "naive", 0.96, False), ("g1", "pacc", 1.0, True),
        ("g2", "naive", 0.10, False), ("g2", "pacc", 0.0, True),
    ]  # fmt: skip
    table = pd.DataFrame(
        [
            {"task": "stance", "label": "neutral", "group": g, "method": m, "estimate": e,
             "at_boundary": b, "small": False, "n_units": 80}
            for g, m, e, b in rows
        ]
    )  # fmt: skip
    table.attrs["headline"] = "pacc"
    note = boundary_summary(table)
    assert note.startswith("2 of 2 group estimates (pacc) sit at 0 or 1")
    assert "(e.g. stance/neutral in g2: naive 0.100, pacc 0.000)" in note


def test_a_correction_dividing_by_a_small_gap_says_so():
    from classify.analysis import rates_note

    rates = {
        "units": 400, "label": "normalisation", "positives": 12, "errors": 30,
        "multilabel": True, "method": "sample",
        "per_label": {
            "normalisation": {"positives": 12, "negatives": 388, "tpr": 0.083, "fpr": 0.009,
                              "p_pos": 0.31, "p_neg": 0.05},
            "sanctions": {"positives": 60, "negatives": 340, "tpr": 0.8, "fpr": 0.02,
                          "p_pos": 0.7, "p_neg": 0.05},
        },
    }  # fmt: skip
    note = rates_note("topic", rates, ("naive", "acc", "pacc"))
    assert "ACC of 'normalisation' (tpr 0.083, fpr 0.009: 14 times)" in note
    assert "PACC of 'normalisation'" not in note and "sanctions" not in note
    assert note.endswith("read the interval, not the figure")
    assert rates_note("topic", rates, ("naive", "pacc")) is None


@pytest.mark.parametrize(
    ("before", "speaker"),
    [("A senior U.S. official, who asked not to be named, said:", "a senior U.S. official"),
     ("Sergei Lavrov, speaking in Geneva on Tuesday, told reporters:", "Sergei Lavrov"),
     ("Sergei Lavrov, in a statement, said:", "Sergei Lavrov"),
     ("Sergei Lavrov, in a post on Telegram, wrote:", "Sergei Lavrov")],
)  # fmt: skip
def test_an_aside_between_the_speaker_and_the_verb_keeps_the_speaker(before, speaker):
    from classify.quotes import extract_quotes

    said = '"We will not accept any of these new sanctions on our people."'
    (quote,) = extract_quotes(["Head", f"{before} {said}"])
    assert (quote.speaker, quote.title) == (speaker, None)


def test_an_offline_hub_id_without_a_namespace_is_refused_on_load_naming_its_key(
    tmp_path, monkeypatch
):
    from classify.config import load_train_config
    from classify.errors import ClassifyError
    from classify.models import _hub

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(_hub, "_in_hub_cache", lambda name: False)
    (tmp_path / "c.yaml").write_text(
        "task: stance\nmodel: {family: transformer, params: {model: bert-base-uncased}}\n", "utf-8"
    )
    with pytest.raises(ClassifyError) as err:
        load_train_config(tmp_path / "c.yaml")
    assert str(err.value).startswith(
        f"{tmp_path / 'c.yaml'}:line 2: cannot load model 'bert-base-uncased'"
    )
    assert "(key 'model.params.model')" in str(err.value)
    assert "HF_HUB_OFFLINE=1 forbids fetching it" in str(err.value)
    # A zero-shot NLI model named as a folder that is not there names its key too.
    (tmp_path / "z.yaml").write_text(
        "task: stance\nmodel: {family: zero-shot, params: {method: nli, nli_model: ./nli-local}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ClassifyError, match=r"key 'model\.params\.nli_model': model folder"):
        load_train_config(tmp_path / "z.yaml")


def test_every_shipped_model_config_tests_on_the_latest_fifth_by_date():
    from classify.config import load_train_config

    configs = sorted((ROOT / "configs").glob("*-*.yaml"))
    assert len(configs) >= 10
    for path in configs:
        split = load_train_config(path).data.split
        assert (split.method, split.test_size, split.cutoff) == ("date", 0.2, None), path.name


def test_a_multi_process_launch_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    from cli_runner import run_cli

    monkeypatch.setenv("WORLD_SIZE", "2")
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 1
    said = " ".join(r.err.split())
    assert "launched as 2 processes (WORLD_SIZE=2, torchrun or accelerate launch) on a" in said
    assert not (tmp_path / "m").exists()
    monkeypatch.setenv("WORLD_SIZE", "1")
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    # Prediction is one process's work on any machine.
    monkeypatch.setenv("WORLD_SIZE", "2")
    r = run_cli(capsys, "predict", tmp_path / "m", data, "--out", tmp_path / "p.jsonl")
    assert r.code == 1 and "predict runs as one process" in " ".join(r.err.split())
    assert not (tmp_path / "p.jsonl").exists()


def test_a_transformer_stride_over_half_a_window_is_warned_of_when_the_config_is_read(tmp_path):
    from classify.config import load_train_config

    (tmp_path / "c.yaml").write_text(
        "task: stance\nmodel: {family: transformer, params: {max_length: 128, stride: 100}}\n",
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match="model.params.stride 100 is more than half of a window"):
        load_train_config(tmp_path / "c.yaml")


def test_a_changed_encoder_is_one_warning_line_in_a_command(tiny_bert, tmp_path, capsys):
    import shutil

    from cli_runner import run_cli

    encoder = tmp_path / "encoder"
    shutil.copytree(tiny_bert, encoder)
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-embedding.yaml", "--data", data,
                "--set", f"model.params.encoder={encoder}", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    config = json.loads((encoder / "config.json").read_text())
    config["layer_norm_eps"] = 1e-5
    (encoder / "config.json").write_text(json.dumps(config))
    r = run_cli(capsys, "predict", tmp_path / "m", data, "--out", tmp_path / "p.jsonl")
    assert r.code == 0, r.err
    said = [line for line in r.err.splitlines() if "differs from the one" in line]
    assert len(said) == 1 and said[0].startswith("warning: ")


def test_a_task_given_on_the_command_line_is_recorded_as_given(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--set", "task=stance-rules", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert 'task="stance-rules"' in " ".join(r.out.split())
    info = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert info["overrides"]["set"]["task"] == "stance-rules"
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert '`task` = `"stance-rules"`' in card


def test_a_zero_shot_topic_with_too_few_units_keeps_its_zero_shot_probabilities(
    packaged_encoder,
):
    import numpy as np

    from classify.models.zeroshot import ZeroShot, ZeroShotParams
    from classify.tasks import load_task

    task = load_task(ROOT / "configs" / "tasks" / "topic.yaml")
    texts = [f"Washington and Minsk agreed to reopen their embassies, talk {i}." for i in range(6)]
    texts += ["The EU imposed new sanctions on Belarusian potash."]
    texts += [f"Rain fell in Minsk on day {i} of the week." for i in range(5)]
    y = task.encode([["normalisation"]] * 6 + [["sanctions"]] + [[]] * 5)
    with pytest.warns(
        UserWarning, match=r"left out for 'sanctions' \(1 of 12 units\), 'human_rights' \(0 of"
    ):
        model = ZeroShot(task, ZeroShotParams(encoder=str(packaged_encoder))).fit(texts, y)
    j = task.labels.index("sanctions")
    assert model.slope_[j] == 1.0 and model.bias_[j] == 0.0
    assert model.slope_[task.labels.index("normalisation")] != 1.0 or not np.isclose(
        model.bias_[task.labels.index("normalisation")], 0.0
    )


def test_a_family_changed_on_the_command_line_says_its_params_are_the_files(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data,
                "--set", "model.family=routed", "--out", tmp_path / "m")  # fmt: skip
    said = " ".join(r.err.split())
    # Every unknown key of the section is named (stop 63).
    assert r.code == 1 and "unknown keys 'model.params.C', 'model.params.char_analyzer'" in said
    assert "(allowed: long, max_words, short)" in said
    assert "model.params are the config file's, written for its family 'tfidf-linear'" in said
    assert "--set model.params.KEY=VALUE" in said


def _label_studio_task(unit, results):
    return {
        "id": 1, "data": {"unit": unit, "text": "Talks resumed in Minsk."},
        "annotations": [{"id": 5, "completed_by": 1, "was_cancelled": False,
                         "updated_at": "2026-11-30T10:00:00Z", "result": results}],
    }  # fmt: skip


def _choice(name, *choices):
    return {"from_name": name, "to_name": "text", "type": "choices", "value": {"choices": choices}}


def test_label_studio_two_choices_for_stance_are_refused_and_a_comment_is_a_note(tmp_path):
    from classify.annotation import import_annotations

    export = tmp_path / "ls.json"
    export.write_text(json.dumps([
        _label_studio_task("u1", [_choice("stance", "favour", "neutral")]),
        _label_studio_task("u2", [
            _choice("stance", "against"),
            {"from_name": "note", "to_name": "text", "type": "textarea",
             "value": {"text": ["not sure, sarcasm?"]}},
            {"from_name": "confidence", "to_name": "text", "type": "rating",
             "value": {"rating": 2}},
        ]),
    ]), encoding="utf-8")  # fmt: skip
    with pytest.warns(UserWarning, match=r"left out: 'note' \(1\), 'confidence' \(1\)"):
        result = import_annotations([export], tasks=["stance"])
    assert [r.unit for r in result.records] == ["u2"]
    assert result.records[0].note == "not sure, sarcasm?"
    assert any("needs exactly one label" in p for p in result.problems)


def test_doccano_comments_are_the_records_note(tmp_path):
    from classify.annotation import import_annotations

    export = tmp_path / "d.jsonl"
    row = {"id": 3, "text": "Talks resumed in Minsk.", "label": ["favour"], "unit": "u1",
           "Comments": ["unsure", {"text": "check the source"}]}  # fmt: skip
    export.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = import_annotations([export], tasks=["stance"])
    assert result.records[0].note == "unsure; check the source"


def test_a_disputed_units_field_only_one_annotator_gave_is_named_and_counted(tmp_path):
    from classify.annotation import agreement_report

    p, q = tmp_path / "P.jsonl", tmp_path / "Q.jsonl"
    rows_p = [{"unit": f"u{i}", "stance": "favour", "topics": ["sanctions"]} for i in range(4)]
    rows_q = [{"unit": f"u{i}", "stance": "favour", "topics": ["sanctions"]} for i in range(1, 4)]
    rows_q.insert(0, {"unit": "u0", "stance": "against"})  # no topics: P's alone
    rows_q.append({"unit": "u9", "stance": "neutral", "topics": []})  # Q's alone
    for path, rows in ((p, rows_p), (q, rows_q)):
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = agreement_report([p, q], tmp_path / "out", n_bootstrap=0)
    lines = (tmp_path / "out" / "adjudication.jsonl").read_text(encoding="utf-8").splitlines()
    rows = {r["unit"]: r for r in map(json.loads, lines)}
    assert rows["u0"]["status"] == "disputed" and rows["u0"]["stance"] is None
    assert rows["u0"]["topics"] == ["sanctions"] and rows["u0"]["single_fields"] == ["topics"]
    assert rows["u9"]["single_fields"] == ["stance", "topics"]
    assert result["single"] == 2


def test_agreement_reads_a_codepage_sheet_with_the_encoding_its_error_names(tmp_path, capsys):
    from cli_runner import run_cli

    a, b = tmp_path / "A.csv", tmp_path / "B.csv"
    sheet = "unit,text,stance,date\nu{i},Lukashenko’s envoy met officials {i},{s},12/31/2024\n"
    for path, stances in ((a, "fafn"), (b, "faan")):
        rows = "".join(
            sheet.split("\n", 1)[1].format(
                i=i, s={"f": "favour", "a": "against", "n": "neutral"}[c]
            )
            for i, c in enumerate(stances)
        )
        path.write_bytes((sheet.split("\n", 1)[0] + "\n" + rows).encode("cp1252"))
    r = run_cli(capsys, "annotate", "agreement", a, b, "--out", tmp_path / "ag")
    said = " ".join(r.err.split())
    assert r.code == 1 and "--encoding cp1252" in said
    r = run_cli(capsys, "annotate", "agreement", a, b, "--encoding", "cp1252",
                "--out", tmp_path / "ag")  # fmt: skip
    said = " ".join(r.err.split())
    assert r.code == 1 and "--date-order month-first" in said
    r = run_cli(capsys, "annotate", "agreement", a, b, "--encoding", "cp1252",
                "--date-order", "month-first", "--out", tmp_path / "ag")  # fmt: skip
    assert r.code == 0, r.err
    assert "agreement of 2 annotators on 4 units" in " ".join(r.out.split())


def test_fleiss_kappa_on_a_few_complete_units_is_said_too_few(tmp_path):
    from classify.annotation import agreement_report
    from classify.annotation_report import agreement_notes

    stances = ["favour", "against", "neutral"]
    files = []
    for k, name in enumerate("ABC"):
        rows = [
            {"unit": f"u{i}", "stance": stances[(i + (k == 2 and i % 5 == 0)) % 3]}
            for i in range(20)
            # A and B label all 20; C only the first 3.
            if k < 2 or i < 3
        ]
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        files.append(path)
    result = agreement_report(files, tmp_path / "out", n_bootstrap=0)
    (row,) = [r for r in result["rows"] if r["name"] == "stance"]
    assert row["units"] == 20 and row["complete_units"] == 3
    notes = " ".join(agreement_notes(result))
    assert (
        "stance: Fleiss' kappa rests on the units every annotator labelled, under 10 there" in notes
    )
    assert "(fewest: 3" in notes


def test_a_text_over_excels_cell_limit_is_warned_of_at_export_and_named_at_import(tmp_path):
    import csv

    from classify.annotation import EXCEL_CELL_LIMIT, export_units, import_annotations

    arts = tmp_path / "arts"
    arts.mkdir()
    body = " ".join(
        f"Officials in Minsk met envoys on day {i} to discuss talks." for i in range(700)
    )
    (arts / "long.txt").write_text(f"Long read\n\n{body}\n", encoding="utf-8")
    assert len(body) > EXCEL_CELL_LIMIT
    with pytest.warns(UserWarning, match=r"1 unit of the export has a text over 32,767"):
        export_units([arts], tmp_path / "ex", unit="article", format="csv")
    with (tmp_path / "ex" / "units.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # What Excel saves after opening it: the cell cut at its limit, a label added.
    rows[0]["text"] = rows[0]["text"][:EXCEL_CELL_LIMIT]
    rows[0]["stance"] = "neutral"
    with (tmp_path / "coder.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = import_annotations([tmp_path / "coder.csv"], sources=[arts], unit="article",
                                tasks=["stance"])  # fmt: skip
    assert not result.records
    assert "is cut at 32,767 characters, Excel's limit for a cell" in result.problems[0]


def test_a_zipped_export_is_told_to_be_unzipped(tmp_path):
    import zipfile

    from classify.annotation import import_annotations
    from classify.errors import ClassifyError

    with zipfile.ZipFile(tmp_path / "export.zip", "w") as z:
        z.writestr("all.jsonl", '{"id": 1, "text": "Talks.", "label": ["favour"]}\n')
    with pytest.raises(ClassifyError, match=r"export a \.zip: unzip it and import the \.jsonl"):
        import_annotations([tmp_path / "export.zip"], tasks=["stance"])


def test_an_experiments_date_split_keeps_a_text_under_another_target_on_the_test_side(tmp_path):
    from classify.experiments import run_experiment

    lines = ["id,date,target,tweet,stance"]
    for i in range(30):
        text = f"Post {i} about the plan and what it would mean"
        # Early: toward the wall; three years later the same posts toward the tram.
        lines.append(f"a{i},2019-0{1 + i % 9}-01,border wall,{text},{('FAVOR', 'AGAINST')[i % 2]}")
        lines.append(f"b{i},2022-0{1 + i % 9}-01,city tram,{text},{('AGAINST', 'FAVOR')[i % 2]}")
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "task.yaml").write_text(
        "name: t\nkind: multiclass\nfield: stance\ntarget_field: target\n"
        "labels: [FAVOR, AGAINST, NONE]\n",
        encoding="utf-8",
    )
    (tmp_path / "cfg.yaml").write_text(
        "task: task.yaml\nmodel: {family: tfidf-linear}\ndata: {text_column: tweet}\n", "utf-8"
    )
    (tmp_path / "exp.yaml").write_text(
        "name: t\ndata: d.csv\nread: {text_column: tweet}\nmodels: [cfg.yaml]\nbootstrap: 50\n"
        "protocols: [{name: later, split: date, cutoff: '2021-01-01'}]\n",
        encoding="utf-8",
    )
    run_experiment(tmp_path / "exp.yaml")
    (cell,) = (tmp_path / "results" / "t" / "cells").glob("*.json")
    stored = json.loads(cell.read_text(encoding="utf-8"))
    # Every later post is tested: toward another target it is no copy of the earlier one.
    assert (stored["n_train"], stored["n_test"]) == (30, 30)
    assert sorted(stored["ids"]) == sorted(f"b{i}" for i in range(30))


def _cv3_experiment(tmp_path, task, name, *, file="exp.yaml", extra=""):
    """An experiment of one TF-IDF model of ``task`` over 3 folds of the
    shared fixture rows, written beside its data and config; its path."""
    write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    (tmp_path / "cfg.yaml").write_text(f"task: {task}\nmodel: {{family: tfidf-linear}}\n", "utf-8")
    (tmp_path / file).write_text(
        f"name: {name}\ndata: d.jsonl\nmodels: [cfg.yaml]\nbootstrap: 50\n"
        f"protocols: [{{name: cv3, cv: 3}}]\n{extra}",
        encoding="utf-8",
    )
    return tmp_path / file


def test_a_rerun_says_it_reuses_cells_computed_with_other_package_versions(tmp_path):
    from classify.experiments import run_experiment

    run_experiment(_cv3_experiment(tmp_path, "stance", "v"))
    (cell,) = (tmp_path / "results" / "v" / "cells").glob("*.json")
    stored = json.loads(cell.read_text(encoding="utf-8"))
    assert stored["versions"]["classify"]
    stored["versions"]["scikit-learn"] = "0.24.2"
    cell.write_text(json.dumps(stored), encoding="utf-8")
    with pytest.warns(UserWarning, match=r"1 stored cell was computed with other package versions"
                      r" than this run's \(scikit-learn 0\.24\.2, now "):  # fmt: skip
        summary = run_experiment(tmp_path / "exp.yaml", overwrite=True)
    assert summary["run"]["reused_cells"] == 1


def test_the_readmes_reference_of_your_own_runs_in_an_experiment(tmp_path):
    import re

    import numpy as np

    from classify.experiments import run_experiment

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(# refs\.py\n.*?)```", readme, re.S)[1]
    (tmp_path / "refs.py").write_text(code, encoding="utf-8")
    rows = labelled_rows()
    ref = "references: [{name: my-dictionary, function: refs.py:dictionary}]\n"
    run_experiment(_cv3_experiment(tmp_path, "topic", "r", extra=ref))
    (cell,) = (tmp_path / "results" / "r" / "cells").glob("*my-dictionary*.json")
    stored = json.loads(cell.read_text(encoding="utf-8"))
    assert "error" not in stored
    by_id = {r["id"]: r["text"] for r in rows}
    j = stored["labels"].index("sanctions")
    decided = [d[j] if isinstance(d, list) else (d >> j) & 1 for d in stored["decisions"]]
    expected = ["sanction" in by_id[i].lower() for i in stored["ids"]]
    assert np.array_equal(np.array(decided, dtype=bool), np.array(expected))


def test_an_experiment_named_with_spaces_links_its_plots_so_markdown_shows_them(tmp_path):
    from markdown_it import MarkdownIt

    from classify.experiments import run_experiment

    run_experiment(_cv3_experiment(tmp_path, "stance", "my exp é", file="my exp.yaml"))
    md = (tmp_path / "results" / "my exp é.md").read_text(encoding="utf-8")
    html = MarkdownIt().render(md)
    assert '<img src="my%20exp%20%C3%A9-stance-cv3.png"' in html


def test_a_holm_adjusted_p_is_shown_on_every_row_also_where_it_equals_the_raw_one():
    from classify.cli import _paired_cell

    same = {"diff": 0.02, "ci95": [-0.01, 0.05], "p_value": 0.624, "p_holm": 0.624}
    assert _paired_cell(same).endswith("p=0.624 (Holm 0.624)")
    alone = {"diff": 0.02, "ci95": [-0.01, 0.05], "p_value": 0.624}
    assert _paired_cell(alone).endswith("p=0.624")


def test_an_experiment_keeps_sklearns_label_present_in_all_warning_out(tmp_path):
    import warnings

    from classify.experiments import run_experiment

    (tmp_path / "refs.py").write_text(
        "from sklearn.feature_extraction.text import TfidfVectorizer\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "from sklearn.multiclass import OneVsRestClassifier\n\n"
        "def plain(task, train_texts, train_y, test_texts, seed):\n"
        "    vec = TfidfVectorizer().fit(train_texts)\n"
        "    train_y = train_y.copy()\n"
        "    train_y[:, 2] = 0  # a label the small training part lacks\n"
        "    clf = OneVsRestClassifier(LogisticRegression()).fit(vec.transform(train_texts), train_y)\n"
        "    return clf.predict(vec.transform(test_texts))\n",
        encoding="utf-8",
    )
    extra = "train_sizes: [3]\nreferences: [{name: plain, function: refs.py:plain}]\n"
    experiment = _cv3_experiment(tmp_path, "topic", "w", extra=extra)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_experiment(experiment)
    assert not [w for w in caught if "present in all training examples" in str(w.message)]


def test_an_experiment_run_on_a_folder_or_an_empty_file_says_which(tmp_path, capsys):
    from cli_runner import run_cli

    r = run_cli(capsys, "experiment", "run", tmp_path)
    assert r.code == 1 and "a folder, not a experiment file" not in r.err
    assert "a folder, not an experiment file (give the YAML file)" in r.err
    (tmp_path / "e.yaml").write_text("", encoding="utf-8")
    r = run_cli(capsys, "experiment", "run", tmp_path / "e.yaml")
    assert r.code == 1 and "e.yaml: experiment file is empty" in r.err


def test_label_studio_two_stance_results_of_one_choice_each_are_refused(tmp_path):
    from classify.annotation import import_annotations

    export = tmp_path / "ls.json"
    export.write_text(json.dumps([
        _label_studio_task("u1", [_choice("stance", "favour"), _choice("stance", "against")]),
        _label_studio_task("u2", [_choice("stance", "against"),
                                  {"from_name": "span", "to_name": "text", "type": "labels",
                                   "value": {"start": 0, "end": 5, "labels": ["ORG"]}}]),
    ]), encoding="utf-8")  # fmt: skip
    with pytest.warns(UserWarning, match=r"left out: 'span' \(1\)"):
        result = import_annotations([export], tasks=["stance"])
    assert [r.unit for r in result.records] == ["u2"]
    assert any("needs exactly one label" in p for p in result.problems)


def test_a_text_of_exactly_excels_limit_that_is_the_whole_source_is_no_cut(tmp_path):
    from classify.annotation import EXCEL_CELL_LIMIT, import_annotations

    sentence = "Officials in Minsk met envoys to discuss the talks again. "
    body = (sentence * (EXCEL_CELL_LIMIT // len(sentence) + 1))[: EXCEL_CELL_LIMIT - 1] + "."
    assert len(body) == EXCEL_CELL_LIMIT
    (tmp_path / "src.jsonl").write_text(json.dumps({"id": "a1", "text": body}) + "\n", "utf-8")
    (tmp_path / "coder.jsonl").write_text(
        json.dumps({"unit": "a1", "text": body, "stance": "neutral"}) + "\n", "utf-8"
    )
    result = import_annotations([tmp_path / "coder.jsonl"], sources=[tmp_path / "src.jsonl"],
                                tasks=["stance"])  # fmt: skip
    assert [r.unit for r in result.records] == ["a1"] and not result.problems


@pytest.mark.parametrize(
    ("written", "day"), [("2024.02.30", "30 in 2024-02"), ("2024.12.32", "32 in 2024-12"),
                         ("2024/04/31", "31 in 2024-04"), ("2024.12.00", "0 in 2024-12")],
)  # fmt: skip
def test_a_year_first_date_with_a_day_its_month_lacks_is_no_date(written, day):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match=rf"cannot read date '{written}': no day {day}"):
        parse_date(written)


def test_a_title_or_outlet_holding_only_a_null_marker_is_none(tmp_path):
    from classify.articles import read_articles

    path = tmp_path / "t.csv"
    path.write_text(
        "id,title,source,text\n1,n/a,NULL,Sanctions were imposed.\n"
        "2,EU acts,Reuters,New measures followed.\n",
        encoding="utf-8",
    )
    first, second = list(read_articles(path))
    assert first.title is None and first.source is None
    assert first.paragraphs == ["Sanctions were imposed."]
    assert (second.title, second.source) == ("EU acts", "Reuters")


def test_the_boundary_notes_count_apart_the_estimates_another_correction_keeps_off(tmp_path):
    from classify.analysis import bound_against_note, boundary_summary
    from classify.analysis_report import write_analysis_report

    # "quiet" holds no flagged unit (every method at 0, the rates explain it);
    # "busy" holds them all, where PACC goes to 0 and ACC stays above it.
    table = _off_topic_table(
        lambda n: ["busy" if i % 100 < 15 or i % 2 else "quiet" for i in range(n)]
    )
    note = bound_against_note(table)
    assert note.startswith("PACC puts the whole corpus's share and 1 group estimate at 0")
    summary = boundary_summary(table)
    assert summary.startswith(
        "2 of 2 group estimates (pacc) sit at 0 or 1; 1 of them are in the note on estimates "
        "another correction keeps off the bound, and for the other 1 (e.g. topic/sanctions in quiet"
    )
    write_analysis_report(
        table, tmp_path, by="group", headline="pacc", models={"topic": "m"},
        multilabel={"topic": True}, min_units=30,
    )  # fmt: skip
    report = " ".join((tmp_path / "report.md").read_text(encoding="utf-8").split())
    assert "in 1 of 2 cells (1 more are in the note on estimates another correction" in report


def test_named_columns_find_a_header_less_files_delimiter_and_warn_of_another_header():
    import io
    from pathlib import Path

    from classify.tables import ReadOptions, table_rows

    options = ReadOptions(columns="stance,text")
    semicolons = 'favour;"Talks resumed, officials said"\nagainst;"New sanctions"\n'
    rows = list(
        table_rows(io.StringIO(semicolons, newline=""), path=Path("s.csv"), options=options)
    )
    assert [r["text"] for r, _ in rows] == ["Talks resumed, officials said", "New sanctions"]
    other = "doc,body\nfavour,Talks resumed in Minsk\n"
    with pytest.warns(
        UserWarning, match=r"line 1 \(doc, body\) reads like a header of other names"
    ):
        rows = list(table_rows(io.StringIO(other, newline=""), path=Path("o.csv"), options=options))
    assert len(rows) == 2


def test_an_encoder_folder_without_a_model_is_refused_on_load_naming_its_key(tmp_path):
    from classify.config import load_train_config
    from classify.errors import ClassifyError

    (tmp_path / "enc").mkdir()
    (tmp_path / "enc" / "notes.txt").write_text("no model here", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "task: stance\nmodel: {family: transformer, params: {model: enc}}\n", "utf-8"
    )
    with pytest.raises(
        ClassifyError, match=r"key 'model\.params\.model': model folder '.*enc' holds no model"
    ):
        load_train_config(tmp_path / "c.yaml")
