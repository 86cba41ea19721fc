"""News database exports: one ``.txt`` file holding many articles.

Researchers get most of their news from databases, whose text exports put
many articles in one file with metadata lines around each:

- **Nexis Uni / LexisNexis**: title, publication, date, ``Copyright``,
  ``Section:``, ``Length: N words``, ``Byline:``, ``Dateline:``, a line
  ``Body``, the text, ``Load-Date:``, and ``End of Document`` after each.
- **LexisNexis Academic** (the older layout): ``1 of 25 DOCUMENTS`` before
  each, publication, date, title, keys in capitals (``LENGTH:``,
  ``BYLINE:``), the text, ``LOAD-DATE:``.
- **Factiva**, plain: title, author, ``N words``, date, source name, source
  code, language, copyright, the text, and ``Document ID`` after each.
- **Factiva**, field-tagged: ``HD`` (headline), ``BY``, ``WC``, ``PD``
  (date), ``SN`` (source), ``SE`` (section), ``LP`` and ``TD`` (lead and
  text), ``AN`` (``Document ID``), each tag at a line's start.
- **ProQuest** (full text, "text only"): records between rules of
  underscores (or after ``Document N of M``), the title, then keyed lines
  (``Author:``, ``Publication info:``, ``Abstract:``), the text after
  ``Full text:``, and after it ``Subject:``, ``Publication title:``,
  ``Publication date:``, ``Section:``, ``ProQuest document ID:``,
  ``Document URL:``, ``Copyright:``, ``Database:`` and the like.

:func:`export_kind` tells such a file from a single article by those
markers; :func:`read_export` cuts it into :class:`~classify.articles.Article`
objects with their metadata, so no metadata line becomes a unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

from classify.articles import (
    _KNOWN_AGENCY,
    _MONTH_DAY_ONLY,
    LANGUAGE_NAMES,
    Article,
    _section_after_date,
    strip_role,
)
from classify.dates import DateOrder, parse_date
from classify.errors import ClassifyError

__all__ = ["ExportKind", "export_kind", "read_export"]

ExportKind = Literal["nexis", "lexisnexis", "factiva", "factiva-tagged", "proquest"]

_NEXIS_END = re.compile(r"(?m)^\s*End of Document\s*$")
_NEXIS_META = re.compile(
    r"^(?P<key>(?i:Section|Length|Byline|Dateline|Load-Date|Language|Publication-Type|Subject|"
    r"Geographic|Highlight|Graphic|Document-Type|Journal-Code|Notes|Correction|Organization|"
    r"Person|Company|Ticker|Industry|Series|Edition|Publication-Date|Classification|"
    r"Distribution|Url|Correction-Date|Body|Graphic|Notes)):\s*(?P<value>.*)$"
)
# LexisNexis Academic (before Nexis Uni): "1 of 25 DOCUMENTS" opens each
# record, and the keys are in capitals (LENGTH:, BYLINE:, LOAD-DATE:).
# Nexis Uni headings of blocks after the body: the body ends at the first.
_NEXIS_BLOCKS = frozenset({"Graphic", "Correction", "Notes", "Classification", "Highlight"})
# A Nexis Uni cover page: the search that made the export, and its list of titles.
_COVER = re.compile(
    r"^(?:(?:User Name|Date and Time|Job Number|Client/Matter|Search Terms|Search Type|"
    r"Narrowed by|Content Type|Sources?):.*|Documents? \(\d+\)|\d+\.\s.*)$"
)
# An edition line under the date ("Late Edition - Final", "Edition 1;
# Ireland", "Regional Edition"): no part of the title.
_EDITION = re.compile(r"(?i)^(?=.{0,40}$).*\bedition\b")
_LN_START = re.compile(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS?\s*$", re.IGNORECASE)
# LexisNexis Academic's headline key, above or among the other keys.
_LN_HEADLINE = re.compile(r"^HEADLINE:\s*(?P<value>.*)$")


def _ln_key(line: str) -> bool:
    """A LexisNexis Academic key line (``SECTION:``, ``HEADLINE:``, ``BODY:``)."""
    return bool(_NEXIS_META.match(line.strip()) or _LN_HEADLINE.match(line.strip()))


_FACTIVA_END = re.compile(r"^\s*Document\s+[A-Za-z0-9]{12,}\s*$")
_WORDS = re.compile(r"^\s*\d[\d,.]*\s+words\s*$", re.IGNORECASE)
_TAGS = (
    "HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPC|IPD|PUB|AN|SE|CR|ART|HLP|VOL|"
    "NGC|RST|CLM|NP"
)
_TAG_LINE = re.compile(rf"^(?P<tag>{_TAGS})(?:\s+(?P<value>.*))?$")
# ProQuest: a rule of underscores between records, or "Document 3 of 25".
_PQ_RULE = re.compile(r"^\s*_{4,}\s*$")
_PQ_START = re.compile(r"(?i)^\s*Document\s+\d+\s+of\s+\d+\s*$")
_PQ_KEY = re.compile(
    r"^(?P<key>Author|Authors|Publication info|Abstract|Full [Tt]ext|Links|Subject|"
    r"Location|Company / organization|People|Title|Publication title|Pages|Publication year|"
    r"Publication date|Year|Dateline|Section|Publisher|Place of publication|"
    r"Country of publication|Publication subject|ISSN|e-ISSN|Source type|"
    r"Language of publication|Document type|Document feature|ProQuest document ID|"
    r"Document URL|Copyright|Last updated|Database|Identifier / keyword|Illustration|Caption|Credit|"
    r"Named person|Classification|First available|Volume|Issue):\s*(?P<value>.*)$"
)
_PQ_LINK = re.compile(r"(?i)^\s*(?:ProQuest document link|Full text - PDF|Links)\s*$")
_LANGUAGES = frozenset(name.lower() for name in LANGUAGE_NAMES)


def export_kind(text: str) -> ExportKind | None:
    """Which database export ``text`` is, or None for an ordinary article.

    A Nexis Uni export has an ``End of Document`` line and a ``Load-Date:``
    or ``Length: N words`` line; a tagged Factiva export has the lines
    ``HD``, ``LP`` or ``TD``, and ``AN``; a plain Factiva export has a
    ``Document ID`` line and an ``N words`` line; a ProQuest export has a
    ``ProQuest document ID:`` line and a ``Full text:``, ``Publication
    info:`` or ``Abstract:`` line.
    """
    lines = [line.strip() for line in text.splitlines()]
    if any(_LN_START.match(line) for line in lines) and any(
        re.match(r"(?i)(?:load-date|length):", line) for line in lines
    ):
        return "lexisnexis"
    if _NEXIS_END.search(text) and any(
        line.startswith("Load-Date:") or re.match(r"Length:\s*\d[\d,]*\s+words", line)
        for line in lines
    ):
        return "nexis"
    if (
        any(_is_tag(line, "HD") for line in lines)
        and any(_is_tag(line, "LP") or _is_tag(line, "TD") for line in lines)
        and any(_is_tag(line, "AN") for line in lines)
    ):
        return "factiva-tagged"
    if any(_FACTIVA_END.match(line) for line in lines) and any(
        _WORDS.match(line) for line in lines
    ):
        return "factiva"
    if any(line.startswith("ProQuest document ID:") for line in lines) and any(
        re.match(r"(?:Full text|Publication info|Abstract):", line) for line in lines
    ):
        return "proquest"
    return None


def _is_tag(line: str, tag: str) -> bool:
    """``line`` opens with the Factiva tag ``tag``, alone or before its value."""
    return line == tag or bool(re.match(rf"{tag}\s", line))


def read_export(
    text: str,
    kind: ExportKind,
    *,
    id: str,
    path: str,
    date_order: DateOrder = "day-first",
) -> list[Article]:
    """The articles of a database export (see the module docstring).

    Args:
        text: the file's text.
        kind: what :func:`export_kind` said.
        id: the file's article id; each article's id is ``ID/N`` (N from 1)
            for Nexis, the document id (``WP00000020250912el9c0001a``) for
            Factiva.
        path: the file, for messages; each article's path is ``PATH:line N``,
            the line its record starts on.
        date_order: how numeric dates are read (:func:`parse_date`).

    Returns:
        The articles, in file order, each with title, date, author, source,
        section (and dateline for Nexis) where the export gives them, and
        ``meta["export"]`` naming the kind.

    Raises:
        ClassifyError: no article with a body in the file.
    """
    readers: dict[str, Callable[..., Article | None]] = {
        "nexis": _nexis_article,
        "lexisnexis": _lexisnexis_article,
        "factiva": _factiva_article,
        "factiva-tagged": _tagged_article,
        "proquest": _proquest_article,
    }
    articles = []
    for n, (start, lines) in enumerate(_records(text, kind), start=1):
        article = readers[kind](lines, date_order)
        if article is None:
            continue
        _clean_body(article)
        if not article.paragraphs:
            continue
        article.id = article.id or f"{id}/{n}"
        article.path = f"{path}:line {start}"
        article.meta["export"] = kind
        article.meta["layout"] = kind
        articles.append(article)
    if kind == "proquest" and (abstracts := _abstract_only(text)):
        from classify.errors import warn

        warn(
            f"{path}: {abstracts} ProQuest record{'s' if abstracts > 1 else ''} with an "
            "abstract but no 'Full text:' left out (export the full text to read them)"
        )
    if not articles:
        where = {
            "nexis": "after a 'Body' line",
            "lexisnexis": "after the LENGTH:/BYLINE: lines",
            "proquest": "after a 'Full text:' line",
        }
        raise ClassifyError(
            f"a {kind} export with no article text found {where.get(kind, 'in its records')}",
            source=path,
        )
    return articles


def _clean_body(article: Article) -> None:
    """The body as for a single article: web furniture, trailers and wire
    boilerplate dropped, and a dateline at the start of the first paragraph
    taken out of the text (its place kept where the record named none, its
    agency in ``meta["agency"]`` beside the publication, or the source where
    the record names no publication)."""
    from classify.articles import (
        _BOILERPLATE,
        _drop_web_chrome,
        _join_credits,
        _take_credits,
        match_dateline,
    )

    before = len(article.paragraphs)
    paragraphs, _ = _drop_web_chrome(article.paragraphs)
    paragraphs = [p for p in paragraphs if not _BOILERPLATE.match(p)]
    joined = _join_credits(paragraphs)
    # A credit line broken over lines is one dropped paragraph, not several.
    before -= len(paragraphs) - len(joined)
    # "(Reporting by ...; Editing by ...)" ends a wire record, as it ends a story.
    paragraphs = _take_credits(article, joined)
    # Counted, as a text file's are, so nothing leaves the body unsaid.
    article.meta["dropped_paragraphs"] = max(0, before - len(paragraphs))
    if paragraphs and (dl := match_dateline(paragraphs[0])):
        place, agency, end = dl
        article.dateline = article.dateline or place
        if agency:
            article.meta["agency"] = agency
        first = paragraphs[0][end:].strip()
        paragraphs = ([first] if first else []) + paragraphs[1:]
    article.paragraphs = paragraphs
    # The wire a record ran on: its source where the record names no
    # publication, else kept beside it, as a text file with a masthead keeps it.
    agency = article.meta.get("agency")
    if agency and (not article.source or article.source.casefold() == agency.casefold()):
        article.source, article.sources = article.source or agency, [article.source or agency]
        del article.meta["agency"]


def _records(text: str, kind: ExportKind) -> list[tuple[int, list[str]]]:
    """The file cut into records, each with the line (1-based) it starts on."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u00ad", "").rstrip()
        if not current and not line.strip():
            start = number + 1
            continue
        if (
            kind == "factiva-tagged"
            and _is_tag(line.strip(), "HD")
            and any(_is_tag(x.strip(), "AN") for x in current)
        ) or (kind == "lexisnexis" and _LN_START.match(line) and current):
            records.append((start, current))
            current, start = [], number
        if kind == "proquest" and (_PQ_RULE.match(line) or _PQ_START.match(line)):
            if any(x.strip() for x in current):
                records.append((start, current))
            current, start = [], number + 1
            continue
        current.append(line)
        ends = (
            _NEXIS_END.match(line)
            if kind == "nexis"
            else _FACTIVA_END.match(line)
            if kind == "factiva"
            else None
        )
        if ends:
            records.append((start, current))
            current, start = [], number + 1
    if any(x.strip() for x in current):
        records.append((start, current))
    return records


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated blocks, each block's lines joined."""
    from classify.articles import _join_lines

    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        line = " ".join(line.split())
        if line:
            block.append(line)
        elif block:
            out.append(_join_lines(block))
            block = []
    return out


