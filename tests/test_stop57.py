"""Stop 57: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json
import re

import pytest
from cli_runner import run_cli
from test_cli import labelled_jsonl  # noqa: F401  (fixture)

_FILLER = [
    "talks",
    "envoy",
    "Minsk",
    "Washington",
    "embassy",
    "ministry",
    "week",
    "statement",
    "visit",
    "press",
]


def _stance_rows(path, *, dated: bool):
    words = {"favour": "welcome dialogue", "against": "condemn repression", "neutral": "report"}
    with path.open("w", encoding="utf-8") as f:
        for k in range(36):
            label = list(words)[k % 3]
            # Texts apart enough that no two are one near-duplicate group.
            filler = " ".join(_FILLER[(k * j) % 10] for j in range(1, 4 + k % 5))
            text = f"Officials {words[label]} {filler} on day {k}."
            row = {"id": f"s{k}", "text": text, "stance": label}
            if dated:
                row["date"] = f"20{10 + k // 3}-05-01"
            f.write(json.dumps(row) + "\n")
    return path


def _random_stance_model(tmp_path, **overrides):
    """A TF-IDF stance model on :func:`_stance_rows` (undated), split at random."""
    from classify.api import train

    rows = _stance_rows(tmp_path / "train.jsonl", dated=False)
    settings = {"data.split.method": "random", **overrides}
    return train("configs/stance-tfidf.yaml", data=rows, out=tmp_path / "m", overrides=settings)


@pytest.mark.parametrize("cv", [False, True])
@pytest.mark.parametrize("dated", [False, True])
def test_the_card_says_the_date_order_only_where_the_units_are_dated(tmp_path, dated, cv):
    """Left alone in stop 56: undated data's card said how numeric dates were read."""
    from classify.api import train

    rows = _stance_rows(tmp_path / "train.jsonl", dated=dated)
    overrides = {"data.split.method": "random"}
    model = train(
        "configs/stance-tfidf.yaml",
        data=rows,
        out=tmp_path / "m",
        overrides=overrides,
        cv=3 if cv else None,
    )
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert ("numeric dates (03/04/2025)" in card) is dated
    span = model.model.info["training"]["dates"]
    if dated:
        assert span == ["2010-05-01", "2021-05-01"]
        assert "| dates | 2010-05-01 to 2021-05-01 |" in card
    else:
        assert span is None and "| dates | none (undated units) |" in card


def test_a_month_first_model_says_its_order_though_undated(tmp_path):
    _random_stance_model(tmp_path, **{"data.date_order": "month-first"})
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert "| numeric dates (03/04/2025) | read month first;" in card


def test_a_single_label_models_series_prediction_is_a_string_column(tmp_path):
    import pandas as pd

    model = _random_stance_model(tmp_path)
    got = model.model.predict(
        pd.Series(["Officials welcome dialogue.", "They condemn repression."], index=[7, 9])
    )
    assert list(got.index) == [7, 9] and list(got) == ["favour", "against"]
    assert pd.api.types.is_string_dtype(got.dtype) and got.dtype != object


def test_columns_of_the_wrong_count_are_the_fix_not_skipping(tmp_path, capsys):
    """Left alone in stop 56: the first row against --columns offered --on-error skip."""
    table = tmp_path / "nohead.csv"
    table.write_text(
        '7,"Talks resume","Officials welcome the dialogue in Minsk"\n8,"Sanctions","They condemn it"\n',
        encoding="utf-8",
    )
    res = run_cli(
        capsys, "dataset", "build", table, "--columns", "id,text", "--out", tmp_path / "ds"
    )
    assert res.code == 1
    assert "line 1: 3 cells where the columns given name 2 (id, text;" in res.err
    assert "e.g. --columns id,col2,text" in res.err and "--on-error skip" not in res.err


def test_a_later_row_of_another_count_still_offers_the_skip(tmp_path, capsys):
    table = tmp_path / "nohead.csv"
    table.write_text(
        '7,"Officials welcome the dialogue"\n8,"They condemn it",extra\n', encoding="utf-8"
    )
    res = run_cli(
        capsys, "dataset", "build", table, "--columns", "id,text", "--out", tmp_path / "ds"
    )
    assert res.code == 1
    assert "line 2: 3 cells where the columns given name 2 columns" in res.err
    assert "--on-error skip" in res.err


def _us_dates(path):
    """A CSV whose slashed dates all read either way (no day above 12)."""
    lines = ["id,text,stance,date"]
    for i in range(12):
        label = "favour" if i % 2 else "against"
        words = "welcome the dialogue" if i % 2 else "condemn the repression"
        lines.append(
            f"u{i},Officials {words} {_FILLER[i % 10]} {i},{label},0{1 + i % 9}/0{1 + (i * 3) % 9}/2020"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("given", "noted"), [((), True), (("--date-order", "day-first"), False)])
def test_an_order_given_on_the_command_line_gets_no_ambiguous_dates_note(
    tmp_path, capsys, given, noted
):
    """Left alone in stop 56: --date-order day-first, given, still got the note
    that tells how to choose the order."""
    table = _us_dates(tmp_path / "us.csv")
    res = run_cli(
        capsys, "dataset", "build", table, *given, "--split", "random", "--out", tmp_path / "ds"
    )
    assert res.code == 0, res.err
    assert ("slashed dates" in res.err) is noted
    model = tmp_path / "m"
    args = [
        "train",
        "configs/stance-tfidf.yaml",
        "--data",
        table,
        "--set",
        "data.split.method=random",
    ]
    res = run_cli(capsys, *args, *given, "--out", model)
    assert res.code == 0, res.err
    assert ("slashed dates" in res.err) is noted
    res = run_cli(capsys, "predict", model, table, *given, "--out", tmp_path / "p.jsonl")
    assert res.code == 0, res.err
    assert ("slashed dates" in res.err) is noted
    # Check 160: analyse at the default had lost the note.
    res = run_cli(
        capsys, "analyse", model, table, *given, "--bootstrap", "0", "--out", tmp_path / "an"
    )
    assert res.code == 0, res.err
    assert ("slashed dates" in res.err) is noted


