"""Every content key, declared once: its name, kind, whether it is required, its length limit,
what to write, what it is for, an example, and whether it is printed.

The loader reads each key by its kind (`load`), the JSON Schema describes it (`schema`),
docs/content.md lists it (`reference_markdown`, checked by a test), `check` looks for characters
no font can print in every printed key (`build.checks`), and tests hold the model's fields and
the starter folder's files to these declarations. Adding a key is one `Key(...)` here and one
model field; the tests name whatever else is then out of date.

Plain data: never imports ReportLab.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from cdbooklet.content.model import FLOWS

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""A therapy id: its file name without .yaml."""
PACK_NAME_LENGTH = 60
"""The most characters a pack's name may have (it is a button on the front desk)."""
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""A BCP 47 language tag such as en, es or zh-Hans."""
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""A date as year-month-day."""


class Kind(enum.Enum):
    """What a key holds: how it is read, checked, described and printed."""

    TEXT = "one line of text"
    """Runs of spaces and line breaks read as one space; may have a length limit."""
    PARAGRAPH = "text, read as one paragraph"
    """Like TEXT, with no length limit: blank lines are run together."""
    PARAGRAPHS = "paragraphs, separated by a blank line"
    """Inline **bold**, *italic* and [links](https://...) allowed."""
    POINTS = "a list of short texts"
    REFERENCES = "a list of sources, each with text: and, if online, url:"
    DATE = "a date, year-month-day"
    LANGUAGE = "a language code (BCP 47)"
    LANGUAGES = "a list of language codes (BCP 47)"
    """An empty list ([]) means none, not the default."""
    IDS = "a list of therapy ids"
    PACKS = "named lists of therapy ids"
    """Each name on its own line, followed by its ids as a list."""
    URL = "a web address starting with https://"
    COLOUR = 'a colour as "#RRGGBB", in quotes'
    ASSET = "a PNG or JPEG file inside the content folder"
    FONT = "a font family from the fonts folder"
    PAPER = "letter, a4, a5 or half-letter"
    CHOICE = "one of a few fixed words"
    """The words are the key's `choices`."""
    HASHES = "a group of keys, each a digest (cdbooklet writes it)"
    GROUP = "a group of keys, each on its own indented line"

    @property
    def is_text(self) -> bool:
        """Whether its value is typed text a reader sees (and may hold inline markup)."""
        return self in (Kind.TEXT, Kind.PARAGRAPH, Kind.PARAGRAPHS, Kind.POINTS, Kind.REFERENCES)


@dataclass(frozen=True, slots=True)
class Key:
    """One key a content file may hold."""

    name: str
    kind: Kind
    hint: str
    """What to write, in everyday words ("a date like 2025-03-01"): used in messages when the
    value is wrong or missing, and in the schema."""
    meaning: str
    """What it is for, in a sentence for a content editor (the schema and docs/content.md)."""
    example: str
    """A value as it would be typed in YAML, for docs/content.md."""
    is_required: bool = False
    max_length: int | None = None
    """The most characters a one-line value may have, counted as printed (runs of spaces as
    one). Layout cannot split the cover band, a therapy's heading and summary, the contents
    rows, the running header or the footer over pages, so a longer one can be taller than a
    page. Each limit was checked by building: the field alone at its limit, in capitals and in
    ordinary words, with the rest of the shipped content (English and Spanish) as it is, as a
    booklet and as handouts on A5 and half-letter in large print (the least room per line)."""
    is_printed: bool = False
    """Whether the booklet or a handout prints it, so `check` looks for characters no bundled
    font has in it (as layout does while setting it)."""
    field: str | None = None
    """The model's attribute for it, when that is not `name` (clinic -> Branding.contact)."""
    keys: tuple[Key, ...] = ()
    """A group's keys."""
    is_flat: bool = False
    """A group whose keys are fields of the file's own model (colors.primary -> primary)."""
    choices: tuple[str, ...] = ()
    """A CHOICE key's words, the first the default."""

    @property
    def attribute(self) -> str:
        """The model attribute that holds the value."""
        return self.field or self.name

    @property
    def holds(self) -> str:
        """What the value is, in words ("page-per-therapy or compact" for a choice)."""
        if self.choices:
            return ", ".join(self.choices[:-1]) + " or " + self.choices[-1]
        return self.kind.value


