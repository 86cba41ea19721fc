"""Review 43 (reading real corpora, issue 9): what a new user met.

Empty multilabel cells beside a filled label were read as "no label"
without a word (and could not be said to mean "not yet labelled"); a table
saved as ``.txt`` was read as one article; the encoding hint always named
cp1252; a header with a column twice kept the last; Excel's ``sep=;`` line
was the header; ISO weeks were read as months and year 24 as a date; a date
split by share recorded a cutoff that does not give it; a month-first date
in a chunked run advised a resume that is refused; the same text in NFC and
NFD scored differently; scraped cells with a paragraph per line, HTML in
cells, paragraphs marked by indentation, wire sign-offs and a credit above
the story were misread."""

from __future__ import annotations

import json
import unicodedata
import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify
from classify.dates import parse_date
from classify.errors import ClassifyError

from conftest import ROOT


@pytest.fixture(scope="module")
def topic_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("rev43")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return train_tfidf("topic", data, root / "topic")


TABLE = (
    "id,text,topics,stance\n"
    "1,Talks resume in Minsk as embassies reopen.,,favour\n"
    "2,Sanctions hit potash exports again.,sanctions,against\n"
    "3,Prisoners freed after the talks.,human_rights,favour\n"
    "4,Officials met again on Monday.,,neutral\n"
)


