"""Tables of items: JSONL, CSV and TSV, read row by row with their line numbers.

* JSONL is split on ``\\n`` only: U+2028, U+2029, U+0085 and other Unicode
  line separators inside a JSON string are text (``str.splitlines`` would cut
  the row there). Numbers keep the form they were written in, so an id written
  ``2.0`` stays ``"2.0"``.
* CSV and TSV are parsed by the :mod:`csv` module from the file stream, so a
  quoted cell keeps its line breaks and delimiters; a row whose cells do not
  line up with the header is refused (:func:`table_rows`). ``.tsv`` means tabs; for
  other files the delimiter is ``--delimiter`` or, when not given, the one of
  ``, ; TAB |`` that occurs most often in the header line (``,`` if none).
  Cells are strings; an empty cell is ``""``, a missing column ``None``.

Every row comes with ``"line N"``, the line it starts on, so errors name it.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from pathlib import Path
from typing import Any, Literal

from classify.errors import ClassifyError, column_list

TABLE_SUFFIXES = (".jsonl", ".csv", ".tsv", ".parquet")
ON_ERROR = ("stop", "skip")
_DELIMITERS = (",", ";", "\t", "|")


# The read options the running command offers, so an error's hint names an
# option it has: None in Python (hints name ``ReadOptions``), a set of
# option names inside a CLI command; "set" means it takes ``--set data.KEY=``.
_OFFERED: ContextVar[frozenset[str] | None] = ContextVar("classify_read_options", default=None)
# The files a read was given whose skipping whole would leave nothing (one
# file alone, the one file with content beside empty ones, or every file where
# all are empty), so their errors offer no skip.
SOLE_FILE: ContextVar[frozenset[Path]] = ContextVar("classify_sole_file", default=frozenset())


def sole_files(paths: Sequence[object]) -> frozenset[Path]:
    """The files of ``paths`` (given sources) that :data:`SOLE_FILE` holds:
    none where a folder or a table is among them or two files have content."""
    if not paths or not all(isinstance(p, Path) and p.is_file() for p in paths):
        return frozenset()
    files = [Path(str(p)).resolve() for p in paths]
    full = [f for f in files if not _blank_file(f)]
    return frozenset(full if len(full) == 1 else files if not full else ())


def _blank_file(path: Path) -> bool:
    """Whether ``path`` holds nothing but white space (read only when small)."""
    size = path.stat().st_size
    return size == 0 or (size < 4096 and not path.read_bytes().strip())


READ_KEYS = ("text_column", "id_column", "delimiter", "encoding", "on_error", "columns")


@contextlib.contextmanager
def offered_options(*names: str) -> Iterator[None]:
    """Within this block, hints name these read options as command-line
    flags (``"encoding"`` is ``--encoding``); ``"set"`` adds ``--set
    data.KEY=...`` for the others. The CLI wraps each command in it."""
    token = _OFFERED.set(frozenset(names))
    try:
        yield
    finally:
        _OFFERED.reset(token)


def json_problem(exc: Any) -> str:
    """A ``json.JSONDecodeError`` in words with where it is (its own message
    stops at "starting at")."""
    what = str(exc.msg).removesuffix(" at")  # "Unterminated string starting at"
    where = f"line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
    return f"{what} at {where}"


def offered() -> frozenset[str] | None:
    """The read options the running CLI command offers (None in Python)."""
    return _OFFERED.get()


def offers(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator form of :func:`offered_options` for a CLI command."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            with offered_options(*names):
                return func(*args, **kwargs)

        return inner

    return wrap


# The arguments of the public Python function running (the outermost one),
# so a hint names one it takes: None on the command line and outside them.
_PY_PARAMS: ContextVar[frozenset[str] | None] = ContextVar("classify_py_params", default=None)


def python_entry(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for a public Python function: while it runs, hints name
    the read settings as it takes them (its own ``text_column``, else
    ``options=ReadOptions(...)``, else ``overrides={'data.KEY': ...}``).
    Inside a CLI command, or another decorated function, it changes nothing."""
    import inspect

    params = inspect.signature(func).parameters
    names = frozenset(params)
    open_kwargs = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())

    from classify.errors import warnings_once

    # A warning given with a ``once`` key is said once per call, though the
    # function reads its data twice (to key results like the input, say).
    once = warnings_once(func)

    signature = inspect.signature(func)

    @functools.wraps(func)
    def inner(*args: Any, **kwargs: Any) -> Any:
        if not open_kwargs and (unknown := [k for k in kwargs if k not in names]):
            raise TypeError(
                f"{func.__name__}() got an unexpected keyword argument '{unknown[0]}'"
                + _keyword_hint(unknown[0], names)
            )
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            # A missing or extra argument, said from the user's call.
            raise TypeError(f"{func.__name__}(): {exc}") from None
        if _PY_PARAMS.get() is not None or _OFFERED.get() is not None:
            return once(*args, **kwargs)
        token = _PY_PARAMS.set(names)
        try:
            return once(*args, **kwargs)
        except ClassifyError as exc:
            if os.environ.get("CLASSIFY_DEBUG"):
                raise
            # The message is the whole story: a notebook shows it under the
            # user's own call, not under the package's frames that found it.
            raise exc.with_traceback(None) from None
        finally:
            _PY_PARAMS.reset(token)

    return inner


