"""Paths and small helpers shared by every test folder (tests/ is on sys.path: see pythonpath in
pyproject.toml).

tests/conftest.py wraps them in fixtures (`repo_root`, `make_content`, `edit`); import them from
here only where a fixture cannot reach: module-level constants, parametrize lists and Hypothesis
tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository's root folder."""
SHIPPED = ROOT / "content"
"""The shipped English content. Tests that are about it use it; the others use fixtures."""
SHIPPED_SPANISH = SHIPPED / "es"
"""The shipped Spanish edition."""
FIXTURES = ROOT / "tests" / "fixtures"
"""Small content folders made for tests: minimal (the fewest keys), complete and complete-es
(every printed key, four therapies), sliver (a frozen copy for one layout bug)."""

MakeContent = Callable[..., Path]
"""The type of the `make_content` fixture."""
Edit = Callable[[Path, str, str], None]
"""The type of the `edit` fixture (`replace_once`)."""


def content_source(source: str | Path) -> Path:
    """A content folder: a fixture's name ("minimal") or a path (such as SHIPPED)."""
    folder = FIXTURES / source if isinstance(source, str) else source
    assert (folder / "booklet.yaml").is_file(), f"{folder} is not a content folder"
    return folder


def copy_content(source: str | Path, target: Path) -> Path:
    """Copy a content folder (a fixture's name or a path) to `target` and return `target`.

    The translated editions kept inside the shipped content/ (content/es, content/ar...) are
    left out: a content folder never reads them."""
    shutil.copytree(content_source(source), target, ignore=_editions)
    return target


def _editions(folder: str, names: list[str]) -> list[str]:
    """The sub-folders of a content folder that are editions of their own (a booklet.yaml)."""
    return [name for name in names if (Path(folder) / name / "booklet.yaml").is_file()]


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace `old` with `new` in a text file, failing unless `old` is there exactly once (so a
    test never edits the wrong place, or nothing, after its fixture changed)."""
    text = path.read_text(encoding="utf-8")
    count = text.count(old)
    assert count == 1, f"{old!r} is in {path} {count} times, not once"
    path.write_text(text.replace(old, new), encoding="utf-8")
