"""Reading news articles: ``.txt`` files in the seed layout, JSONL and CSV.

The seed layout (a Reuters article as copied from the web)::

    Headline
    <blank>
    Section | Month D, YYYY
    Optional photo caption
    <blank>
    By Author
    <blank>
    (Reuters) -First paragraph, which starts with a dateline ...
    ... more paragraphs ...
    (Reporting by ...Writing by ...Editing by ...)

The caption and the credit line are kept as metadata, never as body text, so
they never become units. JSONL and CSV files hold one item per row with a
``text`` column and optional ``id``, ``date``, ``title`` and gold-label columns.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from classify.errors import ClassifyError

ARTICLE_SUFFIXES = (".txt",)
TABLE_SUFFIXES = (".jsonl", ".csv")

_SECTION_DATE = re.compile(
    r"^(?P<section>[^|]*?)\s*\|\s*(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})\s*$"
)
_BYLINE = re.compile(r"^By\s+(?P<author>.+?)\s*$")
# "(Reuters) -", "MINSK (Reuters) - ", "WASHINGTON, Sept 11 (AP) —"; the
# agency's dash is often glued to the first word in copied text.
_DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Za-z .,'/-]*?(?:,\s*[A-Za-z]{3,9}\.?\s+\d{1,2})?)\s+)?"
    r"\((?P<source>[A-Za-z][A-Za-z .&-]{0,40})\)\s*[-–—]+\s*"
)
_CREDIT_ROLES = (
    "Additional reporting by",
    "Reporting by",
    "Writing by",
    "Editing by",
    "Compiled by",
    "Graphics by",
)
_CREDIT_LINE = re.compile(
    r"^\(\s*(?:" + "|".join(re.escape(r) for r in _CREDIT_ROLES) + r")\b.*\)\s*$", re.IGNORECASE
)


@dataclass
class Article:
    """One news article or item, with its metadata and body paragraphs."""

    id: str
    paragraphs: list[str]
    title: str | None = None
    section: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    author: str | None = None
    source: str | None = None  # news agency or outlet ("Reuters")
    dateline: str | None = None  # place in the dateline, when given
    caption: str | None = None
    credits: str | None = None
    path: str | None = None
    # Gold labels given for the whole item (JSONL/CSV columns such as
    # ``topics`` and ``stance``), and any other columns of the row.
    labels: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def credit_roles(self) -> dict[str, str]:
        """The credit line split by role: ``{"reporting": ..., "writing": ...}``."""
        return parse_credits(self.credits) if self.credits else {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "date": self.date,
            "author": self.author,
            "source": self.source,
            "dateline": self.dateline,
            "caption": self.caption,
            "credits": self.credits,
            "paragraphs": list(self.paragraphs),
            "path": self.path,
        }


# -- entry points -------------------------------------------------------------


def read_articles(*sources: str | Path | Iterable[str | Path]) -> list[Article]:
    """Read articles from files and folders.

    A folder contributes its ``.txt`` articles (searched recursively, in name
    order); a file is read by its suffix: ``.txt``, ``.jsonl`` or ``.csv``.
    Article ids must be unique across all sources.
    """
    paths: list[Path] = []
    for source in sources:
        if isinstance(source, (str, Path)):
            paths.append(Path(source))
        else:
            paths.extend(Path(s) for s in source)
    if not paths:
        raise ClassifyError("no article sources given")
    articles: list[Article] = []
    for path in paths:
        articles.extend(_read_source(path))
    seen: dict[str, str | None] = {}
    for article in articles:
        if article.id in seen:
            raise ClassifyError(
                f"article id '{article.id}' also appears in {seen[article.id]}", source=article.path
            )
        seen[article.id] = article.path
    return articles


def _read_source(path: Path) -> Iterator[Article]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise ClassifyError("folder holds no .txt articles", source=path)
        for file in files:
            yield parse_article(read_text(file), id=file.stem, path=str(file))
        return
    if not path.exists():
        raise ClassifyError("file not found", source=path)
    suffix = path.suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        yield parse_article(read_text(path), id=path.stem, path=str(path))
    elif suffix == ".jsonl":
        yield from (_row_to_article(row, path, where) for row, where in iter_jsonl(path))
    elif suffix == ".csv":
        yield from (_row_to_article(row, path, where) for row, where in iter_csv(path))
    else:
        raise ClassifyError(
            f"unsupported file type '{suffix}' (use .txt, .jsonl or .csv)", source=path
        )


def read_text(path: Path) -> str:
    """The whole file as text, with one-line errors for the usual problems."""
    path = Path(path)
    if not path.is_file():
        raise ClassifyError("file not found", source=path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClassifyError(f"not UTF-8 text (byte {exc.start})", source=path) from None
    if "\x00" in text:
        raise ClassifyError("not a text file (contains NUL bytes)", source=path)
    if not text.strip():
        raise ClassifyError("file is empty", source=path)
    return text


def iter_jsonl(path: Path) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a JSONL file with their ``line N`` location; blank lines are skipped."""
    text = read_text(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ClassifyError(
                f"not valid JSON ({exc.msg})", source=path, where=f"line {number}"
            ) from None
        if not isinstance(row, dict):
            raise ClassifyError(
                "each line must be a JSON object", source=path, where=f"line {number}"
            )
        yield row, f"line {number}"


def iter_csv(path: Path) -> Iterator[tuple[dict[str, Any], str]]:
    text = read_text(path)
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise ClassifyError("CSV needs a 'text' column in its header", source=path, where="line 1")
    for number, row in enumerate(reader, start=2):
        yield {k: v for k, v in row.items() if k is not None}, f"line {number}"


_ROW_FIELDS = {"id", "text", "date", "title", "section", "author", "source", "sources"}
LABEL_FIELDS = ("topics", "stance")


def _row_to_article(row: dict[str, Any], path: Path, where: str) -> Article:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ClassifyError("row has no 'text'", source=path, where=where)
    number = where.split()[-1]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    date = row.get("date") or (str(row["year"]) if row.get("year") else None)
    labels = {k: row[k] for k in LABEL_FIELDS if k in row and row[k] not in (None, "")}
    meta = {k: v for k, v in row.items() if k not in _ROW_FIELDS and k not in LABEL_FIELDS}
    return Article(
        id=str(row.get("id") or f"{path.stem}-{number}"),
        paragraphs=[" ".join(p.split()) for p in paragraphs],
        title=row.get("title") or None,
        section=row.get("section") or None,
        date=_iso_date(date) if date else None,
        author=row.get("author") or None,
        source=_clean_source(row.get("source") or row.get("sources")),
        path=f"{path}:{where}",
        labels=labels,
        meta=meta,
    )


# -- the seed layout --------------------------------------------------------------


def parse_article(text: str, *, id: str, path: str | None = None) -> Article:
    """Parse one article in the seed layout; lenient where parts are missing.

    Only the headline is required. The section/date line, caption, byline,
    dateline and credit line are each recognised by their shape.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ClassifyError("article is empty", source=path)
    title, rest = lines[0], lines[1:]
    article = Article(id=id, paragraphs=[], title=title, path=path)

    if rest and (m := _SECTION_DATE.match(rest[0])):
        article.section = m["section"] or None
        article.date = _iso_date(m["date"], source=path)
        rest = rest[1:]

    # The caption sits between the section line and the byline; without a
    # byline, it is whatever precedes the dateline paragraph.
    byline_at = next((i for i, line in enumerate(rest[:4]) if _BYLINE.match(line)), None)
    if byline_at is None:
        byline_at = -1
        dateline_at = next((i for i, line in enumerate(rest[:4]) if _DATELINE.match(line)), 0)
        captions, rest = rest[:dateline_at], rest[dateline_at:]
    else:
        captions = rest[:byline_at]
        article.author = _BYLINE.match(rest[byline_at])["author"]
        rest = rest[byline_at + 1 :]
    article.caption = " ".join(captions) or None

    if rest and _CREDIT_LINE.match(rest[-1]):
        article.credits = rest[-1][1:-1].strip()
        rest = rest[:-1]

    if rest and (m := _DATELINE.match(rest[0])):
        article.source = m["source"].strip()
        article.dateline = (m["place"] or "").strip(" ,") or None
        first = rest[0][m.end() :].strip()
        rest = ([first] if first else []) + rest[1:]
    if not rest:
        raise ClassifyError("article has a headline but no body paragraphs", source=path)
    article.paragraphs = rest
    return article


def parse_credits(credits: str) -> dict[str, str]:
    """``"Reporting by ReutersWriting by A. B. in LondonEditing by C. D."`` to
    ``{"reporting": "Reuters", "writing": "A. B. in London", "editing": "C. D."}``.

    Copied credit lines often lose the separators between roles, so roles are
    found by their phrase, not by punctuation.
    """
    pattern = re.compile("(" + "|".join(re.escape(r) for r in _CREDIT_ROLES) + ")", re.IGNORECASE)
    parts = pattern.split(credits)
    out: dict[str, str] = {}
    for role, value in zip(parts[1::2], parts[2::2]):
        key = role.lower().replace(" by", "").replace(" ", "_")
        value = value.strip(" ;,.\u00a0")
        if value:
            out[key] = value
    return out


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%Y-%m-%d", "%Y-%m", "%Y", "%d/%m/%Y")


def _iso_date(value: Any, *, source: object = None) -> str:
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%Y":
            return f"{parsed.year:04d}"
        if fmt == "%Y-%m":
            return f"{parsed.year:04d}-{parsed.month:02d}"
        return parsed.date().isoformat()
    raise ClassifyError(f"cannot read date '{text}'", source=source)


def _clean_source(value: Any) -> str | None:
    if not value:
        return None
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value).strip()
    # WCE items cite outlets as "(The Korea Herald)" or "(BBC) (Reuters)".
    m = re.match(r"^\(([^)]+)\)", text)
    return (m[1] if m else text).strip() or None