def _keyword_hint(given: str, names: frozenset[str]) -> str:
    """'; did you mean ...' for a keyword a public function does not take:
    its own name for a command-line flag (``bootstrap``: ``n_bootstrap``),
    a read setting taken through ``options`` (``date_column``), or a near
    spelling."""
    import dataclasses
    import difflib

    public = sorted(n for n in names if not n.startswith("_"))
    # One setting under two names across the API (resamples of a bootstrap).
    same = {"bootstrap": ("n_bootstrap", "n_resamples"), "n_bootstrap": ("n_resamples",),
            "n_resamples": ("n_bootstrap",), "resamples": ("n_resamples", "n_bootstrap")}  # fmt: skip
    suffixed = [n for n in same.get(given, ()) if n in names] or [
        n for n in public if n.endswith("_" + given)
    ]
    if suffixed:
        return f"; did you mean '{suffixed[0]}'?"
    if "options" in names and given in {f.name for f in dataclasses.fields(ReadOptions)}:
        return f"; read settings go in options=ReadOptions({given}=...)"
    close = difflib.get_close_matches(given, public, n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


def python_params() -> frozenset[str] | None:
    """The arguments of the public Python function running (None on the
    command line, or outside any)."""
    return _PY_PARAMS.get()


# While an unlabelled pool is read: where its own read options are set.
_POOL_KEYS: ContextVar[str | None] = ContextVar("classify_pool_keys", default=None)


@contextlib.contextmanager
def reading_pool(prefix: str = "data.unlabelled_read.") -> Iterator[None]:
    """Within this block, hints name a pool's own read settings
    (``data.unlabelled_read.encoding``), not the training data's flags."""
    token = _POOL_KEYS.set(prefix)
    try:
        yield
    finally:
        _POOL_KEYS.reset(token)


# The read settings a pool takes of its own (data.unlabelled_read, or a
# pool entry's mapping): classify.config.PoolReadConfig's fields.
POOL_READ_KEYS = frozenset(
    {"text_column", "id_column", "delimiter", "encoding", "date_column", "columns"}
)


def pool_hint(key: str, example: str = "...") -> str | None:
    """How a pool's read option ``key`` is set, while a pool is read
    (``--set data.unlabelled_read.encoding=cp1252``); else None."""
    prefix = _POOL_KEYS.get()
    if prefix is None:
        return None
    from classify.errors import in_cli

    return f"--set {prefix}{key}={example}" if in_cli() else f"{prefix}{key}={example!r}"


def guess_encoding(data: bytes) -> str | None:
    """The encoding `charset-normalizer <https://github.com/jawah/charset_normalizer>`_
    finds most likely for ``data`` (the first 256 KiB are read), as a
    Python codec name (``cp1251``), or None where it finds none or UTF-8."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    sample = data[: 1 << 18]
    matches = from_bytes(sample)
    best = matches.best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    try:
        # Western text reads the same in several codepages; the one most
        # Western files are in is named where it gives the chosen text.
        # (Not at once where the detector's pick is cp1252 itself: Polish
        # read as cp1252 is "Rados³aw", fewer letters than cp1250 makes.)
        western: str | None = sample.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    # On a short file the detector's pick among codepages that fit equally
    # well is arbitrary (one Spanish line fits cp1250 and cp775 as well as
    # cp1252; Polish fits cp1257 as well as cp1250), as its language
    # coherence on a few accented letters is noise. Of those, the one that
    # makes letters (or dashes and curly quotes) of the bytes most often is named (Polish read as cp1257
    # has "rozszerzy³a", Spanish read as cp775 box-drawing characters), and
    # among equals cp1252, the codepage of most spreadsheets saved on
    # Windows. (Czech fits cp1250 and cp1252 alike: the words shown with
    # the hint tell.)
    # A match stands for the codepages that give its very text
    # (could_be_from_charset): cp1250's "Zürich" is cp1252's too.
    # Where they read as many letters, cp1252 unless another reads as a
    # language clearly better (coherence 0.1 higher: Lithuanian in cp1257
    # scores 0.81 where its cp1252 reading scores 0.63) on enough letters
    # to judge by: four or more distinct bytes above ASCII (one "Zürich"
    # repeated is cp852's "ZŘrich" as well, and its coherence is noise).
    fits = [m for m in matches if m.chaos <= best.chaos]
    top = max(_letter_share(str(m)) for m in fits)
    tied = [m for m in fits if _letter_share(str(m)) == top]
    coherent = max(tied, key=lambda m: (m.coherence, m is best))
    west = next((m for m in tied if "cp1252" in m.could_be_from_charset or str(m) == western), None)
    varied = len({b for b in sample if b > 0x7F}) >= 4
    if west is not None and not (varied and coherent.coherence >= west.coherence + 0.1):
        return "cp1252"
    chosen = coherent if west is not None else max(tied, key=lambda m: (m is best, m.coherence))
    if "cp1252" in chosen.could_be_from_charset or str(chosen) == western:
        return "cp1252"
    return chosen.encoding.replace("_", "-")


# Typographic punctuation news copy is full of (dashes, curly quotes, the
# ellipsis, guillemets, the euro): as good a sign of the right codepage as a
# letter; cp1252's "2020–2021" read as cp852 is "2020ľ2021", a letter.
_TYPOGRAPHIC = frozenset("–—‘’‚“”„…«»€•‹›")


def _letter_share(text: str) -> float:
    """The share of ``text``'s non-ASCII characters that are letters or
    typographic punctuation (:data:`_TYPOGRAPHIC`). Beside a digit it is
    the other way round: a currency sign or degree sign there is news copy
    ("£5m", "30°C"), a letter is a misread one (cp1252's "£5m" is cp1250's
    "Ł5m", a letter that fits as well as "Malmö" does)."""
    import unicodedata

    good = total = 0
    for i, c in enumerate(text):
        if ord(c) <= 127:
            continue
        total += 1
        by_digit = text[i + 1 : i + 2].isdigit() or (i > 0 and text[i - 1].isdigit())
        if by_digit and (unicodedata.category(c) == "Sc" or c == "°"):
            good += 1
        elif c.isalpha():
            good += not text[i + 1 : i + 2].isdigit()
        else:
            good += c in _TYPOGRAPHIC
    return good / total if total else 1.0


def _read_as(data: bytes, offset: int, codec: str, width: int = 24) -> str | None:
    """The text around byte ``offset`` of ``data`` decoded with ``codec``
    (whole words, on one line), so that a user sees what a guessed
    encoding makes of the file before passing it."""
    # Within the offset's line: the bytes of other rows say nothing of it.
    start = max(0, offset - width, data.rfind(b"\n", 0, offset) + 1)
    stop = data.find(b"\n", offset)
    end = min(offset + width, len(data) if stop < 0 else stop)
    try:
        text = data[start:end].decode(codec, errors="replace")
    except LookupError:
        return None
    cut_start = start > 0 and data[start - 1 : start] not in (b"\n", b" ")
    cut_end = end < len(data) and data[end : end + 1] not in (b"\n", b"\r", b" ")
    words = text.split()
    # Words cut at the window's edges are dropped.
    if cut_start and len(words) > 1:
        words = words[1:]
    if cut_end and len(words) > 1:
        words = words[:-1]
    return " ".join(words) or None


def not_text(
    encoding: str | None,
    offset: int | None,
    guess: str | None = None,
    data: bytes | None = None,
) -> str:
    """The message for a file that does not decode with ``encoding`` (None:
    UTF-8), naming the first bad byte's ``offset`` where known, the likely
    encoding (``guess``, :func:`guess_encoding`), what the file's text
    there reads as in it (given its first bytes, ``data``) and how the
    running command sets it."""
    where = f" (byte {offset})" if offset is not None else ""
    if data is not None and (kind := binary_kind(data)):
        # No codec makes an image or an archive text: say what it is instead.
        return f"not a text file ({kind}); give the text, or a table or export of it"
    if encoding is None and data is not None and (wide := wide_codec(data)):
        return _wide_message(wide, data)
    if (
        encoding is None
        and data is not None
        and offset is not None
        and mostly_utf8(*utf8_counts([data]))
    ):
        return _stray_bytes_message(data, offset)
    how = option_hint("encoding", example=guess or "cp1252")
    if guess and how:
        shown = _read_as(data, offset, guess) if data is not None and offset is not None else None
        reads = f" ('{shown}')" if shown else ""
        if data is not None and (other := _western_reading(data, guess)):
            reads = other
        also = ""
        if data is not None and (alt := _other_codepage(data, guess)):
            # A Latvian or Turkish file reads as many letters in cp1252
            # ("ârlietu", "dýþiþleri"): the codepage its language reads
            # better in is shown beside, for the user's eyes to decide.
            reads = (
                reads[:-1]
                + f"; as {alt}: '{_read_as(data, _first_difference(data, guess, alt), alt)}')"
            )
            also = f", or {option_hint('encoding', example=alt)} if that reads right"
        hint = (
            f"it reads as {guess}{reads}: pass {how}{also} (check that the text comes out right; "
            "any Python codec)"
        )
    else:
        hint = f"pass {how} (any Python codec, e.g. cp1252, latin-1)" if how else "save it as UTF-8"
        if encoding and how:
            hint = "it is in another encoding: pass that one instead (any Python codec)"
    return f"not {encoding or 'UTF-8'} text{where}; {hint}"


def _other_codepage(data: bytes, guess: str) -> str | None:
    """Where ``guess`` is cp1252, the one-byte codepage that
    charset-normalizer finds reads ``data`` as a language at least as
    coherently and about as cleanly (chaos at most 0.05 above the best),
    giving other text: cp1257 for Latvian, cp1254 for Turkish, whose
    cp1252 readings are letters too. None where there is none, the file's
    bytes above ASCII are fewer than four kinds (too few to judge), or the
    guess is another codepage."""
    import codecs

    try:
        if codecs.lookup(guess).name != "cp1252":
            return None
        from charset_normalizer import from_bytes
    except (LookupError, ImportError):
        return None
    sample = data[: 1 << 18]
    if len({b for b in sample if b > 0x7F}) < 4:
        return None
    matches = list(from_bytes(sample))
    west = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
    if west is None or not matches:
        return None
    least = min(m.chaos for m in matches)
    others = [
        m
        for m in matches
        if "cp1252" not in m.could_be_from_charset
        and m.chaos <= least + 0.05
        and m.coherence > west.coherence
        and _single_byte(m.encoding)
        and _letter_share(str(m)) >= _letter_share(str(west))
    ]
    if not others:
        return None
    return max(others, key=lambda m: m.coherence).encoding.replace("_", "-")


def _first_difference(data: bytes, one: str, other: str) -> int:
    """The offset of the first byte of ``data`` that ``one`` and ``other``
    read differently (0 where none does)."""
    for at, byte in enumerate(data[: 1 << 18]):
        if byte > 0x7F and bytes([byte]).decode(one, "replace") != bytes([byte]).decode(
            other, "replace"
        ):
            return at
    return 0


def _western_reading(data: bytes, guess: str) -> str | None:
    """``" ('costs Ł5m'; as cp1252: 'costs £5m')"``: where a guessed one-byte
    codepage and cp1252 read ``data`` differently, the first place they
    differ in each, so the user tells which is right (the first bad byte
    may read alike in both: "Malmö"). None where they read it alike or
    either does not apply."""
    import codecs

    try:
        if codecs.lookup(guess).name == "cp1252" or not _single_byte(guess):
            return None
    except LookupError:
        return None
    sample = data[: 1 << 18]
    for at, byte in enumerate(sample):
        if byte < 0x80:
            continue
        one = bytes([byte]).decode(guess, errors="replace")
        west = bytes([byte]).decode("cp1252", errors="replace")
        if one != west and "\ufffd" not in west:
            mine, theirs = _read_as(sample, at, guess), _read_as(sample, at, "cp1252")
            if mine and theirs:
                return f" ('{mine}'; as cp1252: '{theirs}')"
            return None
    return None


# The first bytes of files that are often saved under a text file's name.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF: extract its text first"),
    (b"PK\x03\x04", "a ZIP archive, as .docx, .xlsx and .zip files are"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc or .xls)"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet table: give it with the .parquet suffix"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed: decompress it first"),
)


def _riff_or_box(data: bytes) -> str | None:
    """WEBP, BMP (its reserved bytes zero: text may open with "BM") and
    MP4/MOV files, whose marks stand around a size field."""
    if data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WEBP image"
    if data[4:8] == b"ftyp":
        return "a video or image in an MP4/HEIF container"
    return None


def binary_kind(data: bytes) -> str | None:
    """What a file that is no text is, by its first bytes (a PNG image, a
    PDF, a ZIP archive such as a .docx); None where they are no such mark."""
    return (
        next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)
        or _riff_or_box(data)
        or _unmarked_binary(data)
    )


# Control bytes no text file holds (tab, line feed, vertical tab, form
# feed, carriage return and escape are text's own).
_CONTROL = frozenset(range(32)) - {9, 10, 11, 12, 13, 27}


def wide_codec(data: bytes) -> str | None:
    """The UTF-32 or UTF-16 codec (``utf-16-le`` ...) a text saved without
    its byte-order mark is in, judged by its first 4 KB: NUL bytes among
    them (which no UTF-8 or one-byte text of letters has) and a strict
    decoding that is printable text (letters of any script, punctuation,
    spacing) for 95% of its characters or more; None otherwise. Random
    bytes fail: their code units hold unpaired surrogates."""
    head = data[:4096]
    if len(head) < 8 or head.count(0) < 2:
        return None
    if head.count(0) < 0.1 * len(head) and _utf8_head(head):
        # A UTF-8 text with a stray NUL or two (corrupt rows, said as such):
        # its letter pairs read as UTF-16 would be printable CJK.
        return None
    # The byte order the NULs show first (ASCII in UTF-16-LE is "A\0", in
    # UTF-16-BE "\0A"): both may decode to printable text, a short one.
    nul_at = [i for i, b in enumerate(head) if b == 0]
    little16 = sum(i % 2 for i in nul_at) >= len(nul_at) / 2
    little32 = sum(i % 4 == 3 for i in nul_at) >= sum(i % 4 == 0 for i in nul_at)
    orders = [("utf-32-le", 4), ("utf-32-be", 4)][:: 1 if little32 else -1] + [
        ("utf-16-le", 2),
        ("utf-16-be", 2),
    ][:: 1 if little16 else -1]
    for codec, width in orders:
        # A multibyte character cut by the 4 KB window: its last units dropped.
        for cut in range(0, 4 * width, width):
            chunk = head[: len(head) - len(head) % width - cut]
            try:
                text = chunk.decode(codec)
            except UnicodeDecodeError:
                continue
            shown = sum(c.isprintable() or c in "\n\r\t" for c in text)
            if text and shown >= 0.95 * len(text):
                return codec
            break
    return None


def _utf8_head(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is UTF-8, a character cut at
    its end aside."""
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _unmarked_binary(data: bytes) -> str | None:
    """Binary data of no known type, by its first 4 KB: NUL bytes that are
    not a wide encoding's (:func:`wide_codec`: a text saved as UTF-16 or
    UTF-32 without its byte-order mark), or many other control bytes."""
    head = data[:4096]
    if len(head) < 16 or wide_codec(head):
        return None
    nuls = head.count(0)
    control = sum(b in _CONTROL for b in head if b)
    if nuls >= 2 or control >= 0.05 * len(head):
        return "binary data of no known type: control bytes no text holds"
    return None


def _stray_bytes_message(data: bytes, offset: int) -> str:
    """The message for a UTF-8 file with a few bytes in another codepage
    (:func:`mostly_utf8`): where the first is, what its line reads as with
    those bytes in their likely codepage (:func:`stray_codec`), and that
    ``--encoding`` reads those bytes so and the rest as UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    strays = _STRAY.findall(text)
    codec = stray_codec(data)
    line = data.count(b"\n", 0, offset) + 1
    shown = _read_as(data, offset, mixed_codec(codec))
    how = option_hint("encoding", example=codec)
    return (
        f"not UTF-8 text at line {line} (byte {offset}), though the rest of the file is "
        f"UTF-8: {len(strays)} byte{'s are' if len(strays) != 1 else ' is'} in another "
        f"encoding, which reads as {codec} there"
        + (f" ('{shown}')" if shown else "")
        + _other_reading(data, offset, codec)
        + (f": pass {how} to read those lines so and the rest as UTF-8" if how else "")
    )


def _other_reading(data: bytes, offset: int, codec: str) -> str:
    """``"; as cp1250: '...'"`` where charset-normalizer picks another
    codepage for a UTF-8 file's stray lines than ``codec`` and it reads them
    otherwise (Latin codepages that read them as letters alike, French or
    Hungarian in cp1252 or cp1250, which a few lines do not decide), else
    ``""``: both readings shown, the user tells."""
    lines = _stray_lines(data)
    guess = _lines_codec(lines)
    if guess is None or not codecs_differ(guess, codec, lines):
        return ""
    try:
        lines.decode(guess)
    except (UnicodeDecodeError, LookupError):
        return ""
    there = _read_as(data, offset, mixed_codec(guess))
    return f"; as {guess}: '{there}'" if there else ""


def option_hint(*keys: str, example: str = "") -> str | None:
    """How the running command sets read options ``keys`` ("--encoding
    cp1252", "--set data.encoding=cp1252", "options=ReadOptions(encoding=
    'cp1252')"); None when it cannot set any of them. While a pool is read,
    the pool's own settings (:func:`pool_hint`)."""
    import shlex

    if _POOL_KEYS.get() is not None:
        # A pool sets its own columns, delimiter and encoding; the rest (the
        # date order) is the command's, for the labelled data and pools alike.
        own = [k for k in keys if k in POOL_READ_KEYS]
        if own:
            return " or ".join(str(pool_hint(k, example or "...")) for k in own)
    offered = _OFFERED.get()
    if offered is None:
        # A placeholder (NAME) stays bare, as in option().
        shown = (example if example.isupper() else repr(example)) if example else "..."
        params = _PY_PARAMS.get()
        own = [k for k in keys if params and k in params]
        if own:
            return " or ".join(f"{k}={shown}" for k in own)
        args = ", ".join(f"{k}={shown}" for k in keys)
        if params is None:
            return f"options=ReadOptions({args}) or data.{keys[0]} in a config"
        # import_annotations reads its sources with source_options.
        takes = next((p for p in ("options", "source_options") if p in params), None)
        if takes:
            return f"{takes}=ReadOptions({args})"
        if "overrides" in params:
            return " or ".join(f"overrides={{'data.{k}': {shown}}}" for k in keys)
        return None
    flags = [f"--{k.replace('_', '-')}" for k in keys if k in offered]
    # Quoted where the shell needs it ("--date-column 'Story date'"); a
    # placeholder such as NAME stays bare.
    if flags:
        return " or ".join(flags) + (
            f" {shlex.quote(example)}" if example and len(flags) == 1 else ""
        )
    if "set" in offered:
        return " or ".join("--set " + shlex.quote(f"data.{k}={example or '...'}") for k in keys)
    return None


class WrittenFloat(float):
    """A JSON number with a fraction or exponent that remembers how it was
    written, so ``2.0`` as an id stays ``"2.0"`` and ``1e3`` stays ``"1e3"``."""

    written: str

    def __new__(cls, text: str) -> WrittenFloat:
        obj = super().__new__(cls, text)
        obj.written = text
        return obj


class WrittenInt(int):
    """A JSON integer that remembers how it was written (``-0`` stays ``-0``)."""

    written: str

    def __new__(cls, text: str) -> WrittenInt:
        obj = super().__new__(cls, text)
        obj.written = text
        return obj


def as_written(value: Any) -> str:
    """A cell or JSON value as text, numbers as they were written."""
    if isinstance(value, (WrittenFloat, WrittenInt)):
        return value.written
    return str(value)


def written_id(value: Any) -> str:
    """A row's id cell as the unit id it gives: as written, stripped, and a
    binary float that is a whole number as that integer (``7.0`` -> ``7``),
    since it keeps no spelling: an id column pandas or Parquet stored as
    floats (an integer column with a gap) holds 7.0 for 7."""
    if isinstance(value, float) and not isinstance(value, WrittenFloat) and value.is_integer():
        value = int(value)
    return as_written(value).strip()


@dataclass
class Skipped:
    """One row or file left out under ``on_error: skip``."""

    file: str
    line: int | None
    reason: str
    row: int | None = None  # a Parquet row's number, where there are no lines

    def to_dict(self) -> dict[str, Any]:
        out = {"file": self.file, "line": self.line, "reason": self.reason}
        return {**out, "row": self.row} if self.row is not None else out


def in_file_order(skipped: Sequence[Any]) -> list[Any]:
    """Skipped rows (:class:`Skipped` or their dicts) in the order of their
    files as first met, each file's by line (or row): a row refused when
    read and one refused later (its label) are listed where they stand."""

    def get(s: Any, key: str) -> Any:
        return s.get(key) if isinstance(s, dict) else getattr(s, key)

    first: dict[str, int] = {}
    for s in skipped:
        first.setdefault(str(get(s, "file")), len(first))
    return sorted(
        skipped,
        key=lambda s: (first[str(get(s, "file"))], get(s, "line") or get(s, "row") or 0),
    )


@dataclass
class ReadOptions:
    """How tables and text files are read (CLI options or the config's
    ``data`` section).

    Attributes:
        text_column: the column holding the text (default ``text``).
        id_column: the column holding the item id (default ``id``).
        delimiter: the CSV delimiter (default: tab for ``.tsv``, else sniffed).
        encoding: a Python codec name (default UTF-8).
        on_error: ``stop`` or ``skip``.
        label_from_folder: the task field labelled by the folder name.
        date_order: ``day-first`` (default) or ``month-first``, the order of
            day and month in numeric dates such as ``03/04/2025``
            (:func:`classify.dates.parse_date`).
        date_column: the column holding each row's publication date, where
            it has a name not read by default (``when``, ``Story date``);
            None (default): ``date``, then a news export's date column
            (``publish_date``, ``SQLDATE``, ...), then ``year``.
        skipped: what ``skip`` left out (filled while reading).
        id_column_optional: whether rows may lack ``id_column`` (ids are then
            made from the file and line): true for the default ``id``, and
            for a column taken over from a model's or the labelled data's
            own settings rather than named for this input.
        date_column_optional: whether rows may lack ``date_column`` (they
            are then dated as without it): for a column taken over from a
            model's or the labelled data's settings rather than named for
            this input.
        repeated_ids: keep a row whose id was seen before, under an id made
            from the first and its file and line, rather than reject it
            (unlabelled pools, where ids carry nothing; paragraph tables
            often repeat their article's id).
        given: the fields named when these options were made (filled in;
            ``ReadOptions(text_column="text")`` gives ``{"text_column"}``),
            so a field named at its default value still beats a model's own.
        columns: the names of a CSV/TSV's columns where it has no header
            row (AG News, many shared-task files): its first line is then a
            row (unless it repeats these names, a header after all); a
            comma-separated string or a sequence. JSONL and Parquet name
            their own.

    ``on_error``: ``stop`` (default) raises at the first bad row or file;
    ``skip`` leaves it out and records it in :attr:`skipped`.
    """

    text_column: str = "text"
    id_column: str = "id"
    delimiter: str | None = None
    encoding: str | None = None
    on_error: Literal["stop", "skip"] = "stop"
    # The gold label of this field is the name of the folder an article file
    # sits in (``politics/001.txt`` is labelled ``politics``).
    label_from_folder: str | None = None
    date_order: Literal["day-first", "month-first"] = "day-first"
    date_column: str | None = None
    skipped: list[Skipped] = field(default_factory=list)
    id_column_optional: bool = False
    date_column_optional: bool = False
    repeated_ids: bool = False
    columns: tuple[str, ...] | None = None
    # Multilabel fields and their labels: a row without the field but with
    # a 1/0 column per label has those labels (classify.tasks.indicator_labels).
    label_sets: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), repr=False)
    # Multilabel fields whose empty cell is no label even in a row with no
    # other label (a task file's ``empty_cell: always_none``).
    empty_sets: tuple[str, ...] = field(default=(), repr=False)
    # Where this input's read settings are set, for hints while a pool is
    # read: "data.unlabelled_read." or a pool's own "data.unlabelled.2.".
    pool_keys: str | None = None
    # Where date_order came from when the user did not give it ("the order
    # of the model's training data"), for the error that contradicts it.
    date_order_from: str | None = None
    # Whether the user gave date_order (an option, a config key) rather than
    # leaving it at its default: a note on ambiguous dates says how to
    # choose the order, which a given one already is.
    date_order_given: bool = field(default=False, repr=False, compare=False)
    # Set where these options already hold a saved model's own where the
    # user gave none (the command line's), so they are not merged again.
    over_model: bool = field(default=False, repr=False, compare=False)
    # The fields given when these options were made (ReadOptions(text_column=
    # "text") names the column, though it is the default): a model's own
    # setting never replaces one (classify.api._over_trained).
    given: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    # What ``skipped`` holds, so a row read twice (analyse reads its corpus
    # once per model) or also left out by a model is listed once.
    _listed: set[tuple[str, int | None, str]] = field(
        default_factory=set, init=False, repr=False, compare=False
    )

    def but(self, **changes: Any) -> ReadOptions:
        """These options with ``changes``, sharing what ``skip`` left out and
        listed (so a row read again under the new options is listed once).

        Args:
            changes: fields of :class:`ReadOptions` and their new values.

        Returns:
            A new :class:`ReadOptions`.
        """
        out = _replace(self, skipped=self.skipped, **changes)
        out._listed = self._listed
        out.given = frozenset(self.given | changes.keys())
        return out

    def __post_init__(self) -> None:
        if self.id_column == "id":
            self.id_column_optional = True
        if self.on_error not in ON_ERROR:
            raise ClassifyError(
                f"key 'on_error' is '{self.on_error}' (allowed: {', '.join(ON_ERROR)})"
            )
        if self.date_order not in ("day-first", "month-first"):
            raise ClassifyError(
                f"key 'date_order' is '{self.date_order}' (allowed: day-first, month-first)"
            )
        if self.delimiter is not None:
            self.delimiter = {"\\t": "\t", "tab": "\t", "TAB": "\t"}.get(
                self.delimiter, self.delimiter
            )
            if len(self.delimiter) != 1:
                raise ClassifyError(
                    f"key 'delimiter' is '{self.delimiter}' (allowed: one character, or 'tab')"
                )
        if self.columns is not None:
            self.columns = _column_names(self.columns)
        if self.encoding is not None:
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ClassifyError(
                    f"key 'encoding' is '{self.encoding}' (allowed: a Python codec name "
                    "such as utf-8, cp1252, latin-1)"
                ) from None

    @classmethod
    def from_config(cls, data: Any) -> ReadOptions:
        """Options from a config's ``data`` section (``DataConfig``); errors
        name the key as ``data.KEY``."""
        try:
            return cls._from_config(data)
        except ClassifyError as exc:
            raise ClassifyError(str(exc).replace("key '", "key 'data.", 1)) from None

    @classmethod
    def _from_config(cls, data: Any) -> ReadOptions:
        return cls(
            text_column=data.text_column,
            id_column=data.id_column,
            delimiter=data.delimiter,
            encoding=data.encoding,
            on_error=data.on_error,
            label_from_folder=getattr(data, "label_from_folder", None) or None,
            date_order=getattr(data, "date_order", None) or "day-first",
            date_column=getattr(data, "date_column", None) or None,
            columns=getattr(data, "columns", None) or None,
            given=frozenset(),  # the config's, not one call's
        )

    def handle(self, error: ClassifyError) -> None:
        """Raise ``error`` (``stop``) or record it as skipped (``skip``).

        Args:
            error: the problem with one row or file.

        Raises:
            ClassifyError: ``error`` itself under ``on_error="stop"``.
        """
        # A fatal error (a file whose dates read only the other way) is
        # about the whole file: skipping its row would keep the others misread.
        if (
            getattr(error, "fatal", False)
            and self.date_order_from
            and not getattr(error, "order_said", False)
        ):
            # Said once, though the error passes through a row's and a file's handler.
            said = type(error)(
                f"{error.message} ({self.date_order} is {self.date_order_from})",
                source=error.source,
                where=error.where,
            )
            said.order_said = True  # type: ignore[attr-defined]
            raise said
        if getattr(error, "fatal", False):
            raise error
        if self.on_error == "stop":
            how = option_hint("on_error", example="skip")
            # Outside a public function the hint would guess at its arguments.
            known = _OFFERED.get() is not None or _PY_PARAMS.get() is not None
            sole = SOLE_FILE.get()
            whole = error.where is None and bool(error.source)
            if whole and Path(str(error.source)).resolve() in sole:
                known = False
            if how and known and not getattr(error, "hinted", False):
                # The command can skip it: say so (fix it, or leave it out).
                hinted = ClassifyError(
                    f"{error.message} (fix it, or pass {how} to leave it out and list it)",
                    source=error.source,
                    where=error.where,
                )
                hinted.hinted = True  # type: ignore[attr-defined]
                raise hinted
            raise error
        line = row = None
        if error.where and error.where.startswith("line "):
            line = int(error.where.split()[1])
        elif error.where and re.fullmatch(r"row \d+", error.where):
            row = int(error.where.split()[1])
        message = str(error)
        prefix = (error.source or "") + (f":{error.where}" if error.where else "") + ": "
        reason = message[len(prefix) :] if message.startswith(prefix) else message
        self.record(Skipped(error.source or "", line, reason, row))

    def record(self, entry: Skipped) -> None:
        """Add ``entry`` to :attr:`skipped` unless the same row and reason
        are listed already.

        Args:
            entry: a row or file left out.
        """
        key = (entry.file, entry.line, entry.row, entry.reason)
        if key not in self._listed:
            self._listed.add(key)
            self.skipped.append(entry)


