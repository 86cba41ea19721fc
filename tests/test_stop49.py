"""Stop 49: fixes checked on inputs of our own."""

from __future__ import annotations

import json


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_single_label_field_written_as_one_item_lists_hashes_as_its_strings(tmp_path):
    from classify.data import load_examples

    texts = ["Washington lifted sanctions on the potash firm.", "Minsk jailed more protesters."]
    lists = _write(
        tmp_path / "lists.jsonl",
        [
            {"id": str(i), "text": t, "stance": [s]}
            for i, (t, s) in enumerate(zip(texts, ["favour", "against"]))
        ],
    )
    strings = _write(
        tmp_path / "strings.jsonl",
        [
            {"id": str(i), "text": t, "stance": s}
            for i, (t, s) in enumerate(zip(texts, ["favour", "against"]))
        ],
    )
    other = _write(
        tmp_path / "other.jsonl",
        [
            {"id": str(i), "text": t, "stance": s}
            for i, (t, s) in enumerate(zip(texts, ["against", "favour"]))
        ],
    )
    a, b, c = (load_examples(p).fingerprint(["stance"]) for p in (lists, strings, other))
    assert a == b
    assert a != c


def test_a_label_set_field_still_hashes_its_sets_in_any_order(tmp_path):
    from classify.data import load_examples

    rows = [
        {
            "id": "1",
            "text": "Sanctions and prisoners were discussed.",
            "topics": ["sanctions", "human_rights"],
        },
        {"id": "2", "text": "Embassies reopened after talks.", "topics": ["normalisation"]},
    ]
    swapped = [dict(rows[0], topics=["human_rights", "sanctions"]), rows[1]]
    one = [dict(rows[0], topics=["sanctions"]), rows[1]]
    fa, fb, fc = (
        load_examples(_write(tmp_path / f"{n}.jsonl", r)).fingerprint(["topics"])
        for n, r in (("a", rows), ("b", swapped), ("c", one))
    )
    assert fa == fb
    assert fa != fc


def test_an_experiments_table_shows_each_paired_difference_with_its_interval(tmp_path, capsys):
    import re

    from cli_runner import run_cli

    words = {"pro": "welcome support praise", "con": "condemn reject oppose",
             "other": "weather sport market"}  # fmt: skip
    lines = ["id,text,side"]
    for i in range(60):
        label = ("pro", "con", "other")[i % 3]
        # Every fourth row borrows another label's words, so the two models differ.
        said = words[("pro", "con", "other")[(i + 1) % 3]] if i % 4 == 0 else words[label]
        lines.append(f"r{i},Speaker {i} said they {said.split()[(i // 3) % 3]} the plan,{label}")
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "side.yaml").write_text(
        "name: side\nkind: multiclass\nfield: side\nlabels: [pro, con, other]\n", encoding="utf-8"
    )
    for name, c in (("a", 10.0), ("b", 0.01)):
        (tmp_path / f"{name}.yaml").write_text(
            f"task: side.yaml\nmodel: {{family: tfidf-linear, params: {{C: {c}}}}}\n",
            encoding="utf-8",
        )
    (tmp_path / "ex.yaml").write_text(
        "name: ex\ndata: d.csv\nprotocols: [{name: cv3, cv: 3}]\nmodels: [a.yaml, b.yaml]\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "experiment", "run", tmp_path / "ex.yaml")
    assert r.code == 0, r.err
    (test,) = json.loads((tmp_path / "results" / "ex.json").read_text())["leaderboards"][0]["tests"]
    lo, hi = test["ci95"]
    shown = re.search(
        r"([+-]\d\.\d{3}) \[([+-]\d\.\d{2}), ([+-]\d\.\d{2})\] (?:\(no width\) )?p=(\d\.\d{3})",
        r.out,
    )
    assert shown, r.out
    assert float(shown.group(1)) == round(test["diff"], 3)
    assert (float(shown.group(2)), float(shown.group(3))) == (round(lo, 2), round(hi, 2))
    assert float(shown.group(4)) == round(test["p_value"], 3)


def test_an_experiments_reproduce_command_quotes_a_path_with_a_space():
    import shlex

    from classify.experiments import _reproduce_command

    argv = ["experiment", "run", "my experiments/ex.yaml", "--data", "gold data.csv", "--only", "x"]
    line = _reproduce_command(argv)
    assert shlex.split(line) == [
        "classify", "experiment", "run", "my experiments/ex.yaml", "--data", "gold data.csv",
        "--overwrite",
    ]  # fmt: skip
    assert line.startswith("classify experiment run 'my experiments/ex.yaml'")


def test_a_model_cards_recorded_facts_read_as_words_not_json(tmp_path):
    from classify.reports import write_model_card

    info = {
        "name": "m",
        "task": {"name": "side", "kind": "multiclass", "field": "side", "labels": ["pro", "con"]},
        "family": "tfidf-linear",
        "training": {
            "n": 30,
            "label_counts": {"pro": 12, "con": 18},
            "notes": {"unlabelled": {"side": 2}, "unmatched_annotation_ids": []},
        },
        "versions": {"python": "3.11.7", "numpy": "2.4.6"},
    }
    card = write_model_card(tmp_path, info=info, metrics={"n": 10}).read_text(encoding="utf-8")
    assert "| label_counts | pro 12, con 18 |" in card
    assert "| notes | unlabelled: side 2; unmatched_annotation_ids: none |" in card
    assert "python 3.11.7, numpy 2.4.6" in card
    assert '{"' not in card
