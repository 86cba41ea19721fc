"""Stop 63: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows
from test_stop62 import _article

from classify.articles import read_articles
from classify.errors import ClassifyError

_BODY = "The United States eased sanctions on Belarusian potash on Tuesday."


@pytest.mark.parametrize(
    "value",
    ["15 March", "March 15", "Sept. 11", "Friday", "Fri, 15 March", "3 hours ago", "yesterday",
     "Spring 2021", "unknown", "04/05"],
)  # fmt: skip
def test_a_date_line_without_a_full_date_is_kept_apart_from_the_title(tmp_path, value):
    """Left alone in stop 62: "Talks resume" / "Date: 15 March" made the
    title "Talks resume Date: 15 March", silently."""
    article = _article(tmp_path, f"Talks resume\nDate: {value}\n\n{_BODY}\n")
    assert (article.title, article.date, article.paragraphs) == ("Talks resume", None, [_BODY])
    assert article.meta["date_written"] == value


@pytest.mark.parametrize(
    "line", ["Date: Friday, officials said.", "Date: the talks are expected on Friday"]
)
def test_a_date_key_followed_by_a_sentence_is_no_header(tmp_path, line):
    article = _article(tmp_path, f"Talks resume\n\n{line}\n\n{_BODY}\n")
    assert article.date is None and "date_written" not in article.meta
    assert line in [*article.paragraphs, article.meta.get("standfirst")]


def test_an_impossible_date_with_a_year_is_still_refused(tmp_path):
    with pytest.raises(ClassifyError, match="31/02/2021"):
        _article(tmp_path, f"Talks resume\nDate: 31/02/2021\n\n{_BODY}\n")


def test_build_names_the_date_lines_that_give_no_full_date(tmp_path, capsys):
    folder = tmp_path / "fold"
    folder.mkdir()
    (folder / "c.txt").write_text(f"Talks resume\nDate: Spring 2021\n\n{_BODY}\n")
    (folder / "d.txt").write_text(f"Minsk frees prisoners\nDate: 3 hours ago\n\n{_BODY}\n")
    (folder / "e.txt").write_text(f"Envoy named\nDate: 3 May 2021\n\n{_BODY}\n")
    ann = tmp_path / "ann.jsonl"
    ann.write_text(
        "".join(
            json.dumps({"id": f"{a}:p1", "stance": s}) + "\n"
            for a, s in (("c", "favour"), ("d", "neutral"), ("e", "against"))
        )
    )
    args = ["dataset", "build", folder, "--annotations", ann, "--task", "stance"]
    got = run_cli(capsys, *args, "--split", "none", "--out", tmp_path / "ds")
    assert got.code == 0, got.err
    assert "2 of 3 articles have no date" in got.out
    assert "2 have a date line that gives no full date" in got.out
    assert "fold/c.txt ('Spring 2021')" in got.out and "fold/d.txt ('3 hours ago')" in got.out
    summary = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    written = {str(k).rsplit("/", 1)[-1]: v for k, v in summary["undated_written"].items()}
    assert written == {"c.txt": "Spring 2021", "d.txt": "3 hours ago"}
    # A date split names the line that gave no date, not "no date line".
    got = run_cli(
        capsys, *args, "--split", "date", "--cutoff", "2021-01-01", "--out", tmp_path / "d2"
    )
    assert got.code == 1
    assert "fold/c.txt's date line 'Spring 2021' gives no full date" in got.err


_PAGE = """<html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>US eases sanctions on Belarus potash</h1>
<p>March 3, 2022</p>
<p>The United States eased sanctions on Belarusian potash exports on Tuesday, officials in
Washington said, in a move seen as a step towards normalisation of relations.</p>
<p>Minsk welcomed the decision and said it would free more political prisoners in the
coming weeks, according to the foreign ministry.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("title", "site"),
    [
        ("US eases sanctions on Belarus potash | The Minsk Herald", "The Minsk Herald"),
        ("US eases sanctions on Belarus potash - Belta", "Belta"),
        ("BBC News - US eases sanctions on Belarus potash", "BBC News"),
        ("US eases sanctions on Belarus potash :: Charter97", "Charter97"),
        ("US eases sanctions on Belarus potash - World news - The Guardian", "The Guardian"),
        # A section, a subtitle, a date or the headline alone: no site.
        ("US eases sanctions on Belarus potash - Europe", None),
        ("US eases sanctions on Belarus potash | World News", None),
        ("US eases sanctions on Belarus potash: what it means", None),
        ("US eases sanctions on Belarus potash - what it means", None),
        ("US eases sanctions on Belarus potash - 3 March 2022", None),
        ("US eases sanctions on Belarus potash", None),
        ("Potash: a new chapter | The Minsk Herald", None),  # not the headline
    ],
)
def test_a_page_title_names_the_site_where_its_metadata_does_not(tmp_path, title, site):
    """Left alone in stop 62: a page without og:site_name had no outlet,
    though its <title> ended in the site's name."""
    article = _article(tmp_path, _PAGE.format(title=title), name="page.html")
    assert article.title == "US eases sanctions on Belarus potash"
    assert (article.site, article.source) == (site, site)
    assert article.date == "2022-03-03" and len(article.paragraphs) == 2


def test_a_declared_site_name_beats_the_page_title(tmp_path):
    page = _PAGE.format(title="US eases sanctions on Belarus potash | Minsk Herald").replace(
        "<head>", '<head><meta property="og:site_name" content="The Minsk Herald Online">'
    )
    article = _article(tmp_path, page, name="page.html")
    assert article.site == "The Minsk Herald Online"


def test_every_unknown_key_of_a_section_is_named(tmp_path, capsys):
    """Left alone in stop 62: only the first unknown key of a file was
    named, so a file with three typos took three runs to fix."""
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        "task: stance\nmodel:\n  family: tfidf-linear\n  params:\n"
        "    c: 2\n    word_ngram: [1, 2]\n    foo: 1\n"
    )
    got = run_cli(capsys, "train", cfg, "--data", tmp_path / "none.jsonl")
    assert got.code == 1
    line = got.err.strip()
    assert "unknown keys 'model.params.c', 'model.params.foo' and 'model.params.word_ngram'" in line
    assert "did you mean 'model.params.C' for 'model.params.c'" in line
    assert "'model.params.word_ngrams' for 'model.params.word_ngram'?" in line
    assert "foo' for" not in line  # no guess where none is near
    # One unknown key reads as before.
    cfg.write_text("task: stance\nunit: sentence\nmodel: {family: tfidf-linear}\n")
    got = run_cli(capsys, "train", cfg, "--data", tmp_path / "none.jsonl")
    assert "unknown key 'unit' (allowed:" in got.err and "did you mean 'data.unit'?" in got.err


