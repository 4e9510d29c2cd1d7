"""Hostile text in a booklet: any text in any field prints as typed or is refused by
name, very long words and text build in time and memory, and markup in content (ReportLab's
paragraph tags, the CVE-2023-33733 payload, links we do not allow) prints as text and runs
nothing.

One hazard a test; see tests/hostile.py for what these tests hold to.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement
from packaging.version import Version
from pypdf import PdfReader

from cdbooklet.content.keys import file_kind
from cdbooklet.text import markup
from cdbooklet.text.scripts import needs_engine
from helpers import copy_content
from hostile import (
    PROBLEM,
    MiB,
    build,
    invoke,
    line_of,
    pdf_text,
    run_child,
    set_yaml,
)
from timelimit import time_limit

CVE_FIX = Version("3.6.13")
"""The first ReportLab release fixing CVE-2023-33733 (code run from a colour attribute)."""


# -- any text in any field --------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A text field a clinic types: where it lives and how load and layout treat it."""

    name: str
    file: str
    keys: tuple[str | int, ...]
    kind: str
    """"text" (one line), "paragraphs" (split at blank lines), "joined" (paragraphs printed as
    one, like the disclaimer) or "item" (one point of a list)."""
    has_markup: bool
    """Inline **bold**, *italic* and [links](https://…) become markup."""
    is_required: bool = True


FIELDS = {
    "therapy title": Field(
        "therapy title", "therapies/acupuncture.yaml", ("title",), "text", has_markup=False
    ),
    "summary": Field("summary", "therapies/acupuncture.yaml", ("summary",), "text", True),
    "body": Field("body", "therapies/acupuncture.yaml", ("body",), "paragraphs", True),
    "tip": Field("tip", "therapies/acupuncture.yaml", ("tips", 0), "item", True),
    "disclaimer": Field("disclaimer", "booklet.yaml", ("disclaimer",), "joined", True),
    "clinic name": Field("clinic name", "branding.yaml", ("clinic", "name"), "text", False),
    "footer": Field("footer", "booklet.yaml", ("footer",), "text", False, is_required=False),
    "booklet title": Field("booklet title", "booklet.yaml", ("title",), "text", False),
}


def _visible(field: Field, value: str) -> str:
    """What should print: the value as load and markup treat it, every character kept."""
    if field.kind in ("paragraphs", "joined"):
        parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
        texts = [" ".join(parts)] if field.kind == "joined" else parts
    else:
        texts = [" ".join(value.split())]
    if not field.has_markup:
        return " ".join(texts)
    # Markup markers vanish and a link's address is printed after it (as markup.to_xml does).
    shown = []
    for text in texts:
        for span in markup.parse_inline(text):
            shown.append(span.text)
            url = markup.display_url(span.href) if span.href else ""
            if url and url.lower() not in span.text.lower():
                shown.append(f" ({url})")
    return " ".join(shown)


def _max_length(field: Field) -> int | None:
    """The loader's limit for a one-line field (None for the others): layout cannot place a
    longer title, summary, clinic name or footer (the cover band, the contents rows, the
    running header and the footer cannot split over pages)."""
    if field.kind != "text":
        return None
    limit = file_kind(_KIND[field.file]).key(".".join(map(str, field.keys))).max_length
    assert limit is not None, f"the {field.name} has no maximum length"
    return limit


_KIND = {
    "booklet.yaml": "booklet",
    "branding.yaml": "branding",
    "therapies/acupuncture.yaml": "therapy",
}


def _is_refused(field: Field, value: str) -> bool:
    """Whether load must refuse this value: required and empty, a link we do not allow, or one
    line longer than its field's limit."""
    if field.is_required and not value.strip():
        return True
    limit = _max_length(field)
    if limit is not None and len(" ".join(value.split())) > limit:
        return True
    return any(not markup.is_allowed_url(url) for url in markup.find_links(value))


def _line_of_key(path: Path, keys: tuple[str | int, ...]) -> int:
    """The line of a (possibly nested) key in a file set_yaml wrote."""
    *groups, key = keys
    return line_of(path, " " * (2 * len(groups)) + f"{key}:")


