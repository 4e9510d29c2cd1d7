"""Writing a tagged PDF when the tagging canvas saves, in the same pass: the structure tree and
its ParentTree, tagged link annotations, the catalog's MarkInfo and XMP metadata (dc:title,
dc:language, pdfuaid:part 1), ToUnicode maps that a PDF/UA checker accepts, and object streams
so the structure costs little space.

It mirrors `PDFDocument.GetPDFData` and `PDFDocument.format` of ReportLab 5.1 (see
`tagging.PRIVATE_REPORTLAB_APIS`): the objects are the ones ReportLab made, formatted by
ReportLab; only how they are packed into the file differs. Only tagged builds come here.
"""

from __future__ import annotations

import gc
import re
import zlib
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObject, PDFString

from cdbooklet.layout.tagging import MCID_BITS, AnnotRef, Tag

if TYPE_CHECKING:
    from cdbooklet.layout.tagging import TaggingCanvas

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
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.delayedFonts = []
    _repair_tounicode(doc)
    catalog = doc.Catalog
    catalog.StructTreeRoot = _structure(canv)
    catalog.MarkInfo = PDFDictionary({"Marked": pdfdoc.PDFtrue})
    catalog.Metadata = pdfdoc.XMP(creator=_xmp)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canv)
    if doc.Outlines.ready < 0:
        catalog.Outlines = None
    return _format_packed(doc)


# -- the structure tree ----------------------------------------------------------------------------


class _Raw(PDFObject):
    """An object whose bytes are made at format time, when every object has its number."""

    def __init__(self, make: Any) -> None:
        self.make = make

    def format(self, document: Any) -> bytes:
        return self.make(document)  # type: ignore[no-any-return]


def _structure(canv: TaggingCanvas) -> PDFObject:
    """Register every structure element, the root and the ParentTree; return the root."""
    doc = canv._doc
    nv = doc.idToObjectNumberAndVersion
    page_names = [name for name, _ in canv.pages]
    mask = (1 << MCID_BITS) - 1

    def ref(name: str) -> bytes:
        return b"%d 0 R" % nv[name][0]

    top = [e for e in canv.root if _prune(e)]
    elements: list[Tag] = []
    links: list[tuple[AnnotRef, Tag]] = []
    pending = list(reversed(top))
    while pending:  # depth first, in reading order
        e = pending.pop()
        e.name = f"SE{len(elements) + 1}"
        elements.append(e)
        pending.extend(k for k in reversed(e.kids) if isinstance(k, Tag))
        links.extend((k, e) for k in e.kids if isinstance(k, AnnotRef))

    # ParentTree keys: one per page (its MCIDs), then one per tagged link annotation.
    entries: list[tuple[int, Any]] = list(enumerate(owners for _name, owners in canv.pages))
    key = len(canv.pages)
    for annot, owner in links:
        _set_struct_parent(annot.annotation, key)
        entries.append((key, owner))
        key += 1
    next_key = key

    def element_bytes(e: Tag, parent: str) -> Any:
        def make(document: Any) -> bytes:
            first_page = next((k >> MCID_BITS for k in e.kids if k.__class__ is int), None)
            kids = []
            for k in e.kids:
                if k.__class__ is int:
                    page, mcid = k >> MCID_BITS, k & mask
                    if page == first_page:
                        kids.append(b"%d" % mcid)
                    else:
                        kids.append(b"<</Type /MCR /Pg %s /MCID %d>>"
                                    % (ref(page_names[page]), mcid))
                elif isinstance(k, Tag):
                    kids.append(ref(k.name))
                else:
                    assert isinstance(k, AnnotRef)
                    kids.append(b"<</Type /OBJR /Obj %s /Pg %s>>"
                                % (ref(k.name), ref(page_names[k.page])))
            out = [b"<</Type /StructElem /S /", e.role.encode("ascii"), b" /P ", ref(parent)]
            if first_page is not None:
                out += [b" /Pg ", ref(page_names[first_page])]
            if e.alt:
                out += [b" /Alt ", PDFString(e.alt).format(document)]
            if e.lang:
                out += [b" /Lang ", PDFString(e.lang).format(document)]
            out += [b" /K [", b" ".join(kids), b"]>>"]
            return b"".join(out)

        return make

    root = _Raw(lambda _d: b"<</Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d>>"
                % (ref("SE0"), ref("StructParentTree"), next_key))
    doc.Reference(root, "StructTreeRoot")
    doc.Reference(_Raw(lambda _d: b"<</Type /StructElem /S /Document /P %s /K [%s]>>"
                       % (ref("StructTreeRoot"), b" ".join(ref(e.name) for e in top))), "SE0")
    for e in elements:
        parent = e.parent.name if e.parent is not None else "SE0"
        doc.Reference(_Raw(element_bytes(e, parent)), e.name)
    _parent_tree(doc, entries, ref)
    return root


def _prune(e: Tag) -> bool:
    """Drop elements that ended up with no content (a sequence taken back); True if e stays."""
    e.kids = [k for k in e.kids if not isinstance(k, Tag) or _prune(k)]
    return bool(e.kids)


def _set_struct_parent(annotation: Any, key: int) -> None:
    if isinstance(annotation, pdfdoc.LinkAnnotation):
        annotation.otherkw["StructParent"] = key
    else:
        annotation["StructParent"] = key