def test_check_keys_names_every_unknown_key():
    from classify.schema import check_keys

    with pytest.raises(ClassifyError, match=r"unknown keys 'x\.a' and 'x\.b' \(allowed: c\)"):
        check_keys({"a": 1, "b": 2, "c": 3}, {"c"}, "x", source="f.yaml")


def test_units_left_out_for_want_of_labels_are_named(tmp_path, capsys):
    """Left alone in stop 61: "2 units without gold labels were left out"
    named none of them."""
    rows = labelled_rows()[:8]
    rows[2]["stance"] = None
    rows[5]["stance"] = ""
    data = tmp_path / "rows.jsonl"
    data.write_text(
        "".join(json.dumps({k: r[k] for k in ("id", "text", "stance")}) + "\n" for r in rows)
    )
    got = run_cli(
        capsys, "dataset", "build", data, "--task", "stance", "--split", "none",
        "--out", tmp_path / "ds",
    )  # fmt: skip
    assert got.code == 0, got.err
    assert (
        f"2 units without gold labels were left out ({rows[2]['id']}, {rows[5]['id']})" in got.out
    )
    from classify import build_dataset

    with pytest.warns(
        UserWarning, match=rf"2 units without gold labels left out \({rows[2]['id']}"
    ):
        build_dataset([data], out=tmp_path / "ds2", tasks=["stance"], split="none")


def test_interval_columns_are_left_out_where_no_interval_was_drawn():
    from classify.reports import render_table, without_blank_intervals

    rows = [["macro_f1", 0.71, "n/a", 0.4], ["f_avg", 0.66, None, 0.3]]
    columns = ["figure", "value", "95% CI", "majority baseline"]
    kept_rows, kept_columns = without_blank_intervals(rows, columns)
    assert kept_columns == ["figure", "value", "majority baseline"]
    assert kept_rows == [["macro_f1", 0.71, 0.4], ["f_avg", 0.66, 0.3]]
    # One interval drawn: the column stays, blanks and all.
    rows[0][2] = (0.6, 0.8)
    assert without_blank_intervals(rows, columns) == (rows, columns)
    # Mapping rows, by key.
    table = render_table(
        [{"label": "a", "f1": 0.5, "ci": None}], ["label", "f1", ("ci", "F1 95% CI")]
    )
    assert "95% CI" not in table and "| a | 0.500 |" in table


def test_evaluate_with_no_bootstrap_prints_no_interval_column(tmp_path, capsys):
    rows = labelled_rows()
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "cfg.yaml").write_text(
        "task: stance\nmodel: {family: tfidf-linear}\nevaluation: {bootstrap: 0}\n"
    )
    got = run_cli(
        capsys, "train", tmp_path / "cfg.yaml", "--data", data, "--out", tmp_path / "m",
        "--no-refit",
    )  # fmt: skip
    assert got.code == 0, got.err
    assert "95% CI" not in got.out and "macro_f1" in got.out
    report = (tmp_path / "m" / "report.md").read_text()
    assert "95% CI" not in report.split("## ")[1]  # the first table: figures without intervals
    got = run_cli(capsys, "evaluate", tmp_path / "m", data, "--out", tmp_path / "ev")
    assert got.code == 0, got.err
    assert "95% CI" in got.out  # evaluate's own default draws them


def test_compare_scores_a_model_at_thresholds_set_by_hand(tmp_path):
    """Review 211: `compare` without data paired the saved decisions, made
    at the thresholds the model was evaluated with, so a model whose
    thresholds were set by hand ranked as the untouched one, silently."""
    import numpy as np
    from sklearn.metrics import f1_score

    import classify

    rows = labelled_rows()
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "cfg.yaml").write_text(
        "task: topic\nmodel: {family: tfidf-linear}\nevaluation: {bootstrap: 0}\n"
    )
    classify.train(tmp_path / "cfg.yaml", data=data, out=tmp_path / "m", refit=False)
    model = classify.load_model(tmp_path / "m")
    model.thresholds = [1.0, 1.0, 0.5]
    from classify.reports import write_model_documents

    with pytest.warns(UserWarning, match="set by hand"):
        model.save(tmp_path / "m2", documents=write_model_documents)
    # Review 211: the card said "fit before the refit" of a model never refitted.
    card = " ".join((tmp_path / "m2" / "README.md").read_text().split())
    assert "before they were set by hand" in card and "before the refit" not in card
    with pytest.warns(UserWarning, match=r"decided again at them"):
        board = classify.compare([tmp_path / "m", tmp_path / "m2"], n_bootstrap=0)
    held = model.predictions
    want = f1_score(held.y_true, (held.proba >= np.array([1.0, 1.0, 0.5])).astype(int),
                    average="macro", zero_division=0)  # fmt: skip
    by_path = {str(r["path"]): r for r in board["topic"]["rows"]}
    assert by_path[str(tmp_path / "m2")]["macro_f1"] == pytest.approx(want, abs=1e-4)
    assert by_path[str(tmp_path / "m")]["macro_f1"] == pytest.approx(
        model.metrics["macro_f1"], abs=1e-4
    )
    assert by_path[str(tmp_path / "m2")]["macro_f1"] != by_path[str(tmp_path / "m")]["macro_f1"]
    # The folder reloaded decides alike; thresholds put back, nothing is decided again.
    again = classify.load_model(tmp_path / "m2")
    assert again.held_out_predictions()[1] is True
    again.thresholds = model._evaluated_thresholds
    assert again.held_out_predictions()[1] is False


@pytest.mark.parametrize(
    "where",
    [
        ("<body>", "<body><!-- Google Tag Manager (noscript) -->"),
        ("<head>", "<head><!-- consent manager --><?xml-stylesheet href='a.css'?>"),
        ("<p>March 3, 2022</p>", "<p><!-- date -->March 3, 2022</p>"),
    ],
)
def test_a_page_with_comments_is_read(tmp_path, where):
    """Review 210: a tag manager's comment after <body> stopped the whole
    command with "unexpected ValueError: Input object is not an XML
    element: HtmlComment", --on-error skip or not."""
    page = _PAGE.format(title="US eases sanctions on Belarus potash | The Minsk Herald")
    article = _article(tmp_path, page.replace(*where), name="page.html")
    assert (article.title, article.date, article.site) == (
        "US eases sanctions on Belarus potash",
        "2022-03-03",
        "The Minsk Herald",
    )
    assert len(article.paragraphs) == 2 and "Google" not in " ".join(article.paragraphs)