def _author(byline: str | None) -> str | None:
    """A byline's names: "John Roe in Brussels", "By John Roe; The Associated
    Press" and "John Roe, Staff Writer" are John Roe."""
    from classify.articles import _byline_author

    if not byline:
        return None
    byline = re.sub(r"^(?:By|BY)\s+", "", byline.strip())
    # "Jane Doe; Jan Kowalski" are two authors; "Jane Doe; The Associated
    # Press" is one and her agency.
    names = []
    for part in byline.split(";"):
        part = strip_role(part)
        if part and not _KNOWN_AGENCY.fullmatch(part.removeprefix("The ")):
            names.append(_byline_author(f"By {part}") or part)
    return "; ".join(names) or None


def _date(value: str, date_order: DateOrder) -> str | None:
    try:
        return parse_date(value, date_order=date_order)
    except ClassifyError:
        return None


def _dateline_place(value: str | None, date_order: DateOrder) -> tuple[str | None, str | None]:
    """A ``Dateline:`` field's place and date: ``"Belgrade, Feb 3 2023"``
    is ``("Belgrade", "2023-02-03")``; a date without a year (``MOSCOW,
    March 3``), an agency (``Warsaw (Reuters)``) or a wire's mark
    (``/PRNewswire/``) after the place is left out of it too (no date then);
    a dateline of a place alone is as written. ``(None, None)`` for none."""
    if not value or not value.strip():
        return None, None
    place = re.sub(r"\s*(?:\([^()]{1,40}\)|/[^/\s][^/]{0,30}/)\s*$", "", value.strip())
    parts = [p.strip() for p in place.split(",")]
    for k in range(1, len(parts)):
        rest = ", ".join(parts[k:])
        if (date := _date(rest, date_order)) or _MONTH_DAY_ONLY.match(rest):
            return ", ".join(parts[:k]) or None, date
    return place or None, None


