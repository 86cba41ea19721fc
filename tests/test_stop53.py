"""Stop 53: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json

import pytest
from test_cli import labelled_jsonl  # noqa: F401  (fixture)

OWN = __import__("conftest").ROOT / "tests/fixtures/own"

_BODY = (
    "MINSK (Reuters) - Belarus has released 14 political prisoners, its state news agency said.\n\n"
    "The release follows a visit by a US envoy to Minsk last week."
)


def _story(tmp_path, text: str):
    from classify.articles import read_articles

    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    (article,) = read_articles(path)
    return article


def _read(tmp_path, header: str):
    return _story(
        tmp_path, f"Belarus frees prisoners as US envoy visits Minsk\n{header}\n\n{_BODY}\n"
    )


@pytest.mark.parametrize(
    "line", ["May 2-4, 2023", "1st and 2nd June 2023", "10 and 12 February 2024",
             "from 1 to 3 May 2023", "2024-08-31 to 2024-09-02", "May 30 - June 2, 2023"],
)  # fmt: skip
def test_a_date_line_that_is_a_range_leaves_the_article_undated_and_keeps_it(tmp_path, line):
    """A range under the headline was joined to the headline (check 117:
    undated, the line lost)."""
    article = _read(tmp_path, f"{line}\nBy Jane Doe")
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"
    assert article.date is None and article.meta["date_written"] == line
    assert article.author == "Jane Doe" and article.source == "Reuters"
    assert len(article.paragraphs) == 2


def test_a_sentence_holding_a_range_under_the_headline_is_no_date_line(tmp_path):
    article = _read(tmp_path, "Talks run May 2-4, 2023\nBy Jane Doe")
    assert "date_written" not in article.meta
    assert article.title.endswith("Talks run May 2-4, 2023")


@pytest.mark.parametrize(
    "cell", ["May 2, 2023 to May 4, 2023", "from May 2 to May 4, 2023", "30 May - 2 June 2023",
             "2 May 2023 - 4 May 2023", "May 2023 to June 2023", "2023-2024", "2023 to 2024"],
)  # fmt: skip
def test_ranges_of_written_dates_are_refused_as_ranges(cell):
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "read"), [("Monday, May 1, 2023", "2023-05-01"), ("11 September 2025 10:00", "2025-09-11"),
                       ("May 2023", "2023-05"), ("2023-05-02T10:00:00-05:00", "2023-05-02")],
)  # fmt: skip
def test_single_dates_beside_the_range_rule_still_read(cell, read):
    from classify.dates import parse_date

    assert parse_date(cell) == read


@pytest.mark.parametrize(
    ("byline", "author"),
    [("By Reuters and Jane Doe", "Jane Doe"), ("By The Associated Press and Jane Doe", "Jane Doe"),
     ("By Reuters, Jane Doe and John Roe", "Jane Doe and John Roe"), ("Por EFE y Juan Pérez", "Juan Pérez"),
     ("By Reuters and AFP staff", None), ("By Jane Doe and Reuters staff", "Jane Doe")],
)  # fmt: skip
def test_an_agency_before_the_names_is_not_the_author(tmp_path, byline, author):
    article = _read(tmp_path, f"Sept. 3, 2024\n{byline}")
    assert article.author == author and article.date == "2024-09-03"


@pytest.mark.parametrize(
    ("line", "section"), [("Sept. 3, 2024 | U.S.", "U.S."), ("Sept. 3, 2024 | U.K. Politics", "U.K. Politics")]
)  # fmt: skip
def test_a_section_of_initials_after_the_date_is_a_section(tmp_path, line, section):
    article = _read(tmp_path, f"{line}\nBy Jane Doe")
    assert article.date == "2024-09-03" and article.section == section
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"


def test_a_sentence_after_the_date_bar_is_still_no_date_line(tmp_path):
    article = _read(tmp_path, "Sept. 3, 2024 | He said so.\nBy Jane Doe")
    assert article.date is None and article.section is None


@pytest.mark.parametrize("line", ["By Design", "By The Numbers"])
def test_a_subheading_after_by_above_a_dateline_is_no_author(tmp_path, line):
    """check 120: they became the authors 'Design' and 'The Numbers'."""
    article = _read(tmp_path, f"\n{line}")
    assert article.author is None and article.source == "Reuters"
    assert line in article.meta["header_lines"] and len(article.paragraphs) == 2


def test_an_empty_name_in_a_list_written_into_a_csv_cell_is_an_error(tmp_path, capsys):
    """A JSON list in JSONL with "" is an error; the same list in a CSV cell
    was read as the list without it (check 117)."""
    from cli_runner import run_cli

    path = tmp_path / "gold.csv"
    path.write_text('id,text,topics\n1,"The EU extended sanctions on Minsk.","[""sanctions"", """"]"\n'
                    '2,"Talks resumed in Minsk.","[""normalisation""]"\n', encoding="utf-8")  # fmt: skip
    res = run_cli(capsys, "dataset", "build", path, "--out", tmp_path / "ds")
    assert res.code != 0
    assert 'the label list ["sanctions", ""] holds a null or empty name' in res.err
    path.write_text('id,text,topics\n1,"The EU extended sanctions on Minsk.","[""sanctions""]"\n'
                    '2,"Talks resumed in Minsk.","[""normalisation""]"\n', encoding="utf-8")  # fmt: skip
    res = run_cli(capsys, "dataset", "build", path, "--out", tmp_path / "ds")
    assert res.code == 0, res.err