# A dataclass cannot tell a field given at its default value from one left
# out: its generated __init__ is wrapped to record the fields named.
_dataclass_init = ReadOptions.__init__


def _init_recording_given(self: ReadOptions, *args: Any, **kwargs: Any) -> None:
    _dataclass_init(self, *args, **kwargs)
    if "given" not in kwargs:  # (dataclasses.replace passes it on)
        names = [
            f for f in ReadOptions.__dataclass_fields__ if ReadOptions.__dataclass_fields__[f].init
        ]
        self.given = frozenset(names[: len(args)]) | frozenset(kwargs)


ReadOptions.__init__ = functools.wraps(_dataclass_init)(_init_recording_given)  # type: ignore[method-assign]


def _column_names(value: Any) -> tuple[str, ...] | None:
    """``columns`` as a tuple of names: a comma-separated string
    (``label,title,text``) or a sequence of strings.

    Raises:
        ClassifyError: a name empty or given twice (whatever its case), or a
            value of another kind.
    """
    if isinstance(value, str):
        names = [n.strip() for n in value.split(",")]
    elif isinstance(value, (list, tuple)) and all(isinstance(n, str) for n in value):
        names = [n.strip() for n in value]
    else:
        raise ClassifyError(
            f"key 'columns' is {value!r} (allowed: column names, comma-separated or a list)"
        )
    if not any(names):
        return None
    folded = [n.casefold() for n in names]
    twice = next((n for n in names if folded.count(n.casefold()) > 1), None)
    if "" in names or twice is not None:
        why = f"'{twice}' twice" if twice is not None else "an empty name"
        raise ClassifyError(
            f"key 'columns' gives {why} ({', '.join(names)}); name every column once, "
            "e.g. label,title,text"
        )
    return tuple(names)


