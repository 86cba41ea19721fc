"""Stop 56: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli
from test_stop53 import _BODY, _story
from test_stop54 import _STORY, _page

_HEADLINE = "Belarus frees prisoners as US envoy visits Minsk"


def _nexis(tmp_path, *, publication: str, dateline: str, body: str):
    from classify.articles import read_articles

    path = tmp_path / "nexis.txt"
    head = f"{publication}\nFebruary 3, 2023 Friday\n\n" if publication else ""
    path.write_text(
        f"Envoys agree to reopen embassies\n\n{head}Section: WORLD; Pg. A12\n"
        f"Length: 212 words\nByline: Ana Lima\n{dateline}\nBody\n\n{body}\n\n"
        "The talks will resume in October.\n\nLoad-Date: February 4, 2023\n\nEnd of Document\n",
        encoding="utf-8",
    )
    (article,) = read_articles(path)
    return article


_EMBASSY = "Envoys of both countries agreed on Thursday to reopen their embassies next month."


@pytest.mark.parametrize(
    ("dateline", "body", "agency"),
    [("", f"MINSK (Reuters) - {_EMBASSY}", "Reuters"),
     ("Dateline: Warsaw (AFP)\n", _EMBASSY, "AFP"),
     ("Dateline: New York, September 19, 2023 /PRNewswire/\n", _EMBASSY, "PRNewswire")],
)  # fmt: skip
def test_a_nexis_records_agency_is_kept_beside_its_publication(tmp_path, dateline, body, agency):
    """Check 147: the agency of `MINSK (Reuters) -` in a Nexis body was
    recorded nowhere, nor was a Dateline field's."""
    article = _nexis(tmp_path, publication="The Daily Example", dateline=dateline, body=body)
    assert article.source == "The Daily Example"
    assert article.sources == ["The Daily Example"]  # the outlet that printed it
    assert article.meta["agency"] == agency
    assert article.paragraphs[0] == _EMBASSY


def test_a_nexis_record_without_a_publication_has_its_agency_as_source(tmp_path):
    article = _nexis(tmp_path, publication="", dateline="", body=f"MINSK (Reuters) - {_EMBASSY}")
    assert article.source == "Reuters"
    assert article.sources == ["Reuters"]
    assert "agency" not in article.meta
    assert article.dateline == "MINSK"


@pytest.mark.parametrize("field", ["Dateline: KYIV (Ukraine)\n", "Dateline: Warsaw\n"])
def test_a_region_in_brackets_in_a_dateline_field_is_no_agency(tmp_path, field):
    article = _nexis(tmp_path, publication="The Daily Example", dateline=field, body=_EMBASSY)
    assert "agency" not in article.meta
    assert article.source == "The Daily Example"


def test_a_page_tables_caption_leads_its_unit_not_a_padded_row(tmp_path):
    """Left alone at stop 55: the caption became `| Caption | |`."""
    html = (
        "<html><body><article><h1>Armenia and Azerbaijan resume border talks</h1>"
        f"{_STORY}<table><caption>Rounds of talks by year</caption><tr><th>Year</th>"
        "<th>Rounds</th></tr><tr><td>2022</td><td>4</td></tr><tr><td>2023</td><td>7</td></tr>"
        "</table><p>Officials said a third round could follow in the spring if both sides "
        "agree.</p></article></body></html>"
    )
    article = _page(tmp_path, "table.html", html)
    (table,) = [p for p in article.paragraphs if "Rounds" in p and "2022" in p]
    assert table.startswith("Rounds of talks by year: | Year | Rounds |")
    assert "| |" not in table.replace("| | ", "|")  # no padded empty cells
    assert table.count("Rounds of talks by year") == 1


def test_a_page_table_without_a_caption_is_unchanged(tmp_path):
    html = (
        "<html><body><article><h1>Armenia and Azerbaijan resume border talks</h1>"
        f"{_STORY}<table><tr><th>Year</th><th>Rounds</th></tr><tr><td>2022</td><td>4</td></tr>"
        "</table></article></body></html>"
    )
    article = _page(tmp_path, "table.html", html)
    (table,) = [p for p in article.paragraphs if "Rounds" in p]
    assert table.startswith("| Year | Rounds |")


@pytest.mark.parametrize(
    ("line", "section"),
    [("By John Smith | World | March 4, 2023", "World"),
     ("By John Smith | World News | March 4, 2023 | 3 min read", "World News"),
     ("By John Smith | Reuters | March 4, 2023", None),
     ("By John Smith | March 4, 2023", None)],
)  # fmt: skip
def test_a_section_between_a_byline_and_its_date_is_read(tmp_path, line, section):
    """Left alone since stop 54: `By John Smith | World | March 4, 2023`
    dropped the section."""
    article = _story(tmp_path, f"{_HEADLINE}\n\n{line}\n\n{_BODY}\n")
    assert article.author == "John Smith"
    assert article.date == "2023-03-04"
    assert article.section == section
    assert len(article.paragraphs) == 2


def _stance_model(tmp_path):
    from classify.api import train

    rows = tmp_path / "train.jsonl"
    words = {"favour": "welcome dialogue", "against": "condemn repression", "neutral": "report"}
    with rows.open("w", encoding="utf-8") as f:
        for k in range(36):
            label = list(words)[k % 3]
            text = f"Officials {words[label]} on day {k} of the talks in Minsk."
            row = {"id": f"s{k}", "text": text, "stance": label, "date": f"20{10 + k // 3}-05-01"}
            f.write(json.dumps(row) + "\n")
    return train("configs/stance-tfidf.yaml", data=rows, out=tmp_path / "model")


def test_a_trained_models_metrics_name_its_family_and_name(tmp_path):
    """Left alone at stop 55: only `evaluate`'s metrics.json named the family."""
    model = _stance_model(tmp_path)
    saved = json.loads((tmp_path / "model" / "metrics.json").read_text(encoding="utf-8"))
    assert saved["evaluation"]["family"] == model.model.family == "tfidf-linear"
    assert saved["evaluation"]["model_name"] == model.model.info["name"] == "stance-tfidf"


def test_evaluate_on_its_one_empty_file_offers_no_skip(tmp_path, capsys):
    """Review 143: skipping the only file would leave nothing to evaluate."""
    _stance_model(tmp_path)
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    res = run_cli(capsys, "evaluate", tmp_path / "model", tmp_path / "empty.jsonl")
    assert res.code == 1
    assert "file is empty" in res.err
    assert "--on-error skip" not in res.err


def test_an_empty_file_beside_another_still_offers_the_skip(tmp_path, capsys):
    _stance_model(tmp_path)
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    args = ["evaluate", tmp_path / "model", tmp_path / "empty.jsonl", tmp_path / "train.jsonl"]
    res = run_cli(capsys, *args)
    assert res.code == 1
    assert "file is empty" in res.err and "--on-error skip" in res.err
