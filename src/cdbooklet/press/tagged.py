"""Keeping a tagged PDF tagged after the press: the structure tree a screen reader follows,
carried into an imposed PDF, and the XMP metadata a PDF/UA-1 reader looks for. pypdf's public
API, and `pdf.objects` to add an object.

An imposed sheet draws each source page as a Form XObject, so the page's marked content (its
MCIDs) is intact inside the form. The source's structure tree is copied with every reference to
that content pointing into the form: a marked-content reference names the form (`/Stm`) and the
sheet it is drawn on (`/Pg`), each form says which entry of the parent tree is its own
(`/StructParents`), and the tree keeps the booklet's reading order, whatever order the sheets
put the pages in. Annotations do not reach the sheets (links do not print), so references to
them are left out of the copy.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from xml.sax.saxutils import escape

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
)

from cdbooklet.pdf.objects import add_object

Placement = tuple[IndirectObject, IndirectObject, int | None]
"""Where a source page went: the sheet page it is drawn on, the form holding its content, and
the page's key in the parent tree (its /StructParents), if it has one."""


def carry_structure(
    writer: PdfWriter,
    tree: DictionaryObject,
    placements: dict[int, Placement],
    *,
    title: str,
    author: str,
    language: str,
) -> None:
    """Copy the source's structure tree (`tree`, its /StructTreeRoot) into `writer`, whose sheets
    draw the source pages; `placements` maps each source page's object number to where it went.
    Also marks the catalog as tagged, with XMP metadata."""
    copier = _Copier(writer, placements)
    new_tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree_ref = add_object(writer, new_tree)
    kids = tree.get("/K")
    if kids is not None:
        new_tree[NameObject("/K")] = copier.kids(kids.get_object(), tree_ref)
    # Each form's entry in the parent tree: the elements that own its MCIDs, in MCID order (the
    # page's own entry, since the form holds exactly the page's content).
    parents = (
        dict(number_tree(cast(DictionaryObject, cast(Any, tree["/ParentTree"]).get_object())))
        if "/ParentTree" in tree
        else {}
    )
    nums: list[PdfObject] = []
    for _sheet, form, key in sorted(placements.values(), key=lambda p: p[2] or 0):
        if key is None or key not in parents:
            continue
        owners = parents[key].get_object()
        if not isinstance(owners, ArrayObject):
            continue
        cast(DictionaryObject, form.get_object())[NameObject("/StructParents")] = NumberObject(key)
        copied = ArrayObject(copier.copied.get(_number(owner), tree_ref) for owner in owners)
        nums += [NumberObject(key), copied]
    new_tree[NameObject("/ParentTree")] = add_object(
        writer, DictionaryObject({NameObject("/Nums"): ArrayObject(nums)})
    )
    next_key = int(tree.get("/ParentTreeNextKey", 0))
    new_tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    for name in ("/RoleMap", "/ClassMap"):
        if name in tree:
            new_tree[NameObject(name)] = tree[name].clone(writer)
    mark_tagged(writer, tree_ref, title=title, author=author, language=language)


def mark_tagged(
    writer: PdfWriter, tree: IndirectObject, *, title: str, author: str, language: str
) -> None:
    """The catalog entries of a tagged PDF: the structure tree, /MarkInfo, the title shown in
    the window, and XMP metadata."""
    root = writer.root_object
    root[NameObject("/StructTreeRoot")] = tree
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    metadata = DecodedStreamObject()
    metadata.set_data(xmp(title=title, author=author, language=language).encode("utf-8"))
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Metadata")] = add_object(writer, metadata)


def xmp(*, title: str, author: str, language: str, when: date | None = None) -> str:
    """XMP metadata for a tagged PDF made here: its title, author and language, and the claim
    to PDF/UA-1 (pdfuaid:part) that a checker reads."""
    stamp = f"<xmp:CreateDate>{when.isoformat()}T00:00:00+00:00</xmp:CreateDate>" if when else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
   {stamp}
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


class _Copier:
    """Copies structure elements, pointing their content at the sheets and forms."""

    def __init__(self, writer: PdfWriter, placements: dict[int, Placement]) -> None:
        self.writer = writer
        self.placements = placements
        self.copied: dict[int, IndirectObject] = {}
        """Source element's object number -> its copy."""

    def kids(self, kids: PdfObject, parent: IndirectObject) -> PdfObject:
        if isinstance(kids, ArrayObject):
            return ArrayObject(k for k in (self.kid(item, parent, None) for item in kids) if k)
        return self.kid(kids, parent, None) or ArrayObject()

    def kid(
        self, item: PdfObject, parent: IndirectObject, page: IndirectObject | None
    ) -> PdfObject | None:
        """One kid of an element: an element, a marked-content id, a marked-content reference
        or an object reference (left out)."""
        resolved = item.get_object()
        if isinstance(resolved, int):
            return self.mcr(int(resolved), page)
        if not isinstance(resolved, DictionaryObject):
            return None
        kind = resolved.get("/Type")
        if kind == "/OBJR":
            return None
        if kind == "/MCR":
            where = resolved.get("/Pg", page)
            return self.mcr(int(cast(Any, resolved["/MCID"])), where)
        return self.element(item, resolved, parent)

    def element(
        self, item: PdfObject, source: DictionaryObject, parent: IndirectObject
    ) -> IndirectObject:
        copy = DictionaryObject()
        reference = add_object(self.writer, copy)
        if isinstance(item, IndirectObject):
            self.copied[item.idnum] = reference
        for key, value in source.items():
            if key in ("/P", "/K", "/Pg"):
                continue
            copy[NameObject(key)] = value.clone(self.writer)
        copy[NameObject("/P")] = parent
        page = source.get("/Pg")
        placed = self.placed(page)
        if placed is not None:
            copy[NameObject("/Pg")] = placed[0]
        kids = source.get("/K")
        if kids is not None:
            resolved = kids.get_object()
            items = list(resolved) if isinstance(resolved, ArrayObject) else [kids]
            copied = [k for k in (self.kid(i, reference, page) for i in items) if k is not None]
            sheet = copy.get("/Pg")
            for kid in copied:
                # A reference on the element's own sheet need not name it again (smaller files).
                if isinstance(kid, DictionaryObject) and kid.get("/Pg") == sheet:
                    del kid[NameObject("/Pg")]
            copy[NameObject("/K")] = ArrayObject(copied)
        return reference

    def mcr(self, mcid: int, page: PdfObject | None) -> PdfObject | None:
        placed = self.placed(page)
        if placed is None:
            return None
        sheet, form, _key = placed
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/MCR"),
                NameObject("/Pg"): sheet,
                NameObject("/Stm"): form,
                NameObject("/MCID"): NumberObject(mcid),
            }
        )

    def placed(self, page: PdfObject | None) -> Placement | None:
        if not isinstance(page, IndirectObject):
            return None
        return self.placements.get(page.idnum)


def number_tree(node: DictionaryObject) -> list[tuple[int, PdfObject]]:
    """A number tree's (key, value) pairs (a parent tree's), from its leaves (/Nums) through
    any /Kids, in the order stored."""
    found: list[tuple[int, PdfObject]] = []
    nums = node.get("/Nums")
    if nums is not None:
        items = list(nums.get_object())
        found += [(int(items[i]), items[i + 1]) for i in range(0, len(items) - 1, 2)]
    for kid in node.get("/Kids", ()) or ():
        found += number_tree(kid.get_object())
    return found


def _number(item: PdfObject) -> int:
    return item.idnum if isinstance(item, IndirectObject) else -1
