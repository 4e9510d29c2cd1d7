"""Writing a tagged PDF when the tagging canvas saves, in the same pass: the structure tree and
its ParentTree, tagged link annotations, the catalog's MarkInfo and XMP metadata (dc:title,
dc:language, pdfuaid:part 1), ToUnicode maps that a PDF/UA checker accepts (`tounicode`), and
object streams so the structure costs little space.

It mirrors `PDFDocument.GetPDFData` and `PDFDocument.format` of ReportLab 5.1 (see
`registry`): the objects are the ones ReportLab made, formatted by
ReportLab; only how they are packed into the file differs. Only tagged builds come here.
"""

from __future__ import annotations

import gc
import re
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObject, PDFString

from cdbooklet.pdf import tounicode
from cdbooklet.pdf.structure import MCID_BITS, AnnotRef, Tag
from cdbooklet.text.markup import escape

if TYPE_CHECKING:
    from cdbooklet.pdf.canvas import TaggingCanvas

_OBJECTS_PER_STREAM = 200
_NUMS_PER_LEAF = 128
"""Number-tree leaves stay small: readers cap array sizes (8,191 in old implementations)."""


def write_tagged(canv: TaggingCanvas) -> bytes:
    """The whole PDF of a finished tagging canvas."""
    # Writing makes tens of thousands of objects (one per structure element, and their bytes)
    # on top of the laid-out document, all of them alive until the file is written: the cyclic
    # garbage collector would walk the whole heap again and again for nothing. It is back on
    # (if it was) as soon as the bytes are made.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _write(canv)
    finally:
        if was_enabled:
            gc.enable()


def _write(canv: TaggingCanvas) -> bytes:
    doc = canv._doc
    # As GetPDFData: realise the fonts (then repair their ToUnicode maps), add the structure.
    tounicode.realise_fonts(doc)
    tounicode.repair(doc, for_pdf_ua=True)
    catalog = doc.Catalog
    catalog.StructTreeRoot, elements = _structure(canv)
    catalog.MarkInfo = PDFDictionary({"Marked": pdfdoc.PDFtrue})
    catalog.Metadata = pdfdoc.XMP(creator=_xmp)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canv)
    if doc.Outlines.ready < 0:
        catalog.Outlines = None
    return _format_packed(doc, elements)


# -- the structure tree ----------------------------------------------------------------------------


class _Raw(PDFObject):
    """An object whose bytes are made at format time, when every object has its number."""

    def __init__(self, make: Any) -> None:
        self.make = make

    def format(self, document: Any) -> bytes:
        return self.make(document)  # type: ignore[no-any-return]


class _Block:
    """The structure elements: object numbers `base` + 1 onwards, in `elements`' order.

    They are not registered with ReportLab one by one (its tables would keep a name, two dict
    entries and an object for each of tens of thousands until the file is written): the
    numbers are reserved together, and `_format_packed` writes each element as it comes."""

    __slots__ = ("base", "elements", "context")

    def __init__(self, base: int, elements: list[Tag], context: _Context) -> None:
        self.base = base
        self.elements = elements
        self.context = context


def _structure(canv: TaggingCanvas) -> tuple[PDFObject, _Block]:
    """Number every structure element, register the root and the ParentTree; return the root
    and the elements."""
    doc = canv._doc
    nv = doc.idToObjectNumberAndVersion
    page_names = [name for name, _ in canv.pages]

    def ref(name: str) -> bytes:
        return b"%d 0 R" % nv[name][0]

    def ref_of(e: Tag) -> bytes:
        return b"%d 0 R" % e.number

    top = [e for e in canv.root if _prune(e)]
    elements: list[Tag] = []
    links: list[tuple[AnnotRef, Tag]] = []
    pending = list(reversed(top))
    while pending:  # depth first, in reading order
        e = pending.pop()
        elements.append(e)
        pending.extend(k for k in reversed(e.kids) if isinstance(k, Tag))
        links.extend((k, e) for k in e.kids if isinstance(k, AnnotRef))

    base = doc.objectcounter  # private API: ReportLab's last object number
    doc.objectcounter += len(elements)
    for number, e in enumerate(elements, start=base + 1):
        e.number = number

    # ParentTree keys: one per page (its MCIDs), then one per tagged link annotation.
    entries: list[tuple[int, Any]] = list(enumerate(owners for _name, owners in canv.pages))
    key = len(canv.pages)
    for annot, owner in links:
        _set_struct_parent(annot.annotation, key)
        entries.append((key, owner))
        key += 1
    next_key = key

    root = _Raw(
        lambda _d: (
            b"<</Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d>>"
            % (ref("SE0"), ref("StructParentTree"), next_key)
        )
    )
    doc.Reference(root, "StructTreeRoot")
    doc.Reference(
        _Raw(
            lambda _d: (
                b"<</Type /StructElem /S /Document /P %s /K [%s]>>"
                % (ref("StructTreeRoot"), b" ".join(ref_of(e) for e in top))
            )
        ),
        "SE0",
    )
    _parent_tree(doc, entries, ref, ref_of)
    return root, _Block(base, elements, _Context(ref, page_names))


