"""Stop 47: fixes checked on inputs of our own."""

from __future__ import annotations

import json
import warnings

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify import api

from conftest import ROOT


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    d = tmp_path_factory.mktemp("s47")
    return train_tfidf("stance", write_jsonl(d / "train.jsonl", labelled_rows()), d / "stance")


def test_predict_says_where_the_gold_labels_of_a_labelled_file_went(stance_model, tmp_path, capsys):
    rows = [
        {"id": "g1", "text": "The envoys restore ties with Minsk.", "stance": "favour"},
        {"id": "g2", "text": "Rights groups condemn the arrests.", "stance": "against"},
        {"id": "g3", "text": "The cup final is on Sunday."},
    ]
    data = write_jsonl(tmp_path / "gold.jsonl", rows)
    result = run_cli(capsys, "predict", stance_model, data, "--out", tmp_path / "p.jsonl")
    assert result.code == 0
    # Two of the three items have a gold stance; the hint says how to keep or score them.
    assert "gold labels in its column 'stance' (2 items)" in result.err
    assert "--keep-columns stance" in result.err and "classify evaluate" in result.err
    written = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert "stance_input" not in written[0]

    # Kept: no warning, the gold beside the prediction (under the name given,
    # whatever its case, as --keep-columns keeps any column).
    for given, key in (("stance", "stance_input"), ("Stance", "Stance")):
        out = tmp_path / f"kept-{given}.jsonl"
        result = run_cli(
            capsys, "predict", stance_model, data, "--out", out, "--keep-columns", given
        )
        assert result.code == 0 and "gold labels" not in result.err
        kept = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r[key] for r in kept] == ["favour", "against", None]

    # An unlabelled file, and a list of texts in a notebook, get no warning.
    plain = write_jsonl(tmp_path / "plain.jsonl", [{"id": "u", "text": "Talks resume."}])
    result = run_cli(capsys, "predict", stance_model, plain, "--out", tmp_path / "u.jsonl")
    assert result.code == 0 and "gold labels" not in result.err
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.predict(stance_model, ["Talks resume."])
        api.predict(stance_model, data)  # a DataFrame back: the file keeps its gold


def test_predict_in_python_names_the_python_argument(stance_model, tmp_path):
    data = write_jsonl(
        tmp_path / "gold.jsonl", [{"id": "g1", "text": "Envoys meet.", "stance": "favour"}]
    )
    with pytest.warns(UserWarning, match=r"keep_columns=\['stance'\].*classify\.evaluate"):
        api.predict(stance_model, data, out=tmp_path / "p.parquet")


def _sheet(path, header: str, *rows: str):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_sheet_lacking_one_1_0_label_column_says_which(tmp_path, capsys):
    # Two of the three topic columns: no column per label is read, and every
    # command that finds no topics names the one that is missing.
    data = _sheet(
        tmp_path / "coded.csv",
        "id,text,Normalisation,sanctions",
        "u1,Talks resume with Minsk,1,0",
        "u2,An asset freeze on Minsk,0,1",
    )
    lack = "1/0 columns for the labels of 'topics' lack 'human_rights'"
    found = "(found 'Normalisation', 'sanctions')"
    config = ROOT / "configs" / "topic-tfidf.yaml"
    result = run_cli(capsys, "train", config, "--data", data, "--out", tmp_path / "m")
    assert result.code == 1 and lack in result.err and found in result.err

    result = run_cli(
        capsys, "annotate", "import", data, "--annotator", "a", "--out", tmp_path / "i.jsonl"
    )
    assert result.code == 1 and "no labelled rows" in result.err
    assert f"coded.csv's {lack}" in result.err

    # With a stance column the sheet imports its stance, the topic columns
    # dropped with a warning that says why; a full set of columns reads as
    # the topics, with no hint.
    for name, header, topics, hint in (
        ("stance", "normalisation,Human Rights,stance", "1,0,favour/0,1,against",
         "lack 'sanctions' (found 'normalisation', 'Human Rights')"),
        ("f", "normalisation,sanctions,human_rights", "1,0,0/0,1,1", None),
    ):  # fmt: skip
        first, second = topics.split("/")
        sheet = _sheet(
            tmp_path / f"{name}.csv", f"unit,text,{header}",
            f"u1,Talks resume with Minsk,{first}", f"u2,An asset freeze on Minsk,{second}",
        )  # fmt: skip
        out = tmp_path / f"{name}.jsonl"
        result = run_cli(capsys, "annotate", "import", sheet, "--annotator", "a", "--out", out)
        assert result.code == 0
        assert (hint in result.err) if hint else "lack" not in result.err
    records = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text().splitlines()]
    assert [r["topics"] for r in records] == [["normalisation"], ["sanctions", "human_rights"]]


@pytest.mark.parametrize(
    ("header", "row", "code"),
    [
        ("unit,normalisation,sanctions", "a1:p1,1,0", 1),  # no label read: an error
        ("unit,stance,normalisation,sanctions", "a1:p1,favour,1,0", 0),  # stance read: a note
    ],
)
def test_a_gold_file_lacking_one_1_0_label_column_says_which(tmp_path, capsys, header, row, code):
    from corpus_fixtures import two_articles

    folder = two_articles(tmp_path / "news")
    gold = _sheet(tmp_path / "gold.csv", header, row)
    result = run_cli(
        capsys, "dataset", "build", folder, "--annotations", gold, "--split", "none",
        "--out", tmp_path / "d",
    )  # fmt: skip
    assert result.code == code
    said = result.err if code else result.out
    assert "1/0 columns for the labels of 'topics' lack 'human_rights'" in said