@dataclass(frozen=True, slots=True)
class FileKind:
    """One kind of content file and the keys it may hold."""

    name: str
    """"booklet", "branding" or "therapy"."""
    file: str
    """Where it is in a content folder."""
    title: str
    about: str
    keys: tuple[Key, ...]

    def key(self, name: str) -> Key:
        """A top-level key by name ("clinic"), or a group's key by dotted name ("clinic.name")."""
        group, _, inner = name.partition(".")
        found = next(k for k in self.keys if k.name == group)
        return next(k for k in found.keys if k.name == inner) if inner else found

    @property
    def names(self) -> dict[str, Key]:
        """The top-level keys by name, in the order they are declared."""
        return {k.name: k for k in self.keys}


TRANSLATION_KEYS = (
    Key(
        name="source",
        kind=Kind.TEXT,
        hint="the file this one translates, like ../../therapies/acupuncture.yaml",
        meaning="The source file, relative to this one: in the content folder this edition "
        "sits in.",
        example="../../therapies/acupuncture.yaml",
        is_required=True,
        max_length=500,
    ),
    Key(
        name="source_hashes",
        kind=Kind.HASHES,
        hint="the source's text as digests, key by key (cdbooklet translate writes them)",
        meaning="The source's text when it was translated: `cdbooklet check` names each key "
        "whose text has changed since. `cdbooklet translations --mark-current` updates them.",
        example="\n    title: 4c1f0b9a2e7d\n    body: 9a0d7c3e51b2",
        is_required=True,
    ),
    Key(
        name="status",
        kind=Kind.CHOICE,
        hint="draft or reviewed",
        meaning="draft: machine-made, or not yet checked by a qualified translator (every page "
        "then says so, and `build --strict` refuses it); reviewed: checked by the translator "
        "named in reviewed_by.",
        example="draft",
        is_required=True,
        choices=("draft", "reviewed"),
    ),
    Key(
        name="reviewed_by",
        kind=Kind.TEXT,
        hint="the name of the qualified translator who checked it",
        meaning="Who checked the translation; required once the status is reviewed.",
        example="Ana López",
        max_length=150,
    ),
    Key(
        name="reviewed_on",
        kind=Kind.DATE,
        hint="a date like 2026-12-01",
        meaning="When the translation was checked; required once the status is reviewed.",
        example="2026-12-01",
    ),
)
"""A translated file's translation: keys (the model's Translation)."""

TRANSLATION = Key(
    name="translation",
    kind=Kind.GROUP,
    hint="source:, source_hashes: and status: (cdbooklet translate writes them)",
    meaning="Only in a translated edition (a folder such as content/es): which file this "
    "translates, the source's text when it was translated, and whether a qualified translator "
    "has checked it.",
    example="",
    keys=TRANSLATION_KEYS,
)
"""The same key in every kind of file."""

_POINT = 'a list of short points, each on a line starting with "- "'
_PRINTED_CONTACT = "Printed on the back cover and every handout."

