"""Direct quotations and their speakers, from an article's paragraphs.

A unit level (``--unit quote``) for analysing stance by speaker. Rules, no
model: news wire copy quotes in a few fixed shapes, and a parser-based tool
(textacy's quote extraction) needs a spaCy pipeline, whose official models
are downloaded from GitHub releases, not installed from a package registry.

What is found:

* quotations in curly (“…”) or straight ("…") double quotes; single quotes
  inside them (‘…’, '…') are nested quotations and stay part of the outer
  one; a quotation of fewer than ``MIN_WORDS`` words (a scare-quoted term)
  is left out;
* a quotation over several paragraphs, written the news way: each
  paragraph opens with a quote mark, only the last one closes it;
* its attribution, in the paragraph where the quotation ends or starts:
  ``“…,” said Coale`` / ``“…,” Coale said`` / ``Coale said: “…”`` /
  ``Coale said Washington did not “come to the surface”`` / ``according to
  Coale``, and the same with a described speaker (``a U.S. embassy
  spokesperson said``);
* the speaker resolved within the article: a surname or a titled short form
  (``Coale``, ``President Trump``) links to the one full name that ends
  with it (``John Coale``), with the title given beside it (``John Coale,
  a Trump representative``, ``President Alexander Lukashenko``).

What is not guessed: a pronoun (``he said``) is kept as the mention with no
speaker, and a quotation with no attribution in its own paragraphs has no
speaker; a surname shared by two full names stays the surname.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from classify.articles import Article
from classify.dates import CALENDAR_WORDS

MIN_WORDS = 3
OPEN = "“"
CLOSE = "”"
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})
_VERB = (
    r"(?:said|says|say|told(?:\s+\w+){0,2}|added|adds|stated|declared|wrote|writes|"
    r"explained|insisted|warned|noted|argued|asked|replied|continued|"
    r"tells(?:\s+\w+){0,2}|added|recalled|announced)"
)
_TITLE_WORDS = (
    r"(?:U\.S\.|US|UN|EU|Belarusian|Russian|French|German|Chinese|British|American|"
    r"Ukrainian|Iranian|Venezuelan|Cuban|Syrian|Foreign|Prime|Deputy|Vice|Defence|Defense|"
    r"State|Chief|General|Acting|Former|former|President|Minister|Secretary|Senator|Sen\.|"
    r"Rep\.|Gov\.|Governor|Ambassador|Envoy|Chancellor|King|Queen|Prince|Gen\.|General|"
    r"Col\.|Mr\.|Mrs\.|Ms\.|Dr\.|Prof\.|Pope|Spokesman|Spokeswoman|Mayor|Judge|Leader)"
)
# Capitalised words of a name (Jean-Luc, O'Brien, McCain), initials (J.).
_CAP = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+)"
_NAME = rf"(?:(?:{_TITLE_WORDS}\s+)*{_CAP}(?:\s+{_CAP}){{0,3}})"
_ROLE = (
    r"(?:spokesperson|spokesman|spokeswoman|official|officials|minister|diplomat|"
    r"source|sources|representative|envoy|ambassador|analyst|statement|ministry|"
    r"adviser|advisor|aide|lawyer|witness|activist|resident|officer)"
)
_DESCRIBED = rf"(?:(?:a|an|the|one)\s+(?:[\w.’'-]+\s+){{0,5}}?{_ROLE})"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_WHO = rf"(?P<who>{_NAME}|{_DESCRIBED}|{_PRONOUN})"
_NOT_NAMES = frozenset(
    [
        *CALENDAR_WORDS,
        "The",
        "This",
        "That",
        "It",
        "In",
        "On",
    ]
)

_AFTER = [
    re.compile(rf"^\s*[,.!?]?\s*{_VERB}\s+{_WHO}"),
    re.compile(rf"^\s*[,.!?]?\s*{_WHO}\s+(?:also\s+|later\s+)?{_VERB}\b"),
    re.compile(rf"^\s*[,.!?]?\s*[Aa]ccording\s+to\s+{_WHO}"),
]
_BEFORE = [
    re.compile(rf"[Aa]ccording\s+to\s+{_WHO}\s*,?\s*$"),
    # "Coale said: “", and "Coale said Washington ... did not “" (a partial
    # quotation inside reported speech): the verb in the same sentence.
    re.compile(rf"(?:^|[.!?]\s+|,\s+|\bas\s+|\band\s+)?{_WHO}\s+(?:also\s+)?{_VERB}\b[^.!?“”\"]*$"),
]


@dataclass(frozen=True)
class Quote:
    """One direct quotation: ``text`` without its quote marks (paragraphs
    of a multi-paragraph quotation joined by a blank line), the 1-based
    ``paragraph`` it starts in, ``number`` its 1-based order in the
    article, ``mention`` the attribution as written (``Coale``, ``he``, or
    None), ``speaker`` the resolved name (None for a pronoun or no
    attribution) and ``title`` the speaker's title or description in the
    article, when given."""

    number: int
    text: str
    paragraph: int
    speaker: str | None
    mention: str | None
    title: str | None


def _spans(paragraph: str) -> list[tuple[int, int | None]]:
    """``(start, end)`` of each double-quoted span (positions of the marks;
    ``end`` None when the span runs to the paragraph's end)."""
    spans: list[tuple[int, int | None]] = []
    start: int | None = None
    depth = 0
    for i, ch in enumerate(paragraph):
        prev = paragraph[i - 1] if i else " "
        if start is None:
            if ch == OPEN or (ch == '"' and (prev.isspace() or prev in "([—–-:")):
                start, depth = i, 1
        elif ch == OPEN:
            depth += 1  # a nested curly quotation
        elif ch == CLOSE or ch == '"':
            depth -= 1
            if depth <= 0:
                spans.append((start, i))
                start = None
    if start is not None:
        spans.append((start, None))
    return spans


def _people(article: Article) -> dict[str, str | None]:
    """Full names (two or more capitalised words) in the article, with the
    title given before (``President``) or after (``, a Trump
    representative,``) their first full mention."""
    text = "\n".join([article.title or "", *article.paragraphs])
    people: dict[str, str | None] = {}
    pattern = re.compile(
        rf"(?P<title>(?:{_TITLE_WORDS}\s+)*)(?P<name>{_CAP}(?:\s+{_CAP}){{1,3}})"
        r"(?P<appos>,\s+(?:a|an|the)\s+[^,.;“”\"]{3,80}?(?=,|\.|;))?"
    )
    # A second pass without appositions finds names inside another's
    # apposition ("Lukashenko, a close ally of Russian President Vladimir Putin").
    plain = re.compile(rf"(?P<title>(?:{_TITLE_WORDS}\s+)*)(?P<name>{_CAP}(?:\s+{_CAP}){{1,3}})")
    for m in [*pattern.finditer(text), *plain.finditer(text)]:
        name = m["name"]
        words = name.split()
        if (
            words[0] in _NOT_NAMES
            or words[-1] in _NOT_NAMES
            or re.fullmatch(_TITLE_WORDS, words[0])
        ):
            continue
        appos = m.groupdict().get("appos") or ""
        title = appos.lstrip(", ").strip() or m["title"].strip() or None
        if name not in people or (people[name] is None and title):
            people[name] = title
    return people


def _resolve(mention: str, people: dict[str, str | None]) -> tuple[str | None, str | None]:
    """A mention to ``(speaker, title)``: a pronoun to ``(None, None)``; a
    described speaker to itself; a name to the one full name that ends (or
    begins) with its last word, else as written."""
    words = mention.split()
    if mention.lower() in PRONOUNS:
        return None, None
    if re.fullmatch(_DESCRIBED, mention):
        return mention, None
    titles = []
    while len(words) > 1 and re.fullmatch(_TITLE_WORDS, words[0]):
        titles.append(words.pop(0))
    name = " ".join(words)
    if name in people:
        return name, people[name] or (" ".join(titles) or None)
    last = words[-1]
    matches = [p for p in people if p.split()[-1] == last and p != name]
    if len(matches) == 1:
        full = matches[0]
        return full, people[full] or (" ".join(titles) or None)
    return name, " ".join(titles) or None


def _attribution(before: str, after: str) -> str | None:
    """The attribution next to a quotation: first what follows it, then
    what leads into it (same sentence)."""
    for pattern in _AFTER:
        m = pattern.match(after)
        if m and m["who"].split()[0] not in _NOT_NAMES:
            return _trim(m["who"])
    # Initials and abbreviations ("U.S.") do not end a sentence.
    before = re.sub(r"\b([A-Z])\.(?=[A-Z ,])", "\\1\u2024", before)
    for pattern in _BEFORE:
        m = pattern.search(before)
        if m and m["who"].split()[0] not in _NOT_NAMES:
            return _trim(m["who"].replace("\u2024", "."))
    return None


def _trim(who: str) -> str:
    # "Coale on Thursday": a name ends before a lower-case word.
    return " ".join(who.split())


def extract_quotes(article: Article | Sequence[str], *, min_words: int = MIN_WORDS) -> list[Quote]:
    """The direct quotations of an article (or of a list of paragraphs),
    in order, with their speakers (see the module docstring)."""
    if isinstance(article, Article):
        paragraphs = list(article.paragraphs)
        people = _people(article)
    else:
        paragraphs = list(article)
        people = _people(Article(id="", paragraphs=paragraphs))
    found: list[tuple[str, int, str, str]] = []  # text, paragraph, before, after
    open_text: list[str] | None = None
    open_start = open_before = None
    for p, paragraph in enumerate(paragraphs, start=1):
        spans = _spans(paragraph)
        for s, (start, end) in enumerate(spans):
            # A quotation carried over from the paragraph above continues
            # here when this paragraph opens with a quote mark.
            continuing = open_text is not None and s == 0 and paragraph[:start].strip() == ""
            if open_text is not None and not continuing:
                found.append(("\n\n".join(open_text), open_start, open_before, ""))
                open_text = None
            piece = paragraph[start + 1 : end].strip()
            if end is None:
                if continuing:
                    open_text.append(piece)
                else:
                    open_text, open_start, open_before = [piece], p, paragraph[:start]
                continue
            if continuing:
                text, first, before = "\n\n".join([*open_text, piece]), open_start, open_before
                open_text = None
            else:
                text, first, before = piece, p, paragraph[:start]
            following = spans[s + 1][0] if s + 1 < len(spans) else len(paragraph)
            found.append((text, first, before, paragraph[end + 1 : following]))
        if open_text is not None and not spans:
            found.append(("\n\n".join(open_text), open_start, open_before, ""))
            open_text = None
    if open_text is not None:
        found.append(("\n\n".join(open_text), open_start, open_before, ""))
    quotes = []
    for text, paragraph, before, after in found:
        if len(text.split()) < min_words:
            continue
        mention = _attribution(before, after)
        speaker, title = _resolve(mention, people) if mention else (None, None)
        quotes.append(
            Quote(
                number=len(quotes) + 1,
                text=text.rstrip(",").strip(),
                paragraph=paragraph,
                speaker=speaker,
                mention=mention,
                title=title,
            )
        )
    return quotes