def test_partial_label_columns():
    from classify.tasks import partial_label_columns

    sets = [("topics", ("normalisation", "sanctions", "human_rights")), ("frames", ("a", "b"))]
    assert partial_label_columns(["text", "Sanctions", "A", "b"], sets) == [
        ("topics", ["Sanctions"], ["normalisation", "human_rights"])
    ]
    # The field's own column is read instead; no label column at all is no hint.
    assert partial_label_columns(["topics", "sanctions"], sets) == []
    assert partial_label_columns(["text"], sets) == []


def test_model_methods_find_the_text_column_whatever_its_case(stance_model):
    import pandas as pd

    import classify

    model = classify.load_model(stance_model)
    texts = ["The envoys restore ties with Minsk.", "Rights groups condemn the arrests."]
    expected = list(model.predict(texts))
    for column in ("Text", "TEXT"):
        frame = pd.DataFrame({column: texts, "n": [1, 2]}, index=["a", "b"])
        assert list(model.predict(frame)) == expected
        assert list(model.predict_proba(frame).index) == ["a", "b"]
        # As classify.predict reads the same frame.
        assert list(classify.predict(model, frame)) == expected
    frame = pd.DataFrame({"body": texts})
    assert list(model.predict(frame, text_column="Body")) == expected
    with pytest.raises(classify.ClassifyError, match=r"no text column 'text'.*columns: body"):
        model.predict(frame)


@pytest.mark.parametrize(
    "text",
    [
        "The envoy, Ł. Kowalski, said so.",
        "Talks with Ö. Öztürk resumed.",
        "He met É. Philippe in Paris.",
        "Встреча с В. Путиным прошла спокойно.",
        "A letter from Ž. Pavlović arrived.",
    ],
)
def test_an_initial_of_any_script_does_not_end_a_sentence(text):
    import classify

    assert classify.split_sentences(text) == [text]
    # A sentence that ends before a capital of any script still ends there.
    assert classify.split_sentences(f"{text} Then Ş. Mirziyoyev left.") == [
        text,
        "Then Ş. Mirziyoyev left.",
    ]


