"""Every message `load_content` can give about a content directory, one test per message.

Each test copies tests/fixtures/minimal/ (a small valid content directory), makes one mistake in
one file, and asserts the whole `PATH:LINE: message` line a clinic would see. A few go through
`cdbooklet check` to pin the exit code and stderr as well.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cdbooklet.cli import cli
from cdbooklet.content import fonts
from cdbooklet.content.load import load_content
from cdbooklet.errors import BookletError

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
TODAY = date(2026, 1, 1)
"""A fixed "today", so no test depends on the calendar."""
DISCLAIMER = "disclaimer: |\n  Talk to your care team before you try any of these therapies.\n"
"""The disclaimer as the fixture's booklet.yaml spells it (lines 3-4)."""


@pytest.fixture
def good_content(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/minimal/ at tmp_path/content, for one test to break.

    Line numbers the tests rely on: booklet.yaml has title (1), language (2), disclaimer (3-4) and
    order (5-7: physical-therapy, acupuncture); branding.yaml has clinic (1-3: name, website),
    logo (4) and colors (5-7: primary, accent); therapies/acupuncture.yaml has title (1),
    summary (2) and body (3-4). tmp_path itself is "outside the content folder".
    """
    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace one piece of a fixture file, failing loudly if the fixture no longer has it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add lines at the end of a fixture file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def errors_of(root: Path) -> list[str]:
    """The problem lines load_content raises for a content directory (it must raise)."""
    with pytest.raises(BookletError) as info:
        load_content(root, today=TODAY)
    assert all(not p.is_warning for p in info.value.problems)
    return [str(p) for p in info.value.problems]


def check(root: Path) -> Result:
    """Run `cdbooklet check --content ROOT`."""
    return CliRunner().invoke(cli, ["check", "--content", str(root)])


def png_bytes() -> bytes:
    """The bytes of the fixture's tiny valid PNG logo."""
    return (MINIMAL / "assets" / "logo.png").read_bytes()


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


# -- folders and files -------------------------------------------------------------------------


def test_missing_content_folder_exits_1_naming_the_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = check(missing)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{missing}: this content folder does not exist"]


def test_missing_booklet_yaml_exits_1_naming_the_file(good_content: Path) -> None:
    (good_content / "booklet.yaml").unlink()
    result = check(good_content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{good_content / 'booklet.yaml'}: this file is missing"]


def test_missing_branding_yaml_is_reported(good_content: Path) -> None:
    (good_content / "branding.yaml").unlink()
    assert errors_of(good_content) == [f"{good_content / 'branding.yaml'}: this file is missing"]


def test_booklet_yaml_that_is_a_folder_is_reported(good_content: Path) -> None:
    (good_content / "booklet.yaml").unlink()
    (good_content / "booklet.yaml").mkdir()
    assert errors_of(good_content) == [
        f"{good_content / 'booklet.yaml'}: this is a folder, not a YAML file"
    ]


def test_missing_therapies_folder_exits_1(good_content: Path) -> None:
    shutil.rmtree(good_content / "therapies")
    result = check(good_content)
    assert result.exit_code == 1
    # The first line is the cause; order's ids may follow, reported as unknown.
    assert result.stderr.splitlines()[0] == (
        f"{good_content / 'therapies'}: the therapies folder is missing"
    )


def test_empty_therapies_folder_asks_for_a_file_per_therapy(good_content: Path) -> None:
    for path in (good_content / "therapies").iterdir():
        path.unlink()
    assert errors_of(good_content)[0] == (
        f"{good_content / 'therapies'}: there are no therapies: add a .yaml file for each one"
    )


def test_therapy_file_name_with_spaces_exits_1_suggesting_an_id(good_content: Path) -> None:
    therapies = good_content / "therapies"
    (therapies / "physical-therapy.yaml").rename(therapies / "Physical Therapy.yaml")
    result = check(good_content)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{therapies / 'Physical Therapy.yaml'}: file names become ids: use lowercase letters, "
        "digits and hyphens, like physical-therapy.yaml"
    )


def test_more_than_5000_therapy_files_is_refused(good_content: Path) -> None:
    therapies = good_content / "therapies"
    for i in range(5001 - 2):
        (therapies / f"t{i}.yaml").touch()
    assert errors_of(good_content)[0] == f"{therapies}: more than 5000 therapy files is too many"


def test_therapy_file_holding_a_list_asks_for_keys(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    path.write_text("- Acupuncture\n- Needles\n", encoding="utf-8")
    assert errors_of(good_content) == [
        f"{path}:1: this file should be a list of keys, like title: …"
    ]


def test_therapy_file_not_utf8_names_the_line(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    path.write_bytes("title: Acupuncture\nsummary: Caf\xe9 needles.\n".encode("latin-1"))
    assert errors_of(good_content) == [
        f"{path}:2: this file is not UTF-8 text: save it as UTF-8 in your editor"
    ]


def test_yaml_syntax_error_exits_1_with_its_line(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, "language: en", "language: [en")
    result = check(good_content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: this is not valid YAML (expected ',' or ']', but got ':'): "
        "check the indentation and colons"
    ]


def test_duplicate_key_exits_1_naming_both_lines(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "title: Acupuncture again\n")
    result = check(good_content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{path}:5: "title" appears twice, on lines 1 and 5: keep one'
    ]


def test_python_tag_in_content_is_refused(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    edit(path, "title: Acupuncture", 'title: !!python/object/apply:os.system ["echo hacked"]')
    assert errors_of(good_content) == [
        f'{path}:1: the YAML tag "!!python/object/apply:os.system" is not allowed: '
        "content files hold plain text only"
    ]


def test_therapy_symlink_to_a_file_outside_the_content_folder_is_refused(
    good_content: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.yaml"
    shutil.copy(good_content / "therapies" / "acupuncture.yaml", outside)
    link = good_content / "therapies" / "massage.yaml"
    link.symlink_to(outside)
    assert errors_of(good_content) == [
        f"{link}: this file points outside the content folder: copy it into the folder"
    ]


# -- keys --------------------------------------------------------------------------------------


def test_unknown_key_exits_1_and_suggests_nearest_name(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    edit(path, "title:", "tittle:")
    result = check(good_content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{path}:1: unknown key "tittle" (did you mean "title"?)',
        f'{path}:1: "title" is missing: add a heading, like "Physical Therapy"',
    ]


def test_unknown_key_with_no_near_name_gets_no_suggestion(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    append(path, "mood: cheerful\n")
    assert errors_of(good_content) == [f'{path}:8: unknown key "mood"']


def test_unknown_clinic_key_suggests_nearest_name(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, "  website:", "  webiste:")
    assert errors_of(good_content) == [
        f'{path}:3: unknown key "clinic.webiste" (did you mean "website"?)'
    ]


def test_unknown_colors_key_suggests_nearest_name(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, "  primary:", "  primay:")
    assert errors_of(good_content) == [
        f'{path}:6: unknown key "colors.primay" (did you mean "primary"?)'
    ]


def test_missing_summary_is_reported_at_the_top_of_the_file(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    edit(path, "summary: Very thin needles placed at certain points on the body.\n", "")
    assert errors_of(good_content) == [
        f'{path}:1: "summary" is missing: add one plain sentence saying what the therapy is'
    ]


def test_missing_disclaimer_is_reported(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, DISCLAIMER, "")
    assert errors_of(good_content) == [
        f'{path}:1: "disclaimer" is missing: add the integrative-care disclaimer, printed in full'
    ]


def test_missing_clinic_is_reported(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, "clinic:\n  name: Example Clinic\n  website: https://www.example.org\n", "")
    assert errors_of(good_content) == [
        f'{path}:1: "clinic" is missing: add the clinic\'s name and contact details'
    ]


def test_missing_clinic_name_is_reported_in_the_clinic_block(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, "  name: Example Clinic\n", "")
    # The clinic block now starts at its first remaining key, website: on line 2.
    assert errors_of(good_content) == [
        f'{path}:2: "clinic.name" is missing: add the clinic\'s name'
    ]


# -- types -------------------------------------------------------------------------------------


def test_tips_given_as_plain_text_asks_for_a_list(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "tips: Start slowly.\n")
    assert errors_of(good_content) == [
        f'{path}:5: "tips" should be a list of short points, each on a line starting '
        'with "- ", not "Start slowly."'
    ]


def test_title_given_as_a_list_asks_for_a_heading(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    edit(path, "title: Acupuncture", "title:\n  - Acupuncture")
    assert errors_of(good_content) == [
        f'{path}:1: "title" should be a heading, like "Physical Therapy", not a list'
    ]


def test_tip_that_is_not_text_is_reported_at_its_line(good_content: Path) -> None:
    path = good_content / "therapies" / "physical-therapy.yaml"
    append(path, "  - when: mornings\n")
    assert errors_of(good_content) == [
        f'{path}:9: each point in "tips" should be text, not a group of keys'
    ]


def test_empty_disclaimer_exits_1(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, DISCLAIMER, 'disclaimer: ""\n')
    result = check(good_content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{path}:3: "disclaimer" is empty: add the integrative-care disclaimer, printed in full'
    ]


def test_references_given_as_text_asks_for_a_list(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "references: A book about needles\n")
    assert errors_of(good_content) == [
        f'{path}:5: "references" should be a list of sources, each with text: and url:, '
        'not "A book about needles"'
    ]


def test_reference_that_is_a_list_asks_for_text_and_url(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "references:\n  - [A book, 2024]\n")
    assert errors_of(good_content) == [
        f"{path}:6: each reference should have text: and, if online, url:"
    ]


def test_unknown_key_in_a_reference_suggests_nearest_name(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "references:\n  - text: A book\n    urls: https://example.org/book\n")
    assert errors_of(good_content) == [
        f'{path}:7: unknown key "urls" in a reference (did you mean "url"?)'
    ]


def test_reference_without_text_asks_for_it(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "references:\n  - url: https://example.org/book\n")
    assert errors_of(good_content) == [
        f'{path}:6: each reference needs "text:", the source to cite'
    ]


def test_reference_url_that_is_not_http_is_refused(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "references:\n  - text: A book\n    url: ftp://example.org/book\n")
    assert errors_of(good_content) == [
        f'{path}:7: the reference url "ftp://example.org/book" should start with https://'
    ]


# -- dates -------------------------------------------------------------------------------------


def test_date_in_words_asks_for_year_month_day(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    append(path, "published: March 2025\n")
    assert errors_of(good_content) == [
        f'{path}:8: "published" should be a date like 2025-03-01, not "March 2025"'
    ]


def test_impossible_date_is_refused(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    append(path, "reviewed: 2025-02-30\n")
    assert errors_of(good_content) == [
        f'{path}:5: "reviewed" should be a date like 2025-03-01, not "2025-02-30"'
    ]


@pytest.mark.parametrize("review_by", ["2025-01-01", "2025-03-01"])
def test_review_by_not_after_published_is_refused(good_content: Path, review_by: str) -> None:
    path = good_content / "booklet.yaml"
    append(path, f"published: 2025-03-01\nreview_by: {review_by}\n")
    assert errors_of(good_content) == [f"{path}:9: review_by should come after published"]


def test_review_by_in_the_past_is_a_warning(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    append(path, "published: 2025-03-01\nreview_by: 2027-03-01\n")
    _content, warnings = load_content(good_content, today=date(2030, 1, 1))
    assert [w.is_warning for w in warnings] == [True]
    assert [str(w) for w in warnings] == [
        f"{path}:9: warning: review_by (2027-03-01) has passed: have a clinician check the text"
    ]


def test_review_by_in_the_future_gives_no_warning(good_content: Path) -> None:
    append(good_content / "booklet.yaml", "published: 2025-03-01\nreview_by: 2027-03-01\n")
    _content, warnings = load_content(good_content, today=date(2027, 3, 1))
    assert warnings == []


# -- colours, language, paper, font ------------------------------------------------------------


def test_colour_name_asks_for_a_hex_code(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, 'primary: "#1F5C99"', "primary: blue")
    assert errors_of(good_content) == [
        f'{path}:6: "colors.primary" should be a colour like "#1F5C99", in quotes, not "blue"'
    ]


def test_unquoted_colour_is_explained_as_a_comment(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, 'primary: "#1F5C99"', "primary: #1F5C99")
    assert errors_of(good_content) == [
        f'{path}:6: "colors.primary" is empty: write the colour in quotes, like "#1F5C99" '
        "(without quotes, # starts a comment)"
    ]


def test_language_name_asks_for_a_code(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, "language: en", "language: English")
    assert errors_of(good_content) == [
        f'{path}:2: "language" should be a language code such as en or es, not "English"'
    ]


def test_unknown_paper_lists_the_sizes(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    append(path, "paper: legal\n")
    assert errors_of(good_content) == [
        f'{path}:8: "paper" should be one of letter, a4, a5, half-letter, not "legal"'
    ]


def test_unknown_font_lists_the_available_fonts(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    append(path, "font: Comic Sans\n")
    available = fonts.families()
    assert fonts.DEFAULT_FAMILY in available
    assert errors_of(good_content) == [
        f'{path}:8: there is no font "Comic Sans" in the fonts folder '
        f"(available: {', '.join(available)})"
    ]


def test_misspelt_font_suggests_nearest_family(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    append(path, "font: Atkinson Hyperlegibel\n")
    assert errors_of(good_content) == [
        f'{path}:8: there is no font "Atkinson Hyperlegibel" in the fonts folder '
        f'(did you mean "Atkinson Hyperlegible"?) (available: {", ".join(fonts.families())})'
    ]


def test_font_name_is_matched_ignoring_case(good_content: Path) -> None:
    append(good_content / "branding.yaml", "font: dejavu sans\n")
    content, _warnings = load_content(good_content, today=TODAY)
    assert content.branding.font == "DejaVu Sans"


# -- order -------------------------------------------------------------------------------------


def test_unknown_order_id_suggests_nearest_therapy(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, "  - acupuncture\n", "  - acupuncture\n  - acupunture\n")
    assert errors_of(good_content) == [
        f'{path}:8: order names "acupunture", but there is no therapies/acupunture.yaml '
        '(did you mean "acupuncture"?)'
    ]


def test_order_id_listed_twice_names_both_lines(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, "  - acupuncture\n", "  - acupuncture\n  - physical-therapy\n")
    assert errors_of(good_content) == [
        f'{path}:8: "physical-therapy" is listed twice in order (lines 6 and 8)'
    ]


def test_therapy_missing_from_order_is_a_warning_and_goes_last(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, "  - acupuncture\n", "")
    content, warnings = load_content(good_content, today=TODAY)
    assert [w.is_warning for w in warnings] == [True]
    assert [str(w) for w in warnings] == [
        f'{path}:5: warning: "acupuncture" is not in order: it is placed at the end'
    ]
    # Alphabetical order would put acupuncture first; "at the end" puts it after the listed one.
    assert [t.id for t in content.booklet.therapies] == ["physical-therapy", "acupuncture"]


def test_without_order_therapies_are_alphabetical_by_title(good_content: Path) -> None:
    edit(good_content / "booklet.yaml", "order:\n  - physical-therapy\n  - acupuncture\n", "")
    content, warnings = load_content(good_content, today=TODAY)
    assert warnings == []
    assert [t.id for t in content.booklet.therapies] == ["acupuncture", "physical-therapy"]


# -- logo --------------------------------------------------------------------------------------


def test_missing_logo_names_the_path(good_content: Path) -> None:
    (good_content / "assets" / "logo.png").unlink()
    assert errors_of(good_content) == [
        f'{good_content / "branding.yaml"}:4: the logo file "assets/logo.png" was not found'
    ]


def test_logo_that_is_not_an_image_is_refused(good_content: Path) -> None:
    (good_content / "assets" / "logo.png").write_text("our logo, in words\n", encoding="utf-8")
    assert errors_of(good_content) == [
        f'{good_content / "branding.yaml"}:4: the logo file "assets/logo.png" '
        "should be a PNG or JPEG image"
    ]


def test_logo_outside_the_content_folder_is_refused(good_content: Path, tmp_path: Path) -> None:
    # A real PNG sits there, so only "outside" can be the reason.
    (tmp_path / "x.png").write_bytes(png_bytes())
    path = good_content / "branding.yaml"
    edit(path, "logo: assets/logo.png", "logo: ../x.png")
    assert errors_of(good_content) == [
        f'{path}:4: "logo" should be a file inside the content folder, not "../x.png"'
    ]


# -- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://example.org", "www.example.org"])
def test_link_in_body_without_an_allowed_scheme_is_refused(good_content: Path, url: str) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    edit(path, "some people.", f"some people: see [the study]({url}).")
    assert errors_of(good_content) == [
        f'{path}:3: the link "{url}" in "body" should start with http:, https:, mailto:, tel: '
        "(for example https://…)"
    ]


def test_website_that_is_not_http_asks_for_https(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, "website: https://www.example.org", "website: www.example.org")
    assert errors_of(good_content) == [
        f'{path}:3: "clinic.website" should be a web address starting with https://, '
        'not "www.example.org"'
    ]


# -- one-line fields: length ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "therapies/acupuncture.yaml",
            "title: Acupuncture",
            "title: " + "x" * 5000,
            '1: "title" is 5,000 characters long: keep it to 150 or fewer',
        ),
        (
            "therapies/acupuncture.yaml",
            "summary: Very thin needles placed at certain points on the body.",
            "summary: " + "Very long " * 30 + "and",
            '2: "summary" is 303 characters long: keep it to 250 or fewer',
        ),
        (
            "booklet.yaml",
            "language: en",
            "language: en\nfooter: " + "Ask first. " * 14,
            '3: "footer" is 153 characters long: keep it to 150 or fewer',
        ),
        (
            "branding.yaml",
            "  name: Example Clinic",
            "  name: " + "Example Clinic " * 11,
            '2: "clinic.name" is 164 characters long: keep it to 150 or fewer',
        ),
        (
            "branding.yaml",
            "website: https://www.example.org",
            "website: https://www.example.org/" + "a" * 1200,
            '3: "clinic.website" is 1,224 characters long: keep it to 500 or fewer',
        ),
    ],
    ids=["therapy-title", "summary", "footer", "clinic-name", "website"],
)
def test_one_line_field_longer_than_its_limit_is_refused(
    good_content: Path,
    file: str,
    old: str,
    new: str,
    message: str,
) -> None:
    path = good_content / file
    edit(path, old, new)
    assert errors_of(good_content) == [f"{path}:{message}"]


def test_length_is_counted_as_printed_and_the_limit_itself_is_allowed(good_content: Path) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    title = "x" * 150
    # A folded title: YAML joins the lines with one space, and runs of spaces count as one.
    edit(path, "title: Acupuncture", f"title: >\n  {title[:70]}   {title[71:]}\n")
    content, _warnings = load_content(good_content, today=TODAY)
    [therapy] = [t for t in content.booklet.therapies if t.id == "acupuncture"]
    assert len(therapy.title) == 150


# -- right-to-left text --------------------------------------------------------------------------

_RTL_MESSAGE = (
    "has right-to-left text (Hebrew or Arabic), which cdbooklet cannot print yet; "
    "write it in a left-to-right language"
)


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "key"),
    [
        ("therapies/acupuncture.yaml", "title: Acupuncture", "title: דיקור", 1, "title"),
        ("therapies/acupuncture.yaml", "neck pain", "ألم الرقبة", 3, "body"),
        (
            "therapies/acupuncture.yaml",
            "body: |",
            "tips:\n  - Rest.\n  - ارتاح\nbody: |",
            5,
            "tips",
        ),
        (
            "therapies/acupuncture.yaml",
            "body: |",
            "references:\n  - text: מקור\nbody: |",
            4,
            "references",
        ),
        ("branding.yaml", "  name: Example Clinic", "  name: מרפאה", 2, "clinic.name"),
        ("branding.yaml", "  website:", "  address: شارع 1\n  website:", 3, "clinic.address"),
        (
            "branding.yaml",
            "logo: assets/logo.png",
            "logo: assets/logo.png\nlogo_alt: סמל",
            5,
            "logo_alt",
        ),
        ("booklet.yaml", "language: en", "language: en\nsubtitle: ܫܠܡܐ", 3, "subtitle"),  # Syriac
    ],
    ids=["title", "body", "tip", "reference", "clinic-name", "address", "logo-alt", "subtitle"],
)
def test_right_to_left_text_is_refused(
    good_content: Path,
    file: str,
    old: str,
    new: str,
    line: int,
    key: str,
) -> None:
    path = good_content / file
    edit(path, old, new)
    assert errors_of(good_content) == [f'{path}:{line}: "{key}" {_RTL_MESSAGE}']


def test_left_to_right_text_with_accents_and_arabic_digits_is_not_refused(
    good_content: Path,
) -> None:
    path = good_content / "therapies" / "acupuncture.yaml"
    # Accents, Greek, Cyrillic, and Arabic-Indic digits (bidirectional class AN, not a letter).
    edit(path, "neck pain", "neck pain (ça, αβγ, шея, \u0661\u0662)")
    load_content(good_content, today=TODAY)


# -- bugs found by these tests, fixed -------------------------------------------------------------


@pytest.mark.parametrize("clinic", ["clinic: Example Clinic\n", "clinic:\n"])
def test_clinic_that_is_not_a_group_of_keys_is_reported(good_content: Path, clinic: str) -> None:
    path = good_content / "branding.yaml"
    edit(path, "clinic:\n  name: Example Clinic\n  website: https://www.example.org\n", clinic)
    problems = errors_of(good_content)
    assert any(p.startswith(f"{path}:1: ") and '"clinic"' in p for p in problems)


def test_colors_that_is_not_a_group_of_keys_is_reported(good_content: Path) -> None:
    path = good_content / "branding.yaml"
    edit(path, 'colors:\n  primary: "#1F5C99"\n  accent: "#E8A33D"\n', "colors: blue\n")
    problems = errors_of(good_content)
    assert any(p.startswith(f"{path}:5: ") and '"colors"' in p for p in problems)


def test_order_that_is_not_a_list_is_reported(good_content: Path) -> None:
    path = good_content / "booklet.yaml"
    edit(path, "order:\n  - physical-therapy\n  - acupuncture\n", "order: physical-therapy\n")
    problems = errors_of(good_content)
    assert any(p.startswith(f"{path}:5: ") and '"order"' in p for p in problems)


@pytest.mark.parametrize("entry", ["  - {id: acupuncture}\n", "  -\n"])
def test_order_entry_that_is_not_text_is_reported(good_content: Path, entry: str) -> None:
    path = good_content / "booklet.yaml"
    edit(path, "  - acupuncture\n", entry)
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