def _field_agency(value: str | None) -> dict[str, str]:
    """The agency a record's dateline field names after its place
    (``Warsaw (Reuters)``, ``MINSK /PRNewswire/``) as ``{"agency": name}``,
    for :func:`_clean_body` to place; ``{}`` for none."""
    from classify.articles import match_dateline

    value = (value or "").strip()
    if wire := re.search(r"/([^/\s][^/]{0,30})/$", value):
        return {"agency": wire[1].strip()}
    # Read as a body's dateline is, so a region in brackets ("Kyiv
    # (Ukraine)") is no agency.
    dl = match_dateline(f"{value} - .") if value.endswith(")") else None
    return {"agency": dl[1]} if dl and dl[1] else {}


def _nexis_article(lines: list[str], date_order: DateOrder) -> Article | None:
    lines = [x for x in lines if not _NEXIS_END.match(x)]
    body_at = next((i for i, x in enumerate(lines) if x.strip() == "Body"), None)
    head = lines if body_at is None else lines[:body_at]
    body = [] if body_at is None else lines[body_at + 1 :]
    meta: dict[str, str] = {}
    for line in head + body:
        if m := _NEXIS_META.match(line.strip()):
            meta.setdefault(m["key"].title(), m["value"].strip())
    # The body ends where the trailing metadata starts (Load-Date:, Classification).
    end = next(
        (
            i
            for i, x in enumerate(body)
            if _NEXIS_META.match(x.strip()) or x.strip() in _NEXIS_BLOCKS
        ),
        len(body),
    )
    paragraphs = _paragraphs(body[:end])
    if not paragraphs:
        return None
    top = [x.strip() for x in head if x.strip() and not _COVER.match(x.strip())]
    header = [
        x
        for x in top
        if not _NEXIS_META.match(x)
        and not x.lower().startswith("copyright")
        and not _EDITION.search(x)
    ]
    title = header[0] if header else None
    place, dated = _dateline_place(meta.get("Dateline"), date_order)
    date = next((d for x in header[1:] if (d := _date(x, date_order))), None) or dated
    loaded = None if date or not meta.get("Load-Date") else _date(meta["Load-Date"], date_order)
    source = header[1] if len(header) > 1 and not _date(header[1], date_order) else None
    return Article(
        id="",
        paragraphs=paragraphs,
        title=title,
        section=(meta.get("Section") or "").split(";")[0].strip() or None,
        date=date or loaded,
        author=_author(meta.get("Byline")),
        source=source,
        sources=[source] if source else [],
        dateline=place,
        meta=_loaded_meta(loaded) | _field_agency(meta.get("Dateline")),
    )


