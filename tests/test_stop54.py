"""Stop 54: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import pytest
from test_stop53 import _BODY, _story

_HEADLINE = "Belarus frees prisoners as US envoy visits Minsk"


@pytest.mark.parametrize(
    "cell",
    ["2020 / 2021", "2021–22", "2021-22", "2020/21", "December 2022-January 2023",
     "Dec. 2022-Jan. 2023", "May 30-June 2, 2023", "10.–12. Juni 2024", "10. bis 12. Juni 2024",
     "10-12 de junio de 2024", "du 10 au 12 juin 2024", "3 a 5 de março de 2024",
     "с 2 по 4 мая 2023"],
)  # fmt: skip
def test_spans_of_years_months_and_foreign_days_are_named_as_spans(cell):
    """Check 128: these got the generic "cannot read date" message (or "no
    month 22"), which does not say what is wrong."""
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "read"),
    [("2021-12", "2021-12"), ("2023-Jan-12", "2023-01-12"), ("12-Jan-2023", "2023-01-12"),
     ("10. Juni 2024", "2024-06-10"), ("10 de junio de 2024", "2024-06-10"), ("2024 / 05", "2024-05"),
     ("12.06.2024", "2024-06-12"), ("3/4/2024", "2024-04-03")],
)  # fmt: skip
def test_single_dates_near_the_new_span_rules_still_read(cell, read):
    from classify.dates import parse_date

    assert parse_date(cell) == read


def test_a_year_then_an_earlier_or_month_number_is_no_year_span():
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError) as err:
        parse_date("2021-19")  # "19" is before "21": a typo, not a span
    assert "a range or list" not in err.value.message


@pytest.mark.parametrize(
    "line",
    ["10.–12. Juni 2024", "10-12 de junio de 2024", "du 10 au 12 juin 2024",
     "3 a 5 de março de 2024", "с 2 по 4 мая 2023", "December 2022-January 2023", "2021–22"],
)  # fmt: skip
def test_a_foreign_or_month_span_under_the_headline_is_an_undated_date_line(tmp_path, line):
    """Check 128: a span in German, Spanish, Portuguese, French or Russian
    under the headline was joined to the headline."""
    article = _story(tmp_path, f"{_HEADLINE}\n{line}\nBy Jane Doe\n\n{_BODY}\n")
    assert article.title == _HEADLINE
    assert article.date is None and article.meta["date_written"] == line
    assert article.author == "Jane Doe" and len(article.paragraphs) == 2


def test_a_sentence_holding_a_foreign_span_under_the_headline_is_no_date_line(tmp_path):
    article = _story(
        tmp_path, f"{_HEADLINE}\nGipfel vom 10. bis 12. Juni 2024\nBy Jane Doe\n\n{_BODY}\n"
    )
    assert "date_written" not in article.meta


@pytest.mark.parametrize(
    "line",
    ["Par l'AFP et Reuters", "Par l’AFP", "By AP and Reuters staff and wires", "Por la AFP y EFE",
     "By the Associated Press", "By Reuters and AFP staff", "From our correspondent in Minsk"],
)  # fmt: skip
def test_a_byline_naming_no_one_makes_a_story_without_dateline_a_wire_story(tmp_path, line):
    """Check 125: with no date line and no dateline, such a byline made the
    story 'plain', and the byline became its first unit."""
    article = _story(
        tmp_path,
        f"{_HEADLINE}\n\n{line}\n\nBelarus released 14 prisoners, its agency said.\n\nThe move came.\n",
    )
    assert article.author is None and article.meta["layout"] == "wire"
    assert article.paragraphs == [
        "Belarus released 14 prisoners, its agency said.",
        "The move came.",
    ]


@pytest.mark.parametrize("line", ["By AP standards, the talks were long.", "By talking, they won."])
def test_a_plain_story_opening_with_by_stays_plain(tmp_path, line):
    article = _story(tmp_path, f"{_HEADLINE}\n\n{line}\n\nThe move came.\n")
    assert article.meta["layout"] == "plain" and article.paragraphs[0] == line


@pytest.mark.parametrize(("method", "said"), [("cv", True), ("holdout", False), ("test", False)])
def test_the_bootstrap_note_speaks_of_folds_only_where_there_were_folds(method, said):
    """Check 128: "not the folds' groups" was said of a held-out test side."""
    from classify.reports import _bootstrap_note

    note = _bootstrap_note({"ci95": {"macro_f1": [0.1, 0.2]}, "n": 246,
                            "bootstrap": {"n_resamples": 1000, "n_groups": 227},
                            "evaluation": {"method": method}})  # fmt: skip
    assert "resampling 227 clusters of units" in note
    assert ("folds' groups" in note) is said


@pytest.mark.parametrize(("dated", "allowed"), [(True, "by article or date (a split"),
                                                (False, "by article (a split")])  # fmt: skip
def test_grouping_by_source_without_outlets_offers_only_the_groupings_that_work(
    tmp_path, dated, allowed
):
    """Review 126: undated units were offered 'date', which then fails; check 133:
    'paragraph' is no --split value."""
    import json

    from classify.data import load_examples
    from classify.errors import ClassifyError

    rows = [{"id": f"u{i}", "text": f"Talks number {i}.", "stance": "neutral",
             **({"date": f"201{i}-01-01"} if dated else {})} for i in range(4)]  # fmt: skip
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(ClassifyError) as err:
        load_examples([path]).groups("source")
    assert f"split or group them another way: {allowed}" in err.value.message