def test_a_gold_file_not_in_utf8_is_read_with_encoding(tmp_path, capsys):
    (tmp_path / "a1.txt").write_text(
        "Talks resume\n\nMarch 3, 2024\n\nThe presidents met at the Simón Bolívar bridge.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.csv"
    gold.write_bytes(
        "text;topics;stance\nThe presidents met at the Simón Bolívar bridge.;normalisation;favour\n".encode(
            "cp1252"
        )
    )
    args = ["dataset", "build", tmp_path / "a1.txt", "--annotations", gold, "--split", "none"]
    result = run_cli(capsys, *args, "--out", tmp_path / "d1")
    assert result.code == 1 and "pass --encoding cp1252" in result.err
    result = run_cli(capsys, *args, "--encoding", "cp1252", "--out", tmp_path / "d2")
    assert result.code == 0, result.err
    from datasets import load_from_disk

    built = load_from_disk(str(tmp_path / "d2"))["train"]
    assert built["text"] == ["The presidents met at the Simón Bolívar bridge."]
    assert built.features["stance"].int2str(list(built["stance"])) == ["favour"]


@pytest.mark.parametrize(
    "markup",
    [
        "<time>05/03/2024</time>",
        '<time datetime="05/03/2024">Tuesday</time>',
        '<meta property="article:published_time" content="05/03/2024">',
    ],
)
def test_a_numeric_page_date_is_read_in_the_date_order_given(markup):
    from classify.articles import parse_html

    head, body = (markup, "") if markup.startswith("<meta") else ("", markup)
    page = (
        f"<html><head>{head}<title>Talks resume</title></head><body><article>"
        f"<h1>Talks resume</h1>{body}<p>Bulgaria and North Macedonia resumed talks on "
        "Tuesday on a dispute that has blocked the bid.</p><p>The ministers met in Sofia "
        "on the day.</p></article></body></html>"
    )
    assert parse_html(page, id="p", date_order="day-first").date == "2024-03-05"
    assert parse_html(page, id="p", date_order="month-first").date == "2024-05-03"
    # A date that reads one way only is that date, whatever the order.
    late = page.replace("05/03/2024", "25/03/2024")
    assert parse_html(late, id="p", date_order="month-first").date == "2024-03-25"
    # Markup that also states the date in ISO decides it: a US page showing
    # 05/03/2024 for 3 May stays 3 May in the default day-first order.
    iso = page.replace(
        "<head>", '<head><meta property="article:published_time" content="2024-05-03T10:00Z">'
    )
    assert parse_html(iso, id="p", date_order="day-first").date == "2024-05-03"
    shown = page.replace("<time>", '<time datetime="2024-05-03T10:00Z">')
    if "<time>" in page:
        assert parse_html(shown, id="p", date_order="day-first").date == "2024-05-03"


def test_a_table_cell_holding_a_wire_body_gives_no_units_of_its_furniture(tmp_path, capsys):
    import classify
    from classify.units import make_units

    body = [
        "(Adds reaction from Warsaw)",
        "KYIV, June 2, 2024 (Reuters) - Ukraine and Poland agreed on grain transit.",
        "The deal ends a months-long dispute.",
        "(Reporting by Ana Lima;",
        "Editing by Jo Kim)",
        "Our Standards: The Thomson Reuters Trust Principles.",
    ]
    rows = [
        {"id": "w1", "text": "\n\n".join(body), "stance": "favour"},
        # Speech paragraphs in one cell: nothing in them is furniture.
        {
            "id": "w2",
            "text": "Sanctions hurt our people.\n\nOur standards of living have fallen.\n\n"
            "Copyright 2019 laws were changed for the worse.",
            "stance": "against",
        },
        # One paragraph: as written.
        {"id": "w3", "text": "WARSAW (Reuters) - Talks resumed.", "stance": "neutral"},
    ]
    data = write_jsonl(tmp_path / "wire.jsonl", rows)
    wire, speech, item = classify.read_articles(data)
    # The cell's text stays as written (gold files keyed by it still match);
    # its dateline and credits are metadata.
    assert wire.paragraphs == body
    assert (wire.dateline, wire.source, wire.date) == ("KYIV", "Reuters", "2024-06-02")
    assert wire.credits == "Reporting by Ana Lima; Editing by Jo Kim"
    # Paragraph units leave out the slug, the credit line and the boilerplate,
    # and the others keep their numbers.
    units = make_units([wire], "paragraph")
    assert [(u.id, u.text) for u in units] == [("w1:p2", body[1]), ("w1:p3", body[2])]
    assert [u.text for u in make_units([wire], "article")] == ["\n\n".join(body)]
    assert len(make_units([speech], "paragraph")) == 3 and speech.dateline is None
    assert item.paragraphs == ["WARSAW (Reuters) - Talks resumed."] and item.dateline is None

    out = tmp_path / "ds"
    result = run_cli(
        capsys, "dataset", "build", data, "--unit", "paragraph", "--split", "none", "--out", out
    )
    assert result.code == 0, result.err
    assert "wire.jsonl: 4 paragraph(s) of its rows are no units" in result.out
    # Units cut from labelled rows take their labels, and the command says so.
    assert "each paragraph cut from a labelled row" in result.out
    from datasets import load_from_disk

    built = load_from_disk(str(out))["train"]
    assert len(built) == 6 and not any("Standards:" in t for t in built["text"])
    # Rows taken whole: every paragraph is in its row's unit, and nothing is said.
    result = run_cli(capsys, "dataset", "build", data, "--split", "none", "--out", tmp_path / "r")
    assert result.code == 0 and "no units" not in result.out


KEYED = (
    "Title: Iran and Saudi Arabia agree to restore ties\n"
    "Date: 2023-03-10\n"
    "Source: Reuters\n"
    "URL: https://example.org/iran-saudi\n\n"
    "Iran and Saudi Arabia agreed on Friday to restore ties.\n\n"
    "The deal was announced in Beijing.\n"
)


def test_a_scrapers_key_value_header_is_metadata(tmp_path):
    import classify

    (tmp_path / "keyed.txt").write_text(KEYED, encoding="utf-8")
    (tmp_path / "headed.txt").write_text(
        "Talks resume in Vienna\nPublished: 10/03/2023\nAuthor: Jo Kim\n\n"
        "Envoys met in Vienna on Friday.\n",
        encoding="utf-8",
    )
    keyed, headed = sorted(classify.read_articles(tmp_path), key=lambda a: a.id)[::-1]
    assert keyed.title == "Iran and Saudi Arabia agree to restore ties"
    assert (keyed.date, keyed.source, keyed.meta["url"]) == (
        "2023-03-10", "Reuters", "https://example.org/iran-saudi"
    )  # fmt: skip
    assert keyed.paragraphs == [
        "Iran and Saudi Arabia agreed on Friday to restore ties.",
        "The deal was announced in Beijing.",
    ]
    assert keyed.meta["layout"] == "keyed"
    assert (headed.title, headed.date, headed.author) == (
        "Talks resume in Vienna", "2023-03-10", "Jo Kim"
    )  # fmt: skip
    assert headed.paragraphs == ["Envoys met in Vienna on Friday."]


@pytest.mark.parametrize(
    "text",
    [
        # One keyed line is a date line or text, as before.
        "Talks resume\n\nDate: Friday, the day of the talks, was chosen by both sides.\n",
        # Keyed lines that run on into text without a blank line are text.
        "Title: Talks\nDate: 2023-03-10\nThe talks resumed on Friday in Vienna.\n",
    ],
)
def test_text_that_only_looks_keyed_is_not_a_header(text):
    from classify.articles import _keyed_header

    assert _keyed_header(text) is None


def test_a_pages_headline_put_among_its_paragraphs_is_no_body_text():
    from classify.articles import parse_html

    texts = [
        "Envoys from both countries met in Vienna on Friday to restore ties after years.",
        "The talks will continue next month, officials from both sides said afterwards.",
        "Analysts welcomed the step as overdue and said more talks would follow soon.",
    ]
    divs = "".join(f'<div class="post"><p>{t}</p></div>' for t in texts[:2])
    page = (
        "<html><head><title>Talks resume in Vienna</title></head><body><main>"
        f"<h1>Talks resume in Vienna</h1>{divs}<h2>Reactions</h2>"
        f'<div class="post"><p>{texts[2]}</p></div></main></body></html>'
    )
    article = parse_html(page, id="p")
    assert article.title == "Talks resume in Vienna"
    assert article.paragraphs == [texts[0], texts[1], "Reactions", texts[2]]
    # Also where the page's title is another (og:title) than its <h1>, and
    # where a <br> breaks the <h1> in two.
    other = page.replace("<title>Talks resume in Vienna", "<title>Vienna talks")
    assert parse_html(other, id="p").paragraphs == article.paragraphs
    broken = page.replace("<h1>Talks resume in Vienna", "<h1>Talks resume<br>in Vienna")
    assert parse_html(broken, id="p").paragraphs == article.paragraphs


def test_a_markdown_article_renamed_txt_reads_as_plain_text(tmp_path):
    import classify

    (tmp_path / "md.txt").write_text(
        "# Cuba and US hold migration talks\n\n*April 21, 2023*\n\n"
        "**HAVANA (Reuters)** - Cuba and the [United States](https://example.org/us) held "
        "talks on Thursday.\n\n> The talks were the _third_ round this year.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path / "md.txt")
    assert article.title == "Cuba and US hold migration talks"
    assert (article.date, article.dateline, article.source) == ("2023-04-21", "HAVANA", "Reuters")
    assert article.paragraphs == [
        "Cuba and the United States held talks on Thursday.",
        "The talks were the third round this year.",
    ]
    from classify.articles import markdown_plain

    # Arithmetic and identifiers are no emphasis.
    assert markdown_plain("2*3*4 and snake_case_name") == "2*3*4 and snake_case_name"
    assert markdown_plain("[Georgia](https://w.org/Georgia_(country)) said") == "Georgia said"
    assert markdown_plain("See [the deal][1].\n[1]: https://e.org/d") == "See the deal.\n"
    assert markdown_plain("<https://e.org> ~~old~~ `code`") == "https://e.org old code"


def test_the_majority_baseline_averages_the_labels_the_model_averages():
    import numpy as np

    from classify.evaluation import evaluate_predictions

    labels = ["favour", "against", "neutral"]
    # No favour in the test data; the model predicts it twice, so its
    # macro-F1 averages three labels (favour F1 0).
    y_test = np.array([[0, 1, 0]] * 5 + [[0, 0, 1]] * 5)
    proba = np.array([[0.8, 0.1, 0.1]] * 2 + [[0.1, 0.8, 0.1]] * 3 + [[0.1, 0.1, 0.8]] * 5)
    y_train = np.array([[0, 0, 1]] * 10)  # the baseline says neutral throughout
    m = evaluate_predictions("multiclass", labels, y_test, proba, y_train=y_train, n_bootstrap=0)
    assert m["macro_f1"] == pytest.approx((0 + 0.75 + 1.0) / 3, abs=1e-4)
    # Neutral F1 = 2 * 0.5 / 1.5 over three labels, not over the two it has gold or predictions of.
    assert m["baseline"]["macro_f1"] == pytest.approx((0 + 0 + 2 / 3) / 3, abs=1e-4)
    # A model that never predicts favour averages two labels, and so does its baseline.
    exact = np.array([[0.1, 0.8, 0.1]] * 5 + [[0.1, 0.1, 0.8]] * 5)
    m = evaluate_predictions("multiclass", labels, y_test, exact, y_train=y_train, n_bootstrap=0)
    assert m["undefined_labels"] == ["favour"] == m["baseline"]["undefined_labels"]
    assert m["baseline"]["macro_f1"] == pytest.approx((0 + 2 / 3) / 2, abs=1e-4)
    # The baseline's per-label figures are its own: always 'favour' on a test
    # set without it scores F1 0 there, while the model's favour is undefined.
    always_favour = np.array([[1, 0, 0]] * 4)
    m = evaluate_predictions(
        "multiclass", labels, y_test, exact, y_train=always_favour, n_bootstrap=0
    )
    assert m["baseline"]["per_label"]["favour"]["f1"] == 0.0
    assert m["per_label"]["favour"]["f1"] is None and m["baseline"]["macro_f1"] == 0.0


def test_folds_that_split_articles_say_so(tmp_path, capsys):
    # Four paragraphs of each of twelve articles: without article groups
    # most articles land in several folds.
    rows = [
        {**row, "id": f"a{i // 4}:p{i % 4}", "article_id": f"a{i // 4}"}
        for i, row in enumerate(labelled_rows())
    ]
    data = write_jsonl(tmp_path / "paras.jsonl", rows)
    config = ROOT / "configs" / "stance-tfidf.yaml"
    args = ["train", config, "--data", data, "--cv", "3"]
    result = run_cli(capsys, *args, "--group", "none", "--out", tmp_path / "n")
    assert result.code == 0
    assert "articles have units in several folds (--group none)" in result.err
    result = run_cli(capsys, *args, "--group", "article", "--out", tmp_path / "a")
    assert result.code == 0 and "several folds" not in result.err


def test_the_report_says_how_many_near_duplicate_pairs_it_does_not_list(tmp_path):
    import numpy as np

    from classify.evaluation import evaluate_predictions
    from classify.reports import write_report

    labels = ["favour", "against", "neutral"]
    y = np.eye(3, dtype=int)[[0, 1, 2, 0, 1, 2]]
    metrics = evaluate_predictions("multiclass", labels, y, y * 0.8 + 0.05, n_bootstrap=0)
    pairs = [
        {"train_id": f"t{i}", "test_id": f"c{i}", "similarity": 1.0 if i < 12 else 0.91}
        for i in range(15)
    ]
    metrics["near_duplicates"] = {"count": 15, "pairs": pairs, "threshold": 0.9}
    write_report(tmp_path, metrics, title="dups")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| t9 | c9 |" in report and "| t10 |" not in report
    assert "And 5 more pair(s), down to similarity 0.910: all are in metrics.json" in report


@pytest.mark.parametrize(
    "header",
    [
        # Keys of its own beside the known ones, and an empty one.
        "Title: Talks resume in Vienna\nKeywords: Iran, talks\nAuthor:\nDate: 2023-03-10\n"
        "Source: Reuters\nUpdated: 2023-03-11",
        # YAML front matter.
        "---\ntitle: Talks resume in Vienna\ndate: 2023-03-10\nsource: Reuters\n---",
        # A headline, a blank line, then the keys.
        "Talks resume in Vienna\n\nDate: 2023-03-10\nSource: Reuters",
        # The title again above the body.
        "Title: Talks resume in Vienna\nDate: 2023-03-10\nSource: Reuters\n\nTalks resume in Vienna",
    ],
)
def test_keyed_headers_as_scrapers_write_them(tmp_path, header):
    import classify

    path = tmp_path / "a.txt"
    path.write_text(f"{header}\n\nEnvoys met in Vienna on Friday to restore ties.\n", "utf-8")
    (article,) = classify.read_articles(path)
    assert (article.title, article.date, article.source) == (
        "Talks resume in Vienna", "2023-03-10", "Reuters"
    )  # fmt: skip
    assert article.paragraphs == ["Envoys met in Vienna on Friday to restore ties."]
    if "Updated" in header:
        # The publication date, not the update's; other keys kept by name.
        assert article.meta["updated"] == "2023-03-11"
        assert article.meta["keywords"] == "Iran, talks"


def read_one(folder, text: str):
    """The one article of a .txt file holding ``text``."""
    import classify

    path = folder / "a.txt"
    path.write_text(text, "utf-8")
    (article,) = classify.read_articles(path)
    return article


def test_key_like_text_under_a_headline_stays_text(tmp_path):
    article = read_one(
        tmp_path,
        "Talks in Geneva\n\nSource: diplomats said the deal was near.\n"
        "Date: the announcement is expected on Friday.\n\nEnvoys met on Friday.\n",
    )
    assert article.title == "Talks in Geneva" and article.date is None
    assert article.paragraphs[0].startswith("Source: diplomats")


def test_newsapi_truncation_marks_are_taken_out_and_said(tmp_path):
    import classify

    rows = [
        {
            "id": "n1",
            "text": "Belarus freed 52 prisoners on Thursday, in a deal that… [+2345 chars]",
        },
        {"id": "n2", "text": "Envoys met in Vienna... [+1 char]"},
        {"id": "n3", "text": "The fee rose by [+5 chars] in the index, officials said."},
    ]
    data = write_jsonl(tmp_path / "feed.jsonl", rows)
    with pytest.warns(UserWarning, match=r"feed\.jsonl: texts end in a mark such as '\[\+2345"):
        first, second, third = classify.read_articles(data)
    assert first.paragraphs == ["Belarus freed 52 prisoners on Thursday, in a deal that"]
    assert second.paragraphs == ["Envoys met in Vienna"]
    # Only at the end of a text.
    assert third.paragraphs == [rows[2]["text"]]


def test_one_story_saved_as_txt_and_html_is_named_in_the_duplicate_error(tmp_path, capsys):
    (tmp_path / "story.txt").write_text("Talks resume\n\nEnvoys met in Vienna.\n", "utf-8")
    (tmp_path / "story.html").write_text(
        "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
        "<p>Envoys met in Vienna on Friday to restore ties after years apart.</p>"
        "<p>More talks follow next month in the capital city.</p></article></body></html>",
        "utf-8",
    )
    result = run_cli(
        capsys, "dataset", "build", tmp_path, "--split", "none", "--out", tmp_path / "d"
    )
    assert result.code == 1
    assert "story.html and story.txt are one name with two suffixes" in result.err
    assert "common parent" not in result.err


def test_dataset_json_records_no_share_for_a_split_by_cutoff(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    for args, share in ((["--cutoff", "2014-01-01"], None), (["--test-size", "0.3"], 0.3)):
        out = tmp_path / f"d{share}"
        result = run_cli(capsys, "dataset", "build", data, "--split", "date", *args, "--out", out)
        assert result.code == 0, result.err
        assert json.loads((out / "dataset.json").read_text())["split"]["test_size"] == share


def test_a_pages_byline_block_of_name_and_role_is_the_author():
    from classify.articles import parse_html

    page = (
        "<html><head><title>Talks resume in Tbilisi</title></head><body><article>"
        "<h1>Talks resume in Tbilisi</h1><div data-component='byline-block'><p>Jane Doe</p>"
        "<p>Caucasus correspondent</p></div><p>Georgia and Armenia resumed talks on Friday on "
        "a border dispute after years apart.</p><p>More talks follow next month in the "
        "capital, officials said.</p></article></body></html>"
    )
    article = parse_html(page, id="p")
    assert article.author == "Jane Doe"
    assert article.paragraphs[0].startswith("Georgia and Armenia")
    # Two short lines that name no job stay text.
    other = parse_html(page.replace("Caucasus correspondent", "Caucasus mountains"), id="p")
    assert other.author is None and other.paragraphs[:2] == ["Jane Doe", "Caucasus mountains"]


@pytest.mark.parametrize(
    "paragraph", ["G7 — Leaders agreed on new sanctions.", "EU — The bloc agreed to talks."]
)
def test_a_body_before_a_dash_is_no_dateline(paragraph):
    from classify.articles import match_dateline

    assert match_dateline(paragraph) is None
    assert match_dateline("BRUSSELS — The bloc agreed to talks.")[0] == "BRUSSELS"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Sea and Air", None),  # a subheading of single words
        ("By Land, Sea and Air", None),
        ("By Reuters and AP", None),  # agencies, no author
        ("By Jane Doe and Reuters", "Jane Doe"),
        ("By Jane Doe and Jo Kim", "Jane Doe and Jo Kim"),
    ],
)
def test_bylines_of_names_not_words(line, author):
    from classify.articles import _byline_author

    assert _byline_author(line) == author


def test_a_timelines_year_headings_head_their_entries():
    from classify.articles import parse_article

    text = (
        "Timeline: US-Cuba relations\n\n2015\n\nThe two restored relations.\n\n"
        "2017\n\nWashington tightened travel rules again.\n"
    )
    article = parse_article(text, id="t")
    assert article.date is None
    assert article.paragraphs == [
        "2015: The two restored relations.",
        "2017: Washington tightened travel rules again.",
    ]
    # One year under the headline is still its date line.
    one = parse_article("Talks resume\n\n2024\n\nEnvoys met in Vienna.\n", id="o")
    assert (one.date, one.paragraphs) == ("2024", ["Envoys met in Vienna."])


def test_a_made_up_row_id_that_clashes_with_a_written_one_says_so(tmp_path):
    import classify

    data = write_jsonl(
        tmp_path / "coll.jsonl", [{"id": "coll-2", "text": "A text."}, {"text": "Another text."}]
    )
    with pytest.raises(classify.ClassifyError) as err:
        classify.read_articles(data)
    assert "duplicate id 'coll-2'" in str(err.value)
    assert "the row at line 2 has no id and is named 'coll-2' after its file and line" in str(
        err.value
    )


def test_skipped_rows_are_listed_in_line_order(tmp_path, capsys):
    rows = [
        {"id": "a", "text": "Talks resume.", "stance": "favour"},
        {"id": "b", "text": "Talks stall.", "stance": "maybe"},  # refused for its label
        {"id": "c", "text": "", "stance": "favour"},  # refused when read
        {"id": "d", "text": "Talks end.", "stance": "against"},
        {"id": "e", "text": "Talks again.", "stance": "perhaps"},
    ]
    data = write_jsonl(tmp_path / "sk.jsonl", rows)
    out = tmp_path / "d"
    result = run_cli(
        capsys, "dataset", "build", data, "--on-error", "skip", "--split", "none", "--out", out
    )
    assert result.code == 0, result.err
    said = [line.split(":line ")[1].split(":")[0] for line in result.out.splitlines()
            if line.startswith("skipped ")]  # fmt: skip
    assert said == ["2", "3", "5"]
    listed = [json.loads(x)["line"] for x in (out / "skipped.jsonl").read_text().splitlines()]
    assert listed == [2, 3, 5]


def test_an_embedded_posts_attribution_line_is_no_unit():
    from classify.articles import parse_article

    text = (
        "Egypt welcomes talks\n\nMarch 3, 2024\n\nCAIRO (Reuters) - Egypt welcomed the talks.\n\n"
        "We welcome the resumption of talks.\n\n— Foreign Ministry (@MFAEgypt) July 4, 2023\n\n"
        "The talks resume next week.\n"
    )
    kept = parse_article(text, id="t").paragraphs
    assert len(kept) == 3 and not any("@MFAEgypt" in p for p in kept)
    assert kept[-1] == "The talks resume next week."


def test_folds_by_source_say_how_many_units_name_no_outlet(tmp_path, capsys):
    rows = labelled_rows()
    for row in rows[:5]:
        row["source"] = None
    data = write_jsonl(tmp_path / "s.jsonl", rows)
    result = run_cli(
        capsys, "train", ROOT / "configs" / "stance-tfidf.yaml", "--data", data, "--cv", "3",
        "--group", "source", "--out", tmp_path / "m",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "5 of the 48 units name no outlet ('source')" in result.err


def test_evaluate_writes_its_unit_predictions(stance_model, tmp_path):
    from sklearn.metrics import f1_score

    rows = labelled_rows()[:18]
    data = write_jsonl(tmp_path / "test.jsonl", rows)
    with pytest.warns(UserWarning):  # the model's own training units: said
        metrics = api.evaluate(stance_model, data, out=tmp_path / "ev")
    written = [
        json.loads(x) for x in (tmp_path / "ev" / "predictions.jsonl").read_text().splitlines()
    ]
    assert [r["id"] for r in written] == [r["id"] for r in rows]
    assert [r["gold"] for r in written] == [r["stance"] for r in rows]
    labels = ["favour", "against", "neutral"]
    assert all(r["predicted"] == max(labels, key=lambda k: r[f"p_{k}"]) for r in written)
    recomputed = f1_score(
        [r["gold"] for r in written], [r["predicted"] for r in written], average="macro"
    )
    assert recomputed == pytest.approx(metrics["macro_f1"], abs=1e-4)


@pytest.mark.parametrize(
    ("text", "date", "meta"),
    [
        # newspaper3k writes "Date: None": no date, the body kept.
        ("Title: Talks resume in Vienna\nDate: None\nSource: Reuters", None, {"date_written": "None"}),
        ('---\ntitle: "Talks resume in Vienna"\ndate: \'2023-03-10\'\ntags:\n  - iran\n'
         "  - talks\nsource: Reuters\n---", "2023-03-10", {"tags": "iran, talks"}),
        ("Title: Talks resume in Vienna\nAuthor(s): Jane Doe\nDate: 2023-03-10\nSource: Reuters\n\n"
         "TALKS RESUME IN VIENNA", "2023-03-10", {}),
    ],
)  # fmt: skip
def test_keyed_headers_as_tools_write_them(tmp_path, text, date, meta):
    import classify

    path = tmp_path / "a.txt"
    path.write_text(f"{text}\n\nEnvoys met in Vienna on Friday.\n", "utf-8")
    (article,) = classify.read_articles(path)
    assert (article.title, article.date, article.source) == (
        "Talks resume in Vienna", date, "Reuters"
    )  # fmt: skip
    assert article.paragraphs == ["Envoys met in Vienna on Friday."]
    assert meta.items() <= article.meta.items()


def test_front_matter_then_markdown(tmp_path):
    article = read_one(
        tmp_path,
        "---\ntitle: Talks resume in Vienna\ndate: 2023-03-10\n---\n\n# Talks resume in Vienna\n\n"
        "**VIENNA (Reuters)** - Envoys met on Friday.\n\n> > A quoted \\*aside\\*.\n",
    )
    assert (article.dateline, article.source, article.date) == ("VIENNA", "Reuters", "2023-03-10")
    assert article.paragraphs == ["Envoys met on Friday.", "A quoted *aside*."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Copyright 2019, laws were changed for the worse.",
        "Our standards: freedom, democracy and the rule of law.",
        "All rights reserved to the member states remain in force.",
        "Copyright European Union rules adopted in 2019 are strict.",
    ],
)
def test_prose_that_starts_like_boilerplate_is_body_text(paragraph):
    from classify.articles import _BOILERPLATE

    assert not _BOILERPLATE.match(paragraph)


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2025 The Associated Press. All rights reserved.",
        "Copyright Thomson Reuters 2024",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "All rights reserved. Reproduction prohibited.",
        "© 2024 AFP",
    ],
)
def test_boilerplate_lines_are_still_found(line):
    from classify.articles import _BOILERPLATE

    assert _BOILERPLATE.match(line)