def _loaded_meta(loaded: str | None) -> dict[str, Any]:
    """Where no publication date line is read, the date is the day the
    database loaded the article (often a day or more later): said in
    ``meta["date_from"]``, and counted by ``dataset build``."""
    return {"date_from": "load-date"} if loaded else {}


def _lexisnexis_article(lines: list[str], date_order: DateOrder) -> Article | None:
    """A LexisNexis Academic record: "N of M DOCUMENTS", publication, date,
    title, the key lines (SECTION:, LENGTH:, BYLINE:, DATELINE:), the body,
    then LOAD-DATE:, LANGUAGE: and the like."""
    lines = [x for x in lines if not _LN_START.match(x)]
    headline: list[str] = []
    for i, x in enumerate(lines):
        if m := _LN_HEADLINE.match(x.strip()):
            # "HEADLINE: ..." (above or below SECTION:/LENGTH:), wrapped
            # over the lines right under it.
            headline = [m["value"].strip()]
            for more in lines[i + 1 :]:
                if not more.strip() or _ln_key(more):
                    break
                headline.append(more.strip())
            # Its lines read as one key line, so neither is body text.
            wrapped = range(i + 1, i + len(headline))
            lines = [
                "HEADLINE:" if k == i else "" if k in wrapped else x for k, x in enumerate(lines)
            ]
            break
    first_key = next((i for i, x in enumerate(lines) if _ln_key(x)), None)
    if first_key is None:
        return None
    head = [x.strip() for x in lines[:first_key] if x.strip()]
    head = [x for x in head if not re.match(r"(?i)copyright|\(c\)|©|all rights reserved", x)]
    # The body opens after the key block (keys and blank lines) and runs to
    # the next key line.
    start = first_key
    while start < len(lines) and (not lines[start].strip() or _ln_key(lines[start])):
        start += 1
    end = next((i for i in range(start, len(lines)) if _ln_key(lines[i])), len(lines))
    paragraphs = _paragraphs(lines[start:end])
    if not paragraphs:
        return None
    meta: dict[str, str] = {}
    for line in lines:
        if m := _NEXIS_META.match(line.strip()):
            meta.setdefault(m["key"].lower(), m["value"].strip())
    date_at = next((i for i, x in enumerate(head) if _date(x, date_order)), None)
    source = head[0] if head and date_at != 0 else None
    after = head[date_at + 1 :] if date_at is not None else head[1:]
    after = [x for x in after if not _EDITION.search(x)]
    date = _date(head[date_at], date_order) if date_at is not None else None
    loaded = None if date or not meta.get("load-date") else _date(meta["load-date"], date_order)
    return Article(
        id="",
        paragraphs=paragraphs,
        title=" ".join(headline) or " ".join(after) or None,
        section=(meta.get("section") or "").split(";")[0].strip() or None,
        date=date or loaded,
        meta=_loaded_meta(loaded) | _field_agency(meta.get("dateline")),
        author=_author(meta.get("byline")),
        source=source,
        sources=[source] if source else [],
        dateline=_dateline_place(meta.get("dateline"), date_order)[0],
    )