def test_a_paragraph_model_scored_on_whole_articles_is_warned(tmp_path, capsys):
    """A folder labelled by folder is read as whole articles; a model
    trained on its paragraphs was scored on them in silence (check 117)."""
    from cli_runner import run_cli

    res = run_cli(capsys, "dataset", "build", OWN / "news", "--task", OWN / "category.yaml",
                  "--label-from-folder", "category", "--unit", "paragraph", "--split", "random",
                  "--out", tmp_path / "ds")  # fmt: skip
    assert res.code == 0, res.err
    res = run_cli(capsys, "train", OWN / "category-tfidf.yaml", "--data", tmp_path / "ds",
                  "--out", tmp_path / "m")  # fmt: skip
    assert res.code == 0, res.err
    res = run_cli(capsys, "evaluate", tmp_path / "m", OWN / "news", "--out", tmp_path / "e1")
    assert res.code == 0, res.err
    assert "trained on paragraphs; the data's articles are scored as articles" in res.err
    assert "--unit paragraph" in res.err
    res = run_cli(capsys, "evaluate", tmp_path / "m", OWN / "news", "--unit", "paragraph",
                  "--out", tmp_path / "e2")  # fmt: skip
    assert res.code == 0 and "trained on paragraphs" not in res.err
    by_article = json.loads((tmp_path / "e1/metrics.json").read_text(encoding="utf-8"))["n"]
    by_paragraph = json.loads((tmp_path / "e2/metrics.json").read_text(encoding="utf-8"))["n"]
    assert by_article == 12 < by_paragraph


@pytest.mark.parametrize("outlet", ["TRT World", "BBC World Service", "CNN International"])
def test_a_world_service_under_the_headline_is_the_source_not_the_author(tmp_path, outlet):
    """check 120: 'TRT World' and 'BBC World Service' became authors."""
    article = _read(tmp_path, f"{outlet}\nSept. 3, 2024")
    assert article.source == outlet and article.author is None
    assert article.date == "2024-09-03"


def test_hello_world_under_the_headline_is_no_outlet(tmp_path):
    article = _read(tmp_path, "Hello World\nSept. 3, 2024")
    assert article.source != "Hello World"


@pytest.mark.parametrize("agency", ["BBC World Service", "NHK World"])
def test_a_world_service_in_a_dateline_is_its_source(tmp_path, agency):
    article = _story(
        tmp_path, f"Belarus frees prisoners\n\nLONDON ({agency}) - Officials met.\n\nMore.\n"
    )
    assert article.source == agency and article.paragraphs[0] == "Officials met."


def test_a_resorted_file_redoes_the_subsampled_cells_and_reuses_the_rest(
    tmp_path,
    labelled_jsonl,  # noqa: F811
):
    """Review 123: a file re-sorted (one fingerprint) reused the cells of a
    training-size subsample drawn from the old order beside fresh ones."""
    from classify import experiments as ex

    from conftest import ROOT

    path = tmp_path / "order.yaml"
    path.write_text(
        f"""
name: order
protocols:
  - {{name: date, split: date, cutoff: "2015-01-01"}}
models:
  - {ROOT / "configs/stance-tfidf.yaml"}
references:
  - {{name: majority, function: {ROOT / "experiments/references.py"}:majority}}
train_sizes: [12, all]
seeds: [0]
bootstrap: 50
""",
        encoding="utf-8",
    )
    first = ex.run_experiment(path, data=str(labelled_jsonl))
    assert first["run"]["reused_cells"] == 0 and first["run"]["cells"] == 4
    resorted = tmp_path / "resorted.jsonl"
    lines = labelled_jsonl.read_text(encoding="utf-8").splitlines()
    resorted.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    again = ex.run_experiment(path, data=str(resorted), overwrite=True)
    assert again["data"]["fingerprint"] == first["data"]["fingerprint"]
    assert again["data"]["row_order"] != first["data"]["row_order"]
    assert again["run"]["reused_cells"] == 2  # the two cells trained on all items
    cells = [json.loads(p.read_text()) for p in (tmp_path / "results/order/cells").glob("*.json")]
    assert len(cells) == 4
    # The same file again reuses every cell.
    third = ex.run_experiment(path, data=str(resorted), overwrite=True)
    assert third["run"]["reused_cells"] == 4