def _single_byte(encoding: str) -> bool:
    """Whether ``encoding`` is a legacy one-byte codec (cp1252, latin-1,
    ISO-8859-x, KOI8, Mac Roman), which decodes any bytes without error."""
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("cp125", "iso8859", "latin", "mac-", "koi8", "cp437", "cp850"))


# Bytes that are not UTF-8 (read with ``surrogateescape``), and characters that are
# UTF-8 beyond ASCII (the BOM aside), for telling a UTF-8 file with a few stray
# bytes from a file in a legacy codepage (:func:`utf8_counts`).
_STRAY = re.compile("[\udc80-\udcff]")
_UTF8_BEYOND_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff\ufeff]")
_MIXED_PREFIX = "classify_utf8_or_"


def utf8_counts(blocks: Iterable[bytes]) -> tuple[int, int, int, int]:
    """``(characters beyond ASCII that are valid UTF-8, bytes that are not
    UTF-8, lines with the first and none of the second, lines with the
    second)`` over a file's ``blocks`` of bytes, in order."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    valid = stray = valid_lines = stray_lines = 0
    # Block by block: a corpus file may not fit in memory. (A line across
    # two blocks counts as two: the shares, not the counts, matter.)
    for block in itertools.chain(blocks, [None]):
        text = decoder.decode(b"", final=True) if block is None else decoder.decode(block)
        stray += len(_STRAY.findall(text))
        valid += len(_UTF8_BEYOND_ASCII.findall(text))
        for line in text.split("\n"):
            if _STRAY.search(line):
                stray_lines += 1
            elif _UTF8_BEYOND_ASCII.search(line):
                valid_lines += 1
    return valid, stray, valid_lines, stray_lines


def mostly_utf8(valid: int, stray: int, valid_lines: int = 0, stray_lines: int = 0) -> bool:
    """Whether a file that is not valid UTF-8 is UTF-8 with a few bytes in
    another codepage (a line pasted from a Windows program into a UTF-8
    export, \x93no\x94 beside Café), rather than all in that codepage
    (counts as :func:`utf8_counts` gives them): it has UTF-8 characters
    beyond ASCII at least a quarter as many as stray bytes (an English
    export has few: one "Café" beside a pasted \x93no\x94), or lines of
    UTF-8 beyond ASCII at least a quarter as many as lines with stray bytes
    (a Russian paragraph in cp1251, dozens of bytes, pasted beside a few
    UTF-8 lines). A legacy codepage's text seldom forms valid UTF-8 (a lead
    byte 0xC2-0xF4 followed by the right number of 0x80-0xBF bytes: German
    "groß“" in cp1252 does), and then in a small share of its bytes, on
    lines with stray bytes of their own."""
    by_characters = valid > 0 and 4 * valid >= stray
    by_lines = valid_lines > 0 and 4 * valid_lines >= stray_lines
    return by_characters or by_lines


def mixed_codec(codec: str) -> str:
    """The name of a codec that reads UTF-8 (an optional BOM dropped) and
    each line UTF-8 cannot read wholly in the one-byte ``codec`` (``cp1251``):
    for a UTF-8 file with a few lines in a legacy codepage (:func:`mostly_utf8`).
    A line, not a byte: in a line pasted in cp1251 some byte pairs happen to
    be valid UTF-8 (``«ТАСС»``), and read so they would garble it."""
    import codecs

    legacy = codecs.lookup(codec).name
    name = f"{_MIXED_PREFIX}{legacy.replace('-', '_')}"

    def line_text(line: bytes) -> str:
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            return line.decode(legacy, errors="replace")

    class Decoder(codecs.IncrementalDecoder):
        def __init__(self, errors: str = "strict") -> None:
            super().__init__(errors)
            self.reset()

        def reset(self) -> None:
            self.pending = b""
            self.first = True

        def getstate(self) -> tuple[bytes, int]:
            return self.pending, int(self.first)

        def setstate(self, state: tuple[bytes, int]) -> None:
            self.pending, self.first = state[0], bool(state[1])

        def decode(self, data: bytes, final: bool = False) -> str:
            data = self.pending + bytes(data)
            if self.first:
                if len(data) < 3 and not final:
                    self.pending = data  # a BOM may be split across reads
                    return ""
                data = data.removeprefix(codecs.BOM_UTF8)
                self.first = False
            cut = len(data) if final else data.rfind(b"\n") + 1
            self.pending = data[cut:]
            return "".join(line_text(line) for line in data[:cut].splitlines(keepends=True))

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        return Decoder().decode(bytes(data), final=True), len(data)

    try:
        codecs.lookup(name)
    except LookupError:
        utf8 = codecs.lookup("utf-8")
        info = codecs.CodecInfo(
            name=name,
            encode=utf8.encode,
            decode=decode,
            incrementalencoder=utf8.incrementalencoder,
            incrementaldecoder=Decoder,
            streamreader=utf8.streamreader,
            streamwriter=utf8.streamwriter,
        )
        codecs.register(lambda asked: info if asked == name else None)
    return name


def warn_stray_bytes(path: Path, data: bytes, codec: str) -> None:
    """Say that a UTF-8 file's bytes that are not UTF-8 were read as the
    legacy ``codec`` the command was given, where the first one is and what
    its line reads as. ``data``: the file's bytes, or its first ones."""
    from classify.errors import warn

    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError as exc:
        offset = exc.start
    line = data.count(b"\n", 0, offset) + 1
    shown = _read_as(data, offset, mixed_codec(codec))
    likely = stray_codec(data)
    other = ""
    if codecs_differ(likely, codec, _stray_lines(data)):
        there = _read_as(data, offset, mixed_codec(likely))
        how = option_hint("encoding", example=likely)
        other = f"; they read as {likely} ('{there}')" + (
            f": if that is right, pass {how}" if how else ""
        )
    else:
        other = _other_reading(data, offset, codec)
    warn(
        f"{Path(path).name}: not all UTF-8: the bytes that are not (first at line {line}"
        + (f": '{shown}'" if shown else "")
        + f") were read as {codec}, the rest as UTF-8{other}",
        once=f"stray-bytes-{path}",
    )


