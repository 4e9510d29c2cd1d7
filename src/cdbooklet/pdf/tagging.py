"""Tagged PDF for screen readers: the structure is declared with the story, marked on the canvas,
and written out as a structure tree when the canvas saves.

How it fits together:
- Layout gives every flowable that carries meaning a `Tag` when it makes it (a role such as P,
  H2, LBody or Figure, and a parent Tag). Tags are made once, with the story, so they keep their
  identity while the story is laid out; a Tag with no parent hangs under the Document element.
- The tagged flowables (`TaggedParagraph`, `TaggedImage`, and any drawn through the
  `TaggedFlowable` mixin, such as the QR code) open their Tag on the canvas around their
  drawing; rules, table backgrounds and the page furniture are artifacts (`ArtifactRule`,
  `TABLE_ARTIFACTS`, `artifact`).
- `TaggingCanvas` turns that into marked content (`BDC`/`EMC` between whole text objects),
  records which element owns each marked-content id, tags link annotations, and at `save()`
  hands its record to `tagwrite`, which writes the structure tree in the same pass.
- An untagged build draws the same story on ReportLab's own `Canvas` (as `tounicode.PlainCanvas`,
  which only repairs the ToUnicode maps of characters beyond U+FFFF): every hook here is then a
  no-op, so `--no-tags` gives byte for byte the file cdbooklet made before tagging existed
  (apart from those maps).

Reading order is paint order: the elements are created in the order their content is first
drawn, which in our single-frame pages is the story's order.

This relies on some private ReportLab APIs, all listed in `PRIVATE_REPORTLAB_APIS` (and checked
by tests/test_tagged.py, which fails loudly when a ReportLab upgrade changes them). Never reads
files; never monkeypatches ReportLab.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFName, PDFPage, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Table
from reportlab.platypus.paragraph import (
    _HSFrag,
    _InjectedFrag,
    _SplitWord,
    _SplitWordEnd,
)
from reportlab.platypus.tables import TableRenderCB

from cdbooklet.pdf.tounicode import PlainCanvas

PRIVATE_REPORTLAB_APIS: tuple[tuple[str, str], ...] = (
    # (where, what we rely on). tests/test_tagged.py checks every entry against ReportLab 5.1.
    (
        "reportlab.pdfgen.canvas.Canvas._code",
        "the current page's content, a list of strings: marked-content operators are appended, "
        "and an empty sequence's BDC is deleted again",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._doc",
        "the PDFDocument: pages, annotations, fonts and catalog",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._annotationCount",
        "names the annotation _addAnnotation just registered (NUMBER<count>)",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._addAnnotation",
        "every annotation passes through it (linkURL and linkRect both call it)",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas.save",
        "replaced: it shows the last page and then writes through tagwrite instead of SaveToFile; "
        "tounicode.PlainCanvas shows the last page and realises the fonts before calling it",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.GetPDFData",
        "mirrored by tagwrite (fonts, info digest, catalog, outlines) before its own writer; "
        "tounicode.realise_fonts does its first step early, leaving delayedFonts empty for it",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.format",
        "mirrored by tagwrite, which writes object streams and a cross-reference stream",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.delayedFonts",
        "the TrueType fonts whose subsets are added at save time (tounicode.realise_fonts)",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.idToObject",
        "finds the ToUnicode CMaps ('toUnicodeCMap:' names) tounicode rewrites",
    ),
    ("reportlab.pdfbase.pdfdoc.PDFDocument.numberToId", "object numbers, in order, for the writer"),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.objectcounter",
        "the last object number given out: the structure elements' numbers are reserved after it",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.Reference",
        "numbers each new object objectcounter + 1, so a reserved block is never reused",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph._get_split_blParaFunc",
        "blocks.LongParagraph: makes a piece of a broken paragraph from its lines, as split does",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph._JustifyLast",
        "blocks.LongParagraph: whether a piece's last line is justified",
    ),
    (
        "reportlab.platypus.tables.Table._nosplitCmds",
        "blocks.HeadedBox: the NOSPLIT ranges, set aside for a page-tall first point",
    ),
    ("reportlab.platypus.tables.Table._calcNoSplitRanges", "blocks.HeadedBox: recomputes them"),
    (
        "reportlab.platypus.tables.Table._splitRows",
        "blocks.HeadedBox: splits between rows, or inside one with doInRowSplit",
    ),
    ("reportlab.platypus.tables.Table._calc", "blocks.HeadedBox: measures the rows"),
    ("reportlab.platypus.tables.Table._rowHeights", "blocks.HeadedBox: the measured rows"),
    ("reportlab.platypus.tables.Table._nrows", "blocks.HeadedBox: the number of rows"),
    (
        "reportlab.platypus.tables.Table._getPossibleHeight",
        "blocks.HeadedBox: the height a split may use",
    ),
    (
        "reportlab.platypus.frames.Frame._atTop",
        "blocks.HeadedBox: whether the box starts a frame (set on the flowable as _frame)",
    ),
    (
        "reportlab.graphics.barcode.qrencoder",
        "layout.qr loads this file on its own, outside its package (it imports only re and "
        "itertools), and uses QRCode, QRErrorCorrectLevel and the modules it makes",
    ),
    (
        "reportlab.platypus.doctemplate.BaseDocTemplate._doSave",
        "pages.Document: 0 leaves the canvas unsaved after build (as multiBuild does), so the late "
        "forms can be drawn first",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._doctemplate",
        "booklet.PageNumber: the document laying the canvas out, set by build",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.idToObjectNumberAndVersion",
        "object numbers of named objects, for references in the structure tree",
    ),
    ("reportlab.pdfbase.pdfdoc.PDFDocument._pdfVersion", "the header version"),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument._timeStamp",
        "the document's date, repeated in the XMP metadata",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.Pages.pages",
        "the PDFPage that showPage has just added",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFPage.__NoDefault__",
        "PDFPage writes only these keys: /StructParents and /Tabs need an instance-level list",
    ),
    (
        "reportlab.pdfbase.pdfdoc.LinkAnnotation.permitted",
        "rejects /StructParent: widened per instance",
    ),
    (
        "reportlab.pdfbase.pdfdoc.LinkAnnotation.otherkw",
        "where /StructParent goes once the key is known",
    ),
    (
        "reportlab.pdfbase.ttfonts.makeToUnicodeCMap",
        "the CMap format tounicode rewrites: one bfchar block of '<%02X> <%04X>' entries, a value "
        "beyond U+FFFF written as a code point, not a surrogate pair (tagged output also drops "
        "U+0000 entries and writes blocks of at most 100)",
    ),
    (
        "reportlab.pdfbase.ttfonts.TTFont.addObjects",
        "makes a subset's ToUnicode stream, named 'toUnicodeCMap:' + its font name; "
        "tounicode.realise_fonts calls it before the save",
    ),
    (
        "reportlab.pdfgen.textobject.PDFTextObject._textOut",
        "Paragraph ends each line with one _textOut(text, TStar=1): the line-end space goes there",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph.beginText",
        "called for the paragraph's own text object, after its bullet has been drawn",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph.blPara",
        "the broken lines: kind 0 (words per line) or kind 1 (FragLine with sFW)",
    ),
    (
        "reportlab.platypus.paragraph.FragLine.sFW",
        "index in Paragraph.frags of a kind-1 line's first word",
    ),
    (
        "reportlab.platypus.paragraph._HSFrag",
        "a word followed by a space (kind 1); _InjectedFrag marks an inserted line break",
    ),
    (
        "reportlab.platypus.paragraph._SplitWord",
        "a piece of a word broken over a line end (kind 0); _SplitWordEnd is its last piece",
    ),
    (
        "reportlab.platypus.tables.Table._renderCB",
        "Table.draw calls it around backgrounds, cells and lines, and split tables keep it",
    ),
)
"""The private ReportLab APIs tagging relies on, in one place."""

# -- the structure, declared with the story --------------------------------------------------------

_CONTAINERS = frozenset({"Document", "Sect", "Div", "L", "LI", "TOC", "TOCI", "Reference"})
"""Roles that only group other elements: opening one starts no marked-content sequence."""

_serials = itertools.count(1)


class Tag:
    """One structure element: a standard role and a parent, as layout declares it.

    `alt` is the text alternative (Figure); `lang` overrides the document's language;
    `link_text` is the /Contents of link annotations made while this Tag is open (otherwise
    the link's own words are used).

    While a canvas draws, the Tag also records what it holds on that canvas (`kids`: Tags,
    marked-content ids and link annotations, in paint order). A new canvas (another build of
    the same story) starts the record afresh. Keeping the record here rather than in objects
    made per canvas keeps tagging cheap.
    """

    __slots__ = (
        "role",
        "parent",
        "alt",
        "lang",
        "link_text",
        "is_container",
        "kids",
        "owner",
        "number",
    )

    def __init__(
        self,
        role: str,
        parent: Tag | None = None,
        *,
        alt: str | None = None,
        lang: str | None = None,
        link_text: str | None = None,
    ) -> None:
        self.role = role
        self.parent = parent
        self.alt = alt
        self.lang = lang
        self.link_text = link_text
        self.is_container = role in _CONTAINERS
        self.kids: list[Tag | int | AnnotRef] = []
        """Drawn content: child Tags, MCIDs as `page << 16 | mcid`, and AnnotRefs."""
        self.owner = 0
        """The serial number of the canvas the record belongs to."""
        self.number = 0
        """Its PDF object number, once the file is being written."""

    def __repr__(self) -> str:
        return f"Tag({self.role!r})"


MCID_BITS = 16
"""A kid int is `page << MCID_BITS | mcid`: ints cost the garbage collector nothing."""


class AnnotRef:
    """A link annotation in the structure (an OBJR): its document name and page index."""

    __slots__ = ("name", "page", "annotation")

    def __init__(self, name: str, page: int, annotation: Any) -> None:
        self.name = name
        self.page = page
        self.annotation = annotation


class Artifact:
    """Content that is not part of the text: page furniture and decoration."""

    __slots__ = ("bdc",)

    def __init__(self, kind: str, subtype: str | None = None) -> None:
        extra = f" /Subtype /{subtype}" if subtype else ""
        self.bdc = f"/Artifact <</Type /{kind}{extra}>> BDC"


LAYOUT = Artifact("Layout")
"""Rules, box backgrounds and borders, the notes area's writing lines."""
HEADER = Artifact("Pagination", "Header")
FOOTER = Artifact("Pagination", "Footer")


# -- the canvas ------------------------------------------------------------------------------------

# A content-stream entry that paints nothing: state, colour, transforms, and the empty text
# objects ReportLab writes to set a font. Anything else counts as ink, so an unknown operator
# keeps its marked-content sequence (never leaving content unmarked).
_NUM = r"-?(?:\d+\.?\d*|\.\d+)"
_BLANK = re.compile(
    rf"(?:\s*(?:[qQn]|(?:{_NUM}\s+)+(?:rg|RG|g|G|k|K|w|J|j|M|cm)|/\S+\s+(?:gs|cs|CS)"
    rf"|\[[-\d.\s]*\]\s+{_NUM}\s+d|BT\s+/\S+\s+{_NUM}\s+Tf\s+{_NUM}\s+TL\s+ET))*\s*"
).fullmatch

_PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
_LINK_PERMITTED = (*LinkAnnotation.permitted, "StructParent")


class TaggingCanvas(Canvas):
    """A Canvas that writes a tagged PDF: marked content, a structure tree in paint order,
    tagged links, /StructParents and /Tabs on every page, and (in `tagwrite`) the catalog
    entries, XMP metadata, clean ToUnicode maps and object streams."""

    def __init__(self, filename: Any, **kw: Any) -> None:
        kw.setdefault("pdfVersion", (1, 7))
        super().__init__(filename, **kw)
        self.serial = next(_serials)
        self._stack: list[Tag | Artifact] = []
        self._art_depth = 0
        # The open marked-content sequence: where its BDC is in _code, whose it is (None for
        # an artifact) and its kid entry. _seq_at < 0: none is open.
        self._seq_at = -1
        self._seq_tag: Tag | None = None
        self._seq_kid = 0
        self.root: list[Tag] = []
        """The Document element's kids."""
        self.pages: list[tuple[str, list[Tag]]] = []
        """Per finished page: its document name and the owner of each MCID."""
        self._page_mcids: list[Tag] = []
        self.paragraph: TaggedParagraph | None = None
        """The paragraph being drawn, for the words of its links."""
        self._link_texts: dict[str, str] | None = None
        self._last_link_text = ""

    # -- tags and artifacts ---------------------------------------------------------------------
    def open_tag(self, tag: Tag) -> None:
        self._stack.append(tag)
        if self._art_depth:
            return  # tagged content inside an artifact stays an artifact
        if self._seq_at >= 0:
            self._end_sequence()
        if not tag.is_container:
            self._begin(tag)

    def close(self, entry: Tag | Artifact) -> None:
        top = self._stack.pop()
        if top is not entry:
            raise RuntimeError(f"tagging: closing {entry!r} while {top!r} is open")
        if top.__class__ is Artifact:
            self._art_depth -= 1
            if self._art_depth:
                return
        elif self._art_depth:
            return
        if self._seq_at >= 0:
            self._end_sequence()
        if self._stack:
            self._resume()

    def open_artifact(self, artifact: Artifact) -> None:
        self._stack.append(artifact)
        self._art_depth += 1
        if self._art_depth == 1:
            if self._seq_at >= 0:
                self._end_sequence()
            self._begin_artifact(artifact)

    def claim(self, tag: Tag) -> Tag:
        """The tag's record on this canvas, started (with its ancestors') the first time."""
        if tag.owner != self.serial:
            tag.owner = self.serial
            tag.kids = []
            parent = tag.parent
            (self.claim(parent).kids if parent is not None else self.root).append(tag)
        return tag

    def _begin(self, tag: Tag) -> None:
        if tag.owner != self.serial:
            self.claim(tag)
        mcids = self._page_mcids
        mcid = len(mcids)
        mcids.append(tag)
        kid = len(self.pages) << MCID_BITS | mcid
        tag.kids.append(kid)
        code = self._code
        code.append(f"/{tag.role} <</MCID {mcid}>> BDC")
        self._seq_at, self._seq_tag, self._seq_kid = len(code) - 1, tag, kid

    def _begin_artifact(self, artifact: Artifact) -> None:
        code = self._code
        code.append(artifact.bdc)
        self._seq_at, self._seq_tag = len(code) - 1, None

    def _end_sequence(self) -> None:
        """Close the open marked-content sequence, or take it back when it painted nothing."""
        start = self._seq_at
        self._seq_at = -1
        code = self._code
        for i in range(start + 1, len(code)):
            entry = code[i]
            if entry != "q" and entry != "Q" and not _BLANK(entry):
                code.append("EMC")
                return
        del code[start]
        tag = self._seq_tag
        if tag is not None:
            self._page_mcids.pop()
            kids = tag.kids
            if kids[-1] == self._seq_kid:
                kids.pop()
            else:
                kids.remove(self._seq_kid)

    def _resume(self) -> None:
        """After an inner element or artifact ends, the one around it goes on (a new MCID)."""
        if self._art_depth:
            outer = next(e for e in self._stack if e.__class__ is Artifact)
            self._begin_artifact(outer)
            return
        top = self._stack[-1]
        if not top.is_container:  # type: ignore[union-attr]
            self._begin(top)  # type: ignore[arg-type]

    # -- pages ----------------------------------------------------------------------------------
    def showPage(self) -> None:
        is_open = self._seq_at >= 0
        if is_open:
            self._end_sequence()
        name = self._doc.thisPageName()
        super().showPage()
        page = self._doc.Pages.pages[-1]
        page.__NoDefault__ = _PAGE_KEYS
        page.StructParents = len(self.pages)
        page.Tabs = PDFName("S")
        self.pages.append((name, self._page_mcids))
        self._page_mcids = []
        if is_open and self._stack:
            self._resume()

    # -- links ----------------------------------------------------------------------------------
    def linkURL(
        self,
        url: str,
        rect: Any,
        relative: int = 0,
        thickness: float = 0,
        color: Any = None,
        dashArray: Any = None,
        kind: str = "URI",
        **kw: Any,
    ) -> None:
        kw.setdefault("Contents", PDFString(self._link_text(url)))
        kw.setdefault("F", 4)
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    def linkRect(
        self,
        contents: str,
        destinationname: str,
        Rect: Any = None,  # noqa: N803
        addtopage: int = 1,
        name: str | None = None,
        relative: int = 1,
        thickness: float = 0,
        color: Any = None,
        dashArray: Any = None,
        **kw: Any,
    ) -> Any:
        kw.setdefault("F", 4)
        text = contents or self._link_text("#" + destinationname)
        return super().linkRect(
            text,
            destinationname,
            Rect,
            addtopage,
            name,
            relative,
            thickness,
            color,
            dashArray,
            **kw,
        )

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        super()._addAnnotation(annotation, name, addtopage)
        name = name or f"NUMBER{self._annotationCount}"
        if isinstance(annotation, LinkAnnotation):
            annotation.permitted = _LINK_PERMITTED
        if self._art_depth or not self._stack:
            return  # an untagged link: the consistency check reports it
        ref = AnnotRef(self._doc.annotationName(name), len(self.pages), annotation)
        top = self.claim(self._stack[-1])  # type: ignore[arg-type]
        if top.role != "Link":
            # A link inside a paragraph: its own Link element, with its words as /Alt.
            link = Tag("Link", top, alt=self._last_link_text)
            link.owner = self.serial
            top.kids.append(link)
            top = link
        top.kids.append(ref)

    def _link_text(self, href: str) -> str:
        """What a link says: its Tag's link_text, or the words the paragraph links."""
        top = self._stack[-1] if self._stack else None
        text = getattr(top, "link_text", None)
        if not text and self.paragraph is not None:
            if self._link_texts is None:
                self._link_texts = _link_words(self.paragraph)
            text = self._link_texts.get(href)
        if not text:
            text = href.split(":", 1)[-1].lstrip("/#") or href
        self._last_link_text = text
        return text

    def save(self) -> None:
        from cdbooklet.pdf.writer import write_tagged

        if self._seq_at >= 0:
            self._end_sequence()
        if self._stack:
            raise RuntimeError(f"tagging: {self._stack!r} still open at the end")
        if len(self._code):
            self.showPage()
        data = write_tagged(self)
        target = self._filename
        if hasattr(target, "write"):
            target.write(data)
        else:
            with open(target, "wb") as fh:
                fh.write(data)


def _tagging(canvas: Any) -> TaggingCanvas | None:
    return canvas if isinstance(canvas, TaggingCanvas) else None


@contextmanager
def artifact(canvas: Any, kind: Artifact = LAYOUT) -> Iterator[None]:
    """Everything drawn inside is an artifact (a no-op on a plain Canvas)."""
    tagging = _tagging(canvas)
    if tagging is None:
        yield
        return
    tagging.open_artifact(kind)
    try:
        yield
    finally:
        tagging.close(kind)


# -- flowables -------------------------------------------------------------------------------------


class TaggedFlowable:
    """Mixin: draw inside the flowable's Tag."""

    tag: Tag | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tag = self.tag
        if tag is None or not isinstance(canvas, TaggingCanvas):
            return super().drawOn(canvas, x, y, _sW)  # type: ignore[misc,no-any-return]
        canvas.open_tag(tag)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            canvas.close(tag)


class TaggedParagraph(Paragraph):
    """A paragraph that is one structure element (P, H1…, Link), or a list item's body whose
    bullet is its label (`label_tag`, an Lbl, with `tag` the LBody).

    On a tagging canvas its lines end in a space where the text has one, so the structure text
    does not glue the last word of a line to the first of the next; the space draws nothing.
    A split paragraph hands its tags to both parts: they become one element over two pages.
    """

    tag: Tag | None = None
    label_tag: Tag | None = None
    _open: Tag | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if not isinstance(canvas, TaggingCanvas):
            return super().drawOn(canvas, x, y, _sW)  # type: ignore[no-any-return]
        first = self.label_tag if self.label_tag is not None and self.bulletText else self.tag
        canvas.paragraph, canvas._link_texts = self, None
        if first is not None:
            canvas.open_tag(first)
        self._open = first
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            if self._open is not None:
                canvas.close(self._open)
            self._open = None
            canvas.paragraph = None

    def beginText(self, x: float, y: float) -> Any:
        canv = self.canv
        if not isinstance(canv, TaggingCanvas):
            return super().beginText(x, y)
        if self._open is not None and self._open is self.label_tag:
            # The bullet is drawn: the rest is the item's body.
            canv.close(self._open)
            self._open = self.tag
            if self.tag is not None:
                canv.open_tag(self.tag)
        tx = _SpacedText(canv, x, y)
        tx.spaces = line_spaces(self)
        return tx

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            if part is not self:
                part.tag = self.tag
                part.label_tag = self.label_tag
        return parts


class _SpacedText(PDFTextObject):
    """A paragraph's text object whose lines end in a space where the text continues after a
    space (ReportLab moves to the next line with T*, which a reader hears as no space)."""

    spaces: list[bool] = []
    line = 0

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803
        if TStar:
            i = self.line
            self.line = i + 1
            if i < len(self.spaces) and self.spaces[i] and not text.endswith(" "):
                text += " "
        super()._textOut(text, TStar)


def line_spaces(para: Paragraph) -> list[bool]:
    """For each line of a wrapped paragraph: does a space follow its last word in the text?
    Not when a word was broken over the line end (a long word or address)."""
    bl = para.blPara
    lines = bl.lines
    if bl.kind == 0:
        out = []
        for line in lines:
            words = line[1]
            last = words[-1] if words else ""
            out.append(not (isinstance(last, _SplitWord) and not isinstance(last, _SplitWordEnd)))
        return out
    frags = para.frags
    count = len(lines)
    spaces = []
    for i in range(count):
        nxt = lines[i + 1] if i + 1 < count else None
        end = getattr(nxt, "sFW", None) if nxt is not None else len(frags)
        if end is None or not frags:
            spaces.append(True)
            continue
        end -= 1
        while end > 0 and isinstance(frags[end], _InjectedFrag):
            end -= 1
        spaces.append(end < 0 or isinstance(frags[end], _HSFrag))
    return spaces


def _link_words(para: Paragraph) -> dict[str, str]:
    """Each link target in a paragraph -> the words that link to it."""
    bl = para.blPara
    found: dict[str, list[str]] = {}
    if bl.kind == 0:
        for _n, href in getattr(bl, "link", None) or ():
            found.setdefault(href, []).extend(" ".join(line[1]) for line in bl.lines)
    else:
        for line in bl.lines:
            for word in line.words:
                for _n, href in getattr(word, "link", None) or ():
                    found.setdefault(href, []).append(getattr(word, "text", ""))
    return {href: " ".join(" ".join(parts).split()) for href, parts in found.items()}


class TaggedImage(TaggedFlowable, Flowable):
    """An image (the logo) that is a Figure, drawn `width` x `height` points from `source`, an
    ImageReader (one per logo in a process, so its pixels are read once)."""

    def __init__(self, source: Any, width: float, height: float, tag: Tag | None = None) -> None:
        super().__init__()
        self.source = source
        self.drawWidth, self.drawHeight = width, height
        self.tag = tag
        self.hAlign = "LEFT"

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(self.source, 0, 0, self.drawWidth, self.drawHeight, mask="auto")


class ArtifactRule(HRFlowable):
    """A decorative rule: an artifact."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        with artifact(canvas):
            super().drawOn(canvas, x, y, _sW)


class _TableArtifacts(TableRenderCB):
    """Table backgrounds and rules are artifacts; cells tag themselves. A plain-text cell (only
    ever padding here) is an artifact too."""

    def startTable(self, T: Table) -> None:
        pass

    def endTable(self, T: Table) -> None:
        pass

    def startRow(self, T: Table, rowNo: int) -> None:  # noqa: N803
        pass

    def endRow(self, T: Table) -> None:
        pass

    def startBG(self, T: Table) -> None:
        tagging = _tagging(T.canv)
        if tagging is not None:
            tagging.open_artifact(LAYOUT)

    def endBG(self, T: Table) -> None:
        tagging = _tagging(T.canv)
        if tagging is not None:
            tagging.close(LAYOUT)

    def startLines(self, T: Table) -> None:
        self.startBG(T)

    def endLines(self, T: Table) -> None:
        self.endBG(T)

    def startCell(
        self,
        T: Table,
        rowNo: int,
        colNo: int,
        cellval: Any,  # noqa: N803
        cellstyle: Any,
        pos: Any,
        size: Any,
    ) -> None:
        if not isinstance(cellval, (Flowable, list, tuple)):
            self.startBG(T)
            T.cdbooklet_text_cell = True

    def endCell(self, T: Table) -> None:
        if getattr(T, "cdbooklet_text_cell", False):
            T.cdbooklet_text_cell = False
            self.endBG(T)


TABLE_ARTIFACTS = _TableArtifacts()
"""The renderCB every layout table gets (see `blocks.grid`)."""


def canvas_class(is_tagged: bool) -> type[Canvas]:
    """The canvas a build draws on."""
    return TaggingCanvas if is_tagged else PlainCanvas
