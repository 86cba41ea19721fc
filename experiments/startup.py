"""Start-up cost of the commands a researcher runs most: prints a table and
writes experiments/results/startup.{md,json}. Needs no bench data (the model
is trained on the seed article, in a temporary folder).

    python experiments/startup.py

Measured, each as the median of several runs:
- `classify --help` as a whole process;
- `classify predict` of a TF-IDF model folder on 8 JSONL rows, as a whole
  process (interpreter start, imports, loading, predicting, writing);
- `classify.load_model` of the same folder in a process that has already
  imported `classify` (what a notebook pays per load), and the first
  prediction after it, which builds the scikit-learn objects (importing
  scikit-learn is most of it, once per process);
- `classify predict` with a bad `--out` suffix, refused before any model loads;
- whether torch or skops was imported while predicting with the TF-IDF model;
- `classify predict` of a `topic-best` folder (TF-IDF and the packaged
  sentence encoder on ONNX Runtime) on 8 rows no run has seen (so each is
  encoded, not read from the embedding cache), as a whole process, and
  whether that imported torch or sentence-transformers (skipped where the
  packaged encoder is not installed).

Targets (issue 13, on a quiet machine): predict on 8 rows under 2 s,
`load_model` under 0.5 s. Timings are wall-clock on whatever else the machine
is doing; the command prints them with the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

ROWS = [
    "The United States will reopen its embassy in Minsk, the envoy said.",
    "Washington eased sanctions on the national airline after the release.",
    "Critics accuse the government of jailing its political rivals.",
    "The European Union extended its asset freezes for another year.",
    "Temperatures in the capital reached 30 degrees on Tuesday.",
    "Talks between the two foreign ministers lasted three hours.",
    "A court sentenced two bloggers to four years in prison.",
    "The ambassador was recalled for consultations in protest.",
]


def classify_command() -> list[str]:
    """The `classify` console script of this environment (module form if absent)."""
    exe = Path(sys.executable).with_name("classify")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "classify.cli"]


def timed(cmd: list[str], runs: int, *, ok: bool = True) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if ok and done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    return statistics.median(times)


def train_on_seed(config: str, tmp: Path) -> Path:
    """``configs/CONFIG.yaml`` trained on the seed article's sentences
    (3 folds by paragraph), saved to ``tmp/CONFIG``."""
    import warnings

    import classify

    model = tmp / config
    with warnings.catch_warnings():
        # The seed article is a few dozen sentences: its small-data warnings
        # are known here and say nothing of start-up.
        warnings.simplefilter("ignore")
        classify.train(
            ROOT / "configs" / f"{config}.yaml",
            data=[ROOT / "seeds"],
            out=model,
            overrides={
                "data.annotations": str(ROOT / "seeds" / "annotations.jsonl"),
                "data.unit": "sentence",
            },
            cv=3,
            group="paragraph",
        )
    return model


def encoder_predict(cli: list[str], tmp: Path, runs: int) -> dict | None:
    """Whole-process `classify predict` of a topic-best folder on new texts
    (median seconds), and the heavy modules that process imported; None where
    the packaged encoder is not installed."""
    from classify.models._hub import packaged_model_path

    if packaged_model_path("all-MiniLM-L6-v2") is None:
        return None
    model = train_on_seed("topic-best", tmp)
    # The first call exports the encoder's graph where the cache has none.
    subprocess.run([*cli, "predict", str(model), str(tmp / "rows.jsonl")], capture_output=True)
    times = []
    for run in range(runs):
        rows = tmp / f"new-{run}.jsonl"
        rows.write_text(
            "".join(
                json.dumps({"id": str(i), "text": f"{t} (run {run}, {time.time():.6f})"}) + "\n"
                for i, t in enumerate(ROWS)
            ),
            encoding="utf-8",
        )
        out = tmp / f"new-{run}.predictions.jsonl"
        times.append(timed([*cli, "predict", str(model), str(rows), "--out", str(out)], 1))
    probe = (
        "import json, sys, classify\n"
        f"m = classify.load_model({str(model)!r})\n"
        f"m.predict(['A text no run has seen {time.time():.6f}.'])\n"
        "print(json.dumps(sorted(k for k in ('torch', 'sentence_transformers') if k in sys.modules)))\n"
    )
    heavy = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {
        "seconds": statistics.median(times),
        "heavy": json.loads(heavy.strip().splitlines()[-1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--out", default=str(HERE / "results" / "startup"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = train_on_seed("topic-tfidf", tmp)
        rows = tmp / "rows.jsonl"
        rows.write_text(
            "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(ROWS)),
            encoding="utf-8",
        )
        cli = classify_command()
        help_s = timed([*cli, "--help"], args.runs)
        predict_s = timed(
            [*cli, "predict", str(model), str(rows), "--out", str(tmp / "p.jsonl"), "--overwrite"]
            if "--overwrite"
            in subprocess.run([*cli, "predict", "--help"], capture_output=True, text=True).stdout
            else [*cli, "predict", str(model), str(rows), "--out", str(tmp / "p.jsonl")],
            args.runs,
        )
        refuse_s = timed(
            [*cli, "predict", str(model), str(rows), "--out", str(tmp / "p.docx")],
            args.runs,
            ok=False,
        )
        probe = (
            "import sys, time, statistics, classify\n"
            "from classify.store import load_model\n"
            f"path = {str(model)!r}\n"
            "times = []\n"
            f"for _ in range({args.runs}):\n"
            "    t = time.perf_counter(); m = load_model(path); times.append(time.perf_counter() - t)\n"
            "t = time.perf_counter(); m.predict(['The embassy reopened.'])\n"
            "first_predict = time.perf_counter() - t\n"
            "print(statistics.median(times), times[0], first_predict,"
            " 'torch' in sys.modules, 'skops' in sys.modules)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout.split()
        load_s, first_load_s, first_predict_s = map(float, out[:3])
        torch_imported, skops_imported = out[3] == "True", out[4] == "True"
        encoder = encoder_predict(cli, tmp, args.runs)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    summary = {
        "help_s": round(help_s, 3),
        "predict_8_rows_s": round(predict_s, 3),
        "bad_suffix_refused_s": round(refuse_s, 3),
        "load_model_s": round(load_s, 4),
        "first_load_model_s": round(first_load_s, 4),
        "first_predict_after_load_s": round(first_predict_s, 3),
        "torch_imported": torch_imported,
        "skops_imported": skops_imported,
        "predict_8_new_rows_topic_best_s": None
        if encoder is None
        else round(encoder["seconds"], 3),
        "heavy_modules_topic_best_predict": None if encoder is None else encoder["heavy"],
        "load_average": round(load, 2),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "command": " ".join(["python", "experiments/startup.py", *sys.argv[1:]]),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    rows_md = [
        ["`classify --help`, whole process", f"{help_s:.2f} s", "instant"],
        ["`classify predict` TF-IDF model, 8 rows, whole process", f"{predict_s:.2f} s", "< 2 s"],
        [
            "`classify predict` with a bad `--out` suffix (refused)",
            f"{refuse_s:.2f} s",
            "before loading",
        ],
        [
            "`load_model` of a TF-IDF folder, after `import classify` (first load)",
            f"{first_load_s:.3f} s",
            "< 0.5 s",
        ],
        [
            "`load_model` of a TF-IDF folder, after `import classify` (median)",
            f"{load_s:.3f} s",
            "< 0.5 s",
        ],
        [
            "first `predict` after that load (builds the scikit-learn objects)",
            f"{first_predict_s:.2f} s",
            "-",
        ],
        ["torch imported by TF-IDF load + predict", str(torch_imported).lower(), "false"],
        ["skops imported by TF-IDF load + predict", str(skops_imported).lower(), "false"],
    ]
    if encoder is not None:
        rows_md += [
            [
                "`classify predict` `topic-best` model (encoder on ONNX Runtime), "
                "8 new rows, whole process",
                f"{encoder['seconds']:.2f} s",
                "-",
            ],
            [
                "torch or sentence-transformers imported by `topic-best` load + predict",
                ", ".join(encoder["heavy"]) or "none",
                "none",
            ],
        ]
    md = "\n".join(
        [
            "# Start-up",
            "",
            f"`{summary['command']}` on {os.cpu_count()} CPUs, load average {load:.2f}, "
            f"{summary['created']}; medians of {args.runs} runs.",
            "",
            "| measure | value | target |",
            "| --- | --- | --- |",
            *[f"| {a} | {b} | {c} |" for a, b, c in rows_md],
            "",
        ]
    )
    out_path = Path(args.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    out_path.with_suffix(".md").write_text(md, encoding="utf-8")
    print(md)
    print(
        f"wrote {out_path.with_suffix('.md')} and .json (pass --out PATH to keep the "
        "committed figures and write these elsewhere)"
    )


if __name__ == "__main__":
    main()
