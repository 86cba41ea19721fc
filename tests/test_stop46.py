"""Stop 46: fixes checked on inputs of our own."""

from __future__ import annotations

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, two_articles, write_jsonl

from classify import api
from classify.errors import ClassifyError

from conftest import ROOT

CORPUS = [
    {"id": "c1", "text": "Washington lifted sanctions on potash.", "date": "2024-01-03"},
    {"id": "c2", "text": "Rights groups condemned the arrests.", "date": "2024-02-11"},
    {"id": "c3", "text": "The envoy welcomed the talks with Minsk.", "date": "2024-02-20"},
]


def own_stance_model(folder, data, field: str = "stance"):
    """A TF-IDF model of a task file of our own ('stance', three labels, read
    from ``field``, no descriptions), trained with 3-fold cross-validation."""
    import classify

    task = folder / f"{field}-task.yaml"
    task.write_text(
        f"name: stance\nkind: multiclass\nfield: {field}\nlabels: [favour, against, neutral]\n",
        encoding="utf-8",
    )
    cfg = folder / f"{field}-cfg.yaml"
    cfg.write_text(f"task: {task}\nmodel:\n  family: tfidf-linear\n", encoding="utf-8")
    return classify.train(cfg, data=[data], out=folder / f"own-{field}", cv=3).path


def em_rows(val, tp, n_bootstrap: int) -> dict:
    """EM's rows of a one-group prevalence table of labels a, b and rare,
    by label, for corpus posteriors ``tp`` (m, 3) against ``val``."""
    import numpy as np

    from classify.analysis import prevalence_table

    m = len(tp)
    rows = prevalence_table(
        task="frame", labels=["a", "b", "rare"], multilabel=False,
        decided=np.eye(3, dtype=int)[tp.argmax(axis=1)], proba=tp,
        groups=["all"] * m, clusters=[f"u{i}" for i in range(m)],
        validation=val, n_bootstrap=n_bootstrap, methods=["naive", "em"],
    )  # fmt: skip
    return {r["label"]: r for r in rows if r["method"] == "em"}


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """A stance model and its predictions of a small corpus."""
    d = tmp_path_factory.mktemp("s46")
    model = train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")
    corpus = write_jsonl(d / "corpus.jsonl", CORPUS)
    return model, api.predict(model, corpus, out=d / "pred.jsonl").path, d


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--unit", "sentence"], "--unit"),
        (["--chunk-size", "10"], "--chunk-size"),
        (["--resume"], "--resume"),
        (["--text-column", "body"], "--text-column"),
        (["--id-column", "doc"], "--id-column"),
        (["--delimiter", ";"], "--delimiter"),
        (["--date-order", "day-first"], "--date-order"),
        (["--on-error", "skip"], "--on-error"),
    ],
)
def test_analyse_predictions_refuses_options_for_reading_or_scoring_a_corpus(
    capsys, scored, tmp_path, extra, named
):
    model, pred, _ = scored
    out = tmp_path / "an"
    r = run_cli(
        capsys, "analyse", model, "--predictions", pred, "--out", out, "--by", "all", *extra
    )
    assert r.code != 0
    assert named in r.err and "--predictions" in r.err
    assert "Traceback" not in r.err
    assert not out.exists()
    # Without the option the same files are analysed.
    ok = run_cli(capsys, "analyse", model, "--predictions", pred, "--out", out, "--by", "all")
    assert ok.code == 0, ok.err
    assert (out / "prevalence.csv").is_file()


def test_analyse_predictions_refusals_in_the_api(scored, tmp_path):
    model, pred, _ = scored
    for kwargs, named in (
        ({"unit": "sentence"}, "unit applies"),
        ({"chunk_size": 7}, "chunk_size applies"),
        ({"resume": True}, "resume applies"),
    ):
        with pytest.raises(ClassifyError, match=named):
            api.analyse(model, predictions=pred, by="all", out=tmp_path / "x", **kwargs)
    table = api.analyse(model, predictions=pred, by="all")
    assert set(table["task"]) == {"stance"}