def _comparable(text: str, dropped: set[str]) -> str:
    """Text for comparison: NFC, no whitespace, no control or format characters and no other
    default-ignorable code points (invisible by definition: HarfBuzz draws nothing for them),
    none of the characters a warning said were left out."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch
        for ch in text
        if not ch.isspace()
        and ch not in dropped
        and unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
        and not _is_default_ignorable(ch)
    )


_DEFAULT_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
"""Unicode's Default_Ignorable_Code_Point ranges that are not format characters (Cf)."""


def _is_default_ignorable(ch: str) -> bool:
    code = ord(ch)
    return any(start <= code <= end for start, end in _DEFAULT_IGNORABLE)


def _check_build(field: Field, value: str, root: Path, out: Path, result: Result) -> None:
    """Exit 0 and a PDF holding the text as typed (less what no font has, each with a warning),
    or exit 1 with PATH:LINE: message lines, exactly when load should refuse."""
    lines = result.stderr.splitlines()
    assert all(PROBLEM.match(line) for line in lines), result.stderr
    if result.exit_code == 1:
        assert _is_refused(field, value), f"refused good text:\n{result.stderr}"
        errors = [m for m in map(PROBLEM.match, lines) if m and not m["warning"]]
        assert any(m["path"] == str(root / field.file) for m in errors), result.stderr
        assert not out.exists()
        limit, length = _max_length(field), len(" ".join(value.split()))
        if limit is not None and length > limit:
            path = root / field.file
            key = ".".join(map(str, field.keys))
            assert (
                f'{path}:{_line_of_key(path, field.keys)}: "{key}" is {length:,} characters '
                f"long: keep it to {limit:,} or fewer"
            ) in lines, result.stderr
        return
    assert result.exit_code == 0, result.output
    assert not _is_refused(field, value), "printed text load should have refused"
    dropped = {
        chr(int(code, 16))
        for line in lines
        if "no bundled font can print" in line
        for code in re.findall(r"U\+([0-9A-F]{4,6})", line)
    }
    expected = _comparable(_visible(field, value), dropped)
    if needs_engine(_visible(field, value)):
        _check_script_text(expected, out, lines)
        return
    printed = _comparable(pdf_text(out), set())
    if expected not in printed and field.name not in ("clinic name", "footer"):
        # Text that runs over a page break has the running header and footer in between.
        furniture = _furniture(root)
        expected, printed = furniture(expected), furniture(printed)
    assert expected in printed, f"{expected!r} is not in the PDF (warnings: {lines})"