THERAPY = FileKind(
    "therapy",
    "therapies/<id>.yaml",
    "cdbooklet therapy file (therapies/<id>.yaml)",
    "One therapy; its id is the file name without .yaml.",
    (
        Key(
            name="title",
            kind=Kind.TEXT,
            hint='a heading, like "Physical Therapy"',
            meaning="The heading of the therapy's section and handout.",
            example="Physical Therapy",
            is_required=True,
            max_length=150,
            is_printed=True,
        ),
        Key(
            name="summary",
            kind=Kind.TEXT,
            hint="one plain sentence saying what the therapy is",
            meaning="Printed under the heading, in the contents and in `cdbooklet list`.",
            example=(
                "A physical therapist teaches you exercises that help your neck move more easily."
            ),
            is_required=True,
            max_length=250,
            is_printed=True,
        ),
        Key(
            name="body",
            kind=Kind.PARAGRAPHS,
            hint="the main text, paragraphs separated by a blank line",
            meaning="Inline **bold**, *italic* and [links](https://...) are allowed.",
            example="|\n  A physical therapist can teach you stretches for your neck.\n\n"
            "  Most people go to a few sessions.",
            is_required=True,
            is_printed=True,
        ),
        Key(
            name="tips",
            kind=Kind.POINTS,
            hint=_POINT,
            meaning='Printed under "Getting started".',
            example="\n  - Ask your care team for a referral.",
            is_printed=True,
        ),
        Key(
            name="cautions",
            kind=Kind.POINTS,
            hint=_POINT,
            meaning='Each point completes "Talk to your care team first if...".',
            example="\n  - you have had surgery on your neck or spine.",
            is_printed=True,
        ),
        Key(
            name="questions",
            kind=Kind.POINTS,
            hint='a list of questions, each on a line starting with "- "',
            meaning='Printed under "Questions to ask your provider".',
            example="\n  - Which exercises are right for me?",
            is_printed=True,
        ),
        Key(
            name="references",
            kind=Kind.REFERENCES,
            hint="a list of sources, each with text: and url:",
            meaning="Printed small at the end of the therapy.",
            example="\n  - text: Dystonia Medical Research Foundation. Treatments. 2024\n"
            "    url: https://dystonia-foundation.org/",
            is_printed=True,
        ),
        Key(
            name="reviewed",
            kind=Kind.DATE,
            hint="a date like 2025-03-01",
            meaning="When a clinician last checked this text; `cdbooklet check` warns when it "
            "is more than two years ago.",
            example="2025-03-01",
        ),
        TRANSLATION,
    ),
)

BOOKLET = FileKind(
    "booklet",
    "booklet.yaml",
    "cdbooklet booklet.yaml",
    "Booklet-level text: title, language, introduction, closing, disclaimer, order and dates.",
    (
        Key(
            name="title",
            kind=Kind.TEXT,
            hint="the booklet's title, shown on the cover",
            meaning="It is also the PDF's title.",
            example="Complementary Therapies for Cervical Dystonia",
            is_required=True,
            max_length=150,
            is_printed=True,
        ),
        Key(
            name="subtitle",
            kind=Kind.TEXT,
            hint="a short line under the title",
            meaning="Printed on the cover.",
            example="A guide for patients and families",
            max_length=200,
            is_printed=True,
        ),
        Key(
            name="language",
            kind=Kind.LANGUAGE,
            hint="a language code such as en or es",
            meaning="It sets the printed labels (Contents, Page X of Y) and the PDF's language.",
            example="en",
            is_required=True,
        ),
        Key(
            name="intro",
            kind=Kind.PARAGRAPHS,
            hint="paragraphs separated by a blank line",
            meaning="The opening text, printed before the therapies.",
            example="|\n  This booklet explains some therapies in plain words.",
            is_printed=True,
        ),
        Key(
            name="closing",
            kind=Kind.PARAGRAPHS,
            hint="paragraphs separated by a blank line",
            meaning="A short message printed after the therapies.",
            example="|\n  Thank you for reading.",
            is_printed=True,
        ),
        Key(
            name="disclaimer",
            kind=Kind.PARAGRAPH,
            hint="the integrative-care disclaimer, printed in full",
            meaning="Every booklet and handout carries it; it must not be empty.",
            example="|\n  Talk to your care team before you try a new therapy.",
            is_required=True,
            is_printed=True,
        ),
        Key(
            name="footer",
            kind=Kind.TEXT,
            hint="one short sentence for the foot of every page",
            meaning="The short form of the disclaimer; leave it out for a standard sentence in the "
            "booklet's language.",
            example="General information only. Talk to your care team before you try any therapy.",
            max_length=150,
            is_printed=True,
        ),
        Key(
            name="order",
            kind=Kind.IDS,
            hint="a list of therapy ids (file names without .yaml)",
            meaning="The order of the therapies in the booklet; leave it out for alphabetical "
            "order by title.",
            example="\n  - physical-therapy\n  - acupuncture",
            field="therapies",
        ),
        Key(
            name="packs",
            kind=Kind.PACKS,
            hint="named sets of therapy ids: each name on its own line, then its ids, "
            'each on a line starting with "- "',
            meaning="Handout packs: sets of therapies often printed together, offered as "
            "one-click choices on the front desk (`cdbooklet serve`) and printed with "
            "`cdbooklet handout --pack NAME`. A name (up to 60 characters) is shown to staff, "
            "never printed.",
            example='\n  "New diagnosis":\n    - physical-therapy\n'
            "    - mindfulness-and-meditation",
        ),
        Key(
            name="language_help",
            kind=Kind.LANGUAGES,
            hint="a list of language codes such as zh-Hant, vi, ko, each on a line starting "
            'with "- "',
            meaning="The languages of the language-help page before the back cover: for each, "
            '"Free language help is available. Call PHONE." in that language and script, '
            "with the clinic's phone, and one line on every handout. Leave it out for the 15 "
            "languages most often spoken in the US by people who speak English less than very "
            "well (see docs/language-help.md), the booklet's own language left out and "
            "English first in a booklet in another language; [] leaves the page out. Needs "
            "clinic.phone.",
            example="\n  - zh-Hant\n  - vi\n  - ko",
        ),
        Key(
            name="published",
            kind=Kind.DATE,
            hint="a date like 2025-03-01",
            meaning="The day the booklet was published, printed on the back cover and handouts.",
            example="2026-11-01",
        ),
        Key(
            name="review_by",
            kind=Kind.DATE,
            hint="a date like 2027-03-01",
            meaning="The day by which a clinician should check the text again; "
            "`cdbooklet check` warns once it has passed.",
            example="2028-11-01",
        ),
        Key(
            name="flow",
            kind=Kind.CHOICE,
            hint="page-per-therapy or compact",
            meaning="How the therapies follow each other: page-per-therapy (when left out) starts "
            "each on a new page; compact starts one under the one before when its heading and "
            "first lines fit, and lets a box run on to the next page, to use less paper. "
            "`--flow` overrides it.",
            example="compact",
            choices=FLOWS,
        ),
        TRANSLATION,
    ),
)