@pytest.mark.parametrize(
    ("given", "noted"),
    [
        ((), True),
        (("--date-order", "day-first"), False),
        (("--set", "read.date_order=day-first"), False),
    ],
)
def test_a_run_says_the_ambiguous_dates_note_once_and_not_when_told(tmp_path, capsys, given, noted):
    """Check 160: run warned twice, and whatever its read.date_order."""
    from pathlib import Path

    table = _us_dates(tmp_path / "us.csv")
    config = tmp_path / "run.yaml"
    stance = Path("configs/stance-tfidf.yaml").resolve()
    config.write_text(
        f"name: t\nsources: [{table}]\nmodels: [{stance}]\ncv: 2\nout: {tmp_path / 'out'}\n",
        encoding="utf-8",
    )
    res = run_cli(capsys, "run", config, *given)
    assert res.code == 0, res.err
    assert res.err.count("slashed dates") == (1 if noted else 0)


@pytest.mark.parametrize(("contents", "offered"), [(["", " \n"], False), (["", None], True)])
def test_skipping_an_empty_file_is_offered_only_where_another_has_content(
    tmp_path, capsys, contents, offered
):
    """Left alone in stop 56: two empty files given together offered --on-error skip,
    which would leave nothing."""
    rows = _stance_rows(tmp_path / "rows.jsonl", dated=False)
    files = []
    for k, text in enumerate(contents):
        path = tmp_path / f"f{k}.jsonl"
        path.write_text(
            text if text is not None else rows.read_text(encoding="utf-8"), encoding="utf-8"
        )
        files.append(path)
    res = run_cli(capsys, "dataset", "build", *files, "--split", "random", "--out", tmp_path / "ds")
    assert res.code == 1
    assert "f0.jsonl: file is empty" in res.err
    assert ("--on-error skip" in res.err) is offered


_LEDE = "Belarus freed 52 prisoners on Wednesday as a U.S. envoy visited Minsk, officials said."


@pytest.mark.parametrize("dateline", ["", "MINSK, March 3 (Reuters) - "])
@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("by Jane Doe", "Jane Doe"),
        ("by Ana María López and John Roe", "Ana María López and John Roe"),
        ("by land and sea", None),
        ("by Air", None),
        ("by the Minsk correspondent", None),
        # Check 160: title-cased phrases are no names.
        ("by Royal Decree", None),
        ("by Popular Demand", None),
        ("by Train Across Europe", None),
        ("by Ursula van der Berg", "Ursula van der Berg"),
        ("by Doris Day", "Doris Day"),
    ],
)
def test_a_lower_case_byline_of_names_alone_is_the_author(line, author, dateline):
    """Left alone since stop 55: `by Jane Doe` without a role stayed a unit."""
    from classify.articles import parse_article

    text = f"Belarus frees prisoners as US envoy visits\n\n{line}\n\n{dateline}{_LEDE}\n\nTalks on potash go on."
    article = parse_article(text, id="x")
    assert article.author == author
    assert article.paragraphs[0] == (_LEDE if author or dateline else line)


@pytest.mark.parametrize(
    ("end", "bio"),
    [
        ("Doe is a Minsk-based correspondent for Reuters.", True),
        ("Doe is a senior fellow at the Atlantic Council.", True),
        ("Doe is also the author of a book on Belarus.", True),
        ("Jane Doe is a correspondent in Kyiv.", True),
        ("Van der Berg is a Brussels-based correspondent for Politico.", True),
        ("Doe was a difficult negotiator, officials said.", False),
        ("Lukashenko is a former collective farm director.", False),
    ],
)
def test_an_author_bio_by_surname_naming_a_job_is_no_unit(tmp_path, end, bio):
    """Left alone since stop 55: a closing bio naming the author by surname stayed a unit."""
    from classify.articles import read_articles

    author = "Ursula van der Berg" if end.startswith("Van") else "Jane Doe"
    text = f"Belarus frees prisoners as US envoy visits\n\nBy {author}\n\n{_LEDE}\n\nTalks on potash go on.\n\n{end}"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (article,) = read_articles(tmp_path / "a.txt")
    assert (article.meta.get("author_bio") == end) is bio
    assert article.paragraphs[-1] == ("Talks on potash go on." if bio else end)