@pytest.mark.parametrize(
    ("prolog", "meta"),
    [
        ("", '<meta charset="iso-8859-1">'),
        ("", '<meta charset="ISO-8859-1">'),
        ("", '<meta charset="latin1">'),
        ("", '<meta charset="us-ascii">'),
        # Check 213: an XHTML page's prolog alone declares it too.
        ('<?xml version="1.0" encoding="ISO-8859-1"?>\n', ""),
    ],
)
def test_a_page_declared_latin_1_is_read_as_browsers_read_it(tmp_path, prolog, meta):
    """Review 210: a page declared iso-8859-1 holding windows-1252 bytes
    (€, curly quotes, dashes) lost them or made control characters."""
    text = (
        f"{prolog}<html><head>{meta}<title>EU weighs €2bn aid – report</title></head>"
        "<body><article><h1>EU weighs €2bn aid – report</h1><p>March 3, 2022</p>"
        "<p>The European Commission said it was “studying options” for a €2 billion package "
        "for Belarusian civil society in 2025–2026, officials in Brussels said on Monday.</p>"
        "<p>Officials in Minsk called the plan “interference” and said Brussels should lift "
        "its sanctions first, according to the foreign ministry.</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(text.encode("cp1252"))
    (article,) = read_articles([path])
    assert article.title == "EU weighs €2bn aid – report"
    assert "“studying options” for a €2 billion package" in article.paragraphs[0]
    assert "2025–2026" in article.paragraphs[0]
    # A byte windows-1252 leaves undefined: read by the label's own codec,
    # not refused.
    path.write_bytes(text.encode("cp1252").replace(b"Monday", b"Mon\x81day"))
    (article,) = read_articles([path])
    assert article.paragraphs[0].startswith("The European Commission said")


@pytest.mark.parametrize(
    ("opening", "source"),
    [
        ("VILNIUS (East Wire) -", "East Wire"),
        ("MINSK (Kyiv Independent) -", "Kyiv Independent"),
        ("MINSK (Charter 97) -", "Charter 97"),
        ("WASHINGTON (Voice of America) -", "Voice of America"),
        ("GENEVA, Switzerland (Baltic News Service) -", "Baltic News Service"),
        ("LONDON (Reuters) -", "Reuters"),
    ],
)
def test_a_dateline_names_an_outlet_of_any_name(tmp_path, opening, source):
    """Review 210: `VILNIUS (East Wire) -` stayed in the first unit and
    the article had no source, as the outlet was not on the list."""
    text = (
        f"Envoy arrives\n\n{opening} The U.S. envoy arrived in Minsk on Friday.\n\nTalks began.\n"
    )
    article = _article(tmp_path, text)
    assert article.source == source
    assert article.paragraphs[0] == "The U.S. envoy arrived in Minsk on Friday."


@pytest.mark.parametrize(
    "opening",
    [
        "APPLE (AAPL) - Shares fell.",
        "MINSK (Belarus) - Talks resumed.",
        "WASHINGTON (Update 2) - Talks resumed.",
        "NATO (North Atlantic Treaty Organization) - The alliance met.",
        "Minsk (East Wire) - Talks resumed.",
        "MINSK (Belavia Airlines) - Flights resumed.",
        "KYIV (The Kyiv Hotel Group) - Rooms were booked.",
    ],
)
def test_a_bracket_that_names_no_outlet_is_no_dateline(opening):
    from classify.articles import match_dateline

    assert match_dateline(opening) is None


_DIV_STORY = (
    '<div class="headline">Lukashenko tells U.S. envoy Belarus wants normal relations</div>'
    '<div class="storytext">Belarusian leader Alexander Lukashenko told a visiting U.S. '
    "official that Minsk wanted normal relations with Washington.<br><br>The meeting came a "
    "day after Belarus freed three prisoners, including a U.S. citizen.<br><br>Opposition "
    "figures said any deal must include the release of all political prisoners.</div>"
)


@pytest.mark.parametrize(
    ("head", "top"),
    [
        # Review 210: the extractor took "Euro Desk" (og:site_name) for the
        # title and the headline became the first unit.
        (
            "<title>Lukashenko tells U.S. envoy Belarus wants normal relations - Euro Desk</title>"
            '<meta property="og:site_name" content="Euro Desk">',
            '<div id="top"><a href="/">Euro Desk</a> | <a href="/world">World</a> | '
            '<a href="/europe">Europe</a> | <a href="/login">Log in</a></div>',
        ),
        # Check 213: no og:site_name, a logo <h1>: the title was the site's name.
        (
            "<title>Lukashenko tells U.S. envoy Belarus wants normal relations | Euro Desk</title>",
            '<header><h1><a href="/">Euro Desk</a></h1></header>',
        ),
    ],
)
def test_a_headline_in_a_div_is_the_title_not_the_site_name(tmp_path, head, top):
    page = f"<html><head>{head}</head><body>{top}{_DIV_STORY}</body></html>"
    article = _article(tmp_path, page, name="page.html")
    assert article.title == "Lukashenko tells U.S. envoy Belarus wants normal relations"
    assert article.site == "Euro Desk"
    assert len(article.paragraphs) == 3 and article.paragraphs[0].startswith("Belarusian leader")


@pytest.mark.parametrize(
    ("written", "date"), [("March 4, 2024", "2024-03-04"), ("2024-03", "2024-03")]
)
def test_a_json_ld_date_in_words_or_to_the_month_dates_the_page(tmp_path, written, date):
    """Review 210: JSON-LD "datePublished": "March 4, 2024" or "2024-03"
    left the page undated, silently."""
    ld = json.dumps({"@type": "NewsArticle", "headline": "Belarus jails rights defenders",
                     "datePublished": written})  # fmt: skip
    page = _PAGE.format(title="Belarus jails rights defenders").replace("<p>March 3, 2022</p>", "")
    page = page.replace("US eases sanctions on Belarus potash", "Belarus jails rights defenders")
    page = page.replace("</head>", f'<script type="application/ld+json">{ld}</script></head>')
    assert _article(tmp_path, page, name="page.html").date == date
    # Only a modification date: still undated.
    modified = page.replace("datePublished", "dateModified")
    assert _article(tmp_path, modified, name="page.html").date is None


def test_a_byline_broken_from_its_date_by_br_gives_the_author(tmp_path):
    """Review 210: a print page's `<p class="meta">By Hanna Sokal<br>Published:
    9 October 2023</p>` read as "By Hanna SokalPublished: ...", no author."""
    page = (
        "<html><head><title>UN experts urge release of Ales Bialiatski</title></head><body>"
        "<h1>UN experts urge release of Ales Bialiatski</h1>"
        '<p class="meta">By Hanna Sokal<br>Published: 9 October 2023</p>'
        "<p>GENEVA (East Wire) - A group of United Nations human rights experts on Monday called "
        "on Belarus to release the Nobel Peace Prize laureate Ales Bialiatski.</p>"
        "<p>The experts said they had received reports that Bialiatski was held in isolation "
        "and denied access to his lawyer and family.</p></body></html>"
    )
    article = _article(tmp_path, page, name="print.html")
    assert (article.author, article.date, article.source) == (
        "Hanna Sokal",
        "2023-10-09",
        "East Wire",
    )
    assert article.paragraphs[0].startswith("A group of United Nations")


def test_an_old_page_names_its_site_beside_the_date_not_an_author(tmp_path):
    """Review 210: a 2004 page's `20.10.2004 | Minsk Archive` gave the
    author "Minsk Archive", and its title kept "Minsk Archive :: News ::"."""
    page = (
        "<HTML><HEAD><TITLE>Minsk Archive :: News :: U.S. Congress passes Belarus Democracy Act"
        '</TITLE></HEAD><BODY><TABLE><TR><TD><A HREF="/">Home</A><BR><A HREF="/news/">News</A>'
        '</TD><TD><FONT SIZE="4"><B>U.S. Congress passes Belarus Democracy Act</B></FONT><BR>'
        '<FONT SIZE="1">20.10.2004 | Minsk Archive</FONT><BR><BR><FONT SIZE="2">'
        "WASHINGTON - The U.S. House of Representatives has passed the Belarus Democracy Act, "
        "which authorises funding for independent media in Belarus.<BR><BR>"
        "The bill's sponsors said it was a response to the persecution of independent "
        "journalists under President Alexander Lukashenko.<BR><BR>"
        "Officials in Minsk called the act an attempt to interfere in internal affairs."
        "</FONT></TD></TR></TABLE></BODY></HTML>"
    )
    article = _article(tmp_path, page, name="old.htm")
    assert article.title == "U.S. Congress passes Belarus Democracy Act"
    assert (article.author, article.site, article.date) == (None, "Minsk Archive", "2004-10-20")
    assert len(article.paragraphs) == 3


@pytest.mark.parametrize(
    ("title", "site", "want"),
    [
        ("Minsk Archive :: News :: Talks resume in Vilnius", "Minsk Archive", "Talks resume in Vilnius"),
        ("Minsk Archive | World | Talks resume in Vilnius", "Minsk Archive", "Talks resume in Vilnius"),
        ("Talks resume in Vilnius", "Minsk Archive", "Talks resume in Vilnius"),
        ("Minsk Archive - Talks", "Minsk Archive", "Minsk Archive - Talks"),  # too short to be a headline
        ("Other Site :: News :: Talks resume in Vilnius", "Minsk Archive",
         "Other Site :: News :: Talks resume in Vilnius"),
    ],
)  # fmt: skip
def test_title_without_crumbs(title, site, want):
    from classify.articles import _title_without_crumbs

    assert _title_without_crumbs(title, site) == want


def test_encoding_progress_counts_the_texts_asked_for():
    """Review 211: training on 430 units showed "training: 431/431": the
    encoder counted a long text's two windows."""
    from classify.models.embedding import _in_texts

    seen: list[tuple[int, int]] = []
    report = _in_texts(lambda done, total: seen.append((done, total)), 430)
    for done in (0, 200, 430, 431):
        report(done, 431)
    assert seen == [(0, 430), (199, 430), (429, 430), (430, 430)]
    # Repeated texts encoded once (total below n): the end is still n of n.
    report(120, 120)
    assert seen[-1] == (430, 430)
    assert _in_texts(None, 3) is None


def test_evaluate_predictions_keep_each_units_date_and_source(tmp_path, capsys):
    """Review 211: `evaluate`'s predictions.jsonl had no date or outlet,
    so a held-out figure by year meant joining the input back by id."""
    rows = labelled_rows()
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "cfg.yaml").write_text(
        "task: stance\nmodel: {family: tfidf-linear}\nevaluation: {bootstrap: 0}\n"
    )
    got = run_cli(capsys, "train", tmp_path / "cfg.yaml", "--data", data, "--out", tmp_path / "m")
    assert got.code == 0, got.err
    got = run_cli(capsys, "evaluate", tmp_path / "m", data, "--out", tmp_path / "ev",
                  "--bootstrap", "0")  # fmt: skip
    assert got.code == 0, got.err
    written = [
        json.loads(x) for x in (tmp_path / "ev" / "predictions.jsonl").read_text().split("\n") if x
    ]
    by_id = {r["id"]: r for r in rows}
    assert len(written) == len(rows)
    assert all(w["date"] == by_id[w["id"]]["date"] for w in written)
    assert all(w["source"] == by_id[w["id"]]["source"] for w in written)
    # Review 215: evaluate recorded the data's path as given (relative).
    metrics = json.loads((tmp_path / "ev" / "metrics.json").read_text())
    assert metrics["evaluation"]["data"] == str(data.resolve())


