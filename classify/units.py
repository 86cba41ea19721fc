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

from classify.articles import Article, is_table_row
from classify.dates import CALENDAR_WORDS
from classify.tables import as_written as _as_written
from classify.text import normal_text

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
    # The article's metadata (headline, author, web site), for readers.
    title: str | None = None
    author: str | None = None
    site: str | None = None

    def __post_init__(self) -> None:
        # One text, one reading: "é" composed or as "e" and an accent (NFD,
        # as macOS and some CMSs write it) are the same text to every model,
        # and a soft hyphen or zero-width space does not split a word.
        text = normal_text(self.text)
        if text is not self.text:
            object.__setattr__(self, "text", text)

    @property
    def paragraph_id(self) -> str:
        """The paragraph a unit belongs to, the grouping unit below an article."""
        return self.article_id if self.paragraph is None else f"{self.article_id}:p{self.paragraph}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# After a title the text repeats: the end, or punctuation that ends a
# headline (a full stop, colon, dash, bar ...) followed by a space or the end.
_AFTER_TITLE = re.compile(r"\s?[.:!?|\u2013\u2014-](\s|$)")


def starts_with_title(text: str, title: str) -> bool:
    """Does ``text`` (its first paragraph) start with the whole ``title``?

    Whitespace is normalised and case ignored. True when the paragraph is
    the title, when the title is followed by headline-ending punctuation
    (``.``, ``:``, ``!``, ``?``, ``|``, a dash) and then a space or the
    end, or when the title itself
    ends in ``.``, ``!``, ``?`` or ``:`` and a space follows. "Talks began in
    Vienna." does not start with the title "Talks": the title is only a prefix
    of its first sentence.
    """
    t, f = " ".join(title.split()), " ".join(text.split())
    # In any case: a headline written in capitals above the story is the
    # same headline ("CEASEFIRE HOLDS" under the title "Ceasefire holds").
    if not t or f[: len(t)].casefold() != t.casefold():
        return False
    rest = f[len(t) :]
    if not rest:
        return True
    if t[-1] in ".!?:" and rest[0] == " ":
        return True
    return _AFTER_TITLE.match(rest) is not None


_PARAGRAPH_ID = re.compile(r":p\d+$")


def _row_unit(article: Article, level: str) -> list[dict[str, Any]] | None:
    """A table row that is already a paragraph or sentence unit (its
    ``level`` column, as a gold file, an export or predictions carry it) is
    not cut again at its own level, and keeps its id: ``a01:p2`` stays
    ``a01:p2``, not ``a01:p2:p1``; taken whole (article level, a table's
    default) it is its text alone, without the ``title`` column. At
    sentence level a paragraph row gives ``a01:p2s1``, ``a01:p2s2``... None
    for any other article."""
    own = article.meta.get("level")
    if own is None and "unit" in article.meta:
        # A `unit` column of classify's ids says the level as well.
        own = (
            "sentence"
            if re.search(r":p\d+s\d+$", article.id)
            else "paragraph"
            if _PARAGRAPH_ID.search(article.id)
            else None
        )
    if (
        own not in ("paragraph", "sentence")
        or len(article.paragraphs) != 1
        or not is_table_row(article)
    ):
        return None
    text = article.paragraphs[0]
    if level == "article":
        # The row as it is: its article's headline (a `title` column beside
        # a paragraph) is not part of the paragraph.
        return [{"id": article.id, "text": text, "level": "article"}]
    if level == "paragraph" or own == "sentence":
        return [{"id": article.id, "text": text, "level": own}]
    sep = "s" if _PARAGRAPH_ID.search(article.id) else ":s"
    return [
        {"id": f"{article.id}{sep}{s}", "text": sentence, "level": "sentence"}
        for s, sentence in enumerate(split_sentences(text), start=1)
    ]


