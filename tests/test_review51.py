"""Reviews 51-53 and their check rounds: what new users met in a notebook and
in evaluation (51), in the annotation loop (52) and in corpus analysis (53),
each checked here on inputs of our own. (Speakers: tests/test_quotes.py;
analysis figures and notes: tests/test_analysis_review.py.)"""

from __future__ import annotations

import json
import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import assert_seen_both_ways, labelled_rows, write_jsonl

import classify
from classify import api
from classify.semi import rest_keys, text_key

from conftest import ROOT

STANCE = ROOT / "configs" / "stance-tfidf.yaml"


def test_rest_keys_are_the_keys_after_each_kind_of_title():
    body = "Washington and Minsk agreed to reopen embassies."
    for titled in (f"Talks resume\n\n{body}", f"Talks resume\n{body}", f"Talks resume: {body}",
                   f"Talks resume - {body}"):  # fmt: skip
        assert text_key(body) in rest_keys(titled)
    assert rest_keys(body) == set()


# (A single line break inside a table cell is a wrapped line, read as a
# space: "\n\n" is the title paragraph, test_review40's case.)
@pytest.mark.parametrize("sep", [": ", " - ", ". "])
def test_evaluate_finds_a_training_item_under_a_headline_of_any_kind(tmp_path, sep):
    rows = labelled_rows()
    bare = write_jsonl(tmp_path / "bare.jsonl", rows)
    titled = write_jsonl(
        tmp_path / "titled.jsonl",
        [{**r, "id": f"z{r['id']}", "text": f"Sanctions news today{sep}{r['text']}"} for r in rows],
    )
    assert_seen_both_ways(titled, bare, tmp_path, len(rows))


def test_active_learning_holds_back_a_titled_copy_of_a_training_item(tmp_path):
    rows = labelled_rows()
    model = api.train(STANCE, data=[write_jsonl(tmp_path / "gold.jsonl", rows)], cv=3,
                      out=tmp_path / "m").model  # fmt: skip
    fresh = [{"id": f"n{i}", "text": f"Parliament in country {i} debated a farm subsidy bill."}
             for i in range(5)]  # fmt: skip
    pool = write_jsonl(
        tmp_path / "pool.jsonl",
        [{"id": f"p{r['id']}", "text": f"Sanctions news today: {r['text']}"} for r in rows[:6]]
        + fresh,
    )
    summary = classify.suggest(model, pool, n=20, out=tmp_path / "next", unit="article")
    assert summary["in_training_data"] == 6
    assert summary["exported"] == 5


def _outlet_rows() -> list[dict]:
    rows = labelled_rows()
    # Half the items name no outlet.
    return [{**r, "source": r["source"] if i % 2 else ""} for i, r in enumerate(rows)]


