"""Reviewer findings on the data and annotation workflow: default units per
source kind, options of evaluate/train, what train prints, unlabelled vs no
label, annotator files checked and read as saved. Inputs are our own."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import run_cli

from classify.data import load_examples

ROOT = Path(__file__).resolve().parent.parent
STANCE = ROOT / "configs" / "stance-tfidf.yaml"

_TEMPLATES = [
    ("Both governments agree to reopen embassies in {c} and restore ties.", "favour"),
    ("New sanctions and an asset freeze hit officials of {c}.", "against"),
    ("The weather in {c} was mild for the season.", "neutral"),
]
_PLACES = ["Lima", "Quito", "Oslo", "Riga", "Baku", "Doha", "Suva", "Bern", "Rome", "Kyiv"]


def _rows(n: int = 30) -> list[dict]:
    return [
        {
            "id": f"r{i:02d}",
            "text": _TEMPLATES[i % 3][0].format(c=_PLACES[i % len(_PLACES)]) + f" Item {i}.",
            "stance": _TEMPLATES[i % 3][1],
            "date": f"2020-0{1 + i % 9}-1{i % 9}",
        }
        for i in range(n)
    ]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, place in (("a1", "LIMA"), ("a2", "QUITO")):
        (folder / f"{name}.txt").write_text(
            f"Talks in {place.title()}\n\nWorld | March 3, 2024\n\nBy Jo Kim\n\n"
            f"{place} (Reuters) - Envoys met to restore ties.\n\nSanctions stay in place.\n",
            encoding="utf-8",
        )
    return folder


def _table(path: Path) -> Path:
    path.write_text(
        'id,text\n007,"Envoys agreed to restore ties."\n0,"Sanctions were widened."\n'
        '12.0,"Rain fell all day."\n',
        encoding="utf-8",
    )
    return path


# -- 7: table rows stay units beside articles ---------------------------------------


def test_table_rows_are_units_beside_articles(tmp_path):
    ex = load_examples([_table(tmp_path / "q.csv"), _articles(tmp_path / "arts")], labelled=False)
    ids = [u for u in ex.ids]
    assert ids[:3] == ["007", "0", "12.0"]
    assert ids[3:] == ["a1:p1", "a1:p2", "a2:p1", "a2:p2"]
    assert ex.notes["unit"] == "article+paragraph"


def test_asked_level_applies_to_every_source(tmp_path):
    ex = load_examples(
        [_table(tmp_path / "q.csv"), _articles(tmp_path / "arts")], unit="paragraph", labelled=False
    )
    assert ex.ids[:3] == ["007:p1", "0:p1", "12.0:p1"]
    ex = load_examples(
        [_articles(tmp_path / "arts"), _table(tmp_path / "q.csv")], unit="article", labelled=False
    )
    assert ex.ids == ["a1", "a2", "007", "0", "12.0"]


def test_annotations_for_table_rows_match_beside_articles(tmp_path):
    ann = _jsonl(
        tmp_path / "ann.jsonl",
        [{"unit": "007", "stance": "favour"}, {"unit": "a1:p2", "stance": "against"}],
    )
    ex = load_examples(
        [_table(tmp_path / "q.csv"), _articles(tmp_path / "arts")],
        annotations=ann,
        label_fields=("stance",),
    )
    assert ex.notes["unmatched_annotations"] == 0
    assert sorted(ex.ids) == ["007", "a1:p2"]


def test_cli_predict_on_table_and_articles_keeps_row_ids(capsys, tmp_path):
    data = _jsonl(tmp_path / "train.jsonl", _rows())
    model = tmp_path / "m"
    r = run_cli(
        capsys, "train", STANCE, "--data", data, "--out", model, "--set", "data.split.method=random"
    )
    assert r.code == 0, r.err
    out = tmp_path / "pred.jsonl"
    r = run_cli(
        capsys,
        "predict",
        model,
        _table(tmp_path / "q.csv"),
        _articles(tmp_path / "arts"),
        "--out",
        out,
    )
    assert r.code == 0, r.err
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids[:3] == ["007", "0", "12.0"] and ids[3] == "a1:p1"