def test_the_report_does_not_guess_at_pairs_metrics_json_leaves_out(tmp_path):
    import numpy as np

    from classify.evaluation import evaluate_predictions
    from classify.reports import write_report

    labels = ["favour", "against", "neutral"]
    y = np.eye(3, dtype=int)[[0, 1, 2, 0, 1, 2]]
    metrics = evaluate_predictions("multiclass", labels, y, y * 0.8 + 0.05, n_bootstrap=0)
    pairs = [{"train_id": f"t{i}", "test_id": f"c{i}", "similarity": 0.99} for i in range(20)]
    metrics["near_duplicates"] = {"count": 33, "pairs": pairs, "threshold": 0.9}
    write_report(tmp_path, metrics, title="dups")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "And 23 more pair(s); metrics.json (near_duplicates) lists the first 20." in report


def test_a_cells_dateline_under_its_repeated_title_is_found(tmp_path):
    import classify

    row = {
        "id": "t1",
        "title": "Talks resume",
        "text": "Talks resume\n\nKYIV (Reuters) - Talks resumed on Friday.\n\nMore talks follow.",
    }
    (article,) = classify.read_articles(write_jsonl(tmp_path / "t.jsonl", [row]))
    assert (article.dateline, article.source) == ("KYIV", "Reuters")