def _outlet_copies(path):
    """Four outlets carrying the same wire sentences, each under its own ids."""
    lines = ["id,text,source,stance,date"]
    sentences = [
        ("favour", "The embassy in Minsk will reopen within weeks, the envoy said."),
        ("against", "The European Union widened sanctions on potash exports today."),
        ("neutral", "Ministers met in Vilnius to discuss the border crossings."),
    ]
    for k, outlet in enumerate(["Reuters", "AP", "AFP", "BelTA"]):
        for j, (label, text) in enumerate(sentences):
            lines.append(f'{outlet[:2]}{j},"{text}",{outlet},{label},2020-0{k + 1}-1{j}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_outlets_joined_by_their_copies_are_said_to_be(tmp_path, capsys):
    """Review 157: a split by source said "found 1" source of five that wire copy had joined."""
    table = _outlet_copies(tmp_path / "wire.csv")
    res = run_cli(capsys, "dataset", "build", table, "--split", "source", "--out", tmp_path / "ds")
    assert res.code == 1
    assert (
        "split 'source' needs at least 2 sources, found 4, joined into one by the texts they share"
        in res.err
    )
    assert "'Reuters' and 'AP' both have 'The embassy in Minsk will reopen with...'" in res.err


def test_one_outlet_alone_is_still_found_one(tmp_path, capsys):
    table = tmp_path / "one.csv"
    rows = [
        f"r{k},Officials {_FILLER[k]} {k} met today in Minsk again,Reuters,favour" for k in range(6)
    ]
    table.write_text("id,text,source,stance\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = run_cli(capsys, "dataset", "build", table, "--split", "source", "--out", tmp_path / "ds")
    assert res.code == 1
    assert "needs at least 2 sources, found 1 (choose the random split" in res.err


def test_a_copy_with_no_topic_is_said_to_have_none(tmp_path, capsys):
    """Review 157: the empty label set printed as nothing ("'r2' )")."""
    text = "The European Union widened sanctions on potash exports today."
    rows = [
        {"id": "r1", "text": text, "topics": ["sanctions"]},
        {"id": "r2", "text": text, "topics": []},
    ]
    rows += [
        {
            "id": f"x{k}",
            "text": f"Officials {_FILLER[k]} met {k} times.",
            "topics": ["normalisation"],
        }
        for k in range(6)
    ]
    data = tmp_path / "t.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    res = run_cli(capsys, "dataset", "build", data, "--split", "none", "--out", tmp_path / "ds")
    assert res.code == 0, res.err
    assert (
        "(first: 'r2' is (none), 'r1' is sanctions)" in res.err
        or "(first: 'r1' is sanctions, 'r2' is (none))" in res.err
    )


def _article(folder, name, *, dated: bool):
    date = "March 3, 2024\n\n" if dated else ""
    text = f"Belarus frees prisoners as US envoy visits\n\n{date}{_LEDE}\n\nTalks on potash go on in {name}."
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def _build_by_date(capsys, tmp_path, folder):
    """``dataset build`` of ``folder``'s articles minsk and vilnius, labelled
    at article level, split by date."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(json.dumps({"unit": n, "stance": "favour"}) for n in ("minsk", "vilnius")),
        encoding="utf-8",
    )
    args = [
        "dataset",
        "build",
        folder,
        "--annotations",
        gold,
        "--unit",
        "article",
        "--split",
        "date",
    ]
    return run_cli(capsys, *args, "--out", tmp_path / "ds")


def test_an_undated_article_file_is_told_how_files_are_dated(tmp_path, capsys):
    """Review 157: a folder of .txt files was told of --date-column, a table's option."""
    folder = tmp_path / "arts"
    folder.mkdir()
    _article(folder, "minsk", dated=True)
    _article(folder, "vilnius", dated=False)
    res = _build_by_date(capsys, tmp_path, folder)
    assert res.code == 1
    assert (
        "an article file is dated by a date line under its headline or by its dateline" in res.err
    )
    assert "vilnius.txt lacks" in res.err and "--date-column" not in res.err


def _build_paragraphs(capsys, tmp_path, folder, lines):
    """``dataset build`` of ``folder`` at paragraph level, unsplit, with the
    gold ``lines`` written to ``gold.jsonl``."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    args = ["dataset", "build", folder, "--annotations", gold, "--unit", "paragraph"]
    return run_cli(capsys, *args, "--split", "none", "--out", tmp_path / "ds")


def test_a_misspelt_label_on_a_line_of_another_level_is_named(tmp_path, capsys):
    """Review 157: at paragraph level, an article line's 'nuetral' was counted, never named."""
    folder = tmp_path / "arts"
    folder.mkdir()
    for name in ("minsk", "vilnius", "riga", "kyiv"):
        _article(folder, name, dated=True)
    lines = [{"unit": "minsk", "level": "article", "stance": "favour"}]
    lines.append({"unit": "vilnius", "level": "article", "stance": "nuetral"})
    lines += [
        {"unit": f"{n}:p{k}", "stance": "against"}
        for n in ("riga", "kyiv", "minsk")
        for k in (1, 2)
    ]
    res = _build_paragraphs(capsys, tmp_path, folder, lines)
    assert res.code == 0, res.err
    assert (
        "gold.jsonl:line 2: unit 'vilnius', column 'stance': label 'nuetral' is not in task 'stance'"
        in res.err
    )
    assert "did you mean 'neutral'?" in res.err and "not used at this unit level" in res.err
    saved = json.loads((tmp_path / "ds" / "dataset.json").read_text(encoding="utf-8"))
    assert saved["other_level_annotations"] == {"article": 2} and "other_level_labels" not in saved


def _labelled_and_not(path):
    """Stance rows, some unlabelled and two misspelt."""
    rows = []
    for k in range(30):
        label = ["favour", "against", "neutral"][k % 3]
        words = {
            "favour": "welcome dialogue",
            "against": "condemn repression",
            "neutral": "report",
        }[label]
        row = {"id": f"e{k}", "text": f"Officials {words} {_FILLER[k % 10]} {k}.", "stance": label}
        if k >= 24:
            row.pop("stance")
        elif k in (0, 3):
            row["stance"] = "favor"
        rows.append(row)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_a_report_says_what_its_figures_leave_out(tmp_path, capsys):
    """Review 158: report.md said "of 11 items" without the 5 skipped rows or 18 unlabelled units."""
    _random_stance_model(tmp_path)
    data = _labelled_and_not(tmp_path / "test.jsonl")
    res = run_cli(
        capsys, "evaluate", tmp_path / "m", data, "--on-error", "skip", "--out", tmp_path / "ev"
    )
    assert res.code == 0, res.err
    report = (tmp_path / "ev" / "report.md").read_text(encoding="utf-8")
    assert "of 22 items" in report
    assert (
        "Not in these figures: 2 rows were left out as unreadable or wrongly labelled (first: "
        in report
    )
    assert "test.jsonl:line 1: unit 'e0', column 'stance': label 'favor'" in report
    assert "6 units have no gold 'stance' label and are not scored." in report
    html = (tmp_path / "ev" / "report.html").read_text(encoding="utf-8")
    assert "Not in these figures" in html


def test_a_report_of_every_unit_scored_has_no_such_note(tmp_path, capsys):
    _random_stance_model(tmp_path)
    rows = tmp_path / "train.jsonl"
    res = run_cli(capsys, "evaluate", tmp_path / "m", rows, "--out", tmp_path / "ev")
    assert res.code == 0, res.err
    assert "Not in these figures" not in (tmp_path / "ev" / "report.md").read_text(encoding="utf-8")


def test_a_label_absent_from_a_fold_is_undefined_there_not_zero(tmp_path, capsys):
    """Review 158: folds without a unit or a prediction of 'favour' stored F1 0.0,
    and the summary read 0.000 ± 0.000 over all folds."""
    from classify.evaluation import summarise_folds

    rows = []
    for k in range(40):
        label = "favour" if k in (0, 1) else ["against", "neutral"][k % 2]
        words = {
            "favour": "welcome dialogue",
            "against": "condemn repression",
            "neutral": "report",
        }[label]
        rows.append(
            {"id": f"c{k}", "text": f"Officials {words} {_FILLER[k % 10]} {k}.", "stance": label}
        )
    data = tmp_path / "cv.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    args = ["train", "configs/stance-tfidf.yaml", "--data", data, "--cv", "5", "--group", "none"]
    res = run_cli(capsys, *args, "--out", tmp_path / "m")
    assert res.code == 0, res.err
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))
    folds = metrics["cv"]["folds"]
    f1s = [f["per_label"]["favour"]["f1"] for f in folds]
    defined = [f for f in f1s if f is not None]
    assert 0 < len(defined) < 5  # two favour units fall in at most two folds
    summary = metrics["cv"]["summary"]["f1/favour"]
    assert summary["folds"] == len(defined) and summary == summarise_folds(folds)["f1/favour"]
    assert "folds" not in metrics["cv"]["summary"]["f1/against"]
    where = f"({len(defined)} fold{'s' if len(defined) != 1 else ''})"
    assert where in res.out
    # macro-F1 still averages the label as 0 where a fold lacks it (the pooled figure's labels).
    assert all(f["macro_f1"] is not None for f in folds)
    report = (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    assert where in report and "sample standard deviation (ddof=1)" in report


def test_a_run_warns_of_a_misspelt_label_of_another_level_once(tmp_path, capsys):
    from pathlib import Path

    folder = tmp_path / "arts"
    folder.mkdir()
    names = ("minsk", "vilnius", "riga", "kyiv", "warsaw", "tallinn")
    for k, name in enumerate(names):
        words = " ".join(_FILLER[(k * j + 1) % 10] for j in range(1, 6))
        text = (
            f"Talks in {name} resume\n\nMarch {k + 1}, 2024\n\n"
            f"Officials in {name} discussed {words} on day {k}.\n\n"
            f"The sanctions on {name} exports {words} were raised {k} times."
        )
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    lines = [{"unit": "vilnius", "level": "article", "stance": "nuetral"}]
    for k, name in enumerate(names):
        for p in (1, 2):
            stance = ["favour", "against", "neutral"][(k + p) % 3]
            lines.append(
                {
                    "unit": f"{name}:p{p}",
                    "stance": stance,
                    "topics": ["sanctions"] if p == 1 else [],
                }
            )
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    configs = Path("configs").resolve()
    config = tmp_path / "run.yaml"
    config.write_text(
        f"name: t\nsources: [{folder}]\nannotations: {gold}\nunit: paragraph\n"
        f"models: [{configs / 'topic-tfidf.yaml'}, {configs / 'stance-tfidf.yaml'}]\n"
        f"cv: 2\ngroup: auto\nout: {tmp_path / 'out'}\nseed: 0\n",
        encoding="utf-8",
    )
    res = run_cli(capsys, "run", config)
    assert res.code == 0, res.err
    assert res.err.count("label 'nuetral' is not in task 'stance'") == 1


def test_cross_validation_by_outlets_that_copies_join_is_refused(tmp_path, capsys):
    """Check 160: three outlets of one wire copy made one group, and the folds fell
    back to single units, testing copies against each other."""
    table = _outlet_copies(tmp_path / "wire.csv")
    args = ["train", "configs/stance-tfidf.yaml", "--data", table, "--cv", "3", "--group", "source"]
    res = run_cli(capsys, *args, "--out", tmp_path / "m")
    assert res.code == 1
    assert (
        "cross-validation grouped by source needs at least 2 sources, found 4, joined into one"
        in res.err
    )
    assert not (tmp_path / "m").exists()


def test_a_label_defined_in_one_fold_has_no_sd():
    from classify.evaluation import summarise_folds
    from classify.reports import mean_sd

    folds = [
        {"macro_f1": 0.5, "per_label": {"a": {"f1": 0.0}, "b": {"f1": 0.5}}},
        {"macro_f1": 0.7, "per_label": {"a": {"f1": None}, "b": {"f1": 0.7}}},
        {"macro_f1": 0.6, "per_label": {"a": {"f1": None}, "b": {"f1": 0.6}}},
    ]
    summary = summarise_folds(folds)
    assert summary["f1/a"] == {"mean": 0.0, "std": None, "folds": 1}
    assert mean_sd(summary["f1/a"]) == "0.000 (1 fold)"
    assert mean_sd(summary["f1/b"]) == "0.600 ± 0.100"


def test_an_undated_web_page_is_told_how_pages_are_dated(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    _article(folder, "minsk", dated=True)
    body = "".join(f"<p>{_LEDE} Paragraph {k} of the story on talks.</p>" for k in range(3))
    page = f"<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1>{body}</article></body></html>"
    (folder / "vilnius.html").write_text(page, encoding="utf-8")
    res = _build_by_date(capsys, tmp_path, folder)
    assert res.code == 1
    assert "a web page is dated by its metadata" in res.err and "vilnius.html lacks" in res.err


def test_misspelt_labels_of_another_level_are_counted_by_line(tmp_path, capsys):
    folder = tmp_path / "arts"
    folder.mkdir()
    for name in ("minsk", "vilnius", "riga"):
        _article(folder, name, dated=True)
    lines = [
        {"unit": "minsk", "level": "article", "stance": "favor", "topics": ["sanction"]},
        {"unit": "vilnius", "level": "article", "stance": "agianst"},
    ]
    lines += [
        {"unit": f"{n}:p{k}", "stance": "against", "topics": []}
        for n in ("riga", "minsk")
        for k in (1, 2)
    ]
    res = _build_paragraphs(capsys, tmp_path, folder, lines)
    assert res.code == 0, res.err
    assert "gold.jsonl:line 1: unit 'minsk'" in res.err and "(2 such lines)" in res.err


def test_an_empty_series_gets_a_string_column_too(tmp_path):
    import pandas as pd

    model = _random_stance_model(tmp_path)
    got = model.model.predict(pd.Series([], dtype=object))
    assert len(got) == 0 and pd.api.types.is_string_dtype(got.dtype) and got.dtype != object


def test_the_cards_dates_say_how_many_units_are_undated(tmp_path):
    from classify.api import train

    rows = [
        json.loads(line)
        for line in _stance_rows(tmp_path / "t.jsonl", dated=True).read_text().splitlines()
    ]
    for row in rows[:6]:
        row.pop("date")
    data = tmp_path / "partly.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    model = train(
        "configs/stance-tfidf.yaml",
        data=data,
        out=tmp_path / "m",
        overrides={"data.split.method": "random"},
    )
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert "| dates | 2012-05-01 to 2021-05-01 (6 of 36 units undated) |" in card
    assert model.model.info["training"]["undated_units"] == 6


def _without(path, src, field):
    rows = [
        json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    for row in rows:
        row.pop(field, None)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _two_protocols(path, data, un):
    from conftest import ROOT

    path.write_text(
        f"""
name: {path.stem}
data: {data}
datasets: {{un: {un}}}
protocols:
  - {{name: date, split: date, cutoff: "2015-01-01"}}
  - {{name: un, test_data: un}}
models:
  - {ROOT / "configs/topic-tfidf.yaml"}
  - {ROOT / "configs/stance-tfidf.yaml"}
bootstrap: 50
""",
        encoding="utf-8",
    )
    return path


def test_an_experiments_test_set_without_a_tasks_column_stops_it_first(tmp_path, labelled_jsonl):  # noqa: F811
    """Review 159: every cell ran, and then the stance cells on it failed."""
    from test_experiments import _speeches

    from classify import experiments as ex

    un = _without(tmp_path / "un.jsonl", _speeches(tmp_path / "speeches.jsonl"), "stance")
    path = _two_protocols(tmp_path / "lack.yaml", labelled_jsonl, un)
    with pytest.raises(
        ex.ClassifyError, match=r"dataset 'un' has no label column 'stance' for task 'stance'"
    ):
        ex.run_experiment(path)
    assert not (tmp_path / "results" / "lack" / "cells").exists() or not any(
        (tmp_path / "results" / "lack" / "cells").iterdir()
    )


def test_an_experiments_data_without_a_tasks_column_is_named_though_a_test_set_has_it(
    tmp_path,
    labelled_jsonl,  # noqa: F811
):
    """Review 159: the named test set's column hid the data's missing one."""
    from test_experiments import _speeches

    from classify import experiments as ex

    data = _without(tmp_path / "data.jsonl", labelled_jsonl, "stance")
    path = _two_protocols(tmp_path / "lackdata.yaml", data, _speeches(tmp_path / "un.jsonl"))
    with pytest.raises(
        ex.ClassifyError, match=r"the data has no label column 'stance' for task 'stance'"
    ) as err:
        ex.run_experiment(path)
    assert "data.jsonl" in str(err.value)


def test_an_experiment_of_another_files_name_is_refused_and_a_rerun_says_what_it_computed(
    tmp_path,
    labelled_jsonl,  # noqa: F811
    capsys,
):
    """Review 159: a second file of the same name replaced the first's results; a
    rerun after a config change did not say which rows were new."""
    from conftest import ROOT

    def write(path, c):
        path.write_text(
            f"name: same\ndata: {labelled_jsonl}\nprotocols:\n  - {{name: date, split: date, "
            f'cutoff: "2015-01-01"}}\nmodels:\n  - {{config: {ROOT / "configs/stance-tfidf.yaml"}, '
            f"name: words, set: {{model.params.C: {c}}}}}\n  - {ROOT / 'configs/topic-tfidf.yaml'}\n"
            "bootstrap: 50\n",
            encoding="utf-8",
        )
        return path

    first = write(tmp_path / "a.yaml", 1.0)
    assert run_cli(capsys, "experiment", "run", first).code == 0
    other = write(tmp_path / "b.yaml", 1.0)
    res = run_cli(capsys, "experiment", "run", other)
    assert res.code == 1
    assert "already holds the results of another experiment file" in res.err and "a.yaml" in res.err
    write(first, 3.0)
    res = run_cli(capsys, "experiment", "run", first, "--overwrite")
    assert res.code == 0, res.err
    assert "2 cells (1 reused; computed: stance/words 1)" in res.out
    md = (tmp_path / "results" / "same.md").read_text(encoding="utf-8")
    assert "computed in this run: stance/words 1" in md


@pytest.mark.parametrize(
    ("second", "said"),
    [
        ({"unit": "minsk:p1", "stance": "favour"}, "is labelled again, alike (first at "),
        ({"unit": "minsk:p1", "stance": "against"}, "has a second 'stance' label (first at "),
    ],
)
def test_a_line_repeated_from_an_earlier_gold_file_is_called_a_copy(tmp_path, capsys, second, said):
    """Left alone since stop 55: a line copied into a second batch was "a second label"."""
    folder = tmp_path / "arts"
    folder.mkdir()
    _article(folder, "minsk", dated=True)
    first = tmp_path / "g1.jsonl"
    first.write_text(json.dumps({"unit": "minsk:p1", "stance": "favour"}) + "\n", encoding="utf-8")
    batch = tmp_path / "g2.jsonl"
    batch.write_text(json.dumps(second) + "\n", encoding="utf-8")
    args = [
        "dataset",
        "build",
        folder,
        "--annotations",
        first,
        "--annotations",
        batch,
        "--split",
        "none",
    ]
    res = run_cli(capsys, *args, "--out", tmp_path / "ds")
    assert res.code == 1
    assert f"g2.jsonl:line 1: unit 'minsk:p1' {said}" in res.err and "g1.jsonl:line 1" in res.err


def test_a_trained_models_report_says_what_its_data_lost(tmp_path, capsys):
    """Check 161: train's report.md said nothing of skipped rows or unlabelled units."""
    data = _labelled_and_not(tmp_path / "mixed.jsonl")
    args = ["train", "configs/stance-tfidf.yaml", "--data", data, "--on-error", "skip"]
    res = run_cli(capsys, *args, "--set", "data.split.method=random", "--out", tmp_path / "m")
    assert res.code == 0, res.err
    report = (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    assert "Not in these figures: 2 rows were left out" in report
    assert "6 units have no gold 'stance' label and are not scored." in report


def test_a_folder_labelled_undated_page_is_told_how_pages_are_dated(tmp_path, capsys):
    """Check 161: with --label-from-folder the page's id has its folder, and the hint was a table's."""
    (tmp_path / "web" / "favour").mkdir(parents=True)
    (tmp_path / "web" / "against").mkdir()
    body = "".join(f"<p>{_LEDE} Paragraph {k}.</p>" for k in range(2))
    page = f"<html><body><article><h1>Talks resume</h1>{body}</article></body></html>"
    (tmp_path / "web" / "favour" / "undated.html").write_text(page, encoding="utf-8")
    _article(tmp_path / "web" / "against", "dated", dated=True)
    args = [
        "dataset",
        "build",
        tmp_path / "web",
        "--label-from-folder",
        "stance",
        "--split",
        "date",
    ]
    res = run_cli(capsys, *args, "--out", tmp_path / "ds")
    assert res.code == 1
    assert "a web page is dated by its metadata" in res.err and "undated.html lacks" in res.err


def test_an_experiments_rewrite_removes_its_earlier_plots_only(
    tmp_path,
    labelled_jsonl,  # noqa: F811
):
    """Checks 161 and 163: plots of a protocol the rerun lacks stayed beside its
    results; the first cleanup took another experiment's plots and a person's file."""
    from classify import experiments as ex

    from conftest import ROOT

    path = tmp_path / "same.yaml"
    text = (
        f"name: same\ndata: {labelled_jsonl}\nprotocols:\n"
        '  - {name: date, split: date, cutoff: "2015-01-01"}\n  - {name: cv2, cv: 2}\n'
        f"models:\n  - {ROOT / 'configs/stance-tfidf.yaml'}\nbootstrap: 50\n"
    )
    path.write_text(text, encoding="utf-8")
    ex.run_experiment(path)
    results = tmp_path / "results"
    assert (results / "same-stance-cv2.png").is_file()
    # A person's file, and a plot of an experiment named 'same-stance'.
    for name in ("same-notes.png", "same-stance-date-extra.png"):
        (results / name).write_bytes(b"png")
    path.write_text(text.replace("  - {name: cv2, cv: 2}\n", ""), encoding="utf-8")
    ex.run_experiment(path, overwrite=True)
    assert not (results / "same-stance-cv2.png").exists()
    assert (results / "same-stance-date.png").is_file()
    assert (results / "same-notes.png").is_file() and (
        results / "same-stance-date-extra.png"
    ).is_file()


def test_texts_without_a_letter_or_digit_are_labelled_with_a_warning(tmp_path, capsys):
    """Review 162: '?!...' and an emoji line got confident labels without a word."""
    model = _random_stance_model(tmp_path)
    with pytest.warns(
        UserWarning,
        match=r"2 of the 3 texts scored together have no letter or digit \(first: '\?!\.\.\.'\)",
    ):
        got = model.model.predict(["?!...", "Officials welcome dialogue.", "🙂 🙂"])
    assert len(got) == 3
    data = tmp_path / "odd.jsonl"
    data.write_text(
        '{"id": "1", "text": "?!..."}\n{"id": "2", "text": "Officials meet."}\n', encoding="utf-8"
    )
    res = run_cli(capsys, "predict", tmp_path / "m", data, "--out", tmp_path / "p.jsonl")
    assert res.code == 0, res.err
    assert "1 of the 2 texts scored together has no letter or digit" in res.err
    assert "the model labels it anyway, and its label says nothing of it" in res.err


def test_an_override_in_an_error_is_named_by_its_key(tmp_path, capsys):
    """Review 162: "(a value given on the command line)" beside a default's key."""
    rows = _stance_rows(tmp_path / "train.jsonl", dated=False)
    args = ["train", "configs/stance-tfidf.yaml", "--data", rows, "--set", "model.params.C=-1"]
    res = run_cli(capsys, *args, "--out", tmp_path / "m")
    assert res.code == 1
    # (The config writes C too: the value given replaced the file's.)
    assert re.search(
        r"\('model.params.C' given on the command line, over the file's line \d+\)", res.err
    )


def _ls_task(unit, text, choices):
    result = [
        {"from_name": "topics", "to_name": "text", "type": "choices", "value": {"choices": choices}}
    ]
    annotation = {"result": result if choices else [], "completed_by": 1, "was_cancelled": False}
    return {"id": unit, "data": {"unit": unit, "text": text}, "annotations": [annotation]}


@pytest.mark.parametrize(("tasks", "none_read"), [(("--task", "topic"), True), ((), False)])
def test_a_topic_only_label_studio_submission_with_none_ticked_is_no_topic(
    tmp_path, capsys, tasks, none_read
):
    """Review 164: a topic-only project had no way to say "none of the topics"; the
    units were dropped as unlabelled and handed out again."""
    rows = [
        _ls_task("a:p1", "Football match ends in a draw.", []),
        _ls_task("a:p2", "EU widens sanctions.", ["sanctions"]),
    ]
    export = tmp_path / "ls.json"
    export.write_text(json.dumps(rows), encoding="utf-8")
    res = run_cli(
        capsys,
        "annotate",
        "import",
        export,
        "--annotator",
        "B",
        *tasks,
        "--out",
        tmp_path / "b.jsonl",
    )
    assert res.code == 0, res.err
    got = {
        json.loads(line)["unit"]: json.loads(line)
        for line in (tmp_path / "b.jsonl").read_text().splitlines()
    }
    if none_read:
        assert got["a:p1"]["topics"] == [] and got["a:p2"]["topics"] == ["sanctions"]
    else:
        # With stance among the tasks, a submission with nothing chosen is no label yet.
        assert "a:p1" not in got and "1 unlabelled row" in res.out
        # The note says how to write none (reworded at stop 63).
        said = " ".join(res.out.split())
        assert "where they mean none of the 'topics' labels, write [] in their cell" in said
        # The file chooses no stance at all: a topic-only project, perhaps (stop 58).
        assert "import it with --task topic" in " ".join(res.err.split())


def _import_topics(capsys, path, out):
    """``annotate import`` of annotator C's ``path`` for the topic task."""
    args = ["annotate", "import", path, "--annotator", "C", "--task", "topic", "--out", out]
    return run_cli(capsys, *args)


def test_doccano_has_a_none_label_for_topics(tmp_path, capsys):
    folder = tmp_path / "arts"
    folder.mkdir()
    _article(folder, "minsk", dated=True)
    res = run_cli(
        capsys,
        "annotate",
        "export",
        folder,
        "--task",
        "topic",
        "--format",
        "doccano",
        "--out",
        tmp_path / "ex",
    )
    assert res.code == 0, res.err
    labels = [
        x["text"] for x in json.loads((tmp_path / "ex" / "labels.json").read_text(encoding="utf-8"))
    ]
    assert "topic:(none)" in labels and "topic:sanctions" in labels
    back = tmp_path / "dc.jsonl"
    back.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": 1, "unit": "minsk:p1", "text": _LEDE, "label": ["topic:(none)"]},
                {
                    "id": 2,
                    "unit": "minsk:p2",
                    "text": "Talks on potash go on in minsk.",
                    "label": [],
                },
            ]
        ),
        encoding="utf-8",
    )
    res = _import_topics(capsys, back, tmp_path / "c.jsonl")
    assert res.code == 0, res.err
    (record,) = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert record["unit"] == "minsk:p1" and record["topics"] == []
    back.write_text(
        json.dumps({"id": 1, "unit": "minsk:p1", "label": ["topic:(none)", "topic:sanctions"]}),
        encoding="utf-8",
    )
    res = _import_topics(capsys, back, tmp_path / "d.jsonl")
    assert "'topic:(none)' beside labels of the same task (sanctions)" in res.err + res.out