def _factiva_article(lines: list[str], date_order: DateOrder) -> Article | None:
    doc = next((x.strip().split(None, 1)[1] for x in lines if _FACTIVA_END.match(x)), None)
    lines = [x for x in lines if not _FACTIVA_END.match(x)]
    blank = next((i for i, x in enumerate(lines) if not x.strip()), len(lines))
    notice = next(
        (i for i in range(blank) if re.match(r"(?i)\s*(?:copyright|\(c\)|©)", lines[i])), None
    )
    if notice is not None and notice + 1 < blank:
        # The lead glued under the copyright line, without a blank line.
        blank = notice
        lines = [*lines[: notice + 1], "", *lines[notice + 1 :]]
        blank = notice + 1
    head, body = [x.strip() for x in lines[:blank]], lines[blank + 1 :]
    words_at = next((i for i, x in enumerate(head) if _WORDS.match(x)), None)
    # A record without its "N words" line: the title first, the rest by shape.
    top = head[:words_at] if words_at is not None else head[:1]
    rest = head[words_at + 1 :] if words_at is not None else head[1:]
    section = None
    if len(top) > 1 and (
        (";" in top[0] and len(top[0].split()) <= 6)
        # "World News", "Commentary": a section's few capitalised words
        # above a longer headline that is no byline.
        or (
            _section_after_date(top[0])
            and len(top[1].split()) >= 4
            and not re.match(r"(?i)by\s", top[1])
            and len(top[1].split()) > len(top[0].split())
        )
    ):
        # "World; Europe": Factiva prints the section above the headline.
        section, top = top[0], top[1:]
    title = top[0] if top else None
    # An agency's credit under the byline ("The Associated Press") is no author.
    authors = [
        a
        for x in top[1:]
        if not _KNOWN_AGENCY.fullmatch(x.removeprefix("The ")) and (a := _author(x))
    ]
    date = next((d for x in rest if (d := _date(x, date_order))), None)
    after = [
        x
        for x in rest
        if not _date(x, date_order)
        and not re.fullmatch(r"\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s*\w{2,4})?", x, re.IGNORECASE)
        and x.lower() not in _LANGUAGES
        and not re.match(r"(?i)copyright|\(c\)|©", x)
        and not re.fullmatch(r"[A-Z0-9]{2,8}", x)
    ]
    source = after[0] if after else None
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return None
    return Article(
        id=doc or "",
        paragraphs=paragraphs,
        title=title,
        date=date,
        author="; ".join(authors) or None,
        section=section,
        source=source,
        sources=[source] if source else [],
    )