@pytest.mark.parametrize(
    ("title", "headline", "site"),
    [
        # Check 213: a headline with a dotted abbreviation swapped title and site.
        ("U.S. eases sanctions on Belarus | The Minsk Herald", "U.S. eases sanctions on Belarus",
         "The Minsk Herald"),
        ("Lukashenko meets St. Petersburg governor | The Minsk Herald",
         "Lukashenko meets St. Petersburg governor", "The Minsk Herald"),
        ("Minsk Archive - News - U.S. eases sanctions on Belarus", "U.S. eases sanctions on Belarus",
         "Minsk Archive"),
        ("Minsk Archive | News | U.S. eases sanctions on Belarus", "U.S. eases sanctions on Belarus",
         "Minsk Archive"),
    ],
)  # fmt: skip
def test_a_dotted_headline_stays_the_title(tmp_path, title, headline, site):
    page = _PAGE.format(title=title).replace("US eases sanctions on Belarus potash", headline)
    article = _article(tmp_path, page, name="page.html")
    assert (article.title, article.site) == (headline, site)
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    ("opening", "source"),
    [
        ("MINSK (Republic of Belarus) - Talks resumed.", None),
        ("MOSCOW (Russian Federation) - Talks resumed.", None),
        ("WARSAW (Notes from Poland) — The court ruled.", "Notes from Poland"),
    ],
)
def test_a_states_long_name_in_brackets_is_no_outlet(opening, source):
    from classify.articles import match_dateline

    found = match_dateline(opening)
    assert (found[1] if found else None) == source


