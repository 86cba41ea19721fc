"""Stop 45: reading and review fixes, on inputs of our own."""

from __future__ import annotations

import pytest

import classify
from classify.articles import title_without_slug
from classify.units import make_units


@pytest.mark.parametrize(
    ("title", "expected", "slugs"),
    [
        ("UPDATE 2-U.S. eases sanctions on potash", "U.S. eases sanctions on potash", ["UPDATE 2"]),
        ("REFILE-UPDATE 1-Minsk frees prisoners", "Minsk frees prisoners", ["REFILE", "UPDATE 1"]),
        ("EXCLUSIVE - Envoy meets Lukashenko", "Envoy meets Lukashenko", ["EXCLUSIVE"]),
        ("Exclusive: Washington weighs a deal", "Washington weighs a deal", ["Exclusive"]),
        ("BRIEF-Belaruskali says output up", "Belaruskali says output up", ["BRIEF"]),
        # Not labels: an acronym, a hyphenated name, a title left with one word.
        ("UN: Belarus must free prisoners", "UN: Belarus must free prisoners", []),
        ("US-Belarus talks resume", "US-Belarus talks resume", []),
        ("UPDATE 1-Talks", "UPDATE 1-Talks", []),
        (None, None, []),
    ],
)
def test_title_without_slug(title, expected, slugs):
    assert title_without_slug(title) == (expected, slugs)


def test_wire_slug_leaves_titles_in_every_format(tmp_path):
    (tmp_path / "a.txt").write_text(
        "UPDATE 2-U.S. eases sanctions on Belarus potash\nMarch 3, 2024\n\n"
        "MINSK, March 3 (Reuters) - The United States eased sanctions on potash.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        "<html><head><title>REFILE-Belarus frees 52 prisoners</title></head><body><article>"
        "<h1>REFILE-Belarus frees 52 prisoners</h1><p>Belarus freed 52 political prisoners "
        "on Thursday after talks with a United States envoy in Minsk.</p></article></body></html>",
        encoding="utf-8",
    )
    table = tmp_path / "t.csv"
    table.write_text(
        'id,title,text,date\n1,"UPDATE 2-U.S. eases sanctions on Belarus potash",'
        '"UPDATE 2-U.S. eases sanctions on Belarus potash\n\nThe United States eased '
        'sanctions on potash.",2024-03-03\n',
        encoding="utf-8",
    )
    read = {a.id: a for a in classify.read_articles(tmp_path / "a.txt", tmp_path / "b.html")}
    assert read["a"].title == "U.S. eases sanctions on Belarus potash"
    assert read["a"].meta["wire_slug"] == "UPDATE 2"
    assert read["b"].title == "Belarus frees 52 prisoners"
    assert read["b"].meta["wire_slug"] == "REFILE"
    (row,) = classify.read_articles(table)
    assert row.title == "U.S. eases sanctions on Belarus potash"
    assert row.meta["wire_slug"] == "UPDATE 2"
    # The headline written above the text loses the label too, so the title
    # is not prepended a second time and no unit says "UPDATE 2".
    (unit,) = make_units([row], level="article")
    assert "UPDATE" not in unit.text
    assert unit.text.count("U.S. eases sanctions on Belarus potash") == 1


def test_a_learning_curve_has_a_gap_where_a_size_failed():
    import math

    from classify.reports import curve_points

    curve = {"n_train": [25, 200], "macro_f1_mean": [0.3, 0.7], "macro_f1_std": [0.1, 0.02]}
    x, mean, sd = curve_points(curve, [25, 50, 100, 200, 400])
    assert x == [25, 50, 100, 200]
    assert mean[0] == 0.3 and mean[3] == 0.7 and math.isnan(mean[1]) and math.isnan(sd[2])
