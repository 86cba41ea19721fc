"""classify.reports: files written, self-contained HTML, and a real browser
rendering of report.html (headless Chromium)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from classify import evaluation as ev
from classify import reports as rp

TOPICS = ["normalisation", "sanctions", "human_rights"]
STANCE = ["favour", "against", "neutral"]
# A text that must be escaped everywhere it is shown.
NASTY = 'Critics <script>alert("x")</script> say | "rigged" & unfair'
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _texts(n: int) -> list[str]:
    return [NASTY if i % 7 == 0 else f"Passage {i} about relations." for i in range(n)]


@pytest.fixture(scope="module")
def topic_metrics() -> dict:
    rng = np.random.default_rng(0)
    n = 150
    y = (rng.random((n, 3)) < 0.35).astype(int)
    proba = np.clip(0.4 * y + 0.6 * rng.random((n, 3)), 0, 1)
    m = ev.evaluate_predictions(
        "multilabel",
        TOPICS,
        y,
        proba,
        thresholds=[0.4, 0.5, 0.55],
        y_train=y[:60],
        texts=_texts(n),
        ids=[f"u{i}" for i in range(n)],
        groups=np.arange(n) // 3,
        n_bootstrap=200,
    )
    folds = [
        ev.compute_metrics("multilabel", TOPICS, y[:75], (proba[:75] >= 0.5).astype(int)),
        ev.compute_metrics("multilabel", TOPICS, y[75:], (proba[75:] >= 0.5).astype(int)),
    ]
    m["cv"] = {"summary": ev.summarise_folds(folds), "folds": folds}
    m["near_duplicates"] = [{"train_index": 3, "test_index": 7, "similarity": 0.97}]
    # Reports must work from metrics.json alone.
    return json.loads(json.dumps(m))


@pytest.fixture(scope="module")
def stance_metrics() -> dict:
    rng = np.random.default_rng(1)
    n = 120
    y = np.eye(3, dtype=int)[rng.integers(0, 3, n)]
    logits = rng.normal(size=(n, 3)) + 1.5 * y
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    m = ev.evaluate_predictions("multiclass", STANCE, y, proba, texts=_texts(n), n_bootstrap=200)
    return json.loads(json.dumps(m))


@pytest.fixture(scope="module")
def topic_report(topic_metrics, tmp_path_factory) -> dict[str, Path]:
    return rp.write_report(
        tmp_path_factory.mktemp("topic-report"),
        topic_metrics,
        title="Topics <tfidf>",
        info={"family": "tfidf-linear", "params": {"C": 4.0}, "fingerprint": "abc123"},
    )


def _assert_self_contained(page: str) -> None:
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower()
    srcs = re.findall(r'src="([^"]*)"', page)
    assert srcs and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert "<link" not in page


def test_report_files_written(topic_report):
    names = set(topic_report)
    assert {"report.md", "report.html", "confusion.png", "per_label_f1.png"} <= names
    assert {"pr_curves.png", "reliability.png"} <= names
    for path in topic_report.values():
        assert path.exists() and path.stat().st_size > 0
        if path.suffix == ".png":
            assert path.read_bytes().startswith(PNG_MAGIC)


def test_report_markdown_has_the_figures(topic_report, topic_metrics):
    md = topic_report["report.md"].read_text(encoding="utf-8")
    m = topic_metrics
    ci = m["ci95"]["macro_f1"]
    row = next(line for line in md.splitlines() if line.startswith("| Macro-F1 |"))
    assert f"{m['macro_f1']:.3f}" in row and f"[{ci[0]:.3f}, {ci[1]:.3f}]" in row
    assert f"{m['baseline']['macro_f1']:.3f}" in row
    assert "| Micro-F1 |" in md and "| Exact match (subset accuracy) |" in md
    for label in TOPICS:
        assert f"| {label} | {m['per_label'][label]['precision']:.3f} |" in md
    for png in ("confusion.png", "per_label_f1.png", "pr_curves.png", "reliability.png"):
        assert f"]({png})" in md
    assert "## Cross-validation" in md and " ± " in md
    assert "0.400" in md and "0.550" in md  # thresholds
    assert f"{m['calibration']['ece']:.3f}" in md
    assert "1 train/test pair(s) of near-duplicate" in md
    assert "## Most confident errors" in md and "## Least confident correct" in md
    assert "| family | tfidf-linear |" in md
    # News text is escaped: no raw HTML, no broken table rows.
    assert "<script>" not in md and "\\|" in md


def test_report_html_self_contained_and_escaped(topic_report):
    page = topic_report["report.html"].read_text(encoding="utf-8")
    _assert_self_contained(page)
    assert page.count("data:image/png;base64,") == 4
    assert "&lt;script&gt;" in page and "Topics &lt;tfidf&gt;" in page
    assert "Macro-F1" in page and "Cross-validation" in page and "Near duplicates" in page


def test_report_multiclass(stance_metrics, tmp_path):
    paths = rp.write_report(tmp_path, stance_metrics, title="Stance")
    assert "pr_curves.png" not in paths and not (tmp_path / "pr_curves.png").exists()
    md = paths["report.md"].read_text(encoding="utf-8")
    assert "| F_avg (mean F1 of favour and against) |" in md and "| Accuracy |" in md
    matrix = stance_metrics["confusion"]["matrix"]
    assert "| favour | " + " | ".join(str(v) for v in matrix[0]) + " |" in md
    _assert_self_contained(paths["report.html"].read_text(encoding="utf-8"))


def test_report_without_intervals(stance_metrics, tmp_path):
    m = copy.deepcopy(stance_metrics)
    del m["ci95"], m["bootstrap"]
    md = rp.write_report(tmp_path, m, title="No CI")["report.md"].read_text(encoding="utf-8")
    assert "No bootstrap intervals were computed." in md
    # No interval column over cells of none (stop 63).
    assert f"| Macro-F1 | {m['macro_f1']:.3f} | {m['baseline']['macro_f1']:.3f} |" in md
    assert "95% CI" not in md


def test_report_is_reproducible(stance_metrics, tmp_path):
    a = rp.write_report(tmp_path / "a", stance_metrics, title="S")
    b = rp.write_report(tmp_path / "b", stance_metrics, title="S")
    assert a["report.md"].read_text() == b["report.md"].read_text()
    assert a["confusion.png"].read_bytes() == b["confusion.png"].read_bytes()


def test_model_card(stance_metrics, tmp_path):
    info = {
        "name": "stance-tfidf",
        "task": {
            "name": "stance",
            "kind": "multiclass",
            "labels": STANCE,
            "descriptions": {"favour": "supports engagement"},
            "target": "normalisation of relations",
        },
        "family": "tfidf-linear",
        "params": {"C": 4.0, "class_weight": "balanced"},
        "data": {"n": 531, "fingerprint": "abc123", "split": "date"},
        "created": "2026-11-28",
        "path": "runs/stance-tfidf",
    }
    card = rp.write_model_card(tmp_path, info=info, metrics=stance_metrics)
    assert card == tmp_path / "README.md"
    text = card.read_text(encoding="utf-8")
    ci = stance_metrics["ci95"]["macro_f1"]
    assert "# Model card: stance-tfidf" in text
    assert "`favour` | supports engagement" in text
    assert "| class_weight | balanced |" in text and "| fingerprint | abc123 |" in text
    assert f"[{ci[0]:.3f}, {ci[1]:.3f}]" in text and "Baseline (majority)" in text
    assert "## Intended use" in text and "## Limitations" in text
    # Written from the task: its target; no description, so a sentence from its labels.
    assert "Stance is toward normalisation of relations" in text
    assert "`favour`, `against`, `neutral`" in text and "annotation guidelines" not in text
    assert 'm = classify.load_model("runs/stance-tfidf")' in text and "m.predict([" in text
    assert "| created | 2026-11-28 |" in text


def _card_with_encoder(tmp_path, stance_metrics, name, params, **state):
    folder = tmp_path / name
    (folder / "weights").mkdir(parents=True)
    saved = {"encoder": "sentence-transformers/all-MiniLM-L6-v2", "quantize": "none", **state}
    (folder / "weights" / "embedding-linear.json").write_text(json.dumps(saved))
    info = {"name": name, "task": {"name": "stance", "kind": "multiclass", "labels": STANCE}}
    info |= {"family": "embedding-linear", "params": params}
    return rp.write_model_card(folder, info=info, metrics=stance_metrics).read_text()


def test_the_card_says_what_runs_the_encoder(stance_metrics, tmp_path):
    auto = _card_with_encoder(tmp_path, stance_metrics, "auto", {"C": 4.0})
    assert "(frozen)" in auto
    assert "runs on ONNX Runtime on the CPU where onnxruntime is installed" in auto
    torch = _card_with_encoder(tmp_path, stance_metrics, "torch", {"backend": "torch"})
    assert "The encoder runs on torch (`backend: torch`)." in torch
    assert "ONNX" not in torch
    int8 = _card_with_encoder(tmp_path, stance_metrics, "int8", {}, quantize="int8")
    assert "quantized to int8" in int8
    assert "The encoder runs on torch (`backend: auto` keeps a quantized" in int8
    # No encoder, no line.
    tfidf = rp.write_model_card(
        tmp_path / "tfidf",
        info={"name": "t", "task": {"name": "stance", "kind": "multiclass", "labels": STANCE}},
        metrics=stance_metrics,
    ).read_text()
    assert "encoder runs" not in tfidf


def test_the_card_names_calibration_where_probabilities_are_off(stance_metrics, tmp_path):
    # review 28d: "treat them as scores" without the fix the package has.
    info = {"name": "m", "task": {"name": "stance", "kind": "multiclass", "labels": STANCE}}
    off = {**stance_metrics, "calibration": {"ece": 0.114}}
    text = rp.write_model_card(tmp_path / "a", info=info, metrics=off).read_text()
    assert "error of 0.114 on the evaluation data (of the model evaluated there)" in text
    assert "training with `--calibration platt` or `temperature`" in text
    calibrated = {**info, "calibration": {"method": "platt"}}
    text = rp.write_model_card(tmp_path / "b", info=calibrated, metrics=off).read_text()
    assert "treat them as scores" in text and "--calibration" not in text
    near = {**stance_metrics, "calibration": {"ece": 0.02}}
    text = rp.write_model_card(tmp_path / "c", info=info, metrics=near).read_text()
    assert "treat them as scores" not in text


def test_report_and_card_from_training_code_shapes(stance_metrics, tmp_path):
    # What classify.training / classify.store pass: an "evaluation" block,
    # duplicates as {"count", "pairs"} with ids, and model.json as info,
    # written into an atomic ".<name>.tmp-<hex>" folder.
    m = copy.deepcopy(stance_metrics)
    m["evaluation"] = {"method": "holdout", "split": "date", "train": 480, "test": 120}
    m["near_duplicates"] = {
        "count": 2,
        "pairs": [{"train_id": "wce-1", "test_id": "wce-9", "similarity": 0.93}],
    }
    folder = tmp_path / ".stance.tmp-1a2b3c4d"
    md = rp.write_report(folder, m, title="S")["report.md"].read_text(encoding="utf-8")
    assert "Held-out evaluation (split: date): trained on 480 items, tested on 120." in md
    assert "2 train/test pair(s)" in md and "| wce-1 | wce-9 | 0.930 |" in md
    info = {
        "format": "classify-model",
        "name": "stance-tfidf",
        "config": {"model": {"family": "tfidf-linear"}},
        "training": {"data": "dev.jsonl", "fingerprint": "f4ac", "n": 480},
        "task": {"name": "stance", "kind": "multiclass", "labels": STANCE},
        "family": "tfidf-linear",
        "params": {"C": 10.0, "min_df": 1},
        "calibration": {"method": "temperature", "nll_before": 0.9, "nll_after": 0.8},
        "seed": 0,
    }
    text = rp.write_model_card(folder, info=info, metrics=m).read_text(encoding="utf-8")
    assert f'classify.load_model("{tmp_path / "stance"}")' in text
    assert "| C | 10 |" in text and "| fingerprint | f4ac |" in text
    assert (
        "temperature scaling; on the out-of-fold training predictions it was fitted to, "
        "NLL 0.900 → 0.800" in " ".join(text.split())
    )
    assert "Held-out evaluation (split: date)" in text and "Full report: [report.md]" in text
    assert "| seed | 0 |" in text and "format" not in text.split("## Details")[1]
    assert "2 near-duplicate train/test pair(s)" in text


def test_write_comparison(tmp_path, stance_metrics):
    rows = [
        {"name": "majority", "macro_f1": 0.18, "ci95": [0.15, 0.2]},
        {"name": "tfidf", "macro_f1": 0.66, "ci95": [0.6, 0.72], "accuracy": 0.7},
        {"name": "setfit", "macro_f1": 0.71, "ci95": [0.65, 0.77], "accuracy": 0.74},
    ]
    test = {
        "metric": "macro_f1",
        "a": 0.71,
        "b": 0.66,
        "diff": 0.05,
        "ci95": [0.01, 0.09],
        "p_value": 0.012,
        "a_name": "setfit",
        "b_name": "tfidf",
    }
    paths = rp.write_comparison(tmp_path, rows, title="Stance leaderboard", tests=[test])
    assert set(paths) == {"compare.md", "compare.png", "compare.html"}
    md = paths["compare.md"].read_text(encoding="utf-8")
    order = [line.split("|")[2].strip() for line in md.splitlines() if re.match(r"\| \d", line)]
    assert order == ["setfit", "tfidf", "majority"]
    assert "| 1 | setfit | 0.710 | [0.650, 0.770] | 0.740 |" in md
    # One test (two models): no Holm column, p decides (review 112).
    assert (
        "| setfit | tfidf | Macro-F1 | 0.710 | 0.660 | 0.050 | [0.010, 0.090] | 0.012 | yes |" in md
    )
    assert "Holm" not in md
    # A Holm-adjusted p above 0.05 decides, not the raw p.
    held = {**test, "b_name": "majority", "b": 0.18, "p_value": 0.03, "p_holm": 0.06}
    md = rp.write_comparison(tmp_path / "holm", rows, title="t", tests=[test, held])[
        "compare.md"
    ].read_text(encoding="utf-8")
    assert "| 0.030 | 0.060 | no |" in md
    assert paths["compare.png"].read_bytes().startswith(PNG_MAGIC)
    page = paths["compare.html"].read_text(encoding="utf-8")
    _assert_self_contained(page)
    assert page.count("data:image/png;base64,") == 1


def test_render_table():
    table = rp.render_table(
        [{"name": "a|b", "f1": 0.5, "n": 3}, {"name": "c", "f1": None, "n": 4}],
        ["name", ("f1", "F1"), "n"],
    )
    assert table.splitlines() == [
        "| name | F1 | n |",
        "| --- | --- | --- |",
        "| a\\|b | 0.500 | 3 |",
        "| c | — | 4 |",
    ]
    assert rp.render_table([[1, 0.25]], ["x", "y"]).splitlines()[-1] == "| 1 | 0.250 |"


def test_import_is_cheap():
    code = (
        "import sys, classify.reports; print(any(m.startswith('matplotlib') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- a real browser ------------------------------------------------------------------

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Reports the width of every decoded image once the page has loaded; used
# only on a copy of the report (the report itself carries no JavaScript).
_PROBE = (
    "<script>window.addEventListener('load', () => document.body.setAttribute("
    "'data-widths', Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1)"
    ".join(',')));</script>"
)


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, _CHROMIUM_NAMES) if p), None)


def _run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def test_report_html_renders_in_headless_chromium(topic_report, tmp_path):
    binary = _chromium()
    if binary is None:
        pytest.skip(
            "no Chromium binary on PATH (looked for: "
            + ", ".join(_CHROMIUM_NAMES)
            + "); install it with `apt-get install -y chromium`"
        )
    from PIL import Image

    report = topic_report["report.html"]
    shot = tmp_path / "shot.png"
    res = _run_chromium(
        binary,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1200,2400",
        report.as_uri(),
    )
    assert shot.exists(), res.stderr[-2000:]
    img = np.asarray(Image.open(shot).convert("RGB"))
    assert img.shape == (2400, 1200, 3)
    packed = (
        (img[..., 0].astype(np.int64) << 16) | (img[..., 1].astype(np.int64) << 8) | img[..., 2]
    )
    assert np.count_nonzero(np.bincount(packed.ravel())) > 200, "screenshot looks blank"
    assert (img.min(axis=2) < 200).mean() > 0.05, "screenshot is almost all white"
    # The per-label F1 bars (#4c72b0) are near the top: the plot was drawn.
    bar_blue = (np.abs(img.astype(int) - [76, 114, 176]).sum(axis=2) < 30).sum()
    assert bar_blue > 5000, f"only {bar_blue} bar-coloured pixels: plots did not render"

    probe = tmp_path / "probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"))
    res = _run_chromium(
        binary, tmp_path / "profile2", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()
    )
    found = re.search(r'data-widths="([^"]*)"', res.stdout)
    assert found, res.stderr[-2000:]
    widths = [int(w) for w in found.group(1).split(",")]
    assert len(widths) == 4 and all(w > 100 for w in widths), widths


def test_markdown_escapes_what_could_open_a_tag_only():
    from classify.reports import _md_cell

    assert _md_cell("p < 0.05") == "p < 0.05"
    assert _md_cell("a <script> b") == "a &lt;script> b"
    assert _md_cell("</div> and <!-- x") == "&lt;/div> and &lt;!-- x"


def test_a_zero_shot_card_leaves_out_the_settings_its_method_never_reads(stance_metrics, tmp_path):
    """Review 122: a similarity model's card listed the NLI model and the
    hypothesis template it never reads."""
    from classify.models.zeroshot import ZeroShotParams

    info = {
        "name": "stance-zeroshot",
        "task": {"name": "stance", "kind": "multiclass", "labels": STANCE},
    }
    params = dataclasses.asdict(ZeroShotParams())

    def card(name, params):
        info_ = {**info, "family": "zero-shot", "params": params}
        folder = tmp_path / name
        return rp.write_model_card(folder, info=info_, metrics=stance_metrics).read_text("utf-8")

    similarity = card("sim", params)
    assert "| method | similarity |" in similarity and "| temperature | 0.05 |" in similarity
    assert "nli_model" not in similarity and "hypothesis_template" not in similarity
    assert "| scale |" not in similarity  # a multi-label setting, on a single-label task
    nli = card("nli", {**params, "method": "nli", "nli_model": "my/nli"})
    assert "| nli_model | my/nli |" in nli and "| hypothesis_template |" in nli
    assert "| encoder |" not in nli and "| temperature |" not in nli


def test_a_zero_shot_card_marks_a_setting_set_that_its_method_never_reads(stance_metrics, tmp_path):
    """Check 125: a scale set on a single-label similarity model was listed
    as if it applied."""
    from classify.models.zeroshot import ZeroShotParams

    info = {"name": "z", "task": {"name": "stance", "kind": "multiclass", "labels": STANCE}}
    params = {**dataclasses.asdict(ZeroShotParams()), "scale": 5.0}
    text = rp.write_model_card(
        tmp_path, info={**info, "family": "zero-shot", "params": params}, metrics=stance_metrics
    ).read_text("utf-8")
    assert "| scale | 5 (set, but the similarity method does not read it) |" in text
    assert "| shift |" not in text
