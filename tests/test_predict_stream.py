"""``predict`` keeps metadata, writes Parquet, rolls up to articles, and runs
in resumable chunks."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify import api
from classify.engines.local import read_predictions
from classify.errors import ClassifyError
from classify.tables import ReadOptions

from conftest import SEEDS


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    rows = labelled_rows()
    for r in rows:
        r["country"] = r["text"].split()[-1].rstrip(".")
    data = write_jsonl(root / "train.jsonl", rows)
    return {
        "stance": train_tfidf("stance", data, root / "stance"),
        "topic": train_tfidf("topic", data, root / "topic"),
        "data": data,
    }


def test_rows_keep_metadata_and_extra_columns(models, tmp_path):
    frame = api.predict(models["stance"], models["data"], keep_columns=["country"])
    assert list(frame.columns[:4]) == ["id", "article_id", "text", "stance"]
    first = frame.iloc[0]
    assert first["date"] == "2010-01-01" and first["source"] == "Reuters"
    assert first["country"] == "Belarus"
    assert "topics" not in frame.columns  # gold columns are kept only when asked
    seed = api.predict(models["stance"], SEEDS, unit="paragraph")
    row = seed.iloc[0]
    assert row["article_id"] == "000_87e967da3ce2b364"
    assert row["title"].startswith("Trump envoy") and row["date"] == "2025-09-11"
    assert row["source"] == "Reuters" and row["author"] == "Andrew Osborn" and "dateline" in seed
    assert row["paragraph"] == 1 and row["level"] == "paragraph"


@pytest.mark.parametrize("suffix", ["parquet", "jsonl", "csv"])
def test_chunked_output_equals_in_memory(models, tmp_path, suffix):
    whole = api.predict(models["topic"], models["data"])
    out = tmp_path / f"pred.{suffix}"
    run = api.predict(models["topic"], models["data"], out=out, chunk_size=7)
    assert run.chunks == 7 and run.rows == 48 and run.articles == 48
    assert not (tmp_path / f".pred.{suffix}.parts").exists()
    back = read_predictions(out)
    assert list(back["id"]) == list(whole["id"])
    np.testing.assert_allclose(back["p_sanctions"], whole["p_sanctions"], atol=1e-6)
    if suffix != "csv":
        assert [list(v) for v in back["topics"]] == list(whole["topics"])


def test_parquet_shards_folder(models, tmp_path):
    out = tmp_path / "shards"
    api.predict(models["stance"], models["data"], out=out, chunk_size=20)
    assert len(list(out.glob("part-*.parquet"))) == 3
    assert json.loads((out / "manifest.json").read_text())["complete"] is True
    assert len(read_predictions(out)) == 48


def test_article_level_pooling(models, tmp_path):
    units = api.predict(models["topic"], SEEDS, unit="paragraph")
    articles = api.predict(models["topic"], SEEDS, unit="paragraph", level="article")
    assert len(articles) == units["article_id"].nunique()
    a = articles.iloc[0]
    mine = units[units["article_id"] == a["id"]]
    assert a["n_units"] == len(mine)
    assert a["p_sanctions"] == pytest.approx(mine["p_sanctions"].max())
    stance_units = api.predict(models["stance"], SEEDS, unit="paragraph")
    stance = api.predict(models["stance"], SEEDS, unit="paragraph", level="article").iloc[0]
    strongest = stance_units.loc[stance_units["p_neutral"].idxmin()]
    assert stance["p_favour"] == pytest.approx(strongest["p_favour"])
    assert stance["stance"] == strongest["stance"]


def _interrupted_at(n: int, calls: dict, real):
    """``score_rows`` that raises KeyboardInterrupt on its ``n``-th call
    (counted in ``calls["n"]``), as Ctrl-C in the middle of a run."""

    def flaky(clf, rows, batch_size=256, progress=None):
        calls["n"] += 1
        if calls["n"] == n:
            raise KeyboardInterrupt
        return real(clf, rows, batch_size, progress)

    return flaky


def test_interrupted_run_keeps_complete_chunks_and_resumes(models, tmp_path, monkeypatch):
    from classify import predicting

    out = tmp_path / "pred.parquet"
    calls = {"n": 0}
    real = predicting.score_rows
    flaky = _interrupted_at(3, calls, real)
    monkeypatch.setattr(predicting, "score_rows", flaky)
    with pytest.raises(api.Interrupted, match=r"interrupted; 2 complete chunk\(s\) kept"):
        api.predict(models["stance"], models["data"], out=out, chunk_size=10)
    parts = tmp_path / ".pred.parquet.parts"
    assert sorted(p.name for p in parts.glob("*.parquet")) == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    assert not out.exists()
    monkeypatch.setattr(predicting, "score_rows", real)
    calls_seen: list[tuple[str, int, int]] = []
    run = api.predict(
        models["stance"], models["data"], out=out, chunk_size=10, resume=True,
        report=lambda stage, done, total: calls_seen.append((stage, done, total)),
    )  # fmt: skip
    assert run.reused_chunks == 2 and run.rows == 48
    # Progress starts after the reused chunks (so its rate counts only what
    # this run scores) and reports each chunk scored after that.
    done = [d for stage, d, _ in calls_seen if stage == "predicting"]
    assert done[0] > 0 and done == sorted(done) and len(done) == 1 + (run.chunks - 2)
    assert len(read_predictions(out)) == 48 and not parts.exists()
    # Another run's chunks are not reused.
    with pytest.raises(api.Interrupted):
        monkeypatch.setattr(predicting, "score_rows", flaky)
        calls["n"] = 0
        api.predict(models["stance"], models["data"], out=out, chunk_size=10, overwrite=True)
    monkeypatch.setattr(predicting, "score_rows", real)
    with pytest.raises(ClassifyError, match="the setting 'chunk_size' differs: 10 then, 12 now"):
        api.predict(
            models["stance"], models["data"], out=out, chunk_size=12, resume=True, overwrite=True
        )


def test_cli_predict_parquet_and_log_progress(models, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CLASSIFY_PROGRESS_SECONDS", "0")
    out = tmp_path / "p.parquet"
    r = run_cli(
        capsys,
        "predict",
        models["stance"],
        models["data"],
        "--out",
        out,
        "--chunk-size",
        "16",
        "--keep-columns",
        "country,topics",
    )
    assert r.code == 0, r.err
    assert "predicting: 48/48 (100%)" in r.err and "ETA" in r.err
    frame = pd.read_parquet(out)
    assert {"country", "topics", "date", "source"} <= set(frame.columns)
    assert "3 chunks" in " ".join(r.out.split())  # the summary may wrap
    r = run_cli(capsys, "predict", models["stance"], models["data"], "--out", tmp_path / "x.xlsx")
    assert r.code == 1 and "x.xlsx" in r.err and "Traceback" not in r.err


def test_streaming_reader_reads_bad_line_with_its_number(tmp_path, models):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Talks resume."}\n{oops\n', encoding="utf-8")
    with pytest.raises(ClassifyError, match=r"bad.jsonl:line 2: not valid JSON"):
        api.predict(models["stance"], bad, out=tmp_path / "o.jsonl")
    assert not (tmp_path / "o.jsonl").exists()
    assert not (tmp_path / ".o.jsonl.parts").exists()


def test_bad_output_suffix_is_refused_before_the_model_loads(tmp_path, monkeypatch):
    from classify import api
    from classify.errors import ClassifyError

    def no_load(*a, **k):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(api, "_as_model", no_load)
    with pytest.raises(ClassifyError, match="output must end in"):
        api.predict(tmp_path / "no-model", tmp_path, out=tmp_path / "p.xyz")


def test_an_interrupted_runs_chunks_are_not_discarded_without_asking(models, tmp_path, monkeypatch):
    from classify import predicting

    out = tmp_path / "pred.jsonl"
    real = predicting.score_rows
    monkeypatch.setattr(predicting, "score_rows", _interrupted_at(2, {"n": 0}, real))
    with pytest.raises(api.Interrupted):
        api.predict(models["stance"], models["data"], out=out, chunk_size=10)
    monkeypatch.setattr(predicting, "score_rows", real)
    with pytest.raises(ClassifyError, match=r"left 1 complete chunk.*resume=True.*overwrite=True"):
        api.predict(models["stance"], models["data"], out=out, chunk_size=10)
    run = api.predict(models["stance"], models["data"], out=out, chunk_size=10, overwrite=True)
    assert run.reused_chunks == 0 and run.rows == 48


def test_sigterm_stops_predict_like_ctrl_c(models, tmp_path):
    """What `timeout` and batch schedulers send: the run says what it kept."""
    from corpus_fixtures import terminate_after_first_part

    rows = tmp_path / "many.jsonl"
    texts = [r["text"] for r in labelled_rows()]
    write_jsonl(rows, [{"id": str(i), "text": texts[i % len(texts)]} for i in range(200_000)])
    out = tmp_path / "p.jsonl"
    args = ["predict", str(models["stance"]), str(rows), "--out", str(out), "--chunk-size", "500"]
    code, err = terminate_after_first_part(args, out, wait=60)
    # 143 (128 + SIGTERM), as the shell reports a terminated process; Ctrl-C is 130.
    assert code == 143, err
    assert "interrupted;" in err and "--resume" in err


def test_analyse_interrupted_in_its_second_task_resumes_without_redoing_the_first(
    models, tmp_path, monkeypatch
):
    # review 26c: Ctrl-C in the stance task said nothing of --resume, and the
    # resumed run predicted the finished topic task again.
    from classify import predicting

    pair = [models["topic"], models["stance"]]
    whole = api.analyse(pair, models["data"], by="year", out=tmp_path / "whole", n_bootstrap=20)
    out = tmp_path / "an"
    calls = {"n": 0}
    real = predicting.score_rows
    # One chunk of 48 units per task: the second call is the stance task's.
    monkeypatch.setattr(predicting, "score_rows", _interrupted_at(2, calls, real))
    with pytest.raises(api.Interrupted, match=r"predictions-topic.parquet kept in .*resume"):
        api.analyse(pair, models["data"], by="year", out=out, n_bootstrap=20)
    finished = out / "predictions-topic.parquet"
    stamp = finished.stat().st_mtime_ns
    calls["n"] = 0
    monkeypatch.setattr(predicting, "score_rows", _interrupted_at(0, calls, real))
    again = api.analyse(pair, models["data"], by="year", out=out, n_bootstrap=20, resume=True)
    assert calls["n"] == 1  # the stance task only
    assert finished.stat().st_mtime_ns == stamp
    pd.testing.assert_frame_equal(again, whole)
    # A resumed run whose key differs (another chunk size) does not replace
    # the finished predictions (review 36c); overwrite=True predicts again.
    calls["n"] = 0
    with pytest.raises(
        ClassifyError, match=r"another run \(the setting 'chunk_size' differs.*overwrite"
    ):
        api.analyse(pair, models["data"], by="year", out=out, n_bootstrap=20, resume=True,
                    chunk_size=20)  # fmt: skip
    assert calls["n"] == 0 and finished.stat().st_mtime_ns == stamp
    api.analyse(pair, models["data"], by="year", out=out, n_bootstrap=20, overwrite=True,
                chunk_size=20)  # fmt: skip
    assert calls["n"] == 6  # 48 units in chunks of 20 (whole articles), two tasks


def test_analyse_interrupted_while_estimating_says_how_to_resume(models, tmp_path, monkeypatch):
    # review 26f: Ctrl-C after the topic predictions were written, while
    # their shares were estimated, gave the generic "interrupted" line.
    from classify import analysis

    def interrupted(**_):
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis, "prevalence_table", interrupted)
    out = tmp_path / "an"
    with pytest.raises(api.Interrupted, match=r"predictions-topic.parquet kept in .*resume"):
        api.analyse([models["topic"], models["stance"]], models["data"], by="year", out=out)
    assert (out / "predictions-topic.parquet").is_file()


def test_analyse_interrupted_while_writing_its_report_names_what_it_kept(
    models, tmp_path, monkeypatch
):
    # review 30a: SIGTERM while the report was drawn said "nothing
    # half-written was left" beside prevalence.csv and no report.
    from classify import analysis_report

    real = analysis_report.write_analysis_report

    def interrupted(*_, **__):
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis_report, "write_analysis_report", interrupted)
    out = tmp_path / "an"
    with pytest.raises(
        api.Interrupted,
        match=r"predictions-topic.parquet, prevalence.csv kept in .* \(the report is not "
        r"written yet\): run again with resume=True",
    ):
        api.analyse(models["topic"], models["data"], by="year", out=out, n_bootstrap=20)
    monkeypatch.setattr(analysis_report, "write_analysis_report", real)
    api.analyse(models["topic"], models["data"], by="year", out=out, n_bootstrap=20, resume=True)
    assert (out / "report.html").is_file()


def test_analyse_that_fails_on_its_data_leaves_no_half_written_folder(models, tmp_path, capsys):
    # review 26c: --by speaker on a corpus without speakers failed after the
    # topic predictions were written, and the fixed command then met
    # "already exists".
    out = tmp_path / "an"
    res = run_cli(capsys, "analyse", models["topic"], models["data"], "--by", "speaker",
                  "--out", out)  # fmt: skip
    # review 28f: a table without a speaker column is refused before it is
    # predicted too (it was after), naming the columns it has.
    assert res.code == 1 and "no speaker column (columns: id, date, source, text" in res.err
    assert "predicting" not in res.err and not out.exists()
    for by in ("speaker,year", "speaker"):
        with pytest.raises(ClassifyError, match="no speaker column"):
            api.analyse(models["topic"], pd.read_json(models["data"], lines=True), by=by)
    # Articles have no speaker column: said before they are predicted.
    res = run_cli(capsys, "analyse", models["topic"], SEEDS, "--by", "speaker", "--out", out)
    assert res.code == 1 and "articles have no speaker" in res.err and "--unit quote" in res.err
    assert "predicting" not in res.err and not out.exists()
    res = run_cli(capsys, "analyse", models["topic"], models["data"], "--by", "year",
                  "--out", out, "--chunk-size", "10")  # fmt: skip
    assert res.code == 0, res.err


def test_a_command_run_in_process_leaves_sigterm_as_it_was(monkeypatch):
    import signal
    import sys

    from classify import cli

    def mine(signum, frame):
        return None

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        monkeypatch.setattr(sys, "argv", ["classify", "--help"])
        with pytest.raises(SystemExit):
            cli.main()
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_streamed_file_in_another_encoding_names_its_first_bad_byte(tmp_path, capsys):
    from cli_runner import run_cli
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    model = train_tfidf(
        "topic", write_jsonl(tmp_path / "train.jsonl", labelled_rows()), tmp_path / "m"
    )
    table = tmp_path / "latin.csv"
    table.write_bytes("id,text\na,Caf\xe9 talks resumed\n".encode("cp1252"))
    r = run_cli(capsys, "predict", model, table, "--out", tmp_path / "p.jsonl")
    assert r.code == 1
    assert (
        "latin.csv: not UTF-8 text (byte 13); it reads as cp1252 ('a,Café talks resumed'): "
        "pass --encoding cp1252" in r.err
    )


def test_a_legacy_encoding_is_for_the_streamed_files_that_are_not_utf8(models, tmp_path):
    """review 28c: --encoding cp1252 garbled the UTF-8 tables read beside
    the Windows export (and a UTF-8 BOM became part of the first column's
    name, so the ids were lost), as a model trained on a cp1252 export did
    to every later UTF-8 corpus."""
    text = "Zürich hosts talks as Paris salué la réouverture"
    windows = tmp_path / "windows.csv"
    windows.write_bytes(f"id;text\nw1;{text}\n".encode("cp1252"))
    plain = tmp_path / "plain.csv"
    plain.write_text(f"id,text\np1,{text}\n", encoding="utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_text(f"id,text\nb1,{text}\n", encoding="utf-8-sig")
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"id": "j1", "text": text}) + "\n", encoding="utf-8-sig")
    wide = tmp_path / "utf16.csv"
    wide.write_text(f"id,text\nu1,{text}\n", encoding="utf-16")
    out = api.predict(
        models["topic"], [windows, plain, bom, lines, wide], options=ReadOptions(encoding="cp1252")
    )
    assert list(out["id"]) == ["w1", "p1", "b1", "j1", "u1"]
    assert list(out["text"]) == [text] * 5


def test_ray_settings_are_refused_where_they_would_be_ignored(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    model = train_tfidf("topic", data, tmp_path / "m")
    out = tmp_path / "p.jsonl"
    for extra, message in [
        (["--workers", "3"], "--workers applies to --engine ray only"),
        (["--address", "ray://h:1"], "--address applies to --engine ray only"),
        (["--engine", "ray", "--workers", "0"], "--workers 0: allowed are 1 or more"),
    ]:
        r = run_cli(capsys, "predict", model, data, "--out", out, *extra)
        assert r.code == 1 and message in r.err, r.err
        assert not out.exists()


def test_analyse_resume_does_not_replace_a_finished_analysis_of_other_settings(models, tmp_path):
    # review 36b: --resume into a finished analysis of another corpus (or
    # --by) re-predicted and replaced it without --overwrite.
    out = tmp_path / "an"
    first = api.analyse(models["stance"], models["data"], by="year", out=out, n_bootstrap=20)
    before = (out / "prevalence.csv").read_text(encoding="utf-8")
    other = write_jsonl(tmp_path / "other.jsonl", labelled_rows()[:12])
    with pytest.raises(ClassifyError, match=r"an: holds a finished analysis whose inputs differ"):
        api.analyse(models["stance"], other, by="year", out=out, n_bootstrap=20, resume=True)
    with pytest.raises(ClassifyError, match=r"whose by differs \('year', now 'month'\).*overwrite"):
        api.analyse(models["stance"], models["data"], by="month", out=out, n_bootstrap=20,
                    resume=True)  # fmt: skip
    assert (out / "prevalence.csv").read_text(encoding="utf-8") == before
    with pytest.raises(ClassifyError, match=r"whose headline differs"):
        api.analyse(models["stance"], models["data"], by="year", out=out, n_bootstrap=20,
                    resume=True, headline="acc")  # fmt: skip
    with pytest.raises(ClassifyError, match=r"whose date_order differs"):
        api.analyse(models["stance"], models["data"], by="year", out=out, n_bootstrap=20,
                    resume=True, options=ReadOptions(date_order="month-first"))  # fmt: skip
    # The same corpus edited in place is another run's input: not replaced.
    edited = write_jsonl(tmp_path / "edited.jsonl", labelled_rows())
    api.analyse(models["stance"], edited, by="year", out=tmp_path / "ed", n_bootstrap=20)
    write_jsonl(edited, labelled_rows()[:20])
    with pytest.raises(ClassifyError, match=r"written by another run \(other input files"):
        api.analyse(models["stance"], edited, by="year", out=tmp_path / "ed", n_bootstrap=20,
                    resume=True)  # fmt: skip
    # The same settings resume (nothing left to predict), also with the
    # paths written another way, and --overwrite replaces.
    again = api.analyse(models["stance"], models["data"], by="year", out=out, n_bootstrap=20,
                        resume=True)  # fmt: skip
    pd.testing.assert_frame_equal(again, first)
    import os

    relative = os.path.relpath(models["data"])
    again = api.analyse(models["stance"], relative, by="year", out=out, n_bootstrap=20,
                        resume=True)  # fmt: skip
    pd.testing.assert_frame_equal(again, first)
    both = api.analyse([models["topic"], models["stance"]], models["data"], by="year",
                       out=tmp_path / "both", n_bootstrap=20)  # fmt: skip
    assert (tmp_path / "both" / "predictions-topic.parquet").is_file() and len(both)
    api.analyse(models["stance"], other, by="year", out=tmp_path / "both", n_bootstrap=20,
                overwrite=True)  # fmt: skip
    # Replaced, not merged: the topic task's files are gone.
    assert not (tmp_path / "both" / "predictions-topic.parquet").exists()
    assert not list((tmp_path / "both").glob("topic*"))
    api.analyse(models["stance"], other, by="year", out=out, n_bootstrap=20, overwrite=True)
    assert (out / "prevalence.csv").read_text(encoding="utf-8") != before


def test_analyse_records_what_its_corrections_rest_on_and_its_training_overlap(
    models, tmp_path, capsys
):
    out = tmp_path / "an"
    rates = write_jsonl(tmp_path / "rates.jsonl", labelled_rows()[:24])
    fresh = write_jsonl(
        tmp_path / "fresh.jsonl",
        [{"id": f"n{i}", "text": f"A new story number {i} on the talks.", "date": "2020-01-01"}
         for i in range(10)],
    )  # fmt: skip
    with pytest.warns(UserWarning, match="were in the model's training data"):
        api.analyse(models["stance"], rates, rates_data=rates, by="year", out=out,
                    n_bootstrap=20, level="article")  # fmt: skip
    record = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert record["rates_data"] == [str(rates)]
    assert record["rates_from"]["stance"]["method"] == "sample"
    assert (record["level"], record["units_read"]) == ("article", ["article"])
    assert record["counts"]["in_training"] == {"stance": [24, 24]}
    notes = " ".join(record["notes"])
    assert "24 of the 24 units analysed for 'stance' were in the model's training data" in notes
    # Rows of one unit each were not pooled at article level: no pooling
    # note (review 118; pooled articles keep it, test_review42).
    assert "Units were pooled to articles" not in notes
    assert "24 of the 24 units the error rates of 'stance' come from were in the model's" in notes
    # Text the model has not seen says nothing of the kind; the CLI warns too.
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        api.analyse(models["stance"], fresh, by="year", n_bootstrap=0)
    assert not any("training data" in str(w.message) for w in said)
    r = run_cli(capsys, "analyse", models["stance"], models["data"], "--by", "year",
                "--bootstrap", "0", "--out", tmp_path / "cli")  # fmt: skip
    assert r.code == 0, r.err
    assert "warning: 48 of the 48 units analysed for 'stance' were in the model's" in " ".join(
        r.err.split()  # warnings on stderr
    )
    report = " ".join((tmp_path / "cli" / "report.md").read_text(encoding="utf-8").split())
    assert "No intervals were computed (0 bootstrap resamples)" in report
    assert "95% percentile bootstrap" not in report
    # No table heading or figure promises an interval it does not hold.
    assert "95% CI" not in report and "| favour pacc |" in report
    with_ci = run_cli(capsys, "analyse", models["stance"], models["data"], "--by", "year",
                      "--bootstrap", "20", "--out", tmp_path / "ci")  # fmt: skip
    assert with_ci.code == 0, with_ci.err
    report = (tmp_path / "ci" / "report.md").read_text(encoding="utf-8")
    assert "| favour pacc [95% CI] |" in report and "| pacc 95% CI |" in report
    # A negative number of resamples is refused before any prediction.
    r = run_cli(capsys, "analyse", models["stance"], fresh, "--bootstrap", "-5", "--out",
                tmp_path / "neg")  # fmt: skip
    assert r.code == 1 and "--bootstrap is -5 (allowed:" in r.err
    assert not (tmp_path / "neg").exists()


def test_a_written_run_counts_the_articles_its_rows_belong_to(models, tmp_path):
    # review 36b: rows of three speeches (article_id) were summed as nine articles.
    rows = [
        {"id": f"r{i}", "article_id": f"a{i // 3}", "text": f"Paragraph {i} on the talks."}
        for i in range(9)
    ]
    data = write_jsonl(tmp_path / "paras.jsonl", rows)
    run = api.predict(models["stance"], data, out=tmp_path / "p.parquet", chunk_size=4)
    assert (run.rows, run.articles) == (9, 3)
    plain = api.predict(models["stance"], models["data"], out=tmp_path / "q.parquet")
    assert plain.articles == plain.rows == 48
