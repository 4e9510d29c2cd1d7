"""Tagged PDF (PDF/UA-1 style), checked with tools cdbooklet did not write.

The stories are made from tests/fixtures/complete and complete-es (every printed key), plus a
"rich" therapy with every kind of markup; the shipped English and Spanish booklets are checked
too, since the clinic prints those.

- page-validation (PyPI, PDF/UA-1 profile): every rule passes on the booklet, a large print
  booklet, the Spanish booklet, every handout, the shipped booklets, and the rich fixture with
  links, references, long addresses and paragraphs split over pages. Mutation tests check that
  the rules we rely on still fire, so a validator upgrade that goes quiet is noticed.
- poppler's `pdfinfo -struct-text`, joined in order, equals the text the layout was given, word
  for word (missing, duplicated, misordered or glued words all show).
- pdftoppm and pypdf: the tagged and the untagged (--no-tags) build render the same pixels and
  extract the same text.
- A consistency check (pikepdf, below): every painting operator is in a marked-content sequence
  or an artifact, each MCID belongs to exactly one element and vice versa, the ParentTree
  agrees, and each link annotation leads back to the element that holds it.
- The private ReportLab APIs tagging relies on are checked in test_registry.py.

Each check skips, with the reason, when its tool is missing; CI installs them all.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops
from pypdf import PdfReader

from cdbooklet.cli import cli
from cdbooklet.content.load import load_content
from cdbooklet.content.model import Content
from cdbooklet.content.translation import draft_notice
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels, labels_for
from helpers import FIXTURES, SHIPPED, SHIPPED_SPANISH, copy_content, replace_once
from pdfcheck import fonts, outline, squash

CONTENT = FIXTURES / "complete"
SPANISH = FIXTURES / "complete-es"
IDS = sorted(p.stem for p in (CONTENT / "therapies").glob("*.yaml"))
SHIPPED_IDS = sorted(p.stem for p in (SHIPPED / "therapies").glob("*.yaml"))

# -- tools -----------------------------------------------------------------------------------------


def _page() -> Any:
    return pytest.importorskip(
        "page", reason="page-validation is not installed (pip install 'cdbooklet[test]')"
    )


def _pikepdf() -> Any:
    return pytest.importorskip(
        "pikepdf", reason="pikepdf is not installed (pip install 'cdbooklet[test]')"
    )


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def validate(path: Path) -> Any:
    """page-validation's PDF/UA-1 report. A long booklet's outline (a /Next chain) is deeper
    than the validator's default reference depth, in untagged files too: raise it."""
    page = _page()
    limits = page.SafetyLimits(max_reference_depth=100_000)
    return page.validate_pdf(str(path), profile="ua1", limits=limits)


# -- building --------------------------------------------------------------------------------------


def build(out: Path, *args: str, content: Path = CONTENT) -> Path:
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def handout(folder: Path, therapy_id: str, *args: str, content: Path = CONTENT) -> Path:
    """A handout in `folder`: written with --out when it has a note (which never goes into
    the shared handouts folder), else with --out-dir."""
    out = folder / f"{therapy_id}.pdf"
    where = ["--out", str(out)] if "--note" in args else ["--out-dir", str(folder)]
    folder.mkdir(parents=True, exist_ok=True)
    result = CliRunner().invoke(
        cli, ["handout", therapy_id, "--content", str(content), *where, *args]
    )
    assert result.exit_code == 0, result.output
    return out