def test_the_python_reproduce_call_keeps_the_read_settings(tmp_path):
    """Review 123: the recorded call dropped options=ReadOptions(...) and
    failed when run."""
    import pandas as pd

    import classify

    from conftest import ROOT

    rows = [
        {"doc": f"d{i}", "published": f"0{1 + i % 9}/03/20{10 + i % 8}",
         "body": f"Talks on restoring ties resumed in round {i}." if i % 2 else
         f"The EU extended sanctions for the {i}th time.", "stance": "favour" if i % 2 else "against"}
        for i in range(30)
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    path = tmp_path / "e.yaml"
    path.write_text(
        f"name: e\nprotocols:\n  - {{name: cv, cv: 3, group: none}}\n"
        f"models:\n  - {ROOT / 'configs/stance-tfidf.yaml'}\nbootstrap: 20\n",
        encoding="utf-8",
    )
    options = classify.ReadOptions(
        id_column="doc", date_column="published", date_order="month-first"
    )
    summary = classify.run_experiment(path, data=frame, options=options, text_column="body")
    call = summary["run"]["command"]
    assert call == (
        f"classify.run_experiment({str(path)!r}, data=<the DataFrame given>, text_column='body', "
        "options=classify.ReadOptions(id_column='doc', date_order='month-first', "
        "date_column='published'), overwrite=True)"
    )
    again = eval(
        call.replace("<the DataFrame given>", "frame"), {"classify": classify, "frame": frame}
    )
    assert again["leaderboards"] == summary["leaderboards"]


def test_a_dataframes_date_column_named_like_a_date_synonym_is_read(tmp_path):
    """Review 123: date_column='published' on a DataFrame failed ('no date
    column'): the column had been renamed 'date' before it was looked for."""
    import pandas as pd

    import classify
    from classify.data import load_examples

    frame = pd.DataFrame({"doc": ["a", "b"], "published": ["03/14/2014", "01/02/2015"],
                          "body": ["Talks resumed.", "Sanctions were extended."],
                          "stance": ["favour", "against"]})  # fmt: skip
    options = classify.ReadOptions(id_column="doc", text_column="body", date_column="published",
                                   date_order="month-first")  # fmt: skip
    assert load_examples(frame, options=options).dates == ["2014-03-14", "2015-01-02"]
    assert list(frame.columns) == ["doc", "published", "body", "stance"]


@pytest.mark.parametrize("name", ["stance-tfidf", "stance-tfidf.yaml"])
def test_an_experiment_takes_a_projects_config_by_its_bare_name(tmp_path, name):
    """Review 123: train and run take `stance-tfidf`; an experiment did not."""
    from classify import experiments as ex

    from conftest import ROOT

    path = tmp_path / "e.yaml"
    path.write_text(f"name: e\nprotocols:\n  - {{name: cv, cv: 3}}\nmodels:\n  - {name}\n",
                    encoding="utf-8")  # fmt: skip
    exp = ex.load_experiment(path)
    assert (
        exp.models[0].config.to_dict()["model"]
        == ex.load_experiment(_exp_with(tmp_path, ROOT / "configs/stance-tfidf.yaml"))
        .models[0]
        .config.to_dict()["model"]
    )


def _exp_with(tmp_path, config):
    path = tmp_path / "full.yaml"
    path.write_text(f"name: full\nprotocols:\n  - {{name: cv, cv: 3}}\nmodels:\n  - {config}\n",
                    encoding="utf-8")  # fmt: skip
    return path


def test_a_missing_config_with_a_folder_names_the_projects_config(tmp_path):
    from classify import experiments as ex
    from classify.errors import ClassifyError

    with pytest.raises(
        ClassifyError, match=r"the project's config of that name is .*stance-tfidf\.yaml"
    ):
        ex.load_experiment(_exp_with(tmp_path, "mine/stance-tfidf.yaml"))


def test_the_results_say_why_a_paired_p_is_na(tmp_path, labelled_jsonl):  # noqa: F811
    """Review 123: the .md showed p = n/a with no reason (compare gives one)."""
    from classify import experiments as ex

    from conftest import ROOT

    path = tmp_path / "why.yaml"
    path.write_text(
        f"name: why\nprotocols:\n  - {{name: date, split: date, cutoff: '2015-01-01'}}\n"
        f"models:\n  - {ROOT / 'configs/stance-tfidf.yaml'}\nreferences:\n"
        f"  - {{name: majority, function: {ROOT / 'experiments/references.py'}:majority}}\n"
        "bootstrap: 10\n",
        encoding="utf-8",
    )
    summary = ex.run_experiment(path, data=str(labelled_jsonl))
    (test,) = next(b for b in summary["leaderboards"] if b["task"] == "stance")["tests"]
    assert test["p_value"] is None
    md = (tmp_path / "results/why.md").read_text(encoding="utf-8")
    assert (
        f"n/a: {test['a_name']} vs {test['b_name']}: 10 resamples are too few for a p-value" in md
    )


def test_an_experiments_bar_chart_has_a_title_and_marks_references(monkeypatch):
    """Review 123: the .png had no task or protocol and references looked
    like models."""
    from classify import reports

    seen = {}

    def keep(fig):
        ax = fig.axes[0]
        seen["title"] = ax.get_title()
        seen["styles"] = {t.get_text(): t.get_fontstyle() for t in ax.get_yticklabels()}
        seen["colours"] = [p.get_facecolor() for p in ax.patches]
        return b"png"

    monkeypatch.setattr(reports, "_png", keep)
    rows = [{"name": "stance-tfidf", "kind": "model", "macro_f1": 0.7, "ci95": [0.6, 0.8]},
            {"name": "majority", "kind": "reference", "macro_f1": 0.2, "ci95": [0.1, 0.3]}]  # fmt: skip
    reports.plot_comparison(rows, title="stance, protocol 'date', 269 test units")
    assert seen["title"] == "stance, protocol 'date', 269 test units (references in grey)"
    assert seen["styles"] == {"stance-tfidf": "normal", "majority": "italic"}
    assert seen["colours"][0] != seen["colours"][1]


def test_compare_on_a_folder_reads_the_labels_from_the_folders(tmp_path, capsys):
    """Review 122: compare --data FOLDER said "no gold labels" where
    evaluate read them by the models' own setting; it has the option too."""
    from cli_runner import run_cli

    for name, c in (("a", "10"), ("b", "1")):
        res = run_cli(capsys, "train", OWN / "category-tfidf.yaml", "--set", f"model.params.C={c}",
                      "--out", tmp_path / name)  # fmt: skip
        assert res.code == 0, res.err
    res = run_cli(capsys, "compare", tmp_path / "a", tmp_path / "b", "--data", OWN / "news",
                  "--out", tmp_path / "c1")  # fmt: skip
    assert res.code == 0, res.err
    board = json.loads((tmp_path / "c1/compare.json").read_text(encoding="utf-8"))
    assert [row["n"] for row in board["rows"]] == [12, 12]
    res = run_cli(capsys, "compare", tmp_path / "a", tmp_path / "b", "--data", OWN / "news",
                  "--label-from-folder", "category", "--out", tmp_path / "c2")  # fmt: skip
    assert res.code == 0, res.err
    again = json.loads((tmp_path / "c2/compare.json").read_text(encoding="utf-8"))
    assert again["rows"] == board["rows"]


@pytest.mark.parametrize(
    ("setting", "allowed"), [("scale=0", "above 0"), ("scale=-1", "above 0"), ("shift=5", "-1"), ("shift=-1.5", "-1")]
)  # fmt: skip
def test_zero_shot_scale_and_shift_are_range_checked(setting, allowed):
    """Review 122: scale=0 made every probability 0.5 (every label), a
    negative scale inverted the similarities, shift=5 predicted nothing."""
    from classify.config import load_train_config
    from classify.errors import ClassifyError

    from conftest import ROOT

    with pytest.raises(ClassifyError, match=rf"model\.params\.{setting.split('=')[0]}.*{allowed}"):
        key, value = setting.split("=")
        load_train_config(
            ROOT / "configs/topic-zeroshot.yaml", {f"model.params.{key}": float(value)}
        )


def test_the_default_nli_model_is_checked_when_the_config_is_read(monkeypatch):
    """Review 122: method=nli without nli_model read and split the data
    before the default model was found missing."""
    from classify.config import load_train_config
    from classify.errors import ClassifyError
    from classify.models import _hub

    from conftest import ROOT

    real = _hub.unavailable
    monkeypatch.setattr(
        _hub, "unavailable", lambda name: "not here" if "mnli" in name else real(name)
    )
    with pytest.raises(ClassifyError, match="cannot load model 'facebook/bart-large-mnli' "
                       r"\(the default of key 'model\.params\.nli_model'"):  # fmt: skip
        load_train_config(ROOT / "configs/topic-zeroshot.yaml", {"model.params.method": "nli"})


def test_fewer_folds_than_asked_are_said_and_recorded_in_python_too(tmp_path, labelled_jsonl):  # noqa: F811
    """Review 124: in Python, cv=50 on fewer units ran fewer folds in silence."""
    import classify

    from conftest import ROOT

    rows = [json.loads(line) for line in labelled_jsonl.read_text(encoding="utf-8").splitlines()]
    with pytest.warns(
        UserWarning, match=rf"50 folds asked for, more than there are units; ran {len(rows)} folds"
    ):
        result = classify.train(ROOT / "configs/stance-tfidf.yaml", data=str(labelled_jsonl), cv=50,
                                group="none", save=False)  # fmt: skip
    assert result.metrics["evaluation"]["folds"] == len(rows)
    assert result.metrics["evaluation"]["cv_asked"] == 50


def test_wrong_argument_types_are_one_clear_error_in_python(tmp_path, labelled_jsonl):  # noqa: F811
    """Review 124: a number as data, a dict as options gave Python's own
    TypeError or AttributeError; out= with save=False was ignored."""
    import classify
    from classify.errors import ClassifyError

    from conftest import ROOT

    config = ROOT / "configs/stance-tfidf.yaml"
    model = classify.train(config, data=str(labelled_jsonl), save=False).model
    with pytest.raises(ClassifyError, match="inputs: cannot read data of type int"):
        classify.predict(model, 5)
    with pytest.raises(ClassifyError, match="data: cannot read data of type int"):
        classify.train(config, data=42, save=False)
    with pytest.raises(
        ClassifyError, match=r"options: expected classify\.ReadOptions\(\.\.\.\), got dict"
    ):
        classify.evaluate(model, str(labelled_jsonl), options={"text_column": "body"})
    with pytest.raises(ClassifyError, match="got str"):
        classify.predict(model, ["Talks resumed."], options="body")
    with pytest.raises(ClassifyError, match="out is given with save=False"):
        classify.train(config, data=str(labelled_jsonl), save=False, out=tmp_path / "m")
    assert not (tmp_path / "m").exists()
    with pytest.raises(ClassifyError, match=r"row 1: the text is empty"):
        classify.predict(model, ["Talks resumed.", ""])


def test_two_models_in_memory_on_other_units_are_named_apart(labelled_jsonl):  # noqa: F811
    """Review 124: both were called "(in memory)" in the error."""
    import classify
    from classify.errors import ClassifyError

    from conftest import ROOT

    config = ROOT / "configs/stance-tfidf.yaml"
    held_out = classify.train(config, data=str(labelled_jsonl), save=False)
    folds = classify.train(config, data=str(labelled_jsonl), cv=3, save=False,
                           overrides={"model.params.C": 1.0})  # fmt: skip
    with pytest.raises(ClassifyError) as caught:
        classify.compare([held_out, folds])
    message = str(caught.value)
    assert "(in memory): evaluated on other units than" in message
    assert message.count("'stance-tfidf") == 2 and "data= (a path, or data in memory)" in message


def test_annotations_at_another_level_are_warned_of_in_python(tmp_path):
    """Review 124: the CLI said so; build_dataset in Python only returned it."""
    import classify

    from conftest import ROOT

    with pytest.warns(UserWarning, match=r"annotations? label \w+ units, not used at this unit level "
                      r"\(pass unit='\w+' to use them\)"):  # fmt: skip
        summary = classify.build_dataset([ROOT / "seeds"], tmp_path / "ds", unit="sentence",
                                         annotations=ROOT / "seeds/annotations.jsonl",
                                         split="random")  # fmt: skip
    assert summary["other_level_annotations"]


def test_a_given_name_before_a_patronymic_is_the_full_name():
    """Review 118 (left alone at stop 52): "Prince Faisal" was not "Prince
    Faisal bin Farhan" named earlier in the article."""
    from classify.quotes import extract_quotes

    quotes = extract_quotes([
        "Saudi Foreign Minister Prince Faisal bin Farhan met his US counterpart on Monday.",
        '"We are ready to build a new relationship with all partners," Prince Faisal said.',
        '"The kingdom will keep working for peace and for stability," Faisal told reporters.',
        '"Another quotation of enough words to count as one," Mohammed said.',
    ])  # fmt: skip
    assert [q.speaker for q in quotes] == ["Faisal bin Farhan", "Faisal bin Farhan", "Mohammed"]


@pytest.mark.parametrize(
    "cell", ["Tue 2 - Thu 4 May 2023", "Friday 2 to Sunday 4 May 2025",
             "Monday, May 1 - Wednesday, May 3, 2023", "January-March 2023", "2023/2024"],
)  # fmt: skip
def test_spans_with_weekdays_or_months_joined_are_refused_as_spans(cell):
    """Check 125: `Tue 2 - Thu 4 May 2023` was read as 2002-05-04."""
    from classify.dates import parse_date
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="a range or list of dates"):
        parse_date(cell)


