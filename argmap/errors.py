"""The one error family a user sees.

Every error raised for a user's mistake is an :class:`ArgmapError` whose message says what went wrong
and, where possible, what to do. The CLI prints it on one line to stderr and exits with status 2; the
TUI shows it as a notification. Anything else that escapes is a bug.
"""

from __future__ import annotations


class ArgmapError(Exception):
    """A request argmap refuses, with a message a user can act on."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(ArgmapError):
    """A map, claim, relation, evidence item or source that does not exist."""


class InvalidRequest(ArgmapError):
    """A request that would make nonsense of the map (blank text, self-support, cross-map links...)."""


class ConfirmationRequired(ArgmapError):
    """A destructive request that would remove more than was named; repeat it with ``force``."""

    def __init__(self, message: str, *, consequences: list[str]) -> None:
        super().__init__(message)
        self.consequences = consequences


class ParseError(ArgmapError):
    """A file that cannot be read; names the file, line and column."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        where = path or "<input>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.detail = message


class DatabaseError(ArgmapError):
    """The database cannot be opened, is locked, or is newer than this argmap."""
