"""A text as every model reads it, wherever it came from (a file, a table
cell, a string in a notebook).

Kept apart from the readers so that the model folder (:mod:`classify.store`)
and the units (:mod:`classify.units`) read a text the same way without
depending on each other.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that are invisible on the page but split a word for every
# tokenizer: a soft hyphen or a zero-width space inside "sanc­tions" turns a
# word the model knows into two it does not. Web pages, PDFs and word
# processors put them in (hyphenation points, line-break hints, byte order
# marks pasted mid-text, direction marks and isolates, invisible math
# operators, interlinear annotation marks, tag characters): Unicode's format
# characters (category Cf) and the combining grapheme joiner. Kept: the
# zero-width (non-)joiners, which change how Persian, Indic scripts and emoji
# are written, and the Arabic signs of category Cf that are drawn
# (U+0600-0605, U+06DD, U+070F, U+0890-0891, U+08E2).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


# A zero-width (non-)joiner joins only between two letters ("می‌خواهم");
# elsewhere (at a line's start, beside a space) it is as invisible as the rest.
_LOOSE_JOINER = re.compile(r"(?<!\w)[\u200c\u200d]|[\u200c\u200d](?!\w)")


def normal_text(text: str) -> str:
    """``text`` in Unicode NFC (composed and decomposed accents are one
    text) without the invisible characters of :data:`_INVISIBLE`, and
    without zero-width (non-)joiners that stand anywhere but between two
    letters (emoji sequences are split into their emoji). A text without
    them and already in NFC is returned as it is."""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if ("\u200c" in text or "\u200d" in text) and _LOOSE_JOINER.search(text):
        text = _LOOSE_JOINER.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def id_form(unit_id: str) -> str:
    """A unit or article id in Unicode NFC, for matching ids whose accents
    are composed in one file and decomposed in another: a file name
    unzipped on a Mac (``türkiye`` as ``u`` and a combining diaeresis)
    against the id a coder typed or a spreadsheet saved. Ids are matched in
    this form and written as the sources give them."""
    return unicodedata.normalize("NFC", unit_id) if not unit_id.isascii() else unit_id


# A UTF-8 lead byte (Â..ô) read as cp1252/latin-1, then a continuation byte
# read so ("â€™" for "’", "Ã©" for "é"; latin-1 leaves C1 controls,
# "â\x80\x99"): where none occurs there is nothing for ftfy to look at, which
# keeps reading a large pool fast.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161"
    "\u203a\u0153\u017e\u0178]"
)


def repair_mojibake(text: str) -> str:
    """``text`` with mojibake undone: UTF-8 text that was once decoded as
    cp1252 or latin-1 and saved again ("EUâ€™s" for "EU’s", "cafÃ©" for
    "café"), as spreadsheets and old CMS exports leave it. Uses ftfy's
    ``fix_encoding`` (Speer 2019, ftfy, Zenodo 10.5281/zenodo.2591652),
    which changes a text only where its byte pattern is far likelier to be
    mojibake than real text, and nothing else (quotes, spacing, accents that
    are right stay). A text without a UTF-8-read-as-cp1252 pair of
    characters is returned as it is without calling ftfy."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def is_blank(text: str) -> bool:
    """Whether ``text`` has nothing to read: white space, and zero-width
    (non-)joiners, at most."""
    return not text.strip().strip("\u200c\u200d").strip()


# The writing systems a text's letters are counted in (Unicode blocks; a
# script not listed here counts as "other").
_SCRIPTS: dict[str, re.Pattern[str]] = {
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "Cyrillic": re.compile(r"[\u0400-\u052f]"),
    "Greek": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
    "Arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "Hebrew": re.compile(r"[\u0590-\u05ff]"),
    "Han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"),
    "Kana": re.compile(r"[\u3040-\u30ff]"),
    "Hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"),
    "Devanagari": re.compile(r"[\u0900-\u097f]"),
    "Georgian": re.compile(r"[\u10a0-\u10ff]"),
    "Armenian": re.compile(r"[\u0530-\u058f]"),
}


# Any character outside Latin letters, ASCII and general punctuation.
_BEYOND_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")


def main_script(text: str, *, chars: int = 2000) -> str | None:
    """The writing system most of a text's letters are in: ``"Latin"``,
    ``"Cyrillic"``, ``"Greek"``, ``"Arabic"``, ``"Hebrew"``, ``"Han"``,
    ``"Kana"``, ``"Hangul"``, ``"Devanagari"``, ``"Georgian"`` or
    ``"Armenian"`` (by Unicode block, over the first ``chars`` characters);
    None for a text without letters of these. Names quoted in another
    script ("Lukashenko (Лукашенко)") do not change a text's script."""
    head = str(text)[:chars]
    if not _BEYOND_LATIN.search(head):
        # Most texts: nothing outside Latin letters and common punctuation,
        # so no count per script (predict checks every text it is given).
        return "Latin" if _SCRIPTS["Latin"].search(head) else None
    counts = {name: len(pattern.findall(head)) for name, pattern in _SCRIPTS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def script_shares(texts: list[str] | tuple[str, ...]) -> dict[str, float]:
    """The share of ``texts`` whose main script (:func:`main_script`) is each
    script, in falling order, rounded to 4 decimals; texts without letters
    are left out. ``{}`` for none."""
    from collections import Counter

    found = Counter(s for s in map(main_script, texts) if s is not None)
    total = sum(found.values())
    return {s: round(n / total, 4) for s, n in found.most_common()} if total else {}
