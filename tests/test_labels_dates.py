"""Labels (unlabelled vs no label, the task's own field, shipped task files)
and dates (precision kept, never on the earlier side of a cutoff they reach)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml
from cli_runner import run_cli

from classify import api
from classify.api import default_tasks
from classify.data import Examples, load_examples, split_indices
from classify.dates import date_range, parse_date, precision
from classify.errors import ClassifyError
from classify.tables import ReadOptions

from conftest import ROOT

TOPIC, STANCE = sorted(default_tasks(), key=lambda t: t.name, reverse=True)


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


# -- labels ----------------------------------------------------------------------


def test_absent_or_null_is_unlabelled_empty_list_is_no_topic(tmp_path):
    path = _jsonl(
        tmp_path / "d.jsonl",
        [
            {
                "id": "a",
                "text": "Embassy reopened.",
                "topics": ["normalisation"],
                "stance": "favour",
            },
            {"id": "b", "text": "Nothing happened.", "topics": [], "stance": "neutral"},
            {"id": "c", "text": "Assets frozen.", "topics": None, "stance": "against"},
            {"id": "d", "text": "Talks failed.", "stance": None},
        ],
    )
    ex = load_examples([path])
    assert ex.notes["unlabelled_units_skipped"] == 1  # "d": no label for any task
    topics = ex.for_task(TOPIC)
    assert topics.ids == ["a", "b"] and topics.notes["unlabelled"]["topics"] == 2
    assert topics.y(TOPIC).sum(axis=1).tolist() == [1, 0]
    stance = ex.for_task(STANCE)
    assert stance.ids == ["a", "b", "c"]
    with pytest.raises(ClassifyError, match="1 unit has no 'topics' label"):
        ex.y(TOPIC)  # never read as "no topic"


def test_csv_empty_cell_is_none_for_topics_unlabelled_for_stance(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("id,text,topics,stance\na,x,,favour\nb,y,sanctions,\nc,z,,\n")
    ex = load_examples([path])
    # "c" has no label at all: unlabelled for both tasks, not "no topic".
    assert ex.for_task(TOPIC).ids == ["a", "b"]
    assert ex.for_task(TOPIC).y(TOPIC).sum(axis=1).tolist() == [0, 1]
    assert ex.for_task(STANCE).ids == ["a"]


def test_dataset_build_counts_unlabelled_and_keeps_all_classlabels(tmp_path, capsys):
    from datasets import load_from_disk

    path = _jsonl(
        tmp_path / "d.jsonl",
        [
            {
                "id": f"u{i}",
                "text": f"Item {i}.",
                "topics": ["sanctions"],
                "stance": "favour" if i % 2 else None,
            }
            for i in range(6)
        ],
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cwd = os.getcwd()
    os.chdir(elsewhere)  # no configs/ here: task files come from the package
    try:
        r = run_cli(capsys, "dataset", "build", path, "--out", "ds", "--split", "none")
    finally:
        os.chdir(cwd)
    assert r.code == 0, r.err
    assert "3 units are unlabelled for 'stance'" in r.out
    dd = load_from_disk(str(elsewhere / "ds"))
    assert dd["train"].features["stance"].names == ["favour", "against", "neutral"]
    topic_names = dd["train"].features["topics"].feature.names
    assert topic_names == ["normalisation", "sanctions", "human_rights"]
    assert sorted(dd["train"]["stance"]) == [-1, -1, -1, 0, 0, 0]
    summary = json.loads((elsewhere / "ds" / "dataset.json").read_text())
    assert summary["unlabelled"] == {"stance": 3, "topics": 0}
    back = load_examples(elsewhere / "ds")
    assert back.for_task(STANCE).ids == ["u1", "u3", "u5"]


def test_own_task_with_own_field_end_to_end(tmp_path):
    task = tmp_path / "tone.yaml"
    task.write_text(
        yaml.safe_dump(
            {"name": "tone", "kind": "multiclass", "field": "mood", "labels": ["calm", "tense"]}
        )
    )
    config = tmp_path / "tone-tfidf.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "task": "tone.yaml",
                "model": {"family": "tfidf-linear"},
                "data": {"split": {"method": "random", "test_size": 0.3}},
            }
        )
    )
    calm = ["Talks went well and both sides smiled.", "A quiet and friendly meeting."]
    tense = ["Troops massed and threats were exchanged.", "Angry words and new threats."]
    rows = [
        {"id": f"r{i}", "text": t, "mood": m}
        for i, (t, m) in enumerate(
            [(t, "calm") for t in calm * 4] + [(t, "tense") for t in tense * 4]
        )
    ]
    rows.append({"id": "rx", "text": "Unlabelled row.", "mood": None})
    data = _jsonl(tmp_path / "d.jsonl", rows)
    result = api.train(config, data=data, out=tmp_path / "m")
    assert result.model.task.labels == ("calm", "tense")
    assert result.model.info["training"]["unlabelled"] == 1
    # Evaluated on about 30% of the 16 labelled rows ("rx" left out), then
    # refitted on all 16. Each text is there 4 times and its copies are
    # drawn together: one text's 4 copies are the test part (nearer 30% than 8).
    assert result.metrics["evaluation"]["train"] == 12
    assert result.model.info["training"]["n"] == 16


def test_unmatched_annotations_are_printed(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text("Headline\n\nFirst paragraph here.\n\nSecond paragraph here.\n")
    ann = _jsonl(
        tmp_path / "ann.jsonl",
        [
            {"unit": "a:p1", "stance": "favour"},
            {"unit": "a:p2", "stance": "against"},
            {"unit": "a:p9", "stance": "neutral"},
            {"unit": "zzz:p1", "stance": "neutral"},
            {"unit": "a", "level": "article", "stance": "favour"},  # another level: fine
        ],
    )
    r = run_cli(
        capsys,
        "dataset",
        "build",
        art,
        "--annotations",
        ann,
        "--out",
        tmp_path / "ds",
        "--split",
        "none",
    )
    assert r.code == 0, r.err
    assert "2 annotations matched no unit (first: a:p9, zzz:p1)" in r.err


def test_shipped_task_files_match_configs():
    root = Path(__file__).resolve().parents[1]
    for name in ("topic.yaml", "stance.yaml"):
        shipped = root / "classify" / "task_files" / name
        assert shipped.read_text() == (root / "configs" / "tasks" / name).read_text()
    # The rules ship too, so an installed package has them by name.
    for name in ("topic", "stance"):
        shipped = root / "classify" / "task_files" / "rules" / f"{name}.yaml"
        assert shipped.read_text() == (root / "configs" / "rules" / f"{name}.yaml").read_text()


# -- dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,iso",
    [
        ("Sept. 11, 2025", "2025-09-11"),
        ("Sep 3 2024", "2024-09-03"),
        ("11 September 2025", "2025-09-11"),
        ("3 Jan. 2020", "2020-01-03"),
        ("2025-09-11T23:30:00-05:00", "2025-09-11"),
        ("2025-09-11 08:00Z", "2025-09-11"),
        ("2025-09-11", "2025-09-11"),
        ("2017", "2017"),
        ("2017-06", "2017-06"),
        ("June 2017", "2017-06"),
        ("2019/02/28", "2019-02-28"),
    ],
)
def test_dates_are_read_at_their_precision(written, iso):
    assert parse_date(written) == iso


@pytest.mark.parametrize("bad", ["someday", "Sept. 11", "2025-02-30", "13/13/2020"])
def test_unreadable_dates_are_refused(bad):
    with pytest.raises(ClassifyError, match="cannot read date"):
        parse_date(bad)


@pytest.mark.parametrize(
    "written,order,iso",
    [
        ("03/04/2025", "day-first", "2025-04-03"),
        ("03/04/2025", "month-first", "2025-03-04"),
        ("9/11/2025", "month-first", "2025-09-11"),
        ("31.12.2025", "day-first", "2025-12-31"),
        # Dots are day first in every convention that writes them.
        ("15.10.2025", "month-first", "2025-10-15"),
        ("05.10.2025", "month-first", "2025-10-05"),
        ("05.10.2025 14:03", "month-first", "2025-10-05"),
        ("12/31/2025 4:05 PM", "month-first", "2025-12-31"),
        ("Sept. 11, 2025", "month-first", "2025-09-11"),  # words decide
        ("2025/09/11", "month-first", "2025-09-11"),  # year first decides
    ],
)
def test_numeric_dates_are_read_in_one_order(written, order, iso):
    assert parse_date(written, date_order=order) == iso


@pytest.mark.parametrize(
    "written,order,other",
    [("12/31/2025", "day-first", "month-first"), ("31/12/2025", "month-first", "day-first")],
)
def test_a_numeric_date_that_reads_only_the_other_way_is_refused(written, order, other):
    # Read the other way it would make one column mean two things.
    with pytest.raises(
        ClassifyError,
        match=rf"date '{written}' cannot be {order.replace('-', ' ')}.*date_order='{other}'",
    ):
        parse_date(written, date_order=order)


def test_a_date_that_is_no_date_either_way_is_not_blamed_on_the_order():
    with pytest.raises(ClassifyError, match="cannot read date '2/29/2025'") as err:
        parse_date("2/29/2025")  # 2025 has no 29 February, whichever the order
    assert "date_order" not in str(err.value)


def test_a_file_whose_dates_read_only_the_other_way_stops_even_under_skip(tmp_path):
    # Skipping the row would keep the file's ambiguous dates read wrongly.
    path = tmp_path / "us.csv"
    path.write_text(
        "id,date,text,stance\na,4/3/2024,Talks.,favour\nb,12/31/2024,Sanctions.,against\n"
    )
    with pytest.raises(ClassifyError, match="line 3: date '12/31/2024' cannot be day first"):
        load_examples([path], options=ReadOptions(on_error="skip"))


def test_article_date_lines_are_read_in_the_same_order(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks resume\n\nWorld | 3/4/2025\n\nThe envoys met.\n")
    (folder / "b.txt").write_text("Sanctions\n\nWorld | 12/31/2025\n\nAssets were frozen.\n")
    us = load_examples([folder], labelled=False, options=ReadOptions(date_order="month-first"))
    assert sorted(set(us.dates)) == ["2025-03-04", "2025-12-31"]
    with pytest.raises(
        ClassifyError,
        match=r"b.txt: date line 'World \| 12/31/2025': date '12/31/2025' cannot be day first",
    ):
        load_examples([folder], labelled=False, options=ReadOptions(on_error="skip"))


def test_a_us_spreadsheet_is_read_month_first_where_told(tmp_path, capsys):
    path = tmp_path / "us.csv"
    texts = {
        "favour": "Talks resumed.",
        "against": "Sanctions were extended.",
        "neutral": "Envoys met.",
    }
    extra = "".join(
        f"x{i},3/{i + 1}/2024,{t} ({i}),{s}\n" for i, (s, t) in enumerate(texts.items())
    )
    path.write_text(
        "id,date,text,stance\n"
        "a,9/11/2025,Talks resumed.,favour\n"
        "b,12/31/2025,Sanctions were extended.,against\n"
        "c,1/2/2026,Envoys met.,neutral\n" + extra
    )
    r = run_cli(capsys, "dataset", "build", path, "--task", "stance", "--split", "none",
                "--out", tmp_path / "d1")  # fmt: skip
    assert r.code == 1 and "line 3: date '12/31/2025' cannot be day first" in r.err
    assert "pass --date-order month-first" in r.err
    r = run_cli(capsys, "dataset", "build", path, "--task", "stance", "--split", "none",
                "--out", tmp_path / "d2", "--date-order", "month-first")  # fmt: skip
    assert r.code == 0, r.err
    examples = load_examples([path], options=ReadOptions(date_order="month-first"))
    assert examples.dates[:4] == ["2025-09-11", "2025-12-31", "2026-01-02", "2024-03-01"]
    # A model remembers the order; evaluate and predict read new files with it.
    model = tmp_path / "m"
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", path, "--cv", "2",
                "--out", model, "--date-order", "month-first")  # fmt: skip
    assert r.code == 0, r.err
    saved = json.loads((model / "model.json").read_text())
    assert saved["config"]["data"]["date_order"] == "month-first"
    card = " ".join((model / "README.md").read_text().split())
    assert "numeric dates (03/04/2025) | read month first;" in card
    out = tmp_path / "p.jsonl"
    r = run_cli(capsys, "predict", model, path, "--out", out)
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["date"] for row in rows][:4] == [
        "2025-09-11",
        "2025-12-31",
        "2026-01-02",
        "2024-03-01",
    ]
    # A file in the other order is refused, saying the order came from the model.
    eu = tmp_path / "eu.csv"
    eu.write_text("id,date,text\ne1,31/12/2024,Envoys met.\n")
    r = run_cli(capsys, "predict", model, eu, "--out", tmp_path / "eu.jsonl")
    assert r.code == 1 and "date '31/12/2024' cannot be month first" in r.err
    assert "(month-first is the order of the model's training data, which --date-order" in r.err
    assert r.err.count("which --date-order overrides") == 1  # said once (review 36b)
    r = run_cli(capsys, "evaluate", model, eu, "--out", tmp_path / "ev")
    assert r.code == 1 and r.err.count("which --date-order overrides") == 1, r.err
    # A dataset built month first keeps its order, and a model trained on it too.
    assert json.loads((tmp_path / "d2" / "dataset.json").read_text())["date_order"] == "month-first"
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", tmp_path / "d2",
                "--cv", "2", "--out", tmp_path / "m2")  # fmt: skip
    assert r.code == 0, r.err
    saved = json.loads((tmp_path / "m2" / "model.json").read_text())
    assert saved["config"]["data"]["date_order"] == "month-first"
    # An explicit order that contradicts the saved dataset's is refused.
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", tmp_path / "d2",
                "--cv", "2", "--out", tmp_path / "m3", "--date-order", "day-first")  # fmt: skip
    # Named as it was given: the flag, not a config key the user never wrote.
    assert r.code == 1 and "error: --date-order is day-first, but the saved dataset" in r.err
    assert "built reading dates month-first" in r.err and not (tmp_path / "m3").exists()
    # Day first (the default) leaves it out of the saved config, as before.
    saved = api.load_config(ROOT / "configs/stance-tfidf.yaml").to_dict()
    assert "date_order" not in saved["data"]


def test_a_date_column_of_another_name_is_read_where_named_and_kept_by_the_model(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    rows = [
        ("a", "2025-09-11", "Talks resumed.", "favour"),
        ("b", "2025-12-31", "Sanctions were extended.", "against"),
        ("c", "2026-01-02", "Envoys met.", "neutral"),
        ("d", "2024-03-01", "Talks resumed again.", "favour"),
        ("e", "2024-03-02", "Sanctions were widened.", "against"),
        ("f", "2024-03-03", "Envoys met again.", "neutral"),
    ]
    path.write_text("id,Filed on,text,stance\n" + "".join(",".join(r) + "\n" for r in rows))
    r = run_cli(capsys, "dataset", "build", path, "--task", "stance", "--split", "none",
                "--out", tmp_path / "d0")  # fmt: skip
    assert r.code == 0, r.err
    assert "column 'Filed on' holds dates" in r.err and "pass --date-column 'Filed on'" in r.err
    r = run_cli(capsys, "dataset", "build", path, "--task", "stance", "--split", "none",
                "--out", tmp_path / "d1", "--date-column", "Filed on")  # fmt: skip
    assert r.code == 0, r.err
    assert "holds dates" not in r.err
    built = json.loads((tmp_path / "d1" / "dataset.json").read_text())
    assert built["read"]["date_column"] == "Filed on"
    r = run_cli(capsys, "dataset", "build", path, "--task", "stance", "--split", "none",
                "--out", tmp_path / "d2", "--date-column", "filed")  # fmt: skip
    assert r.code == 1 and "no 'filed' column; header found: id, Filed on, text" in r.err
    assert "use --date-column NAME)" in r.err and "--on-error skip" not in r.err
    # train takes the option as data.date_column; the model reads new files
    # of the same kind with it, and files that lack it as without.
    model = tmp_path / "m"
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", path, "--cv", "2",
                "--out", model, "--date-column", "Filed on")  # fmt: skip
    assert r.code == 0, r.err
    saved = json.loads((model / "model.json").read_text())
    assert saved["config"]["data"]["date_column"] == "Filed on"
    card = " ".join((model / "README.md").read_text().split())
    assert "date column | 'Filed on'; evaluate, predict and analyse read it" in card
    out = tmp_path / "p.jsonl"
    r = run_cli(capsys, "predict", model, path, "--out", out)
    assert r.code == 0, r.err
    assert [json.loads(line)["date"] for line in out.read_text().splitlines()][:3] == [
        "2025-09-11",
        "2025-12-31",
        "2026-01-02",
    ]
    other = tmp_path / "other.csv"
    other.write_text("id,date,text\nz,2020-05-06,Envoys met.\n")
    r = run_cli(capsys, "predict", model, other, "--out", tmp_path / "o.jsonl")
    assert r.code == 0, r.err
    assert json.loads((tmp_path / "o.jsonl").read_text())["date"] == "2020-05-06"
    # A saved dataset keeps the column for its model; another one is refused,
    # as the dates were read when it was built.
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", tmp_path / "d1",
                "--cv", "2", "--out", tmp_path / "m2")  # fmt: skip
    assert r.code == 0, r.err
    saved = json.loads((tmp_path / "m2" / "model.json").read_text())
    assert saved["config"]["data"]["date_column"] == "Filed on"
    r = run_cli(capsys, "train", ROOT / "configs/stance-tfidf.yaml", "--data", tmp_path / "d1",
                "--cv", "2", "--out", tmp_path / "m3", "--date-column", "when")  # fmt: skip
    assert r.code == 1 and "error: --date-column is 'when', but the saved dataset" in r.err
    assert "built reading dates from 'Filed on'" in r.err and not (tmp_path / "m3").exists()
    # Written in the config, it is the config's key, with the file named.
    own = tmp_path / "own.yaml"
    shipped = (ROOT / "configs/stance-tfidf.yaml").read_text()
    own.write_text(shipped.replace("\ndata:\n", "\ndata:\n  date_column: when\n", 1))
    r = run_cli(capsys, "train", own, "--data", tmp_path / "d1", "--cv", "2", "--out",
                tmp_path / "m4")  # fmt: skip
    assert r.code == 1 and f"error: {own}: data.date_column is 'when', but" in r.err, r.err
    # In Python, an override (dotted or nested) is named as one, with no file,
    # and the rebuild is build_dataset's read options.
    for overrides in ({"data.date_column": "when"}, {"data": {"date_column": "when"}}):
        with pytest.raises(ClassifyError) as refused:
            api.train(ROOT / "configs/stance-tfidf.yaml", data=tmp_path / "d1", cv=2,
                      overrides=overrides, save=False)  # fmt: skip
        said = str(refused.value)
        assert said.startswith("overrides['data.date_column'] is 'when', but the saved"), said
        assert said.endswith("build_dataset(..., options=ReadOptions(date_column='when'))")
    # The annotation round trip reads the same column: export, label, import
    # against the sources, the gold file keeps the day.
    r = run_cli(capsys, "annotate", "export", path, "--date-column", "Filed on", "--out",
                tmp_path / "e")  # fmt: skip
    assert r.code == 0, r.err
    coded = [json.loads(x) for x in (tmp_path / "e" / "units.jsonl").read_text().splitlines()]
    assert coded[0]["date"] == "2025-09-11"
    for row in coded:
        row["stance"] = "neutral"
    coder = tmp_path / "coder.jsonl"
    coder.write_text("".join(json.dumps(row) + "\n" for row in coded))
    r = run_cli(capsys, "annotate", "import", coder, "--annotator", "a1", "--source", path,
                "--date-column", "Filed on", "--out", tmp_path / "gold.jsonl")  # fmt: skip
    assert r.code == 0, r.err
    gold = [json.loads(x) for x in (tmp_path / "gold.jsonl").read_text().splitlines()]
    assert gold[0]["date"] == "2025-09-11" and "holds dates" not in r.err
    # A name in capitals is quoted in the hint, as any other.
    caps = tmp_path / "caps.csv"
    caps.write_text("id,STORY DATE,text\na,2021-06-06,Talks resumed.\n")
    r = run_cli(capsys, "dataset", "build", caps, "--split", "none", "--out", tmp_path / "d3")
    assert "pass --date-column 'STORY DATE' to read them" in r.err
    # Not set, it stays out of the saved config, as before.
    saved = api.load_config(ROOT / "configs/stance-tfidf.yaml").to_dict()
    assert "date_column" not in saved["data"]


def test_date_ranges_and_precision():
    assert date_range("2016") == (date(2016, 1, 1), date(2016, 12, 31))
    assert date_range("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert [precision(d) for d in ("2016", "2016-02", "2016-02-03")] == ["year", "month", "day"]


def _dated(dates: list[str]) -> Examples:
    n = len(dates)
    ids = [f"i{k}" for k in range(n)]
    return Examples(ids, ids, ids, ids, list(dates), [None] * n)


@pytest.mark.parametrize(
    "cutoff,later",
    [
        ("2017-01-01", {"2017", "2017-06", "2017-08-09"}),
        ("2017", {"2017", "2017-06", "2017-08-09"}),
        ("2017-06-15", {"2017", "2017-06", "2017-08-09"}),  # ranges reach the cutoff
        ("2017-07", {"2017", "2017-08-09"}),
    ],
)
def test_date_split_never_puts_a_reaching_range_early(cutoff, later):
    dates = ["2016-05-02", "2016-11", "2017", "2017-06", "2017-08-09"]
    ex = _dated(dates)
    train, test = split_indices(ex, "date", cutoff=cutoff)
    assert {dates[i] for i in test} == later
    assert {dates[i] for i in train} == set(dates) - later


def test_date_split_without_cutoff_keeps_ranges_whole():
    dates = ["2015-03-01", "2016-01-05", "2016", "2016-12-30", "2017-01-02"]
    train, test = split_indices(_dated(dates), "date", test_size=0.2)
    assert {dates[i] for i in test} == {"2017-01-02"}
    # The latest two start from 2016-12-30; "2016" reaches that day, so it
    # goes to the later side too.
    train, test = split_indices(_dated(dates), "date", test_size=0.4)
    assert {dates[i] for i in test} == {"2016", "2016-12-30", "2017-01-02"}
    assert {dates[i] for i in train} == {"2015-03-01", "2016-01-05"}


def test_year_groups_and_bad_cutoff(tmp_path, capsys):
    assert _dated(["2017", "2017-06", "2016-12-31"]).groups("date") == ["2017", "2017", "2016"]
    path = _jsonl(
        tmp_path / "d.jsonl", [{"id": "a", "text": "x", "stance": "favour", "date": "2017"}]
    )
    r = run_cli(
        capsys,
        "dataset",
        "build",
        path,
        "--out",
        tmp_path / "o",
        "--split",
        "date",
        "--cutoff",
        "next spring",
    )
    assert r.code == 1 and "key 'cutoff'" in r.err and "next spring" in r.err
    assert not (tmp_path / "o").exists()


CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases absent")
def test_handed_partial_dates_case():
    ex = load_examples([CASES / "partial-dates.jsonl"])
    train, test = split_indices(ex, "date", cutoff="2017-01-01")
    assert {ex.dates[i] for i in test} >= {"2017", "2017-06"}
    assert all(ex.dates[i].startswith("2016") for i in train)