class _Context:
    """What every structure element needs to write itself."""

    __slots__ = ("ref", "page_names")

    def __init__(self, ref: Callable[[str], bytes], page_names: list[str]) -> None:
        self.ref = ref
        self.page_names = page_names


class _Element(PDFObject):
    """One structure element, written at format time (when every object has its number). A
    small object: a long booklet has tens of thousands of them."""

    __slots__ = ("e", "context")

    def __init__(self, e: Tag, context: _Context) -> None:
        self.e = e
        self.context = context

    def format(self, document: Any) -> bytes:
        e, ref, page_names = self.e, self.context.ref, self.context.page_names
        mask = (1 << MCID_BITS) - 1
        first_page = next((k >> MCID_BITS for k in e.kids if k.__class__ is int), None)
        kids = []
        for k in e.kids:
            if k.__class__ is int:
                page, mcid = k >> MCID_BITS, k & mask
                if page == first_page:
                    kids.append(b"%d" % mcid)
                else:
                    kids.append(b"<</Type /MCR /Pg %s /MCID %d>>" % (ref(page_names[page]), mcid))
            elif isinstance(k, Tag):
                kids.append(b"%d 0 R" % k.number)
            else:
                assert isinstance(k, AnnotRef)
                kids.append(
                    b"<</Type /OBJR /Obj %s /Pg %s>>" % (ref(k.name), ref(page_names[k.page]))
                )
        parent = b"%d 0 R" % e.parent.number if e.parent is not None else ref("SE0")
        out = [b"<</Type /StructElem /S /", e.role.encode("ascii"), b" /P ", parent]
        if first_page is not None:
            out += [b" /Pg ", ref(page_names[first_page])]
        if e.alt:
            out += [b" /Alt ", PDFString(e.alt).format(document)]
        if e.lang:
            out += [b" /Lang ", PDFString(e.lang).format(document)]
        out += [b" /K [", b" ".join(kids), b"]>>"]
        return b"".join(out)


def _prune(e: Tag) -> bool:
    """Drop elements that ended up with no content (a sequence taken back); True if e stays."""
    e.kids = [k for k in e.kids if not isinstance(k, Tag) or _prune(k)]
    return bool(e.kids)


def _set_struct_parent(annotation: Any, key: int) -> None:
    if isinstance(annotation, pdfdoc.LinkAnnotation):
        annotation.otherkw["StructParent"] = key
    else:
        annotation["StructParent"] = key


def _parent_tree(
    doc: Any,
    entries: list[tuple[int, Any]],
    ref: Callable[[str], bytes],
    ref_of: Callable[[Tag], bytes],
) -> None:
    def value(v: Any) -> bytes:
        if isinstance(v, list):
            return b"[" + b" ".join(ref_of(e) for e in v) + b"]"
        return ref_of(v)

    def nums(chunk: list[tuple[int, Any]]) -> bytes:
        return b" ".join(b"%d %s" % (key, value(v)) for key, v in chunk)

    if len(entries) <= _NUMS_PER_LEAF:
        doc.Reference(_Raw(lambda _d: b"<</Nums [" + nums(entries) + b"]>>"), "StructParentTree")
        return
    leaves: list[str] = []
    for start in range(0, len(entries), _NUMS_PER_LEAF):
        chunk = entries[start : start + _NUMS_PER_LEAF]
        name = f"StructParentTree.{len(leaves)}"

        def leaf(_d: Any, chunk: list[tuple[int, Any]] = chunk) -> bytes:
            return b"<</Limits [%d %d] /Nums [" % (chunk[0][0], chunk[-1][0]) + nums(chunk) + b"]>>"

        doc.Reference(_Raw(leaf), name)
        leaves.append(name)
    doc.Reference(
        _Raw(lambda _d: b"<</Kids [" + b" ".join(ref(n) for n in leaves) + b"]>>"),
        "StructParentTree",
    )