def test_compare_with_a_folder_label_no_task_reads_says_so_as_evaluate_does(tmp_path, capsys):
    """Review 127: compare said only "no 'desk' labels in the data"."""
    from cli_runner import run_cli

    own = __import__("conftest").ROOT / "tests/fixtures/own"
    for name in ("a", "b"):
        res = run_cli(capsys, "train", own / "category-tfidf.yaml", "--out", tmp_path / name)
        assert res.code == 0, res.err
    res = run_cli(capsys, "compare", tmp_path / "a", tmp_path / "b", "--data", own / "news",
                  "--label-from-folder", "desk", "--out", tmp_path / "c")  # fmt: skip
    assert res.code == 1
    assert (
        "read only 'desk'; --label-from-folder desk labels the field 'desk', which no task"
        in res.err
    )
    assert "(--label-from-folder category)" in res.err and not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    ("line", "author", "section"),
    [("Sept. 3, 2024 | By Jane Doe", "Jane Doe", None), ("Sept. 3, 2024 · By Jane Doe", "Jane Doe", None),
     ("World | Sept. 3, 2024 | By Jane Doe | 3 min read", "Jane Doe", "World"),
     ("Sept. 3, 2024 | By Reuters staff", None, None)],
)  # fmt: skip
def test_a_date_line_then_a_byline_on_one_line_gives_both(tmp_path, line, author, section):
    """Review 127 (left alone at stop 53): the line was joined to the
    headline, and the article was undated and had no author."""
    article = _story(tmp_path, f"{_HEADLINE}\n{line}\n\n{_BODY}\n")
    assert article.title == _HEADLINE and article.date == "2024-09-03"
    assert article.author == author and article.section == section
    assert len(article.paragraphs) == 2


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    tmp = tmp_path_factory.mktemp("stop54_model")
    return train_tfidf("stance", write_jsonl(tmp / "train.jsonl", labelled_rows()), tmp / "stance")


def _kovalenko_corpus(folder):
    folder.mkdir()
    (folder / "b03.txt").write_text(
        "Ukraine urges more sanctions on Belarus\n\n"
        "MINSK (Reuters) - “We want stronger sanctions on Belarus and on Russia,” said Defence "
        "Minister Oleksandr Kovalenko.\n\nHis deputy, Iryna Kovalenko, struck a softer tone. "
        "“Talks with Minsk are possible if the prisoners are freed,” she said.\n\n"
        "“I stand by every word I said on Monday,” Kovalenko told Reuters.\n",
        encoding="utf-8",
    )
    (folder / "b04.txt").write_text(
        "Kyiv weighs talks\n\nKYIV (Reuters) - “There will be no talks while prisoners are "
        "held,” Kovalenko said on Tuesday.\n",
        encoding="utf-8",
    )
    return folder


def test_a_surname_an_article_gives_two_people_is_never_one_of_them_across_the_corpus(
    tmp_path, stance_model
):
    """Review 132: Iryna Kovalenko is quoted only as "she", so the corpus
    step counted one full name and gave her colleague's quotation to him."""
    from classify import api
    from classify.articles import read_articles
    from classify.quotes import extract_quotes

    folder = _kovalenko_corpus(tmp_path / "kov")
    first = read_articles(folder / "b03.txt")[0]
    quotes = extract_quotes(first)
    assert [q.speaker for q in quotes] == ["Oleksandr Kovalenko", None, "Kovalenko"]
    assert quotes[2].namesakes == ("Oleksandr Kovalenko", "Iryna Kovalenko")
    assert quotes[0].namesakes == ()
    table = api.analyse(stance_model, folder, unit="quote", by="speaker", n_bootstrap=10)
    groups = table.drop_duplicates("group").set_index("group")["n_units"].to_dict()
    assert groups["Kovalenko"] == 2 and groups["Oleksandr Kovalenko"] == 1
    assert table.attrs.get("surnames", {}) == {}


def test_the_namesakes_travel_in_a_predictions_file_to_analyse(tmp_path, capsys, stance_model):
    from cli_runner import run_cli

    folder = _kovalenko_corpus(tmp_path / "kov")
    for name in ("q.jsonl", "q.csv", "q.parquet"):
        res = run_cli(capsys, "predict", stance_model, folder, "--unit", "quote", "--out",
                      tmp_path / name)  # fmt: skip
        assert res.code == 0, res.err
        res = run_cli(capsys, "analyse", stance_model, "--predictions", tmp_path / name, "--by",
                      "speaker", "--bootstrap", "10", "--out", tmp_path / f"an-{name[2:]}")  # fmt: skip
        assert res.code == 0, res.err
        assert "read as the one full name" not in res.err + res.out


@pytest.mark.parametrize(
    ("paragraphs", "speaker", "mention", "title"),
    [
        # Review 132: the mention began inside a word, and "man" was a title.
        (['The convener of the Civil Human Rights Front Jimmy Sham says that the law is a '
          '"nuclear bomb dropped on the city".'], "Jimmy Sham", "Rights Front Jimmy Sham", None),
        (['U.S. National Security Advisor Mike Waltz says Iran must agree to "full dismantlement" '
          'of its programme.'], "Mike Waltz", "Security Advisor Mike Waltz", "U.S. National Security Advisor"),
        # Review 132: a body's name with "for" was cut to "Human Rights".
        (['The Syrian Observatory for Human Rights says that an "unknown number" of people died.'],
         "Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights", None),
        (['The Ministry of Electronics and Information Technology said the rules were "fair and '
          'clear to all".'], "Ministry of Electronics and Information Technology",
         "Ministry of Electronics and Information Technology", None),
        (['The UK Foreign and Commonwealth Office said the hack showed "malicious intent" again.'],
         "UK Foreign and Commonwealth Office", "UK Foreign and Commonwealth Office", None),
        # A body with "and" inside a title before the name.
        (['Minister of Trade and Industry Jan Kowalski said rates were "likely to fall soon".'],
         "Jan Kowalski", "Jan Kowalski", "Minister of Trade and Industry"),
        (['"The rules are fair and clear to all," said Minister of Trade and Industry Jan Kowalski.'],
         "Jan Kowalski", "Jan Kowalski", "Minister of Trade and Industry"),
        # Two countries are governments: no person.
        (['China and the United States said the deal was a "first phase" only.'], None,
         "China and the United States", None),
        # Review 132: "Another analyst, X, said" was missed.
        (['Another analyst, Artyom Shraibman, said the deal was “mostly about prisoners, and very '
          'little about geopolitics”.'], "Artyom Shraibman", "Artyom Shraibman", "Another analyst"),
        # Review 132: an apposition naming no role took the title's place.
        (['Senator Jeanne Shaheen, a Democrat, chaired the hearing.',
          '"We must keep the pressure on Minsk," Shaheen said.',
          '"The prisoners must all be freed first," the senator told the panel.'],
         "Jeanne Shaheen", "the senator", "Senator"),
        # Review 132: a possessive apposition is the title for later quotations too.
        (['"We will not lift the sanctions this year," said Jan Kowalski, Poland’s deputy trade '
          'minister.', 'Talks went on.', '"The door remains open for a deal," Kowalski said.'],
         "Jan Kowalski", "Kowalski", "Poland’s deputy trade minister"),
    ],
)  # fmt: skip
def test_speakers_of_bodies_and_titles_are_read_whole(paragraphs, speaker, mention, title):
    from classify.quotes import extract_quotes

    last = extract_quotes(paragraphs)[-1]
    assert (last.speaker, last.mention, last.title) == (speaker, mention, title)


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [('"There is no one left to talk to," said Julian Assange of Wikileaks.', "Julian Assange"),
     ('President of Russia Vladimir Putin said the talks were "going very well indeed".', "Vladimir Putin"),
     ('U.N. High Commissioner for Human Rights Volker Türk said the law was "deeply troubling".',
      "Volker Türk"),
     ('Wikipedia co-founder Jimmy Wales said: "Welcome back, Turkey, to the free web!"', "Jimmy Wales")],
)  # fmt: skip
def test_a_person_before_of_or_after_a_titles_body_stays_the_speaker(paragraph, speaker):
    from classify.quotes import extract_quotes

    assert [q.speaker for q in extract_quotes([paragraph])] == [speaker]


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [('"High tides are coming this week," said the Australian Bureau of Meteorology.',
      "Australian Bureau of Meteorology"),
     ('"We will reopen soon," said the U.S. Embassy in Minsk.', "U.S. Embassy in Minsk"),
     ('Having known both, Peter Gordon of Slater and Gordon says this is "the seductive and '
      'compulsive draw of power".', "Peter Gordon")],
)  # fmt: skip
def test_a_body_with_of_after_the_verb_is_kept_whole(paragraph, speaker):
    """Seen on the news pool while mending review 132: "the Australian
    Bureau" was cut before "of"."""
    from classify.quotes import extract_quotes

    assert [q.speaker for q in extract_quotes([paragraph])][-1] == speaker


