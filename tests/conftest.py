"""Fixtures every test folder shares, and the Hypothesis profiles.

The tests mirror the packages (tests/text, content, pdf, layout, press, build, web); tests of the
command line and of the whole are at this level. Helper modules (helpers, pdfcheck, timelimit,
hostile, processes) are importable from every folder: pyproject.toml puts tests/ on sys.path.

Hypothesis profiles, chosen with HYPOTHESIS_PROFILE (default "dev"):

- dev: Hypothesis's own defaults, random examples and its example database, without a deadline
  (our properties lay out text, and a loaded machine is slow).
- ci: the same examples on every run (derandomize, no database), a fixed max_examples for
  tests that set none, no deadline, and the blob to reproduce a failure printed with it.

A test's own @settings (its max_examples) still applies under either profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import ROOT, Edit, MakeContent, copy_content, replace_once

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=100, deadline=None, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder where incremental builds keep their records (CDBOOKLET_CACHE), one for the
    whole run: never the user's own cache, and inherited by the commands tests run."""
    folder = tmp_path_factory.mktemp("cdbooklet-cache")
    os.environ["CDBOOKLET_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder (README.md, pyproject.toml, content/, docs/...)."""
    return ROOT


@pytest.fixture
def make_content(tmp_path: Path) -> MakeContent:
    """A factory for private content folders a test may edit.

    `make_content()` copies tests/fixtures/minimal/ to tmp_path/content and returns the copy;
    `make_content("complete")` another fixture by name, `make_content(helpers.SHIPPED)` the
    shipped content (without its es/ edition); `name=` picks another folder under tmp_path,
    for a second copy.
    """

    def make(source: str | Path = "minimal", *, name: str = "content") -> Path:
        return copy_content(source, tmp_path / name)

    return make


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    """A private copy of tests/fixtures/minimal/ at tmp_path/content, for one test to edit (or
    make hostile). Its branding.yaml names assets/logo.png on the line starting "logo:". A test
    folder that wants another fixture defines its own `content`."""
    return make_content("minimal")


@pytest.fixture
def previous(content: Path, tmp_path: Path) -> tuple[Path, bytes]:
    """A good booklet already at tmp_path/out/booklet.pdf, then a change to the content so the
    next build has something new to write: (the output path, its bytes)."""
    from hostile import previous_booklet

    out = tmp_path / "out" / "booklet.pdf"
    return out, previous_booklet(content, out)


@pytest.fixture(scope="session")
def edit() -> Edit:
    """`edit(path, old, new)`: replace text that is in the file exactly once (else the test
    fails, naming the file), for the one change a test makes to a copied content file."""
    return replace_once
