"""Predictions keep every outlet an item cites, ``--by source`` counts an
item under each of them, a whole table row is level ``row`` with no
paragraph number, CSV predictions write "no topic" as ``[]`` and the
resume-mismatch hint names what works."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import train_both, write_jsonl

import classify
from classify import api
from classify.analysis import group_keys, group_members
from classify.articles import read_articles, split_outlets
from classify.data import load_examples
from classify.engines.local import ChunkStore, read_predictions
from classify.errors import ClassifyError


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return train_both(tmp_path_factory.mktemp("outlets"))


@pytest.mark.parametrize(
    ("cell", "outlets"),
    [
        ("(Alpha Daily) (Beta Times)", ["Alpha Daily", "Beta Times"]),
        ("(Wire Service via Gamma (North))", ["Wire Service via Gamma (North)"]),
        ("(One)(Two) (Three (Evening))", ["One", "Two", "Three (Evening)"]),
        ("  (Alpha Daily)   (Alpha Daily) ", ["Alpha Daily"]),
        ("Delta News", ["Delta News"]),
        ("Echo (South)", ["Echo (South)"]),  # a name, not a list of citations
        ("(Unclosed Herald", ["(Unclosed Herald"]),  # brackets that do not balance
        ("(A) stray (B)", ["(A) stray (B)"]),
        ("Alpha;Beta", ["Alpha", "Beta"]),
        (["(Alpha) (Beta)", "Gamma", ""], ["Alpha", "Beta", "Gamma"]),
        ("", []),
        (None, []),
        (float("nan"), []),
    ],
)
def test_split_outlets(cell, outlets):
    assert split_outlets(cell) == outlets


def _news(path, rows):
    return write_jsonl(
        path, [{"id": f"n{i}", "text": t, "sources": s} for i, (t, s) in enumerate(rows)]
    )


def test_a_row_keeps_every_outlet_with_the_first_as_source(tmp_path):
    data = _news(
        tmp_path / "n.jsonl",
        [
            ("Talks on sanctions resume.", "(Alpha Daily) (Beta Times)"),
            ("A match is played.", "(Wire Service via Gamma (North))"),
            ("Nothing cited.", ""),
        ],
    )
    a, b, c = read_articles(data)
    assert (a.source, a.sources) == ("Alpha Daily", ["Alpha Daily", "Beta Times"])
    assert (b.source, b.outlets) == ("Wire Service via Gamma (North)", [b.source])
    assert c.source is None and c.outlets == []
    assert a.to_dict()["sources"] == ["Alpha Daily", "Beta Times"]
    # A ``source`` column and a ``sources`` one: the source first, no repeats.
    both = write_jsonl(
        tmp_path / "both.jsonl",
        [{"id": "x", "text": "Talks.", "source": "Beta Times", "sources": "(Alpha) (Beta Times)"}],
    )
    assert read_articles(both)[0].sources == ["Beta Times", "Alpha"]


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_predictions_list_every_outlet_and_rows_are_level_row(models, tmp_path, suffix):
    data = _news(
        tmp_path / "n.jsonl",
        [
            ("The EU imposes new sanctions on Cuba.", "(Alpha Daily) (Beta Times)"),
            ("Police arrest activists in Iran.", "(Wire Service via Gamma (North))"),
            ("The football team of Libya wins the cup final.", ""),
        ],
    )
    article = tmp_path / "arts"
    article.mkdir()
    (article / "one.txt").write_text(
        "Envoy meets leader\n\nThe envoy met the leader.\n\nThey talked about sanctions.\n",
        encoding="utf-8",
    )
    out = tmp_path / f"p.{suffix}"
    api.predict(models["stance"], [data, article], out=out)
    frame = read_predictions(out)
    rows = frame[frame["article_id"].str.startswith("n")]
    assert rows["source"].tolist()[:2] == ["Alpha Daily", "Wire Service via Gamma (North)"]
    cited = [split_outlets(v.tolist() if hasattr(v, "tolist") else v) for v in rows["sources"]]
    assert cited[0] == ["Alpha Daily", "Beta Times"]
    assert cited[1] == ["Wire Service via Gamma (North)"] and cited[2] == []
    assert set(rows["level"]) == {"row"}
    paragraphs = frame[~frame["article_id"].str.startswith("n")]
    assert set(paragraphs["level"]) == {"paragraph"}
    # Whole numbers with gaps, in every format: Int64, <NA> for a whole row.
    assert str(frame["paragraph"].dtype) == "Int64"
    assert rows["paragraph"].isna().all()
    assert paragraphs["paragraph"].tolist() == [1, 2]  # the title line is no paragraph
    assert str(frame["position"].dtype) == "Int64"


def test_in_memory_predictions_have_integer_paragraphs(models, tmp_path):
    data = _news(tmp_path / "n.jsonl", [("Talks resume.", "(Alpha)"), ("Arrests.", "(Beta)")])
    frame = api.predict(models["stance"], data)
    assert str(frame["paragraph"].dtype) == "Int64" and frame["paragraph"].isna().all()
    assert frame["level"].tolist() == ["row", "row"]


def test_predictions_read_back_as_annotations_of_rows(models, tmp_path):
    data = _news(tmp_path / "n.jsonl", [("Talks resume.", "(Alpha)"), ("Arrests.", "(Beta)")])
    out = tmp_path / "p.jsonl"
    api.predict(models["stance"], data, out=out)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(
            json.dumps({"unit": r["id"], "level": r["level"], "stance": r["stance"]}) + "\n"
            for r in read_predictions(out).to_dict(orient="records")
        ),
        encoding="utf-8",
    )
    plain = write_jsonl(
        tmp_path / "plain.jsonl",
        [{"id": "n0", "text": "Talks resume."}, {"id": "n1", "text": "Arrests."}],
    )
    examples = load_examples(plain, annotations=gold, label_fields=["stance"])
    assert examples.ids == ["n0", "n1"]
    assert examples.labels["stance"] == read_predictions(out)["stance"].tolist()


def test_csv_no_topic_reads_back_as_no_topic_not_unlabelled(models, tmp_path):
    texts = [
        "The football team of Libya wins the regional cup final.",
        "The EU imposes new sanctions and an asset freeze on officials of Cuba.",
        "The football team of Sudan wins the regional cup final.",
    ]
    data = write_jsonl(
        tmp_path / "n.jsonl", [{"id": f"n{i}", "text": t} for i, t in enumerate(texts)]
    )
    outs = {s: tmp_path / f"p.{s}" for s in ("csv", "jsonl", "parquet")}
    for out in outs.values():
        api.predict(models["topic"], data, out=out)
    predicted = [list(v) for v in read_predictions(outs["parquet"])["topics"]]
    assert [] in predicted and any(predicted), predicted  # both kinds present
    cells = pd.read_csv(outs["csv"], keep_default_na=False)["topics"].tolist()
    assert cells == [";".join(v) if v else "[]" for v in predicted]
    assert [list(v) for v in read_predictions(outs["jsonl"])["topics"]] == predicted
    task = classify.load_model(models["topic"]).task
    for out in (outs["csv"], outs["jsonl"]):  # the tables a labelled corpus may be
        back = load_examples(out, label_fields=["topics"])
        # Every row is labelled (none left out as unlabelled) ...
        assert back.ids == ["n0", "n1", "n2"], out
        assert back.notes["unlabelled"] == {"topics": 0}
        # ... with the labels predicted, "no topic" as the empty set.
        got = [sorted(v) for v in task.decode(task.encode(back.labels["topics"]))]
        assert got == [sorted(v) for v in predicted], out


def _preds(path, sources, source=None, seed=0):
    """A stance predictions CSV, one unit per item, with a ``sources`` cell
    per item (``;``-joined, as predict writes CSV lists)."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet([2, 1, 1], len(sources))
    frame = pd.DataFrame(
        {
            "id": [f"i{k}" for k in range(len(sources))],
            "article_id": [f"i{k}" for k in range(len(sources))],
            "p_favour": p[:, 0],
            "p_against": p[:, 1],
            "p_neutral": p[:, 2],
            "source": source if source is not None else [s.split(";")[0] for s in sources],
            "sources": sources,
        }
    )
    frame.to_csv(path, index=False)
    return frame


