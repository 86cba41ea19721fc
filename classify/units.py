"""Cutting articles into the units that get labelled: article, paragraph, sentence.

Unit ids are stable and readable: ``ARTICLE`` for the whole article,
``ARTICLE:p3`` for its third body paragraph and ``ARTICLE:p3s2`` for the
second sentence of that paragraph (all 1-based). Gold annotation files refer
to units by these ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from classify.articles import Article

Level = Literal["article", "paragraph", "sentence"]
LEVELS: tuple[str, ...] = ("article", "paragraph", "sentence")


@dataclass(frozen=True)
class Unit:
    id: str
    article_id: str
    text: str
    level: str
    position: int  # 0-based order of the unit within its article
    paragraph: int | None = None  # 1-based body paragraph; None at article level
    date: str | None = None
    source: str | None = None

    @property
    def paragraph_id(self) -> str:
        """The paragraph a unit belongs to, the grouping unit below an article."""
        return self.article_id if self.paragraph is None else f"{self.article_id}:p{self.paragraph}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_units(articles: Iterable[Article], level: Level = "paragraph") -> list[Unit]:
    if level not in LEVELS:
        from classify.errors import ClassifyError

        raise ClassifyError(f"unknown unit '{level}' (allowed: {', '.join(LEVELS)})")
    units: list[Unit] = []
    for article in articles:
        common = {"article_id": article.id, "date": article.date, "source": article.source}
        if level == "article":
            # A headline is part of what a reader takes from a short item.
            parts = [article.title] if article.title and article.paragraphs else []
            text = "\n\n".join(parts + article.paragraphs)
            units.append(Unit(id=article.id, text=text, level=level, position=0, **common))
            continue
        position = 0
        for p, paragraph in enumerate(article.paragraphs, start=1):
            if level == "paragraph":
                units.append(
                    Unit(
                        id=f"{article.id}:p{p}",
                        text=paragraph,
                        level=level,
                        position=position,
                        paragraph=p,
                        **common,
                    )
                )
                position += 1
                continue
            for s, sentence in enumerate(split_sentences(paragraph), start=1):
                units.append(
                    Unit(
                        id=f"{article.id}:p{p}s{s}",
                        text=sentence,
                        level=level,
                        position=position,
                        paragraph=p,
                        **common,
                    )
                )
                position += 1
    return units


# -- sentences --------------------------------------------------------------------

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "fr",
        "st",
        "jr",
        "sr",
        "hon",
        "pres",
        "amb",
        "sec",
        "dept",
        "est",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "bros",
        "vs",
        "etc",
        "al",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "ft",
        "mt",
    ]
)
# Abbreviations only when a number follows ("No. 10", "pp. 4").
NUMERIC_ABBREVIATIONS = frozenset({"no", "nos", "vol", "pp", "fig", "art"})
# After a dotted acronym ("U.S."), a sentence may still end: these words
# almost always start the next one.
_SENTENCE_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "But",
        "And",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "In",
        "On",
        "At",
        "After",
        "Its",
        "His",
        "Her",
        "Their",
        "Our",
        "Officials",
        "Critics",
    ]
)
_OPEN_QUOTES = "\"“‘'«("
_CLOSE = "\"”’'»)]"
# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, whitespace, then what may start a sentence.
_BOUNDARY = re.compile(
    r"([.!?…]+)([" + re.escape(_CLOSE) + r"]*)(\s+)(?=[" + re.escape(_OPEN_QUOTES) + r"]*[A-Z0-9])"
)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences.

    Handles the cases that break naive splitters in news text: abbreviations
    with internal full stops ("U.S.", "U.N."), initials ("John F. Kennedy"),
    titles ("Mr. Coale"), and sentences that end inside a quotation
    ('... in progress. I know ...' splits; '..." said Coale.' does not).
    """
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(2)
        if match.group(1) == "." and _is_abbreviation(
            text[start : match.start(1)], text[match.end(3) :]
        ):
            continue
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end(3)
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_abbreviation(before: str, after: str) -> bool:
    """Whether the full stop between ``before`` and ``after`` belongs to an
    abbreviation rather than ending a sentence."""
    token = before.rsplit(" ", 1)[-1].lstrip(_OPEN_QUOTES)
    if not token:
        return False
    next_word = after.lstrip(_OPEN_QUOTES).split(" ", 1)[0]
    if re.fullmatch(r"[A-Za-z]", token):
        return True  # an initial: "John F. Kennedy"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        # "U.S. embassy" continues; "... by the U.S. The move ..." ends.
        return next_word not in _SENTENCE_STARTERS
    if token.lower() in NUMERIC_ABBREVIATIONS:
        return next_word[:1].isdigit()
    return token.lower() in ABBREVIATIONS