def _tagged_article(lines: list[str], date_order: DateOrder) -> Article | None:
    fields: dict[str, list[str]] = {}
    tag = None
    for raw in lines:
        line = raw.strip()
        if m := _TAG_LINE.match(line):
            tag = m["tag"]
            fields.setdefault(tag, [])
            if m["value"]:
                fields[tag].append(m["value"].strip())
        elif tag is not None:
            fields[tag].append(line)

    def one(key: str) -> str | None:
        value = " ".join(x for x in fields.get(key, []) if x)
        return value or None

    body = [*fields.get("LP", []), "", *fields.get("TD", [])]
    # One paragraph per line, as Factiva writes them; blank lines too.
    paragraphs = [" ".join(x.split()) for x in body if x.strip()]
    if not paragraphs:
        return None
    doc = one("AN")
    source = one("SN")
    return Article(
        id=doc.split(None, 1)[1] if doc and doc.startswith("Document ") else (doc or ""),
        paragraphs=paragraphs,
        title=one("HD"),
        section=one("SE"),
        date=_date(one("PD") or "", date_order) if one("PD") else None,
        author=_author(one("BY")),
        source=source,
        sources=[source] if source else [],
    )


def _abstract_only(text: str) -> int:
    """How many ProQuest records of ``text`` have an ``Abstract:`` and no ``Full text:``."""
    records = [lines for _, lines in _records(text, "proquest")]
    return sum(
        any(x.startswith("Abstract:") for x in lines)
        and not any(re.match(r"(?i)Full text:", x) for x in lines)
        for lines in records
    )