RICH_THERAPY = """\
title: Heat & Cold <Packs>
summary: Warm or cold packs can *ease* tight, sore neck muscles for a while.
body: |
  Some people find that a **warm pack** on the neck eases muscle tightness for a while, and that a cold pack calms pain after a busy day. Neither changes the dystonia itself, but both are cheap, simple and easy to try at home with what you already have. The [Dystonia Medical Research Foundation](https://dystonia-foundation.org/) describes more self-care ideas; its longer guide on looking after yourself lives at https://dystonia-foundation.org/living-with-dystonia/self-care-and-lifestyle-tips/looking-after-yourself-at-home if you want to read it before you begin.

  Heat relaxes muscles and helps blood flow. Use a warm (not hot) pack, a warm shower or a heated towel for fifteen to twenty minutes. Cold numbs pain and calms swelling: use a cold pack or a bag of frozen peas wrapped in a thin towel, for ten to fifteen minutes at a time. Some people switch between the two. Keep a note of what you tried, for how long, and how your neck felt an hour later, so you and your care team can see what helps you.

  Heat and cold are safe for most people, but they are not right for everyone. Skin that does not feel heat or cold well can burn or freeze without warning. Talk to your care team first if you have diabetes, poor circulation, a heart condition, or any numbness in your neck or shoulders. Stop at once if your skin turns very red, white or blotchy, or if the pain gets worse rather than better. Never sleep with a heating pad switched on.
tips:
  - Wrap a cold pack in a thin towel; never put ice straight on your skin.
  - Keep the heat gentle, **warm** and not hot, for fifteen to twenty minutes.
cautions:
  - you have diabetes, poor circulation or numb skin on your neck
questions:
  - Should I use heat, cold, or both?
  - How often is it safe to use them?
references:
  - text: Dystonia Medical Research Foundation. Self-care and lifestyle tips for people with dystonia. 2024
    url: https://dystonia-foundation.org/living-with-dystonia/self-care-and-lifestyle-tips-for-people-with-dystonia/
  - text: A source with no address & with <angle brackets>
"""  # noqa: E501
RICH_ID = "heat-and-cold"
SITE = "https://www.example.org/riverside/booklet"


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/complete plus a therapy with every kind of inline markup, a link, a long
    address, references and a cautions box, and a clinic that publishes an HTML edition (so
    the QR code has a caption)."""
    folder = copy_content("complete", tmp_path_factory.mktemp("rich") / "content")
    (folder / "therapies" / f"{RICH_ID}.yaml").write_text(RICH_THERAPY, encoding="utf-8")
    replace_once(folder / "booklet.yaml", "order:\n", f"order:\n  - {RICH_ID}\n")
    replace_once(folder / "branding.yaml", "  website:", f"  site_url: {SITE}\n  website:")
    return folder


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, rich: Path) -> dict[str, Path]:
    """Every tagged build the checks run on, made once."""
    out = tmp_path_factory.mktemp("tagged")
    made = {
        "booklet": build(out / "booklet.pdf"),
        "large-print": build(out / "large.pdf", "--large-print"),
        "spanish": build(out / "es.pdf", content=SPANISH),
        "gray-a5": build(out / "gray-a5.pdf", "--grayscale", "--page-size", "a5"),
        "rich": build(out / "rich.pdf", content=rich),
        "rich-a5-large": build(
            out / "rich-a5-large.pdf", "--page-size", "a5", "--large-print", content=rich
        ),
        "rich-handout": handout(
            out / "rich-handout",
            RICH_ID,
            "--note",
            "Try heat before your stretches & tell us how it went.",
            content=rich,
        ),
        "spanish-handout": handout(out / "es-handout", "physical-therapy", content=SPANISH),
        "shipped": build(out / "shipped.pdf", content=SHIPPED),
        "shipped-spanish": build(out / "shipped-es.pdf", content=SHIPPED_SPANISH),
    }
    for therapy_id in IDS:
        made[f"handout:{therapy_id}"] = handout(out / "handouts", therapy_id)
    for therapy_id in SHIPPED_IDS:
        made[f"shipped-handout:{therapy_id}"] = handout(
            out / "shipped-handouts", therapy_id, content=SHIPPED
        )
    return made


@pytest.fixture(scope="module")
def untagged(tmp_path_factory: pytest.TempPathFactory, rich: Path) -> dict[str, Path]:
    """The same stories built with --no-tags."""
    out = tmp_path_factory.mktemp("untagged")
    return {
        "booklet": build(out / "booklet.pdf", "--no-tags"),
        "rich-a5-large": build(
            out / "rich-a5-large.pdf",
            "--page-size",
            "a5",
            "--large-print",
            "--no-tags",
            content=rich,
        ),
        "rich-handout": handout(
            out / "rich-handout",
            RICH_ID,
            "--note",
            "Try heat before your stretches & tell us how it went.",
            "--no-tags",
            content=rich,
        ),
    }


ALL = [
    "booklet",
    "large-print",
    "spanish",
    "gray-a5",
    "rich",
    "rich-a5-large",
    "rich-handout",
    "spanish-handout",
    *(f"handout:{i}" for i in IDS),
    "shipped",
    "shipped-spanish",
    *(f"shipped-handout:{i}" for i in SHIPPED_IDS),
]


# -- the validator ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_pdfua_validator_passes_every_rule(pdfs: dict[str, Path], name: str) -> None:
    report = validate(pdfs[name])
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert failures == []
    assert report.is_compliant
    assert report.rules.failed == 0
    assert report.rules.passed == report.rules.total >= 100


def test_the_untagged_build_is_not_claimed_accessible(untagged: dict[str, Path]) -> None:
    report = validate(untagged["booklet"])
    assert not report.is_compliant
    reader = PdfReader(untagged["booklet"])
    assert "/StructTreeRoot" not in reader.trailer["/Root"]
    assert "/MarkInfo" not in reader.trailer["/Root"]


# Each fault we rely on the validator to find, with the rule that must report it.
MUTATIONS = {
    "figure without alt": "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001",
    "skipped heading level": "PDFUA1-HEADING-NESTING-001",
    "page without tabs": "PDFUA1-PAGE-TABS-001",
    "no MarkInfo": "PDFUA1-TAGGED-DOCUMENT-001",
    "no Lang": "PDFUA1-TEXT-LANGUAGE-001",
    "no dc:title": "PDFUA1-METADATA-TITLE-001",
    "no pdfuaid:part": "PDFUA1-ID-PART-001",
    "DisplayDocTitle false": "PDFUA1-VIEWER-PREFERENCES-001",
    "link without Contents": "PDFUA1-LINK-CONTENTS-001",
    "list item retagged P": "PDFUA1-L-KIDS-001",
    "contents entry retagged P": "PDFUA1-TOC-KIDS-001",
    "footer not an artifact": "PDFUA1-CONTENT-TAGGING-001",
}


def _elements(node: Any) -> Any:
    """Every structure element under a node, depth first, in order."""
    pikepdf = _pikepdf()
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _mutate(pdf: Any, fault: str) -> None:
    pikepdf = _pikepdf()
    tree = pdf.Root.StructTreeRoot

    def first(role: str) -> Any:
        return next(e for e in _elements(tree) if e.S == role)

    def xmp_without(pattern: str) -> None:
        data = pdf.Root.Metadata.read_bytes().decode("utf-8")
        pdf.Root.Metadata.write(re.sub(pattern, "", data, flags=re.S).encode("utf-8"))

    if fault == "figure without alt":
        del first("/Figure")["/Alt"]
    elif fault == "skipped heading level":
        first("/H3").S = pikepdf.Name("/H5")
    elif fault == "page without tabs":
        del pdf.pages[1].obj["/Tabs"]
    elif fault == "no MarkInfo":
        del pdf.Root["/MarkInfo"]
    elif fault == "no Lang":
        del pdf.Root["/Lang"]
    elif fault == "no dc:title":
        xmp_without(r"<dc:title>.*?</dc:title>")
    elif fault == "no pdfuaid:part":
        xmp_without(r"<pdfuaid:part>1</pdfuaid:part>")
    elif fault == "DisplayDocTitle false":
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
    elif fault == "link without Contents":
        annot = next(a for p in pdf.pages for a in p.obj.get("/Annots", []))
        del annot["/Contents"]
    elif fault == "list item retagged P":
        first("/LI").S = pikepdf.Name("/P")
    elif fault == "contents entry retagged P":
        first("/TOCI").S = pikepdf.Name("/P")
    elif fault == "footer not an artifact":
        stream = pdf.pages[1].obj.Contents
        data = stream.read_bytes()
        footer = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
        assert footer in data
        stream.write(data.replace(footer, b"/Span BMC", 1))
    else:  # pragma: no cover
        raise AssertionError(fault)


@pytest.mark.parametrize("fault", list(MUTATIONS))
def test_the_validator_still_finds_each_fault_we_rely_on(
    pdfs: dict[str, Path], fault: str, tmp_path: Path
) -> None:
    """Break one thing in a good file: the validator must name the rule."""
    _page()
    pikepdf = _pikepdf()
    with pikepdf.open(pdfs["booklet"]) as pdf:
        _mutate(pdf, fault)
        broken = tmp_path / "broken.pdf"
        pdf.save(broken)
    rules = {f.rule_id for f in validate(broken).failures}
    assert MUTATIONS[fault] in rules


# -- the consistency check -------------------------------------------------------------------------

PAINTING = {
    "Tj",
    "TJ",
    "'",
    '"',
    "Do",
    "S",
    "s",
    "f",
    "F",
    "f*",
    "B",
    "B*",
    "b",
    "b*",
    "sh",
    "INLINE IMAGE",
}


def structure_problems(path: Path) -> list[str]:
    """What is wrong with a PDF's marked content and structure tree, one line each."""
    pikepdf = _pikepdf()
    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" not in root:
            return ["the catalog has no /StructTreeRoot"]
        if root.get("/MarkInfo", {}).get("/Marked") is not True:
            problems.append("the catalog has no /MarkInfo /Marked true")
        tree = root.StructTreeRoot
        # 1. The content: where each MCID is, and that everything painted is marked.
        in_content: set[tuple[Any, int]] = set()
        for number, page in enumerate(pdf.pages, start=1):
            stack: list[tuple[str, int | None]] = []
            painted: dict[int, bool] = {}
            for instruction in pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                if op in ("BDC", "BMC"):
                    tag = str(instruction.operands[0])
                    props = instruction.operands[1] if op == "BDC" else None
                    mcid = (
                        int(props["/MCID"])
                        if isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                        else None
                    )
                    if mcid is not None:
                        if any(t == "/Artifact" or m is not None for t, m in stack):
                            problems.append(f"page {number}: MCID {mcid} inside an artifact")
                        if (page.objgen, mcid) in in_content:
                            problems.append(f"page {number}: MCID {mcid} used twice")
                        in_content.add((page.objgen, mcid))
                        painted[mcid] = False
                    stack.append((tag, mcid))
                elif op == "EMC":
                    if not stack:
                        problems.append(f"page {number}: EMC without BDC")
                    else:
                        stack.pop()
                elif op in PAINTING:
                    marked = [m for _t, m in stack if m is not None]
                    if marked:
                        painted[marked[-1]] = True
                    elif not any(t == "/Artifact" for t, _m in stack):
                        problems.append(f"page {number}: {op} outside marked content")
            if stack:
                problems.append(f"page {number}: {len(stack)} BDC without EMC")
            problems += [
                f"page {number}: MCID {m} paints nothing"
                for m, is_painted in painted.items()
                if not is_painted
            ]
        # 2. The structure: which element claims each MCID and each annotation.
        claims: dict[tuple[Any, int], list[Any]] = defaultdict(list)
        holders: dict[Any, Any] = {}

        def walk(element: Any) -> None:
            page = element.get("/Pg")
            kids = element.get("/K")
            if kids is None:
                return
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    claims[
                        (page.objgen, int(kid)) if page is not None else (None, int(kid))
                    ].append(element)
                elif kid.get("/Type") == "/MCR":
                    claims[(kid.get("/Pg", page).objgen, int(kid.MCID))].append(element)
                elif kid.get("/Type") == "/OBJR":
                    holders[kid.Obj.objgen] = element
                else:
                    if kid.get("/P") is None or kid.P.objgen != element.objgen:
                        problems.append(f"{kid.get('/S')}: /P is not its parent")
                    walk(kid)

        walk(tree)
        for where, owners in claims.items():
            if len(owners) != 1:
                problems.append(f"MCID {where} is claimed by {len(owners)} elements")
            if where not in in_content:
                problems.append(f"MCID {where} is claimed but not in the content")
        problems += [
            f"MCID {w} is in the content but no element claims it" for w in in_content - set(claims)
        ]
        # 3. The ParentTree agrees, pages and link annotations lead to their elements.
        values: dict[int, Any] = {}

        def flatten(node: Any) -> None:
            nums = node.get("/Nums", [])
            for i in range(0, len(nums), 2):
                values[int(nums[i])] = nums[i + 1]
            for kid in node.get("/Kids", []):
                flatten(kid)

        flatten(tree.ParentTree)
        for number, page in enumerate(pdf.pages, start=1):
            if "/StructParents" not in page.obj:
                problems.append(f"page {number} has no /StructParents")
                continue
            owners = values.get(int(page.obj.StructParents))
            if owners is None:
                problems.append(f"page {number}: no ParentTree entry")
                continue
            for mcid, owner in enumerate(owners):
                claimed = claims.get((page.objgen, mcid))
                if claimed and owner.objgen != claimed[0].objgen:
                    problems.append(f"page {number}: the ParentTree disagrees on MCID {mcid}")
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                if not str(annot.get("/Contents", "")).strip():
                    problems.append(f"page {number}: a link without /Contents")
                holder = holders.get(annot.objgen)
                key = annot.get("/StructParent")
                if holder is None:
                    problems.append(f"page {number}: a link that is in no element")
                elif holder.S != "/Link":
                    problems.append(f"page {number}: a link held by {holder.S}, not a Link")
                elif (
                    key is None
                    or values.get(int(key)) is None
                    or values[int(key)].objgen != holder.objgen
                ):
                    problems.append(f"page {number}: a link whose /StructParent is wrong")
    return problems