@pytest.mark.parametrize(
    "sheet",
    [
        # A checkbox sheet: one column per topic, as Excel or Google Sheets keep it.
        "Unit,Text,Normalisation,Sanctions,Human Rights,Stance\n"
        "a1:p1,,1,0,0,favour\na1:p2,,0,yes,,against\na2:p2,,x,x,,neutral\n",
        # "Choose up to three" columns, as survey tools export them.
        "unit,Topic 1,Topic 2,Topic 3,stance\n"
        "a1:p1,normalisation,,,favour\na1:p2,,sanctions,,against\n"
        "a2:p2,normalisation,sanctions,,neutral\n",
        "unit;topic_1;topic_2;stance\n"
        "a1:p1;normalisation;;favour\na1:p2;sanctions;;against\n"
        "a2:p2;normalisation;sanctions;neutral\n",
    ],
)
def test_coder_sheets_with_topic_columns_import_and_build(tmp_path, sheet):
    import classify

    arts = two_articles(tmp_path / "arts")
    f = tmp_path / "coder.csv"
    f.write_text(sheet, encoding="utf-8")
    res = classify.import_annotations([f], sources=[arts], unit="paragraph", annotator="ana")
    got = {r.unit: (sorted(r.values["topics"]), r.values["stance"]) for r in res.records}
    assert got == {
        "a1:p1": (["normalisation"], "favour"),
        "a1:p2": (["sanctions"], "against"),
        "a2:p2": (["normalisation", "sanctions"], "neutral"),
    }
    assert not res.problems
    # The same sheet given as gold to dataset build.
    classify.build_dataset([arts], tmp_path / "ds", annotations=f, unit="paragraph", split="random")
    ds = classify.load_examples(tmp_path / "ds")
    gold = {i: sorted(t) for i, t in zip(ds.ids, ds.labels["topics"]) if t is not None}
    assert gold == {k: v[0] for k, v in got.items()}


def test_gold_file_topic_in_the_singular_is_read(tmp_path):
    import classify

    arts = two_articles(tmp_path / "arts")
    g = tmp_path / "gold.csv"
    g.write_text("Unit,Topic,Stance\na1:p2,sanctions,against\na2:p1,,favour\n", encoding="utf-8")
    classify.build_dataset([arts], tmp_path / "ds", annotations=g, unit="paragraph", split="random")
    ds = classify.load_examples(tmp_path / "ds")
    rows = {i: k for k, i in enumerate(ds.ids)}
    topics, stance = ds.labels["topics"], ds.labels["stance"]
    assert topics[rows["a1:p2"]] == ["sanctions"] and stance[rows["a1:p2"]] == "against"
    assert stance[rows["a2:p1"]] == "favour"


def test_a_checkbox_cell_that_is_not_a_tick_is_a_problem_row(tmp_path, capsys):
    f = tmp_path / "bad.csv"
    f.write_text(
        "unit,text,normalisation,sanctions,human_rights\nu1,Talks.,1,0,maybe\nu2,Curbs.,0,1,0\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "annotate", "import", f, "--annotator", "z", "--out", tmp_path / "o.jsonl")
    assert r.code == 1
    assert "column 'human_rights' holds 'maybe'" in r.err and "line 2" in r.err
    assert "Traceback" not in r.err


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ('According to the Kremlin, "the talks were useful and will go on next month."', "Kremlin"),
        ('"The measures will stay in place," according to the White House.', "White House"),
        ('"We welcome the release of the prisoners," the Ministry of Foreign Affairs said.',
         "Ministry of Foreign Affairs"),
        ('"The visit is a step forward," the Department of State said.', "Department of State"),
        ('"We welcome the release of the prisoners," the European Union said.', "European Union"),
        ('The United Nations said: "The detentions break international law."', "United Nations"),
        ('The White House on Monday said: "We are ready to reopen the embassy."', "White House"),
        ('"We will not bow to any pressure," Belarus\'s foreign ministry said.',
         "Belarus's foreign ministry"),
        ('"We will not bow to any pressure," Lukashenko\'s office said on Friday.',
         "Lukashenko's office"),
        ('"Talks will resume soon," Ms. Novak last week told reporters.', "Novak"),
        # The determiner is a word of its own: "Humala ... policies. A" is no "a ...".
        ("Chavez praised Ollanta Humala for his policies. A spokeswoman for the Peruvian "
         'Foreign Ministry stated, "There are concerns of meddling in the vote."',
         "a spokeswoman for the Peruvian Foreign Ministry"),
    ],
)  # fmt: skip
def test_institutions_and_bodies_speak_under_their_names(paragraph, speaker):
    from classify.quotes import extract_quotes

    got = extract_quotes([paragraph])
    assert [q.speaker for q in got] == [speaker]


