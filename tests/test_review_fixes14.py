"""Findings of a new user's review of "any corpus, any task" (issue 14):
each test uses data written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

OWN = Path(__file__).parent / "fixtures" / "own"

FOLDER_TASK = """name: section
kind: multiclass
field: section
labels: [world, markets, culture]
"""

ARTICLES = {
    "world": [
        "Leaders meet\n\nLeaders met in Vienna to discuss the border treaty and elections.\n",
        "Ceasefire holds\n\nThe ceasefire held overnight as diplomats and ministers talked.\n",
        "Summit ends\n\nThe summit of foreign ministers ended with a treaty on borders.\n",
    ],
    "markets": [
        "Shares rise\n\nShares rose as investors bought bonds and stocks on the exchange.\n",
        "Oil falls\n\nOil prices fell and traders sold futures on the commodity exchange.\n",
        "Bank rates\n\nThe central bank raised rates; bond yields and stocks moved.\n",
    ],
    "culture": [
        "Museum opens\n\nThe museum opened a painting exhibition with artists and a gallery.\n",
        "New novel\n\nThe novelist published a novel; critics praised the book and its author.\n",
        "Film festival\n\nThe film festival showed cinema from directors and actors.\n",
    ],
}


def _corpus(root: Path) -> Path:
    for folder, texts in ARTICLES.items():
        (root / folder).mkdir(parents=True)
        for i, text in enumerate(texts, 1):
            (root / folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return root


def _folder_config(tmp_path: Path, label_from_folder: bool) -> Path:
    (tmp_path / "section.yaml").write_text(FOLDER_TASK, encoding="utf-8")
    data = "  label_from_folder: section\n" if label_from_folder else ""
    cfg = tmp_path / "section-tfidf.yaml"
    cfg.write_text(
        "task: section.yaml\nmodel:\n  family: tfidf-linear\n  params: {C: 10.0}\n"
        f"data:\n  path: train\n{data}  split: {{method: random, test_size: 0.34}}\n"
        "seed: 0\nrefit: true\n",
        encoding="utf-8",
    )
    return cfg


# -- 1. evaluate and train on a folder of folders ------------------------------------------


def test_evaluate_applies_the_models_label_from_folder(tmp_path, capsys) -> None:
    _corpus(tmp_path / "train")
    test = _corpus(tmp_path / "testcorpus")
    cfg = _folder_config(tmp_path, label_from_folder=True)
    model = tmp_path / "m"
    r = run_cli(capsys, "train", cfg, "--out", model)
    assert r.code == 0, r.err
    r = run_cli(capsys, "evaluate", model, test, "--out", tmp_path / "ev")
    assert r.code == 0, r.err + r.out
    metrics = json.loads((tmp_path / "ev" / "metrics.json").read_text())
    assert metrics["n"] == 9
    assert set(metrics["per_label"]) == {"world", "markets", "culture"}


def test_train_and_evaluate_take_label_from_folder(tmp_path, capsys) -> None:
    _corpus(tmp_path / "train")
    test = _corpus(tmp_path / "testcorpus")
    cfg = _folder_config(tmp_path, label_from_folder=False)
    model = tmp_path / "m"
    r = run_cli(capsys, "train", cfg, "--label-from-folder", "section", "--out", model)
    assert r.code == 0, r.err + r.out
    saved = json.loads((model / "model.json").read_text())
    assert saved["config"]["data"]["label_from_folder"] == "section"
    r = run_cli(
        capsys, "evaluate", model, test, "--label-from-folder", "section", "--out", tmp_path / "e"
    )
    assert r.code == 0, r.err + r.out
    assert json.loads((tmp_path / "e" / "metrics.json").read_text())["n"] == 9


# -- 3. table rows cut into paragraphs or sentences ------------------------------------------

TITLED = (
    "id,title,text,topics,stance\n"
    'a1,Talks,"Talks began in Vienna.\n\nThey ended late.",sanctions,neutral\n'
    'a2,Rates,"The bank raised rates. Markets fell.",sanctions|human_rights,against\n'
    "a3,Quiet,No labels here.,,\n"
)


@pytest.mark.parametrize(("unit", "n_units"), [("paragraph", 3), ("sentence", 4), ("article", 2)])
def test_units_of_a_labelled_row_inherit_its_labels(tmp_path, unit, n_units) -> None:
    from classify.data import load_examples

    path = tmp_path / "titled.csv"
    path.write_text(TITLED, encoding="utf-8")
    ex = load_examples(path, unit=unit)
    assert len(ex.texts) == n_units  # the unlabelled row a3 is left out
    stance = dict(zip(ex.ids, ex.labels["stance"]))
    if unit == "paragraph":
        assert stance == {"a1:p1": "neutral", "a1:p2": "neutral", "a2:p1": "against"}
    if unit == "sentence":
        assert stance["a2:p1s2"] == "against"
        assert ex.notes["labels_inherited"] is True


def test_dataset_build_rows_by_paragraph_cli(tmp_path, capsys) -> None:
    path = tmp_path / "titled.csv"
    path.write_text(TITLED, encoding="utf-8")
    out = tmp_path / "d"
    r = run_cli(
        capsys, "dataset", "build", path, "--unit", "paragraph", "--split", "none", "--out", out
    )
    assert r.code == 0, r.err + r.out
    summary = json.loads((out / "dataset.json").read_text())
    assert sum(part["n"] for part in summary["splits"].values()) == 3


# -- 2. a title the text repeats, and one it merely shares letters with -----------------------


@pytest.mark.parametrize(
    ("title", "text", "repeated"),
    [
        ("Talks", "Talks", True),
        ("Talks", "Talks began in Vienna.", False),
        ("Talks", "Talksmen met.", False),
        ("Talks begin", "Talks begin. Ministers met in Vienna.", True),
        ("Talks begin", "Talks begin: ministers meet in Vienna", True),
        ("Talks begin", "Talks begin - ministers meet", True),
        ("Talks begin", "Talks begin \u2014 ministers meet", True),
        ("Talks begin.", "Talks begin. Ministers met.", True),
        ("Will talks begin?", "Will talks begin? Nobody knows.", True),
        ("Talks begin", "Talks beginning soon", False),
        ("Talks begin", "Talks begin in Vienna", False),
        ("Talks  begin", "Talks begin", True),
        ("", "Talks begin", False),
        ("Talks begin", "Talks begin.", True),
        ("Talks begin", "Talks begin.Ministers", False),
    ],
)
def test_starts_with_title(title, text, repeated) -> None:
    from classify.units import starts_with_title

    assert starts_with_title(text, title) is repeated


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Talks", "Talks began in Vienna.", "Talks\n\nTalks began in Vienna."),
        ("Talks", "Talks\n\nThey began in Vienna.", "Talks\n\nThey began in Vienna."),
        ("Talks", "Talks\nThey began in Vienna.", "Talks\n\nThey began in Vienna."),
        ("Talks end", "Talks end. They began in Vienna.", "Talks end. They began in Vienna."),
        ("Talks", "They began in Vienna.", "Talks\n\nThey began in Vienna."),
    ],
)
def test_article_unit_of_a_titled_row(tmp_path, title, text, expected) -> None:
    import csv

    from classify.articles import read_articles
    from classify.units import make_units

    path = tmp_path / "rows.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "text"])
        w.writerow(["a3", title, text])
    (unit,) = make_units(read_articles(path), "article")
    assert unit.text == expected


# -- 4. paragraphs before a byline; tickers are not agencies ----------------------------------


@pytest.mark.parametrize(
    ("before", "caption", "body_first"),
    [
        # A sentence with no photo-caption shape: body, not a caption.
        ("The renovated museum reopened with a show of modern painting.", None, True),
        ("It rained. Visitors came anyway!", None, True),
        # A caption's shapes: no closing full stop, or a photo credit.
        (
            "Visitors queue outside the museum in Vienna",
            "Visitors queue outside the museum in Vienna",
            False,
        ),
        (
            "Visitors queue in Vienna, May 3, 2025. REUTERS/Ana Lima",
            "Visitors queue in Vienna, May 3, 2025. REUTERS/Ana Lima",
            False,
        ),
        (
            "Visitors queue in Vienna. Photo: Ana Lima.",
            "Visitors queue in Vienna. Photo: Ana Lima.",
            False,
        ),
    ],
)
def test_every_paragraph_before_a_byline_is_a_unit_or_counted(before, caption, body_first) -> None:
    from classify.articles import parse_article

    text = f"Museum reopens\n\n{before}\n\nBy Ana Lima\n\nVisitors queued for hours.\n"
    a = parse_article(text, id="culture/003")
    assert a.caption == caption
    assert a.author == "Ana Lima"
    if body_first:
        assert a.paragraphs == [before, "Visitors queued for hours."]
        assert a.meta["dropped_paragraphs"] == 0
    else:
        assert a.paragraphs == ["Visitors queued for hours."]
        assert a.meta["dropped_paragraphs"] == 1  # the caption is no unit: counted


def test_caption_without_byline_is_counted() -> None:
    from classify.articles import parse_article

    text = "Vote\n\nPolitics | June 7, 2023\nA voter casts a ballot in Quito\n\nQUITO (Reuters) - It began.\n"
    a = parse_article(text, id="x")
    assert a.caption == "A voter casts a ballot in Quito"
    assert a.meta["dropped_paragraphs"] == 1


@pytest.mark.parametrize(
    ("first", "layout", "source", "kept"),
    [
        ("APPLE (AAPL) - Shares of the company rose.", "plain", None, True),
        ("TESLA (TSLA) — Shares fell.", "plain", None, True),
        ("Alphabet (GOOGL) - Shares rose.", "plain", None, True),
        ("The EU (the bloc) - as expected - agreed.", "plain", None, True),
        ("LONDON (Reuters) - Shares rose.", "wire", "Reuters", False),
        ("PARIS (AFP) - Shares rose.", "wire", "AFP", False),
        ("BERLIN (dpa) - Shares rose.", "wire", "dpa", False),
        ("BEIJING (Xinhua) -- Shares rose.", "wire", "Xinhua", False),
        ("MOSCOW (TASS) - Shares rose.", "wire", "TASS", False),
        ("NEW YORK (Bloomberg) - Shares rose.", "wire", "Bloomberg", False),
        ("(AP) — Shares rose.", "wire", "AP", False),
        ("KYIV, Ukraine (Ukrinform) - Shares rose.", "wire", "Ukrinform", False),
        ("LAGOS, Nigeria (NAN) - Shares rose.", "wire", "NAN", False),
    ],
)
def test_agency_datelines_only_of_agency_shape(first, layout, source, kept) -> None:
    from classify.articles import parse_article

    a = parse_article(f"Title five\n\n{first}\n\nMore text.\n", id="x")
    assert a.meta["layout"] == layout
    assert a.source == source
    assert (a.paragraphs[0] == first) is kept


# -- 5. predict with a target-conditioned model ------------------------------------------------


def test_predict_target_conditioned_writes_text_and_target(tmp_path, capsys) -> None:
    import csv

    stance = OWN / "stance"
    model = tmp_path / "m"
    r = run_cli(capsys, "train", stance / "tfidf.yaml", "--out", model)
    assert r.code == 0, r.err
    rows = tmp_path / "posts.csv"
    with rows.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "tweet", "target"])
        w.writerow(["p1", "We need wind turbines, not reactors.", "wind power"])
        w.writerow(["p2", "We need wind turbines, not reactors.", "nuclear power"])
    out = tmp_path / "pred.jsonl"
    r = run_cli(capsys, "predict", model, rows, "--text-column", "tweet", "--out", out)
    assert r.code == 0, r.err + r.out
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["text"] for g in got] == ["We need wind turbines, not reactors."] * 2
    assert [g["target"] for g in got] == ["wind power", "nuclear power"]
    assert list(got[0])[:4] == ["id", "article_id", "text", "target"]


# -- 6. ReadOptions from the package -------------------------------------------------------------


def test_read_options_is_exported_lazily() -> None:
    import subprocess
    import sys

    import classify
    from classify import ReadOptions
    from classify.tables import ReadOptions as Direct

    assert ReadOptions is Direct and "ReadOptions" in classify.__all__
    code = "import classify, sys; print('classify.tables' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # still imported on first use only


# -- 7. the unit of table rows is "row" ----------------------------------------------------------


def test_model_card_says_rows_for_table_rows(tmp_path, capsys) -> None:
    from classify.data import load_examples

    path = tmp_path / "titled.csv"
    path.write_text(TITLED, encoding="utf-8")
    assert load_examples(path).notes["unit"] == "row"
    assert load_examples(path, unit="article").notes["unit"] == "row"
    assert load_examples(path, unit="paragraph").notes["unit"] == "paragraph"
    model = tmp_path / "m"
    r = run_cli(capsys, "train", OWN / "stance" / "tfidf.yaml", "--out", model)
    assert r.code == 0, r.err
    card = (model / "README.md").read_text() if (model / "README.md").exists() else ""
    card = card or next(model.glob("*card*.md")).read_text()
    assert "| unit | row |" in " ".join(card.split()).replace("  ", " ")
    assert json.loads((model / "model.json").read_text())["training"]["unit"] == "row"
