"""``--engine ray``: a local Ray instance (started and stopped by the code)
gives the same predictions as the single-process path."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify import api
from classify.engines.local import read_predictions

pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'classify[ray]')")
# One local cluster at a time: under pytest-xdist these run on one worker.
pytestmark = pytest.mark.xdist_group("ray")


def test_ray_engine_gives_identical_predictions_and_keeps_its_notices_out(tmp_path):
    """One run of the command as a batch job runs it (a subprocess, stderr a
    pipe): it ends, so the local instance it started was stopped, and its
    predictions equal the single-process path's."""
    import subprocess
    import sys

    model = train_tfidf(
        "topic", write_jsonl(tmp_path / "train.jsonl", labelled_rows()), tmp_path / "topic"
    )
    # The texts without their gold labels (which predict would warn of).
    texts = [{k: v for k, v in r.items() if k not in ("topics", "stance")} for r in labelled_rows()]
    data = write_jsonl(tmp_path / "texts.jsonl", texts)
    local = api.predict(model, data, out=tmp_path / "local.parquet", chunk_size=10)
    run = subprocess.run(
        [sys.executable, "-m", "classify.cli", "predict", str(model), str(data), "--out",
         str(tmp_path / "ray.parquet"), "--engine", "ray", "--workers", "2", "--chunk-size", "10"],
        capture_output=True, text=True, timeout=600,
        # A cluster named where nothing runs (as a stale RAY_ADDRESS, or the
        # record /tmp/ray keeps of a cluster that died): the run starts an
        # instance of its own rather than joining it (review 76).
        env={**{k: v for k, v in os.environ.items() if not k.startswith("RAY_")},
             "RAY_ADDRESS": "127.0.0.1:9"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    # Only the command's own progress lines: no Ray start-up, logging or
    # deprecation notices (stderr is a pipe here, as in a batch job's log),
    # nor its warning that the shards came as one input for two workers
    # (review 26g).
    lines = [x for x in run.stderr.splitlines() if x.strip()]
    assert lines and all(x.startswith("predicting:") for x in lines), run.stderr
    a, b = read_predictions(local.path), read_predictions(tmp_path / "ray.parquet")
    assert list(a["id"]) == list(b["id"])
    assert [list(x) for x in a["topics"]] == [list(x) for x in b["topics"]]
    for col in [c for c in a.columns if c.startswith("p_")]:
        np.testing.assert_array_equal(a[col].to_numpy(), b[col].to_numpy())
    assert list(a.columns) == list(b.columns)
    assert not list((tmp_path).glob(".ray.parquet.parts"))


def test_analyse_starts_one_cluster_for_all_its_models(tmp_path, monkeypatch):
    """review 28b: each model's predictions started and stopped a cluster of
    their own (about 8 s each); the analysis holds one for all of them."""
    import ray

    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    models = [train_tfidf(t, data, tmp_path / t) for t in ("topic", "stance")]
    starts = []
    real_init = ray.init
    monkeypatch.setattr(ray, "init", lambda *a, **k: starts.append(1) or real_init(*a, **k))
    kwargs = {"by": "year", "n_bootstrap": 20}
    on_ray = api.analyse(models, data, engine="ray", workers=1, **kwargs)
    assert len(starts) == 1 and not ray.is_initialized()
    local = api.analyse(models, data, **kwargs)
    pd.testing.assert_frame_equal(on_ray, local)


def test_ray_datas_closing_interrupt_is_kept_out_of_stderr_and_others_are_not(monkeypatch):
    """cc19: a Ray Data thread's InterruptedError at shutdown reached a
    batch job's stderr as a traceback; other thread errors still do."""
    import sys
    import threading

    from classify.engines.ray_engine import _quiet_data_threads

    shown = []
    monkeypatch.setattr(threading, "excepthook", lambda args: shown.append(args.exc_type))
    _quiet_data_threads()
    where = os.sep.join(["", "x", "ray", "data", "_internal", "queue.py"])
    for code, error in ((compile("raise InterruptedError()", where, "exec"), InterruptedError),
                        (compile("raise ValueError('ours')", "ours.py", "exec"), ValueError)):  # fmt: skip
        try:
            exec(code, {})
        except error:
            threading.excepthook(threading.ExceptHookArgs([*sys.exc_info(), None]))
    assert shown == [ValueError]


def test_sigterm_stops_a_ray_run_like_ctrl_c(tmp_path):
    """Review 149: ray.init put in Ray's crash handler, so SIGTERM (what
    cluster schedulers send) dumped a stack and exited 15, without the line
    that says what the run kept; it exits 143 with that line, as locally."""
    from corpus_fixtures import terminate_after_first_part

    model = train_tfidf(
        "stance", write_jsonl(tmp_path / "train.jsonl", labelled_rows()), tmp_path / "stance"
    )
    texts = [r["text"] for r in labelled_rows()]
    rows = write_jsonl(
        tmp_path / "many.jsonl",
        [{"id": str(i), "text": texts[i % len(texts)]} for i in range(200_000)],
    )
    out = tmp_path / "p.parquet"
    args = ["predict", str(model), str(rows), "--out", str(out), "--engine", "ray"]
    code, err = terminate_after_first_part(
        [*args, "--workers", "1", "--chunk-size", "2000"], out, wait=240,
        env={k: v for k, v in os.environ.items() if not k.startswith("RAY_")},
    )  # fmt: skip
    assert code == 143, err
    assert "SIGTERM received" not in err
    assert "interrupted;" in err and "--resume" in err