@pytest.mark.parametrize(
    "meta",
    [
        "By Jane Doe and John Roe<br>Updated: 10 October 2023<br>Published: 9 October 2023",
        "By Jane Doe and John Roe<br>Published: 9 October 2023<br>Updated: 10 October 2023",
    ],
)
def test_a_byline_block_with_both_stamps_gives_the_published_date(tmp_path, meta):
    page = (
        "<html><head><title>UN experts urge release of Ales Bialiatski</title></head><body>"
        f'<h1>UN experts urge release of Ales Bialiatski</h1><p class="meta">{meta}</p>'
        "<p>GENEVA (East Wire) - A group of United Nations human rights experts on Monday called "
        "on Belarus to release the Nobel Peace Prize laureate Ales Bialiatski.</p>"
        "<p>The experts said they had received reports that Bialiatski was held in isolation "
        "and denied access to his lawyer and family.</p></body></html>"
    )
    article = _article(tmp_path, page, name="print.html")
    assert (article.author, article.date) == ("Jane Doe and John Roe", "2023-10-09")


def test_unknown_keys_keep_their_line_and_a_misspelt_key_one_level_up_is_found(tmp_path, capsys):
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        "task: stance\nmodel:\n  family: tfidf-linear\n  params:\n    c: 2\n    word_ngram: [1, 2]\n"
    )
    got = run_cli(capsys, "train", cfg, "--data", tmp_path / "none.jsonl")
    assert "cfg.yaml:line 5: unknown keys 'model.params.c' and" in got.err
    cfg.write_text("task: stance\nmodel: {family: tfidf-linear}\ndata:\n  test_sise: 0.3\n")
    got = run_cli(capsys, "train", cfg, "--data", tmp_path / "none.jsonl")
    assert "line 4: unknown key 'data.test_sise'" in got.err
    assert "did you mean 'data.split.test_size'?" in got.err


def test_compare_without_intervals_says_none_in_its_header(tmp_path, capsys):
    """Check 213: `compare --bootstrap 0` headed bare figures "macro_f1 [95% CI]"."""
    rows = labelled_rows()
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    for name, c in (("a", 1), ("b", 10)):
        (tmp_path / f"{name}.yaml").write_text(
            f"task: stance\nname: {name}\nmodel: {{family: tfidf-linear, params: {{C: {c}}}}}\n"
            "evaluation: {bootstrap: 0}\n"
        )
        got = run_cli(capsys, "train", tmp_path / f"{name}.yaml", "--data", data, "--no-refit",
                      "--out", tmp_path / name)  # fmt: skip
        assert got.code == 0, got.err
    got = run_cli(capsys, "compare", tmp_path / "a", tmp_path / "b", "--bootstrap", "0",
                  "--out", tmp_path / "c0")  # fmt: skip
    assert got.code == 0, got.err
    assert "95% CI" not in got.out and "macro_f1" in got.out
    got = run_cli(capsys, "compare", tmp_path / "a", tmp_path / "b", "--bootstrap", "50",
                  "--out", tmp_path / "c50")  # fmt: skip
    assert "95% CI" in got.out


