"""Research data that is not ours, as it comes: folders of folders labelled
by folder, plain articles, tables whose text repeats the title, tasks of
one's own (target-conditioned, with their own primary metric), named test
files and compact model folders. The data is in tests/fixtures/own/."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import run_cli

from classify.articles import parse_article, read_articles
from classify.data import load_examples
from classify.tables import ReadOptions
from classify.units import make_units

OWN = Path(__file__).parent / "fixtures" / "own"
NEWS = OWN / "news"


# -- 1. folders of folders ------------------------------------------------------------


def test_ids_are_paths_relative_to_the_folder_given() -> None:
    articles = read_articles(NEWS)
    ids = [a.id for a in articles]
    # Three 001.txt files, three articles: no duplicate-id refusal.
    assert {"politics/001", "sport/001", "business/001"} <= set(ids)
    assert len(ids) == len(set(ids)) == 12


def test_label_from_folder_labels_every_unit_of_an_article() -> None:
    options = ReadOptions(label_from_folder="category")
    ex = load_examples(NEWS, options=options, label_fields=["category"])
    assert ex.notes["unit"] == "article"
    assert dict(zip(ex.ids, ex.labels["category"]))["sport/003"] == "sport"
    paras = load_examples(NEWS, unit="paragraph", options=options, label_fields=["category"])
    assert {
        lab for i, lab in zip(paras.ids, paras.labels["category"]) if i.startswith("business/001")
    } == {"business"}
    assert len(paras) > len(ex)


def test_dataset_build_label_from_folder_cli(tmp_path, capsys) -> None:
    out = tmp_path / "ds"
    r = run_cli(
        capsys,
        "dataset",
        "build",
        NEWS,
        "--task",
        OWN / "category.yaml",
        "--label-from-folder",
        "category",
        "--split",
        "random",
        "--out",
        out,
    )
    assert r.code == 0, r.err
    summary = json.loads((out / "dataset.json").read_text())
    assert summary["tasks"] == {"category": ["politics", "sport", "business"]}
    counts = {}
    for part in summary["splits"].values():
        for label, n in part["category"].items():
            counts[label] = counts.get(label, 0) + n
    assert counts == {"politics": 4, "sport": 4, "business": 4}
    assert "12 plain" in r.out


# -- 2. plain articles ------------------------------------------------------------------


def test_plain_articles_keep_every_paragraph_as_body() -> None:
    text = (
        "Carmakers bet on big cars\n\n"
        "Sport Utility Vehicles (SUVs) - the most profitable models - sold well.\n\n"
        "By talking to dealers, it learned more.\n\n"
        "Dealers said demand would last.\n"
    )
    a = parse_article(text, id="x")
    assert a.meta["layout"] == "plain"
    assert a.paragraphs[0].startswith("Sport Utility Vehicles (SUVs) - ")
    assert "By talking to dealers, it learned more." in a.paragraphs
    assert a.source is None and a.author is None and a.dateline is None
    assert a.meta["dropped_paragraphs"] == 0


def test_wire_layout_is_decided_from_the_header_and_drops_are_counted() -> None:
    text = (
        "Ministers meet\n\nWorld | March 3, 2024\n\nBy Ana Lima\n\n"
        "LISBON (Reuters) - Ministers met.\n\nThey agreed.\n\n(Reporting by Ana Lima)\n\n"
        "Our Standards: The Thomson Reuters Trust Principles.\n"
    )
    a = parse_article(text, id="w")
    assert a.meta["layout"] == "wire"
    assert (a.source, a.author, a.paragraphs) == (
        "Reuters",
        "Ana Lima",
        ["Ministers met.", "They agreed."],
    )
    assert a.meta["dropped_paragraphs"] == 2
    # The dateline alone also makes a wire story.
    assert parse_article("T\n\nLONDON (Reuters) - Body.\n", id="d").meta["layout"] == "wire"


def test_dropped_paragraphs_per_file_in_the_summary(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(
        "Title\n\nMarch 3, 2024\n\nBody one.\n\nAll rights reserved.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("Title two\n\nBody two.\n", encoding="utf-8")
    ex = load_examples(tmp_path, labelled=False)
    assert ex.notes["layouts"] == {"wire": 1, "plain": 1}
    assert ex.notes["dropped_paragraphs"] == {str(tmp_path / "a.txt"): 1}


# -- 3. a title the text already starts with ------------------------------------------------


def test_title_not_prepended_twice(tmp_path) -> None:
    path = tmp_path / "t.jsonl"
    rows = [
        {"id": "1", "title": "Banks cut rates", "text": "Banks cut rates\n\nThe cut was small."},
        {"id": "2", "title": "Banks cut rates", "text": "The cut was small."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    units = make_units(read_articles(path), "article")
    assert units[0].text == "Banks cut rates\n\nThe cut was small."
    assert units[1].text == "Banks cut rates\n\nThe cut was small."
