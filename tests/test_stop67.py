"""Stop 67: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _coders(tmp_path: Path, n: int, favour: dict[str, int]) -> str:
    """The agreement report of coders who each label ``n`` units, the first
    ``favour[who]`` of them favour and the rest neutral."""
    import classify

    files = []
    for who, k in favour.items():
        path = tmp_path / f"{who}.jsonl"
        path.write_text(
            "".join(
                json.dumps(
                    {"unit": f"u{i}", "stance": "favour" if i < k else "neutral", "annotator": who}
                )
                + "\n"
                for i in range(n)
            )
        )
        files.append(path)
    classify.agreement_report(files, out=tmp_path / "agr", n_bootstrap=0)
    return (tmp_path / "agr" / "agreement.md").read_text()


@pytest.mark.parametrize(
    ("n", "favour", "shown_favour", "shown_neutral"),
    [
        (200, 199, "199 (99.5%)", "1 (1%)"),  # 0.5% rounds half up to 1%
        (200, 1, "1 (1%)", "199 (99.5%)"),
        (3000, 2999, "2999 (>99.9%)", "1 (<0.1%)"),
        (200, 200, "200 (100%)", "0 (0%)"),
        (8, 5, "5 (63%)", "3 (38%)"),
    ],
)
def test_an_agreement_share_that_is_not_all_never_shows_100_percent(
    tmp_path, n, favour, shown_favour, shown_neutral
):
    """Stop 66's left-alone list: 199 of 200 units showed as `199 (100%)`,
    the same as all of them."""
    report = _coders(tmp_path, n, {"ann": favour, "ben": n // 2})
    assert f"| ann | {n} | {shown_favour} | 0 (0%) | {shown_neutral} |" in report


def _noisy_stance(tmp_path: Path) -> tuple[Path, list[dict]]:
    """200 synthetic stance rows with 12 labels changed by hand: rows whose
    cue says one stance and whose label says another."""
    from test_active import synthetic_rows, write_jsonl

    rows = synthetic_rows(200, seed=7)
    other = {"favour": "against", "against": "neutral", "neutral": "favour"}
    for row in rows[::17]:
        row["stance"] = other[row["stance"]]
    return write_jsonl(tmp_path / "noisy.jsonl", rows), rows


def test_an_audit_marks_units_rechecked_already_and_leaves_them_out_of_the_count(tmp_path, capsys):
    """Review 245: after corrections, a second audit flagged the same units
    again and had no way to say they were re-checked."""
    from cli_runner import run_cli

    from classify import audit

    data, _ = _noisy_stance(tmp_path)
    cfg = ROOT / "configs/stance-tfidf.yaml"
    first = audit.audit_labels(data, cfg, folds=3)
    flagged = [r for r in first["rows"] if r["issue"]]
    assert len(flagged) >= 4
    assert first["to_check"] == first["issues"] and "checked_flagged" not in first
    # A coder confirmed the first three flagged labels as given.
    confirmed = tmp_path / "confirmed.jsonl"
    confirmed.write_text(
        "".join(json.dumps({"unit": r["unit"], "stance": r["given"]}) + "\n" for r in flagged[:3])
    )
    second = audit.audit_labels(data, cfg, folds=3, checked=confirmed)
    marked = {r["unit"] for r in second["rows"] if r["checked"]}
    assert marked == {r["unit"] for r in flagged[:3]}
    assert second["checked"] == 3 and second["checked_flagged"] == 3
    assert second["to_check"] == second["issues"] - 3
    # The same rows, ranked the same: marking moves nothing.
    assert [r["unit"] for r in second["rows"]] == [r["unit"] for r in first["rows"]]

    out = tmp_path / "ranked.jsonl"
    res = run_cli(
        capsys, "annotate", "audit", data, "--config", cfg, "--folds", "3",
        "--checked", confirmed, "--top", "5", "--out", out,
    )  # fmt: skip
    assert res.code == 0, res.err
    assert (
        f"re-check the {second['to_check']} flagged units" in res.out
        and "(3 more flagged were re-checked already, --checked)" in res.out
    )
    assert "--annotations FILE" in res.out and "--checked FILE" in res.out
    # The printed table starts below the confirmed units; the file keeps them.
    shown = [line for line in res.out.splitlines() if line.strip()[:1].isdigit()]
    assert not any(r["unit"] in line for r in flagged[:3] for line in shown)
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["unit"] for r in written if r["checked"]] == [r["unit"] for r in flagged[:3]]


def test_a_checked_file_that_matches_nothing_stops_and_strays_are_named(tmp_path):
    from classify import audit
    from classify.errors import ClassifyError

    data, rows = _noisy_stance(tmp_path)
    cfg = ROOT / "configs/stance-tfidf.yaml"
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"unit": "zz1", "text": "Not ours.", "stance": "neutral"}) + "\n")
    with pytest.raises(ClassifyError, match="checked files label none of the data's units"):
        audit.audit_labels(data, cfg, folds=3, checked=other)
    # One by text under another id, one stray: the stray is named, the other matched.
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(
        json.dumps({"unit": "copy-9", "text": rows[9]["text"], "stance": rows[9]["stance"]})
        + "\n"
        + json.dumps({"unit": "zz1", "text": "Not ours.", "stance": "neutral"})
        + "\n"
    )
    with pytest.warns(UserWarning, match=r"1 unit of the checked files is not in the data.*'zz1'"):
        r = audit.audit_labels(data, cfg, folds=3, checked=mixed)
    assert [row["unit"] for row in r["rows"] if row["checked"]] == [rows[9]["id"]]


def test_every_refused_label_of_a_labelled_file_is_named(tmp_path):
    """Review 245: of two rows with labels the task lacks, the warning
    showed only the first ('pro', not 'Favor')."""
    from classify.annotation import labelled_units

    path = tmp_path / "seed.jsonl"
    cells = ["pro", "Favor", "neutral", "meh", "x1", "x2", "x3"]
    path.write_text(
        "".join(
            json.dumps({"unit": f"u{i}", "text": f"Text {i}.", "stance": s}) + "\n"
            for i, s in enumerate(cells)
        )
    )
    with pytest.warns(UserWarning) as caught:
        ids, _ = labelled_units(path)
    assert ids == {f"u{i}" for i in range(7)}
    message = str(caught[0].message)
    assert "6 rows hold a label its task does not have (line 1: label 'pro'" in message
    assert "also line 2 'Favor', line 4 'meh', line 5 'x1' and 2 more)" in message
