"""Every message `load_content` can give about a content directory.

Each case of the table copies tests/fixtures/minimal/ (a small valid content directory), makes one
mistake in one file, and asserts the whole `PATH:LINE: message` lines a clinic would see; the cases
marked `via_check` go through `cdbooklet check` to pin the exit code and stderr as well. The tests
after the table are the ones of another shape: warnings, what loads, and problems pinned only by
their file and line.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cdbooklet.cli import cli
from cdbooklet.content.load import load_content
from cdbooklet.errors import BookletError
from helpers import FIXTURES, MakeContent, replace_once

TODAY = date(2026, 1, 1)
"""A fixed "today", so no test depends on the calendar."""
DISCLAIMER = "disclaimer: |\n  Talk to your care team before you try any of these therapies.\n"
"""The disclaimer as the fixture's booklet.yaml spells it (lines 3-4)."""
PNG = (FIXTURES / "minimal" / "assets" / "logo.png").read_bytes()
"""The fixture's tiny valid PNG logo."""


@pytest.fixture
def good_content(make_content: MakeContent) -> Path:
    """A copy of tests/fixtures/minimal/ at tmp_path/content, for one test to break.

    Line numbers the tests rely on: booklet.yaml has title (1), language (2), disclaimer (3-4) and
    order (5-7: physical-therapy, acupuncture); branding.yaml has clinic (1-3: name, website),
    logo (4) and colors (5-7: primary, accent); therapies/acupuncture.yaml has title (1),
    summary (2) and body (3-4). tmp_path itself is "outside the content folder".
    """
    return make_content("minimal")


def errors_of(root: Path) -> list[str]:
    """The problem lines load_content raises for a content directory (it must raise)."""
    with pytest.raises(BookletError) as info:
        load_content(root, today=TODAY)
    assert all(not p.is_warning for p in info.value.problems)
    return [str(p) for p in info.value.problems]


def check(root: Path) -> Result:
    """Run `cdbooklet check --content ROOT`."""
    return CliRunner().invoke(cli, ["check", "--content", str(root)])


# -- the mistakes, one case each ---------------------------------------------------------------

Mistake = Callable[[Path, Path], None]
"""One mistake: called with the content folder and the case's file in it."""


def replace(old: str, new: str) -> Mistake:
    """Replace text that is in the case's file exactly once."""
    return lambda _root, path: replace_once(path, old, new)


def add_lines(path: Path, text: str) -> None:
    """Add lines at the end of a file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def append(text: str) -> Mistake:
    """Add lines at the end of the case's file."""
    return lambda _root, path: add_lines(path, text)


def write(data: str | bytes) -> Mistake:
    """Replace the whole of the case's file."""

    def edit(_root: Path, path: Path) -> None:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return edit


