"""Review 47 (corpus analysis at scale, issue 12): what a new user met.

An unreachable Ray cluster address hung for minutes, and ``ray://`` failed
with an "unexpected" error; a folder left by a run that stopped was refused
without naming ``--resume``; a folder that is no model, named before a model,
was read as articles (an earlier analysis's report among them); Wikipedia's
numbered second citations (``(Reuters) (Reuters 2)``) were outlets of their
own; the report defined only its headline method, and the CLI's at-bound
note took a one-unit group as its example."""

from __future__ import annotations

import socket

import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import news_table, train_both

from classify.articles import split_outlets
from classify.errors import ClassifyError


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return train_both(tmp_path_factory.mktemp("rev47"))


def _table(path, n=40, dated=True, sources=None):
    extra = {} if sources is None else {"sources": [sources[i % len(sources)] for i in range(n)]}
    return news_table(path, n, dated=dated, **extra)


def _closed_port() -> int:
    # A port nothing listens on: bound, then released.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("form", ["{port}", "ray://{port}"])
def test_an_unreachable_cluster_is_one_line_at_once(form):
    from classify.engines.ray_engine import _check_reachable

    port = _closed_port()
    address = form.replace("{port}", f"127.0.0.1:{port}")
    with pytest.raises(ClassifyError, match=rf"cannot reach a Ray cluster at {address} \(port"):
        _check_reachable(address, timeout=2)


def test_a_reachable_address_passes_the_check():
    from classify.engines.ray_engine import _check_reachable

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        _check_reachable(f"127.0.0.1:{server.getsockname()[1]}", timeout=2)
        _check_reachable("auto")  # left to Ray


@pytest.mark.xdist_group("ray")
def test_analyse_on_an_unreachable_cluster_fails_fast_and_leaves_no_folder(
    models, tmp_path, capsys
):
    pytest.importorskip("ray")
    corpus = _table(tmp_path / "c.csv")
    out = tmp_path / "an"
    address = f"127.0.0.1:{_closed_port()}"
    res = run_cli(
        capsys, "analyse", models["stance"], corpus, "--engine", "ray", "--address", address,
        "--out", out,
    )  # fmt: skip
    assert res.code == 1
    assert res.err.strip().splitlines() == [
        f"error: cannot reach a Ray cluster at {address} (port {address.split(':')[1]}: "
        "connection refused): start one there (ray start --head), check the address, or leave "
        "out --address to start a local one"
    ]
    assert not out.exists()


