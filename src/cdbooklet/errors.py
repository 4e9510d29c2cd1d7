"""Problems in the user's files: one exception class, and warnings of the same shape.

Load, layout and the output writer raise `BookletError`; only the command line turns it into
`PATH:LINE: message` lines and exit code 1. Never imports ReportLab or Click.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake (or, with `is_warning`, one doubt) at a place in a user's file."""

    path: Path
    line: int
    message: str
    is_warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        kind = "warning: " if self.is_warning else ""
        return f"{where}: {kind}{self.message}"


class BookletError(Exception):
    """Every problem in the user's files (content, branding, images, output path)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: Path, line: int, message: str) -> BookletError:
        """One problem at one place."""
        return cls([Problem(path, line, message)])


class Report:
    """Collects problems and warnings so a command can show them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def warn(self, path: Path, line: int, message: str) -> None:
        problem = Problem(path, line, message, is_warning=True)
        if problem not in self.problems:
            self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.is_warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BookletError(self.errors)
