"""The canvases a build draws on: `TaggingCanvas` for a tagged PDF, `PlainCanvas` otherwise.

- The tagged flowables (`flowables`) open their `Tag` on the canvas around their drawing; rules,
  table backgrounds and the page furniture are artifacts (`artifact`).
- `TaggingCanvas` turns that into marked content (`BDC`/`EMC` between whole text objects),
  records which element owns each marked-content id, tags link annotations, and at `save()`
  hands its record to `writer`, which writes the structure tree in the same pass.
- An untagged build draws the same story on `PlainCanvas` (ReportLab's own Canvas, which only
  repairs the ToUnicode maps of characters beyond U+FFFF, see `tounicode`): every hook is then a
  no-op, so `--no-tags` gives byte for byte the file cdbooklet made before tagging existed
  (apart from those maps).

Reading order is paint order: the elements are created in the order their content is first
drawn, which in our single-frame pages is the story's order. Uses the private ReportLab APIs
listed in `registry`; never reads files.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, cast

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFName, PDFPage, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from cdbooklet.pdf.structure import LAYOUT, MCID_BITS, AnnotRef, Artifact, Tag
from cdbooklet.pdf.tounicode import PlainCanvas

if TYPE_CHECKING:
    from cdbooklet.pdf.flowables import TaggedParagraph

_serials = itertools.count(1)
"""Each canvas's serial number: a Tag's record belongs to one canvas."""

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
    tagged links, /StructParents and /Tabs on every page, and (in `writer`) the catalog
    entries, XMP metadata, clean ToUnicode maps and object streams."""

    # ReportLab's own state this class reads and writes, which its type stubs leave out (each
    # is listed in `registry`): annotations only, nothing is set here.
    _code: list[str]
    _doc: Any
    _annotationCount: int
    _filename: Any

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
        self._actual: list[bool] = []
        """Per open `begin_actual_text`: whether it is a nested /Span (else a sequence)."""

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

    def begin_actual_text(self, text: str) -> None:
        """What is drawn until `end_actual_text` stands for `text` (/ActualText: a word whose
        glyphs are drawn out of reading order, or spell it otherwise). In an element it is a
        marked-content sequence of that element's own, with the text on it, not one nested in
        another: nested, poppler's structure text stops at the inner one's end. Between text
        objects, as marked content must be."""
        value = utf16_text(text)
        if self._art_depth or self._seq_at < 0 or not self._stack:
            self._code.append(f"/Span <</ActualText {value}>> BDC")
            self._actual.append(True)
            return
        tag = self._stack[-1]
        self._end_sequence()
        # Marked /Span, the tag readers look for /ActualText on (poppler reads it on no other).
        self._begin(tag, f" /ActualText {value}", "Span")  # type: ignore[arg-type]
        self._actual.append(False)

    def end_actual_text(self) -> None:
        if self._actual.pop():
            self._code.append("EMC")
            return
        if self._seq_at >= 0:
            self._end_sequence()
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

    def _begin(self, tag: Tag, properties: str = "", marked: str | None = None) -> None:
        if tag.owner != self.serial:
            self.claim(tag)
        mcids = self._page_mcids
        mcid = len(mcids)
        mcids.append(tag)
        kid = len(self.pages) << MCID_BITS | mcid
        tag.kids.append(kid)
        code = self._code
        code.append(f"/{marked or tag.role} <</MCID {mcid}{properties}>> BDC")
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
        relative: Literal[0, 1] | bool = 0,
        thickness: int = 0,
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
        addtopage: Literal[0, 1] | bool = 1,
        name: str | None = None,
        relative: Literal[0, 1] | bool = 1,
        thickness: int = 0,
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
        cast(Any, super())._addAnnotation(annotation, name, addtopage)
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


def utf16_text(text: str) -> str:
    """A PDF text string in UTF-16BE with its byte-order mark, as hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def begin_actual_text(canvas: Any, text: str) -> None:
    """/ActualText from here (see `TaggingCanvas.begin_actual_text`), on any canvas: on a
    plain one, a /Span around what follows."""
    if isinstance(canvas, TaggingCanvas):
        canvas.begin_actual_text(text)
    else:
        canvas.addLiteral(f"/Span <</ActualText {utf16_text(text)}>> BDC")


def end_actual_text(canvas: Any) -> None:
    if isinstance(canvas, TaggingCanvas):
        canvas.end_actual_text()
    else:
        canvas.addLiteral("EMC")


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


def _link_words(para: Paragraph) -> dict[str, str]:
    """Each link target in a paragraph -> the words that link to it."""
    own = getattr(para, "link_words", None)
    if own is not None:  # a ScriptParagraph knows its own
        return cast(dict[str, str], own())
    bl = cast(Any, para).blPara
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


def canvas_class(is_tagged: bool) -> type[Canvas]:
    """The canvas a build draws on."""
    return TaggingCanvas if is_tagged else PlainCanvas


@contextmanager
def tagged(canvas: Any, tag: Tag) -> Iterator[None]:
    """Everything drawn inside is the structure element `tag` (a no-op on a plain Canvas)."""
    tagging = _tagging(canvas)
    if tagging is None:
        yield
        return
    tagging.open_tag(tag)
    try:
        yield
    finally:
        tagging.close(tag)


def relabel_links(tag: Tag, text: str) -> None:
    """Give the link annotations `tag` holds the words `text` (their /Contents), once those are
    known: a contents entry's page number is drawn after the link is made."""
    for kid in tag.kids:
        if isinstance(kid, AnnotRef):
            kid.annotation.Contents = text