def make_units(
    articles: Iterable[Article], level: Level | Literal["auto"] = "paragraph"
) -> list[Unit]:
    """Cut articles into the units that are classified.

    Args:
        articles: the articles (:func:`classify.read_articles`).
        level: ``article`` (title and body as one unit), ``paragraph`` or
            ``sentence`` (:func:`split_sentences` of each paragraph); at these
            two the title is not a unit but each unit's ``title``. ``auto``
            cuts each article at its source's default, as ``--unit auto``
            does: a table row is one unit, an article file is cut into
            paragraphs.

    Returns:
        The units in article order, each with its id (``ARTICLE:pN`` or
        ``ARTICLE:pN.sM``), article id, text, level, position and the
        article's date, source and metadata; a live blog's paragraph and
        its sentences carry their entry's date
        (:attr:`Article.paragraph_dates`), and its entries' headings are no
        unit below the article level, as the headline is not.

    Raises:
        ClassifyError: an unknown level, or an item that is not an Article
            (texts: :func:`classify.parse_article` each, or give them to
            :func:`classify.predict` and the other functions that take data).
    """
    from classify.errors import ClassifyError

    if level not in (*LEVELS, "auto"):
        raise ClassifyError(f"unknown unit '{level}' (allowed: auto, {', '.join(LEVELS)})")
    if isinstance(articles, (str, bytes)) or not hasattr(articles, "__iter__"):
        articles = [articles]  # type: ignore[list-item]
    units: list[Unit] = []
    for article in articles:
        if not isinstance(article, Article):
            raise ClassifyError(
                f"make_units takes Articles (classify.read_articles, classify.parse_article), "
                f"not {type(article).__name__}; functions that take data take texts as they are"
            )
        if level == "auto":
            units += make_units([article], "article" if is_table_row(article) else "paragraph")
            continue
        common = {
            "article_id": article.id,
            "date": article.date,
            "source": article.source,
            "title": article.title,
            "author": article.author,
            "site": article.site,
        }
        cut = _row_unit(article, level)
        if cut is not None:
            units.extend(Unit(position=i, **common, **kw) for i, kw in enumerate(cut))
            continue
        if level == "article":
            # A headline is part of what a reader takes from a short item.
            # ... unless the text already starts with it (a table whose `text`
            # column repeats its `title`).
            first = article.paragraphs[0] if article.paragraphs else ""
            repeated = starts_with_title(first, article.title or "")
            parts = [article.title] if article.title and first and not repeated else []
            text = "\n\n".join(parts + article.paragraphs)
            units.append(Unit(id=article.id, text=text, level=level, position=0, **common))
            continue
        position = 0
        # A table cell's boilerplate and credit line (articles._clean_row_body):
        # no unit, the other paragraphs keep their numbers.
        furniture = getattr(article, "_furniture", frozenset())
        # A live blog's entry headings, no unit either; its entries' own dates.
        furniture = furniture | getattr(article, "_headings", frozenset())
        dates = article.paragraph_dates
        for p, paragraph in enumerate(article.paragraphs, start=1):
            if p - 1 in furniture:
                continue
            if p <= len(dates) and dates[p - 1] is not None:
                common["date"] = dates[p - 1]
            else:
                common["date"] = article.date
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