def test_a_dataset_counts_units_left_out_as_unlabelled_for_its_task(tmp_path, capsys):
    """Review 131: with one task, dataset.json said `unlabelled: {desks: 0}`
    while two units were left out as unlabelled."""
    import json

    from cli_runner import run_cli

    rows = [{"id": f"a{i}", "text": f"Trade item {i} about tariffs {i * 7}",
             "desks": ["trade"] if i % 2 else ["energy"]} for i in range(12)]  # fmt: skip
    rows[3].pop("desks")
    rows[5]["desks"] = None
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    task = tmp_path / "desks.yaml"
    task.write_text("name: desks\nkind: multilabel\nfield: desks\nlabels: [trade, energy]\n")
    res = run_cli(capsys, "dataset", "build", data, "--task", task, "--split", "none", "--out",
                  tmp_path / "ds")  # fmt: skip
    assert res.code == 0, res.err
    saved = json.loads((tmp_path / "ds/dataset.json").read_text(encoding="utf-8"))
    assert saved["unlabelled"] == {"desks": 2} and saved["unlabelled_units_skipped"] == 2
    said = " ".join(res.out.split())
    # Said once, not again as "unlabelled for 'desks'".
    assert "2 units without gold labels were left out" in said
    assert "unlabelled for 'desks'" not in said


def test_the_card_gives_the_whole_folders_size_and_an_encoder_left_outside(tmp_path):
    """Review 131: the card gave only the weights' size, and not that a
    frozen-encoder model needs its encoder to load."""
    from classify.reports import _size_note

    folder = tmp_path / "m"
    (folder / "weights").mkdir(parents=True)
    (folder / "weights/head.npz").write_bytes(b"x" * 20_000)
    (folder / "report.html").write_bytes(b"x" * 480_000)
    note = _size_note(folder, 0.02)
    assert (
        "the weights take 0.02 MB, the whole folder (plots, predictions and metrics included; "
        "this card and report.md, a few KB, not) 0.50 MB" in note
    )
    assert "encoder" not in note
    (folder / "weights/embedding-linear.json").write_text("{}")
    assert "The encoder is not in the folder" in _size_note(folder, 0.02)


def _overall_rows():
    def row(label, method, est, low, high, edge):
        return {"task": "stance", "label": label, "method": method, "estimate": est,
                "ci_low": low, "ci_high": high, "at_boundary": edge, "unmeasured": False}  # fmt: skip

    return [row("neutral", "naive", 0.62, 0.55, 0.70, False), row("neutral", "pacc", 1.0, 0.91, 1.0, True),
            row("favour", "naive", 0.20, 0.15, 0.25, False), row("favour", "pacc", 0.12, 0.05, 0.2, False)]  # fmt: skip


def test_the_reports_whole_corpus_table_marks_shares_at_the_bound_as_the_cli_does():
    """Review 132: the CLI's summary marked PACC's 1.000 '(at bound)', the
    report's whole-corpus table did not."""
    import pandas as pd

    from classify.analysis_report import _whole_corpus, at_bound_cells
    from classify.reports import _Doc

    assert at_bound_cells(pd.DataFrame(_overall_rows())) == {("stance", "neutral", "pacc")}
    table = pd.DataFrame(_overall_rows())
    table.attrs["overall"] = _overall_rows()
    doc = _Doc("t")
    _whole_corpus(doc, table, "pacc")
    text = doc.markdown()
    assert "1.000 (at bound)" in text and "0.120 (at bound)" not in text
    assert "0.620 (at bound)" not in text


def test_the_disagreement_note_says_its_count_leaves_out_shares_at_the_bound():
    """Review 132: "1 of 29 group estimates" on a run of 150, the rest at
    0 or 1 left out unsaid."""
    import pandas as pd

    from classify.analysis import disagreement_note

    def row(group, method, est, low=None, high=None, edge=False):
        return {"task": "topic", "label": "sanctions", "group": group, "method": method,
                "estimate": est, "ci_low": low, "ci_high": high, "at_boundary": edge}  # fmt: skip

    rows = [row("a", "naive", 0.02, 0.0, 0.06), row("a", "acc", 0.01, 0.0, 0.05),
            row("a", "pacc", 0.09, 0.06, 0.12),
            row("b", "naive", 0.05, 0.0, 0.1), row("b", "acc", 0.0, 0.0, 0.1),
            row("b", "pacc", 0.0, 0.0, 0.08, edge=True)]  # fmt: skip
    table = pd.DataFrame(rows)
    table.attrs["headline"] = "pacc"
    note = disagreement_note(table)
    assert note.startswith("1 of 1 group estimates (pacc) not at 0 or 1 (of 2) have an interval")