def test_group_members_puts_an_item_under_each_outlet():
    frame = pd.DataFrame(
        {
            "source": ["Alpha", "Beta", None, "Gamma"],
            "sources": [["Alpha", "Beta"], np.array(["Beta"]), None, "Gamma;Alpha"],
        }
    )
    rows, keys = group_members(frame, "source")
    assert list(zip(rows.tolist(), keys)) == [
        (0, "Alpha"), (0, "Beta"), (1, "Beta"), (2, "(unknown)"), (3, "Gamma"), (3, "Alpha"),
    ]  # fmt: skip
    # Without a ``sources`` column, or for another grouping: one key per row.
    rows, keys = group_members(frame.drop(columns="sources"), "source")
    assert rows.tolist() == [0, 1, 2, 3] and keys == group_keys(frame, "source")
    rows, keys = group_members(frame, "all")
    assert rows.tolist() == [0, 1, 2, 3] and set(keys) == {"all"}


def test_analyse_by_source_counts_each_outlet_and_all_counts_items_once(models, tmp_path, capsys):
    sources = ["Alpha;Beta", "Alpha", "Beta", "Gamma", "Alpha;Gamma", ""] * 10
    preds = tmp_path / "p.csv"
    frame = _preds(preds, sources)
    table = classify.analyse([models["stance"]], predictions=[preds], by="source", n_bootstrap=0)
    units = table.groupby("group")["n_units"].first().to_dict()
    assert units == {"Alpha": 30, "Beta": 20, "Gamma": 20, "(unknown)": 10}
    # Each outlet's naive share is that of the items citing it.
    clf = classify.load_model(models["stance"])
    decided = clf.task.decide(
        frame[["p_favour", "p_against", "p_neutral"]].to_numpy(), clf.thresholds
    )
    beta = np.array(["Beta" in s.split(";") for s in sources])
    naive = table[
        (table["group"] == "Beta") & (table["method"] == "naive") & (table["label"] == "against")
    ]
    assert naive["estimate"].iloc[0] == pytest.approx(decided[beta, 1].mean())
    # The overall figure counts every item once.
    overall = classify.analyse([models["stance"]], predictions=[preds], by="all", n_bootstrap=0)
    assert set(overall["n_units"]) == {len(sources)}
    r = run_cli(
        capsys, "analyse", models["stance"], "--predictions", preds, "--by", "source",
        "--out", tmp_path / "out", "--bootstrap", "10",
    )  # fmt: skip
    assert r.code == 0, r.err
    written = pd.read_csv(tmp_path / "out" / "prevalence.csv", keep_default_na=False)
    assert set(written["group"]) == {"Alpha", "Beta", "Gamma", "(unknown)"}
    assert "counted under each of them" in (tmp_path / "out" / "report.md").read_text()
    # ... and in the terminal and analysis.json, not the report alone (review 31d).
    assert "counted under each of them" in " ".join(r.out.split())
    notes = json.loads((tmp_path / "out" / "analysis.json").read_text())["notes"]
    assert any("counted under each of them" in n for n in notes)
    assert table.attrs["overlapping"] and not overall.attrs["overlapping"]


