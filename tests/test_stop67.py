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