def _coded_csv(path, rows) -> None:
    """``rows`` as a coder's CSV with its own column names."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "published", "body", "stance"])
        for r in rows:
            w.writerow([r["id"], r["date"], r["text"], r["stance"]])


def test_an_experiment_pairs_cells_stored_in_another_row_order(tmp_path):
    """Review 212: after the data file's rows were sorted another way, a
    new cell's units were in another order than the reused cells', so its
    paired test was dropped silently and the terminal called it "best";
    experiments/paired.py refused it and could not read the CSV at all."""
    import random
    import subprocess
    import sys

    from classify.experiments import run_experiment

    from conftest import ROOT

    rows = labelled_rows()
    data = tmp_path / "coded.csv"
    _coded_csv(data, rows)
    config = ROOT / "configs" / "stance-tfidf.yaml"
    models = f"  - {config}\n  - {{config: {config}, name: c1, set: {{model.params.C: 1.0}}}}\n"
    path = tmp_path / "exp.yaml"
    head = (
        f"name: exp\ndata: {data}\nread: {{text_column: body, id_column: doc_id}}\n"
        'protocols:\n  - {name: date, split: date, cutoff: "2015-01-01"}\nbootstrap: 50\nmodels:\n'
    )
    path.write_text(head + models, encoding="utf-8")
    run_experiment(path)
    random.Random(3).shuffle(rows)
    _coded_csv(data, rows)
    extra = f"  - {{config: {config}, name: c01, set: {{model.params.C: 0.1}}}}\n"
    path.write_text(head + models + extra, encoding="utf-8")
    summary = run_experiment(path, overwrite=True)
    (board,) = summary["leaderboards"]
    names = [r["name"] for r in board["rows"]]
    assert len(names) == 3
    assert {t["b_name"] for t in board["tests"]} == set(names[1:])
    assert board["untested"] == []
    got = subprocess.run(
        [sys.executable, str(ROOT / "experiments/paired.py"), "stance-tfidf", "c01",
         "--experiment", str(path), "--data", str(data)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert got.returncode == 0, got.stdout + got.stderr
    assert "stance: date (n=" in got.stdout and "minus c01" in got.stdout


def test_a_cutoff_written_in_the_other_order_is_named_as_the_cutoffs(tmp_path):
    """Review 212: an experiment's `cutoff: "01/13/2017"` was refused with
    "the data writes them month first", though the file wrote it so."""
    from classify.dates import parse_cutoff

    with pytest.raises(ClassifyError) as caught:
        parse_cutoff("01/13/2017", key="protocols[0].cutoff", source="exp.yaml")
    said = str(caught.value)
    assert "key 'protocols[0].cutoff': '01/13/2017' cannot be day first" in said
    assert "it reads as 2017-01-13: write the cutoff as an ISO date (2017-01-13)" in said
    assert "the data writes them" not in said


def test_a_resumed_experiment_says_how_many_cells_it_reused(tmp_path):
    from classify.experiments import run_experiment

    from conftest import ROOT

    tmp_path.mkdir(exist_ok=True)
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in labelled_rows()))
    config = ROOT / "configs" / "stance-tfidf.yaml"
    path = tmp_path / "exp.yaml"
    head = f"name: exp\ndata: {data}\nprotocols:\n  - {{name: cv, cv: 3}}\nbootstrap: 10\nmodels:\n"
    path.write_text(head + f"  - {config}\n", encoding="utf-8")
    run_experiment(path)
    path.write_text(
        head + f"  - {config}\n  - {{config: {config}, name: c1, set: {{model.params.C: 1.0}}}}\n",
        encoding="utf-8",
    )
    stages: list[tuple[str, int, int]] = []
    run_experiment(path, overwrite=True, report=lambda *a: stages.append(a))
    assert ("exp: cells (1 stored, reused)", 1, 2) in stages


def test_a_dataset_keeps_the_input_columns_asked_for(tmp_path, capsys):
    """Left alone in stop 61: a built dataset kept no column of the input
    beyond the units' own (a coder's note, an outlet's rank)."""
    import csv

    from datasets import load_from_disk

    import classify
    from classify.data import load_examples

    rows = labelled_rows()[:12]
    data = tmp_path / "coded.csv"
    with data.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "stance", "Coder", "rank"])
        for i, r in enumerate(rows):
            w.writerow([r["id"], r["text"], r["stance"], "ann" if i % 2 else "bob", i or ""])
    args = ["dataset", "build", data, "--task", "stance", "--split", "none"]
    got = run_cli(capsys, *args, "--out", tmp_path / "plain")
    got = run_cli(capsys, *args, "--out", tmp_path / "kept", "--keep-columns", "coder,rank")
    assert got.code == 0, got.err
    kept = load_from_disk(str(tmp_path / "kept"))["train"]
    assert kept["coder"] == ["ann" if i % 2 else "bob" for i in range(12)]
    assert kept["rank"] == ["", *map(str, range(1, 12))]
    summary = json.loads((tmp_path / "kept" / "dataset.json").read_text())
    plain = json.loads((tmp_path / "plain" / "dataset.json").read_text())
    assert summary["kept_columns"] == ["coder", "rank"] and plain["kept_columns"] == []
    assert summary["fingerprint"] == plain["fingerprint"]
    # Read back as no labels, on disk and in memory.
    for source in (tmp_path / "kept", load_from_disk(str(tmp_path / "kept"))):
        examples = load_examples(source)
        assert set(examples.labels) == {"stance"} and examples.extra["coder"][:2] == ["bob", "ann"]
        assert examples.fingerprint() == load_examples(tmp_path / "plain").fingerprint()
    # Every one; a name the data lacks is refused, naming the columns there are.
    got = run_cli(capsys, *args, "--out", tmp_path / "all", "--keep-columns", "*")
    assert load_from_disk(str(tmp_path / "all"))["train"].column_names[6:8] == ["Coder", "rank"]
    got = run_cli(capsys, *args, "--out", tmp_path / "x", "--keep-columns", "coder,nope")
    assert got.code == 1
    assert (
        "--keep-columns nope: no column 'nope' in the data (its other columns: Coder, rank)"
        in got.err
    )
    summary = classify.build_dataset(
        data, tmp_path / "py", tasks="stance", split="none", keep_columns=["rank"]
    )
    assert summary["kept_columns"] == ["rank"]


def test_a_passage_counts_though_another_sentence_takes_the_other_side():
    """Review 214: in a long text whose filler sentence a stance model read
    as favour more strongly than the closing passage read as against, the
    passage changed nothing (the least neutral sentence alone decided)."""
    from classify.pooling import score_long_units, sided_parts

    labels = ["favour", "against", "neutral"]
    filler = "The delegation toured the port and visited a museum with the mayor. "
    passage = "The government imposed an asset freeze and sanctioned the state airline."

    def stance(texts):
        out = []
        for t in texts:
            if len(t.split()) > 30:
                out.append([0.2, 0.1, 0.7])  # read whole: mostly neutral
            elif "sanction" in t:
                out.append([0.05, 0.75, 0.2])
            else:
                out.append([0.85, 0.05, 0.1])  # a misread filler sentence
        return np.array(out)

    long = filler * 30 + passage
    only_filler = filler * 31
    read: list = []
    with_passage, without = score_long_units(
        stance, [long, only_filler], multilabel=False, labels=labels, settings=None, readings=read
    )
    assert without == pytest.approx([0.85, 0.05, 0.1])
    assert with_passage[1] == pytest.approx(0.75 / 1.7) and with_passage[1] > 5 * without[1]
    assert read[0] == {"read": "sentences", "sentence": 1, "sentences": 31}
    assert read[1] == {"read": "sentence", "sentence": 1, "sentences": 31}
    # Sentences on one side only: the least neutral one's, as it was.
    one_side = np.array([[0.1, 0.6, 0.3], [0.05, 0.8, 0.15], [0.1, 0.1, 0.8]])
    pooled, k, mixed = sided_parts(one_side, background=2)
    assert (k, mixed) == (1, False) and pooled.tolist() == [0.05, 0.8, 0.15]


def test_a_garbled_weights_file_is_never_advised_to_be_unpickled(tmp_path):
    """Review 214: random bytes in a weights file gave numpy's advice to
    load it "unsafely using allow_pickle= or pickle.load()"."""
    import os

    from classify.models._state import read_npz

    path = tmp_path / "head.npz"
    path.write_bytes(os.urandom(256))
    with pytest.raises(ClassifyError) as caught:
        read_npz(path)
    said = str(caught.value)
    assert "head.npz is not a readable weights file" in said
    assert "allow_pickle" not in said and "pickle.load" not in said