def test_resume_mismatch_hint_names_overwrite(models, tmp_path):
    out = tmp_path / "p.parquet"
    ChunkStore(out, {"chunk_size": 10})
    with pytest.raises(ClassifyError, match=r"overwrite=True instead of resume=True") as info:
        ChunkStore(out, {"chunk_size": 12}, resume=True)
    assert "run without" not in str(info.value)
    # What the hint names works: an interrupted run's chunks are replaced.
    data = _news(tmp_path / "n.jsonl", [("Talks resume.", "(Alpha)"), ("Arrests.", "(Beta)")])
    (tmp_path / ".p.parquet.parts" / "part-00000.parquet").write_bytes(b"old")
    with pytest.raises(ClassifyError, match=r"another run .*overwrite=True instead of resume=True"):
        api.predict(models["stance"], data, out=out, chunk_size=1, resume=True)
    run = api.predict(models["stance"], data, out=out, chunk_size=1, overwrite=True)
    assert run.rows == 2 and len(read_predictions(out)) == 2


def test_cli_resume_mismatch_hint_names_overwrite(models, tmp_path, capsys):
    data = _news(tmp_path / "n.jsonl", [("Talks resume.", "(Alpha)"), ("Arrests.", "(Beta)")])
    out = tmp_path / "p.csv"
    ChunkStore(out, {"chunk_size": 99})
    (tmp_path / ".p.csv.parts" / "part-00000.parquet").write_bytes(b"old")
    r = run_cli(capsys, "predict", models["stance"], data, "--out", out, "--resume")
    assert r.code != 0 and "pass --overwrite instead of --resume to start over" in r.err
    r = run_cli(capsys, "predict", models["stance"], data, "--out", out, "--overwrite")
    assert r.code == 0, r.err
    assert len(pd.read_csv(out)) == 2