@pytest.mark.parametrize("line", ["Minsk, 2-4 May 2023", "World | May 2-4", "2-4 мая 2023"])
def test_more_spans_under_the_headline_are_undated_date_lines(tmp_path, line):
    article = _read(tmp_path, f"{line}\nBy Jane Doe")
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"
    assert article.date is None and article.meta["date_written"] == line
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    "line", ["By Reuters and AFP staff", "By Reuters and AP", "By AP, AFP and dpa", "Por EFE y Europa Press",
             "By Kyodo News", "By Anadolu Agency and TASS", "By Xinhua and Kyodo News staff",
             "By Al Jazeera Staff"]
)  # fmt: skip
def test_a_byline_of_agencies_alone_in_its_own_block_is_no_unit(tmp_path, line):
    """Check 125: under a date line with no dateline it became the first
    paragraph (a unit)."""
    article = _story(tmp_path, "Belarus frees prisoners as US envoy visits Minsk\n\nSept. 3, 2024\n\n"
                     f"{line}\n\nBelarus released 14 prisoners, its agency said.\n\nThe move came.\n")  # fmt: skip
    assert article.author is None and article.date == "2024-09-03"
    assert article.paragraphs == [
        "Belarus released 14 prisoners, its agency said.",
        "The move came.",
    ]