CLINIC = (
    Key(
        name="name",
        kind=Kind.TEXT,
        hint="the clinic's name",
        meaning="On the cover, at the top of every page and as the PDF's author.",
        example="Riverside Clinic",
        is_required=True,
        max_length=150,
        is_printed=True,
    ),
    Key(
        name="address",
        kind=Kind.TEXT,
        hint="the clinic's postal address on one line",
        meaning=_PRINTED_CONTACT,
        example="12 River Road, Springfield, 01101",
        max_length=300,
        is_printed=True,
    ),
    Key(
        name="phone",
        kind=Kind.TEXT,
        hint="a phone number",
        meaning=_PRINTED_CONTACT,
        example='"+1 555 0100"',
        max_length=50,
        is_printed=True,
    ),
    Key(
        name="email",
        kind=Kind.TEXT,
        hint="an email address",
        meaning=_PRINTED_CONTACT,
        example="hello@example.org",
        max_length=254,
        is_printed=True,
    ),
    Key(
        name="website",
        kind=Kind.URL,
        hint="a web address starting with https://",
        meaning="Printed on the back cover and every handout, with a QR code.",
        example="https://www.example.org",
        max_length=500,
        is_printed=True,
    ),
    Key(
        name="site_url",
        kind=Kind.URL,
        hint="a web address starting with https://",
        meaning="Where the clinic publishes the HTML edition; when set, the QR codes point there "
        "instead of the website.",
        example="https://www.example.org/booklet",
        max_length=500,
    ),
)
"""branding.yaml's clinic: keys (the model's Contact)."""

COLORS = (
    Key(
        name="primary",
        kind=Kind.COLOUR,
        hint='a colour like "#1F5C99", in quotes',
        meaning=(
            "Headings, rules and the cover band: it must be dark enough to read as text on white."
        ),
        example='"#1F5C99"',
    ),
    Key(
        name="accent",
        kind=Kind.COLOUR,
        hint='a colour like "#E8A33D", in quotes',
        meaning="Lines and light box shading, never text.",
        example='"#E8A33D"',
    ),
)
"""branding.yaml's colors: keys (fields of the model's Branding)."""