def test_the_at_boundary_column_is_described_as_the_rule_is():
    from classify.api import PREVALENCE_COLUMNS

    said = PREVALENCE_COLUMNS["at_boundary"]
    assert "at least half" in said and not said.startswith("the corrected estimate was clipped")


@pytest.mark.parametrize(
    ("cell", "outlets"),
    [("(BBC (1)) (BBC (2)) (Wikinews)", ["BBC", "Wikinews"]),
     ("(La Vanguardia) (La Vanguardia2)", ["La Vanguardia"]),
     ("(France 24)", ["France 24"]), ("(ESPN (UK))", ["ESPN (UK)"]), ("(G7) (G8)", ["G7", "G8"]),
     ("(Channel 4) (Channel 5)", ["Channel 4", "Channel 5"])],
)  # fmt: skip
def test_citation_numbers_in_brackets_or_glued_on_are_one_outlet(cell, outlets):
    """Review 132: '(BBC (1)) (BBC (2))' were two outlets, as was
    '(La Vanguardia) (La Vanguardia2)'."""
    from classify.articles import split_outlets

    assert split_outlets([cell]) == outlets


def _split_rows(n: int = 40):
    from test_active import synthetic_rows

    rows = synthetic_rows(n, seed=1)
    parts = ["test" if i % 4 == 0 else "dev" if i % 7 == 0 else "Train" for i in range(n)]
    return [{**r, "Split": part} for r, part in zip(rows, parts)], parts


def test_split_column_builds_the_published_parts_train_first(tmp_path, capsys):
    """Review 131: a corpus that ships its split as a column needed two files
    written by hand."""
    import csv
    import json

    from cli_runner import run_cli
    from test_active import write_jsonl

    rows, parts = _split_rows()
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    sheet = tmp_path / "d.csv"
    with sheet.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for name, source in (("j", data), ("c", sheet)):
        res = run_cli(capsys, "dataset", "build", source, "--split", "column", "--out",
                      tmp_path / name)  # fmt: skip
        assert res.code == 0, res.err
        saved = json.loads((tmp_path / name / "dataset.json").read_text(encoding="utf-8"))
        assert saved["split"] == {"method": "column"}
        assert {k: v["n"] for k, v in saved["splits"].items()} == {
            "train": parts.count("Train"), "test": parts.count("test"),
            "validation": parts.count("dev")}  # fmt: skip
        order = json.loads((tmp_path / name / "dataset_dict.json").read_text(encoding="utf-8"))
        assert order["splits"] == ["train", "test", "validation"]  # the first row is a test row


def test_split_column_trains_on_the_train_rows_and_tests_on_the_test_rows(tmp_path, capsys):
    from cli_runner import run_cli
    from test_active import write_jsonl

    from conftest import ROOT

    rows, parts = _split_rows()
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    res = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                  "--set", "data.split.method=column", "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join(res.err.split()) + " ".join(res.out.split())
    assert "held-out split by the data's 'split' column" in said
    assert (
        f"{parts.count('dev')} units of the data's own split are in neither train nor test" in said
    )
    import json

    metrics = json.loads((tmp_path / "m/metrics.json").read_text(encoding="utf-8"))
    assert metrics["evaluation"]["split"] == "column"
    assert (metrics["evaluation"]["train"], metrics["evaluation"]["test"]) == (
        parts.count("Train"), parts.count("test"))  # fmt: skip
    tested = {line for line in (tmp_path / "m/predictions.jsonl").read_text().splitlines()}
    assert len(tested) == parts.count("test")
    card = (tmp_path / "m/README.md").read_text(encoding="utf-8")
    assert "the rows the data's 'split' column names test" in card


@pytest.mark.parametrize(
    ("change", "message"),
    [({0: "tr"}, "has 'tr' in the 'split' column (allowed: train, test, validation"),
     ({0: ""}, "has no value in the 'split' column"),
     ("no test", "split 'column': no row is in 'test'"),
     ("no column", "split 'column' reads each row's part from a 'split' column, and the data has none")],
)  # fmt: skip
def test_split_column_refuses_what_it_cannot_read(tmp_path, change, message):
    import classify
    from classify.errors import ClassifyError

    rows, _ = _split_rows()
    if change == "no test":
        rows = [{**r, "Split": "train" if r["Split"] == "test" else r["Split"]} for r in rows]
    elif change == "no column":
        rows = [{k: v for k, v in r.items() if k != "Split"} for r in rows]
    else:
        for i, value in change.items():
            rows[i]["Split"] = value
    import pandas as pd

    with pytest.raises(ClassifyError, match=message.replace("(", r"\(")):
        classify.build_dataset(pd.DataFrame(rows), tmp_path / "ds", split="column")
    with pytest.raises(ClassifyError, match=r"--split column takes the data's own|split='column'"):
        classify.build_dataset(pd.DataFrame(_split_rows()[0]), tmp_path / "ds2", split="column",
                               test_size=0.3)  # fmt: skip


@pytest.mark.parametrize(
    ("given", "said"),
    [([None], "sources: item 1 of the list is None, not a path"),
     (["story.txt", 3], "sources: item 2 of the list is an int, not a path"),
     ([], "sources: no article sources given (an empty list)")],
)  # fmt: skip
def test_read_articles_names_a_list_item_that_is_no_path(given, said):
    """Left alone at stop 53: read_articles([None]) raised a TypeError."""
    from classify.articles import read_articles
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError) as err:
        read_articles(given)
    assert err.value.message.startswith(said)


@pytest.mark.parametrize(
    ("paragraphs", "speaker", "title"),
    [(["Jordan’s Aisha bint Al Hussein visited Minsk on Monday.",
       '"We came to listen and to help the families," Princess Aisha said.'],
      "Aisha bint Al Hussein", "Princess"),
     (['"Talks will continue into next week," said Crown Prince Mohammed bin Salman.'],
      "Mohammed bin Salman", "Crown Prince")],
)  # fmt: skip
def test_princess_and_crown_prince_are_titles(paragraphs, speaker, title):
    """Left alone at stop 53: "Princess Aisha" was a name of its own."""
    from classify.quotes import extract_quotes

    last = extract_quotes(paragraphs)[-1]
    assert (last.speaker, last.title) == (speaker, title)