def test_an_agency_after_a_name_in_another_language_is_not_the_author(tmp_path):
    from classify.articles import _byline_author

    assert _byline_author("Por Juan Pérez y EFE") == "Juan Pérez"
    assert _byline_author("Por EFE y Europa Press") is None


@pytest.mark.parametrize(
    "cell",
    ['["sanctions", null]', "['sanctions', nan]", "['sanctions', None]", "['sanctions', <NA>]"],
)
def test_a_missing_name_in_a_list_in_a_csv_cell_is_named_as_such(tmp_path, capsys, cell):
    """Check 125: these gave "label '[\\"sanctions\\"' is not in task"."""
    import csv

    from cli_runner import run_cli

    path = tmp_path / "gold.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["id", "text", "topics"], ["1", "The EU extended sanctions.", cell],
                                 ["2", "Talks resumed.", '["normalisation"]']])  # fmt: skip
    res = run_cli(capsys, "dataset", "build", path, "--out", tmp_path / "ds")
    assert res.code != 0
    assert 'the label list ["sanctions", null] holds a null or empty name' in res.err


def test_spellings_of_one_outlet_are_one_group_in_splits_and_folds(tmp_path):
    """Review 126: `AP` and `ap`, `Xinhua` and `XINHUA` were two groups, so one
    outlet was tested on in one fold and trained on in another."""
    from classify.data import Examples, load_examples

    rows = [{"id": f"u{i}", "text": f"Story number {i} about talks in Minsk and sanctions.",
             "source": ["AP", "ap", "Xinhua", "XINHUA ", "Reuters"][i % 5], "stance": "neutral"}
            for i in range(20)]  # fmt: skip
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    examples: Examples = load_examples([path])
    groups = examples.groups("source")
    # Named as most of its units spell it; a tie by the spellings' order,
    # never by the rows' (AP 2, ap 2: "AP"; Xinhua 2, XINHUA 2: "XINHUA").
    assert set(groups) == {"AP", "XINHUA", "Reuters"}
    assert groups[1] == "AP" and groups[2] == "XINHUA"