@pytest.mark.parametrize("name", ALL)
def test_every_mark_belongs_to_one_element_and_all_ink_is_marked(
    pdfs: dict[str, Path], name: str
) -> None:
    assert structure_problems(pdfs[name]) == []


def test_the_consistency_check_finds_what_the_validator_misses(
    pdfs: dict[str, Path], tmp_path: Path
) -> None:
    """The two faults page-validation takes the ParentTree's word for."""
    pikepdf = _pikepdf()
    with pikepdf.open(pdfs["booklet"]) as pdf:
        del pdf.pages[2].obj["/StructParents"]
        pdf.save(tmp_path / "a.pdf")
    with pikepdf.open(pdfs["booklet"]) as pdf:
        link = next(e for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Link")
        link.K = pikepdf.Array(
            [
                k
                for k in link.K
                if not (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")
            ]
        )
        pdf.save(tmp_path / "b.pdf")
    assert "page 3 has no /StructParents" in structure_problems(tmp_path / "a.pdf")
    assert any("a link that is in no element" in p for p in structure_problems(tmp_path / "b.pdf"))


# -- the text, in reading order --------------------------------------------------------------------


def struct_words(path: Path) -> list[str]:
    """The words of poppler's structure-tree text, in order. An element's own pieces of text
    (a paragraph split over two pages has two) are joined as they are, with nothing between;
    different elements are separate words."""
    done = subprocess.run(
        [_tool("pdfinfo"), "-struct-text", str(path)], check=True, capture_output=True, text=True
    )
    stack: list[tuple[int, int]] = []  # (indentation, line number) of the open elements
    pieces: dict[int, list[str]] = {}
    for number, line in enumerate(done.stdout.splitlines()):
        indent = len(line) - len(line.lstrip(" "))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        leaf = re.fullmatch(r'\s*"(.*)"\s*', line)
        if leaf:
            pieces.setdefault(stack[-1][1] if stack else -1, []).append(leaf.group(1))
        else:
            stack.append((indent, number))
    return " ".join("".join(texts) for texts in pieces.values()).split()


def _printed(xml: str) -> str:
    """Paragraph XML as it reads."""
    return unescape(re.sub(r"<[^>]+>", "", xml))


def _text(content_text: str) -> str:
    return _printed(markup.to_xml(content_text))


def _plain(text: str) -> str:
    return _printed(markup.escape_text(text))


def _therapy_words(content: Content, labels: Labels, therapy_id: str) -> list[str]:
    therapy = content.booklet.therapy(therapy_id)
    assert therapy is not None
    out = [_plain(therapy.title), _text(therapy.summary), *map(_text, therapy.body)]
    for label, items, bullet in (
        (labels.tips, therapy.tips, "•"),
        (labels.cautions, therapy.cautions, "•"),
        (labels.questions, therapy.questions, "☐"),
    ):
        if items:
            out.append(label)
            for item in items:
                out += [bullet, _text(item)]
    if therapy.references:
        out.append(labels.references)
        for i, ref in enumerate(therapy.references, start=1):
            out += [f"{i}.", _text(ref.text)]
            if ref.url:
                out.append(markup.display_url(ref.url))
    return out


def _contact_words(content: Content, labels: Labels) -> list[str]:
    booklet, c = content.booklet, content.branding.contact
    out = [c.name]
    if c.address:
        out.append(c.address)
    for label, value in (
        (labels.phone, c.phone),
        (labels.email, c.email),
        (labels.website, markup.display_url(c.website or "") or None),
    ):
        if value:
            out.append(f"{label}: {value}")
    url = c.site_url or c.website
    if url and url != c.website:
        out.append(markup.display_url(url))
    dates = []
    if booklet.published:
        dates.append(f"{labels.published}: {labels.date(booklet.published)}")
    if booklet.review_by:
        dates.append(f"{labels.review_by}: {labels.date(booklet.review_by)}")
    if dates:
        out.append(" · ".join(dates))
    return out


def booklet_words(content_dir: Path, pdf: Path, *, short_help: bool = False) -> list[str]:
    """The words the layout was given for a booklet, in reading order (the contents' page
    numbers as the outline has them); `short_help`: the language-help page in its short forms
    (large print on A5)."""
    content, _warnings = load_content(content_dir)
    labels, _ = labels_for(content.booklet.language)
    booklet, c = content.booklet, content.branding.contact
    pages = dict(outline(pdf))
    band = draft_notice(content, labels)  # a draft translation says so first
    out = [*([band] if band else []), c.name, _plain(booklet.title)]
    if booklet.subtitle:
        out.append(_plain(booklet.subtitle))
    reach = [v for v in (c.phone, markup.display_url(c.website or "")) if v]
    if reach:
        out.append("   ·   ".join(reach))
    if booklet.published:
        out.append(f"{labels.published} {labels.date(booklet.published)}")
    out.append(labels.contents)
    for therapy in booklet.therapies:
        title = markup.plain_text(therapy.title)
        out += [_plain(therapy.title), _text(therapy.summary), str(pages[title])]
    out += [labels.closing, str(pages[labels.closing])]
    if booklet.intro:
        out += [labels.introduction, *map(_text, booklet.intro)]
    for therapy in booklet.therapies:
        out += _therapy_words(content, labels, therapy.id)
    out += [
        labels.closing,
        *map(_text, booklet.closing),
        f"{labels.disclaimer}: {_text(booklet.disclaimer)}",
        *_language_help_words(content, labels, short=short_help),
        labels.contact,
        *_contact_words(content, labels),
    ]
    return " ".join(out).split()


def _language_help_words(content: Content, labels: Labels, *, short: bool = False) -> list[str]:
    """The language-help page: other formats, each chosen language's own name and line (or,
    `short`, the number once and each short form without it), and the note on draft lines
    (none without a phone or with `language_help: []`)."""
    phone = content.branding.contact.phone
    if not phone or not content.booklet.language_help:
        return []
    out = [labels.language_help_heading, labels.other_formats]
    if short:
        out.append(labels.language_help_short.format(phone=phone))
    lines = [labels_for(tag)[0] for tag in content.booklet.language_help]
    for own in lines:
        mark = " †" if own.is_draft else ""
        said = (
            re.sub(r"\s*[:：፦៖]\s*\{phone\}$", "", own.language_help_short)
            if short
            else own.language_help.format(phone=phone)
        )
        out.append(f"{own.desk.language_name} {said}{mark}")
    if any(own.is_draft for own in lines):
        out.append(labels.draft_line)
    return out


def _language_help_line(content: Content, labels: Labels) -> list[str]:
    """A handout's one line on language help."""
    phone = content.branding.contact.phone
    if not phone or not content.booklet.language_help:
        return []
    names = [labels_for(tag)[0].desk.language_name for tag in content.booklet.language_help]
    return [" · ".join([labels.language_help_short.format(phone=phone), *names])]


def handout_words(content_dir: Path, therapy_id: str, note: str | None = None) -> list[str]:
    content, _warnings = load_content(content_dir)
    labels, _ = labels_for(content.booklet.language)
    band = draft_notice(content, labels, content.booklet.therapy(therapy_id))
    out = [
        *([band] if band else []),
        content.branding.contact.name,
        *_therapy_words(content, labels, therapy_id),
        f"{labels.disclaimer}: {_text(content.booklet.disclaimer)}",
        *_contact_words(content, labels),
        *_language_help_line(content, labels),
        labels.notes,
    ]
    if note:
        out.append(note)
    return " ".join(out).split()


def _visible(words: list[str]) -> list[str]:
    """Words without invisible format characters (a Persian zero-width non-joiner, which
    poppler's structure text leaves out), and none that were only those; decomposed, as a
    glyph gives back the precomposed letter its face maps to it (Gurmukhi sha for sa and nukta),
    which is the same text to Unicode."""
    out = [
        "".join(ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != "Cf")
        for word in words
    ]
    return [word for word in out if word]


def _first_difference(got: list[str], want: list[str]) -> str:
    for i, (a, b) in enumerate(zip(got, want, strict=False)):
        if a != b:
            return (
                f"word {i}: {' '.join(got[max(0, i - 8) : i + 8])!r} != "
                f"{' '.join(want[max(0, i - 8) : i + 8])!r}"
            )
    return f"lengths {len(got)} != {len(want)}"


@pytest.mark.parametrize(
    "name",
    [
        "booklet",
        "large-print",
        "spanish",
        "gray-a5",
        "rich",
        "rich-a5-large",
        "shipped",
        "shipped-spanish",
    ],
)
def test_structure_text_is_the_booklet_text_word_for_word(
    pdfs: dict[str, Path], rich: Path, name: str
) -> None:
    content_dir = {
        "spanish": SPANISH,
        "rich": rich,
        "rich-a5-large": rich,
        "shipped": SHIPPED,
        "shipped-spanish": SHIPPED_SPANISH,
    }.get(name, CONTENT)
    short = name == "rich-a5-large"  # fifteen full lines would take three A5 pages at 18 pt
    got, want = struct_words(pdfs[name]), booklet_words(content_dir, pdfs[name], short_help=short)
    got, want = _visible(got), _visible(want)
    assert got == want, _first_difference(got, want)


@pytest.mark.parametrize(
    "name",
    [
        "rich-handout",
        "spanish-handout",
        *(f"handout:{i}" for i in IDS),
        *(f"shipped-handout:{i}" for i in SHIPPED_IDS),
    ],
)
def test_structure_text_is_the_handout_text_word_for_word(
    pdfs: dict[str, Path], rich: Path, name: str
) -> None:
    if name == "rich-handout":
        want = handout_words(rich, RICH_ID, "Try heat before your stretches & tell us how it went.")
    elif name == "spanish-handout":
        want = handout_words(SPANISH, "physical-therapy")
    else:
        kind, therapy_id = name.split(":", 1)
        want = handout_words(SHIPPED if kind == "shipped-handout" else CONTENT, therapy_id)
    got, want = _visible(struct_words(pdfs[name])), _visible(want)
    assert got == want, _first_difference(got, want)


@pytest.mark.parametrize("name", ["rich", "rich-a5-large"])
def test_a_long_address_broken_over_lines_is_one_word_in_the_structure(
    pdfs: dict[str, Path], name: str
) -> None:
    address = "https://dystonia-foundation.org/living-with-dystonia/self-care-and-lifestyle-tips/looking-after-yourself-at-home"
    printed = "\n".join(p.extract_text() for p in PdfReader(pdfs[name]).pages)
    assert address not in printed, "the address fits on one line: the test proves nothing"
    assert address in struct_words(pdfs[name])


def test_a_paragraph_split_over_two_pages_stays_one_element(pdfs: dict[str, Path]) -> None:
    pikepdf = _pikepdf()
    with pikepdf.open(pdfs["rich-a5-large"]) as pdf:
        split = [
            e
            for e in _elements(pdf.Root.StructTreeRoot)
            if e.S in ("/P", "/LBody")
            and isinstance(e.K, pikepdf.Array)
            and any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" for k in e.K)
        ]
    assert split, "no paragraph of the rich fixture crossed a page in A5 large print"


# -- the same pages, the same text -----------------------------------------------------------------


def _pixels(pdf: Path, folder: Path) -> list[Image.Image]:
    folder.mkdir()
    subprocess.run([_tool("pdftoppm"), "-r", "40", "-png", str(pdf), str(folder / "p")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("p*.png"))]


@pytest.mark.parametrize("name", ["booklet", "rich-a5-large", "rich-handout"])
def test_tagged_and_untagged_render_the_same_pixels(
    pdfs: dict[str, Path], untagged: dict[str, Path], name: str, tmp_path: Path
) -> None:
    tagged_pages = _pixels(pdfs[name], tmp_path / "tagged")
    plain_pages = _pixels(untagged[name], tmp_path / "untagged")
    assert len(tagged_pages) == len(plain_pages)
    for number, (a, b) in enumerate(zip(tagged_pages, plain_pages, strict=True), start=1):
        assert a.size == b.size
        assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"


@pytest.mark.parametrize("name", ["booklet", "rich-a5-large", "rich-handout"])
def test_tagged_and_untagged_extract_the_same_text(
    pdfs: dict[str, Path], untagged: dict[str, Path], name: str
) -> None:
    tagged_text = [squash(p.extract_text()) for p in PdfReader(pdfs[name]).pages]
    plain_text = [squash(p.extract_text()) for p in PdfReader(untagged[name]).pages]
    assert tagged_text == plain_text
    if shutil.which("pdftotext"):

        def poppler(path: Path) -> str:
            done = subprocess.run(
                ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
            )
            return "\n".join(line.rstrip() for line in done.stdout.splitlines())

        assert poppler(pdfs[name]) == poppler(untagged[name])


# -- what the structure says -----------------------------------------------------------------------


def _roles(pdf_path: Path) -> list[str]:
    pikepdf = _pikepdf()
    with pikepdf.open(pdf_path) as pdf:
        return [str(e.S)[1:] for e in _elements(pdf.Root.StructTreeRoot)]


@pytest.mark.parametrize("name", ["booklet", "rich", "rich-handout", "handout:acupuncture"])
def test_headings_start_at_h1_and_never_skip_a_level(pdfs: dict[str, Path], name: str) -> None:
    levels = [int(r[1]) for r in _roles(pdfs[name]) if re.fullmatch(r"H\d", r)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_booklet_headings_are_h1_title_h2_sections_h3_boxes(pdfs: dict[str, Path]) -> None:
    roles = _roles(pdfs["rich"])
    assert roles[:4] == ["Document", "Figure", "P", "H1"]
    assert {
        "Sect",
        "TOC",
        "TOCI",
        "Reference",
        "Link",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "H2",
        "H3",
    } <= set(roles)
    # Contents and introduction, a section a therapy, the closing, the disclaimer and sources,
    # and the language-help page.
    therapies = len(list((CONTENT / "therapies").glob("*.yaml")))
    assert roles.count("H2") == 2 + therapies + 1 + 2 + 1


def test_handout_boxes_are_h2_under_the_h1_title(pdfs: dict[str, Path]) -> None:
    roles = _roles(pdfs["rich-handout"])
    headings = [r for r in roles if re.fullmatch(r"H\d", r)]
    # Title; Getting started, Talk to your care team, Questions, Sources; Notes.
    assert headings == ["H1", "H2", "H2", "H2", "H2", "H2"]


def _alts(pdf_path: Path) -> list[tuple[str, str]]:
    pikepdf = _pikepdf()
    with pikepdf.open(pdf_path) as pdf:
        return [
            (str(e.S)[1:], str(e.Alt)) for e in _elements(pdf.Root.StructTreeRoot) if "/Alt" in e
        ]


def test_figures_have_text_alternatives(pdfs: dict[str, Path]) -> None:
    figures = [alt for role, alt in _alts(pdfs["rich"]) if role == "Figure"]
    assert figures == ["Riverside Movement Disorders Clinic logo"] * 2 + [
        f"QR code: link to {SITE}"
    ]
    spanish = [alt for role, alt in _alts(pdfs["spanish-handout"]) if role == "Figure"]
    assert spanish == [
        "Logotipo de la Clínica de Trastornos del Movimiento Riverside",
        "Código QR: enlace a https://www.example.org/riverside",
    ]


def test_links_say_where_they_lead(pdfs: dict[str, Path]) -> None:
    reader = PdfReader(pdfs["rich"])
    contents = [
        str(a.get_object()["/Contents"]) for p in reader.pages for a in p.get("/Annots") or []
    ]
    assert "Physical Therapy" in contents
    assert any(re.fullmatch(r"Physical Therapy, Page \d+", c) for c in contents)
    assert "Dystonia Medical Research Foundation" in contents
    inline = [alt for role, alt in _alts(pdfs["rich"]) if role == "Link"]
    assert "Dystonia Medical Research Foundation" in inline


def test_the_full_disclaimer_is_content_and_the_footer_an_artifact(pdfs: dict[str, Path]) -> None:
    words = " ".join(struct_words(pdfs["booklet"]))
    content, _ = load_content(CONTENT)
    assert squash(content.booklet.disclaimer) in words
    assert squash(content.booklet.footer or "") not in words
    reader = PdfReader(pdfs["booklet"])
    stream = reader.pages[1].get_contents().get_data()  # type: ignore[union-attr]
    assert b"/Artifact <</Type /Pagination /Subtype /Header>> BDC" in stream
    assert b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC" in stream
    assert b"/Artifact <</Type /Layout>> BDC" in stream


# -- the document ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["booklet", "spanish", "rich-handout"])
def test_catalog_pages_and_metadata_say_tagged(pdfs: dict[str, Path], name: str) -> None:
    reader = PdfReader(pdfs[name])
    root = reader.trailer["/Root"]
    language = "es" if name == "spanish" else "en"
    assert reader.pdf_header >= "%PDF-1.7"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == language
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    for number, page in enumerate(reader.pages):
        assert page["/Tabs"] == "/S"
        assert page["/StructParents"] == number
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    title = reader.metadata.title if reader.metadata else None
    assert title and f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in xmp.replace(
        "&amp;", "&"
    ).replace("&lt;", "<").replace("&gt;", ">")
    assert f"<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_tounicode_maps_have_no_zero_entries_and_small_blocks(pdfs: dict[str, Path]) -> None:
    pikepdf = _pikepdf()
    seen = 0
    with pikepdf.open(pdfs["rich"]) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                cmap = obj.ToUnicode.read_bytes().decode("ascii")
                seen += 1
                assert not re.search(r"<[0-9A-F]+> <0000>", cmap)
                assert all(int(n) <= 100 for n in re.findall(r"(\d+) beginbfchar", cmap))
    assert seen


@pytest.mark.parametrize("name", ["booklet", "rich-handout"])
def test_every_font_is_embedded(pdfs: dict[str, Path], name: str) -> None:
    found = fonts(pdfs[name])
    assert found and all(found.values()), found


@pytest.mark.parametrize("name", ["booklet", "rich-a5-large", "rich-handout"])
def test_tagged_file_is_at_most_1_3_times_the_untagged(
    pdfs: dict[str, Path], untagged: dict[str, Path], name: str
) -> None:
    assert pdfs[name].stat().st_size <= 1.3 * untagged[name].stat().st_size