def test_figures_are_kept_to_six_decimals_and_training_time_is_recorded(tmp_path):
    """Review 215: 0.71349 kept as 0.7135 was shown as 0.714; and a model
    folder said nothing of how long training took."""
    import classify
    from classify.evaluation import compute_metrics

    labels = ["favour", "against", "neutral"]
    y = np.eye(3, dtype=int)[[0, 0, 1, 1, 2, 2, 2]]
    p = np.eye(3, dtype=int)[[0, 1, 1, 2, 2, 2, 0]]
    got = compute_metrics("multiclass", labels, y, p)
    from sklearn.metrics import f1_score

    want = f1_score(y.argmax(1), p.argmax(1), average="macro")
    assert got["macro_f1"] == round(want, 6) and got["macro_f1"] != round(want, 4)
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in labelled_rows()))
    (tmp_path / "cfg.yaml").write_text(
        "task: stance\nmodel: {family: tfidf-linear}\nevaluation: {bootstrap: 0}\n"
    )
    classify.train(tmp_path / "cfg.yaml", data=data, out=tmp_path / "m")
    training = json.loads((tmp_path / "m" / "model.json").read_text())["training"]
    assert 0 < training["seconds"] < 600 and training["cpus"] >= 1
    card = (tmp_path / "m" / "README.md").read_text()
    assert f"| training time | {training['seconds']:g} s on {training['cpus']} CPU cores" in card


def test_an_interrupted_command_says_where_it_stopped(capsys, monkeypatch, tmp_path):
    """Review 215: an interrupt during encoding said work was kept, not how
    much (512 of 793 texts)."""
    from classify import api

    def interrupted(*args, report=None, **kwargs):
        report("encoding the pool", 512, 793)
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "predict", interrupted)
    model, texts = tmp_path / "m", tmp_path / "t.jsonl"
    model.mkdir()
    texts.write_text('{"id": "a", "text": "Talks resumed."}\n')
    got = run_cli(capsys, "predict", model, texts, "--out", tmp_path / "p.jsonl")
    assert got.code == 130
    assert got.err.startswith("error: interrupted at encoding the pool 512/793; nothing")
    # The next command starts afresh.
    monkeypatch.setattr(api, "predict", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    got = run_cli(capsys, "predict", model, texts, "--out", tmp_path / "p.jsonl")
    assert got.err.startswith("error: interrupted; nothing half-written")


def test_a_weights_file_of_other_arrays_is_named(tmp_path):
    """Check 216: a valid .npz holding other arrays gave "unexpected
    KeyError: 'coef_0'"."""
    from classify.models._state import read_npz

    path = tmp_path / "head.npz"
    np.savez(path, other=np.zeros(3))
    arrays = read_npz(path)
    assert arrays["other"].shape == (3,)
    with pytest.raises(ClassifyError, match=r"head.npz lacks the array 'coef_0'.*it holds other"):
        arrays["coef_0"]


def _month_first_experiment(tmp_path, read: str = "") -> object:
    from conftest import ROOT

    tmp_path.mkdir(exist_ok=True)
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in labelled_rows()))
    config = ROOT / "configs" / "stance-tfidf.yaml"
    path = tmp_path / "exp.yaml"
    path.write_text(
        f"name: exp\ndata: {data}\n{read}protocols:\n"
        '  - {name: date, split: date, cutoff: "01/13/2015"}\nbootstrap: 50\n'
        f"models:\n  - {config}\n  - {{config: {config}, name: near, set: {{model.params.C: 9.0}}}}\n",
        encoding="utf-8",
    )
    return path


def test_a_month_first_cutoff_is_read_in_the_runs_date_order(tmp_path):
    """Check 216: `cutoff: "01/13/2017"` was refused even with `read:
    {date_order: month-first}` or --date-order month-first, which its own
    error advised."""
    from classify.experiments import run_experiment
    from classify.tables import ReadOptions

    path = _month_first_experiment(tmp_path, "read: {date_order: month-first}\n")
    summary = run_experiment(path)
    (board,) = summary["leaderboards"]
    assert board["n_test"] == sum(r["date"] >= "2015-01-13" for r in labelled_rows())
    # No order in the file: the run's decides; day first, the cutoff is refused.
    path = _month_first_experiment(tmp_path / "b")
    assert run_experiment(path, options=ReadOptions(date_order="month-first"))["leaderboards"]
    with pytest.raises(
        ClassifyError, match=r"protocols\[0\]\.cutoff'?: '01/13/2015' cannot be day first"
    ):
        run_experiment(path, overwrite=True)


def test_the_paired_script_says_no_p_where_too_few_units_differ(tmp_path, monkeypatch, capsys):
    """Check 216: `paired.py` stopped with "unsupported format string passed
    to NoneType" where the two models differed on too few units for a p."""
    import importlib.util
    import sys

    from classify.experiments import run_experiment

    from conftest import ROOT

    path = _month_first_experiment(tmp_path, "read: {date_order: month-first}\n")
    run_experiment(path)
    spec = importlib.util.spec_from_file_location("paired", ROOT / "experiments" / "paired.py")
    paired = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(paired)
    real = paired.paired_bootstrap

    def few(*args, **kwargs):
        return {**real(*args, **kwargs), "p_value": None, "p_note": "too few"}

    monkeypatch.setattr(paired, "paired_bootstrap", few)
    data = tmp_path / "rows.jsonl"
    argv = ["paired.py", "stance-tfidf", "near", "--experiment", str(path), "--data", str(data)]
    monkeypatch.setattr(sys, "argv", argv)
    paired.main()
    out = capsys.readouterr().out
    assert "stance: date (n=" in out and "no p (too few differences)" in out


def test_kept_columns_include_the_fields_the_reader_takes_as_the_articles(tmp_path, capsys):
    """Check 216: `title`, `author` and `section` columns could not be kept
    ("no column 'title' in the data"), and JSON true was kept as 'True'."""
    from datasets import load_from_disk

    data = tmp_path / "rows.jsonl"
    data.write_text(
        json.dumps({"id": "a1", "text": "The US eased sanctions.", "stance": "favour",
                    "title": "US eases", "author": "Jane Doe", "section": "World", "ok": True,
                    "tags": ["a", "b"]}) + "\n"
        + json.dumps({"id": "a2", "text": "Minsk jailed activists.", "stance": "against",
                      "title": "Minsk jails", "ok": False}) + "\n"
    )  # fmt: skip
    got = run_cli(
        capsys, "dataset", "build", data, "--task", "stance", "--split", "none", "--out",
        tmp_path / "ds", "--keep-columns", "title,author,section,ok,tags",
    )  # fmt: skip
    assert got.code == 0, got.err
    kept = load_from_disk(str(tmp_path / "ds"))["train"]
    assert kept["title"] == ["US eases", "Minsk jails"] and kept["author"] == ["Jane Doe", None]
    assert kept["section"] == ["World", None] and kept["ok"] == ["true", "false"]
    assert kept["tags"] == ['["a", "b"]', None]