def test_the_bootstrap_note_names_its_clusters_not_the_folds_groups():
    """Review 126: "resampling whole sources (227 of them)" with 5 sources."""
    from classify.reports import _bootstrap_note

    note = _bootstrap_note({"ci95": {"macro_f1": [0.1, 0.2]}, "n": 246,
                            "bootstrap": {"n_resamples": 1000, "n_groups": 227},
                            "evaluation": {"method": "cv", "group": "source"}})  # fmt: skip
    assert "resampling 227 clusters of units" in note and "sources" not in note


def test_topic_errors_are_ranked_by_the_distance_past_each_labels_threshold():
    """Review 126: a unit just below a tuned 0.3 threshold was "0.71
    confident" and never among the least confident correct ones."""
    import numpy as np

    from classify.evaluation import error_analysis

    labels = ["a", "b"]
    gold = np.array([[0, 0], [1, 0], [0, 0]])
    proba = np.array([[0.29, 0.05], [0.95, 0.04], [0.02, 0.03]])
    decided = (proba >= np.array([0.3, 0.5])).astype(int)
    out = error_analysis("multilabel", labels, ["x", "y", "z"], ["x", "y", "z"], gold, proba,
                         decided, thresholds=[0.3, 0.5])  # fmt: skip
    unsure = out["unsure_correct"]
    assert unsure[0]["id"] == "x" and unsure[0]["confidence"] < 0.52
    # At 0.5 thresholds, the confidence is p or 1 - p, as before.
    same = error_analysis("multilabel", labels, ["x", "y", "z"], None, gold, proba,
                          (proba >= 0.5).astype(int))  # fmt: skip
    assert same["unsure_correct"][0]["confidence"] == pytest.approx(0.71)


