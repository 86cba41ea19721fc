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
