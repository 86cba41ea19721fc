"""Tables read right: CSV/TSV from the stream, JSONL on \\n only, ids as
written, columns by name, row-level errors naming file and line, skipping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

from classify import api
from classify.api import default_tasks
from classify.data import load_examples
from classify.errors import ClassifyError
from classify.tables import ReadOptions, iter_jsonl, iter_table, sniff_delimiter

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"
TOPIC, STANCE = sorted(default_tasks(), key=lambda t: t.name, reverse=True)


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


ROWS = [
    {
        "id": "r1",
        "text": 'Envoys met in Oslo, Norway, on Friday.\n\nThey said: "talks, not threats".\nMore talks follow.',
        "topics": ["normalisation"],
        "stance": "favour",
    },
    {
        "id": "r2",
        "text": "The bloc froze assets.\nOfficials, however, expect more; the list grows.",
        "topics": ["sanctions", "human_rights"],
        "stance": "against",
    },
    {"id": "r3", "text": "Nothing new was agreed.", "topics": [], "stance": "neutral"},
]


def _csv(path: Path, delimiter: str = ",") -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(["id", "text", "topics", "stance"])
        for r in ROWS:
            w.writerow([r["id"], r["text"], ";".join(r["topics"]), r["stance"]])
    return path


@pytest.mark.parametrize("suffix,delimiter", [(".csv", ","), (".csv", ";"), (".tsv", "\t")])
@pytest.mark.parametrize("unit", ["article", "paragraph", "sentence"])
def test_csv_and_tsv_give_the_same_units_as_jsonl(tmp_path, suffix, delimiter, unit):
    table = _csv(tmp_path / f"t{suffix}", delimiter)
    twin = _jsonl(tmp_path / "t.jsonl", ROWS)
    a = load_examples([table], unit=unit, labelled=False)
    b = load_examples([twin], unit=unit, labelled=False)
    assert a.ids == b.ids and a.texts == b.texts
    assert len(load_examples([table], unit="paragraph", labelled=False)) == 4


def test_csv_labels_encode_like_jsonl_labels(tmp_path):
    a = load_examples([_csv(tmp_path / "t.csv")])
    b = load_examples([_jsonl(tmp_path / "t.jsonl", ROWS)])
    for task in (TOPIC, STANCE):
        assert (a.y(task) == b.y(task)).all()
    assert a.y(TOPIC)[2].sum() == 0  # empty cell of a multilabel task: no topic


def test_jsonl_splits_on_newline_only(tmp_path):
    path = tmp_path / "seps.jsonl"
    rows = [
        {"id": "a", "text": "One line\u2028still the same row\u2029and this."},
        {"id": "b", "text": "Next\u0085row\x0bwith\x1cseparators\x1d."},
        {"id": "c", "text": "Third."},
    ]
    path.write_text("\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    got = [(row["id"], where) for row, where in iter_jsonl(path)]
    assert got == [("a", "line 1"), ("b", "line 2"), ("c", "line 3")]
    assert len(load_examples([path], labelled=False)) == 3


def test_ids_are_kept_as_written(tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_text(
        '{"id": 0, "text": "a"}\n{"id": 2.0, "text": "b"}\n{"id": 1e3, "text": "c"}\n'
        '{"id": "007", "text": "d"}\n{"text": "e"}\n',
        "utf-8",
    )
    ex = load_examples([path], labelled=False)
    assert ex.ids == ["0", "2.0", "1e3", "007", "ids-5"]
    csv_path = tmp_path / "ids.csv"
    csv_path.write_text("id,text\n0,a\n2.0,b\n007,c\n", "utf-8")
    assert load_examples([csv_path], labelled=False).ids == ["0", "2.0", "007"]


def test_text_and_id_columns_by_name(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("doc,body,stance\nx1,Talks resumed.,neutral\nx2,Sanctions grew.,against\n")
    with pytest.raises(ClassifyError, match=r"header found: doc, body, stance"):
        load_examples([path])
    ex = load_examples([path], options=ReadOptions(text_column="body", id_column="doc"))
    assert ex.ids == ["x1", "x2"] and ex.texts[0] == "Talks resumed."


def test_delimiter_sniffed_from_header_and_forced():
    assert sniff_delimiter("id;text;stance") == ";"
    assert sniff_delimiter("id|text") == "|"
    assert sniff_delimiter("text") == ","


def test_forced_delimiter(tmp_path):
    path = tmp_path / "pipes.csv"
    path.write_text("id|text\na|Hello, world; again.\n")
    rows = [r for r, _ in iter_table(path, delimiter="|")]
    assert rows == [{"id": "a", "text": "Hello, world; again."}]


def test_row_lines_count_quoted_line_breaks(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text('id,text\na,"one\ntwo\nthree"\nb,four\n')
    assert [w for _, w in iter_table(path)] == ["line 2", "line 5"]


def test_rows_whose_cells_do_not_line_up_with_the_header_are_refused(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "id;text;stance\n"
        "a;Talks resumed.;favour\n"
        'b;"An open quote;against\n'  # csv would run it into c up to c's quote
        'c;"Envoys met.";neutral\n'
        "d;Assets frozen.;against;extra\n"
        "e;Only two\n"
        "f;Trailing cells from a spreadsheet.;neutral;;\n"
        'g;"A quoted ""word"" is fine.";favour\n'
        'h;"Open; and split wrongly;neutral\n'
        "i;The last row.;neutral\n"
    )
    with pytest.raises(ClassifyError, match=r"ragged.csv:line 5: 4 cells where the header has 3"):
        list(iter_table(path))
    options = ReadOptions(on_error="skip")
    rows = {r["id"]: r for r, _ in iter_table(path, options=options)}
    assert list(rows) == ["a", "b", "c", "f", "g", "i"]
    # A quote that does not close is text where the line lines up as written.
    assert rows["b"] == {"id": "b", "text": '"An open quote', "stance": "against"}
    assert rows["c"]["text"] == "Envoys met."
    assert rows["f"] == {
        "id": "f",
        "text": "Trailing cells from a spreadsheet.",
        "stance": "neutral",
    }
    assert rows["g"]["text"] == 'A quoted "word" is fine.'
    reasons = {s.line: s.reason for s in options.skipped}
    assert set(reasons) == {5, 6, 9}
    assert reasons[5].startswith("4 cells where the header has 3 columns (delimiter ';'")
    assert reasons[6].startswith("2 cells where the header has 3 columns")
    assert reasons[9].startswith("a quote does not close where a cell ends")
    assert "gives 4 cells where the header has 3 columns" in reasons[9]
    # In a dataset build the same rows are listed, and none is read as unlabelled.
    out = tmp_path / "ds"
    summary = api.build_dataset([path], out, split="none", options=ReadOptions(on_error="skip"))
    assert summary["n"] == 6
    assert [s["line"] for s in summary["skipped"]] == [5, 6, 9]


def test_an_unquoted_tsv_keeps_its_quotes(tmp_path):
    # News text often opens with a quotation; unquoted TSV (R's write.table
    # with quote=FALSE, database dumps) writes it as it is.
    path = tmp_path / "plain.tsv"
    path.write_text(
        "id\ttext\n"
        'a\t"We will talk," the minister said.\n'
        'b\tQuoted "inside" text.\n'
        'c\t"A whole quoted cell"\n'
    )
    rows = [r for r, _ in iter_table(path)]
    assert [r["text"] for r in rows] == [
        '"We will talk," the minister said.',
        'Quoted "inside" text.',
        "A whole quoted cell",  # a well-formed quoted cell is CSV quoting
    ]


def test_the_streaming_reader_reads_tables_as_the_whole_file_reader(tmp_path):
    from classify.corpus import iter_articles

    path = tmp_path / "export.csv"
    # A spreadsheet export: BOM, CRLF, trailing empty cells, a quoted line break.
    text = (
        "id,text,date,,\r\n"
        'x1,"Talks resumed, he said.\r\nThen more.",2020-01-01,,\r\n'
        "x2,Assets frozen.,2020-02-01,,\r\n"
        "x3,Stray, comma,2020-03-01,,\r\n"
        'x4,"An open quote,2020-04-01,,\r\n'
    )
    path.write_bytes(text.encode("utf-8-sig"))
    whole = [
        (r["id"], r["text"]) for r, _ in iter_table(path, options=ReadOptions(on_error="skip"))
    ]
    options = ReadOptions(on_error="skip")
    streamed = [(a.id, "\n".join(a.paragraphs)) for a in iter_articles([path], options=options)]
    assert [i for i, _ in streamed] == [i for i, _ in whole] == ["x1", "x2", "x4"]
    assert whole[2][1] == '"An open quote'
    assert sorted(s.line for s in options.skipped) == [5]
    # A UTF-16 file (with its BOM) is read without --encoding, as elsewhere.
    utf16 = tmp_path / "u16.tsv"
    utf16.write_text("id\ttext\nq1\tCafé talks.\n", encoding="utf-16")
    assert [a.id for a in iter_articles([utf16], options=ReadOptions())] == ["q1"]
    with pytest.raises(ClassifyError, match=r"export.csv:line 5: 6 cells where the header has 3"):
        list(iter_articles([path], options=ReadOptions()))


def test_when_every_source_is_skipped_each_reason_is_told(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("doc;body\na;Talks resumed.\n")
    with pytest.raises(ClassifyError) as err:
        load_examples([path], labelled=False, options=ReadOptions(on_error="skip"))
    message = str(err.value)
    assert "no readable articles or rows (1 skipped)" in message
    assert f"(1 skipped): {path}:line 1: no 'text' column; header found: doc, body" in message
    # Several files skipped for different reasons: each reason, counted,
    # the most common first.
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("")
    (folder / "c.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(ClassifyError) as err:
        load_examples([folder], labelled=False, options=ReadOptions(on_error="skip"))
    message = str(err.value)
    assert f"(3 skipped): {folder / 'a.txt'}: file is empty (and 1 more alike); " in message
    assert f"{folder / 'c.html'}: no article text found in the page" in message


@pytest.mark.parametrize(
    "row,message",
    [
        (
            {"id": "a", "text": "x", "stance": "maybe"},
            "line 2: unit 'a', column 'stance': label 'maybe' is not in",
        ),
        ({"id": "a", "text": " "}, "line 2: row has no text in column 'text'"),
        ({"id": "a", "text": 12345}, "line 2: column 'text' holds a number (12345), not text"),
        ({"id": "a", "body": "x"}, "line 2: row has no column 'text' (columns: id, body"),
        ({"id": "z", "text": "y"}, "line 2: duplicate id 'z'"),
        ({"id": "a", "text": "x", "date": "someday"}, "line 2: cannot read date 'someday'"),
    ],
)
def test_row_errors_name_file_and_line(tmp_path, row, message):
    path = _jsonl(tmp_path / "bad.jsonl", [{"id": "z", "text": "ok", "stance": "neutral"}, row])
    with pytest.raises(ClassifyError) as err:
        api.build_dataset([path], tmp_path / "out", split="none")
    assert f"{path}:{message}" in str(err.value)


def test_on_error_skip_reports_each_row(tmp_path, capsys):
    path = _jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"id": "a", "text": "Talks resumed.", "stance": "favour"},
            {"id": "b", "text": "Sanctions grew.", "stance": "sideways"},
            {"id": "c", "text": ""},
            {"id": "d", "text": "Envoys met.", "stance": "neutral", "date": "not a date"},
            {"id": "e", "text": "Assets frozen.", "stance": "against"},
        ],
    )
    out = tmp_path / "ds"
    r = run_cli(capsys, "dataset", "build", path, "--out", out, "--split", "none")
    assert r.code == 1 and f"{path}:line 3: row has no text" in r.err
    r = run_cli(
        capsys, "dataset", "build", path, "--out", out, "--split", "none", "--on-error", "skip"
    )
    assert r.code == 0, r.err
    skipped = [json.loads(x) for x in (out / "skipped.jsonl").read_text().splitlines()]
    assert [s["line"] for s in sorted(skipped, key=lambda s: s["line"])] == [2, 3, 4]
    assert all(s["file"] == str(path) for s in skipped)
    assert "3 rows or files skipped" in r.out and "sideways" in r.out
    summary = json.loads((out / "dataset.json").read_text())
    assert summary["n"] == 2 and len(summary["skipped"]) == 3


def test_skip_leaves_out_unreadable_files(tmp_path):
    good = _jsonl(tmp_path / "good.jsonl", [{"id": "a", "text": "x", "stance": "favour"}])
    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,x\n")
    opts = ReadOptions(on_error="skip")
    ex = load_examples([good, bad], options=opts)
    assert ex.ids == ["a"] and opts.skipped[0].file == str(bad)
    assert "header found: id, body" in opts.skipped[0].reason


def test_not_utf8_is_named_or_decoded(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("id,text\na,Bogotá talks resumed.\n".encode("cp1252"))
    with pytest.raises(ClassifyError, match=r"latin\.csv: not UTF-8 text .*ReadOptions\(encoding="):
        load_examples([path], labelled=False)
    ex = load_examples([path], labelled=False, options=ReadOptions(encoding="cp1252"))
    assert ex.texts == ["Bogotá talks resumed."]


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases absent")
def test_handed_table_cases():
    for unit in ("article", "paragraph", "sentence"):
        a = load_examples([CASES / "quoted-newlines.csv"], unit=unit, labelled=False)
        b = load_examples([CASES / "quoted-newlines.twin.jsonl"], unit=unit, labelled=False)
        assert (a.ids, a.texts) == (b.ids, b.texts)
    assert len(load_examples([CASES / "unicode-line-separators.jsonl"], labelled=False)) == 2
    assert load_examples([CASES / "numeric-ids.jsonl"]).ids == ["0", "1", "2.0"]


def _stance_rows(tmp_path: Path) -> Path:
    """Eight labelled rows, enough for a tiny stance model."""
    pairs = [("Embassies reopened.", "favour"), ("Sanctions grew.", "against")] * 4
    rows = [{"id": f"t{i}", "text": t, "stance": s} for i, (t, s) in enumerate(pairs)]
    return _jsonl(tmp_path / "train.jsonl", rows)


def test_predict_reads_columns_by_name(tmp_path, capsys):
    train = _stance_rows(tmp_path)
    model = tmp_path / "m"
    config = Path(__file__).resolve().parents[1] / "configs" / "stance-tfidf.yaml"
    r = run_cli(
        capsys,
        "train",
        config,
        "--data",
        train,
        "--out",
        model,
        "--set",
        "data.split.method=random",
    )
    assert r.code == 0, r.err
    table = tmp_path / "new.tsv"
    table.write_text("doc\tbody\n0\tThe embassies reopened.\n2.0\tSanctions grew again.\n")
    out = tmp_path / "pred.jsonl"
    r = run_cli(capsys, "predict", model, table, "--out", out)
    assert r.code == 1 and "header found: doc, body" in r.err
    r = run_cli(
        capsys,
        "predict",
        model,
        table,
        "--out",
        out,
        "--text-column",
        "body",
        "--id-column",
        "doc",
    )
    assert r.code == 0, r.err
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["0", "2.0"]


def test_an_id_column_named_by_the_user_must_be_there(tmp_path):
    from classify.data import load_examples
    from classify.tables import ReadOptions

    rows = [{"id": "a", "text": "Talks resumed."}, {"id": "b", "text": "Sanctions grew."}]
    path = _jsonl(tmp_path / "items.jsonl", rows)
    with pytest.raises(
        ClassifyError, match=r"line 1: row has no id column 'doc' \(columns: id, text"
    ):
        load_examples([path], labelled=False, options=ReadOptions(id_column="doc"))
    csv_path = tmp_path / "items.csv"
    csv_path.write_text("id,text\na,Talks resumed.\n")
    with pytest.raises(
        ClassifyError,
        match=r"no 'doc' column; header found: id, text \(delimiter ','; "
        r"use options=ReadOptions\(id_column=NAME\)\)$",
    ):
        load_examples([csv_path], labelled=False, options=ReadOptions(id_column="doc"))
    # The default id column may be absent: ids are then made from the file and line.
    plain = _jsonl(tmp_path / "plain.jsonl", [{"text": "Talks resumed."}])
    assert list(load_examples([plain], labelled=False).ids) == ["plain-1"]


def test_grouping_and_date_splits_that_cannot_work_say_why(tmp_path):
    from classify.data import load_examples, split_indices

    rows = [
        {"id": f"u{i}", "text": f"Talks number {i}.", "date": f"201{i}-01-01", "stance": "neutral"}
        for i in range(4)
    ]
    examples = load_examples(_jsonl(tmp_path / "items.jsonl", rows))
    with pytest.raises(ClassifyError, match=r"grouping by source needs the outlet .* none has one"):
        examples.groups("source")
    with pytest.raises(
        ClassifyError,
        match=r"split 'date' at cutoff 2099 leaves the test side empty \(the units are dated "
        r"2010-01-01 to 2013-01-01",
    ):
        split_indices(examples, "date", cutoff="2099")
    with pytest.raises(ClassifyError, match=r"test_size=2.*above 0 and below 1"):
        split_indices(examples, "random", test_size=2)


def test_new_data_need_not_carry_the_models_training_id_column(tmp_path):
    from classify import api

    rows = [
        {"key": f"t{i}", "text": t, "stance": s}
        for i, (t, s) in enumerate(
            [("Embassies reopened.", "favour"), ("Sanctions grew.", "against")] * 4
        )
    ]
    train = _jsonl(tmp_path / "train.jsonl", rows)
    config = Path(__file__).resolve().parents[1] / "configs" / "stance-tfidf.yaml"
    overrides = {"data.id_column": "key", "data.split.method": "random"}
    api.train(config, data=train, out=tmp_path / "m", overrides=overrides)
    new = _jsonl(tmp_path / "new.jsonl", [{"text": "The embassy reopened."}])
    out = tmp_path / "pred.jsonl"
    api.predict(tmp_path / "m", [new], out=out)
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["new-1"]


def test_list_cells_as_pandas_and_json_write_them(tmp_path):
    # A list column written to CSV by pandas, or as JSON, is read as the list.
    path = tmp_path / "lists.csv"
    path.write_text(
        "id,text,topics\n"
        "a,Talks resumed.,\"['normalisation', 'sanctions']\"\n"
        'b,Rights groups spoke.,"[""human_rights""]"\n'
        "c,Football.,[]\n"
        "d,Both.,normalisation;sanctions\n"
    )
    examples = load_examples([path])
    topic = next(t for t in default_tasks() if t.field == "topics")
    y = examples.y(topic)
    assert topic.decode(y) == [
        ["normalisation", "sanctions"],
        ["human_rights"],
        [],
        ["normalisation", "sanctions"],
    ]
    # A single-label cell written as a one-item list is that label.
    stance = tmp_path / "stance.csv"
    stance.write_text("id,text,stance\na,Talks.,\"['favour']\"\nb,Sanctions.,against\n")
    task = next(t for t in default_tasks() if t.field == "stance")
    assert task.decode(load_examples([stance]).y(task)) == ["favour", "against"]


def test_a_value_in_an_unnamed_column_is_named(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("id,text,stance,,\na,Talks.,favour,my note,\nb,Sanctions.,against,,\n")
    with pytest.raises(
        ClassifyError,
        match=r"line 2: a value in column 4, which the header leaves unnamed \('my note'\)",
    ):
        list(iter_table(path))


def test_a_table_with_a_header_only_is_named(tmp_path):
    from classify.corpus import iter_articles

    path = tmp_path / "header.csv"
    path.write_text("id,text\n")
    for read in (
        lambda: load_examples([path], labelled=False),
        lambda: list(iter_articles([path])),
    ):
        with pytest.raises(
            ClassifyError,
            match=rf"{path}: no rows below the header",
        ):
            read()


def _parquet(path: Path, rows: list[dict]) -> Path:
    import pandas as pd

    frame = pd.DataFrame(rows)
    frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("unit", ["article", "paragraph", "sentence"])
def test_parquet_gives_the_same_units_and_labels_as_jsonl(tmp_path, unit):
    # A corpus kept as Parquet (pandas, a database export): read as its JSONL
    # twin, lists as lists, on every path that reads data (review 25b).
    table = _parquet(tmp_path / "t.parquet", ROWS)
    twin = _jsonl(tmp_path / "t.jsonl", ROWS)
    a = load_examples([table], unit=unit)
    b = load_examples([twin], unit=unit)
    assert a.ids == b.ids and a.texts == b.texts
    for task in (TOPIC, STANCE):
        assert (a.y(task) == b.y(task)).all()


def test_the_streaming_reader_reads_parquet_dates_ids_and_gaps(tmp_path):
    import pandas as pd

    from classify.corpus import count_articles, iter_articles

    frame = pd.DataFrame(
        {
            "ID": [7, 8, 9],
            "Text": ["Talks resumed.", "Assets were frozen.", "Envoys met."],
            "date": pd.to_datetime(["2020-01-05", "2020-02-01 14:30", None], format="ISO8601"),
            "source": ["Herald", None, "Post"],
        }
    )
    path = tmp_path / "corpus.parquet"
    frame.to_parquet(path, index=False)
    articles = list(iter_articles([path], options=ReadOptions(id_column="ID", text_column="Text")))
    assert [a.id for a in articles] == ["7", "8", "9"]
    assert [a.date for a in articles] == ["2020-01-05", "2020-02-01", None]
    assert [a.source for a in articles] == ["Herald", None, "Post"]
    assert all(a.path.endswith(f"corpus.parquet:row {i}") for i, a in enumerate(articles, 1))
    assert count_articles([path]) == 3
    with pytest.raises(ClassifyError, match=r"no 'body' column; columns found: ID, Text"):
        list(iter_articles([path], options=ReadOptions(text_column="body")))
    # Skipped rows are named by their row (review 25d: "line": null).
    frame.loc[1, "Text"] = None
    frame.to_parquet(path, index=False)
    options = ReadOptions(id_column="ID", text_column="Text", on_error="skip")
    assert [a.id for a in iter_articles([path], options=options)] == ["7", "9"]
    assert [s.to_dict() for s in options.skipped] == [
        {"file": str(path), "line": None, "reason": "row has no text in column 'Text'", "row": 2}
    ]
    fake = tmp_path / "not.parquet"
    fake.write_text("id,text\n1,a\n")
    with pytest.raises(ClassifyError, match=r"not.parquet: not a readable Parquet file"):
        list(iter_articles([fake], options=ReadOptions()))


def test_predict_reads_a_parquet_corpus_and_its_own_parquet_output(tmp_path, capsys):
    table = _parquet(tmp_path / "corpus.parquet", ROWS)
    twin = _jsonl(tmp_path / "corpus.jsonl", ROWS)
    train = _stance_rows(tmp_path)
    model = tmp_path / "m"
    r = run_cli(capsys, "train", Path(__file__).resolve().parents[1] / "configs/stance-tfidf.yaml",
                "--data", train, "--out", model, "--set", "data.split.method=random")  # fmt: skip
    assert r.code == 0, r.err
    outs = {}
    for name, source in (("pq", table), ("jl", twin)):
        r = run_cli(capsys, "predict", model, source, "--out", tmp_path / f"{name}.jsonl")
        assert r.code == 0, r.err
        outs[name] = [json.loads(x) for x in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
    assert outs["pq"] == outs["jl"]
    r = run_cli(capsys, "predict", model, table, "--out", tmp_path / "p.parquet")
    assert r.code == 0, r.err
    r = run_cli(capsys, "predict", model, tmp_path / "p.parquet", "--out", tmp_path / "again.jsonl")
    assert r.code == 0, r.err
    again = [json.loads(x) for x in (tmp_path / "again.jsonl").read_text().splitlines()]
    assert [x["stance"] for x in again] == [x["stance"] for x in outs["jl"]]


def test_empty_and_header_only_tables_are_listed_under_skip_and_nul_rows_refused(tmp_path):
    """review 28c: an empty CSV stopped a run under on_error: skip, a
    header-only CSV or empty JSONL among other files was left out without
    a word, and a NUL byte in a CSV cell was kept in the text."""
    from classify.corpus import iter_articles

    good = tmp_path / "good.csv"
    good.write_text("id,text\ng1,Officials met in Minsk.\ng2,Talks re\x00sumed.\n")
    empty, header, blank = tmp_path / "empty.csv", tmp_path / "header.csv", tmp_path / "e.jsonl"
    empty.write_text("")
    header.write_text("id,text\n")
    blank.write_text("\n")
    for read in (
        lambda files, o: load_examples(files, labelled=False, options=o).ids,
        lambda files, o: [a.id for a in iter_articles(files, options=o)],
    ):
        options = ReadOptions(on_error="skip")
        assert read([empty, header, blank, good], options) == ["g1"]
        assert [(Path(s.file).name, s.reason) for s in options.skipped] == [
            ("empty.csv", "file is empty"),
            ("header.csv", "no rows below the header"),
            ("e.jsonl", "file is empty"),
            ("good.csv", "column 'text' holds NUL bytes (binary or corrupt data, not text)"),
        ]
        with pytest.raises(ClassifyError, match=r"good.csv:line 3: column 'text' holds NUL"):
            read([good], ReadOptions())
