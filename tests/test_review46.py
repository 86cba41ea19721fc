"""Review 46 (reading, issue 1): what a new user met.

Common date column names of exports and APIs ("Published Date",
``publishedAt``, ``PubDate``) gave no dates, and the date split's error did
not say how to name the column; a news API's outlet object (NewsAPI's
``{"id": null, "name": "Reuters"}``) became its Python text as the outlet; a
Guardian byline alone in its block ("Andrew Roth in Moscow") became a unit;
a table's "no date column" note did not speak again once the file was
rewritten in the same session; a task printed every rule's pattern."""

from __future__ import annotations

import json
import os
import warnings

import pandas as pd
import pytest
from cli_runner import run_cli

import classify
from classify.tasks import load_task, shipped_tasks

from conftest import ROOT


@pytest.mark.parametrize(
    "header",
    [
        "Published Date",
        "published_date",
        "publishedAt",
        "PubDate",
        "Pub. Date",
        "Date of publication",
        "date_publish",
        "webPublicationDate",
        "dateTimePub",
        "publishedOn",
        "seendate",
    ],
)
def test_date_columns_as_exports_and_apis_name_them(tmp_path, header):
    path = tmp_path / "items.csv"
    # GDELT's DOC API writes its seendate in the compact ISO form with a time.
    value = "20190304T120000Z" if header == "seendate" else "2019-03-04"
    path.write_text(f'id,text,"{header}"\n1,Talks resumed in Minsk.,{value}\n', "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read as the date: no "holds dates" note
        (article,) = classify.read_articles(path)
    assert article.date == "2019-03-04"


@pytest.mark.parametrize(
    "header", ["createdAt", "lastModified", "last_updated", "date_modify", "scraped_at"]
)
def test_a_record_time_is_neither_the_date_nor_offered_as_it(tmp_path, header):
    path = tmp_path / "items.csv"
    path.write_text(f"id,text,{header}\n1,Talks resumed in Minsk.,2019-03-04\n", "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "holds dates, pass --date-column" note either
        (article,) = classify.read_articles(path)
    assert article.date is None


def test_a_compact_date_with_a_time_under_a_date_name_is_noted_not_dropped(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("id,text,Day seen\n1,Talks resumed in Minsk.,20190304T120000Z\n", "utf-8")
    with pytest.warns(UserWarning, match="column 'Day seen' holds dates"):
        classify.read_articles(path)


def test_the_date_split_error_says_how_to_name_the_date_column(tmp_path, capsys):
    path = tmp_path / "gold.csv"
    stances = ["favour", "against", "neutral"]
    lines = ["id,text,When Out,stance"] + [
        f"g{i},Talks number {i} between the two governments.,2019-03-0{i % 9 + 1},{stances[i % 3]}"
        for i in range(30)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    res = run_cli(
        capsys, "train", str(ROOT / "configs/stance-tfidf.yaml"), "--data", str(path),
        "--out", str(tmp_path / "m"),
    )  # fmt: skip
    assert res.code == 1
    assert "split 'date' needs a date on every unit" in res.err
    assert "--date-column NAME" in res.err
    fixed = run_cli(
        capsys, "train", str(ROOT / "configs/stance-tfidf.yaml"), "--data", str(path),
        "--date-column", "When Out", "--out", str(tmp_path / "m"), "--no-refit",
    )  # fmt: skip
    assert fixed.code == 0, fixed.err


def _newsapi_rows():
    return [
        {"id": "n1", "text": "Lithuania returned its envoy to Minsk.", "publishedAt":
         "2019-03-04T10:00:00Z", "source": {"id": None, "name": "Reuters"}},
        {"id": "n2", "text": "Talks resumed.", "publishedAt": "2019-03-05",
         "source": {"id": "bbc-news", "name": "BBC News"}},
        {"id": "n3", "text": "Event Registry gives a title.", "publishedAt": "2019-03-06",
         "source": {"uri": "apnews.com", "title": "Associated Press"}},
        {"id": "n4", "text": "An object that names no outlet.", "source": {"rank": 3}},
    ]  # fmt: skip


def test_an_outlet_object_of_a_news_api_is_its_name_in_jsonl_csv_and_dataframes(tmp_path):
    rows = _newsapi_rows()
    jsonl = tmp_path / "newsapi.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    frame = pd.DataFrame(rows)
    csv = tmp_path / "newsapi.csv"
    frame.to_csv(csv, index=False)  # the objects as Python reprs: "{'id': None, ...}"
    assert "{'id': None, 'name': 'Reuters'}" in csv.read_text("utf-8")
    expected = [["Reuters"], ["BBC News"], ["Associated Press"], []]
    for source in (jsonl, csv, frame):
        articles = classify.read_articles(source)
        assert [a.sources for a in articles] == expected
        assert [a.source for a in articles] == ["Reuters", "BBC News", "Associated Press", None]
        assert [a.date for a in articles][:3] == ["2019-03-04", "2019-03-05", "2019-03-06"]


def test_an_outlet_list_or_plain_name_in_braces_is_not_taken_for_an_object():
    from classify.articles import split_outlets

    assert split_outlets("{Reuters}") == ["{Reuters}"]
    assert split_outlets('{"name": "Nullarbor News"}') == ["Nullarbor News"]
    assert split_outlets(["Reuters", {"name": "AP"}]) == ["Reuters", "AP"]
    # pandas writes a missing id as nan, which Python cannot read back as a literal.
    assert split_outlets("{'id': nan, 'name': 'Reuters'}") == ["Reuters"]
    assert split_outlets("{'id': nan, 'name': 'nan bread'}") == ["nan bread"]


@pytest.mark.parametrize(
    ("header", "byline", "author"),
    [
        # Masthead and date, then the headline, then the byline alone.
        ("The Guardian\nTuesday 12 March 2019\n\n{title}\n\n", "Andrew Roth in Moscow",
         "Andrew Roth"),
        # Headline, date line, then two reporters and a place.
        ("{title}\n\nTue 12 Mar 2019 10.00 GMT\n\n", "Andrew Roth and Pjotr Sauer in Moscow",
         "Andrew Roth and Pjotr Sauer"),
        ("{title}\n\nTue 12 Mar 2019 10.00 GMT\n\n", "Shaun Walker in Budapest",
         "Shaun Walker"),
        # A place after each reporter, or after the first only; agency copy.
        ("{title}\n\nTue 12 Mar 2019 10.00 GMT\n\n",
         "Isobel Koshiw in Kyiv and Dan Sabbagh in London", "Isobel Koshiw and Dan Sabbagh"),
        ("{title}\n\nTue 12 Mar 2019 10.00 GMT\n\n",
         "Shaun Walker in Budapest and Flora Garamvolgyi", "Shaun Walker and Flora Garamvolgyi"),
        ("{title}\n\nTue 12 Mar 2019 10.00 GMT\n\n", "Julian Borger in Washington and agencies",
         "Julian Borger"),
        ("{title}\n\nTue 12 Mar 2019 10.00 GMT\n\n", "Guardian staff and agencies",
         "Guardian staff and agencies"),
        # No date line at all: headline, byline, body.
        ("{title}\n\n", "Andrew Roth in Moscow", "Andrew Roth"),
    ],
)  # fmt: skip
def test_a_guardian_byline_alone_in_its_block_is_the_author_not_a_unit(
    tmp_path, header, byline, author
):
    title = "Belarus activists jailed after unsanctioned rally"
    body = [
        "Three activists were sentenced to prison on Tuesday after an unsanctioned rally in "
        "Minsk, their lawyers said.",
        "The court rejected their appeal, a spokesman for a rights group said.",
    ]
    path = tmp_path / "article.txt"
    path.write_text(header.format(title=title) + byline + "\n\n" + "\n\n".join(body) + "\n")
    (article,) = classify.read_articles(path)
    assert article.title == title
    assert article.date == ("2019-03-12" if "2019" in header else None)
    assert article.author == author
    assert article.paragraphs == body


@pytest.mark.parametrize("date_line", ["Tue 12 Mar 2019 10.00 GMT\n\n", ""])
@pytest.mark.parametrize(
    "first",
    [
        "Officials met in Minsk on Tuesday to discuss the return of ambassadors.",
        "Lukashenko in Minsk",  # one name word: no person's name
        "Nothing changed.",
        "Marc Bennetts",  # a bare name alone in its block: maybe a subheading, kept
    ],
)
def test_a_body_line_in_its_own_block_under_the_header_stays_body(tmp_path, date_line, first):
    body = [first, "Both sides said the talks were constructive."]
    path = tmp_path / "article.txt"
    path.write_text("Talks resume\n\n" + date_line + "\n\n".join(body) + "\n")
    (article,) = classify.read_articles(path)
    assert article.author is None
    assert article.paragraphs == body


def test_the_no_date_column_note_speaks_again_for_a_rewritten_file(tmp_path):
    path = tmp_path / "items.csv"

    def notes(header: str, when: int) -> list[str]:
        path.write_text(f"id,text,{header}\n1,Talks resumed in Minsk.,2019-03-04\n", "utf-8")
        os.utime(path, ns=(when, when))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            classify.read_articles(path)
        return [str(w.message) for w in caught if "no 'date' column" in str(w.message)]

    assert len(notes("When Out", 10**18)) == 1
    # Read again unchanged: said once per table, not once per read.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.read_articles(path)
    assert not [w for w in caught if "no 'date' column" in str(w.message)]
    # The same file by another spelling of its path is the same table.
    relative = os.path.relpath(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.read_articles(relative)
    assert not [w for w in caught if "no 'date' column" in str(w.message)]
    again = notes("Story Day", 2 * 10**18)
    assert len(again) == 1 and "'Story Day'" in again[0]


def test_a_task_prints_short():
    task = load_task(shipped_tasks()["stance-rules"])
    shown = repr(task)
    assert shown.startswith("Task('stance', multiclass, labels=('favour', 'against', 'neutral')")
    assert f"{len(task.rules)} rules" in shown
    assert len(shown) < 120