_NYT_COPY = """U.S. Lifts Sanctions on Belarus Airline After Prisoner Release

By Anton Troianovski

Reporting from Vilnius, Lithuania

Sept. 11, 2025

The United States lifted sanctions on Belarus's national airline on Thursday, hours after the release.

SKIP ADVERTISEMENT

The release was the largest since the 2020 protests, officials said.

Advertisement · Scroll to continue

Sign up to our Europe briefing

Get the day's top stories delivered to your inbox every morning.

Critics said the deal rewarded Mr. Lukashenko for taking hostages.

See more on: Alexander G. Lukashenko

A version of this article appears in print on Sept. 12, 2025, Section A, Page 8 of the New York edition with the headline: Belarus Frees Prisoners.
"""


def test_a_browser_copy_of_a_news_page_keeps_no_furniture(tmp_path):
    """Review 166: ad slots, a newsletter pitch, the print note and "Reporting from"
    were units, and the date under that line was lost."""
    from classify.articles import read_articles

    (tmp_path / "nyt.txt").write_text(_NYT_COPY, encoding="utf-8")
    (article,) = read_articles(tmp_path / "nyt.txt")
    assert article.author == "Anton Troianovski" and article.date == "2025-09-11"
    assert article.meta["reported_from"] == "Vilnius, Lithuania"
    assert [p.split()[0] for p in article.paragraphs] == ["The", "The", "Critics"]


