"""Stop 52: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import pytest

_BODY = (
    "Belarus has released 14 political prisoners, its state news agency said.\n\n"
    "The release follows a visit by a US envoy to Minsk last week."
)


@pytest.mark.parametrize(
    ("line", "section"),
    [("2 hours ago | World", "World"), ("Europe | Updated 5 mins ago | 3 min read", "Europe"),
     ("Politics | Yesterday, 10:42", "Politics")],
)  # fmt: skip
def test_a_section_beside_a_relative_stamp_is_the_section_not_a_caption(tmp_path, line, section):
    from classify.articles import read_articles

    path = tmp_path / "page.txt"
    path.write_text(
        f"Belarus frees prisoners as US envoy visits Minsk\n\n{line}\n\nBy Jane Doe\n\n{_BODY}",
        encoding="utf-8",
    )
    (article,) = read_articles(path)
    assert article.section == section and article.date is None
    assert article.caption is None and article.meta["date_written"] == line
    assert article.author == "Jane Doe" and len(article.paragraphs) == 2


@pytest.mark.parametrize("outlet", ["The Guardian", "Financial Times", "BBC News"])
@pytest.mark.parametrize(
    ("then", "date"),
    [("Sept. 11, 2025\nBy Jane Doe", "2025-09-11"), ("11 September 2025", "2025-09-11"),
     ("3 hours ago\nBy Jane Doe", None), ("By Jane Doe", None)],
)  # fmt: skip
def test_an_outlet_between_the_headline_and_its_date_or_byline_is_the_source(
    tmp_path, outlet, then, date
):
    """One block of headline, outlet and date line or byline: the outlet is
    neither the author nor the headline's last words."""
    from classify.articles import read_articles

    path = tmp_path / "page.txt"
    path.write_text(f"Belarus frees prisoners as US envoy visits Minsk\n{outlet}\n{then}\n\n{_BODY}",
                    encoding="utf-8")  # fmt: skip
    (article,) = read_articles(path)
    assert article.title == "Belarus frees prisoners as US envoy visits Minsk"
    assert article.source == outlet and article.date == date
    assert article.author == ("Jane Doe" if "By " in then else None)
    assert len(article.paragraphs) == 2


def _stance_model(tmp_path):
    from test_active import synthetic_rows, write_jsonl

    import classify

    from conftest import ROOT

    rows = synthetic_rows(60, seed=3)
    return classify.train(ROOT / "configs/stance-tfidf.yaml", save=False,
                          data=write_jsonl(tmp_path / "d.jsonl", rows),
                          overrides={"data.split.method": "random"}).model  # fmt: skip


def test_pandas_na_and_nat_are_missing_texts_not_a_type(tmp_path):
    import pandas as pd

    import classify
    from classify.errors import ClassifyError

    model = _stance_model(tmp_path)
    for missing in (pd.NA, pd.NaT):
        with pytest.raises(ClassifyError, match=r"item 1 is missing \(None, NaN or NA\)"):
            model.predict(["Talks resumed in Geneva today.", missing])
    texts = pd.Series(["Talks resumed in Geneva today.", pd.NA], dtype="string")
    got = classify.predict(model, pd.DataFrame({"text": texts}),
                           options=classify.ReadOptions(on_error="skip"))  # fmt: skip
    assert got.iloc[0] == model.predict("Talks resumed in Geneva today.") and pd.isna(got.iloc[1])