def test_compare_refuses_models_of_one_task_that_read_different_columns(tmp_path):
    """Review 81: two 'stance' models, one reading 'stance', the other 'coder2';
    compare --data scored both against the first one's column."""
    import classify

    rows = labelled_rows()
    for k, r in enumerate(rows):
        r["coder2"] = ("favour", "against", "neutral")[k % 3]
    data = write_jsonl(tmp_path / "two.jsonl", rows)
    first = train_tfidf("stance", data, tmp_path / "m1")
    second = own_stance_model(tmp_path, data, field="coder2")
    with pytest.raises(ClassifyError, match=r"read their gold labels from different columns"):
        classify.compare([first, second], data=data)
    # One column spelled two ways (STANCE, stance) is one column.
    upper = write_jsonl(tmp_path / "upper.jsonl", [{**r, "STANCE": r["stance"]} for r in rows])
    (tmp_path / "up").mkdir()
    third = own_stance_model(tmp_path / "up", upper, field="STANCE")
    assert "stance" in classify.compare([first, third], data=data)


def test_an_english_cp1252_export_with_dashes_and_curly_quotes_is_named_cp1252():
    """Review 81: a Western export was named cp852 ('2020ľ2021'), whose
    box-drawing and accented capitals counted as letters where cp1252's
    dashes and quotes did not; this one was named mac-latin2."""
    import random

    from classify.tables import guess_encoding

    rng = random.Random(3)
    names = ["Åsa Lindqvist", "René Dubois", "José Martínez", "Zoë Müller", "Chloé Girard",
             "André Côté", "Søren Ørsted", "Björn Ekström"]  # fmt: skip
    parts = ["met envoys in the 2019–2020 talks", "said the café near the embassy was closed",
             "called the vote ‘unfair’", "rejected the régime’s claims",
             "visited Genève for a 3–1 vote", "welcomed the détente", "criticised the décret",
             "praised the entrepreneurs’ résumé"]  # fmt: skip
    rows = [
        f'w{k};"{rng.choice(names)} {rng.choice(parts)}; officials said it was expected.";'
        "diplomacy;22/04/2021"
        for k in range(114)
    ]
    data = ("Doc No;Article Text;Frame Label;Pub Date\n" + "\n".join(rows) + "\n").encode("cp1252")
    assert guess_encoding(data) == "cp1252"
    # Other languages are still named by their own codepages.
    assert guess_encoding(("Министр заявил — «переговоры полезны». " * 5).encode("cp1251")) == (
        "cp1251"
    )
    polish = "Zażółć gęślą jaźń – powiedział minister w Warszawie. " * 5
    assert guess_encoding(polish.encode("cp1250")) == "cp1250"


def test_a_dataset_fingerprint_covers_its_split(tmp_path):
    """Review 81: dataset.json printed one fingerprint for a random, a
    reseeded random, a date and no split of the same rows."""
    import json

    import classify

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    prints = {}
    for name, kwargs in {
        "random": {"split": "random"},
        "random-again": {"split": "random"},
        "random-seed5": {"split": "random", "seed": 5},
        "none": {"split": "none"},
    }.items():
        out = tmp_path / name
        classify.build_dataset([data], out, **kwargs)
        prints[name] = json.loads((out / "dataset.json").read_text())["fingerprint"]
    assert prints["random"] == prints["random-again"]
    assert len({prints["random"], prints["random-seed5"], prints["none"]}) == 3


def test_multilabel_labels_with_commas_are_read_whole():
    """Review 81: a cell 'Korea, North' of a task with that label was split
    into 'Korea' and 'North'."""
    from classify.tasks import Task

    task = Task("country", "multilabel", ("Korea, North", "Korea, South", "Iran"))

    def read(value):
        assert task.check(value) is None
        return task.decode(task.encode([value]))[0]

    assert read("Korea, North") == ["Korea, North"]
    assert read("Korea, North; Iran") == ["Korea, North", "Iran"]
    assert read("Iran|Korea, South") == ["Korea, South", "Iran"]
    assert read(["Korea, North"]) == ["Korea, North"]
    # Without such labels a comma still separates.
    plain = Task("t", "multilabel", ("sanctions", "human_rights"))
    assert plain.decode(plain.encode(["sanctions, human_rights"]))[0] == [
        "sanctions",
        "human_rights",
    ]
    assert "(allowed: 'Korea, North', 'Korea, South', 'Iran')" in str(task.check("Korea"))