def test_empty_topic_cells_beside_a_stance_are_said_and_can_mean_unlabelled(tmp_path, capsys):
    data = tmp_path / "e.csv"
    data.write_text(TABLE, encoding="utf-8")
    r = run_cli(capsys, "dataset", "build", data, "--out", tmp_path / "d1")
    assert r.code == 0, r.err
    said = " ".join(r.err.split())
    assert "2 rows have an empty 'topics' cell beside a filled label, read as no label" in said
    assert "'empty_cell: unlabelled'" in said
    summary = json.loads((tmp_path / "d1" / "dataset.json").read_text())
    assert summary["unlabelled"].get("topics", 0) == 0
    task = tmp_path / "topic.yaml"
    task.write_text(
        (ROOT / "configs" / "tasks" / "topic.yaml").read_text(encoding="utf-8")
        + "\nempty_cell: unlabelled\n",
        encoding="utf-8",
    )
    r = run_cli(
        capsys, "dataset", "build", data, "--task", task, "--out", tmp_path / "d2"
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "empty 'topics' cell" not in r.err
    assert "2 units are unlabelled for 'topics'" in " ".join(r.out.split())
    bad = tmp_path / "bad.yaml"
    bad.write_text(task.read_text().replace("empty_cell: unlabelled", "empty_cell: maybe"))
    r = run_cli(capsys, "dataset", "build", data, "--task", bad, "--out", tmp_path / "d3")
    assert (
        r.code == 1
        and "key 'empty_cell' is 'maybe' (allowed: none, unlabelled, always_none)" in r.err
    )


def test_a_table_saved_as_txt_is_refused_and_an_article_is_not(tmp_path, capsys):
    for name, sep in (("tab.txt", "\t"), ("comma.txt", ",")):
        path = tmp_path / name
        path.write_text(
            sep.join(["id", "text", "date", "stance"])
            + "\n"
            + "\n".join(
                sep.join([str(i), f"Ministers met in round {i}.", "04.12.2026", "favour"])
                for i in range(3)
            ),
            encoding="utf-8",
        )
        with pytest.raises(ClassifyError, match="looks like a table, not an article"):
            classify.read_articles([path])
    article = tmp_path / "a.txt"
    article.write_text(
        "Text, talks and trade\n\nMINSK, March 3, 2024 - Officials met, talked, and left.\n\n"
        "Both sides, again, said little.\n",
        encoding="utf-8",
    )
    (read,) = classify.read_articles([article])
    assert read.title == "Text, talks and trade" and len(read.paragraphs) == 2


def test_the_encoding_hint_names_the_likely_codec(tmp_path, capsys):
    text = (
        "Заголовок статьи о переговорах\n\nМИНСК, 16 мая (БелТА) – Министры иностранных дел "
        "встретились в понедельник, чтобы обсудить восстановление посольств и санкции.\n\n"
        "Переговоры продолжатся на следующей неделе, сообщили в министерстве.\n"
    )
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    r = run_cli(capsys, "dataset", "build", path, "--out", tmp_path / "d")
    assert r.code == 1 and "it reads as cp1251 (" in r.err
    assert "): pass --encoding cp1251" in r.err
    (read,) = classify.read_articles([path], options=classify.ReadOptions(encoding="cp1251"))
    assert read.dateline == "МИНСК"


def test_a_column_twice_is_refused_and_excels_sep_line_is_read(tmp_path, capsys):
    dup = tmp_path / "dup.csv"
    dup.write_text("id,text,Text,stance\n1,First text.,Second text.,favour\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="column 'text' is in the header twice"):
        classify.read_articles([dup])
    sep = tmp_path / "sep.csv"
    sep.write_text(
        "sep=;\r\nid;text;stance\r\n1;First text, with a comma.;favour\r\n", encoding="utf-8"
    )
    (row,) = classify.read_articles([sep], label_fields=("stance",))
    assert row.id == "1" and row.paragraphs == ["First text, with a comma."]
    assert row.labels["stance"] == "favour"


def test_iso_weeks_and_two_digit_years_are_not_misread():
    assert parse_date("2024-W10-3") == "2024-03-06"
    assert parse_date("2024W101") == "2024-03-04"
    with pytest.raises(ClassifyError, match="an ISO week has no one day or month"):
        parse_date("2024-W10")
    with pytest.raises(ClassifyError, match="year 24 \\(a year of two digits"):
        parse_date("0024-03-05")
    assert parse_date("1946-10-23") == "1946-10-23"


def test_a_date_split_by_share_records_a_cutoff_that_gives_it(tmp_path):
    rows = [
        {"id": f"r{i}", "text": f"Talks in Minsk, round {i}.", "stance": "neutral", "date": d}
        for i, d in enumerate(
            [
                "2015",
                "2016-03-01",
                "2016",
                "2016-12-30",
                "2017-01-01",
                "2017-01-09",
                "2017",
                "2017-06",
                "2018-02-01",
                "2018",
            ]
        )
    ]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    # 2017-01-09 ends the earlier side at 0.3: its cutoff was 2017-01-01
    # (the first day of the later side's "2017"), which puts it on the later.
    # At 0.5 the cut nearest the share (stop 48) tests 5 of 10: 2017-01-01
    # ends the earlier side, so the cutoff that gives it is 2017-01-02.
    for share, cutoff in ((0.2, "2018-01-01"), (0.3, "2017-01-10"), (0.5, "2017-01-02")):
        summary = classify.build_dataset(
            data, tmp_path / f"ds{share}", split="date", test_size=share
        )
        assert summary["split"]["cutoff_used"] == cutoff
        again = classify.build_dataset(data, tmp_path / f"c{share}", split="date", cutoff=cutoff)
        for side in ("train", "test"):
            assert again["splits"][side]["n"] == summary["splits"][side]["n"]


def test_a_month_first_date_in_a_chunked_run_says_start_over(topic_model, tmp_path, capsys):
    lines = ["id,text,date"]
    lines += [f"{i},Officials met in Minsk for talks number {i}.,03/04/2025" for i in range(6)]
    lines.append("9,Officials met again in Minsk.,12/31/2025")
    data = tmp_path / "us.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "p.jsonl"
    r = run_cli(capsys, "predict", topic_model, data, "--chunk-size", "2", "--out", out)
    assert r.code != 0
    said = " ".join(r.err.split())
    assert "--date-order month-first" in said and "--overwrite (not --resume)" in said
    r = run_cli(
        capsys, "predict", topic_model, data, "--chunk-size", "2", "--out", out,
        "--date-order", "month-first", "--overwrite",
    )  # fmt: skip
    assert r.code == 0, r.err


def test_composed_and_decomposed_accents_are_one_text(topic_model, tmp_path, capsys):
    text = "Le président de l'Élysée a salué la levée des sanctions contre la Biélorussie."
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    model = classify.load_model(topic_model)
    proba = model.predict_proba([text, nfd]).to_numpy()
    assert (proba[0] == proba[1]).all()
    data = write_jsonl(tmp_path / "n.jsonl", [{"id": "a", "text": text}, {"id": "b", "text": nfd}])
    out = tmp_path / "n-out.jsonl"
    assert run_cli(capsys, "predict", topic_model, data, "--out", out).code == 0
    a, b = (json.loads(line) for line in out.read_text().splitlines())
    assert a["p_sanctions"] == b["p_sanctions"] and a["text"] == b["text"] == text


def test_cells_with_a_paragraph_per_line_or_html_are_cut_as_written(tmp_path):
    rows = [
        {
            "id": "scraped",
            "text": "EU eases sanctions on Belarusian potash\n"
            "The European Union eased some sanctions on Tuesday.\n"
            "The decision followed months of talks between officials.\n"
            "Diplomats said more steps could follow next year.",
        },
        {
            "id": "wrapped",
            "text": "The European Union eased some sanctions on\n"
            "Belarusian potash on Tuesday after months of\n"
            "talks between officials in Brussels and Minsk.\n"
            "Diplomats said more steps could follow.",
        },
        {
            "id": "cms",
            "text": "<p>The EU eased sanctions &amp; lifted a ban.</p>"
            "<p>Officials&nbsp;welcomed it.<br/>Others did not.</p>",
        },
    ]
    got = {
        a.id: a.paragraphs
        for a in classify.read_articles([write_jsonl(tmp_path / "c.jsonl", rows)])
    }
    assert len(got["scraped"]) == 4 and got["scraped"][1].startswith("The European Union")
    assert len(got["wrapped"]) == 1 and "sanctions on Belarusian potash" in got["wrapped"][0]
    assert got["cms"] == [
        "The EU eased sanctions & lifted a ban.",
        "Officials welcomed it. Others did not.",
    ]


def test_wire_layouts_indentation_sign_offs_and_a_credit_above_the_story(tmp_path):
    indented = tmp_path / "ind.txt"
    indented.write_text(
        "Talks resume in Minsk\n\n"
        "    MINSK, March 3, 2024 (Reuters) - Officials from the two countries met on\n"
        "Monday to discuss reopening embassies, a diplomat said.\n"
        "    The talks follow the release of prisoners last year, and both sides\n"
        "called them constructive.\n"
        "    A further round is planned for April in Vilnius.\n",
        encoding="utf-8",
    )
    signed = tmp_path / "signed.txt"
    signed.write_text(
        "Turkey and Syria talk\n\nANKARA, May 2 (Reuters) - Officials from Turkey and Syria met "
        "on Tuesday to discuss trade and border security.\n\nBoth sides said the talks were "
        "useful and would continue next month.\n\n(This story has been refiled to fix a typo "
        "in paragraph 2)\n\n-- Reporting by Ece Toksabay; writing by Daren Butler\n\n"
        "Share this article: Facebook | X | Copy link\n\nBy Reuters\n",
        encoding="utf-8",
    )
    dpa = tmp_path / "dpa.txt"
    dpa.write_text(
        "Gespräche in Minsk\n\nMINSK (dpa) - Die Gespräche wurden am Montag fortgesetzt, "
        "teilten Diplomaten mit.\n\nEine weitere Runde ist für April geplant, hieß es.\n\n"
        "dpa/ab/xyz\n",
        encoding="utf-8",
    )
    credited = tmp_path / "credited.txt"
    credited.write_text(
        "Lithuania opens border crossing\n\nSept. 3, 2025\n\nReporting by Jane Doe\n\n"
        "VILNIUS (Reuters) - Lithuania reopened a border crossing with Belarus on Wednesday.\n\n"
        "Officials said the decision followed talks between the two governments.\n\n"
        "Trucks had queued for days at the crossing, drivers told reporters there.\n",
        encoding="utf-8",
    )
    a, b, c, d = classify.read_articles([indented, signed, dpa, credited])
    assert a.dateline == "MINSK" and len(a.paragraphs) == 3
    assert a.paragraphs[1].startswith("The talks follow") and a.paragraphs[1].endswith(
        "constructive."
    )
    assert (
        len(b.paragraphs) == 2 and b.credits == "Reporting by Ece Toksabay; writing by Daren Butler"
    )
    assert len(c.paragraphs) == 2 and not any("dpa/" in p for p in c.paragraphs)
    assert d.credits == "Reporting by Jane Doe" and d.dateline == "VILNIUS"
    assert len(d.paragraphs) == 3 and not d.meta.get("trailer")


def test_no_warning_where_every_empty_topic_cell_is_written_as_a_list(tmp_path):
    data = tmp_path / "l.csv"
    data.write_text(TABLE.replace(",,", ",[],"), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.build_dataset(data, tmp_path / "ds")
    assert not any("empty 'topics' cell" in str(w.message) for w in caught)
    with pytest.warns(UserWarning, match="2 rows have an empty 'topics' cell"):
        (tmp_path / "e.csv").write_text(TABLE, encoding="utf-8")
        classify.build_dataset(tmp_path / "e.csv", tmp_path / "ds2")


def test_a_browser_copy_loses_its_carousel_promo_and_rules(tmp_path):
    page = tmp_path / "copy.txt"
    page.write_text(
        "Belarus frees prisoners\n\nBy Anna Berg\n\nSeptember 11, 2025 4:05 PM UTC\n\n"
        "Item 1 of 3 Belarusian President Alexander Lukashenko attends a meeting in Minsk, "
        "Belarus. REUTERS/Stringer/File Photo Purchase Licensing Rights\n\n"
        "VILNIUS, Sept 11 (Reuters) - Belarus freed 52 prisoners on Thursday after talks "
        "with a U.S. envoy, officials said.\n\n"
        "Get weekly news and analysis on the region delivered to your inbox. Sign up here.\n\n"
        "Freed prisoners walk out of a prison gate near Minsk. (AP Photo/Jane Roe)\n\n"
        "___\n\nThe United States eased some sanctions in return, officials said.\n",
        encoding="utf-8",
    )
    (a,) = classify.read_articles([page])
    assert (a.author, a.date, a.dateline) == ("Anna Berg", "2025-09-11", "VILNIUS")
    assert a.paragraphs == [
        "Belarus freed 52 prisoners on Thursday after talks with a U.S. envoy, officials said.",
        "The United States eased some sanctions in return, officials said.",
    ]


def test_an_indented_quotation_in_blank_line_paragraphs_stays_one_paragraph(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "Statement on Belarus\n\nMINSK, March 3, 2024 (Reuters) - The minister said:\n\n"
        "    We stand with\n    the people of Belarus.\n\nOfficials said more talks were "
        "planned.\n\nThe embassy will reopen in April.\n\n-- With reporting by Jan Novak\n\n"
        "-- Reuters\n",
        encoding="utf-8",
    )
    (a,) = classify.read_articles([path])
    assert a.paragraphs == [
        "The minister said:",
        "We stand with the people of Belarus.",
        "Officials said more talks were planned.",
        "The embassy will reopen in April.",
    ]
    assert a.credits == "With reporting by Jan Novak"
    assert parse_date("2024-W10-3T10:00") == "2024-03-06"


def test_a_quoted_sep_line_and_a_pandas_list_of_outlets(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "\"sep=;\"\nid;text;sources\n1;Talks resumed in Minsk.;\"['Reuters', 'AP']\"\n",
        encoding="utf-8",
    )
    (row,) = classify.read_articles([path])
    assert row.paragraphs == ["Talks resumed in Minsk."]
    assert row.outlets == ["Reuters", "AP"] and row.source == "Reuters"