# -- metadata --------------------------------------------------------------------------------------


def _xmp(doc: Any) -> bytes:
    """The XMP packet: the Info dictionary's words, the language, and the PDF/UA claim."""
    info = doc.info
    lang = doc.Catalog.Lang
    language = getattr(lang, "s", lang) or "x-default"
    ts = doc._timeStamp
    year, month, day, hour, minute, second = ts.YMDhms
    when = (
        f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
        f"{ts.dhh:+03d}:{ts.dmm:02d}"
    )

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>{alt(info.title)}</dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description>{alt(info.subject)}</dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{escape(info.producer)}</pdf:Producer>
   <pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>
   <xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


# -- the file, with object streams -----------------------------------------------------------------


def _format_packed(doc: Any, block: _Block) -> bytes:
    """Like `PDFDocument.format`, but every object that is not a stream goes into compressed
    object streams, and the cross-reference table is a stream (PDF 1.5 and later). The
    structure elements of `block` are written in their reserved numbers."""
    doc.encrypt.prepare(doc)
    if doc.encrypt.info() is not None:
        raise ValueError("tagged output is never encrypted")
    catalog, info = doc.Reference(doc.Catalog), doc.Reference(doc.info)
    out = pdfdoc.PDFFile(doc._pdfVersion)
    number_to_id, id_to_object = doc.numberToId, doc.idToObject
    offsets: dict[int, int] = {}
    # Objects that are not streams go into object streams of _OBJECTS_PER_STREAM, each
    # compressed as soon as it is full (the bodies are not all held at once); the streams are
    # numbered after the last object.
    chunks: list[tuple[int, int, bytes]] = []  # (objects, header length, compressed data)
    chunk_of: dict[int, tuple[int, int]] = {}  # object number -> (chunk, index in it)
    header: list[bytes] = []
    bodies: list[bytes] = []
    at = 0

    def close_chunk() -> None:
        nonlocal at
        head = b" ".join(header) + b"\n"
        chunks.append((len(bodies), len(head), zlib.compress(head + b"\n".join(bodies) + b"\n")))
        header.clear()
        bodies.clear()
        at = 0

    number = 0
    while True:
        number += 1
        if number in number_to_id:
            obj = id_to_object[number_to_id[number]]
        elif 0 <= number - block.base - 1 < len(block.elements):
            obj = _Element(block.elements[number - block.base - 1], block.context)
        else:
            break
        doc.encrypt.register(number, 0)
        body = pdfdoc.format(obj, doc, toplevel=1)
        if body.endswith(b"endstream\n"):
            offsets[number] = out.add(b"%d 0 obj\n%sendobj\n" % (number, body))
            continue
        chunk_of[number] = (len(chunks), len(bodies))
        header.append(b"%d %d" % (number, at))
        bodies.append(body)
        at += len(body) + 1
        if len(bodies) == _OBJECTS_PER_STREAM:
            close_chunk()
    if bodies:
        close_chunk()
    first_stream = number
    for count, head_length, data in chunks:
        offsets[number] = out.add(
            b"%d 0 obj\n<</Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d>>\n"
            b"stream\n%s\nendstream\nendobj\n" % (number, count, head_length, len(data), data)
        )
        number += 1
    # The cross-reference stream: type 0 (free), 1 (offset) or 2 (in an object stream).
    xref_at = out.offset
    offsets[number] = xref_at
    size = number + 1
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for num in range(1, size):
        if num in offsets:
            rows.append(b"\x01" + offsets[num].to_bytes(4, "big") + b"\x00\x00")
        else:
            chunk, index = chunk_of[num]
            stream = first_stream + chunk
            rows.append(b"\x02" + stream.to_bytes(4, "big") + index.to_bytes(2, "big"))
    data = zlib.compress(b"".join(rows))
    ids = re.search(rb"\[[^\]]*\]", doc.ID())
    assert ids is not None
    out.add(
        b"%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root %s /Info %s /ID %s"
        b" /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream\nendobj\n"
        % (number, size, catalog.format(doc), info.format(doc), ids.group(0), len(data), data)
    )
    out.add(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.format(doc)