def codecs_differ(one: str, other: str, data: bytes) -> bool:
    """Whether two codecs read ``data`` differently (cp1252 and latin-1 read
    most Western text alike: naming the other then says nothing)."""
    import codecs

    if codecs.lookup(one).name == codecs.lookup(other).name:
        return False
    return data.decode(one, errors="replace") != data.decode(other, errors="replace")


@functools.lru_cache(maxsize=4)
def _lines_codec(lines: bytes) -> str | None:
    """:func:`guess_encoding` of a file's stray lines, once for the message's
    codepage and its other reading (charset-normalizer takes a while)."""
    return guess_encoding(lines)


def _stray_lines(data: bytes, most: int = 200) -> bytes:
    """The lines of ``data`` that are not UTF-8 (the first ``most``), joined:
    what a UTF-8 file's stray bytes say of their codepage."""
    out = []
    for line in data.split(b"\n"):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            out.append(line)
            if len(out) >= most:
                break
    return b"\n".join(out)


def stray_codec(data: bytes) -> str:
    """The codepage a UTF-8 file's stray bytes are most likely in.

    charset-normalizer's pick for the lines that hold them
    (:func:`guess_encoding`) where it reads them as letters of another script
    (Russian in cp1251, Greek in cp1253), or as more letters than cp1252
    does (Polish in cp1250: cp1252 reads "Wa³êsa"); else cp1252, Windows'
    codepage of most Western exports (curly quotes, dashes), where it reads
    them: between Latin codepages that read the bytes as letters alike (French
    in cp1252 or cp1250) a few lines do not decide, and cp1252 is the likely
    one; else latin-1, which reads any byte. (Czech in cp1250 reads as
    letters in cp1252 too: the line shown with the hint tells.)"""
    lines = _stray_lines(data)
    strays = bytes(
        ord(c) - 0xDC00 for c in _STRAY.findall(lines.decode("utf-8", errors="surrogateescape"))
    )

    def reading(codec: str | None) -> str | None:
        if codec is None:
            return None
        try:
            return strays.decode(codec)
        except (UnicodeDecodeError, LookupError):
            return None

    guess = _lines_codec(lines)
    western, guessed = reading("cp1252"), reading(guess)
    if guessed is not None and guess is not None:
        if _other_script(guessed) or western is None:
            return guess
        if _letter_share(guessed) > _letter_share(western):
            return guess
    return "cp1252" if western is not None else "latin-1"


def _other_script(text: str) -> bool:
    """Whether most letters of ``text`` are of a script other than Latin."""
    import unicodedata

    letters = [c for c in text if c.isalpha()]
    other = sum(not unicodedata.name(c, "LATIN").startswith("LATIN") for c in letters)
    return bool(letters) and other * 2 > len(letters)