def test_the_main_jobs_hint_names_its_own_setting(tmp_path, capsys):
    """Review 127: `classify run` said "pass --unit paragraph", an option it
    does not have."""
    from cli_runner import run_cli

    import classify
    from classify.errors import ClassifyError

    from conftest import ROOT

    rows = [
        json.loads(line)
        for line in (ROOT / "seeds/annotations.jsonl").read_text("utf-8").splitlines()
    ]
    gold = tmp_path / "para.jsonl"
    gold.write_text(
        "".join(json.dumps(r) + "\n" for r in rows if r["level"] == "paragraph"), "utf-8"
    )
    config = tmp_path / "run.yaml"
    config.write_text(f"name: mine\nsources: [{ROOT / 'seeds'}]\nannotations: {gold}\nunit: sentence\n"
                      f"models: [{ROOT / 'configs/topic-tfidf.yaml'}]\ncv: 3\nout: {tmp_path / 'out'}\n",
                      encoding="utf-8")  # fmt: skip
    res = run_cli(capsys, "run", config)
    assert res.code == 1 and res.err.rstrip().endswith("pass --set unit=paragraph")
    with pytest.raises(ClassifyError, match=r"pass overrides=\{'unit': 'paragraph'\}$"):
        classify.run(config)


def test_agencies_written_out_and_short_are_one_outlet_in_splits():
    """Review 127: `AP` (from a dateline) and `Associated Press` (a header)
    were two outlets, one on each side of a split by source."""
    from classify.data import outlet_key

    assert outlet_key("The Associated Press") == outlet_key("AP") == outlet_key("ap")
    assert outlet_key("Agence France-Presse") == outlet_key("AFP")
    assert outlet_key("Thomson  Reuters") == outlet_key("REUTERS")
    # A "News" after a name is no alias in general (Sky News is not Sky);
    # "BBC News", the BBC's own news site, is (stop 61, review 196).
    assert outlet_key("Sky News") != outlet_key("Sky")
    assert outlet_key("BBC News") == outlet_key("BBC")


def test_a_section_on_both_sides_of_the_date_dates_the_article(tmp_path):
    """Review 127: `World | Sept. 3, 2024 | Europe` lost its date."""
    article = _read(tmp_path, "World | Sept. 3, 2024 | Europe\nBy Jane Doe")
    assert article.date == "2024-09-03" and article.section == "World | Europe"
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"


def test_a_given_name_two_full_names_open_stays_as_written():
    """Check 128: with Faisal bin Farhan and Faisal Mekdad in the article,
    "Faisal said" went to the first."""
    from classify.quotes import extract_quotes

    quotes = extract_quotes([
        "Saudi Foreign Minister Faisal bin Farhan met Syrian diplomat Faisal Mekdad on Monday.",
        '"We are ready to build a new relationship with all partners," Faisal said.',
    ])  # fmt: skip
    assert [q.speaker for q in quotes] == ["Faisal"]


def test_every_reader_refuses_data_and_options_of_another_type_in_one_line(
    tmp_path,
    labelled_jsonl,  # noqa: F811
):
    """Check 128: analyse, export_units, read_articles gave Python's own
    TypeError or AttributeError; predict(m, None) too."""
    import classify
    from classify.errors import ClassifyError

    from conftest import ROOT

    clf = classify.train(
        ROOT / "configs/stance-tfidf.yaml", data=str(labelled_jsonl), save=False
    ).model
    calls = {
        "inputs: cannot read data of type int": lambda: classify.analyse(clf, 5),
        "sources: cannot read data of type int": lambda: classify.export_units(
            5, tmp_path / "x.jsonl"
        ),
        "sources: cannot read data of type float": lambda: classify.read_articles(3.5),
        "inputs: nothing to label": lambda: classify.predict(clf, None),
        "options: expected classify.ReadOptions": lambda: classify.read_articles(
            ROOT / "seeds", options={}
        ),
        "source_options: expected classify.ReadOptions": lambda: classify.import_annotations(
            [ROOT / "seeds/annotations.jsonl"], source_options={"text_column": "body"}
        ),
    }
    for message, call in calls.items():
        with pytest.raises(ClassifyError, match=message):
            call()


def test_annotations_matching_no_unit_are_warned_of_in_python(tmp_path):
    """Check 128: build_dataset in Python kept them in its summary only."""
    import classify

    from conftest import ROOT

    rows = [
        json.loads(line)
        for line in (ROOT / "seeds/annotations.jsonl").read_text("utf-8").splitlines()
    ]
    paragraphs = [r for r in rows if r["level"] == "paragraph"]
    typo = {**paragraphs[0], "unit": paragraphs[0]["unit"] + "x"}
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in [*paragraphs[1:], typo]), "utf-8")
    with pytest.warns(UserWarning, match=r"1 annotation matched no unit \(first: "):
        classify.build_dataset([ROOT / "seeds"], tmp_path / "ds", annotations=gold,
                               unit="paragraph", split="random")  # fmt: skip