def test_a_split_by_source_says_which_units_name_no_outlet(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", _outlet_rows())
    with pytest.warns(UserWarning, match=r"24 of the 48 units name no outlet"):
        classify.build_dataset(data, tmp_path / "ds", split="source")
    named = write_jsonl(tmp_path / "n.jsonl", labelled_rows())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.build_dataset(named, tmp_path / "ds2", split="source")
    assert not [w for w in caught if "outlet" in str(w.message)]


@pytest.mark.parametrize(
    ("how", "said"),
    [({"split": "none"}, "--split none makes none"),
     ({"split": "date", "cutoff": "2015"}, "--cutoff 2015 decides it")],
)  # fmt: skip
def test_a_test_share_that_would_be_ignored_is_refused(tmp_path, capsys, how, said):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    flags = [x for k, v in how.items() for x in (f"--{k}", v)]
    r = run_cli(capsys, "dataset", "build", data, "--out", tmp_path / "ds", "--test-size", "0.3",
                *flags)  # fmt: skip
    assert r.code == 1
    assert "--test-size 0.3" in r.err and said in r.err
    assert not (tmp_path / "ds").exists()
    # In Python too, and without the share each builds.
    with pytest.raises(classify.ClassifyError, match=r"test_size=0\.3"):
        classify.build_dataset(data, tmp_path / "ds", test_size=0.3, **how)
    summary = classify.build_dataset(data, tmp_path / "ds", **how)
    assert summary["n"] == 48


def test_a_pool_in_another_language_is_warned_about_once_per_command(tmp_path, capsys):
    train = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    german = [{"text": f"Die Bundesregierung verhängt am Montag neue Sanktionen gegen {c}."}
              for c in ("Iran", "Russland", "Belarus", "Syrien", "Kuba", "Libyen")]  # fmt: skip
    pool = write_jsonl(tmp_path / "pool.jsonl", german)
    # Self-training runs on the training split and again in the refit.
    r = run_cli(capsys, "train", STANCE, "--data", train, "--unlabelled", pool,
                "--set", "data.split.method=random", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    assert r.err.count("reads unlike the labelled data") == 1


def test_near_duplicates_across_train_and_test_are_warned_about_in_python(tmp_path):
    rows = [{**r, "text": f"{r['text']} {r['text']}"} for r in labelled_rows()]
    # Ten test items repeat training items but for one letter.
    test = [{**r, "id": f"{r['id']}b", "text": r["text"].replace("s", "z", 1)} for r in rows[:10]]
    with pytest.warns(UserWarning, match=r"10 near-duplicate train/test pairs") as caught:
        result = classify.train(STANCE, data=rows_frame(rows), test=rows_frame(test),
                                out=tmp_path / "m")  # fmt: skip
    assert result.metrics["near_duplicates"]["count"] == 10
    said = [str(w.message) for w in caught if "near-duplicate" in str(w.message)]
    assert len(said) == 1 and "the figures may be optimistic" in said[0]


def rows_frame(rows: list[dict]):
    import pandas as pd

    return pd.DataFrame(rows)


def test_evaluate_says_which_labels_the_model_never_learned(tmp_path):
    rows = labelled_rows()
    test = write_jsonl(tmp_path / "test.jsonl",
                       [{**r, "id": f"x{r['id']}", "text": f"Later: {r['text']}"} for r in rows])  # fmt: skip
    no_neutral = [r for r in rows if r["stance"] != "neutral"]
    with pytest.warns(UserWarning, match=r"'neutral' \(16 test units\)") as caught:
        model = classify.train(STANCE, data=rows_frame(no_neutral), test=test,
                               out=tmp_path / "m").model  # fmt: skip
    # A published test file has no split to move.
    said = next(str(w.message) for w in caught if "'neutral' (16" in str(w.message))
    assert said.endswith("label training units of it")
    with pytest.warns(UserWarning, match=r"the data has 'neutral' \(16 units\), which no unit"):
        classify.evaluate(model, test, n_bootstrap=0)
    full = classify.train(STANCE, data=rows_frame(rows), out=tmp_path / "f").model
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.evaluate(full, test, n_bootstrap=0)
    assert not [w for w in caught if "which no unit" in str(w.message)]


def test_evaluating_a_file_of_the_same_stem_names_the_evaluation_in_the_way(tmp_path, capsys):
    rows = labelled_rows()
    model = tmp_path / "m"
    classify.train(STANCE, data=rows_frame(rows), out=model)
    as_jsonl = write_jsonl(tmp_path / "test.jsonl", rows[:12])
    rows_frame(rows[12:24]).to_csv(tmp_path / "test.csv", index=False)
    assert run_cli(capsys, "evaluate", model, tmp_path / "test.csv").code == 0
    r = run_cli(capsys, "evaluate", model, as_jsonl)
    assert r.code == 1
    assert "holds the evaluation of" in r.err and "test.csv" in r.err and "--out" in r.err
    # The same file again is only "already exists"; --out gives it its own folder.
    again = run_cli(capsys, "evaluate", model, tmp_path / "test.csv")
    assert again.code == 1 and "already exists" in again.err
    assert run_cli(capsys, "evaluate", model, as_jsonl, "--out", tmp_path / "e2").code == 0


def test_evaluate_and_compare_take_the_number_of_resamples_on_the_command_line(tmp_path, capsys):
    rows = labelled_rows()
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    a, b = tmp_path / "a", tmp_path / "b"
    classify.train(STANCE, data=rows_frame(rows), out=a)
    classify.train(STANCE, data=rows_frame(rows), out=b, overrides=["model.params.C=0.1"])
    r = run_cli(
        capsys, "evaluate", a, data, "--bootstrap", "50", "--seed", "3", "--out", tmp_path / "e"
    )
    assert r.code == 0, r.err
    record = json.loads((tmp_path / "e" / "metrics.json").read_text())["bootstrap"]
    assert (record["n_resamples"], record["seed"]) == (50, 3)
    r = run_cli(capsys, "evaluate", a, data, "--bootstrap", "0", "--out", tmp_path / "e0")
    assert (
        r.code == 0 and json.loads((tmp_path / "e0" / "metrics.json").read_text())["ci95"] is None
    )
    r = run_cli(
        capsys, "compare", a, b, "--data", data, "--bootstrap", "40", "--out", tmp_path / "c"
    )
    assert r.code == 0, r.err
    tests = json.loads((tmp_path / "c" / "compare.json").read_text())["tests"]
    assert tests[0]["n_resamples"] == 40
    # Without resamples: the figures and differences, no interval or test.
    r = run_cli(capsys, "compare", a, b, "--data", data, "--bootstrap", "0",
                "--out", tmp_path / "c0")  # fmt: skip
    assert r.code == 0, r.err
    assert "(no resamples: no interval or test)" in " ".join(r.out.split())
    r = run_cli(capsys, "compare", a, b, "--data", data, "--bootstrap", "5",
                "--out", tmp_path / "c5")  # fmt: skip
    assert r.code == 1 and "--bootstrap is 5" in r.err


def test_an_f_avg_over_one_label_is_named_so(tmp_path, capsys):
    rows = labelled_rows()
    model = tmp_path / "m"
    classify.train(STANCE, data=rows_frame(rows), out=model)
    favour = write_jsonl(tmp_path / "favour.jsonl", [r for r in rows if r["stance"] == "favour"])
    r = run_cli(capsys, "evaluate", model, favour, "--out", tmp_path / "e")
    assert r.code == 0, r.err
    metrics = json.loads((tmp_path / "e" / "metrics.json").read_text())
    assert "against" in metrics["undefined_labels"]
    assert "f_avg (favour only)" in r.out
    report = (tmp_path / "e" / "report.md").read_text()
    assert "F_avg (F1 of favour; against n/a)" in report
    assert "mean F1 of favour and against" not in report


@pytest.mark.parametrize(
    ("line", "codec", "guess", "shown"),
    [
        ("001,Señor Muñoz and the Düsseldorf delegation met in Zürich.", "cp1252", "cp1252",
         "001,Señor Muñoz and the"),
        ("002,Il a été arrêté à Paris près de la gare.", "cp1252", "cp1252", "Il a été arrêté"),
        ("003,Las negociaciones en España continúan esta semana.", "cp1252", "cp1252", "España"),
        ("004,Spotkanie w Łodzi zakończyło się porozumieniem.", "cp1250", "cp1250", "Łodzi"),
        ("005,Unia rozszerzyła sankcje wobec reżimu po sfałszowanych wyborach.", "cp1250",
         "cp1250", "rozszerzyła"),
    ],
)  # fmt: skip
def test_a_spreadsheet_saved_on_windows_is_said_to_read_as_its_codepage(
    tmp_path, capsys, line, codec, guess, shown
):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(f"id,text,stance\n{line},neutral\n".encode(codec))
    r = run_cli(capsys, "dataset", "build", sheet, "--out", tmp_path / "d", "--split", "none")
    assert r.code == 1
    said = r.err.split("it reads as ", 1)[1]
    # The codec named, and what the file's words read as in it.
    assert said.startswith(f"{guess} ('") and shown in said
    assert f"pass --encoding {guess}" in said
    # Following the hint reads the line as written.
    assert run_cli(capsys, "dataset", "build", sheet, "--out", tmp_path / "d", "--split", "none",
                   "--encoding", guess).code == 0  # fmt: skip
    import datasets

    built = datasets.load_from_disk(str(tmp_path / "d"))
    assert built["train"]["text"] == [line.split(",", 1)[1]]


def test_text_in_another_script_is_not_said_to_be_western():
    from classify.tables import guess_encoding

    russian = "Переговоры в Минске продолжаются на этой неделе."
    assert guess_encoding(russian.encode("cp1251")) == "cp1251"
    greek = "Ο υπουργός εξωτερικών συναντήθηκε με τον πρέσβη."
    assert guess_encoding(greek.encode("cp1253")) == "cp1253"


def test_a_number_that_stands_for_two_source_ids_names_both(tmp_path, capsys):
    table = tmp_path / "items.csv"
    table.write_text(
        "id,text\n002,Envoys met in Minsk.\n2.0,Sanctions stay in place.\n003,Talks resumed.\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "coder.csv"
    sheet.write_text("unit;stance\n2;favour\n", encoding="utf-8")
    r = run_cli(capsys, "annotate", "import", sheet, "--annotator", "x", "--source", table,
                "--out", tmp_path / "o.jsonl")  # fmt: skip
    assert r.code == 1
    assert "the sources have '002' or '2.0': a spreadsheet rewrites ids" in r.err
    assert "no article" not in r.err


def test_a_doccano_1x_export_gives_its_text_as_data(tmp_path):
    from corpus_fixtures import two_articles as _articles

    arts = _articles(tmp_path / "arts")
    export = write_jsonl(tmp_path / "old-doccano.jsonl", [
        {"id": 1, "data": "Envoys met in Lima to restore ties.", "label": ["stance:favour"]},
        {"id": 2, "data": "Envoys met in Quito to restore ties.", "label": ["stance:favour"]},
    ])  # fmt: skip
    result = classify.import_annotations(
        [export], annotator="d", sources=[arts], unit="paragraph", tasks=["stance"]
    )
    assert not result.problems
    assert sorted(r.unit for r in result.records) == ["a1:p1", "a2:p1"]
    # A row whose text is under a key not read says which keys it read.
    other = write_jsonl(tmp_path / "other.jsonl", [
        {"id": 1, "body": "Envoys met in Lima to restore ties.", "label": ["stance:favour"]},
    ])  # fmt: skip
    result = classify.import_annotations(
        [other], annotator="d", sources=[arts], unit="paragraph", tasks=["stance"]
    )
    assert (
        "has no 'text' to match it to a unit by (a column or key named 'text'" in result.problems[0]
    )


def test_a_label_studio_annotation_submitted_empty_is_no_label_yet(tmp_path):
    src = json.loads((ROOT / "tests/fixtures/annotation/ann1-label-studio.json").read_text())
    src[0]["annotations"][0]["result"] = []
    # A stance chosen and no topic is "no topic".
    src[1]["annotations"][0]["result"] = [
        r for r in src[1]["annotations"][0]["result"] if r["from_name"] == "stance"
    ]
    export = tmp_path / "ls.json"
    export.write_text(json.dumps(src), encoding="utf-8")
    result = classify.import_annotations([export], annotator="z", sources=[ROOT / "seeds"],
                                         unit="paragraph")  # fmt: skip
    assert result.unlabelled == 1
    units = {r.unit: r for r in result.records}
    assert src[0]["data"]["unit"] not in units
    second = units[src[1]["data"]["unit"]]
    assert second.values["topics"] == [] and second.values["stance"] is not None


def test_an_interval_of_no_width_is_marked_where_it_is_read(tmp_path, capsys):
    rows = labelled_rows()
    model = tmp_path / "m"
    classify.train(STANCE, data=rows_frame(rows), out=model)
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    r = run_cli(capsys, "evaluate", model, data, "--out", tmp_path / "e")
    assert r.code == 0, r.err
    ci = json.loads((tmp_path / "e" / "metrics.json").read_text())["ci95"]
    assert ci["macro_f1"] == [1.0, 1.0]  # memorised: every resample scores 1
    assert "[1.000, 1.000] (no width)" in r.out and "not as certainty" in " ".join(r.out.split())
    report = (tmp_path / "e" / "report.md").read_text()
    assert "(no width)" in report and "not as certainty" in report
    # An interval with width is shown as it is.
    from classify.reports import fmt_ci, no_width_note

    assert fmt_ci([0.5, 0.75]) == "[0.500, 0.750]"
    assert no_width_note({"ci95": {"macro_f1": [0.5, 0.75]}}) == ""


def test_a_title_column_and_a_headline_in_the_text_are_one_item(tmp_path):
    rows = labelled_rows()
    columns = tmp_path / "columns.csv"
    rows_frame([{**r, "title": f"Sanctions news {i}"} for i, r in enumerate(rows)]).to_csv(
        columns, index=False
    )
    inline = write_jsonl(tmp_path / "inline.jsonl", [
        {**r, "id": f"z{r['id']}", "text": f"Sanctions news {i}{sep}{r['text']}"}
        for i, (r, sep) in enumerate(zip(rows, [": ", " - ", ". "] * 16))
    ])  # fmt: skip
    assert_seen_both_ways(columns, inline, tmp_path, len(rows))


def test_a_web_page_dated_after_today_keeps_its_date(tmp_path):
    page = tmp_path / "future.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>Leaders sign deal - Daily Post</title>'
        '<meta property="article:published_time" content="2091-01-01T10:00:00Z"></head>'
        "<body><article><h1>Leaders sign deal</h1><p>Leaders signed a deal to normalise "
        "ties, lifting the trade embargo after years of talks.</p><p>Both sides said the "
        "embassies would reopen within a month.</p></article></body></html>",
        encoding="utf-8",
    )
    (article,) = classify.read_articles([page])
    # Kept, so that analyse counts it among the units dated after today.
    assert str(article.date) == "2091-01-01"


def test_compare_marks_intervals_of_no_width_and_an_f_avg_over_one_label(tmp_path, capsys):
    rows = labelled_rows()
    a, b = tmp_path / "a", tmp_path / "b"
    classify.train(STANCE, data=rows_frame(rows), out=a)
    classify.train(STANCE, data=rows_frame(rows), out=b, overrides=["model.params.C=0.5"])
    favour = write_jsonl(tmp_path / "favour.jsonl", [r for r in rows if r["stance"] == "favour"])
    r = run_cli(capsys, "compare", a, b, "--data", favour, "--bootstrap", "50",
                "--out", tmp_path / "c")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "[1.00, 1.00] (no width)" in said and "not as certainty" in said
    md = (tmp_path / "c" / "compare.md").read_text()
    assert "(no width)" in md and "not as certainty" in md
    assert "F_avg (F1 of favour; against n/a)" in md and "mean F1 of favour and against" not in md
    # Without resamples: the differences, and no word of tests.
    r = run_cli(capsys, "compare", a, b, "--data", favour, "--bootstrap", "0",
                "--out", tmp_path / "c0")  # fmt: skip
    assert r.code == 0, r.err
    md = (tmp_path / "c0" / "compare.md").read_text()
    assert "Paired differences" in md and "Holm" not in md and "Paired bootstrap" not in md
    assert "bootstrap intervals" not in md


def test_a_pool_in_another_language_beside_one_in_english_is_named(tmp_path, capsys):
    rows = labelled_rows()
    train = write_jsonl(tmp_path / "train.jsonl", rows)
    english = write_jsonl(tmp_path / "english.jsonl",
                          [{"text": f"{r['text']} Officials said more talks would follow."}
                           for r in rows] * 3)  # fmt: skip
    german = write_jsonl(tmp_path / "german.jsonl",
                         [{"text": f"Die Bundesregierung verhängt am Montag neue Sanktionen gegen {c}."}
                          for c in ("Iran", "Russland", "Belarus", "Syrien", "Kuba", "Libyen")])  # fmt: skip
    r = run_cli(capsys, "train", STANCE, "--data", train, "--unlabelled", english,
                "--unlabelled", german, "--set", "data.split.method=random",
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert said.count("reads unlike the labelled data") == 1
    assert "the unlabelled pool german.jsonl reads unlike" in said


def test_copies_that_differ_in_punctuation_stay_on_one_side_of_a_split():
    from classify.data import copy_keys, group_kfold

    rows = labelled_rows()
    texts = [r["text"] for r in rows]
    variants = [t.rstrip(".") + "!" if i % 2 else f"“{t}”" for i, t in enumerate(texts)]
    keys = copy_keys(texts + variants)
    assert keys[: len(texts)] == keys[len(texts) :]
    # So cross-validation folds keep each text and its variant together.
    from classify.data import join_copies

    groups = join_copies([f"g{i}" for i in range(2 * len(texts))], texts + variants)
    for _train, test in group_kfold(groups, 3, seed=0):
        tested = set(test)
        assert all((i in tested) == (i + len(texts) in tested) for i in range(len(texts)))


def test_a_file_read_in_the_models_codepage_that_reads_as_another_is_warned_about(tmp_path, capsys):
    rows = [{**r, "text": r["text"].replace("embassies", "embassies in Zürich")}
            for r in labelled_rows()]  # fmt: skip
    train = tmp_path / "train.csv"
    rows_frame(rows)[["id", "text", "stance"]].to_csv(train, index=False, encoding="cp1252")
    r = run_cli(capsys, "train", STANCE, "--data", train, "--encoding", "cp1252",
                "--set", "data.split.method=random", "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 0 and "reads as" not in r.err, r.err
    russian = tmp_path / "ru.csv"
    russian.write_bytes(
        "id,text\nr1,Министр приветствовал восстановление отношений с Минском.\n".encode("cp1251")
    )
    french = tmp_path / "fr.csv"
    french.write_bytes(
        "id,text\nf1,Le ministre a salué la réouverture des ambassades à Minsk.\n".encode("cp1252")
    )
    # Read in the model's cp1252, as the README says; the Russian file is said to be cp1251.
    r = run_cli(capsys, "predict", tmp_path / "m", russian, "--out", tmp_path / "p.jsonl")
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert "ru.csv: read as cp1252" in said and "but it reads as cp1251 ('r1,Министр" in said
    assert "pass --encoding cp1251" in said
    r = run_cli(capsys, "predict", tmp_path / "m", french, "--out", tmp_path / "p2.jsonl")
    assert r.code == 0 and "reads as" not in r.err, r.err


def test_copies_that_differ_in_punctuation_are_counted_as_copies(tmp_path):
    rows = labelled_rows()
    variants = [{**r, "id": f"v{r['id']}", "text": f"“{r['text'].rstrip('.')}”"} for r in rows[:7]]
    data = write_jsonl(tmp_path / "d.jsonl", rows + variants)
    summary = classify.build_dataset(data, tmp_path / "ds", split="random")
    assert summary["copies"]["units"] == 7


# -- review 55: a task and data of one's own --------------------------------------


def _frames(tmp_path):
    """A TSV of one's own (doc_id, body, frames) with one label the task lacks,
    a task file and two configs of it."""
    lines = ["doc_id\tbody\tframes"]
    words = {"eco": "trade tariffs exports jobs", "sec": "army troops border missiles"}
    for i in range(60):
        frame = "eco" if i % 2 else "sec"
        lines.append(f"D{i:02d}\tReport {i}: {words[frame]} news today.\t{frame}")
    lines.append("D99\tjobs army today.\teco|culture")
    (tmp_path / "f.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "fr.yaml").write_text(
        "name: fr\nkind: multilabel\nfield: frames\nlabels: [eco, sec]\n", encoding="utf-8"
    )
    for name, c in (("a", 10.0), ("b", 0.1)):
        (tmp_path / f"{name}.yaml").write_text(
            f"task: fr.yaml\nmodel: {{family: tfidf-linear, params: {{C: {c}}}}}\n"
            "data: {path: f.tsv, text_column: body, id_column: doc_id, split: {method: random}}\n",
            encoding="utf-8",
        )
    return tmp_path / "f.tsv"


def test_read_options_given_in_python_keep_the_models_other_settings(tmp_path):
    data = _frames(tmp_path)
    model = classify.train(tmp_path / "a.yaml", overrides={"data.on_error": "skip"},
                           out=tmp_path / "m").model  # fmt: skip
    # on_error alone given: the model's text and id columns still apply.
    metrics = classify.evaluate(model, data, options=classify.ReadOptions(on_error="skip"),
                                n_bootstrap=0)  # fmt: skip
    assert metrics["n"] == 60 and len(metrics["skipped"]) == 1
    frame = classify.predict(model, data, options=classify.ReadOptions(on_error="skip"))
    assert len(frame) == 61 and frame["id"].iloc[0] == "D00"


def test_compare_and_experiments_leave_out_a_label_the_task_lacks_under_skip(tmp_path, capsys):
    data = _frames(tmp_path)
    for name in ("a", "b"):
        r = run_cli(capsys, "train", tmp_path / f"{name}.yaml", "--on-error", "skip",
                    "--out", tmp_path / f"m{name}")  # fmt: skip
        assert r.code == 0, r.err
    r = run_cli(capsys, "compare", tmp_path / "ma", tmp_path / "mb", "--data", data,
                "--out", tmp_path / "c")  # fmt: skip
    assert r.code == 1 and "label 'culture' is not in task 'fr'" in r.err
    r = run_cli(capsys, "compare", tmp_path / "ma", tmp_path / "mb", "--data", data,
                "--on-error", "skip", "--out", tmp_path / "c")  # fmt: skip
    assert r.code == 0, r.err
    assert "skipped" in r.out and "line 62" in r.out
    record = json.loads((tmp_path / "c" / "compare.json").read_text())
    assert record["rows"][0]["n"] == 60 and record["skipped_rows"][0]["line"] == 62
    (tmp_path / "ex.yaml").write_text(
        "name: ex\ndata: f.tsv\nread: {text_column: body, id_column: doc_id, on_error: skip}\n"
        "protocols: [{name: cv3, cv: 3}]\nmodels: [a.yaml, b.yaml]\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "experiment", "run", tmp_path / "ex.yaml")
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "skipped" in said and "label 'culture' is not in task 'fr'" in said
    assert "1 of 61 units have no 'frames' label (unlabelled, or skipped above" in said
    # compare lists them in its folder too.
    assert (tmp_path / "c" / "skipped.jsonl").is_file()
    assert "rows of the data were skipped" in (tmp_path / "c" / "compare.md").read_text()


def test_f_avg_of_a_task_of_ones_own_names_its_labels_in_compare_and_experiments(tmp_path, capsys):
    lines = ["id,text,side"]
    words = {"pro": "welcome support praise", "con": "condemn reject oppose",
             "other": "weather sport market"}  # fmt: skip
    for i in range(60):
        label = ("pro", "con", "other")[i % 3]
        lines.append(f"r{i},Speaker {i} said they {words[label]} the plan,{label}")
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "pos.yaml").write_text(
        "name: pos\nkind: multiclass\nfield: side\nlabels: [pro, con, other]\n"
        "metric: f_avg\nmetric_labels: [pro, con]\n",
        encoding="utf-8",
    )
    for name, c in (("a", 10.0), ("b", 0.05)):
        (tmp_path / f"{name}.yaml").write_text(
            f"task: pos.yaml\nmodel: {{family: tfidf-linear, params: {{C: {c}}}}}\n"
            "data: {path: d.csv, split: {method: random}}\n",
            encoding="utf-8",
        )
        assert run_cli(capsys, "train", tmp_path / f"{name}.yaml", "--out",
                       tmp_path / f"m{name}").code == 0  # fmt: skip
    r = run_cli(capsys, "compare", tmp_path / "ma", tmp_path / "mb", "--data", tmp_path / "d.csv",
                "--out", tmp_path / "c")  # fmt: skip
    assert r.code == 0, r.err
    md = (tmp_path / "c" / "compare.md").read_text()
    assert "F_avg (mean F1 of pro and con)" in md and "favour" not in md
    (tmp_path / "ex.yaml").write_text(
        "name: ex\ndata: d.csv\nprotocols: [{name: cv3, cv: 3}]\nmodels: [a.yaml, b.yaml]\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "experiment", "run", tmp_path / "ex.yaml")
    assert r.code == 0, r.err
    assert "best - this (f_avg)" in r.out and "f_avg [95% CI] (ranks)" in r.out
    results = (tmp_path / "results" / "ex.md").read_text()
    assert "ranked by F_avg (mean F1 of pro and con)" in results and "favour" not in results
    # The figure ranked by has its own interval, in the table and the results.
    assert "| f-avg 95% CI |" in results


def test_numeric_codes_written_back_as_floats_are_the_tasks_labels(tmp_path):
    import pandas as pd

    (tmp_path / "pos.yaml").write_text(
        "name: pos\nkind: multiclass\nfield: label\nlabels: [0, 1, 2]\n", encoding="utf-8"
    )
    codes = [i % 3 for i in range(30)]
    frame = pd.DataFrame({"id": [f"s{i}" for i in range(30)],
                          "text": [f"Speech {i} on policy {c} matters." for i, c in enumerate(codes)],
                          "label": [float(c) for c in codes]})  # fmt: skip
    frame.loc[3, "label"] = None  # a gap makes pandas write 0.0, 1.0, 2.0
    frame.to_csv(tmp_path / "d.csv", index=False)
    assert "1.0" in (tmp_path / "d.csv").read_text()
    summary = classify.build_dataset(tmp_path / "d.csv", tmp_path / "ds", split="none",
                                     tasks=[tmp_path / "pos.yaml"])  # fmt: skip
    assert summary["n"] == 29
    assert summary["splits"]["train"]["label"] == {"0": 9, "1": 10, "2": 10}


def test_an_unquoted_yes_among_metric_labels_is_said_to_be_read_as_true(tmp_path):
    from classify.tasks import load_task

    task = tmp_path / "t.yaml"
    task.write_text(
        'name: t\nkind: multiclass\nfield: answer\nlabels: ["yes", "no", "unclear"]\n'
        "metric: f_avg\nmetric_labels: [yes, no]\n",
        encoding="utf-8",
    )
    with pytest.raises(classify.ClassifyError, match=r"metric_labels.*read as true/false.*quote"):
        load_task(task)


def test_a_split_whose_test_part_lacks_a_label_is_warned_about(tmp_path):
    rows = labelled_rows()
    # The eight 'favour' units of one year only, tested on another year.
    data = write_jsonl(tmp_path / "d.jsonl", [
        {**r, "date": "2015-01-01" if r["stance"] == "favour" else r["date"]} for r in rows
    ])  # fmt: skip
    with pytest.warns(UserWarning, match=r"no test unit has the label 'favour' of 'stance'"):
        classify.build_dataset(data, tmp_path / "ds", split="date", cutoff="2016-01-01")


def test_a_nested_json_record_is_read_by_dotted_column_names(tmp_path, capsys):
    (tmp_path / "pos.yaml").write_text(
        "name: pos\nkind: multiclass\nfield: label\nlabels: [0, 1, 2]\n", encoding="utf-8"
    )
    words = ("oppose reject the bill", "support welcome the bill", "ask about the timetable")
    rows = [
        {"id": f"{i:05d}", "speech": {"text": f"Member {i}: we {words[i % 3]}.",
                                      "speaker": {"name": f"MP {i}", "party": "A"}},
         "meta": {"date": f"20{10 + i % 10}-03-0{1 + i % 9}"}, "label": i % 3}
        for i in range(30)
    ]  # fmt: skip
    data = write_jsonl(tmp_path / "speeches.jsonl", rows)
    r = run_cli(capsys, "dataset", "build", data, "--task", tmp_path / "pos.yaml",
                "--text-column", "speech.text", "--date-column", "meta.date",
                "--split", "date", "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 0, r.err
    import datasets

    built = datasets.load_from_disk(str(tmp_path / "ds"))
    assert built["train"][0]["id"] == "00000"
    assert built["train"][0]["text"] == "Member 0: we oppose reject the bill."
    assert min(built["test"]["date"]) > max(built["train"]["date"])


# -- review 54: model families ------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "key", "value", "allowed"),
    [
        ("stance-zeroshot.yaml", "temperature", 0, "above 0"),
        ("stance-transformer.yaml", "learning_rate", -1, "above 0"),
        ("stance-transformer.yaml", "epochs", 0, "1 or more"),
        ("stance-transformer.yaml", "patience", -1, "0 or more"),
        ("stance-transformer.yaml", "validation_size", 1.5, "from 0 to below 1"),
        ("stance-setfit.yaml", "batch_size", -4, "1 or more"),
        ("stance-setfit.yaml", "num_iterations", 0, "1 or more"),
        ("stance-setfit.yaml", "max_length", 0, "8 or more"),
        ("stance-embedding.yaml", "batch_size", 0, "1 or more"),
        ("stance-transformer.yaml", "learning_rate", float("inf"), "above 0"),
    ],
)
def test_a_family_parameter_out_of_range_is_refused_on_load(config, key, value, allowed):
    from classify.config import load_train_config

    with pytest.raises(classify.ClassifyError) as caught:
        load_train_config(ROOT / "configs" / config, {f"model.params.{key}": value})
    said = str(caught.value)
    assert (
        config in said and f"key 'model.params.{key}'" in said and f"(allowed: {allowed})" in said
    )


def test_a_transformer_stride_over_half_a_window_is_said_to_be_cut():
    from classify.models._windows import window_stride

    class Tokenizer:  # [CLS] and [SEP], as BERT-like tokenizers add
        def num_special_tokens_to_add(self, pair: bool = False) -> int:
            return 2

    tokenizer = Tokenizer()
    with pytest.warns(
        UserWarning, match=r"stride 200 is more than half of the 126 text tokens of a window of 128"
    ):
        assert window_stride(tokenizer, 128, 200) == 63
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert window_stride(tokenizer, 128, 32) == 32


def test_model_parameters_without_a_family_are_refused(tmp_path, capsys):
    config = tmp_path / "fm.yaml"
    config.write_text("task: stance\nmodel:\n  params: {C: 1}\n", encoding="utf-8")
    r = run_cli(capsys, "train", config, "--data", ROOT / "seeds", "--out", tmp_path / "m")
    assert r.code == 1 and "key 'model.family' is missing beside model.params" in r.err
    assert "tfidf-linear" in r.err and not (tmp_path / "m").exists()


def test_a_saved_datasets_read_settings_are_not_called_changed_values(tmp_path, capsys):
    rows = [{"doc": r["id"], "body": r["text"], "stance": r["stance"]} for r in labelled_rows()]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    assert run_cli(capsys, "dataset", "build", data, "--text-column", "body", "--id-column",
                   "doc", "--split", "random", "--out", tmp_path / "ds").code == 0  # fmt: skip
    r = run_cli(capsys, "train", STANCE, "--data", tmp_path / "ds", "--out", tmp_path / "m")
    assert r.code == 0, r.err
    assert "values changed from the config file" not in r.out + r.err
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert "overrides" not in info and info["config"]["data"]["text_column"] == "body"


def test_a_misspelt_label_field_beside_a_stance_target_names_the_tables_columns(tmp_path, capsys):
    table = tmp_path / "tweets.csv"
    table.write_text(
        "ID,Target,Tweet,Stance\n"
        + "".join(f"{i},Climate,Tweet number {i} about climate,{('FAVOR', 'AGAINST', 'NONE')[i % 3]}\n"
                  for i in range(12)),
        encoding="utf-8",
    )  # fmt: skip
    task = tmp_path / "t.yaml"
    task.write_text(
        "name: sem\nkind: multiclass\nfield: Stanse\ntarget_field: Target\n"
        "labels: [FAVOR, AGAINST, NONE]\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "dataset", "build", table, "--task", task, "--text-column", "Tweet",
                "--out", tmp_path / "ds")  # fmt: skip
    assert r.code == 1
    assert "no label column 'Stanse'" in r.err and "Stance" in r.err.split("columns read:")[1]


def test_an_ensemble_members_unloadable_model_names_the_members_key(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    r = run_cli(capsys, "train", ROOT / "configs" / "topic-ensemble.yaml", "--data", data,
                "--set", "model.params.members.1.params.encoder=no-such-org/no-such-model",
                "--out", tmp_path / "m")  # fmt: skip
    assert r.code == 1
    assert "cannot load model 'no-such-org/no-such-model'" in r.err
    assert "(key 'model.params.members.1.params.encoder')" in r.err
    # The file writes the member's params but no encoder: nothing of it was
    # replaced (stop 61: the line of the mapping was taken for the key's).
    assert (
        "('model.params.members.1.params.encoder' given on the command line, not in the file)"
        in r.err
    )