BRANDING = FileKind(
    "branding",
    "branding.yaml",
    "cdbooklet branding.yaml",
    "The clinic: name, contact details, logo, colours, font and paper size.",
    (
        Key(
            name="clinic",
            kind=Kind.GROUP,
            hint="the clinic's name and contact details",
            meaning="Who the booklets and handouts come from.",
            example="",
            is_required=True,
            field="contact",
            keys=CLINIC,
        ),
        Key(
            name="logo",
            kind=Kind.ASSET,
            hint="a PNG or JPEG file in the content folder, like assets/logo.png",
            meaning="Printed on the cover and every handout.",
            example="assets/logo.png",
        ),
        Key(
            name="logo_alt",
            kind=Kind.TEXT,
            hint="a few words describing the logo",
            meaning="Screen readers read it in place of the logo.",
            example="Riverside Clinic logo",
            max_length=250,
        ),
        Key(
            name="colors",
            kind=Kind.GROUP,
            hint="primary: and accent: colours",
            meaning=(
                "The clinic's colours, as hex codes; leave it out for the standard blue and amber."
            ),
            example="",
            keys=COLORS,
            is_flat=True,
        ),
        Key(
            name="font",
            kind=Kind.FONT,
            hint="a font family from the fonts folder",
            meaning="Leave it out for the bundled legible sans.",
            example="Atkinson Hyperlegible",
        ),
        Key(
            name="paper",
            kind=Kind.PAPER,
            hint="letter, a4, a5 or half-letter",
            meaning="The clinic's usual paper (letter when left out); `--page-size` overrides it.",
            example="letter",
        ),
        TRANSLATION,
    ),
)

FILE_KINDS: tuple[FileKind, ...] = (BOOKLET, BRANDING, THERAPY)
"""Every kind of content file, in the order `cdbooklet schema` prints them."""


def file_kind(name: str) -> FileKind:
    """A kind of file by name: "booklet", "branding" or "therapy"."""
    found = next((f for f in FILE_KINDS if f.name == name), None)
    if found is None:
        names = ", ".join(f.name for f in FILE_KINDS)
        raise ValueError(f"unknown kind of file {name!r}; expected one of {names}")
    return found


def reference_markdown() -> str:
    """docs/content.md: every key of every file, made from the declarations above."""
    out = [
        "# Content keys",
        "",
        "<!-- Made by `python -m cdbooklet.content.keys > docs/content.md` from",
        "     src/cdbooklet/content/keys.py; a test fails when it is out of date. -->",
        "",
        "A content folder holds `booklet.yaml`, `branding.yaml` and one file per therapy in",
        "`therapies/` (its id is the file name without `.yaml`). Paths are relative to the file",
        "that names them and must stay inside the folder. A key that is not listed here is an",
        "error, with a suggestion of the nearest name.",
        "",
        "Text keys may hold inline `**bold**`, `*italic*` and `[links](https://...)`; links may",
        "start with http, https, mailto or tel. Lengths count characters as printed (runs of",
        "spaces as one).",
    ]
    for kind in FILE_KINDS:
        out += ["", f"## {kind.file}", "", kind.about, ""]
        out += ["| key | holds | required | at most | what it is for |", "|---|---|---|---|---|"]
        for key in kind.keys:
            out.append(_row(key.name, key))
            out += [_row(f"{key.name}.{inner.name}", inner) for inner in key.keys]
        out += ["", "For example:", "", "```yaml"]
        for key in kind.keys:
            out += _example(key)
        out.append("```")
    return "\n".join(out) + "\n"


def _example(key: Key, indent: str = "") -> list[str]:
    """A key as typed in YAML, with its example value."""
    if key.keys:
        return [f"{indent}{key.name}:", *(line for k in key.keys for line in _example(k, "  "))]
    value = key.example.replace("\n", "\n" + indent)
    return [f"{indent}{key.name}:{'' if value.startswith(chr(10)) else ' '}{value}"]


def _row(name: str, key: Key) -> str:
    required = "yes" if key.is_required else "no"
    most = f"{key.max_length:,}" if key.max_length else ""
    meaning = key.meaning.replace("|", "\\|")
    return f"| `{name}` | {key.holds} | {required} | {most} | {meaning} |"


if __name__ == "__main__":  # pragma: no cover
    print(reference_markdown(), end="")