def remove(_root: Path, path: Path) -> None:
    """Delete the case's file or folder."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def folder_for_file(_root: Path, path: Path) -> None:
    path.unlink()
    path.mkdir()


def empty_folder(_root: Path, path: Path) -> None:
    for child in path.iterdir():
        child.unlink()


def rename_physical_therapy(_root: Path, path: Path) -> None:
    (path.parent / "physical-therapy.yaml").rename(path)


def too_many_files(_root: Path, path: Path) -> None:
    for i in range(5001 - 2):
        (path / f"t{i}.yaml").touch()


def link_outside(root: Path, path: Path) -> None:
    outside = root.parent / "secret.yaml"
    shutil.copy(root / "therapies" / "acupuncture.yaml", outside)
    path.symlink_to(outside)


def remove_logo(root: Path, _path: Path) -> None:
    (root / "assets" / "logo.png").unlink()


def logo_in_words(root: Path, _path: Path) -> None:
    (root / "assets" / "logo.png").write_text("our logo, in words\n", encoding="utf-8")


def logo_outside(root: Path, path: Path) -> None:
    # A real PNG sits there, so only "outside" can be the reason.
    (root.parent / "x.png").write_bytes(PNG)
    replace_once(path, "logo: assets/logo.png", "logo: ../x.png")


@dataclass(frozen=True)
class Case:
    """One mistake and the lines it gives. In `expected`, {path} is the case's file (`file` in
    the content folder) and {root} the content folder."""

    file: str
    edit: Mistake
    expected: tuple[str, ...]
    via_check: bool = False
    """Through `cdbooklet check`: exit code 1 and exactly these lines on stderr."""
    is_first: bool = False
    """The cause comes first and other lines may follow (such as order's ids, reported unknown
    once their files are gone)."""


ACUPUNCTURE = "therapies/acupuncture.yaml"
CASES = {
    # -- folders and files
    "missing-content-folder": Case(
        ".", remove, ("{path}: this content folder does not exist",), via_check=True
    ),
    "missing-booklet-yaml": Case(
        "booklet.yaml", remove, ("{path}: this file is missing",), via_check=True
    ),
    "missing-branding-yaml": Case("branding.yaml", remove, ("{path}: this file is missing",)),
    "booklet-yaml-is-a-folder": Case(
        "booklet.yaml", folder_for_file, ("{path}: this is a folder, not a YAML file",)
    ),
    "missing-therapies-folder": Case(
        "therapies",
        remove,
        ("{path}: the therapies folder is missing",),
        via_check=True,
        is_first=True,
    ),
    "empty-therapies-folder": Case(
        "therapies",
        empty_folder,
        ("{path}: there are no therapies: add a .yaml file for each one",),
        is_first=True,
    ),
    "therapy-file-name-with-spaces": Case(
        "therapies/Physical Therapy.yaml",
        rename_physical_therapy,
        (
            "{path}: file names become ids: use lowercase letters, digits and hyphens, like "
            "physical-therapy.yaml",
        ),
        via_check=True,
        is_first=True,
    ),
    "more-than-5000-therapy-files": Case(
        "therapies",
        too_many_files,
        ("{path}: more than 5000 therapy files is too many",),
        is_first=True,
    ),
    "therapy-file-holding-a-list": Case(
        ACUPUNCTURE,
        write("- Acupuncture\n- Needles\n"),
        ("{path}:1: this file should be a list of keys, like title: …",),
    ),
    "therapy-file-not-utf8": Case(
        ACUPUNCTURE,
        write("title: Acupuncture\nsummary: Caf\xe9 needles.\n".encode("latin-1")),
        ("{path}:2: this file is not UTF-8 text: save it as UTF-8 in your editor",),
    ),
    "yaml-syntax-error": Case(
        "booklet.yaml",
        replace("language: en", "language: [en"),
        (
            "{path}:3: this is not valid YAML (expected ',' or ']', but got ':'): "
            "check the indentation and colons",
        ),
        via_check=True,
    ),
    "duplicate-key": Case(
        ACUPUNCTURE,
        append("title: Acupuncture again\n"),
        ('{path}:5: "title" appears twice, on lines 1 and 5: keep one',),
        via_check=True,
    ),
    "python-tag": Case(
        ACUPUNCTURE,
        replace("title: Acupuncture", 'title: !!python/object/apply:os.system ["echo hacked"]'),
        (
            '{path}:1: the YAML tag "!!python/object/apply:os.system" is not allowed: '
            "content files hold plain text only",
        ),
    ),
    "therapy-symlink-outside-the-content-folder": Case(
        "therapies/massage.yaml",
        link_outside,
        ("{path}: this file points outside the content folder: copy it into the folder",),
    ),
    # -- keys
    "unknown-key-suggests-nearest-name": Case(
        ACUPUNCTURE,
        replace("title:", "tittle:"),
        (
            '{path}:1: unknown key "tittle" (did you mean "title"?)',
            '{path}:1: "title" is missing: add a heading, like "Physical Therapy"',
        ),
        via_check=True,
    ),
    "unknown-key-without-a-near-name": Case(
        "booklet.yaml", append("mood: cheerful\n"), ('{path}:8: unknown key "mood"',)
    ),
    "unknown-clinic-key": Case(
        "branding.yaml",
        replace("  website:", "  webiste:"),
        ('{path}:3: unknown key "clinic.webiste" (did you mean "website"?)',),
    ),
    "unknown-colors-key": Case(
        "branding.yaml",
        replace("  primary:", "  primay:"),
        ('{path}:6: unknown key "colors.primay" (did you mean "primary"?)',),
    ),
    "missing-summary": Case(
        ACUPUNCTURE,
        replace("summary: Very thin needles placed at certain points on the body.\n", ""),
        ('{path}:1: "summary" is missing: add one plain sentence saying what the therapy is',),
    ),
    "missing-disclaimer": Case(
        "booklet.yaml",
        replace(DISCLAIMER, ""),
        (
            '{path}:1: "disclaimer" is missing: add the integrative-care disclaimer, '
            "printed in full",
        ),
    ),
    "missing-clinic": Case(
        "branding.yaml",
        replace("clinic:\n  name: Example Clinic\n  website: https://www.example.org\n", ""),
        ('{path}:1: "clinic" is missing: add the clinic\'s name and contact details',),
    ),
    # The clinic block then starts at its first remaining key, website: on line 2.
    "missing-clinic-name": Case(
        "branding.yaml",
        replace("  name: Example Clinic\n", ""),
        ('{path}:2: "clinic.name" is missing: add the clinic\'s name',),
    ),
    # -- types
    "tips-as-plain-text": Case(
        ACUPUNCTURE,
        append("tips: Start slowly.\n"),
        (
            '{path}:5: "tips" should be a list of short points, each on a line starting '
            'with "- ", not "Start slowly."',
        ),
    ),
    "title-as-a-list": Case(
        ACUPUNCTURE,
        replace("title: Acupuncture", "title:\n  - Acupuncture"),
        ('{path}:1: "title" should be a heading, like "Physical Therapy", not a list',),
    ),
    "tip-that-is-not-text": Case(
        "therapies/physical-therapy.yaml",
        append("  - when: mornings\n"),
        ('{path}:9: each point in "tips" should be text, not a group of keys',),
    ),
    "empty-disclaimer": Case(
        "booklet.yaml",
        replace(DISCLAIMER, 'disclaimer: ""\n'),
        ('{path}:3: "disclaimer" is empty: add the integrative-care disclaimer, printed in full',),
        via_check=True,
    ),
    "references-as-text": Case(
        ACUPUNCTURE,
        append("references: A book about needles\n"),
        (
            '{path}:5: "references" should be a list of sources, each with text: and url:, '
            'not "A book about needles"',
        ),
    ),
    "reference-that-is-a-list": Case(
        ACUPUNCTURE,
        append("references:\n  - [A book, 2024]\n"),
        ("{path}:6: each reference should have text: and, if online, url:",),
    ),
    "unknown-key-in-a-reference": Case(
        ACUPUNCTURE,
        append("references:\n  - text: A book\n    urls: https://example.org/book\n"),
        ('{path}:7: unknown key "urls" in a reference (did you mean "url"?)',),
    ),
    "reference-without-text": Case(
        ACUPUNCTURE,
        append("references:\n  - url: https://example.org/book\n"),
        ('{path}:6: each reference needs "text:", the source to cite',),
    ),
    "reference-url-not-http": Case(
        ACUPUNCTURE,
        append("references:\n  - text: A book\n    url: ftp://example.org/book\n"),
        ('{path}:7: the reference url "ftp://example.org/book" should start with https://',),
    ),
    # -- dates
    "date-in-words": Case(
        "booklet.yaml",
        append("published: March 2025\n"),
        ('{path}:8: "published" should be a date like 2025-03-01, not "March 2025"',),
    ),
    "impossible-date": Case(
        ACUPUNCTURE,
        append("reviewed: 2025-02-30\n"),
        ('{path}:5: "reviewed" should be a date like 2025-03-01, not "2025-02-30"',),
    ),
    "review-by-before-published": Case(
        "booklet.yaml",
        append("published: 2025-03-01\nreview_by: 2025-01-01\n"),
        ("{path}:9: review_by should come after published",),
    ),
    "review-by-on-the-day-published": Case(
        "booklet.yaml",
        append("published: 2025-03-01\nreview_by: 2025-03-01\n"),
        ("{path}:9: review_by should come after published",),
    ),
    # -- colours, language, paper, font
    "colour-name": Case(
        "branding.yaml",
        replace('primary: "#1F5C99"', "primary: blue"),
        ('{path}:6: "colors.primary" should be a colour like "#1F5C99", in quotes, not "blue"',),
    ),
    "unquoted-colour-is-a-comment": Case(
        "branding.yaml",
        replace('primary: "#1F5C99"', "primary: #1F5C99"),
        (
            '{path}:6: "colors.primary" is empty: write the colour in quotes, like "#1F5C99" '
            "(without quotes, # starts a comment)",
        ),
    ),
    "language-name": Case(
        "booklet.yaml",
        replace("language: en", "language: English"),
        ('{path}:2: "language" should be a language code such as en or es, not "English"',),
    ),
    "unknown-paper": Case(
        "branding.yaml",
        append("paper: legal\n"),
        ('{path}:8: "paper" should be one of letter, a4, a5, half-letter, not "legal"',),
    ),
    "unknown-font": Case(
        "branding.yaml",
        append("font: Comic Sans\n"),
        (
            '{path}:8: there is no font "Comic Sans" in the fonts folder '
            "(available: Atkinson Hyperlegible, DejaVu Sans)",
        ),
    ),
    "misspelt-font": Case(
        "branding.yaml",
        append("font: Atkinson Hyperlegibel\n"),
        (
            '{path}:8: there is no font "Atkinson Hyperlegibel" in the fonts folder '
            '(did you mean "Atkinson Hyperlegible"?) '
            "(available: Atkinson Hyperlegible, DejaVu Sans)",
        ),
    ),
    # -- order
    "unknown-order-id": Case(
        "booklet.yaml",
        replace("  - acupuncture\n", "  - acupuncture\n  - acupunture\n"),
        (
            '{path}:8: order names "acupunture", but there is no therapies/acupunture.yaml '
            '(did you mean "acupuncture"?)',
        ),
    ),
    "order-id-listed-twice": Case(
        "booklet.yaml",
        replace("  - acupuncture\n", "  - acupuncture\n  - physical-therapy\n"),
        ('{path}:8: "physical-therapy" is listed twice in order (lines 6 and 8)',),
    ),
    # -- logo
    "missing-logo": Case(
        "branding.yaml", remove_logo, ('{path}:4: the logo file "assets/logo.png" was not found',)
    ),
    "logo-that-is-not-an-image": Case(
        "branding.yaml",
        logo_in_words,
        ('{path}:4: the logo file "assets/logo.png" should be a PNG or JPEG image',),
    ),
    "logo-outside-the-content-folder": Case(
        "branding.yaml",
        logo_outside,
        ('{path}:4: "logo" should be a file inside the content folder, not "../x.png"',),
    ),
    # -- links
    "ftp-link-in-body": Case(
        ACUPUNCTURE,
        replace("some people.", "some people: see [the study](ftp://example.org)."),
        (
            '{path}:3: the link "ftp://example.org" in "body" should start with http:, https:, '
            "mailto:, tel: (for example https://…)",
        ),
    ),
    "link-in-body-without-a-scheme": Case(
        ACUPUNCTURE,
        replace("some people.", "some people: see [the study](www.example.org)."),
        (
            '{path}:3: the link "www.example.org" in "body" should start with http:, https:, '
            "mailto:, tel: (for example https://…)",
        ),
    ),
    "website-not-http": Case(
        "branding.yaml",
        replace("website: https://www.example.org", "website: www.example.org"),
        (
            '{path}:3: "clinic.website" should be a web address starting with https://, '
            'not "www.example.org"',
        ),
    ),
    # -- one-line fields longer than their limit
    "too-long-therapy-title": Case(
        ACUPUNCTURE,
        replace("title: Acupuncture", "title: " + "x" * 5000),
        ('{path}:1: "title" is 5,000 characters long: keep it to 150 or fewer',),
    ),
    "too-long-summary": Case(
        ACUPUNCTURE,
        replace(
            "summary: Very thin needles placed at certain points on the body.",
            "summary: " + "Very long " * 30 + "and",
        ),
        ('{path}:2: "summary" is 303 characters long: keep it to 250 or fewer',),
    ),
    "too-long-footer": Case(
        "booklet.yaml",
        replace("language: en", "language: en\nfooter: " + "Ask first. " * 14),
        ('{path}:3: "footer" is 153 characters long: keep it to 150 or fewer',),
    ),
    "too-long-clinic-name": Case(
        "branding.yaml",
        replace("  name: Example Clinic", "  name: " + "Example Clinic " * 11),
        ('{path}:2: "clinic.name" is 164 characters long: keep it to 150 or fewer',),
    ),
    "too-long-website": Case(
        "branding.yaml",
        replace(
            "website: https://www.example.org", "website: https://www.example.org/" + "a" * 1200
        ),
        ('{path}:3: "clinic.website" is 1,224 characters long: keep it to 500 or fewer',),
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_mistake_gives_its_path_line_message(good_content: Path, case: Case) -> None:
    path = good_content / case.file
    case.edit(good_content, path)
    expected = [line.format(path=path, root=good_content) for line in case.expected]
    if case.via_check:
        result = check(good_content)
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
    else:
        lines = errors_of(good_content)
    assert (lines[: len(expected)] if case.is_first else lines) == expected


# -- the fixture itself ------------------------------------------------------------------------


def test_minimal_content_loads_without_problems(good_content: Path) -> None:
    content, warnings = load_content(good_content, today=TODAY)
    assert warnings == []
    assert [t.id for t in content.booklet.therapies] == ["physical-therapy", "acupuncture"]
    assert content.branding.contact.name == "Example Clinic"
    assert content.branding.logo == (good_content / "assets" / "logo.png").resolve()


def test_minimal_content_passes_check_with_exit_code_0(good_content: Path) -> None:
    result = check(good_content)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == f"{good_content}: no errors (2 therapies, 0 warnings)\n"


# -- warnings and what loads -------------------------------------------------------------------


def test_review_by_in_the_past_is_a_warning(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    add_lines(path, "published: 2025-03-01\nreview_by: 2027-03-01\n")
    _content, warnings = load_content(good_content, today=date(2030, 1, 1))
    assert [w.is_warning for w in warnings] == [True]
    assert [str(w) for w in warnings] == [
        f"{path}:9: warning: review_by (2027-03-01) has passed: have a clinician check the text"
    ]


def test_review_by_in_the_future_gives_no_warning(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    add_lines(path, "published: 2025-03-01\nreview_by: 2027-03-01\n")
    _content, warnings = load_content(good_content, today=date(2027, 3, 1))
    assert warnings == []


def test_font_name_is_matched_ignoring_case(good_content: Path) -> None:
    add_lines(good_content / "branding.yaml", "font: dejavu sans\n")
    content, _warnings = load_content(good_content, today=TODAY)
    assert content.branding.font == "DejaVu Sans"


def test_therapy_missing_from_order_is_a_warning_and_goes_last(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    replace_once(path, "  - acupuncture\n", "")
    content, warnings = load_content(good_content, today=TODAY)
    assert [w.is_warning for w in warnings] == [True]
    assert [str(w) for w in warnings] == [
        f'{path}:5: warning: "acupuncture" is not in order: it is placed at the end'
    ]
    # Alphabetical order would put acupuncture first; "at the end" puts it after the listed one.
    assert [t.id for t in content.booklet.therapies] == ["physical-therapy", "acupuncture"]


def test_without_order_therapies_are_alphabetical_by_title(good_content: Path) -> None:
    replace_once(
        good_content / "booklet.yaml", "order:\n  - physical-therapy\n  - acupuncture\n", ""
    )
    content, warnings = load_content(good_content, today=TODAY)
    assert warnings == []
    assert [t.id for t in content.booklet.therapies] == ["acupuncture", "physical-therapy"]


def test_length_is_counted_as_printed_and_the_limit_itself_is_allowed(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    title = "x" * 150
    # A folded title: YAML joins the lines with one space, and runs of spaces count as one.
    replace_once(path, "title: Acupuncture", f"title: >\n  {title[:70]}   {title[71:]}\n")
    content, _warnings = load_content(good_content, today=TODAY)
    [therapy] = [t for t in content.booklet.therapies if t.id == "acupuncture"]
    assert len(therapy.title) == 150


def test_left_to_right_text_with_accents_and_arabic_digits_is_not_refused(
    good_content: Path,
) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    # Accents, Greek, Cyrillic, and Arabic-Indic digits (bidirectional class AN, not a letter).
    replace_once(path, "neck pain", "neck pain (ça, αβγ, шея, \u0661\u0662)")
    load_content(good_content, today=TODAY)


# -- bugs found by these tests, fixed: pinned by file and line ------------------------------------


@pytest.mark.parametrize("clinic", ["clinic: Example Clinic\n", "clinic:\n"])
def test_clinic_that_is_not_a_group_of_keys_is_reported(good_content: Path, clinic: str) -> None:
    path = good_content / "branding.yaml"
    replace_once(
        path, "clinic:\n  name: Example Clinic\n  website: https://www.example.org\n", clinic
    )
    problems = errors_of(good_content)
    assert any(p.startswith(f"{path}:1: ") and '"clinic"' in p for p in problems)


def test_colors_that_is_not_a_group_of_keys_is_reported(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    replace_once(path, 'colors:\n  primary: "#1F5C99"\n  accent: "#E8A33D"\n', "colors: blue\n")
    problems = errors_of(good_content)
    assert any(p.startswith(f"{path}:5: ") and '"colors"' in p for p in problems)


def test_order_that_is_not_a_list_is_reported(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    replace_once(
        path, "order:\n  - physical-therapy\n  - acupuncture\n", "order: physical-therapy\n"
    )
    problems = errors_of(good_content)
    assert any(p.startswith(f"{path}:5: ") and '"order"' in p for p in problems)


@pytest.mark.parametrize("entry", ["  - {id: acupuncture}\n", "  -\n"])
def test_order_entry_that_is_not_text_is_reported(good_content: Path, entry: str) -> None:
    path = good_content / "booklet.yaml"
    replace_once(path, "  - acupuncture\n", entry)
    problems = errors_of(good_content)
    assert any(p.startswith(f"{path}:7: ") for p in problems)


def test_two_files_with_the_same_id_are_reported(good_content: Path) -> None:
    therapies = good_content / "therapies"
    shutil.copy(therapies / "acupuncture.yaml", therapies / "acupuncture.yml")
    problems = errors_of(good_content)
    assert any("acupuncture" in p for p in problems)


def test_therapy_symlink_loop_is_reported(good_content: Path) -> None:
    link = good_content / "therapies" / "loop.yaml"
    os.symlink("loop.yaml", link)
    problems = errors_of(good_content)
    assert any(p.startswith(f"{link}: ") for p in problems)


def test_logo_symlink_loop_is_reported(good_content: Path) -> None:
    logo = good_content / "assets" / "logo.png"
    logo.unlink()
    os.symlink("logo.png", logo)
    problems = errors_of(good_content)
    assert any(p.startswith(f"{good_content / 'branding.yaml'}:4: ") for p in problems)
