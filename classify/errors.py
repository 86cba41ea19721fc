"""The one exception type users see.

Everything the user can fix (a missing file, a bad config key, data with one
class) raises :class:`ClassifyError` with a message that names the file and,
where there is one, the line or key. The CLI prints it as one line and exits
non-zero; a notebook sees an ordinary exception with the same message.
"""

from __future__ import annotations


class ClassifyError(Exception):
    """A problem with the user's input, stated in one line."""

    def __init__(self, message: str, *, source: object | None = None, where: str | None = None):
        self.source = None if source is None else str(source)
        self.where = where
        prefix = ""
        if self.source:
            prefix = self.source + (f":{where}" if where else "") + ": "
        super().__init__(prefix + message)