def _check_script_text(expected: str, out: Path, lines: list[str]) -> None:
    """Text cdbooklet lays out itself (right to left, shaped, or broken without spaces): every
    character comes back, as poppler reads the PDF (with /ActualText and ToUnicode). Which order
    a line of mixed directions reads back in depends on poppler's guesses at each page's main
    direction (see tests/test_scripts.py for the order), so here the characters are counted."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = Counter(_comparable(unicodedata.normalize("NFKC", text), set()))
    wanted = Counter(_comparable(unicodedata.normalize("NFKC", expected), set()))
    missing = wanted - printed
    assert not missing, f"{''.join(missing.elements())!r} did not print (warnings: {lines})"


def _furniture(root: Path) -> Callable[[str], str]:
    """A function removing the page furniture (clinic name, footer, "Page X of Y") from text
    made comparable."""
    from cdbooklet.text.labels import labels_for

    booklet = yaml.safe_load((root / "booklet.yaml").read_text(encoding="utf-8"))
    branding = yaml.safe_load((root / "branding.yaml").read_text(encoding="utf-8"))
    parts = [
        _comparable(str(branding["clinic"]["name"]), set()),
        _comparable(str(booklet.get("footer") or labels_for("en")[0].footer), set()),
    ]
    # A box that runs on to the next page starts there with its heading again, "(continued)".
    labels = labels_for("en")[0]
    boxes = (labels.tips, labels.cautions, labels.questions)
    parts += [_comparable(labels.continued.format(heading=box), set()) for box in boxes]

    def remove(text: str) -> str:
        for part in filter(None, parts):
            text = text.replace(part, "")
        return re.sub(r"Page\d+of\d+", "", text)

    return remove


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(list("<>&;*[]()\"'#:-!%@`{}|\\/\n \t"))
    # Right-to-left letters, marks, joiners and direction marks, often enough to mix.
    | st.sampled_from(
        list("שלום سلام فارسی\u064b\u0651 \u200c\u200d\u200e\u200f\u2067\u2069 123-45")
    ),
    max_size=200,
)


@pytest.mark.parametrize("field", list(FIELDS.values()), ids=list(FIELDS))
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(value=_TEXT)
@example(value="<para>")
@example(value="&amp; &lt; &#60; &unknown; ]]> <![CDATA[x]]>")
@example(value='<font color="red">red</font> <img src="/etc/passwd"/> <a href="file:///x">x</a>')
@example(value="Relax 😌🧘\u200d♀️ ✅")  # emoji (no bundled font has them): left out, warned
@example(value="Cafe\u0301 q\u0307\u0323 n\u0303")  # combining marks
@example(value="a\x00b\x07c\x1b[31md\x7fe\u200bf\u202eg\u2066h")  # control and format marks
@example(value="太极拳 and \ue000 icons \U0010fffd")  # no font, private use: left out, warned
@example(value="**Ask** *first*: see [our page](https://example.org/cd) or [call](tel:+15550100)")
@example(value="[x](javascript:alert(1))")  # refused: not a link we allow
@example(value="key: value # not a comment\n- not a list\n\n\n---\n...")
@example(value="   ")  # empty once trimmed
@example(value="Relax שלום and سلام")  # right-to-left letters: printed
@example(value="Adlam \U0001e900 and Syriac \u0710")  # right to left, no font: left out, warned
@example(value="Take \u0661\u0662 mg \u0600")  # Arabic digits
@example(value="\u202e\u2067abc\u0651\u0651\u0651 \u200d\u200c\u05d0\u0300\u200b\u0e31\u17d2")
@example(value="कि ক্ষ ਕਿ ક્ષ สวัสดี ខ្ញុំ 你好。「世界」 안녕 ሰላም")  # every script with a face
def test_any_text_in_any_field_prints_as_typed_or_is_refused(field: Field, value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        copy_content("minimal", root)
        set_yaml(root / field.file, field.keys, value)
        out = Path(tmp) / "booklet.pdf"
        with time_limit(30, "the build"):
            result = build(root, out)
        _check_build(field, value, root, out, result)


_HEBREW = "פיזיותרפיה עוזרת לצוואר"
_ARABIC = "العلاج الطبيعي يساعد الرقبة"


@pytest.mark.parametrize(
    ("file", "keys", "text"),
    [
        ("therapies/acupuncture.yaml", ("summary",), _HEBREW),
        ("therapies/acupuncture.yaml", ("summary",), _ARABIC),
        ("therapies/acupuncture.yaml", ("body",), f"Some words, then {_HEBREW}."),
        ("therapies/acupuncture.yaml", ("tips", 0), f"Start slowly: {_ARABIC}"),
        ("branding.yaml", ("clinic", "name"), _HEBREW),
        ("branding.yaml", ("clinic", "address"), f"1 Main Street, {_ARABIC}"),
        ("booklet.yaml", ("title",), _ARABIC),
    ],
    ids=[
        "hebrew-summary",
        "arabic-summary",
        "hebrew-in-body",
        "arabic-tip",
        "hebrew-clinic-name",
        "arabic-address",
        "arabic-booklet-title",
    ],
)
def test_right_to_left_text_in_an_english_booklet_prints_with_no_warning(
    content: Path, tmp_path: Path, file: str, keys: tuple[str | int, ...], text: str
) -> None:
    # Refused until cdbooklet had its own bidi layout: now Hebrew and Arabic print, in fields a
    # clinic fills in an English booklet (a clinic's name, an address, a line of a therapy).
    set_yaml(content / file, keys, text)
    out = tmp_path / "booklet.pdf"
    result = build(content, out)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    words = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = unicodedata.normalize("NFKC", words)
    for word in (_HEBREW if _HEBREW in text else _ARABIC).split():
        assert word in printed, word


@pytest.mark.parametrize("tags", [(), ("--no-tags",)], ids=["tagged", "untagged"])
def test_printed_characters_beyond_u_ffff_keep_their_text(
    content: Path,
    tmp_path: Path,
    tags: tuple[str, ...],
) -> None:
    # A ToUnicode value is UTF-16BE: U+1F60C must be the surrogate pair <D83DDE0C>, not <1F60C>
    # (how ReportLab writes it), or copying, searching and screen readers lose the character.
    set_yaml(content / "therapies" / "acupuncture.yaml", ("summary",), "Relax \U0001f60c today.")
    out = tmp_path / "booklet.pdf"
    result = invoke("build", "--content", content, "--out", out, *tags)
    assert result.exit_code == 0
    assert result.stderr == ""  # DejaVu Sans has it: printed, not left out
    assert "Relax \U0001f60c today." in pdf_text(out)
    # The same input gives the same bytes.
    again = tmp_path / "again.pdf"
    assert invoke("build", "--content", content, "--out", again, *tags).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("field", list(FIELDS.values()), ids=list(FIELDS))
def test_long_words_and_long_text_in_any_field_build_or_are_refused(field: Field) -> None:
    """A 5,000-character word (a row of dashes), 1,500 words, a 300-character word (a pasted
    web address), and a one-line field at its limit in capitals, on letter and on the smallest,
    largest-type page (A5, large print). Layout cannot place a one-line field taller than a page
    (a ReportLab LayoutError, a traceback): the loader refuses one longer than its limit."""
    limit = _max_length(field)
    at_limit = ("GENTLE STRETCHES MAY EASE NECK PAIN " * 20)[: limit - 1] + "." if limit else ""
    for value in ("x" * 5000, "stretch " * 1500, "x" * 300, *filter(None, [at_limit])):
        for layout in ((), ("--page-size", "a5", "--large-print")):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "content"
                copy_content("minimal", root)
                set_yaml(root / field.file, field.keys, value)
                out = Path(tmp) / "booklet.pdf"
                # A good build of this takes a second or two; a hang is stopped here.
                what = f"{len(value):,} characters in the {field.name} {' '.join(layout)}"
                with time_limit(8, what):
                    result = invoke("build", "--content", root, "--out", out, *layout)
                _check_build(field, value, root, out, result)


def test_a_megabyte_paragraph_builds_in_bounded_time_and_memory(
    content: Path, tmp_path: Path
) -> None:
    # ReportLab's Paragraph.split breaks the whole rest of a paragraph into lines again on
    # every page: one megabyte paragraph took over 8 minutes and 1.1 GB, until layout handed
    # it over in pieces (blocks.LongParagraph).
    words = ["pain", "neck", "muscle", "therapy", "gentle", "stretch", "breathe", "care"]
    body = " ".join(words[i % 8] + ("x" * 5000 if i == 5000 else "") for i in range(170_000))
    assert len(body) > MiB
    set_yaml(content / "therapies" / "acupuncture.yaml", ("body",), body)
    out = tmp_path / "booklet.pdf"
    # The same megabyte in ordinary paragraphs builds in about 6 s (see the next test).
    child = run_child(["build", "--content", content, "--out", out], timeout=30)
    assert child.returncode == 0, child.stderr
    assert child.peak_mib < 600
    # Every word, in order (the 5,000-character one runs over pages: less the page furniture).
    printed = _furniture(content)(_comparable(pdf_text(out), set()))
    assert _comparable(body, set()) in printed


def test_a_one_megabyte_body_builds_in_bounded_memory(content: Path, tmp_path: Path) -> None:
    words = ["pain", "neck", "muscle", "therapy", "gentle", "stretch", "breathe", "care"]
    paragraph = " ".join(words[i % 8] for i in range(150))
    body = "\n\n".join(f"{i} {paragraph}" for i in range(1100))
    assert len(body) > MiB
    set_yaml(content / "therapies" / "acupuncture.yaml", ("body",), body)
    out = tmp_path / "booklet.pdf"
    child = run_child(["build", "--content", content, "--out", out], timeout=120)
    assert child.returncode == 0, child.stderr
    assert child.peak_mib < 600, f"peak memory {child.peak_mib:.0f} MiB"
    assert len(PdfReader(out).pages) > 400


# -- markup -----------------------------------------------------------------------------------

_CVE_PAYLOAD = (
    "<para><font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch {canary}') "
    "for Word in [orgTypeFun('Word', (str,), {{ 'mutated': 1, 'startswith': lambda self, x: "
    "False, '__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, "
    "'mutate': lambda self: {{setattr(self, 'mutated', self.mutated - 1)}}, '__hash__': lambda "
    "self: hash(str(self)) }})] ] for orgTypeFun in [type(type(1))] ] and 'red'\">exploit"
    "</font></para>"
)


def test_cve_2023_33733_payload_prints_as_text_and_runs_nothing(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # where the short payload would touch its canary
    canary = tmp_path / "pwned"
    payload = _CVE_PAYLOAD.format(canary=canary)
    # One-line fields hold at most 150 characters (load refuses more): the same markup, shorter.
    short = "<font color=\"[__import__('os').system('touch pwned')] and 'red'\">x</font>"
    for field in ("body", "tip", "disclaimer"):
        f = FIELDS[field]
        set_yaml(content / f.file, f.keys, payload)
    for field in ("therapy title", "clinic name", "footer"):
        f = FIELDS[field]
        set_yaml(content / f.file, f.keys, short)
    out = tmp_path / "booklet.pdf"
    result = build(content, out)
    assert result.exit_code == 0, result.stderr
    assert not canary.exists(), "the payload ran"
    printed = re.sub(r"\s", "", pdf_text(out))
    # Every character of each: the payload in three fields, the short one in three (and the
    # title again in the contents).
    assert printed.count(re.sub(r"\s", "", payload)) >= 3
    assert printed.count(re.sub(r"\s", "", short)) >= 4


def test_reportlab_is_pinned_above_the_cve_2023_33733_fix(repo_root: Path) -> None:
    from importlib.metadata import version

    assert Version(version("reportlab")) >= CVE_FIX
    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    [requirement] = [
        Requirement(d) for d in project["dependencies"] if Requirement(d).name == "reportlab"
    ]
    lowest = [Version(s.version) for s in requirement.specifier if s.operator in (">=", ">", "==")]
    assert lowest and min(lowest) >= CVE_FIX, f"pyproject allows {requirement}"


def test_only_web_mail_and_phone_links_reach_the_pdf(content: Path, tmp_path: Path) -> None:
    therapy = content / "therapies" / "acupuncture.yaml"
    set_yaml(
        therapy,
        ("body",),
        (
            'See <a href="javascript:app.alert(1)">this</a>, <link href="file:///etc/passwd">that'
            '</link>, <a href="http://x" onclick="y">x</a> and [the '
            'guide](https://example.org/"a b) '
            "[call us](tel:+15550100), [write](mailto:care@example.org), [web](http://example.org)."
        ),
    )
    set_yaml(
        therapy,
        ("references",),
        [{"text": "<a href='launch:calc.exe'>A</a>", "url": "https://example.org/ref?a=1&b=<2>"}],
    )
    out = tmp_path / "booklet.pdf"
    assert build(content, out).exit_code == 0
    reader = PdfReader(out)
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            assert action["/S"] in ("/URI", "/GoTo"), action
            if action["/S"] == "/URI":
                uris.append(str(action["/URI"]))
    assert uris, "the allowed links are missing"
    assert all(re.match(r"(https?://|mailto:|tel:)", uri) for uri in uris), uris
    assert "tel:+15550100" in uris and "mailto:care@example.org" in uris
    catalog = reader.trailer["/Root"].get_object()
    assert "/OpenAction" not in catalog and "/AA" not in catalog
    assert "/JavaScript" not in (catalog.get("/Names") or {})
    # A link we do not allow, written as a link, is refused by name.
    set_yaml(therapy, ("body",), "Read [this](file:///etc/passwd).")
    result = build(content, out)
    assert result.exit_code == 1
    assert (
        'the link "file:///etc/passwd" in "body" should start with http:, https:, mailto:, '
        "tel:" in result.stderr
    )
