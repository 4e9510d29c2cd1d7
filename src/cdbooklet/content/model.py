"""The content as plain data: a booklet, its therapies and the clinic's branding.

Load builds these; layout reads them. Frozen dataclasses of str, tuple, date and Path only: no
dicts, no ReportLab types, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from cdbooklet.text.breaks import count_words
from cdbooklet.text.labels import DEFAULT_LANGUAGE_HELP

PageSize = Literal["letter", "a4", "a5", "half-letter"]
PAGE_SIZES: tuple[PageSize, ...] = ("letter", "a4", "a5", "half-letter")
Flow = Literal["page-per-therapy", "compact"]
FLOWS: tuple[Flow, ...] = ("page-per-therapy", "compact")
"""How a booklet's therapies follow each other: each from a new page, or one under another."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value was typed: a file and a 1-based line (0 when unknown)."""

    path: Path
    line: int = 0


@dataclass(frozen=True, slots=True)
class Reference:
    """A source printed small at the end of a section or handout."""

    text: str
    """What to cite, e.g. "Dystonia Medical Research Foundation. Treatments. 2024"."""
    url: str | None = None
    """Where to read it, an http(s) address."""


TranslationStatus = Literal["draft", "reviewed"]
TRANSLATION_STATUSES: tuple[TranslationStatus, ...] = ("draft", "reviewed")


@dataclass(frozen=True, slots=True)
class Translation:
    """What a file of a translated edition translates, and whether it was checked."""

    source: str
    """The file it translates, relative to itself (../../therapies/acupuncture.yaml)."""
    source_hashes: tuple[tuple[str, str], ...]
    """The source's text when it was translated, field by field: (key, digest)."""
    status: TranslationStatus
    """draft (machine-made or not yet checked) or reviewed (by a qualified translator)."""
    reviewed_by: str | None = None
    reviewed_on: date | None = None

    @property
    def is_draft(self) -> bool:
        return self.status != "reviewed"


@dataclass(frozen=True, slots=True)
class Therapy:
    """One therapy: a section of the booklet, or a handout of its own."""

    id: str
    """The file name without `.yaml`, e.g. physical-therapy."""
    title: str
    """The heading, e.g. "Physical Therapy"."""
    summary: str
    """One plain sentence saying what it is."""
    body: tuple[str, ...]
    """Paragraphs of text, with `**bold**`, `*italic*` and `[text](https://…)`."""
    tips: tuple[str, ...] = ()
    """"Getting started" points."""
    cautions: tuple[str, ...] = ()
    """Points completing "Talk to your care team first if…"."""
    questions: tuple[str, ...] = ()
    """Questions to ask your provider."""
    references: tuple[Reference, ...] = ()
    """Sources."""
    reviewed: date | None = None
    """When a clinician last checked the text."""
    translation: Translation | None = None
    """In a translated edition: what this file translates."""
    source: Source = field(default_factory=lambda: Source(Path()))
    """The therapy's file."""
    lines: tuple[tuple[str, int], ...] = ()
    """Line of each key in the file (e.g. ("body", 4), ("tips.2", 12)), for messages."""

    def where(self, key: str) -> Source:
        """The place a key (or a list item, "tips.2") was typed, for a warning."""
        return _where(self.source, self.lines, key)

    @property
    def texts(self) -> tuple[str, ...]:
        """What a reader reads of it, as typed (inline markup and all): summary, body, tips,
        cautions and questions."""
        return (self.summary, *self.body, *self.tips, *self.cautions, *self.questions)

    @property
    def words(self) -> int:
        """How many words a reader meets in this therapy (in Chinese and Japanese, characters;
        see `text.breaks.count_words`)."""
        return sum(count_words(t) for t in self.texts)


@dataclass(frozen=True, slots=True)
class Contact:
    """How patients reach the clinic."""

    name: str
    """The clinic's name: cover, running header, PDF author."""
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    site_url: str | None = None
    """Where the clinic publishes the HTML edition."""


@dataclass(frozen=True, slots=True)
class Branding:
    """The clinic's look: name and contact, logo, colours, font and paper."""

    contact: Contact
    logo: Path | None = None
    """An absolute path to a PNG or JPEG inside the content directory."""
    logo_alt: str = ""
    """The logo's text alternative."""
    primary: str = "#1F5C99"
    """Headings, rules and the cover, as #RRGGBB."""
    accent: str = "#E8A33D"
    """Tints and highlights, as #RRGGBB."""
    font: str = "Atkinson Hyperlegible"
    """A family from fonts/."""
    paper: PageSize = "letter"
    """The default page size."""
    translation: Translation | None = None
    """In a translated edition: what this file translates."""
    source: Source = field(default_factory=lambda: Source(Path()))
    lines: tuple[tuple[str, int], ...] = ()

    def where(self, key: str) -> Source:
        return _where(self.source, self.lines, key)


@dataclass(frozen=True, slots=True)
class Booklet:
    """The booklet-level text and the therapies in reading order."""

    title: str
    language: str
    """A BCP 47 tag such as en or es."""
    disclaimer: str
    """The integrative-care disclaimer, printed in full."""
    therapies: tuple[Therapy, ...]
    subtitle: str | None = None
    intro: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    footer: str | None = None
    """The short disclaimer for every page footer; None means the language's default."""
    published: date | None = None
    review_by: date | None = None
    flow: Flow = "page-per-therapy"
    """Each therapy from a new page, or "compact": one under another where it fits."""
    packs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Handout packs: (name, therapy ids), in the order typed; each id names a therapy."""
    language_help: tuple[str, ...] = DEFAULT_LANGUAGE_HELP
    """The languages of the language-help page (language tags); () leaves it out."""
    translation: Translation | None = None
    """In a translated edition: what this file translates."""
    source: Source = field(default_factory=lambda: Source(Path()))
    lines: tuple[tuple[str, int], ...] = ()

    def where(self, key: str) -> Source:
        return _where(self.source, self.lines, key)

    def therapy(self, therapy_id: str) -> Therapy | None:
        return next((t for t in self.therapies if t.id == therapy_id), None)

    def pack(self, name: str) -> tuple[str, ...] | None:
        """A pack's therapy ids by its name (case and spacing as typed matter little), or
        None."""
        wanted = " ".join(name.split()).casefold()
        return next((ids for n, ids in self.packs if n.casefold() == wanted), None)


@dataclass(frozen=True, slots=True)
class Content:
    """A whole content directory, loaded and checked."""

    root: Path
    booklet: Booklet
    branding: Branding
    files: tuple[Path, ...] = ()
    """Every file load read (the YAML files and the logo), in the order it read them: what a
    build's output is made from."""


def _where(source: Source, lines: tuple[tuple[str, int], ...], key: str) -> Source:
    found = dict(lines)
    # A list item falls back to its list's line, a key to the file.
    for candidate in (key, key.split(".")[0]):
        if candidate in found:
            return Source(source.path, found[candidate])
    return source