def read_text(path: Path, encoding: str | None = None, *, fallback: str | None = None) -> str:
    """The whole file as text. UTF-8 (with or without BOM; UTF-16 when it
    starts with a UTF-16 BOM) unless ``encoding`` names another codec, or
    ``fallback`` (a codec the file itself declares, as in an HTML page) when
    it is not UTF-8. A legacy one-byte ``encoding`` (cp1252, latin-1) is for
    the files that are not UTF-8: a file that is valid UTF-8 is read as such.
    A file that does not decode gets a one-line error naming it and the
    byte."""
    path = Path(path)
    if not path.is_file():
        raise ClassifyError("file not found", source=path)
    data = path.read_bytes()
    codec = file_codec(data, encoding)
    if encoding is not None and _single_byte(encoding) and _wide_bom(data):
        codec = file_codec(data, None)  # a BOM says what the file is, whatever the folder's setting
    elif encoding is not None and _single_byte(encoding):
        # A folder in one legacy encoding often holds UTF-8 files too (newer
        # downloads); a legacy codec reads any bytes, so UTF-8 is tried
        # first, then the charset a web page declares, and the setting is
        # for the files that are neither.
        try:
            data.decode("utf-8-sig")
            codec = "utf-8-sig"
        except UnicodeDecodeError:
            if fallback is None and mostly_utf8(*utf8_counts([data])):
                warn_stray_bytes(path, data, codec)
                codec = mixed_codec(codec)
            else:
                if fallback is None:
                    warn_other_codepage(path, data, codec)
                codec = fallback or codec
    if encoding is None and codec != "utf-16" and fallback:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            codec = fallback
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ClassifyError(
            not_text(encoding, exc.start, guess_encoding(data), data), source=path
        ) from None
    if "\x00" in text and encoding is None and (wide := wide_codec(data)):
        raise ClassifyError(_wide_message(wide, data), source=path)
    if "\x00" in text and path.suffix.lower() not in TABLE_SUFFIXES:
        # In a table, a NUL byte is a bad row (the row readers say which).
        raise ClassifyError("not a text file (contains NUL bytes)", source=path)
    if not text.strip():
        raise ClassifyError("file is empty", source=path)
    return text


def json_constant(name: str) -> float | None:
    """JSON's non-standard constants as read from a row: ``NaN`` (what
    ``json.dumps`` writes for pandas' missing values) is a missing value, as
    ``null`` is; ``Infinity`` and ``-Infinity`` are floats."""
    return None if name == "NaN" else float(name)


def iter_jsonl(
    path: Path, *, encoding: str | None = None, options: ReadOptions | None = None
) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a JSONL file with their ``line N``; blank lines are skipped.

    Lines are split on ``\\n`` only (a trailing ``\\r`` is dropped).
    """
    text = read_text(path, encoding or (options.encoding if options else None))
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            row = json.loads(
                line, parse_float=WrittenFloat, parse_int=WrittenInt, parse_constant=json_constant
            )
        except json.JSONDecodeError as exc:
            error = ClassifyError(f"not valid JSON ({json_problem(exc)})", source=path, where=where)
        else:
            if isinstance(row, dict):
                yield with_nested_keys(row), where
                continue
            error = ClassifyError("each line must be a JSON object", source=path, where=where)
        if options is None:
            raise error
        options.handle(error)


def with_nested_keys(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``row`` with the fields of its nested objects under dotted names too
    (``{"speech": {"text": ...}}`` gives ``speech.text``, as
    ``pandas.json_normalize`` names them), so ``--text-column speech.text``
    reads a nested JSON record as it comes; a key the row has is kept."""
    if not prefix and not any(isinstance(v, dict) for v in row.values()):
        return row
    out = dict(row) if not prefix else {}
    for key, value in row.items():
        if not isinstance(value, dict):
            if prefix:
                out[f"{prefix}{key}"] = value
            continue
        for inner, v in with_nested_keys(value, f"{prefix}{key}.").items():
            out.setdefault(inner, v)
    return out


def _cut_off_row(
    lines: list[str], delimiter: str, n_columns: int, problem: str
) -> list[str] | None:
    """The cells of a row whose quoted cell the file ends inside (``lines``
    from the row's first line to the end), as written up to the end; None
    where the open quote is a stray one instead: the lines after the row's
    first are rows of the table (a quotation opening a TSV cell, read as
    written), or the cells do not fit the header."""
    if "end of data" not in problem:
        return None

    def program_row(line: str) -> bool:
        # Cells as a program writes them: as many as the header has, none
        # after the first opening with a space, as prose goes on after ", ".
        cells = _trim(line.rstrip("\r\n").split(delimiter), n_columns)
        return len(cells) == n_columns and not any(c[:1].isspace() for c in cells[1:])

    rest = [x for x in lines[1:] if x.strip()]
    if rest and all(program_row(x) for x in rest):
        return None
    split = _trim(lines[0].rstrip("\r\n").split(delimiter), n_columns)
    opened = next((i for i, c in enumerate(split) if c.lstrip().startswith('"')), None)
    if not rest and len(split) == n_columns and opened is not None:
        after = split[opened + 1 :]
        if after and not any(c[:1].isspace() for c in after):
            # The line's cells line up as a program writes them (no space
            # after the delimiter, "2020-04-01"): a stray quote in a whole
            # row, read as written. Prose cut after a comma goes on ", ".
            return None
    rows = list(csv.reader(io.StringIO("".join(lines)), delimiter=delimiter, strict=False))
    if len(rows) != 1 or not 1 < len(rows[0]) <= n_columns:
        return None
    return rows[0]