@pytest.mark.parametrize(
    "cell",
    ["10.-12.6.2024", "3-5.3.2023", "12.–14.03.2023", "2024-06-10/12", "2024-06-10..12",
     "2024-06-10 - 12", "2023-03-03–05", "2023年3月3日～5日", "du 28 février au 2 mars 2023",
     "del 28 de febrero al 2 de marzo de 2023", "с 30 мая по 2 июня 2023",
     "vom 30. Mai bis 2. Juni 2023", "30. Mai – 2. Juni 2023", "od 3 do 5 marca 2023",
     "3 t/m 5 maart 2023"],
)  # fmt: skip
def test_numeric_and_cross_month_spans_are_named_as_spans(cell):
    """Check 133: '10.-12.6.2024' was read as 2024-12-10, '2024-06-10/12' as
    its first day, and cross-month spans in other languages got the
    generic message."""
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "read"),
    [("10.6.2024", "2024-06-10"), ("1-2-2024", "2024-02-01"), ("10/12/2024", "2024-12-10"),
     ("12.06.2024 - 14:30", "2024-06-12"), ("2024-06-10T10:30:00+02:00", "2024-06-10"),
     ("3 de marzo de 2023", "2023-03-03"), ("2023年3月5日", "2023-03-05")],
)  # fmt: skip
def test_numeric_dates_beside_the_span_rules_still_read(cell, read):
    from classify.dates import parse_date

    assert parse_date(cell) == read


@pytest.mark.parametrize(
    "line", ["del 28 de febrero al 2 de marzo de 2023", "vom 30. Mai bis 2. Juni 2023",
             "10.-12.6.2024", "2024-06-10/12"]
)  # fmt: skip
def test_longer_and_numeric_spans_under_the_headline_are_undated_date_lines(tmp_path, line):
    article = _story(tmp_path, f"{_HEADLINE}\n{line}\nBy Jane Doe\n\n{_BODY}\n")
    assert article.title == _HEADLINE and article.date is None
    assert article.meta["date_written"] == line and len(article.paragraphs) == 2


@pytest.mark.parametrize(
    "line", ["By the Associated Press", "By Reuters and AP", "Di ANSA e Reuters", "Por la agencia EFE"]
)  # fmt: skip
def test_a_byline_naming_no_one_right_under_the_headline_is_never_the_headlines_end(tmp_path, line):
    """Check 133: with no blank line between them, the byline was joined to
    the headline."""
    article = _story(
        tmp_path, f"{_HEADLINE}\n{line}\n\nBelarus released 14 prisoners.\n\nThe move came.\n"
    )
    assert article.title == _HEADLINE and article.author is None
    assert article.paragraphs == ["Belarus released 14 prisoners.", "The move came."]


@pytest.mark.parametrize(
    ("paragraph", "speaker", "mention"),
    [('The meeting was held on Friday. Canada and Mexico said "we will keep talking about it".',
      None, "Canada and Mexico"),
     ('Ministers flew home on Saturday. The Ministry of Trade and Industry said "the deal is good".',
      "Ministry of Trade and Industry", "Ministry of Trade and Industry"),
     ('They met in January. Peter Walsh of Walsh and Partners said it was "a hopeful start".',
      "Peter Walsh", "Peter Walsh of Walsh and Partners"),
     ('Bosnia and Herzegovina said the vote was "a hopeful start for all".', None,
      "Bosnia and Herzegovina")],
)  # fmt: skip
def test_a_speaker_never_runs_back_over_a_sentence_end(paragraph, speaker, mention):
    """Check 134: 'Friday. Canada and Mexico' was a speaker."""
    from classify.quotes import extract_quotes

    (quote,) = extract_quotes([paragraph])
    assert (quote.speaker, quote.mention) == (speaker, mention)


def test_a_title_before_a_comma_and_the_name_keeps_no_comma():
    from classify.quotes import extract_quotes

    (quote,) = extract_quotes(
        [
            'The Minister for Foreign Affairs and Trade, Winston Peters, said it was "a hopeful start".'
        ]
    )
    assert quote.title == "Minister for Foreign Affairs and Trade"


@pytest.mark.parametrize(
    ("cell", "outlets"),
    [("(bbc (1)) (BBC (2))", ["bbc"]), ("(The Guardian (1)) (the Guardian (2))", ["The Guardian"]),
     ("(Interfax (1)) (TASS)", ["Interfax", "TASS"])],
)  # fmt: skip
def test_bracketed_citation_numbers_fold_case_and_count_once(cell, outlets):
    """Check 134: spellings differing in case stayed two outlets."""
    from classify.articles import split_outlets

    assert split_outlets([cell]) == outlets


def test_split_settings_the_column_overrides_are_said_to_do_nothing(tmp_path, capsys):
    """Check 133: --set data.split.test_size=0.3 with the column split was
    ignored without a word."""
    from cli_runner import run_cli
    from test_active import write_jsonl

    from conftest import ROOT

    rows, _ = _split_rows()
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    res = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                  "--set", "data.split.method=column", "--set", "data.split.test_size=0.3",
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join(res.err.split())
    assert "data.split.test_size 0.3 does nothing with data.split.method 'column'" in said


def _page(tmp_path, name: str, html: str):
    from classify.articles import read_articles

    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    (article,) = read_articles(path)
    return article


_STORY = (
    "<p>Armenia and Azerbaijan resumed talks on their border on Monday, officials in both "
    "capitals said, after months of stalemate.</p><p>The talks are expected to last two days "
    "and to focus on the demarcation of a section in the north.</p>"
)


