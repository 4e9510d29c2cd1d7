"""Several handouts as one PDF to print: each handout starts on a front, so a stack printed on
both sides comes apart into handouts. pypdf's public API, and `pdf.objects` to add an object.

Tagged handouts stay tagged: the merged PDF has one structure tree, a Document whose parts
(`Part`, one per handout, in print order) are each handout's own tree, with every page's and
link's key in the parent tree moved past the handouts before it. Marked-content ids are counted
per page, so the content streams are copied as they are. The catalog says what a PDF/UA-1
reader looks for: /MarkInfo, /Lang, the title shown in the window and XMP metadata with the
title and the PDF/UA part. Each handout keeps its own "Page 1 of 2" and its outline entry.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from cdbooklet.pdf.objects import add_object
from cdbooklet.press.tagged import mark_tagged, number_tree


def merge_handouts(
    handouts: Sequence[tuple[bytes, int]], *, title: str, author: str, language: str
) -> tuple[bytes, int]:
    """The handouts (each its PDF bytes and page count) as one PDF, with a blank back after a
    handout of an odd number of pages; and the merged page count. When every handout is
    tagged, so is the merged PDF."""
    readers = [PdfReader(io.BytesIO(data)) for data, _pages in handouts]
    is_tagged = bool(readers) and all("/StructTreeRoot" in r.root_object for r in readers)
    writer = PdfWriter()
    parts: list[IndirectObject] = []
    nums: list[PdfObject] = []
    next_key = 0
    for i, (reader, (_data, pages)) in enumerate(zip(readers, handouts, strict=True)):
        first = len(writer.pages)
        if is_tagged:
            offset = next_key
            tree = cast(DictionaryObject, reader.root_object["/StructTreeRoot"].get_object())
            next_key += int(cast(Any, tree.get("/ParentTreeNextKey", 0)))
            document = cast(DictionaryObject, cast(Any, tree["/K"]).get_object())
            # Detached from its old root before it is copied, so the copy does not drag the old
            # root (and its parent tree) along; re-attached below.
            del document[NameObject("/P")]
        for page in reader.pages:
            added = writer.add_page(page)
            if is_tagged and "/StructParents" in page:
                key = int(cast(Any, page["/StructParents"])) + offset
                added[NameObject("/StructParents")] = NumberObject(key)
            if is_tagged:
                for item in cast(Any, added.get("/Annots", ())) or ():
                    annot = cast(DictionaryObject, item.get_object())
                    if "/StructParent" in annot:
                        key = int(cast(Any, annot["/StructParent"])) + offset
                        annot[NameObject("/StructParent")] = NumberObject(key)
        if is_tagged:
            copied: Any = document.clone(writer)
            part_object = cast(DictionaryObject, copied.get_object())
            part_object[NameObject("/S")] = NameObject("/Part")
            parts.append(_indirect(writer, copied))
            parent_tree = cast(DictionaryObject, cast(Any, tree["/ParentTree"]).get_object())
            for key, value in number_tree(parent_tree):
                nums += [NumberObject(key + offset), value.clone(writer)]
        title_of = reader.metadata.title if reader.metadata else None
        if title_of:
            writer.add_outline_item(title=str(title_of), page_number=first)
        if pages % 2 and i < len(handouts) - 1:
            writer.add_blank_page()
    writer.add_metadata({"/Title": title, "/Author": author})
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(language)
    if is_tagged:
        tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        tree_ref = add_object(writer, tree)
        document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): tree_ref,
                NameObject("/K"): ArrayObject(parts),
            }
        )
        document_ref = add_object(writer, document)
        for reference in parts:
            cast(DictionaryObject, reference.get_object())[NameObject("/P")] = document_ref
        tree[NameObject("/K")] = document_ref
        tree[NameObject("/ParentTree")] = add_object(
            writer, DictionaryObject({NameObject("/Nums"): ArrayObject(nums)})
        )
        tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
        mark_tagged(writer, tree_ref, title=title, author=author, language=language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def _indirect(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """A reference in `writer` to a copied object (copies of indirect objects are references
    already)."""
    if isinstance(obj, IndirectObject):
        return obj
    reference = getattr(obj, "indirect_reference", None)
    if isinstance(reference, IndirectObject) and reference.pdf is writer:
        return reference
    return add_object(writer, obj)
