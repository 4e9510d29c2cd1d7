"""The language-help page (the booklet's inside back cover) and the handouts' one line: each
chosen language's own name and line in its script, the clinic's phone, other formats, the draft
lines marked; `language_help: []` turns it off; a language with no line is an error at its
line."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.cli import cli
from cdbooklet.text.labels import DEFAULT_LANGUAGE_HELP, labels_for
from cdbooklet.text.scripts import is_rtl_language
from helpers import ROOT, MakeContent
from pdfcheck import comparable, pdftotext

PHONE = "(555) 010-0100"


def _build(content: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.stderr


def _help_pages(pdf: Path) -> list[int]:
    """The pages (1-based) that hold the language-help heading."""
    heading = labels_for("en")[0].language_help_heading
    return [
        i
        for i in range(1, len(PdfReader(pdf).pages) + 1)
        if heading in pdftotext(pdf, first=i, last=i)
    ]


def _complete(make_content: MakeContent, languages: list[str] | None, language: str = "en") -> Path:
    """The complete fixture in `language`, its `language_help` list replaced (None: left out,
    for the default)."""
    content = make_content("complete")
    booklet = content / "booklet.yaml"
    text = re.sub(r"^language_help:.*?(?=^\S)", "", booklet.read_text("utf-8"), flags=re.M | re.S)
    text = re.sub(r"^language: en$", f"language: {language}", text, flags=re.M)
    if languages is not None:
        text += "\nlanguage_help:" + "".join(f"\n  - {tag}" for tag in languages)
        text += "\n" if languages else " []\n"
    booklet.write_text(text, "utf-8")
    return content


@pytest.mark.parametrize(
    ("options", "short"),
    [
        ((), False),
        (("--page-size", "a5"), False),
        (("--large-print",), False),
        (("--page-size", "a5", "--large-print"), True),
    ],
    ids=["letter", "a5", "large-print", "a5-large-print"],
)
def test_the_page_names_each_language_in_itself_with_the_phone(
    make_content: MakeContent, tmp_path: Path, options: tuple[str, ...], short: bool
) -> None:
    """Each language's name and line in its own script, with the phone; at most two pages,
    which in large print on A5 takes the short forms, the number given once above them."""
    content = _complete(make_content, None)
    pdf = tmp_path / "booklet.pdf"
    assert _build(content, pdf, *options) == ""
    pages = _help_pages(pdf)
    assert len(pages) == 1, "one language-help heading"
    count = len(PdfReader(pdf).pages)
    assert count - pages[0] in (1, 2)  # one or two pages, then the back cover
    raw = pdftotext(pdf, first=pages[0], last=count - 1)
    text = comparable(raw)
    for tag in DEFAULT_LANGUAGE_HELP:
        own = labels_for(tag)[0]
        assert comparable(own.desk.language_name) in text, tag
        if short:
            line = re.sub(r"\s*[:：፦៖]\s*\{phone\}$", "", own.language_help_short)
            assert "{phone}" not in line
        else:
            line = own.language_help.format(phone=PHONE)
        if is_rtl_language(tag):
            # pdftotext lays a right-to-left line out as it looks, the number inside it where
            # it is seen: each word is there whole.
            for word in re.findall(r"[^\W\d_]+", line):
                assert comparable(word) in text, (tag, word)
        else:
            assert comparable(line) in text, (tag, line)
    # Every phone number whole, on one line of print (pdftotext may move a bracket of a number
    # in a right-to-left line, never the groups): on each line, or once above the short forms.
    printed = [line for line in raw.splitlines() if "010-0100" in line]
    assert len(printed) == (1 if short else len(DEFAULT_LANGUAGE_HELP))
    assert all(re.search(r"555\)[ \u00a0]010-0100", line) for line in printed), printed
    assert comparable(labels_for("en")[0].other_formats) in text
    assert comparable(labels_for("en")[0].draft_line) in text  # most lines are drafts


def test_an_empty_list_turns_the_page_and_the_handout_line_off(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = _complete(make_content, [])
    pdf = tmp_path / "booklet.pdf"
    _build(content, pdf)
    assert _help_pages(pdf) == []
    result = CliRunner().invoke(
        cli, ["handout", "--all", "--content", str(content), "--out-dir", str(tmp_path / "h")]
    )
    assert result.exit_code == 0
    for handout in (tmp_path / "h").glob("*.pdf"):
        assert labels_for("en")[0].language_help_short.format(phone=PHONE) not in pdftotext(handout)


def test_a_chosen_list_and_the_handouts_one_line(make_content: MakeContent, tmp_path: Path) -> None:
    content = _complete(make_content, ["vi", "ar", "zh-Hant"])
    pdf = tmp_path / "booklet.pdf"
    _build(content, pdf)
    pages = _help_pages(pdf)
    page = comparable(pdftotext(pdf, first=pages[0], last=pages[-1]))
    for tag, other in (("vi", "ko"), ("ar", "fa"), ("zh-Hant", "ja")):
        assert comparable(labels_for(tag)[0].desk.language_name) in page
        assert comparable(labels_for(other)[0].language_help.format(phone=PHONE)) not in page
    result = CliRunner().invoke(
        cli, ["handout", "--all", "--content", str(content), "--out-dir", str(tmp_path / "h")]
    )
    assert result.exit_code == 0, result.output
    handouts = sorted((tmp_path / "h").glob("*.pdf"))
    assert handouts
    for handout in handouts:
        text = comparable(pdftotext(handout))
        assert comparable(labels_for("en")[0].language_help_short.format(phone=PHONE)) in text
        for tag in ("vi", "ar", "zh-Hant"):
            assert comparable(labels_for(tag)[0].desk.language_name) in text


def test_a_language_with_no_line_is_an_error_at_its_line(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = _complete(make_content, ["vi", "xx", "vi"])
    booklet = content / "booklet.yaml"
    lines = booklet.read_text("utf-8").splitlines()
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code == 1
    xx = lines.index("  - xx") + 1
    assert f'{booklet}:{xx}: "language_help" has no line in "xx" yet' in result.stderr
    assert f'{booklet}:{xx + 1}: "vi" is in "language_help" twice' in result.stderr


def test_no_phone_no_page(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content("minimal")  # no phone: nothing to call
    pdf = tmp_path / "booklet.pdf"
    assert _build(content, pdf) == ""
    assert _help_pages(pdf) == []


def test_a_booklet_in_another_language_lists_english_first_and_not_its_own(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = _complete(make_content, None, "es")
    pdf = tmp_path / "booklet.pdf"
    _build(content, pdf)
    heading = labels_for("es")[0].language_help_heading
    count = len(PdfReader(pdf).pages)
    pages = [i for i in range(1, count + 1) if heading in pdftotext(pdf, first=i, last=i)]
    assert pages
    page = pdftotext(pdf, first=pages[0], last=count - 1)
    english = labels_for("en")[0]
    first = english.desk.language_name + "  " + english.language_help.format(phone=PHONE)
    lines = [line for line in page.splitlines() if "010-0100" in line]
    assert comparable(lines[0]) == comparable(first)  # English first, and no † on it
    assert "Español" not in page
    assert len(lines) == len(DEFAULT_LANGUAGE_HELP)  # Spanish out, English in


def test_in_a_right_to_left_handout_the_names_read_from_the_right(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """An Arabic handout lists English, Español, Français from the right, name by name: not
    as one left-to-right run that would put English at the left."""
    content = _complete(make_content, ["en", "es", "fr"], "ar")
    out = tmp_path / "h"
    result = CliRunner().invoke(
        cli, ["handout", "--all", "--content", str(content), "--out-dir", str(out)]
    )
    assert result.exit_code == 0, result.output
    handout = sorted(out.glob("*.pdf"))[0]
    seen = "".join(c for c in pdftotext(handout) if unicodedata.category(c) != "Cf")
    assert "Français · Español · English" in seen  # pdftotext writes a line as it is seen


@pytest.mark.parametrize("page_size", ["letter", "a5"])
def test_the_handouts_line_never_adds_a_page(tmp_path: Path, page_size: str) -> None:
    """The shipped Spanish handouts, whose text fills two letter pages: each takes the pages it
    takes without the line; where the line and the notes area do not both fit, the line stands
    aside."""
    shipped = ROOT / "content" / "es"
    without = tmp_path / "es"
    shutil.copytree(shipped, without)
    with (without / "booklet.yaml").open("a", encoding="utf-8") as booklet:
        booklet.write("\nlanguage_help: []\n")
    counts = {}
    for name, folder in (("with", shipped), ("without", without)):
        out = tmp_path / name
        result = CliRunner().invoke(
            cli,
            ["handout", "--all", "--content", str(folder), "--out-dir", str(out)]
            + ["--page-size", page_size],
        )
        assert result.exit_code == 0, result.output
        counts[name] = {p.name: len(PdfReader(p).pages) for p in out.glob("*.pdf")}
    assert counts["with"] == counts["without"]
    short = labels_for("es")[0].language_help_short.split(":")[0]
    carried = [p for p in (tmp_path / "with").glob("*.pdf") if short in pdftotext(p)]
    assert carried  # where it fits, it is there