def test_per_target_rows_say_over_how_many_labels_and_count_every_training_unit():
    """Review 81: a target with no 'pro' unit showed F_avg 0.857 ('anti'
    alone) unmarked; the pooled n_train left out a target without test units."""
    import numpy as np

    from classify.evaluation import compute_metrics
    from classify.targets import per_target_metrics, per_target_rows
    from classify.tasks import Task

    task = Task(
        "st", "multiclass", ("pro", "anti", "none"), metric="f_avg", metric_labels=("pro", "anti")
    )
    targets = ["Cuba", "Cuba", "Cuba", "Peru", "Peru", "Peru"]
    truth = np.eye(3, dtype=int)[[0, 1, 2, 1, 1, 2]]
    pred = np.eye(3, dtype=int)[[0, 1, 2, 1, 2, 2]]
    metrics = compute_metrics("multiclass", list(task.labels), truth, pred, favg=task.favg_labels)
    metrics["f_avg_labels"] = ["pro", "anti"]  # as evaluation.evaluate records them
    trained = {"Cuba": 10, "Peru": 8, "Chile": 7}  # Chile: training units only
    metrics["per_target"] = per_target_metrics(task, targets, truth, pred, trained=trained)
    metrics["per_target_n_train"] = sum(trained.values())
    rows, with_train = per_target_rows(metrics, ["macro_f1", "f_avg"])
    assert with_train
    by = {r[0]: r for r in rows}
    assert by["Cuba"][3:] == [1.0, 1.0]
    # Peru has no 'pro' unit, gold or predicted: its F1 is undefined.
    peru_f1 = metrics["per_target"]["Peru"]["macro_f1"]
    peru_favg = metrics["per_target"]["Peru"]["f_avg"]
    assert by["Peru"][3] == f"{peru_f1:.3f} (2 of 3 labels)"
    assert by["Peru"][4] == f"{peru_favg:.3f} (1 of 2 labels)"
    assert by["(pooled)"][2] == 25


@pytest.mark.parametrize(
    ("yaml_text", "suggested"),
    [
        ("unit: article\n", "did you mean 'data.unit'?"),
        ("text_column: body\n", "did you mean 'data.text_column'?"),
        ("data:\n  method: date\n", "did you mean 'data.split.method'?"),
    ],
)
def test_a_key_written_a_level_too_high_names_where_it_belongs(
    tmp_path, capsys, yaml_text, suggested
):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("task: stance\nmodel:\n  family: tfidf-linear\n" + yaml_text, encoding="utf-8")
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", cfg, "--data", data, "--out", tmp_path / "m")
    assert r.code == 1 and suggested in r.err and "Traceback" not in r.err