def sniff_delimiter(header: str) -> str:
    """The delimiter of a table, from its header line: the most frequent of
    ``, ; TAB |`` (column names rarely hold any of them), ``,`` if none."""
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def iter_table(
    path: Path,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    required: tuple[str, ...] = (),
    options: ReadOptions | None = None,
) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a CSV/TSV file as ``{column: cell}`` with their ``line N``
    (the line the row starts on; quoted cells may span lines); the whole
    file is read first (see :func:`table_rows` for the rows).

    Raises:
        ClassifyError: as :func:`table_rows`, and a file that is missing,
            empty or does not decode.
    """
    path = Path(path)
    text = read_text(path, encoding)
    yield from table_rows(
        io.StringIO(text, newline=""),
        path=path,
        delimiter=delimiter,
        required=required,
        options=options,
    )


def iter_parquet(
    path: Path,
    *,
    required: tuple[str, ...] = (),
    batch_size: int = 5000,
    empty_cells: Sequence[str] = (),
) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a Parquet file as ``{column: value}`` with their ``row N``
    (1-based), read batch by batch with pyarrow (a large file is never all in
    memory). Values come back as JSONL gives them: lists as lists, missing
    values (null, NaN) as None, dates and timestamps as ISO strings (a
    midnight timestamp without a time zone as its day alone, as pandas
    writes a column of dates). In a column of ``empty_cells`` (the label
    columns, matched without case) that holds text, not lists, a missing
    value is an empty cell, ``""``, as in the CSV or DataFrame it was
    written from (a sheet's empty topics cell beside a filled stance is "no
    topic"); in a column of lists it stays missing, as JSON's absent key.

    Raises:
        ClassifyError: a file that is missing or not Parquet, or a
            ``required`` column missing (matched without case, as in CSV).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    if not path.is_file():
        raise ClassifyError("file not found", source=path)
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise ClassifyError(f"not a readable Parquet file ({exc})", source=path) from None
    header = [name for name in parquet.schema_arrow.names if name != "__index_level_0__"]
    rename: dict[str, str] = {}
    for column in required:
        alike = [h for h in header if h.strip().lower() == column.lower()]
        if column not in header and len(alike) == 1:
            rename[alike[0]] = column
        elif column not in header:
            how = option_hint("text_column", "id_column")
            raise ClassifyError(
                f"no '{column}' column; columns found: {column_list(header)}"
                + (f" (use {how})" if how else ""),
                source=path,
            )
    wanted = {f.casefold() for f in empty_cells}

    def text_typed(name: str) -> bool:
        kind = parquet.schema_arrow.field(name).type
        return (
            pa.types.is_string(kind)
            or pa.types.is_large_string(kind)
            or pa.types.is_dictionary(kind)
        )

    cells = {name for name in header if name.strip().casefold() in wanted and text_typed(name)}
    number = 0
    for batch in parquet.iter_batches(batch_size=batch_size, columns=header):
        for row in batch.to_pylist():
            number += 1
            values = {k: _plain(v) for k, v in row.items()}
            yield (
                {
                    rename.get(k, k): "" if k in cells and v is None else v
                    for k, v in values.items()
                },
                f"row {number}",
            )


def _plain(value: Any) -> Any:
    """A Parquet cell as the JSONL reader would give it."""
    import datetime as dt
    import math

    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def iter_rows(path: Path, encoding: str | None = None) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a JSONL, CSV/TSV or Parquet file, by its suffix, each with
    where it is (``line N`` or ``row N``); ``encoding`` reads a text file
    that is not UTF-8 (as :class:`ReadOptions` ``encoding`` does)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        return iter_jsonl(path, encoding=encoding)
    if suffix == ".parquet":
        return iter_parquet(path)
    return iter_table(path, encoding=encoding)


def table_columns(path: Path, options: ReadOptions | None = None) -> list[str] | None:
    """The column names of a table, from its header (CSV/TSV), its first row
    (JSONL) or its schema (Parquet), without reading the rest; None where the
    file cannot be read so (its readers then say why)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return [n for n in pq.ParquetFile(path).schema_arrow.names if n != "__index_level_0__"]
        encoding = options.encoding if options else None
        with path.open(encoding=stream_codec(path, encoding), newline="") as handle:
            first = next((line for line in handle if line.strip()), None)
        if first is None:
            return None
        if suffix == ".jsonl":
            row = json.loads(first)
            return [str(k) for k in row] if isinstance(row, dict) else None
        if suffix in (".csv", ".tsv") and options is not None and options.columns:
            return list(options.columns)
        if suffix in (".csv", ".tsv"):
            delimiter = (options.delimiter if options else None) or (
                "\t" if suffix == ".tsv" else sniff_delimiter(first)
            )
            return [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    except (OSError, ValueError, UnicodeDecodeError, StopIteration, csv.Error):
        return None
    return None


def _wide_message(codec: str, data: bytes) -> str:
    """The message for a UTF-16 or UTF-32 text with no byte-order mark
    (:func:`wide_codec`), with its first words as they read in ``codec``
    and how the running command sets it."""
    width = 4 if "32" in codec else 2
    words = data[: 60 * width].decode(codec, errors="ignore").split()
    shown = " ".join(words)[:40]
    how = option_hint("encoding", example=codec)
    return f"not UTF-8 text: it reads as {codec} ('{shown}') saved without its byte-order mark" + (
        f": pass {how}" if how else ""
    )


def stream_codec(path: Path, encoding: str | None) -> str:
    """The codec a file read as a stream is opened with, by the rule of
    :func:`read_text`: a UTF-16 BOM decides; without ``encoding``, UTF-8 with
    an optional BOM; a legacy one-byte ``encoding`` (cp1252, latin-1) only
    where the file is not valid UTF-8 (checked block by block, as corpus
    files may be large); any other ``encoding`` as given."""
    with Path(path).open("rb") as raw:
        head = raw.read(4)
        if encoding is None and not _wide_bom(head):
            # UTF-16 or UTF-32 without its byte-order mark reads as UTF-8
            # with a NUL after each letter: said before any row is misread.
            first = head + raw.read(4092)
            if wide := wide_codec(first):
                raise ClassifyError(_wide_message(wide, first), source=path)
        if encoding is None or not _single_byte(encoding):
            return file_codec(head, encoding)
        if _wide_bom(head):
            return file_codec(head, None)
        raw.seek(0)
        if _valid_utf8(raw):
            return "utf-8-sig"
        raw.seek(0)
        counts = utf8_counts(iter(lambda: raw.read(1 << 20), b""))
        if counts[1]:
            raw.seek(0)
            if mostly_utf8(*counts):
                warn_stray_bytes(path, _first_stray_line(raw), encoding)
                return mixed_codec(encoding)
            warn_other_codepage(path, raw.read(1 << 18), encoding)
            return encoding
    return "utf-8-sig"


def _valid_utf8(raw: Any) -> bool:
    """Whether a file (``raw``, opened in binary at its start) is valid UTF-8,
    checked block by block by the C decoder: the common case, before the
    slower counts of :func:`utf8_counts` for a file that is not."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := raw.read(1 << 20):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _first_stray_line(raw: Any) -> bytes:
    """A file's bytes up to the end of the first line that is not UTF-8
    (``raw``: the file, opened in binary at its start), read line by line."""
    import codecs

    head = bytearray()
    decoder = codecs.getincrementaldecoder("utf-8")()
    for line in raw:
        head += line
        try:
            decoder.decode(line)
        except UnicodeDecodeError:
            break
    return bytes(head)


def warn_other_codepage(path: Path, data: bytes, codec: str) -> None:
    """Warn where a file read in the legacy one-byte ``codec`` it was given
    (a model's training encoding, say) reads as another codepage
    (:func:`guess_encoding`), so a Russian file read as cp1252 does not
    become "Ìèíèñòð" without a word. ``data``: the file's first bytes."""
    import codecs

    guess = guess_encoding(data)
    if guess is None or codecs.lookup(guess).name == codecs.lookup(codec).name:
        return
    if data.decode(guess, errors="replace") == data.decode(codec, errors="replace"):
        return
    # Shown where the two readings differ (both codepages may share the first
    # non-ASCII byte: 0x92 is "’" in cp1251 and in cp1252).
    offset = next(
        (
            i
            for i, b in enumerate(data)
            if b > 127
            and bytes([b]).decode(codec, errors="replace")
            != bytes([b]).decode(guess, errors="replace")
        ),
        0,
    )
    here, there = _read_as(data, offset, codec), _read_as(data, offset, guess)
    from classify.errors import warn

    how = option_hint("encoding", example=guess)
    warn(
        f"{Path(path).name}: read as {codec} ('{here}'), but it reads as {guess} "
        f"('{there}')" + (f": if that is right, pass {how}" if how else ""),
        once=f"codepage-{path}",
    )


def _wide_bom(data: bytes) -> bool:
    """Whether ``data`` (a file's first bytes) starts with a UTF-16 or
    UTF-32 byte-order mark."""
    return data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] == b"\x00\x00\xfe\xff"


def file_codec(data: bytes, encoding: str | None) -> str:
    """The codec a file is read with: ``encoding`` where given, else UTF-16
    where ``data`` (its first bytes) starts with a UTF-16 BOM (UTF-32 with
    a UTF-32 BOM), else UTF-8
    with an optional BOM (``utf-8-sig``, as spreadsheets write it)."""
    if encoding:
        return encoding
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "utf-32"  # its BOM starts as UTF-16-LE's does: read first
    return "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"


def table_rows(
    lines: Iterable[str],
    *,
    path: Path,
    delimiter: str | None = None,
    required: tuple[str, ...] = (),
    options: ReadOptions | None = None,
) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a CSV/TSV table from its physical lines (a file opened with
    ``newline=""``, or ``io.StringIO(text, newline="")``), streamed, as
    ``({column: cell}, "line N")``, N the line the row starts on.

    The :mod:`csv` module parses the rows (``strict`` mode). A row is never
    guessed at where its cells do not line up with the header:

    * more or fewer cells than the header has columns (blank trailing
      cells, as spreadsheets write them, aside) is a bad row;
    * a quote that does not close where a cell ends (text that starts with
      a quotation in an unquoted TSV, a stray quote) is read as written,
      quotes kept, where the row's line split on the delimiter lines up
      with the header; otherwise it is a bad row, and the csv module's
      reading (which would let an open quote swallow the rows after it) is
      not used: the rows after it are read again from the next line.

    Args:
        lines: the table's lines, header first, line ends kept.
        path: the file, for messages and the ``.tsv`` default.
        delimiter: the delimiter; None: tab for ``.tsv``, else sniffed from
            the header (:func:`sniff_delimiter`).
        required: columns the header must have.
        options: where bad rows go (``options.handle``: stop or skip);
            without, a bad row raises.

    Raises:
        ClassifyError: an empty table, a ``required`` column missing (with
            the header found), or a bad row (file and line named) unless
            ``options`` says to skip it.
    """
    source = iter(lines)
    pending: deque[str] = deque()
    taken: list[str] = []

    def feed() -> Iterator[str]:
        while True:
            line = pending.popleft() if pending else next(source, None)
            if line is None:
                return
            taken.append(line)
            yield line

    first = next(source, None)
    blank = 0  # blank lines before the header
    while first is not None and not first.strip():
        first, blank = next(source, None), blank + 1
    if first is None:
        raise ClassifyError("file is empty", source=path)
    if m := re.fullmatch(r'(?i)\ufeff?"?sep=(.)"?', first.rstrip("\r\n")):
        # Excel's "sep=;" line names the delimiter above the header.
        delimiter = delimiter or m[1]
        first, blank = next(source, None), blank + 1
        if first is None:
            raise ClassifyError("file is empty", source=path)
    pending.append(first)
    given = options.columns if options is not None else None
    if delimiter is None and given and path.suffix.lower() != ".tsv":
        # No header to sniff: the delimiter that cuts the first rows into as
        # many cells as names were given ("1";"a, b" is two cells at ';').
        ended = False
        while len(pending) < 20 and not ended:
            line = next(source, None)
            ended = line is None
            if line is not None:
                pending.append(line)
        delimiter = next(
            (
                d
                for d in dict.fromkeys((sniff_delimiter(first), *_DELIMITERS))
                if _cuts_into(list(pending), d, len(given), whole=ended)
            ),
            None,
        )
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(first)
    shown = "TAB" if delimiter == "\t" else delimiter
    reader = csv.reader(feed(), delimiter=delimiter, strict=True)
    if given:
        # A table without a header row: the names are given, the first line is a row.
        header, written = list(given), len(given)
    else:
        try:
            header = [h.strip() for h in next(reader)]
            written = len(header)
            # Spreadsheets add unnamed empty columns at the end; rows are
            # measured against the named ones.
            while header and not header[-1]:
                header.pop()
        except csv.Error as exc:
            raise ClassifyError(
                f"header is not a CSV row ({exc})", source=path, where=f"line {1 + blank}"
            ) from None
    named = [h.casefold() for h in header if h]
    twice = next((h for h in header if h and named.count(h.casefold()) > 1), None)
    if twice is not None:
        # A row would keep one of the two cells, silently: spreadsheet joins
        # make such headers.
        places = [str(i + 1) for i, h in enumerate(header) if h.casefold() == twice.casefold()]
        raise ClassifyError(
            f"column '{twice}' is in the header twice (columns {' and '.join(places[:2])}, "
            f"names compared whatever their case); rename one; header found: "
            f"{column_list(header)}",
            source=path,
            where=f"line {1 + blank}",
        )
    for column in required:
        alike = [i for i, h in enumerate(header) if h.lower() == column.lower()]
        if column not in header and len(alike) == 1:
            # "Text" or "ID", as spreadsheets write headers.
            header[alike[0]] = column
        if column not in header:
            # The option that names this column; the delimiter too where the
            # header read as one column (a wrong delimiter glues them).
            keys = [
                k
                for k in ("text_column", "id_column", "date_column")
                if getattr(options, k, None) == column
            ] or ["text_column", "id_column"]
            if len(header) == 1:
                keys.append("delimiter")
            if given:
                keys.append("columns")
                found = f"the columns named by {option_hint('columns') or 'columns'}: "
            elif _looks_like_a_row(header):
                # AG News and shared-task files ship without a header row: one name a column.
                names = ",".join(["NAME"] * len(header))
                how = option_hint("columns", example=names) or "columns"
                found = f"the first line reads as a row of data, not column names ({how} "
                found += "names the columns of a table without a header row): "
            else:
                found = "header found: "
            found += column_list(header)
            how = option_hint(*keys, example="NAME" if len(keys) == 1 else "")
            error = ClassifyError(
                f"no '{column}' column; {found} "
                f"(delimiter '{shown}'" + (f"; use {how})" if how else ")"),
                source=path,
                where=f"line {1 + blank}",
            )
            # The column to read is the fix; skipping the file would leave
            # nothing of it, so on_error's hint is not added.
            error.hinted = True  # type: ignore[attr-defined]
            raise error
    line = 1 + blank + len(taken)
    # A table without a header row has the columns the option named.
    has = "the columns given name" if given else "the header has"
    while True:
        start = line
        taken.clear()
        problem = None
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_lines = list(taken)
            if cut := _cut_off_row(row_lines, delimiter, len(header), str(exc)):
                from classify.errors import warn

                # The file ends inside the quoted cell (a download stopped):
                # the cell is what was written of it, and the cells after it
                # are lost, not the next columns' values.
                warn(
                    f"{path}: line {start}: the quoted cell opening {cut[-1].strip()[:30]!r} is "
                    "not closed before the file ends (a file cut off?); the row is read with "
                    f"the text written{' and its later cells empty' if len(cut) < len(header) else ''}"
                    ": check that the file is whole",
                    once=f"cut-quote:{path}",
                )
                yield dict(zip(header, cut + [""] * (len(header) - len(cut)))), f"line {start}"
                return
            cells = _trim(row_lines[0].rstrip("\r\n").split(delimiter), len(header))
            # What the reader took after the row's first line is read again.
            pending.extendleft(reversed(row_lines[1:]))
            reader = csv.reader(feed(), delimiter=delimiter, strict=True)
            line = start + 1
            if len(cells) != len(header):
                problem = (
                    f"a quote does not close where a cell ends ({exc}), and the line split "
                    f"on '{shown}' gives {len(cells)} cells where {has} "
                    f'{len(header)} columns; close the quote, or double it ("") inside a '
                    "quoted cell"
                )
        else:
            line = start + len(taken)
            if not any(c.strip() for c in cells):
                continue
            if given and start == 1 + blank:
                if [c.strip().casefold() for c in cells] == [n.casefold() for n in given]:
                    continue  # a header after all, naming the columns as given
                if _names_like(cells):
                    from classify.errors import warn

                    warn(
                        f"{path}: line {start} ({column_list(cells)}) reads like a header of "
                        f"other names than the columns given ({column_list(given)}), and is "
                        "read as a row; a table with a header row needs no columns option",
                        once=f"header-like:{path}",
                    )
            cells = _trim(cells, len(header))
            unnamed = [
                i for i, c in enumerate(cells[len(header) : written], len(header)) if c.strip()
            ]
            if len(header) < len(cells) <= written and unnamed:
                problem = (
                    f"a value in column {unnamed[0] + 1}, which the header leaves unnamed "
                    f"({cells[unnamed[0]].strip()[:40]!r}); name the column or clear the cell"
                )
            elif len(cells) != len(header) and given and start == 1 + blank:
                # The first row against the names given: the names are the
                # fix (skipping rows would leave every one out).
                how = option_hint("columns", example=",".join(_example_names(cells)))
                error = ClassifyError(
                    f"{len(cells)} cells where the columns given name {len(header)} "
                    f"({column_list(given)}; delimiter '{shown}'); name one column per cell"
                    + (f", e.g. {how}" if how else ""),
                    source=path,
                    where=f"line {start}",
                )
                error.hinted = True  # type: ignore[attr-defined]
                raise error
            elif len(cells) != len(header):
                problem = (
                    f"{len(cells)} cells where {has} {len(header)} columns "
                    f"(delimiter '{shown}'; a stray or missing delimiter, or a quote left open?)"
                )
        if problem is not None:
            error = ClassifyError(problem, source=path, where=f"line {start}")
            if options is None:
                raise error
            options.handle(error)
            continue
        yield dict(zip(header, cells)), f"line {start}"


def _example_names(cells: Sequence[str]) -> list[str]:
    """Column names for a row of ``cells``: ``id`` and ``text`` where a
    short number and the longest cell say so, else ``colN``."""
    names = [f"col{i + 1}" for i in range(len(cells))]
    longest = max(range(len(cells)), key=lambda i: len(cells[i]))
    names[longest] = "text"
    if longest != 0 and cells[0].strip().isdigit():
        names[0] = "id"
    return names


def _cuts_into(lines: list[str], delimiter: str, width: int, *, whole: bool) -> bool:
    """Whether ``lines`` read with ``delimiter`` give rows of ``width``
    cells (the last row aside unless the lines are ``whole`` the file: it
    may go on past them)."""
    try:
        rows = [r for r in csv.reader(lines, delimiter=delimiter, strict=True) if r]
    except csv.Error:
        return False
    checked = rows if whole or len(rows) < 2 else rows[:-1]
    return bool(rows) and all(len(_trim(r, width)) == width for r in checked)


def _names_like(cells: Sequence[str]) -> bool:
    """Whether a row's cells all read as column names: short identifiers
    without spaces (``doc``, ``body``, ``story_date``), none a number or a
    sentence (a text cell of one word is rare)."""
    return bool(cells) and all(re.fullmatch(r"[A-Za-z_][\w.-]{0,24}", c.strip()) for c in cells)


def _looks_like_a_row(header: Sequence[str]) -> bool:
    """Whether a table's first line reads as data rather than column names:
    a cell that is a number, or one of several words ending a sentence or
    longer than names run (AG News' ``"3","Wall St. Bears Claw Back ..."``)."""
    for cell in header:
        cell = cell.strip()
        if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cell):
            return True
        if len(cell) > 40 and len(cell.split()) > 4:
            return True
    return False


def _trim(cells: list[str], width: int) -> list[str]:
    """``cells`` without blank cells past ``width`` (spreadsheet exports)."""
    if len(cells) > width and not any(c.strip() for c in cells[width:]):
        return cells[:width]
    return cells


def written_mapping(value: str) -> dict[str, Any] | None:
    """An object written into one cell, as pandas writes a dict column to
    CSV (``{'id': None, 'name': 'Reuters'}``) or as JSON (``{"name":
    "Reuters"}``); None where the cell is not such an object."""
    text = value.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    import ast

    try:
        parsed = json.loads(text)
    except ValueError:
        # pandas writes a missing value in an object as nan, which is no literal.
        text = re.sub(r"(?<=[:,\[]\s)nan(?=\s*[,}\]])|(?<=[:,\[])nan(?=\s*[,}\]])", "None", text)
        try:
            parsed = ast.literal_eval(text)  # a literal only: Python reprs
        except (ValueError, SyntaxError):
            return None
    return parsed if isinstance(parsed, dict) else None


def written_list(value: str, *, keep_empty: bool = False) -> list[str] | None:
    """The names of a list written into one cell, as pandas writes a list
    column to CSV (``['a', 'b']``) or as JSON (``["a", "b"]``); None where
    the cell is not such a list. Empty names are dropped unless
    ``keep_empty`` (to tell ``["a", ""]`` from ``["a"]``)."""
    text = value.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return None
    import ast

    # JSON's null and pandas' nan, None or <NA> inside the list are missing names
    # (kept with ``keep_empty``, as None, to be named in an error).
    literal = re.sub(r"(?<=[\[,])\s*(?:null|nan|NaN|None|<NA>|NA|NaT)\s*(?=[,\]])", "None", text)
    try:
        parsed = ast.literal_eval(literal)  # a literal only: JSON lists and Python reprs
    except (ValueError, SyntaxError):
        return None
    if not isinstance(parsed, list) or not all(isinstance(v, (str, type(None))) for v in parsed):
        return None
    if keep_empty:
        return [v.strip() if isinstance(v, str) else v for v in parsed]
    if any(v is None for v in parsed):
        return None
    return [v.strip() for v in parsed if v.strip()]


def check_options(options: Any, name: str = "options") -> None:
    """Refuse ``options`` that are not a :class:`ReadOptions` (a dict is a
    common slip) in one line naming the argument.

    Raises:
        ClassifyError: ``options`` is neither None nor a ReadOptions.
    """
    if options is not None and not isinstance(options, ReadOptions):
        raise ClassifyError(
            f"{name}: expected classify.ReadOptions(...), got {type(options).__name__} "
            f"(e.g. {name}=classify.ReadOptions(text_column='body'))"
        )


def check_data_type(data: Any, name: str = "data") -> None:
    """Refuse data of a type no reader takes (a number, a bool), in one
    line naming the argument, rather than Python's own TypeError later.
    Iterables go on to their readers (a generator of paths, ``Path.glob``),
    and so does data in memory; None passes (where data is needed, the
    caller says so).

    Raises:
        ClassifyError: ``data`` is not None, a path, nor an iterable.
    """
    from collections.abc import Iterable

    if data is None or isinstance(data, (str, os.PathLike, Iterable)):
        return
    raise ClassifyError(
        f"{name}: cannot read data of type {type(data).__name__} (give a path or a list of "
        "paths, a list of texts, a pandas Series or DataFrame, or a Hugging Face Dataset)"
    )