def _page(tmp_path, body: str, head: str = "") -> object:
    from classify.articles import read_articles

    html = (
        f"<html><head><title>Moldova expels Russian diplomat</title>{head}</head><body><article>"
        f"<h1>Moldova expels Russian diplomat</h1>{body}</article></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (article,) = read_articles(tmp_path / "page.html")
    return article


_QUOTE = "Moldova will not tolerate interference in its internal affairs"
_BODY = (
    "<p>Moldova ordered a Russian diplomat to leave the country within 72 hours on Monday.</p>"
    f'<p>"{_QUOTE}," Foreign Minister Mihai Popescu told reporters in Chisinau.</p>'
    "{quote}<p>Russia's embassy called the move an unfriendly act and promised a response.</p>"
)


@pytest.mark.parametrize(
    "quote",
    [
        f'<blockquote><p>"{_QUOTE}"</p></blockquote>',
        '<blockquote class="pull-quote"><p>"We cannot reward a regime that keeps people in cages"</p></blockquote>',
    ],
)
def test_a_pull_quote_is_no_unit(tmp_path, quote):
    """Review 166: a pull quote in a <blockquote> came out as a unit, repeating the story."""
    article = _page(tmp_path, _BODY.replace("{quote}", quote))
    assert len(article.paragraphs) == 3
    assert not any("cages" in p or p.strip('"') == _QUOTE for p in article.paragraphs)


def test_a_quotation_of_the_story_in_its_own_paragraph_stays(tmp_path):
    body = _BODY.replace(
        "{quote}", "<p>Officials said the decision was final and would not be reviewed.</p>"
    )
    assert len(_page(tmp_path, body).paragraphs) == 4


def test_a_pages_russian_author_label_is_not_the_authors_name(tmp_path):
    """Review 166: <p class="author">Автор: Иван Петров</p> gave 'Автор Иван Петров'."""
    body = '<p class="author">Автор: Иван Петров</p>' + _BODY.replace("{quote}", "")
    assert _page(tmp_path, body).author == "Иван Петров"


def test_a_topic_only_label_studio_csv_row_with_none_ticked_is_no_topic(tmp_path, capsys):
    """Check 165: the JSON export read it as none of the topics, JSON-MIN and CSV as unlabelled."""
    sheet = tmp_path / "ls.csv"
    sheet.write_text(
        "id,text,unit,topics,annotator,annotation_id,created_at,updated_at,lead_time\n"
        "1,Football ends in a draw,a:p1,,1,11,2025-01-01,2025-01-01,3.2\n"
        "2,EU widens sanctions,a:p2,sanctions,1,12,2025-01-01,2025-01-01,2.0\n",
        encoding="utf-8",
    )
    res = run_cli(
        capsys, "annotate", "import", sheet, "--task", "topic", "--out", tmp_path / "out.jsonl"
    )
    assert res.code == 0, res.err
    got = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["unit"], r["topics"]) for r in got] == [("a:p1", []), ("a:p2", ["sanctions"])]