def test_a_task_of_one_label_says_how_to_write_a_yes_no_task(tmp_path):
    from classify.tasks import load_task

    f = tmp_path / "mil.yaml"
    f.write_text("name: mil\nkind: multilabel\nfield: mil\nlabels: [military]\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match=r'labels: \["military", "not_military"\]'):
        load_task(f)
    for labels, said in (
        ("military", r'labels: \["military", "not_military"\]'),
        ('["a: b"]', r'labels: \["a: b", "not_a: b"\]'),
        ('["Korea, North"]', r'labels: \["Korea, North", "not_Korea, North"\]'),
        ("[military, military]", r"\('military' is there twice\)"),
    ):
        f.write_text(
            f"name: mil\nkind: multilabel\nfield: mil\nlabels: {labels}\n", encoding="utf-8"
        )
        with pytest.raises(ClassifyError, match=said):
            load_task(f)


def test_analyse_names_every_read_option_the_models_differ_in(tmp_path, capsys):
    """Review 81: models trained on other columns were asked for
    --text-column, then on the rerun for --id-column."""
    import classify

    rows = labelled_rows()
    plain = write_jsonl(tmp_path / "plain.jsonl", rows)
    other = write_jsonl(
        tmp_path / "other.jsonl",
        [{"body": r["text"], "doc": r["id"], "topics": r["topics"]} for r in rows],
    )
    stance = train_tfidf("stance", plain, tmp_path / "stance")
    topic = classify.train(
        ROOT / "configs/topic-tfidf.yaml",
        data=[other],
        out=tmp_path / "topic",
        cv=3,
        overrides={"data.text_column": "body", "data.id_column": "doc", "thresholds.folds": 3},
    ).path
    corpus = write_jsonl(tmp_path / "c.jsonl", CORPUS)
    r = run_cli(capsys, "analyse", stance, topic, corpus, "--out", tmp_path / "an", "--by", "all")
    assert r.code == 1 and "Traceback" not in r.err
    assert "--text-column NAME and --id-column NAME" in r.err


def test_run_refuses_a_model_without_labels_before_training_any(tmp_path, capsys):
    rows = [{k: v for k, v in r.items() if k != "stance"} for r in labelled_rows()]
    data = write_jsonl(tmp_path / "topics-only.jsonl", rows)
    run = tmp_path / "run.yaml"
    run.write_text(
        f"models: [{ROOT / 'configs/topic-tfidf.yaml'}, {ROOT / 'configs/stance-tfidf.yaml'}]\n"
        f"sources: [{data}]\nout: {tmp_path / 'runs'}\ncv: 2\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "run", run)
    assert r.code == 1 and "Traceback" not in r.err
    assert "no 'stance' labels for the model" in r.err and "nothing was trained" in r.err
    assert "training" not in r.out  # no model trained first
    assert not (tmp_path / "runs").exists()


def test_a_folder_labelled_model_is_evaluated_on_a_table_with_its_column(tmp_path, capsys):
    """Check 82: refusing --label-from-folder beside a table refused
    evaluate of a folder-labelled model (its own setting) on a table."""
    import classify

    own = ROOT / "tests/fixtures/own"
    model = classify.train(own / "category-tfidf.yaml", out=tmp_path / "m").path
    rows = [
        {"id": "t1", "text": "The striker scored twice in the cup final.", "category": "sport"},
        {"id": "t2", "text": "Parliament passed the budget after a long debate.",
         "category": "politics"},
        {"id": "t3", "text": "Shares in the bank fell after its profit warning.",
         "category": "business"},
    ]  # fmt: skip
    table = write_jsonl(tmp_path / "news.jsonl", rows)
    r = run_cli(capsys, "evaluate", model, table, "--out", tmp_path / "ev")
    assert r.code == 0, r.err
    assert (tmp_path / "ev" / "metrics.json").is_file()


def test_train_with_a_test_file_counts_its_unlabelled_units_too(tmp_path, capsys):
    rows = labelled_rows()
    train_rows = [
        {k: v for k, v in r.items() if not (k == "stance" and i % 5 == 0)}
        for i, r in enumerate(rows)
    ]
    test_rows = [
        {**{k: v for k, v in r.items() if not (k == "stance" and i % 4 == 0)}, "id": f"t{i}"}
        for i, r in enumerate(rows[:24])
    ]
    for r in test_rows:
        r["text"] = r["text"] + " (a later report)"
    train = write_jsonl(tmp_path / "tr.jsonl", train_rows)
    test = write_jsonl(tmp_path / "te.jsonl", test_rows)
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", train, "--test", test,
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert "6 test units are unlabelled for 'stance' (left out of the test)" in r.out
    n_train = sum(1 for i in range(len(rows)) if i % 5 == 0)
    assert f"{n_train} units are unlabelled for 'stance'" in r.out


@pytest.mark.parametrize(
    ("ids", "unit", "said"),
    [
        (["a1.txt", "a2.txt"], "article", "the annotations name the files (with .txt or .html)"),
        (["a1", "a2"], None, "the annotations name whole articles: pass --unit article"),
    ],
)
def test_a_labels_sheet_that_names_files_or_articles_says_so(tmp_path, capsys, ids, unit, said):
    arts = two_articles(tmp_path / "arts")
    sheet = tmp_path / "labels.csv"
    sheet.write_text("unit,stance\n" + "".join(f"{i},favour\n" for i in ids), encoding="utf-8")
    args = ["dataset", "build", arts, "--annotations", sheet, "--out", tmp_path / "ds"]
    r = run_cli(capsys, *args, *(["--unit", unit] if unit else []))
    assert r.code == 1 and "Traceback" not in r.err
    assert said in r.err


def test_a_card_lists_labels_without_an_empty_meaning_column(tmp_path):

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    own = own_stance_model(tmp_path, data)
    card = (own / "README.md").read_text(encoding="utf-8")
    assert "| Meaning |" not in card.replace("  ", " ")
    assert "Labels: `favour`, `against`, `neutral`." in card
    shipped = train_tfidf("stance", data, tmp_path / "shipped")
    assert "Meaning" in (shipped / "README.md").read_text(encoding="utf-8")


def test_em_reads_posteriors_recalibrated_on_the_held_out_units():
    """Review 81: a label with one training unit got EM 0.990 where its naive
    share was 0; a class-weighted model's raw posteriors lean towards the
    rare classes, so EM was off even on its own held-out units."""
    import numpy as np

    from classify.analysis import Validation

    rng = np.random.default_rng(3)
    k, n = 3, 3000
    y = rng.choice(k, n, p=[0.6, 0.39, 0.01])
    # Balanced-weight posteriors: the rare class gets 0.2 everywhere.
    proba = np.full((n, k), 0.1)
    proba[np.arange(n), y] = 0.7
    proba[:, 2] = 0.2
    proba = proba / proba.sum(axis=1, keepdims=True)
    decided = np.eye(k, dtype=int)[proba.argmax(axis=1)]
    val = Validation(np.eye(k, dtype=int)[y], decided, proba)
    m = 800
    test_y = rng.choice(k, m, p=[0.5, 0.49, 0.01])
    tp = np.full((m, k), 0.1)
    tp[np.arange(m), test_y] = 0.7
    tp[:, 2] = 0.2
    tp = tp / tp.sum(axis=1, keepdims=True)
    em = {label: r["estimate"] for label, r in em_rows(val, tp, 0).items()}
    assert em["rare"] < 0.05
    assert abs(em["a"] - 0.5) < 0.05 and abs(em["b"] - 0.49) < 0.05
    # The recalibration is what does it: raw posteriors send EM off.
    from classify.quantify import em_prevalence

    raw = em_prevalence(tp, np.bincount(y, minlength=k) / n)
    assert raw[2] > 0.2


@pytest.mark.parametrize("to_file", [False, True])
def test_predict_progress_moves_within_a_chunk(scored, tmp_path, to_file):
    """Review 80: with the default chunk of 5000 units the bar sat at 0
    until the end; it now moves after each batch."""
    model, _, _ = scored
    rows = [{"id": f"r{i}", "text": f"Talks on sanctions number {i} resumed."} for i in range(40)]
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    calls = []
    api.predict(
        model, corpus, batch_size=8, report=lambda *a: calls.append(a),
        out=tmp_path / "p.jsonl" if to_file else None,
    )  # fmt: skip
    moves = [done for stage, done, total in calls if stage == "predicting"]
    assert moves == sorted(moves) and moves[-1] == 40
    assert len(set(moves)) >= 5  # 40 rows in batches of 8, one chunk


def test_generators_of_paths_work_and_of_texts_say_to_pass_a_list(scored, tmp_path, monkeypatch):
    """Review 80: a generator's texts were read as file names ("file not
    found"); check 83: refusing generators broke Path.glob; a unit's text
    that names a folder was warned about inside predict."""
    import classify

    model, pred, _ = scored
    with pytest.raises(ClassifyError, match=r"texts go in a list"):
        classify.predict(model, (t for t in ["Talks resumed today.", "Sanctions imposed."]))
    folder = tmp_path / "arts"
    two_articles(folder)
    via_glob = classify.predict(model, folder.glob("*.txt"))
    assert len(via_glob) == len(classify.predict(model, sorted(folder.glob("*.txt"))))
    clf = classify.load_model(model)
    texts = (t for t in ["Talks resumed.", "Sanctions imposed."])
    assert clf.predict(texts) == clf.predict(["Talks resumed.", "Sanctions imposed."])
    with pytest.warns(
        UserWarning, match=r"is a file or folder, labelled here as a text; .* it holds"
    ):
        clf.predict_proba([str(pred)])
    import warnings

    (tmp_path / "exp").mkdir()
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf.predict_proba(["exp"])  # a word that names a folder here, no path: a text


def test_a_dataframe_without_the_trained_text_column_is_scored_with_a_warning(tmp_path):
    import pandas as pd

    import classify

    rows = [{"body": r["text"], "id": r["id"], "stance": r["stance"]} for r in labelled_rows()]
    data = write_jsonl(tmp_path / "b.jsonl", rows)
    model = classify.train(
        ROOT / "configs/stance-tfidf.yaml", data=[data], out=tmp_path / "m", cv=3,
        overrides={"data.text_column": "body"},
    ).path  # fmt: skip
    clf = classify.load_model(model)
    df = pd.DataFrame({"text": ["Talks resumed.", "New sanctions."]})
    with pytest.warns(UserWarning, match=r"trained on texts in column 'body'.*scoring its 'text'"):
        assert len(clf.predict(df)) == 2
    with pytest.raises(ClassifyError, match="body"):
        classify.predict(model, df)


def test_a_no_width_difference_of_models_that_agree_says_so():
    from classify.reports import no_width_note

    alike = no_width_note({"ci95": {"0": [0.5, 0.7], "diff:0": [0.0, 0.0]}})
    assert alike.startswith("(no width): a paired difference of 0")
    assert "right (or wrong)" not in alike
    both = no_width_note({"ci95": {"0": [1.0, 1.0], "diff:0": [0.0, 0.0]}})
    assert "right (or wrong)" in both and "A paired difference of 0" in both


def test_the_na_note_names_f_avg_only_for_its_own_labels():
    from classify.reports import undefined_note

    base = {"f_avg": 0.5, "f_avg_labels": ["favour", "against"]}
    assert undefined_note({**base, "undefined_labels": ["neutral"]}).endswith(
        "left out of macro-F1."
    )
    assert undefined_note({**base, "undefined_labels": ["favour"]}).endswith(
        "left out of macro-F1 and F_avg."
    )
    assert undefined_note({**base, "undefined_labels": ["favour", "neutral"]}).endswith(
        "left out of macro-F1 (favour also of F_avg)."
    )


def test_compare_of_two_identical_models_says_they_decide_alike(scored, tmp_path, capsys):
    model, _, d = scored
    twin = train_tfidf("stance", d / "train.jsonl", tmp_path / "twin")
    data = write_jsonl(tmp_path / "new.jsonl", [
        {"id": f"n{i}", "text": t, "stance": s}
        for i, (t, s) in enumerate([("Envoys agreed to restore ties with Minsk.", "favour"),
                                    ("The EU widened sanctions on potash.", "against"),
                                    ("Rain fell in Minsk all day.", "neutral")] * 4)
    ])  # fmt: skip
    r = run_cli(capsys, "compare", model, twin, "--data", data, "--out", tmp_path / "cmp")
    assert r.code == 0, r.err
    out = " ".join(r.out.split())
    assert "the models compared score alike unit for unit" in out


def test_evaluate_of_several_files_names_its_folder_after_all(scored, tmp_path, capsys):
    import shutil

    model, _, _ = scored
    copy = tmp_path / "m"
    shutil.copytree(model, copy)
    rows = [{"id": f"e{i}", "text": t, "stance": s} for i, (t, s) in enumerate(
        [("Envoys agreed to restore ties.", "favour"), ("Sanctions were widened.", "against"),
         ("Rain fell all day.", "neutral")] * 3)]  # fmt: skip
    te = write_jsonl(tmp_path / "te.jsonl", rows[:5])
    one = write_jsonl(tmp_path / "one.jsonl", rows[5:])
    assert run_cli(capsys, "evaluate", copy, te).code == 0
    r = run_cli(capsys, "evaluate", copy, te, one)
    assert r.code == 0, r.err
    assert (copy / "eval" / "one+te" / "metrics.json").is_file()
    # Given in another order, the same folder.
    assert run_cli(capsys, "evaluate", copy, one, te).code == 1
    # Many files (shards): the first name and their number.
    shards = [write_jsonl(tmp_path / f"part-{i:02d}.jsonl", rows[i : i + 1]) for i in range(5)]
    assert run_cli(capsys, "evaluate", copy, *shards).code == 0
    assert (copy / "eval" / "part-00+4-more" / "metrics.json").is_file()
    # The folder of te.jsonl alone is not taken for the pair's.
    (copy / "eval" / "one+te").rename(copy / "eval" / "keep")
    shutil.rmtree(copy / "eval" / "te")
    shutil.copytree(copy / "eval" / "keep", copy / "eval" / "te")
    r = run_cli(capsys, "evaluate", copy, te)
    assert r.code == 1 and f"give this one of {te} a folder of its own" in r.err


def test_em_intervals_hold_with_a_label_of_one_held_out_unit():
    """Check 82: with a label of one held-out unit the recalibration (then
    abstention's) failed to fit and EM on the raw posteriors put the whole
    corpus on that label; resamples that missed the unit gave it a prior of
    0, and every label's interval reached 0."""
    import numpy as np

    from classify.analysis import Validation

    rng = np.random.default_rng(5)
    k, n, m = 3, 300, 300

    def posteriors(y):
        p = np.full((len(y), k), 0.15)
        p[np.arange(len(y)), y] = 0.6
        # The rare label's probability is noise: the model cannot see it.
        p[:, 2] = rng.uniform(0.05, 0.35, len(y))
        p[y == 2, 2] = 0.35
        return p / p.sum(axis=1, keepdims=True)

    y = np.r_[rng.choice(2, n - 1, p=[0.6, 0.4]), 2]  # one held-out unit of "rare"
    vp = posteriors(y)
    val = Validation(np.eye(k, dtype=int)[y], np.eye(k, dtype=int)[vp.argmax(axis=1)], vp)
    ty = rng.choice(2, m, p=[0.5, 0.5])
    tp = posteriors(ty)
    em = em_rows(val, tp, 200)
    truth = np.bincount(ty, minlength=k) / m
    for j, label in enumerate(("a", "b")):
        assert abs(em[label]["estimate"] - truth[j]) < 0.06
        assert em[label]["ci_low"] > 0.3
    assert em["rare"]["estimate"] < 0.05 and em["rare"]["ci_high"] < 0.2


def test_em_is_unmeasured_where_a_label_has_too_few_held_out_units():
    """Check 84: with a label of 1-2 held-out units the recalibration (fit
    before the refit) sent EM's share to 0.55 and 1.00 where 0.11 and 0.10
    were true: such EM shares are marked unmeasured, as ACC's and PACC's
    are where the rates cannot support them."""
    from types import SimpleNamespace

    import numpy as np

    from classify.analysis import ill_posed_note
    from classify.api import EM_MIN_UNITS, _ill_posed
    from classify.tasks import Task

    rng = np.random.default_rng(0)
    n = 200
    single = SimpleNamespace(task=Task("tone", "multiclass", ("pro", "anti", "other")),
                             labels=("pro", "anti", "other"))  # fmt: skip
    y = np.eye(3, dtype=int)[np.r_[rng.choice([1, 2], n - 3), [0, 0, 0]]]
    proba = np.clip(y * 0.7 + rng.random((n, 3)) * 0.3, 0, 1)
    proba = proba / proba.sum(axis=1, keepdims=True)
    decided = np.eye(3, dtype=int)[proba.argmax(axis=1)]
    assert _ill_posed(single, y, decided, proba)["em"] == ["pro", "anti", "other"]
    y2 = np.eye(3, dtype=int)[np.r_[rng.choice(3, n - 3 * EM_MIN_UNITS), np.repeat([0, 1, 2], 10)]]
    assert _ill_posed(single, y2, np.eye(3, dtype=int)[y2.argmax(1)], y2 * 0.8 + 0.1)["em"] == []
    multi = SimpleNamespace(task=Task("topic", "multilabel", ("a", "b")), labels=("a", "b"))
    ym = np.c_[rng.random(n) < 0.4, np.r_[np.zeros(n - 2), [1, 1]]].astype(int)
    pm = np.clip(ym * 0.6 + rng.random((n, 2)) * 0.4, 0, 1)
    ill = _ill_posed(multi, ym, (pm >= 0.5).astype(int), pm)
    assert ill["em"] == ["b"]
    note = ill_posed_note("topic", {"units": n, "ill_posed": ill})
    assert "EM of 'b' rests on fewer than 10 of those units" in note


def test_a_field_ending_in_ies_is_read_from_its_singular_column(tmp_path):
    """Check 82: a sheet's `Country` column was not read for a field
    `countries` (the singular rule dropped a trailing s only)."""
    import classify

    task = tmp_path / "countries.yaml"
    task.write_text(
        "name: countries\nkind: multilabel\nfield: countries\nlabels: [Belarus, Poland, Lithuania]\n",
        encoding="utf-8",
    )
    for header, rows in (
        ("unit,text,Country", ["u1,Talks in Minsk.,Belarus", "u2,Border row.,Poland;Lithuania"]),
        (
            "unit,text,Country 1,Country 2",
            ["u1,Talks in Minsk.,Belarus,", "u2,Border row.,Poland,Lithuania"],
        ),
    ):
        sheet = tmp_path / "coder.csv"
        sheet.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        res = classify.import_annotations([sheet], annotator="x", tasks=[task])
        got = {r.unit: sorted(r.values["countries"]) for r in res.records}
        assert got == {"u1": ["Belarus"], "u2": ["Lithuania", "Poland"]}, header