def test_an_old_table_layout_page_is_read_as_paragraphs(tmp_path):
    """Review 136: the navigation row was a unit, and the story's headline,
    date, paragraphs and credit line one unit between bars."""
    article = _page(tmp_path, "t.html",
        "<html><head><title>Vietnam upgrades ties</title></head><body><table><tr><td>"
        '<a href="/">Home</a> | <a href="/world">World</a></td></tr></table><table><tr><td>'
        "<font size=5><b>Vietnam upgrades ties</b></font><br><font size=2>September 10, 2023"
        "</font><br><br>HANOI (Reuters) - Vietnam and the United States upgraded their relations"
        " on Sunday to a comprehensive strategic partnership, officials said.<br><br>Biden said "
        "the move showed how far the two countries had come since the war.<br><br>(Reporting by "
        "Jo Kim; Editing by Ana Lima)</td></tr></table></body></html>")  # fmt: skip
    assert article.date == "2023-09-10" and article.source == "Reuters"
    assert article.dateline == "HANOI" and article.credits.startswith("Reporting by Jo Kim")
    assert len(article.paragraphs) == 2 and article.paragraphs[0].startswith("Vietnam and the")


def test_a_live_blog_takes_the_pages_headline_not_its_latest_updates(tmp_path):
    article = _page(tmp_path, "live.html",
        "<html><head><title>Summit in Brussels: live updates | Daily</title>"
        '<script type="application/ld+json">{"@type":"LiveBlogPosting","headline":"Summit in '
        'Brussels: live updates","datePublished":"2024-03-21T08:00:00Z","liveBlogUpdate":[{"@type":'
        '"BlogPosting","headline":"Talks end","datePublished":"2024-03-21T18:00:00Z"}]}</script>'
        "</head><body><article><h1>Summit in Brussels: live updates</h1>"
        f"{_STORY}<h2>Talks end</h2><p>The leaders ended their talks late in the evening, "
        "officials said, with no agreement.</p></article></body></html>")  # fmt: skip
    assert article.title == "Summit in Brussels: live updates"


def test_a_wordpress_permalink_with_published_and_updated_times_dates_the_page(tmp_path):
    article = _page(tmp_path, "wp.html",
        "<html><head><title>Georgia protests continue</title></head><body><article><header>"
        '<h1>Georgia protests continue</h1><a href="https://example.org/2022/03/01/georgia/" '
        'rel="bookmark"><time class="entry-date published" datetime="2022-03-01T15:20:11+04:00">'
        'March 1, 2022</time><time class="updated" datetime="2022-03-04T09:00:00+04:00">March 4, '
        f"2022</time></a></header>{_STORY}</article></body></html>")  # fmt: skip
    assert article.date == "2022-03-01"


@pytest.mark.parametrize(
    ("block", "author", "role"),
    [("<div class='byline'><span>Jane Holloway</span><span>South Caucasus correspondent</span></div>",
      "Jane Holloway", "South Caucasus correspondent"),
     ("<span class='author'>Par Frédéric Bobin</span>", "Frédéric Bobin", None),
     ("<div class='meta'><time datetime='2024-01-25'>25 января 2024</time> · Автор: Иван Петров</div>",
      "Иван Петров", None)],
)  # fmt: skip
def test_page_bylines_in_blocks_and_other_languages(tmp_path, block, author, role):
    """Review 136: 'Jane Holloway South', 'Par Frédéric Bobin', and no
    author for 'Автор:' beside a date."""
    article = _page(tmp_path, "a.html",
        "<html><head><title>Armenia and Azerbaijan resume talks</title></head><body><article>"
        f"<h1>Armenia and Azerbaijan resume talks</h1>{block}{_STORY}</article></body></html>")  # fmt: skip
    assert article.author == author and article.meta.get("author_role") == role


def test_page_furniture_never_becomes_units(tmp_path):
    """Review 136: stamp words left from their dates, a kicker, an embedded
    post, paywall lines, a reporting trailer and a follow-us line were units."""
    article = _page(tmp_path, "f.html",
        "<html><head><title>Ukraine and Poland agree on grain</title><meta property="
        '"article:section" content="World news"></head><body><article><div class="kicker">Eastern '
        'flank</div><h1>Ukraine and Poland agree on grain</h1><p>Published <time datetime="2018-07-16">'
        '16 July 2018</time></p><div><span>Updated <time datetime="2018-07-17">17 July 2018</time>'
        '</span> | <span>Published <time datetime="2018-07-16">16 July 2018</time></span></div>'
        f"{_STORY}"
        '<blockquote class="twitter-tweet"><p>Egypt and Türkiye announce a new partnership today. '
        "pic.twitter.com/abc</p>— Foreign Ministry (@MFAEgypt) July 4, 2023</blockquote>"
        "<p>You have 62% of this article left to read. The rest is for subscribers only.</p>"
        "<p>Il vous reste 62.4% de cet article à lire. La suite est réservée aux abonnés.</p>"
        "<p>Arhirova reported from Kyiv, Ukraine.</p>"
        "<p>Follow us on Twitter and Facebook for more updates.</p></article></body></html>")  # fmt: skip
    assert article.paragraphs == [
        "Armenia and Azerbaijan resumed talks on their border on Monday, officials in both "
        "capitals said, after months of stalemate.",
        "The talks are expected to last two days and to focus on the demarcation of a section "
        "in the north.",
    ]
    assert article.meta["header_lines"] == ["Eastern flank"] and article.section == "World news"
    assert article.date == "2018-07-16"