def test_a_sheet_export_says_how_to_fill_it_in(tmp_path, capsys):
    """Review 217: a coder who left a topic-only sheet's cell blank for "no
    topic" had 10 of 34 rows read as not labelled yet, and agreement rose by
    0.10; the export said nothing of writing []."""
    texts = tmp_path / "texts.jsonl"
    texts.write_text(
        '{"id": "x1", "text": "The US eased sanctions on Belarus."}\n'
        '{"id": "x2", "text": "Minsk hosted a football match."}\n'
    )
    got = run_cli(capsys, "annotate", "export", texts, "--task", "topic", "--format", "csv",
                  "--out", tmp_path / "exp")  # fmt: skip
    assert got.code == 0, got.err
    said = (tmp_path / "exp" / "instructions.md").read_text()
    assert "## `topics`" in said and "- `sanctions`: coercive economic" in said
    assert "`normalisation;sanctions`" in said and "**none of them written `[]`**" in said
    got = run_cli(capsys, "annotate", "export", texts, "--format", "jsonl",
                  "--out", tmp_path / "exp2")  # fmt: skip
    said = (tmp_path / "exp2" / "instructions.md").read_text()
    assert '`["normalisation", "sanctions"]`' in said and "Exactly one label per row" in said
    # The coder's sheet: one row blank. The import says how to write none.
    sheet = (tmp_path / "exp" / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [sheet[0], sheet[1].rsplit(",", 2)[0] + ",sanctions,", sheet[2]]
    (tmp_path / "coder.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    got = run_cli(capsys, "annotate", "import", tmp_path / "coder.csv", "--annotator", "ann",
                  "--task", "topic", "--out", tmp_path / "ann.jsonl")  # fmt: skip
    assert got.code == 0, got.err
    out = " ".join(got.out.split())
    assert "the 1 unlabelled row (no label in any cell) is read as not labelled yet" in out
    assert "write [] in their cell, as the export's instructions.md says" in out


@pytest.mark.parametrize(
    ("sentence", "speaker", "title"),
    [
        # Review 218: a body with "and" in its name was cut at "and".
        ("Prices eased, according to a statement from the National Food and Strategic Reserves "
         'Administration, which said the move was meant "to stabilise supply this winter".',
         "National Food and Strategic Reserves Administration", None),
        # A body opening the sentence after "The", its name starting "U.S.".
        ('The U.S. Treasury Department said "the sanctions will stay in place for now".',
         "U.S. Treasury Department", None),
        ('The U.S. Embassy in Minsk said "the consular section will reopen next month".',
         "U.S. Embassy in Minsk", None),
        # Review 218: a hyphenated title stayed in the speaker's name.
        ('Governor-General Sandra Mason said "we are ready to welcome the delegation".',
         "Sandra Mason", "Governor-General"),
        ('Minister-President Winfried Kretschmann said "the region stands with Ukraine".',
         "Winfried Kretschmann", "Minister-President"),
        # A hyphenated first name is a name, not a title.
        ('Anne-Marie Trevelyan said "the sanctions will remain for a long time".',
         "Anne-Marie Trevelyan", None),
    ],
)  # fmt: skip
def test_bodies_and_hyphenated_titles_are_read_whole(sentence, speaker, title):
    from classify.articles import Article
    from classify.quotes import extract_quotes

    (quote,) = extract_quotes(Article(id="a", paragraphs=[sentence]))
    assert (quote.speaker, quote.title) == (speaker, title)


def test_a_name_written_with_and_without_accents_is_one_speaker():
    """Review 218: "Volker Türk" and "Volker Turk" were two groups, though
    "Sergey" and "Sergei Lavrov" were one."""
    from classify.analysis import transliteration_merges

    merged = transliteration_merges(
        ["Volker Türk", "Volker Türk", "Volker Turk", "Sergei Lavrov", "Sergey Lavrov"]
    )
    assert merged["Volker Turk"] == "Volker Türk" and merged["Sergey Lavrov"] == "Sergei Lavrov"
    # A name in another script keeps its own key.
    assert transliteration_merges(["Сергей Лавров", "Sergei Lavrov"]) == {}


def test_a_site_name_shown_as_a_line_above_the_story_is_not_the_title(tmp_path):
    """The headline stays the title where the page shows its site's name
    as a line of its own above the story."""
    page = (
        "<html><head><title>US eases sanctions on Belarus potash | The Minsk Herald</title>"
        "</head><body><p>The Minsk Herald</p><h1>US eases sanctions on Belarus potash</h1>"
        "<p>March 3, 2022</p><p>The United States eased sanctions on Belarusian potash exports "
        "on Tuesday, officials in Washington said, in a step towards normal relations.</p>"
        "<p>Minsk welcomed the decision and said it would free more political prisoners in the "
        "coming weeks, according to the foreign ministry.</p></body></html>"
    )
    article = _article(tmp_path, page, name="page.html")
    assert article.title == "US eases sanctions on Belarus potash"
    assert article.site == "The Minsk Herald"


def test_analyse_by_source_says_which_outlet_names_it_joined():
    """Review 218: "Reuters", "REUTERS" and "Thomson Reuters" were one
    group, rightly, but nothing said which spellings were joined."""
    import pandas as pd

    from classify.analysis import outlet_spellings
    from classify.analysis_report import outlets_note

    frame = pd.DataFrame(
        {
            "source": ["Reuters", "REUTERS", "Thomson Reuters", "Reuters", "AP", None],
            "sources": [["Reuters"], ["REUTERS"], ["Thomson Reuters"], [], ["AP", "BBC"], []],
        }
    )
    merged = outlet_spellings(frame)
    assert merged == {"REUTERS": "Reuters", "Thomson Reuters": "Reuters"}
    said = outlets_note(merged)
    assert said.startswith("2 outlet names counted under another (REUTERS as Reuters,")
    assert outlet_spellings(pd.DataFrame({"source": ["AP", "BBC"]})) == {}
