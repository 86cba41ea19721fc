"""Reviewer findings on the data and annotation workflow: default units per
source kind, options of evaluate/train, what train prints, unlabelled vs no
label, annotator files checked and read as saved. Inputs are our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli
from corpus_fixtures import two_articles

from classify.data import load_examples

ROOT = Path(__file__).resolve().parent.parent
STANCE = ROOT / "configs" / "stance-tfidf.yaml"

_TEMPLATES = [
    ("Both governments agree to reopen embassies in {c} and restore ties.", "favour"),
    ("New sanctions and an asset freeze hit officials of {c}.", "against"),
    ("The weather in {c} was mild for the season.", "neutral"),
]
_PLACES = ["Lima", "Quito", "Oslo", "Riga", "Baku", "Doha", "Suva", "Bern", "Rome", "Kyiv"]


def _rows(n: int = 30) -> list[dict]:
    return [
        {
            "id": f"r{i:02d}",
            "text": _TEMPLATES[i % 3][0].format(c=_PLACES[i % len(_PLACES)]) + f" Item {i}.",
            "stance": _TEMPLATES[i % 3][1],
            "date": f"2020-0{1 + i % 9}-1{i % 9}",
        }
        for i in range(n)
    ]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _table(path: Path) -> Path:
    path.write_text(
        'id,text\n007,"Envoys agreed to restore ties."\n0,"Sanctions were widened."\n'
        '12.0,"Rain fell all day."\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory) -> Path:
    """A tf-idf stance model trained on :func:`_rows`."""
    import classify

    tmp = tmp_path_factory.mktemp("stance")
    return classify.train(
        STANCE,
        data=_jsonl(tmp / "t.jsonl", _rows()),
        out=tmp / "m",
        overrides={"data.split.method": "random"},
    ).path


# -- 7: table rows stay units beside articles ---------------------------------------


def test_table_rows_are_units_besidetwo_articles(tmp_path):
    ex = load_examples(
        [_table(tmp_path / "q.csv"), two_articles(tmp_path / "arts")], labelled=False
    )
    ids = [u for u in ex.ids]
    assert ids[:3] == ["007", "0", "12.0"]
    assert ids[3:] == ["a1:p1", "a1:p2", "a2:p1", "a2:p2"]
    assert ex.notes["unit"] == "row+paragraph"


def test_asked_level_applies_to_every_source(tmp_path):
    ex = load_examples(
        [_table(tmp_path / "q.csv"), two_articles(tmp_path / "arts")],
        unit="paragraph",
        labelled=False,
    )
    assert ex.ids[:3] == ["007:p1", "0:p1", "12.0:p1"]
    ex = load_examples(
        [two_articles(tmp_path / "arts"), _table(tmp_path / "q.csv")],
        unit="article",
        labelled=False,
    )
    assert ex.ids == ["a1", "a2", "007", "0", "12.0"]


def test_annotations_for_table_rows_match_besidetwo_articles(tmp_path):
    ann = _jsonl(
        tmp_path / "ann.jsonl",
        [{"unit": "007", "stance": "favour"}, {"unit": "a1:p2", "stance": "against"}],
    )
    ex = load_examples(
        [_table(tmp_path / "q.csv"), two_articles(tmp_path / "arts")],
        annotations=ann,
        label_fields=("stance",),
    )
    assert ex.notes["unmatched_annotations"] == 0
    assert sorted(ex.ids) == ["007", "a1:p2"]


def test_cli_predict_on_table_and_articles_keeps_row_ids(capsys, tmp_path):
    data = _jsonl(tmp_path / "train.jsonl", _rows())
    model = tmp_path / "m"
    r = run_cli(
        capsys, "train", STANCE, "--data", data, "--out", model, "--set", "data.split.method=random"
    )
    assert r.code == 0, r.err
    out = tmp_path / "pred.jsonl"
    r = run_cli(
        capsys,
        "predict",
        model,
        _table(tmp_path / "q.csv"),
        two_articles(tmp_path / "arts"),
        "--out",
        out,
    )
    assert r.code == 0, r.err
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids[:3] == ["007", "0", "12.0"] and ids[3] == "a1:p1"


# -- 8/9: evaluate and train read tables like dataset build, and say what they left out


def _semicolon_csv(path: Path, rows: list[dict], *, bad_row: bool = False) -> Path:
    lines = ["key;body;stance"]
    lines += [f"{r['id']};{r['text']};{r['stance']}" for r in rows]
    if bad_row:
        lines.append("bad1;Envoys met again in Quito.;furious")
    lines.append("nolab;Officials met in Oslo.;")
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    return path


_READ_FLAGS = (
    "--text-column",
    "body",
    "--id-column",
    "key",
    "--delimiter",
    ";",
    "--encoding",
    "cp1252",
)


def test_train_and_evaluate_take_the_read_options(capsys, tmp_path):
    rows = _rows()
    for r in rows:
        r["text"] += " Café."  # not UTF-8 once written as cp1252
    data = _semicolon_csv(tmp_path / "d.csv", rows, bad_row=True)
    model = tmp_path / "m"
    r = run_cli(
        capsys,
        "train",
        STANCE,
        "--data",
        data,
        "--out",
        model,
        "--set",
        "data.split.method=random",
        *_READ_FLAGS,
        "--on-error",
        "skip",
    )
    assert r.code == 0, r.err
    assert "skipped" in r.out and "line 32" in r.out and "furious" in r.out
    assert "1 unit is unlabelled for 'stance'" in r.out
    info = json.loads((model / "model.json").read_text())
    assert info["config"]["data"]["text_column"] == "body"
    assert (model / "skipped.jsonl").is_file()

    out = tmp_path / "ev"
    r = run_cli(capsys, "evaluate", model, data, "--out", out, *_READ_FLAGS, "--on-error", "skip")
    assert r.code == 0, r.err
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n"] == 30 and len(metrics["skipped"]) == 1
    assert "1 unit is unlabelled for 'stance'" in r.out and "furious" in r.out
    assert (out / "skipped.jsonl").is_file()


def test_python_evaluate_takes_read_options(tmp_path, stance_model):
    import classify
    from classify.tables import ReadOptions

    csv = _semicolon_csv(tmp_path / "d.csv", _rows(12))
    opts = ReadOptions(text_column="body", id_column="key", delimiter=";", encoding="cp1252")
    metrics = classify.evaluate(stance_model, csv, options=opts)
    assert metrics["n"] == 12 and metrics["data_notes"]["unlabelled"] == {"stance": 1}


@pytest.mark.parametrize(
    "command,expect,absent",
    [
        (["evaluate", "{model}", "{data}"], "--encoding cp1252", "data.encoding"),
        (
            ["train", str(STANCE), "--data", "{data}", "--out", "{out}"],
            "--encoding cp1252",
            "ReadOptions",
        ),
        (["predict", "{model}", "{data}"], "--encoding cp1252", "ReadOptions"),
        (["annotate", "export", "{data}", "--out", "{out}"], "--encoding cp1252", "ReadOptions"),
        (
            ["annotate", "audit", "{data}", "--config", str(STANCE)],
            "--set data.encoding=cp1252",
            "--encoding",
        ),
        # agreement takes --encoding too (it once advised saving as UTF-8 alone).
        (["annotate", "agreement", "{data}", "{other}"], "--encoding cp1252", "ReadOptions"),
    ],
)
def test_encoding_hint_names_an_option_the_command_has(
    capsys, tmp_path, stance_model, command, expect, absent
):
    model = stance_model
    data = tmp_path / "latin.jsonl"
    data.write_bytes(
        b'{"id": "a", "text": "Caf\\u00e9 talks", "stance": "favour"}\n'.replace(
            b"\\u00e9", "é".encode("latin-1")
        )
    )
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "a", "text": "Talks", "stance": "favour"}\n', encoding="utf-8")
    args = [a.format(model=model, data=data, other=other, out=tmp_path / "o") for a in command]
    r = run_cli(capsys, *args)
    assert r.code == 1 and expect in r.err and absent not in r.err, r.err


def test_header_hint_names_options_the_command_has(capsys, tmp_path, stance_model):
    data = tmp_path / "d.csv"
    data.write_text("key;body;stance\nk1;Talks began.;favour\n", encoding="utf-8")
    r = run_cli(capsys, "annotate", "export", data, "--out", tmp_path / "o")
    assert r.code == 1 and "header found: key;body;stance" not in r.err
    # annotate export takes the read options since review 27a.
    assert "header found: key, body, stance" in r.err and "--text-column" in r.err
    # audit reads with its config's keys: the hint names --set (review 27d).
    r = run_cli(capsys, "annotate", "audit", data, "--config", STANCE)
    assert r.code == 1 and "header found: key, body, stance" in r.err
    assert "--text-column" not in r.err and "--set data.text_column=" in r.err
    model = stance_model
    r = run_cli(capsys, "evaluate", model, data, "--delimiter", ",")
    assert r.code == 1 and "use --text-column or --delimiter)" in r.err, r.err
    r = run_cli(
        capsys, "train", STANCE, "--data", data, "--out", tmp_path / "m2", "--delimiter", ","
    )
    assert r.code == 1 and "use --text-column or --delimiter)" in r.err, r.err


# -- 10: a row with no label at all is unlabelled, everywhere -----------------------


def _gold_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("unit,topics,stance\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_gold_csv_row_without_any_label_is_unlabelled(tmp_path):
    arts = two_articles(tmp_path / "arts")
    gold = _gold_csv(
        tmp_path / "gold.csv",
        ["a1:p1,,", "a1:p2,,favour", "a2:p1,sanctions,", "a2:p2,[],against"],
    )
    ex = load_examples([arts], annotations=gold, labelled=False)
    labels = dict(zip(ex.ids, zip(ex.labels["topics"], ex.labels["stance"])))
    assert labels["a1:p1"] == (None, None)
    assert labels["a1:p2"] == ("", "favour")  # empty topic cell beside a stance: no topic
    assert labels["a2:p1"] == ("sanctions", "")  # "" stance: unlabelled for stance
    assert labels["a2:p2"] == ("[]", "against")
    from classify.api import default_tasks

    topic, stance = sorted(default_tasks(), key=lambda t: t.name != "topic")
    assert [topic.is_unlabelled(v) for v, _ in labels.values()] == [True, False, False, False]
    assert [stance.is_unlabelled(v) for _, v in labels.values()] == [True, False, True, False]
    assert topic.encode(["", "[]"]).sum() == 0


def test_data_table_row_without_any_label_is_unlabelled_for_both(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "id,text,topics,stance\nx1,Talks.,,\nx2,Sanctions.,sanctions,\nx3,Calm.,,neutral\n",
        encoding="utf-8",
    )
    ex = load_examples([path], labelled=False)
    assert ex.labels["topics"] == [None, "sanctions", ""]
    assert ex.labels["stance"] == [None, "", "neutral"]


def test_import_uses_the_same_rule(tmp_path):
    from classify.annotation import import_annotations

    gold = _gold_csv(tmp_path / "g.csv", ["a1:p1,,", "a1:p2,,favour", "a2:p1,sanctions,"])
    jsonl = _jsonl(
        tmp_path / "g.jsonl",
        [
            {"unit": "a2:p2", "topics": "", "stance": ""},
            {"unit": "a2:p1", "stance": ""},
            {"unit": "a1:p1", "topics": [], "stance": "against"},
        ],
    )
    res = import_annotations([gold, jsonl], annotator="ann1")
    got = sorted((r.unit, json.dumps(r.values, sort_keys=True)) for r in res.records)
    assert got == [
        ("a1:p1", '{"stance": "against", "topics": []}'),
        ("a1:p2", '{"stance": "favour", "topics": []}'),
        ("a2:p1", '{"topics": ["sanctions"]}'),
    ]
    assert res.unlabelled == 3


def test_audit_leaves_unlabelled_units_out_and_counts_them(capsys, tmp_path):
    rows = _rows(36)
    for r in rows[:3]:
        r["stance"] = ""
    rows[3]["stance"] = None
    data = _jsonl(tmp_path / "miss.jsonl", rows)
    r = run_cli(capsys, "annotate", "audit", data, "--config", STANCE, "--folds", "3")
    assert r.code == 0, r.err
    assert "4 units are unlabelled for 'stance'" in r.out
    assert "for_task" not in r.out + r.err


# -- 11-13: annotator files checked against the source, one label each, read as saved


def _import(capsys, *args):
    return run_cli(capsys, "annotate", "import", *map(str, args))


def test_import_refuses_a_text_that_differs_from_the_source(capsys, tmp_path):
    arts = two_articles(tmp_path / "arts")
    f = tmp_path / "ann.jsonl"
    _jsonl(
        f,
        [
            {"unit": "a1:p1", "text": "Envoys met in  Lima\nto restore ties.", "stance": "favour"},
            {"unit": "a2:p1", "text": "Envoys met in Lima to restore ties.", "stance": "favour"},
            {"unit": "a1:p2", "stance": "against"},
        ],
    )
    r = _import(capsys, f, "--annotator", "ann1", "--source", arts, "--out", tmp_path / "o.jsonl")
    assert r.code == 1 and "line 2: text of unit 'a2:p1' differs from the source's" in r.err
    r = _import(
        capsys,
        f,
        "--annotator",
        "ann1",
        "--source",
        arts,
        "--out",
        tmp_path / "o.jsonl",
        "--skip-bad",
    )
    assert r.code == 0, r.err
    rows = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert [x["unit"] for x in rows] == ["a1:p1", "a1:p2"]
    assert rows[0]["text"] == "Envoys met in Lima to restore ties."


def _label_studio(
    path: Path, people: list[int], text: str = "Envoys met in Lima to restore ties."
) -> Path:
    tasks = [
        {
            "id": 1,
            "data": {"unit": "a1:p1", "text": text},
            "annotations": [
                {
                    "completed_by": who,
                    "updated_at": f"2024-01-0{k + 1}T10:00:00Z",
                    "result": [
                        {"from_name": "stance", "type": "choices", "value": {"choices": [label]}}
                    ],
                }
                for k, (who, label) in enumerate(zip(people, ["favour", "against", "neutral"]))
            ],
        }
    ]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return path


def test_import_label_studio_text_checked_against_source(tmp_path):
    from classify.annotation import import_annotations

    arts = two_articles(tmp_path / "arts")
    ls = _label_studio(tmp_path / "ls.json", [1], text="Envoys met in Quito to restore ties.")
    res = import_annotations([ls], sources=[arts])
    assert not res.records and "differs from the source's" in res.problems[0]


def test_one_label_per_annotator_and_unit(capsys, tmp_path):
    f = tmp_path / "dup.csv"
    f.write_text("unit,stance\na1:p1,favour\na1:p2,neutral\na1:p1,against\n", encoding="utf-8")
    r = _import(capsys, f, "--annotator", "ann1", "--out", tmp_path / "o.jsonl")
    assert r.code == 1
    assert "dup.csv:line 4: unit 'a1:p1' has a second 'stance' label from annotator 'ann1'" in r.err
    assert "first at " + str(f) + ":line 2" in r.err


def test_same_annotator_in_two_files_is_a_duplicate(tmp_path):
    from classify.annotation import import_annotations

    a = _jsonl(tmp_path / "a.jsonl", [{"unit": "a1:p1", "stance": "favour"}])
    b = _jsonl(tmp_path / "b.jsonl", [{"unit": "a1:p1", "stance": "against"}])
    res = import_annotations([a, b], annotator="ann1")
    assert len(res.records) == 1 and "a.jsonl:line 1" in res.problems[0]
    res = import_annotations([a, b])  # annotators from the file names: distinct
    assert len(res.records) == 2 and not res.problems


def test_agreement_refuses_a_duplicate(capsys, tmp_path):
    a = _jsonl(
        tmp_path / "a.jsonl",
        [
            {"unit": "a1:p1", "stance": "favour", "annotator": "x"},
            {"unit": "a1:p1", "stance": "against", "annotator": "x"},
        ],
    )
    b = _jsonl(tmp_path / "b.jsonl", [{"unit": "a1:p1", "stance": "favour", "annotator": "y"}])
    r = run_cli(capsys, "annotate", "agreement", a, b, "--out", tmp_path / "ag")
    assert r.code == 1 and "'stance' label from annotator 'x'" in r.err


def test_dataset_build_refuses_a_unit_labelled_twice(tmp_path):
    from classify.errors import ClassifyError

    arts = two_articles(tmp_path / "arts")
    gold = _gold_csv(tmp_path / "g.csv", ["a1:p1,,favour", "a1:p2,,neutral", "a1:p1,,against"])
    with pytest.raises(
        ClassifyError,
        match=r"g\.csv:line 4: unit 'a1:p1' has a second 'topics' and 'stance' label \(first at line 2\)",
    ):
        load_examples([arts], annotations=gold)


def test_label_studio_with_two_annotators_is_split_not_merged(capsys, tmp_path):
    from classify.annotation import import_annotations

    ls = _label_studio(tmp_path / "ls.json", [1, 2])
    r = _import(capsys, ls, "--annotator", "ann1", "--out", tmp_path / "o.jsonl")
    assert r.code == 1 and "annotations by 2 annotators (1, 2)" in r.err
    res = import_annotations([ls])
    assert sorted(x.annotator for x in res.records) == ["label-studio-1", "label-studio-2"]
    same = _label_studio(tmp_path / "same.json", [3, 3])
    # One annotator's two timed labels: they changed their mind, and the
    # later label stands (review 75); only the stance differs.
    with pytest.warns(UserWarning, match="labelled twice by one annotator"):
        res = import_annotations([same])
    assert len(res.records) == 1 and res.records[0].values["stance"] == "against"
    assert not res.problems and "('stance')" in res.relabelled[0]


def test_label_studio_json_min_and_csv_exports(tmp_path):
    from classify.annotation import import_annotations

    rows = [
        {
            "id": 7,
            "unit": "a1:p1",
            "text": "Envoys met in Lima to restore ties.",
            "topics": {"choices": ["sanctions", "human_rights"]},
            "stance": "against",
            "annotator": 4,
            "annotation_id": 11,
            "lead_time": 3.2,
        },
        {
            "id": 8,
            "unit": "a1:p2",
            "topics": {"choices": []},
            "stance": "neutral",
            "annotator": 4,
            "annotation_id": 12,
            "lead_time": 1.0,
        },
    ]
    j = tmp_path / "min.json"
    j.write_text(json.dumps(rows), encoding="utf-8")
    c = tmp_path / "export.csv"
    c.write_text(
        "annotation_id,annotator,id,lead_time,stance,text,topics,unit\n"
        '11,5,7,3.2,against,Envoys met in Lima to restore ties.,"{""choices"": [""sanctions"", ""human_rights""]}",a1:p1\n'
        '12,5,8,1.0,favour,,"{""choices"": [""human_rights""]}",a2:p2\n',
        encoding="utf-8",
    )
    res = import_annotations([j, c], sources=[two_articles(tmp_path / "arts")])
    assert not res.problems, res.problems
    got = sorted((x.annotator, x.unit, json.dumps(x.values, sort_keys=True)) for x in res.records)
    assert got == [
        (
            "label-studio-4",
            "a1:p1",
            '{"stance": "against", "topics": ["sanctions", "human_rights"]}',
        ),
        ("label-studio-4", "a1:p2", '{"stance": "neutral", "topics": []}'),
        (
            "label-studio-5",
            "a1:p1",
            '{"stance": "against", "topics": ["sanctions", "human_rights"]}',
        ),
        ("label-studio-5", "a2:p2", '{"stance": "favour", "topics": ["human_rights"]}'),
    ]


@pytest.mark.parametrize("sep,suffix", [(";", ".csv"), ("\t", ".tsv"), ("|", ".csv")])
def test_import_csv_with_other_delimiters(tmp_path, sep, suffix):
    from classify.annotation import import_annotations

    f = tmp_path / f"ann{suffix}"
    f.write_text(
        sep.join(["unit", "topics", "stance"])
        + "\n"
        + sep.join(["a1:p1", "sanctions", "favour"])
        + "\n",
        encoding="utf-8",
    )
    res = import_annotations([f], annotator="ann1")
    assert [(x.unit, x.values) for x in res.records] == [
        ("a1:p1", {"topics": ["sanctions"], "stance": "favour"})
    ]


def test_import_csv_without_unit_column_shows_the_header(capsys, tmp_path):
    f = tmp_path / "ann.csv"
    f.write_text("item;stance\na1:p1;favour\n", encoding="utf-8")
    r = _import(capsys, f, "--out", tmp_path / "o.jsonl")
    assert r.code == 1 and "header found: item, stance" in r.err


def test_doccano_rows_matched_by_text(tmp_path):
    from classify.annotation import import_annotations

    arts = two_articles(tmp_path / "arts")
    f = _jsonl(
        tmp_path / "doccano.jsonl",
        [
            {"id": 1, "text": "Envoys met in  Quito to restore ties.", "label": ["stance:favour"]},
            {"id": 2, "text": "Sanctions stay in place.", "label": ["stance:against"]},
            {"id": 3, "text": "Nothing like this.", "label": ["stance:neutral"]},
        ],
    )
    res = import_annotations([f], annotator="ann1", sources=[arts])
    assert [x.unit for x in res.records] == ["a2:p1"]
    assert "matches 2 units" in res.problems[0] and "matches no unit" in res.problems[1]
    res = import_annotations([f], annotator="ann1")
    assert "pass sources=PATH to match it by its text" in res.problems[0]


def test_import_reads_another_encoding(capsys, tmp_path):
    f = tmp_path / "ann.csv"
    f.write_bytes("unit,stance,note\na1:p1,favour,café\n".encode("cp1252"))
    r = _import(capsys, f, "--annotator", "ann1", "--out", tmp_path / "o.jsonl")
    assert r.code == 1 and "pass --encoding cp1252" in r.err
    r = _import(
        capsys, f, "--annotator", "ann1", "--out", tmp_path / "o.jsonl", "--encoding", "cp1252"
    )
    assert r.code == 0, r.err
    assert json.loads((tmp_path / "o.jsonl").read_text())["note"] == "café"


# -- 14: the README's notebook section runs as written -------------------------------


def test_readme_notebook_section_runs_as_written(tmp_path, monkeypatch):
    import re
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In a notebook", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks
    for name in ("seeds", "configs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    import warnings

    from classify.api import TrainingOverlapWarning

    for block in blocks:
        # The examples evaluate on data the model has not seen (review 24b:
        # a refit model scored on its own training units said nothing useful).
        with warnings.catch_warnings():
            warnings.simplefilter("error", TrainingOverlapWarning)
            exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "models" / "seed-stance" / "model.json").is_file()
    assert (tmp_path / "data" / "seed" / "dataset.json").is_file()
    # The second model differs from the first in C, as its comment says.
    first = json.loads((tmp_path / "models" / "seed-stance" / "model.json").read_text())
    second = json.loads((tmp_path / "models" / "seed-stance-c1" / "model.json").read_text())
    assert first["config"]["model"]["params"]["C"] != second["config"]["model"]["params"]["C"]
    assert (tmp_path / "comparisons" / "seed" / "compare.json").is_file()


# -- minor findings -----------------------------------------------------------------


def test_agreement_without_shared_units_is_an_error(capsys, tmp_path):
    a = _jsonl(tmp_path / "a.jsonl", [{"unit": "a1:p1", "stance": "favour", "annotator": "x"}])
    b = _jsonl(tmp_path / "b.jsonl", [{"unit": "a1:p2", "stance": "favour", "annotator": "y"}])
    r = run_cli(capsys, "annotate", "agreement", a, b, "--out", tmp_path / "ag")
    assert (
        r.code == 1
        and "no unit is labelled by two annotators (units per annotator: x: 1, y: 1)" in r.err
    )
    assert not (tmp_path / "ag").exists()


@pytest.mark.parametrize(
    "value,error",
    [
        ("0.2", None),
        ("2", None),
        ("1.5", "is 1.5 (allowed"),
        ("-1", "is -1 (allowed"),
        ("500", "is 500: no terms remain"),  # found while fitting: still names the config
    ],
)
def test_min_df_count_or_share(capsys, tmp_path, value, error):
    data = _jsonl(tmp_path / "d.jsonl", _rows())
    args = ["--set", "data.split.method=random", "--set", f"model.params.min_df={value}"]
    r = run_cli(capsys, "train", STANCE, "--data", data, "--out", tmp_path / "m", *args)
    assert (r.code == 0) is (error is None), r.err
    if error:
        assert f"stance-tfidf.yaml: key 'model.params.min_df' {error}" in r.err


def test_long_text_offsets_do_not_warn(tiny_bert, capfd):
    from transformers import AutoTokenizer

    from classify.models._windows import _token_spans

    tok = AutoTokenizer.from_pretrained(tiny_bert)
    spans = _token_spans(tok, "sanctions talks embassy " * 200)
    assert spans and len(spans) > tok.model_max_length
    assert "indexing errors" not in capfd.readouterr().err
