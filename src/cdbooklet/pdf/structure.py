"""The structure a tagged PDF declares: elements (`Tag`), link references and artifacts.

Layout gives every flowable that carries meaning a `Tag` when it makes it (a role such as P, H2,
LBody or Figure, and a parent Tag). Tags are made once, with the story, so they keep their
identity while the story is laid out; a Tag with no parent hangs under the Document element. The
tagging canvas (`canvas.TaggingCanvas`) records on each Tag what it holds, and the writer
(`writer`) writes them out as the structure tree. Plain Python: it imports nothing.
"""

from __future__ import annotations

from typing import Any

_CONTAINERS = frozenset({"Document", "Sect", "Div", "L", "LI", "TOC", "TOCI", "Reference"})
"""Roles that only group other elements: opening one starts no marked-content sequence."""


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
REPEATED = Artifact("Pagination")
"""Text repeated where a block runs on to the next page (a box's heading, "(continued)"): a
screen reader has already read it once, where the block starts."""