def test_a_saved_pages_files_folder_is_not_read_as_articles(tmp_path):
    """Review 136: 'Web Page, Complete' saved story_files/ad_frame.htm, read
    as a second article."""
    import warnings

    from classify.articles import read_articles

    folder = tmp_path / "saved"
    (folder / "story_files").mkdir(parents=True)
    (folder / "story.html").write_text(
        "<html><head><title>Talks</title></head><body><article><h1>Talks</h1>"
        f"{_STORY}</article></body></html>",
        encoding="utf-8",
    )
    (folder / "story_files/ad_frame.htm").write_text(
        "<html><body><h1>Advertisement</h1><p>Book the best hotels in Warsaw with our exclusive "
        "summer discounts and free breakfast for all.</p></body></html>",
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        articles = read_articles(folder)
    assert [a.id for a in articles] == ["story"]
    assert any("a saved page's NAME_files folder" in str(w.message) for w in said)


@pytest.mark.parametrize(
    "line",
    ["Reuters reported from Moscow that talks stalled.", "Published results show growth.",
     "Updated figures were released on Monday."],
)  # fmt: skip
def test_sentences_near_the_new_furniture_patterns_stay_text(line):
    from classify.articles import _is_web_chrome

    assert not _is_web_chrome(line)


def test_a_topic_sets_confusion_table_shows_only_the_sets_the_pair_used():
    """Review 135: every set of the task's labels was a row and a column,
    most all zeros."""
    from classify.annotation import Record, agreement

    sets = [["sanctions"], [], ["normalisation"], ["sanctions"], []]
    other = [["sanctions"], [], ["sanctions"], ["sanctions"], ["normalisation"]]
    records = [Record(f"u{i}", {"topics": s}, "a") for i, s in enumerate(sets)]
    records += [Record(f"u{i}", {"topics": s}, "b") for i, s in enumerate(other)]
    report = agreement(records, ["topic"], n_resamples=0)
    (whole,) = [c for c in report["confusions"] if c["name"] == "topic"]
    assert whole["categories"] == ["(none)", "normalisation", "sanctions"]
    table = whole["table"]
    assert len(table) == 3 and sum(map(sum, table)) == 5
    assert all(sum(row) or sum(col) for row, col in zip(table, zip(*table)))
    per_label = [c for c in report["confusions"] if c["name"] == "topic: human_rights"]
    assert len(per_label[0]["categories"]) == 2  # present/absent stay, used or not


def test_export_says_how_many_units_it_counts_labelled_by_their_text(tmp_path, capsys):
    """Review 135: units whose text a labelled unit has were counted as
    'already labelled' without a word on why."""
    import json

    from cli_runner import run_cli

    folder = tmp_path / "articles"
    folder.mkdir()
    shared = "The ministers met in Minsk on Tuesday to discuss the release of prisoners."
    for name, extra in (("a", "Talks will resume next month, officials said."),
                        ("b", "Sanctions on potash stay in force for now, the EU said.")):  # fmt: skip
        (folder / f"{name}.txt").write_text(
            f"Talks {name}\n\n{shared}\n\n{extra}\n", encoding="utf-8"
        )
    done = tmp_path / "done.jsonl"
    done.write_text(json.dumps({"unit": "a:p1", "stance": "neutral", "text": shared}) + "\n")
    res = run_cli(capsys, "annotate", "export", folder, "--unit", "paragraph", "--exclude", done,
                  "--out", tmp_path / "batch")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join(res.out.split())
    assert "(2 already labelled (1 of them by the text of a labelled unit: a copy)" in said


def test_dataset_build_says_paragraphs_left_out_of_many_files_in_one_line(tmp_path, capsys):
    """Review 135: one line per article ("2 paragraph(s) left out of the
    body"), thirty lines for a folder of thirty."""
    import json

    from cli_runner import run_cli

    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(7):
        (folder / f"s{i}.txt").write_text(
            f"Talks resume {i}\nSept. 3, 2024\nBy Jane Doe\n\nMINSK (Reuters) - Talks number {i} "
            "resumed on Tuesday, officials said.\n\nThe next round is due in October.\n\n"
            "(Reporting by Jo Kim; Editing by Ana Lima)\n\nOur Standards: The Thomson Reuters "
            "Trust Principles.\n",
            encoding="utf-8",
        )
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"unit": f"s{i}:p1", "stance": "neutral"}) + "\n"
                            for i in range(7)))  # fmt: skip
    res = run_cli(capsys, "dataset", "build", folder, "--annotations", gold, "--unit", "paragraph",
                  "--split", "none", "--out", tmp_path / "ds")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join(res.out.split())
    assert "paragraphs left out of the body in 7 files" in said
    assert "s0: " not in said and "each file's count in dataset.json" in said


def test_a_wordpress_page_whose_updated_time_comes_first_is_dated_by_the_published_one(tmp_path):
    """Check 137: with the updated <time> first in the permalink, the page
    was dated by it."""
    article = _page(tmp_path, "wp2.html",
        "<html><head><title>Georgia protests continue</title></head><body><article>"
        f"<h1>Georgia protests continue</h1>{_STORY}<footer class='entry-footer'>"
        '<a href="https://example.org/2022/11/24/georgia/" rel="bookmark"><time class="updated" '
        'datetime="2022-12-02T09:00:00+04:00">December 2, 2022</time><time class="entry-date '
        'published" datetime="2022-11-24T15:20:11+04:00">November 24, 2022</time></a></footer>'
        "</article></body></html>")  # fmt: skip
    assert article.date == "2022-11-24"


@pytest.mark.parametrize(
    "cell",
    ["<h2>Armenia hosts talks</h2><i>14/02/2023</i><br>By Ani Hovhannisyan<br><br>YEREVAN "
     "(Reuters) - Armenia hosted talks with Azerbaijan on Tuesday on a peace treaty, officials "
     "said.<br><br>The talks are expected to continue next month in Brussels, diplomats said.",
     # Check 138: paragraphs in <p> elements (older than this stop).
     "<h2>Armenia hosts talks</h2><p><i>14/02/2023</i> By Ani Hovhannisyan</p><p>YEREVAN "
     "(Reuters) - Armenia hosted talks with Azerbaijan on Tuesday on a peace treaty, officials "
     "said.</p><p>The talks are expected to continue next month in Brussels, diplomats said.</p>",
     # Check 140: inline date and byline lines before <p> paragraphs.
     "<h2>Armenia hosts talks</h2><font size=2>14 February 2023</font><br><b>By Ani Hovhannisyan"
     "</b><p>YEREVAN (Reuters) - Armenia hosted talks with Azerbaijan on Tuesday on a peace "
     "treaty, officials said.</p><p>The talks are expected to continue next month in Brussels."
     "</p><p>Dock workers welcomed the plan.</p>"],
)  # fmt: skip
def test_a_table_layout_with_a_heading_keeps_its_date_and_byline(tmp_path, cell):
    """Check 137: with an <h2> headline in the cell, the date and byline
    under it were lost."""
    article = _page(tmp_path, "t2.html",
        "<html><head><title>Armenia hosts talks</title></head><body><table><tr><td>"
        '<a href="/">Home</a> | <a href="/world">World</a></td></tr></table><table><tr><td>'
        f"{cell}</td></tr></table></body></html>")  # fmt: skip
    assert (article.date, article.author, article.source) == (
        "2023-02-14", "Ani Hovhannisyan", "Reuters")  # fmt: skip
    assert len(article.paragraphs) in (2, 3) and not any("|" in p for p in article.paragraphs)