def test_a_test_files_blank_label_beside_another_tasks_is_counted(tmp_path, capsys):
    """Check 165: a test unit whose stance cell was blank beside a topic was left out without a count."""
    rows = [
        json.loads(line)
        for line in _stance_rows(tmp_path / "t.jsonl", dated=False).read_text().splitlines()
    ]
    test = [dict(r) for r in rows[:9]]
    for row in test[:3]:
        row["stance"], row["topics"] = "", ["sanctions"]
    for row in test[3:5]:  # check 167: nulls beside the blanks went uncounted
        row["stance"], row["topics"] = None, ["sanctions"]
    data = tmp_path / "test.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in test), encoding="utf-8")
    train_rows = tmp_path / "train.jsonl"
    train_rows.write_text("\n".join(json.dumps(r) for r in rows[9:]), encoding="utf-8")
    args = ["train", "configs/stance-tfidf.yaml", "--data", train_rows, "--test", data]
    res = run_cli(capsys, *args, "--out", tmp_path / "m")
    assert res.code == 0, res.err
    report = (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    assert "5 units of the test file have no gold 'stance' label and are not scored." in report


def test_one_text_without_a_letter_is_called_the_text(tmp_path):
    model = _random_stance_model(tmp_path)
    with pytest.warns(
        UserWarning, match=r"^the text has no letter or digit \(first: '\?!'\): the model labels it"
    ):
        model.model.predict(["?!"])


def test_a_short_paragraph_a_longer_one_restates_stays(tmp_path):
    """Check 167: the first pull-quote rule dropped any short paragraph a longer one restated."""
    body = (
        "<p>Officials met in Vilnius on Monday to discuss the border crossings again.</p>"
        "<p>The Kremlin did not comment.</p>"
        "<p>The Kremlin did not comment, and Minsk said nothing either on Tuesday evening.</p>"
    )
    assert len(_page(tmp_path, body).paragraphs) == 3


def test_reporting_from_in_the_bylines_block_is_where_it_was_filed(tmp_path):
    """Check 167: in the byline's block the line was read as the author's role."""
    from classify.articles import read_articles

    text = f"Talks resume in Minsk\n\nBy Tomas Dapkus\nReporting from Vilnius, Lithuania\nSept. 5, 2024\n\n{_LEDE}\n\nTalks go on."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (article,) = read_articles(tmp_path / "a.txt")
    assert (
        article.meta.get("reported_from") == "Vilnius, Lithuania"
        and "author_role" not in article.meta
    )
    assert article.date == "2024-09-05" and article.paragraphs[0] == _LEDE


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Advertisement — Scroll to continue", True),
        ("Advertisement - Scroll to continue reading", True),
        ("Scroll to continue with content", True),
        ("Advertisement Skip Advertisement", True),
        (
            "A version of this article appeared in print on March 3, 2024 in The International New York Times.",
            True,
        ),
        ("A version of this story appeared in the May 15 print edition.", True),
        (
            "A version of this article appears in print in the ministry's bulletin, the spokesman said.",
            False,
        ),
        ("Advertisement spending by state firms rose sharply last year, the ministry said.", False),
    ],
)
def test_close_variants_of_furniture_lines_are_no_units(line, furniture):
    """Check 167: the em dash, "continue reading" and past-tense forms stayed units."""
    from classify.articles import _WEB_CHROME

    assert bool(_WEB_CHROME.fullmatch(line)) is furniture