# Month and day names shortened: an abbreviation, unless a word that
# starts sentences follows ("in Sept. The bank ...").
_CALENDAR_ABBREVIATIONS = frozenset(
    [
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
    ]
)
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = _CALENDAR_ABBREVIATIONS | frozenset(
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
        "ft",
        "mt",
        # Titles and words of other languages' news: "il Sig. Rossi", "la
        # Sra. Ruiz", "Hr. Schmidt", "Mme. Dupont", "в г. Минске", "EE. UU.".
        "sig",
        "sra",
        "srta",
        "dra",
        "dott",
        "avv",
        "ing",
        "hr",
        "mme",
        "mlle",
        "г",
        "ee",
    ]
)
# German month names after an ordinal day ("am 14. März 2019"); English
# writes no ordinal dot, so "He scored 14. March came later." still splits.
_MONTHS_AFTER_ORDINAL = frozenset(
    [
        *("Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli"),
        *("August", "September", "Oktober", "November", "Dezember"),
    ]
)
# Abbreviations only when a number follows ("No. 10", "pp. 4").
NUMERIC_ABBREVIATIONS = frozenset({"no", "nos", "vol", "pp", "fig", "art", "nr"})
# Words that almost always start a sentence: after an abbreviation, an
# initial or a dotted acronym ("U.S."), one of these means the sentence ended.
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
        "You",
        "But",
        "And",
        "Or",
        "So",
        "Yet",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "In",
        "On",
        "At",
        "After",
        "Before",
        "Since",
        "During",
        "Its",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "Officials",
        "Critics",
        "However",
        "Meanwhile",
        "Separately",
        "Earlier",
        "Later",
        "Last",
        "Next",
        "Both",
        "Some",
        "Many",
        "Most",
        "No",
        "Not",
        "Such",
        "When",
        "While",
        "If",
        "As",
        "Asked",
        "According",
        "Speaking",
        "Then",
        "Now",
        "Still",
        "Also",
        "Under",
        "Over",
        "About",
        "Despite",
        "Although",
        "Though",
        "Because",
        "For",
        "From",
        "With",
        "Without",
        "What",
        "Who",
        "Why",
        "How",
        "Where",
        "Which",
        "Nobody",
        "Everyone",
        "Analysts",
        "Police",
        "Protesters",
        "Rights",
        "Talks",
        "Trade",
        "Results",
        "Turnout",
        "Creditors",
        "Diplomats",
        "Its",
        "One",
        "Two",
        "Three",
        "Several",
        "Few",
        "Other",
        "Others",
        "Another",
        "All",
        "Each",
        "Every",
    ]
)
# Capitalised words that continue a name after a dotted acronym: "the U.S.
# Embassy", "the U.N. Security Council", "U.S. President", "9 a.m. Monday".
_ACRONYM_CONTINUATIONS = frozenset(
    [
        "Embassy",
        "Embassies",
        "Ambassador",
        "Director",
        "Chief",
        "Minister",
        "Ministry",
        "Consulate",
        "Consul",
        "Envoys",
        "Troops",
        "Bureau",
        "Foreign",
        "Home",
        "Cabinet",
        "Parliament",
        "Prime",
        "Permanent",
        "Envoy",
        "President",
        "Vice",
        "Secretary",
        "Undersecretary",
        # Title prefixes: "U.S. Deputy Secretary", "U.S. Assistant Secretary",
        # "U.N. Under-Secretary-General" ("Under Secretary" and "Acting
        # Ambassador" are looked ahead for: both words also start sentences).
        "Deputy",
        "Assistant",
        "Associate",
        "Under",
        "State",
        "Department",
        "Treasury",
        "Congress",
        "Senate",
        "House",
        "Senator",
        "Senators",
        "Rep",
        "Representative",
        "Representatives",
        "Army",
        "Navy",
        "Air",
        "Marine",
        "Marines",
        "Coast",
        "Forces",
        "Force",
        "Military",
        "Government",
        "Administration",
        "Supreme",
        "Court",
        "Courts",
        "Federal",
        "National",
        "Central",
        "Command",
        "Justice",
        "Commerce",
        "Defense",
        "Defence",
        "Trade",
        "Special",
        "Security",
        "General",
        "Assembly",
        "Council",
        "Human",
        "Rights",
        "Commission",
        "Commissioner",
        "High",
        "Mission",
        "Office",
        "Agency",
        "Chamber",
        "Attorney",
        "Customs",
        "Border",
        "Immigration",
        "Capitol",
        "Election",
        "Elections",
        "Census",
        "Open",
        "Postal",
        "Geological",
        "Steel",
        "Dollar",
        *CALENDAR_WORDS,
        "GMT",
        "UTC",
        "EST",
        "EDT",
        "CST",
        "CDT",
        "PST",
        "PDT",
        "ET",
        "CET",
        "BST",
    ]
)
# Words before a one-letter numeral or label that ends a sentence: "World
# War I.", "Plan B.", "Phase II." (roman numerals are handled alike).
_LABEL_NOUNS = frozenset(
    [
        "War",
        "Phase",
        "Stage",
        "Part",
        "Title",
        "Chapter",
        "Class",
        "Grade",
        "Type",
        "Plan",
        "Vitamin",
        "Group",
        "Act",
        "Level",
    ]
)
# Dotted acronyms of places and bodies, which often end a sentence.
_PLACE_ACRONYMS = frozenset(
    [
        "U.S",
        "U.K",
        "U.N",
        "E.U",
        "U.A.E",
        "U.S.A",
        "U.S.S.R",
        "N.Z",
        "P.R.C",
        "D.C",
        "I.M.F",
        "W.H.O",
    ]
)
_CORPORATE = frozenset(
    {"inc", "corp", "co", "ltd", "llc", "plc", "bros", "etc", "al"}
    # After a name, as "Inc." after a firm's: "Martin Luther King Jr. The crowd".
    | {"jr", "sr", "esq"}
)
_OPEN_QUOTES = "\"“‘'«‹„‚("
# German quotes close with “ and ‘ („Wir wollen Frieden.“).
_CLOSE = "\"”’'»›“‘)]"
# What may stand before a sentence's first word: opening quotes, French
# quotes with their space (« Nous), and a list bullet (- , • ).
_LEAD = re.compile(r"(?:[-–•*]\s+)?(?:[" + re.escape(_OPEN_QUOTES) + r"¿¡][\s\u00a0]?)*")
# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, whitespace, then what may start a sentence (checked in code:
# a capital letter of any script, or a digit).
# A French closing guillemet may stand after a space (". » Puis").
_BOUNDARY = re.compile(
    r"([.!?…]+)((?:[" + re.escape(_CLOSE) + r"]|[\s\u00a0][»›])*)(\s+)(?=" + _LEAD.pattern + r"\w)"
)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (rule-based, for news text).

    A boundary is terminal punctuation (``. ! ? …``), optional closing
    quotes or brackets, whitespace, then a capital letter of any script
    ("É", "Ü", "İ", "Ż", "Ō" ...) or a digit, possibly after an opening
    quote. A full stop does not end the sentence after a title ("Mr.",
    "Gen."), a month ("Sept. 11"), "No. 10", an initial of any script
    ("John F. Kennedy", "Ł. Kowalski"), or a dotted acronym followed by a word that continues a name
    ("the U.S. envoy", "the U.N. Security Council", "9 a.m. Monday"). It does
    after a place or body acronym followed by another capitalised word ("by
    the U.S. Lukashenko said"), after a one-letter numeral or label ("World
    War I. The"), and after any of these when the next word is one that
    starts sentences ("Inc. The"). Decimals ("3.5") and lower-case
    continuations ('... close … but', '"Why?" asked') never split.

    Args:
        text: one paragraph.

    Returns:
        The sentences, in order, whitespace kept as written inside each.

    Raises:
        ClassifyError: ``text`` is not a string.
    """
    if not isinstance(text, str):
        from classify.errors import ClassifyError

        raise ClassifyError(f"split_sentences takes one text (a str), not {type(text).__name__}")
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        after = text[match.end(3) :]
        first = after[_LEAD.match(after).end() :][:1]
        if not (first.isupper() or first.isdigit()):
            continue
        if match.group(1) == "." and _is_abbreviation(text[start : match.start(1)], after):
            continue
        sentence = text[start : match.end(2)].strip()
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
    words = before.rsplit(" ", 2)
    token = words[-1].lstrip(_OPEN_QUOTES)
    previous = words[-2] if len(words) > 1 else ""
    if not token:
        return False
    next_word = after[_LEAD.match(after).end() :].split(" ", 1)[0].rstrip(",;:")
    starts = next_word in _SENTENCE_STARTERS
    # The word itself, at the end of a sentence too ("the U.S. Treasury.",
    # "9 a.m. Monday.", "the U.S. Embassy's count").
    next_base = re.sub(r"(?:['’]s)?[.!?…\"'”’)\]]*$", "", next_word)
    if re.fullmatch(r"\d{1,2}", token) and next_base in _MONTHS_AFTER_ORDINAL:
        return True  # an ordinal day: "am 14. März", "Am 3. Oktober"
    if re.fullmatch(r"\d{1,2}|[ivx]{1,4}|[a-z]", token) and (
        before.strip() == token or previous.endswith((":", ";"))
    ):
        # A list marker ("Demands: 1. Release ...", "i. First"), not a
        # sentence of its own.
        return True
    # An initial is a capital of any script: "Ł. Kowalski", "Ö. Öztürk", "В. Путин".
    initial = len(token) == 1 and token.isupper()
    if initial or re.fullmatch(r"[IVX]{1,4}", token):
        # "World War I. The" and "Plan B." end; "John F. Kennedy" does not.
        if previous in _LABEL_NOUNS or (token != "I" and re.fullmatch(r"[IVX]{2,4}", token)):
            return False
        if initial:
            return not starts
        return False
    if re.fullmatch(r"[a-z]", token):
        return not starts
    if token.lstrip("([").lower() in ("e.g", "i.e", "cf", "viz"):
        return True  # "capitals, e.g. Warsaw", "(i.e. Poland)": a clause goes on
    if token.lower() == "st":
        # "St. Petersburg", but "Downing St. The talks": a street's end.
        return not starts
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        rest = after[_LEAD.match(after).end() :].split(" ", 2)
        # "U.S. Under Secretary of State", "U.S. Acting Ambassador", not
        # "... in the U.S. Under the deal" or "... to the U.S. Acting on orders".
        if next_word == "Under" and len(rest) > 1 and rest[1].startswith("Secretar"):
            return True
        if next_word == "Acting" and len(rest) > 1 and rest[1][:1].isupper():
            return True
        if starts or not next_word[:1].isupper():
            return not starts
        # "U.N. Secretary-General", "U.S. Vice-President": the compound's head.
        if next_base in _ACRONYM_CONTINUATIONS or next_base.split("-")[0] in (
            _ACRONYM_CONTINUATIONS
        ):
            return True
        # "by the U.S. Lukashenko said": a place or body, then a new subject.
        return not (
            token.upper() in _PLACE_ACRONYMS
            or previous.lower() in ("the", "by", "from", "to", "in")
            or token.islower()
        )
    if token.lower() in NUMERIC_ABBREVIATIONS:
        return next_word[:1].isdigit()
    if token.lower() in _CORPORATE or token.lower() in _CALENDAR_ABBREVIATIONS:
        return not starts
    return token.lower() in ABBREVIATIONS


# Paragraph and sentence unit ids as classify writes them (ARTICLE:pN,
# ARTICLE:pNsM), in exports, gold files and predictions.
_UNIT_ID = re.compile(r"^(?P<article>.+):p(?P<p>\d+)(?:s\d+)?$")


def row_parent(article: Article) -> tuple[str, str] | None:
    """The article and paragraph a table row was cut from, where the row says
    so: an ``article_id`` column, or a paragraph or sentence unit id of
    classify's own (``a01:p2``, ``a01:p2s1``) beside its ``level`` or in a
    ``unit`` column (as ``annotate export``/``import`` and ``predict`` write
    them). None for any other row."""
    level = article.meta.get("level")
    # A `unit` column with ids of classify's shape says so as well as a level.
    ours = level in ("paragraph", "sentence") or (level is None and "unit" in article.meta)
    match = _UNIT_ID.match(article.id) if ours else None
    raw = article.meta.get("article_id")
    if raw not in (None, "") and not isinstance(raw, (dict, list, bool)):
        parent = _as_written(raw).strip()
    elif match:
        parent = match.group("article")
    else:
        return None
    if match and match.group("article") == parent:
        return parent, f"{parent}:p{match.group('p')}"
    return parent, article.id