@pytest.mark.parametrize(
    ("block", "author", "role"),
    [("<p><span>Nigar Aliyeva</span><span>Baku bureau chief</span></p>", "Nigar Aliyeva",
      "Baku bureau chief"),
     ("<span>Nigar Aliyeva</span><span>Diplomatic correspondent</span>", "Nigar Aliyeva",
      "Diplomatic correspondent"),
     ("<p>19.04.2024 Автор: Иван Петров</p>", "Иван Петров", None),
     ("<div class='meta'><time>19.04.2024</time> Автор: Иван Петров</div>", "Иван Петров", None),
     ("<div class='meta'>17.05.2023 14:20 Автор: Анна Сергеевна Кузнецова</div>",
      "Анна Сергеевна Кузнецова", None)],
)  # fmt: skip
def test_bylines_glued_to_roles_or_dates_are_read(tmp_path, block, author, role):
    """Check 137: 'Nigar AliyevaBaku' for spans with no byline block round
    them, and no author for 'Автор:' after a date in one text."""
    article = _page(tmp_path, "b.html",
        "<html><head><title>Armenia and Azerbaijan resume talks</title></head><body><article>"
        f"<h1>Armenia and Azerbaijan resume talks</h1>{block}{_STORY}</article></body></html>")  # fmt: skip
    assert article.author == author and article.meta.get("author_role") == role
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    "line",
    ["Published: Updated:", "Mis à jour | Publié", "Tang reported from Taipei and Gomez reported from "
     "Tegucigalpa.", "Ivanenko reported from Odesa, Ukraine. Associated Press writer Suzan Fraser "
     "in Ankara contributed to this report.", "You have 3 free articles remaining this month.",
     "You've read 3 of your 5 free articles this month.", "Il vous reste 2 articles gratuits ce mois-ci."],
)  # fmt: skip
def test_more_stamp_words_trailers_and_paywall_lines_are_furniture(line):
    from classify.articles import _is_web_chrome

    assert _is_web_chrome(line)


@pytest.mark.parametrize(
    ("paragraph", "speaker", "title"),
    [('Analyst Artyom Shraibman said the deal was "mostly about prisoners, and little else".',
      "Artyom Shraibman", "Analyst"),
     ('Prosecutor Bernard Reynaud said it was "a hopeful start for everyone".', "Bernard Reynaud",
      "Prosecutor"),
     ('Yet another observer, Mark Galeotti, said: "This is about prisoners and little else."',
      "Mark Galeotti", "Yet another observer")],
)  # fmt: skip
def test_a_role_capitalised_at_a_sentences_start_is_a_title(paragraph, speaker, title):
    """Check 134 (left alone then): 'Analyst Artyom Shraibman' was the name."""
    from classify.quotes import extract_quotes

    (quote,) = extract_quotes([paragraph])
    assert (quote.speaker, quote.title) == (speaker, title)


def test_a_predictions_file_without_namesakes_is_said_to_merge_as_before(tmp_path, stance_model):
    """Check 134: a predictions file written before speaker_namesakes merged
    shared surnames without a word."""
    import pandas as pd

    from classify import api

    folder = _kovalenko_corpus(tmp_path / "kov")
    api.predict(stance_model, folder, unit="quote", out=tmp_path / "q.csv")
    old = pd.read_csv(tmp_path / "q.csv").drop(columns=["speaker_namesakes"])
    old.to_csv(tmp_path / "old.csv", index=False)
    with pytest.warns(UserWarning, match="the predictions have no speaker_namesakes column"):
        api.analyse(stance_model, predictions=tmp_path / "old.csv", by="speaker", n_bootstrap=10)


@pytest.mark.parametrize(
    "times",
    ['<time class="entry-date published">November 3, 2023</time><time class="updated">February '
     '20, 2024</time>',
     '<time class="updated">20/02/2024</time><time class="entry-date published">03/11/2023</time>'],
)  # fmt: skip
def test_a_wordpress_permalinks_published_time_without_datetime_dates_the_page(tmp_path, times):
    """Check 138: without datetime attributes, a permalink holding both times
    left the page undated (stop 54's first fix; published-first pages were
    dated right before it)."""
    article = _page(tmp_path, "wp.html",
        "<html><head><title>Georgia protests continue</title></head><body><article><header>"
        '<h1>Georgia protests continue</h1><a href="https://example.org/2023/11/03/georgia/" '
        f'rel="bookmark">{times}</a></header>{_STORY}</article></body></html>')  # fmt: skip
    assert article.date == "2023-11-03"


@pytest.mark.parametrize(
    ("line", "furniture"),
    [("Wu reported from Taipei, Taiwan, and Lopez from Tegucigalpa.", True),
     ("Chen reported from Taipei, Lopez reported from Tegucigalpa and Moritsugu reported from "
      "Beijing.", True),
     ("Chen reported from Taipei. Martinez reported from Tegucigalpa.", True),
     ("Smith reported from Taipei and Gomez reported from Tegucigalpa that both denied it.", False),
     ("She reported from Tegucigalpa during the 2009 coup and later moved on.", False)],
)  # fmt: skip
def test_more_shapes_of_aps_reported_from_trailer(line, furniture):
    from classify.articles import _is_web_chrome

    assert _is_web_chrome(line) is furniture


def test_the_split_column_hint_names_what_the_caller_can_set(tmp_path, capsys):
    """Review 139: train's warning named --split (split='column'), which
    train does not take."""
    import warnings

    from cli_runner import run_cli
    from test_active import write_jsonl

    import classify

    from conftest import ROOT

    rows, _ = _split_rows()
    data = write_jsonl(tmp_path / "d.jsonl", [{**r, "split": r.pop("Split")} for r in rows])
    res = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", data,
                  "--set", "data.split.method=random", "--out", tmp_path / "m")  # fmt: skip
    assert "--set data.split.method=column" in " ".join(res.err.split())
    res = run_cli(capsys, "dataset", "build", data, "--out", tmp_path / "d")
    assert "--split column (data.split.method" in " ".join(res.err.split())
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        classify.train("stance-tfidf", data=data, save=False)
    assert any("overrides={'data.split.method': 'column'}" in str(w.message) for w in said)
    with pytest.raises(classify.ClassifyError, match="unknown split 'columns'"):
        classify.build_dataset(data, tmp_path / "d2", split="columns")