def test_generators_of_paths_and_none_in_the_readers(tmp_path, labelled_jsonl):  # noqa: F811
    """Check 129: Path.glob failed in predict of a sentence-trained model,
    analyse and suggest ("no inputs given"); None raised a TypeError."""
    import classify
    from classify.errors import ClassifyError

    from conftest import ROOT

    result = classify.train(ROOT / "configs/topic-tfidf.yaml", data=[ROOT / "seeds"],
                            annotations=ROOT / "seeds/annotations.jsonl", cv=2,
                            overrides={"data.unit": "sentence"}, save=False)  # fmt: skip
    model = result.model
    assert model.info["training"]["unit"] == "sentence"
    by_list = classify.predict(model, sorted((ROOT / "seeds").glob("*.txt")))
    assert len(classify.predict(model, (ROOT / "seeds").glob("*.txt"))) == len(by_list) > 0
    table = classify.analyse(model, (ROOT / "seeds").glob("*.txt"), by="year")
    assert len(table) > 0
    out = classify.suggest(model, (ROOT / "seeds").glob("*.txt"), tmp_path / "s.jsonl", n=2)
    assert out is not None
    for call, name in ((lambda: classify.read_articles(None), "sources"),
                       (lambda: classify.build_dataset(None, tmp_path / "d"), "sources"),
                       (lambda: classify.suggest(model, None, tmp_path / "t.jsonl"), "pool")):  # fmt: skip
        with pytest.raises(ClassifyError, match=rf"^{name}: no data given"):
            call()


def test_the_main_job_in_python_warns_of_annotations_it_cannot_use(tmp_path):
    """Check 129: classify.run was silent where the command prints them."""
    import classify

    from conftest import ROOT

    config = tmp_path / "run.yaml"
    config.write_text(f"name: mine\nsources: [{ROOT / 'seeds'}]\n"
                      f"annotations: {ROOT / 'seeds/annotations.jsonl'}\nunit: paragraph\n"
                      f"models: [{ROOT / 'configs/topic-tfidf.yaml'}]\ncv: 2\nout: {tmp_path / 'out'}\n",
                      encoding="utf-8")  # fmt: skip
    with pytest.warns(UserWarning, match=r"label sentence units, not used at this unit level "
                      r"\(pass overrides=\{'unit': 'sentence'\} to use them\)"):  # fmt: skip
        classify.run(config)


def test_names_with_ould_are_names_and_ben_stays_a_given_name():
    """Check 129: `Mohamed ould Merzoug said` had no speaker, and `Mohamed
    Salem ould Merzoug` was cut to `Mohamed Salem`."""
    from classify.quotes import extract_quotes

    said = '"We are ready to build a new relationship with all partners," {} said.'
    assert [q.speaker for q in extract_quotes([said.format("Mohamed Salem ould Merzoug")])] == [
        "Mohamed Salem ould Merzoug"
    ]
    quotes = extract_quotes(["Mauritanian Foreign Minister Mohamed ould Merzoug met the envoy.",
                             said.format("Mohamed")])  # fmt: skip
    assert [q.speaker for q in quotes] == ["Mohamed ould Merzoug"]
    quotes = extract_quotes(["Defence Secretary Ben Wallace met the envoy on Monday.",
                             said.format("Wallace")])  # fmt: skip
    assert [(q.speaker, q.title) for q in quotes] == [("Ben Wallace", "Defence Secretary")]


def test_a_dataset_built_from_a_generator_of_paths_records_them(tmp_path):
    """Check 130: `sources` was [] in dataset.json (the generator had been
    read before it was recorded)."""
    import classify

    from conftest import ROOT

    summary = classify.build_dataset((ROOT / "seeds").glob("*.txt"), tmp_path / "ds",
                                     annotations=ROOT / "seeds/annotations.jsonl",
                                     unit="paragraph", split="random")  # fmt: skip
    written = json.loads((tmp_path / "ds/dataset.json").read_text(encoding="utf-8"))
    assert (
        summary["sources"] == written["sources"] == [str(p) for p in (ROOT / "seeds").glob("*.txt")]
    )


def test_one_annotation_at_another_level_is_it_on_the_command_line(tmp_path, capsys):
    from cli_runner import run_cli

    from conftest import ROOT

    res = run_cli(capsys, "dataset", "build", ROOT / "seeds", "--annotations",
                  ROOT / "seeds/annotations.jsonl", "--unit", "paragraph", "--split", "random",
                  "--out", tmp_path / "ds")  # fmt: skip
    said = " ".join(res.out.split())
    assert (
        "1 annotation labels article units, not used at this unit level (pass --unit article to use it)"
        in said
    )