def _parent_tree(doc: Any, entries: list[tuple[int, Any]], ref: Any) -> None:
    def value(v: Any) -> bytes:
        if isinstance(v, list):
            return b"[" + b" ".join(ref(e.name) for e in v) + b"]"
        return ref(v.name)  # type: ignore[no-any-return]

    def nums(chunk: list[tuple[int, Any]]) -> bytes:
        return b" ".join(b"%d %s" % (key, value(v)) for key, v in chunk)

    if len(entries) <= _NUMS_PER_LEAF:
        doc.Reference(_Raw(lambda _d: b"<</Nums [" + nums(entries) + b"]>>"), "StructParentTree")
        return
    leaves: list[str] = []
    for start in range(0, len(entries), _NUMS_PER_LEAF):
        chunk = entries[start:start + _NUMS_PER_LEAF]
        name = f"StructParentTree.{len(leaves)}"

        def leaf(_d: Any, chunk: list[tuple[int, Any]] = chunk) -> bytes:
            return (b"<</Limits [%d %d] /Nums [" % (chunk[0][0], chunk[-1][0])
                    + nums(chunk) + b"]>>")

        doc.Reference(_Raw(leaf), name)
        leaves.append(name)
    doc.Reference(_Raw(lambda _d: b"<</Kids [" + b" ".join(ref(n) for n in leaves) + b"]>>"),
                  "StructParentTree")


# -- metadata and fonts ----------------------------------------------------------------------------


def _xmp(doc: Any) -> bytes:
    """The XMP packet: the Info dictionary's words, the language, and the PDF/UA claim."""
    info = doc.info
    lang = doc.Catalog.Lang
    language = getattr(lang, "s", lang) or "x-default"
    ts = doc._timeStamp
    year, month, day, hour, minute, second = ts.YMDhms
    when = (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{ts.dhh:+03d}:{ts.dmm:02d}")

    def alt(text: str) -> str:
        return (f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>')

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


_BFCHAR = re.compile(r"\d+ beginbfchar\n(.*?)\nendbfchar", re.DOTALL)
_PAIR = re.compile(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")


def _repair_tounicode(doc: Any) -> None:
    """ReportLab's subset ToUnicode maps send every unused code to U+0000 (a PDF/UA checker
    rejects that) and write up to 256 entries in one block (the CMap limit is 100). Rewrite
    them without the zero entries, in blocks of at most 100."""
    for name, obj in doc.idToObject.items():
        if name.startswith("toUnicodeCMap:"):
            obj.content = _clean_cmap(obj.content)


def _clean_cmap(cmap: str) -> str:
    found = _BFCHAR.search(cmap)
    if found is None:
        return cmap
    pairs = [(c, u) for c, u in _PAIR.findall(found.group(1)) if int(u, 16) != 0]
    blocks = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start:start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n"
                      + "\n".join(f"<{c}> <{u}>" for c, u in chunk) + "\nendbfchar")
    return cmap[:found.start()] + "\n".join(blocks) + cmap[found.end():]


# -- the file, with object streams -----------------------------------------------------------------


def _format_packed(doc: Any) -> bytes:
    """Like `PDFDocument.format`, but every object that is not a stream goes into compressed
    object streams, and the cross-reference table is a stream (PDF 1.5 and later)."""
    doc.encrypt.prepare(doc)
    if doc.encrypt.info() is not None:
        raise ValueError("tagged output is never encrypted")
    catalog, info = doc.Reference(doc.Catalog), doc.Reference(doc.info)
    out = pdfdoc.PDFFile(doc._pdfVersion)
    number_to_id, id_to_object = doc.numberToId, doc.idToObject
    offsets: dict[int, int] = {}
    packed: list[tuple[int, bytes]] = []
    number = 0
    while True:
        number += 1
        if number not in number_to_id:
            break
        doc.encrypt.register(number, 0)
        body = pdfdoc.format(id_to_object[number_to_id[number]], doc, toplevel=1)
        if body.endswith(b"endstream\n"):
            offsets[number] = out.add(b"%d 0 obj\n%sendobj\n" % (number, body))
        else:
            packed.append((number, body))
    where: dict[int, tuple[int, int]] = {}
    for start in range(0, len(packed), _OBJECTS_PER_STREAM):
        chunk = packed[start:start + _OBJECTS_PER_STREAM]
        header, bodies, at = [], [], 0
        for index, (num, body) in enumerate(chunk):
            header.append(b"%d %d" % (num, at))
            bodies.append(body)
            at += len(body) + 1
            where[num] = (number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n")
        offsets[number] = out.add(
            b"%d 0 obj\n<</Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d>>\n"
            b"stream\n%s\nendstream\nendobj\n" % (number, len(chunk), len(head), len(data), data))
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
            stream, index = where[num]
            rows.append(b"\x02" + stream.to_bytes(4, "big") + index.to_bytes(2, "big"))
    data = zlib.compress(b"".join(rows))
    ids = re.search(rb"\[[^\]]*\]", doc.ID())
    assert ids is not None
    out.add(b"%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root %s /Info %s /ID %s"
            b" /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream\nendobj\n"
            % (number, size, catalog.format(doc), info.format(doc), ids.group(0), len(data), data))
    out.add(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.format(doc)  # type: ignore[no-any-return]