def test_a_folder_holding_a_stopped_run_names_resume(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    out = tmp_path / "an"
    (out / ".predictions-stance.parquet.parts").mkdir(parents=True)
    res = run_cli(capsys, "analyse", models["stance"], corpus, "--out", out)
    assert res.code == 1
    assert "holds the predictions of a run that stopped: pass --resume to continue it" in res.err


def test_a_folder_before_a_model_is_refused_not_read_as_articles(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    stray = tmp_path / "notamodel"
    stray.mkdir()
    (stray / "readme.txt").write_text("Notes on the project.\n\nMore notes here.\n")
    res = run_cli(capsys, "analyse", stray, models["stance"], corpus, "--out", tmp_path / "x")
    assert res.code == 1
    assert f"error: {stray}: not a model folder, it has no model.json (analyse takes" in res.err
    assert not (tmp_path / "x").exists()


def test_an_analysis_folder_given_as_the_corpus_is_refused(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    first = tmp_path / "first"
    assert run_cli(capsys, "analyse", models["stance"], corpus, "--out", first).code == 0
    res = run_cli(capsys, "analyse", models["stance"], first, "--out", tmp_path / "second")
    assert res.code == 1
    assert "an analysis classify wrote, not a corpus" in res.err
    assert "--predictions" in res.err


def test_numbered_second_citations_are_their_outlet():
    assert split_outlets("(Reuters) (Reuters 2) (Reuters 3)") == ["Reuters"]
    assert split_outlets("(BBC News 1) (BBC News 2) (AP)") == ["BBC News", "AP"]
    # A number in a name cited once, or numbers that are no citation count, stay.
    assert split_outlets("(France 24) (Reuters)") == ["France 24", "Reuters"]
    assert split_outlets("(Radio 1)") == ["Radio 1"]
    assert split_outlets("(Channel 4) (Channel 5)") == ["Channel 4", "Channel 5"]


def test_numbered_citations_make_one_source_group(models, tmp_path, capsys):
    corpus = _table(
        tmp_path / "c.csv", sources=["(Reuters) (Reuters 2)", "(Reuters)", "(AP) (AP 2) (AP 3)"]
    )
    out = tmp_path / "a"
    res = run_cli(capsys, "analyse", models["stance"], corpus, "--by", "source", "--out", out)
    assert res.code == 0, res.err
    groups = set(pd.read_csv(out / "prevalence.csv")["group"])
    assert groups == {"Reuters", "AP"}


def test_the_report_defines_each_method_it_shows(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    out = tmp_path / "a"
    assert run_cli(capsys, "analyse", models["stance"], corpus, "--out", out).code == 0
    report = (out / "report.md").read_text()
    for words in ("classify and count", "ACC (adjusted classify and count, Forman 2008)",
                  "PACC (probabilistic ACC", "EM (Saerens"):  # fmt: skip
        assert words in report
    assert "held-out (out-of-fold)" not in report


def test_the_at_bound_example_is_a_group_large_enough_to_trust():
    from classify.analysis import boundary_summary

    rows = []
    for group, n, small, naive, est in (("tiny", 1, True, 1.0, 1.0), ("big", 80, False, 0.4, 0.0)):
        for method, value in (("naive", naive), ("pacc", est)):
            rows.append(
                {"task": "topic", "label": "sanctions", "group": group, "method": method,
                 "estimate": value, "n_units": n, "small": small, "at_boundary": True}
            )  # fmt: skip
    table = pd.DataFrame(rows)
    table.attrs["headline"] = "pacc"
    note = boundary_summary(table)
    assert "topic/sanctions in big: naive 0.400, pacc 0.000" in note


def test_rates_from_without_labels_says_what_the_file_needs(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    unlabelled = _table(tmp_path / "sample.csv", n=10)
    res = run_cli(capsys, "analyse", models["stance"], corpus, "--rates-from", unlabelled,
                  "--out", tmp_path / "a")  # fmt: skip
    assert res.code == 1
    assert "--rates-from FILE with the task's label column filled" in res.err
    assert "config's 'annotations'" not in res.err


def test_numbered_lists_of_citations_are_their_outlets():
    # Wikipedia's current events number several links to one outlet so.
    assert split_outlets("(BBC: 1, 2)") == ["BBC"]
    assert split_outlets("(BBC: 1, 2, 3, Interfax: 1, 2)") == ["BBC", "Interfax"]
    assert split_outlets("(Islam Online) (Haaretz: 1, 2)") == ["Islam Online", "Haaretz"]
    assert split_outlets("(reuters) (Reuters 2)") == ["reuters"]
    assert split_outlets("(Time: 100 years)") == ["Time: 100 years"]
    assert split_outlets("(Rustavi 2)") == ["Rustavi 2"]


def test_a_folder_of_a_run_interrupted_between_models_names_resume(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    out = tmp_path / "an"
    out.mkdir()
    (out / "predictions-topic.parquet").write_bytes(b"")  # the first model's, no report yet
    res = run_cli(capsys, "analyse", models["topic"], models["stance"], corpus, "--out", out)
    assert res.code == 1
    assert "pass --resume to continue it" in res.err


def test_a_corpus_folder_holding_an_analysis_is_refused(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    shelf = tmp_path / "analysis"
    assert (
        run_cli(capsys, "analyse", models["stance"], corpus, "--out", shelf / "by-month").code == 0
    )
    res = run_cli(capsys, "analyse", models["stance"], shelf, "--out", tmp_path / "again")
    assert res.code == 1
    assert f"{shelf / 'by-month'}: an analysis classify wrote, not a corpus" in res.err


def test_the_em_note_names_only_the_methods_computed():
    from classify.analysis import em_note

    rates = {"topic": {"calibrated": False}}
    assert em_note(rates, ["naive", "em"]).endswith("add acc or pacc to the methods, which "
                                                   "correct through the measured error rates")  # fmt: skip
    assert em_note(rates, ["naive", "pacc", "em"]).endswith("read PACC")


def test_the_at_bound_example_is_one_the_correction_moved():
    from classify.analysis import boundary_summary

    rows = []
    for group, naive, est in (("2002-08", 1.0, 1.0), ("2003-11", 0.904, 1.0)):
        for method, value in (("naive", naive), ("pacc", est)):
            rows.append(
                {"task": "stance", "label": "neutral", "group": group, "method": method,
                 "estimate": value, "n_units": 300, "small": False, "at_boundary": True}
            )  # fmt: skip
    table = pd.DataFrame(rows)
    table.attrs["headline"] = "pacc"
    assert "stance/neutral in 2003-11: naive 0.904, pacc 1.000" in boundary_summary(table)


def test_a_misspelt_model_before_another_is_not_found_with_the_near_name(models, tmp_path, capsys):
    corpus = _table(tmp_path / "c.csv")
    typo = models["topic"].with_name(models["topic"].name + "x")
    res = run_cli(capsys, "analyse", typo, models["stance"], corpus, "--out", tmp_path / "a")
    assert res.code == 1
    assert f"error: {typo}: not found" in res.err
    assert str(models["topic"]) in res.err  # the near name, as for a lone model
    assert "analyse takes the model folders first" in res.err