def test_a_folder_that_holds_no_model_is_said_in_one_line(tmp_path):
    from classify.errors import ClassifyError
    from classify.models._hub import resolve_model

    (tmp_path / "readme.txt").write_text("notes", "utf-8")
    with pytest.raises(ClassifyError, match=r"holds no model \(no config.json\)"):
        resolve_model(str(tmp_path))


def test_settings_that_do_nothing_are_said(tmp_path):
    import warnings

    import classify

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.train(
            ROOT / "configs" / "stance-tfidf.yaml", data=data, save=False,
            overrides={"thresholds.method": "cv", "data.split.method": "random"},
        )  # fmt: skip
    said = " ".join(str(w.message) for w in caught)
    assert "key 'thresholds.method' ('cv') tunes multi-label thresholds" in said
    # With a calibration, the method says where its held-out predictions come from.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.train(
            ROOT / "configs" / "stance-tfidf.yaml", data=data, save=False,
            overrides={"thresholds.method": "cv", "data.split.method": "random",
                       "calibration": "temperature"},
        )  # fmt: skip
    assert "thresholds.method" not in " ".join(str(w.message) for w in caught)


def test_zero_shot_says_which_labels_have_no_description_and_unused_models(
    tmp_path, packaged_encoder
):
    import warnings

    import classify

    task = tmp_path / "econ.yaml"
    task.write_text(
        "name: econ\nkind: multiclass\nfield: econ\nlabels: [trade, energy, migration]\n"
        # "energy:" left empty is no description (not the text "None").
        "descriptions:\n  trade: tariffs, exports and trade deals\n  energy:\n",
        "utf-8",
    )
    texts = ["New tariffs on steel exports", "A gas pipeline deal", "Asylum seekers cross"]
    rows = [
        {
            "id": f"e{i}",
            "text": f"{texts[i % 3]} ({i})",
            "econ": ["trade", "energy", "migration"][i % 3],
        }
        for i in range(24)
    ]
    data = write_jsonl(tmp_path / "econ.jsonl", rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.train(
            ROOT / "configs" / "stance-zeroshot.yaml", data=data, task=task, save=False, cv=3,
            overrides={"model.params.nli_model": "some/nli-model", "model.params.scale": 5.0},
        )  # fmt: skip
    said = " ".join(str(w.message) for w in caught)
    assert "no description for 'energy', 'migration'" in said
    # Neither the NLI model nor the multi-label scale is read on a
    # single-label task scored by similarity.
    assert (
        "keys 'model.params.nli_model', 'model.params.scale' are not used with method "
        "'similarity' on a single-label task" in said
    )


def test_a_paired_test_on_one_differing_unit_finds_no_difference():
    import numpy as np

    from classify.evaluation import paired_bootstrap

    labels = ["favour", "against", "neutral"]
    gold = np.eye(3, dtype=int)[[2, 2, 2, 2, 1]]
    right = gold.copy()
    neutral = np.eye(3, dtype=int)[[2, 2, 2, 2, 2]]
    test = paired_bootstrap("multiclass", labels, gold, right, neutral)
    # The models differ on one unit of five: far from significant (a
    # resample without that unit is a tie, not left out), and since stop 51
    # too few differences for any test: no p, said why.
    assert test["diff"] == pytest.approx(0.5556, abs=1e-4)
    assert test["ci95"][0] <= 0
    assert test["p_value"] is None and "decide differently on 1 unit" in test["p_note"]


def test_experiments_refuse_a_bootstrap_they_cannot_use_and_name_absent_labels(tmp_path, capsys):
    rows = labelled_rows()
    for row in rows:
        if row["stance"] == "favour" and row["date"] >= "2016-06-01":
            row["date"] = "2011-01-01"  # no favour unit in the late part
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    base = (
        f"name: tiny\ndata: {data}\nprotocols:\n  - {{name: late, split: date, cutoff: '2016-06-01'}}\n"
        f"models: [{ROOT / 'configs' / 'stance-tfidf.yaml'}]\nseeds: [0]\n"
        f"references:\n  - {{name: majority, function: {ROOT / 'experiments' / 'references.py'}"
        ":majority}\n"
    )
    for value in ("0", "abc"):
        exp = tmp_path / f"b{value}.yaml"
        exp.write_text(base + f"bootstrap: {value}\n", "utf-8")
        result = run_cli(capsys, "experiment", "run", exp)
        assert result.code == 1
        assert "key 'bootstrap' is " in result.err
        assert "(allowed: 10 resamples or more" in result.err
    exp = tmp_path / "ok.yaml"
    exp.write_text(base + "bootstrap: 1e3\n", "utf-8")  # a whole number written as a float
    result = run_cli(capsys, "experiment", "run", exp)
    assert result.code == 0, result.err
    summary = json.loads((tmp_path / "results" / "tiny.json").read_text())
    (board,) = summary["leaderboards"]
    assert board["labels_without_gold"] == ["favour"]
    assert "No test unit has 'favour'" in result.out
    # The figures shown, their intervals and the paired difference average
    # one label set, so the difference is that of the figures shown.
    shown = {r["name"]: r["macro_f1"] for r in board["rows"]}
    (test,) = board["tests"]
    assert test["diff"] == pytest.approx(shown[test["a_name"]] - shown[test["b_name"]], abs=1e-3)
    # What the model was is recorded with its figures.
    settings = summary["grid"]["model_settings"]["stance"]["stance-tfidf"]
    assert settings["model"]["family"] == "tfidf-linear"
    assert settings["model"]["params"]["C"] == 10.0 and settings["calibration"] == "none"
    # A misspelt split is named as such, not as its cutoff's problem.
    typo = tmp_path / "typo.yaml"
    typo.write_text(base.replace("split: date", "split: dates"), "utf-8")
    result = run_cli(capsys, "experiment", "run", typo)
    assert result.code == 1 and "key 'protocols[0].split' is 'dates' (allowed: date" in result.err


def test_a_reference_returning_label_names_is_told_what_it_returned():
    from classify.errors import ClassifyError
    from classify.experiments import ReferenceEntry, _reference_decisions

    ref = ReferenceEntry(name="mine", function="refs.py:mine")
    with pytest.raises(ClassifyError, match=r"returned 3 rows such as \['sanctions'\], where 3x3"):
        _reference_decisions(ref, [["sanctions"], [], ["normalisation"]], 3, 3)