def _proquest_names(value: str | None) -> str | None:
    """ProQuest's "Last, First; Last, First" as "First Last; First Last"
    ("Anonymous" is no one's name)."""
    if not value or value.strip().casefold() in ("anonymous", "anon", "anon."):
        return None
    names = []
    for part in value.split(";"):
        last, comma, first = part.strip().partition(",")
        names.append(f"{first.strip()} {last.strip()}" if comma and first.strip() else part.strip())
    return "; ".join(n for n in names if n) or None


def _proquest_article(lines: list[str], date_order: DateOrder) -> Article | None:
    """A ProQuest record: the title, keyed lines, the text after ``Full
    text:`` up to the next key, and the keys after it (see the module docstring)."""
    meta: dict[str, str] = {}
    head: list[str] = []
    body: list[str] = []
    state = "head"  # then "body" after "Full text:", then "tail" at the next key
    keyed = [_PQ_KEY.match(line.strip()) for line in lines]
    for k, line in enumerate(lines):
        stripped = line.strip()
        m = keyed[k]
        if m and state == "body":
            # The text ends where the keys after it start, a run of them: a
            # key-like line inside the text ("Subject: talks") is followed by text.
            after = next((keyed[j] for j in range(k + 1, len(lines)) if lines[j].strip()), m)
            if after is None:
                m = None
        if m and m["key"].lower() == "full text" and state == "head":
            state, body = "body", [m["value"]]
        elif m:
            state = "tail" if state == "body" else state
            meta.setdefault(m["key"].lower(), m["value"].strip())
        elif state == "body":
            body.append(line)
        elif state == "head" and stripped and not _PQ_LINK.match(stripped):
            head.append(stripped)
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return None
    info = meta.get("publication info", "")
    date = _date(meta["publication date"], date_order) if meta.get("publication date") else None
    if date is None and (found := re.search(r"\.\s+([^.:]*\d{4})\s*(?::|\.?$)", info)):
        # "The Baltic Times; Vilnius [Vilnius]. 14 Apr 2021: A3."
        date = _date(found[1], date_order)
    # "The Baltic Times; Vilnius": the outlet, then its place.
    source = (meta.get("publication title") or info.split(".")[0]).split(";")[0].strip() or None
    if source:
        # "New York Times, Late Edition (East Coast)", "Wall Street Journal
        # (Online)": the paper, one outlet whichever edition carried it.
        source = re.sub(r"(?i),\s*(?:[\w.'-]+\s+){0,3}edition\b.*$", "", source)
        source = re.sub(r"(?i)\s*\((?:online|e-?edition|web|digital|print)\)$", "", source)
        source = source.strip() or None
    return Article(
        id=meta.get("proquest document id") or "",
        paragraphs=paragraphs,
        title=meta.get("title") or (head[0] if head else None),
        date=date,
        author=_proquest_names(meta.get("author") or meta.get("authors")),
        section=meta.get("section") or None,
        source=source,
        sources=[source] if source else [],
        dateline=_dateline_place(meta.get("dateline"), date_order)[0],
        meta=({"url": meta["document url"]} if meta.get("document url") else {})
        | _field_agency(meta.get("dateline")),
    )
