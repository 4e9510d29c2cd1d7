"""JSON Schema for the three kinds of content file, made from the loader's own key table.

`load.FILE_KEYS` and `load.GROUP_KEYS` say which keys each file may hold, which are required and
what kind of value each takes; this module turns that table into one JSON Schema (draft 2020-12)
per kind of file, so the schema and the loader cannot disagree about keys. The package ships the
result as `cdbooklet/schemas/<kind>.schema.json` (a test regenerates them and compares, so they
cannot drift), `cdbooklet schema` prints them, and `cdbooklet init` writes them beside a new
content folder, where a `# yaml-language-server: $schema=...` line on each file lets an editor
complete and check keys as a clinic types.

The schemas use only keywords that mean the same in draft-07 and 2020-12 (type, properties,
required, additionalProperties, pattern, maxLength, enum, items, uniqueItems, format, examples),
so editors whose YAML support stops at draft-07 read them the same way. They describe the YAML
as an editor sees it (YAML 1.2: a date such as 2025-03-01 is text). A few checks stay with
`cdbooklet check`: whether an `order` id has a file, whether the logo is a real image, whether a
date exists, and right-to-left text (which cdbooklet cannot print yet).
Never imports ReportLab; run `python -m cdbooklet.content.schema` to rewrite the shipped files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cdbooklet.content import fonts
from cdbooklet.content.load import FILE_KEYS, GROUP_KEYS, PATTERNS, KeySpec
from cdbooklet.content.model import PAGE_SIZES

KINDS = ("booklet", "branding", "therapy")
"""The kinds of content file: booklet.yaml, branding.yaml and therapies/<id>.yaml."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TITLES = {
    "booklet": "cdbooklet booklet.yaml",
    "branding": "cdbooklet branding.yaml",
    "therapy": "cdbooklet therapy file (therapies/<id>.yaml)",
}
_ABOUT = {
    "booklet": "Booklet-level text: title, language, introduction, closing, disclaimer, order "
    "and dates.",
    "branding": "The clinic: name, contact details, logo, colours, font and paper size.",
    "therapy": "One therapy; its id is the file name without .yaml.",
}

# What each key is for, in a sentence for a content editor. In the schema's description it
# follows the loader's own hint (what to write). Every key in load's table needs one.
_MEANINGS = {
    ("booklet", "title"): "It is also the PDF's title.",
    ("booklet", "subtitle"): "Printed on the cover.",
    ("booklet", "language"): "It sets the printed labels (Contents, Page X of Y) and the PDF's "
    "language.",
    ("booklet", "intro"): "The opening text, printed before the therapies.",
    ("booklet", "closing"): "A short message printed after the therapies.",
    ("booklet", "disclaimer"): "Every booklet and handout carries it; it must not be empty.",
    ("booklet", "footer"): "The short form of the disclaimer; leave it out for a standard "
    "sentence in the booklet's language.",
    ("booklet", "order"): "The order of the therapies in the booklet; leave it out for "
    "alphabetical order by title.",
    ("booklet", "published"): "The day the booklet was published, printed on the back cover and "
    "handouts.",
    ("booklet", "review_by"): "The day by which a clinician should check the text again; "
    "`cdbooklet check` warns once it has passed.",
    ("branding", "clinic"): "Who the booklets and handouts come from.",
    ("branding", "logo"): "Printed on the cover and every handout.",
    ("branding", "logo_alt"): "Screen readers read it in place of the logo.",
    ("branding", "colors"): "The clinic's colours, as hex codes; leave it out for the "
    "standard blue and amber.",
    ("branding", "font"): "Leave it out for the bundled legible sans.",
    ("branding", "paper"): "The clinic's usual paper (letter when left out); `--page-size` "
    "overrides it.",
    ("clinic", "name"): "On the cover, at the top of every page and as the PDF's author.",
    ("clinic", "address"): "Printed on the back cover and every handout.",
    ("clinic", "phone"): "Printed on the back cover and every handout.",
    ("clinic", "email"): "Printed on the back cover and every handout.",
    ("clinic", "website"): "Printed on the back cover and every handout, with a QR code.",
    ("clinic", "site_url"): "Where the clinic publishes the HTML edition; when set, the QR codes "
    "point there instead of the website.",
    ("colors", "primary"): "Headings, rules and the cover band: it must be dark enough to read "
    "as text on white.",
    ("colors", "accent"): "Lines and light box shading, never text.",
    ("therapy", "title"): "The heading of the therapy's section and handout.",
    ("therapy", "summary"): "Printed under the heading, in the contents and in `cdbooklet list`.",
    ("therapy", "body"): "Inline **bold**, *italic* and [links](https://...) are allowed.",
    ("therapy", "tips"): 'Printed under "Getting started".',
    ("therapy", "cautions"): 'Each point completes "Talk to your care team first if...".',
    ("therapy", "questions"): 'Printed under "Questions to ask your provider".',
    ("therapy", "references"): "Printed small at the end of the therapy.",
    ("therapy", "reviewed"): "When a clinician last checked this text; `cdbooklet check` warns "
    "when it is more than two years ago.",
}

# The value shapes a YAML scalar can have where the loader reads text: it takes a number typed
# without quotes (a phone number, a year) as text too.
_SCALAR = ["string", "number"]
_NOT_BLANK = r"\S"
_URL = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://\S"
# The same forms colour.parse_hex accepts: #RRGGBB or #RGB, the # optional (it must be quoted).
_COLOUR = r"^\s*#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$"
# Kinds whose empty value (`key:` alone) the loader refuses even when the key is optional.
_NEVER_EMPTY = {"mapping", "ids", "colour"}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: "booklet", "branding" or "therapy"."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of file {kind!r}; expected one of {', '.join(KINDS)}")
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "title": _TITLES[kind],
        "description": f"{_ABOUT[kind]} Made by cdbooklet from the keys its loader accepts.",
    }
    schema.update(_object(kind, FILE_KEYS[kind]))
    return schema


def schema_text(kind: str) -> str:
    """One schema as the text of its .schema.json file."""
    return _dumps(schema_for(kind))


def schemas_text() -> str:
    """All three schemas as one JSON object keyed by kind (what `cdbooklet schema` prints)."""
    return _dumps({kind: schema_for(kind) for kind in KINDS})


def file_name(kind: str) -> str:
    """The file name a schema is shipped and written under, e.g. therapy.schema.json."""
    return f"{kind}.schema.json"


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _object(owner: str, keys: dict[str, KeySpec]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _property(owner, name, spec) for name, spec in keys.items()},
        "required": [name for name, spec in keys.items() if spec.is_required],
        "additionalProperties": False,
    }


def _property(owner: str, name: str, spec: KeySpec) -> dict[str, Any]:
    meaning = _MEANINGS[(owner, name)]
    value = _value(name, spec)
    # "A date like ...", but "primary: and accent: colours" keeps the key as typed.
    first = spec.hint.split(" ", 1)[0]
    hint = spec.hint if first.endswith(":") else spec.hint[:1].upper() + spec.hint[1:]
    described: dict[str, Any] = {"description": f"{hint}. {meaning}"}
    described.update(value)
    if not spec.is_required and spec.kind not in _NEVER_EMPTY:
        types = described.get("type")
        if isinstance(types, list):
            described["type"] = [*types, "null"]
        elif isinstance(types, str):
            described["type"] = [types, "null"]
    return described


def _value(name: str, spec: KeySpec) -> dict[str, Any]:
    """The schema of one key's value, by the kind the loader reads it as, with the loader's
    maximum length for one-line text (which it counts with runs of spaces as one, so the
    schema's count can only be stricter)."""
    value = _kind_value(name, spec)
    if spec.max_length is not None:
        value["maxLength"] = spec.max_length
    return value


def _kind_value(name: str, spec: KeySpec) -> dict[str, Any]:
    kind = spec.kind
    if kind in ("text", "paragraphs"):
        return _text(spec.is_required)
    if kind == "list":
        return {"type": "array", "items": _text(True)}
    if kind == "references":
        return {
            "type": "array",
            "items": {
                "anyOf": [
                    _text(True),
                    {
                        "type": "object",
                        "properties": {
                            "text": {"description": "The source to cite.", **_text(True)},
                            "url": {
                                "description": "Where to read it online, starting with https://.",
                                "type": "string",
                                "pattern": _URL,
                            },
                        },
                        "required": ["text"],
                        "additionalProperties": False,
                    },
                ]
            },
        }
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": PATTERNS["date"]}
    if kind == "language":
        return {"type": "string", "pattern": PATTERNS["language"], "examples": ["en", "es"]}
    if kind == "ids":
        return {
            "type": "array",
            "items": {"type": "string", "pattern": PATTERNS["id"]},
            "uniqueItems": True,
        }
    if kind == "url":
        return {"type": "string", "pattern": _URL}
    if kind == "colour":
        return {"type": "string", "pattern": _COLOUR}
    if kind == "path":
        return {"type": "string", "pattern": _NOT_BLANK}
    if kind == "font":
        return {"type": "string", "examples": fonts.families()}
    if kind == "paper":
        return {"type": "string", "enum": list(PAGE_SIZES)}
    if kind == "mapping":
        return _object(name, GROUP_KEYS[name])
    raise ValueError(f"no JSON Schema for the key kind {kind!r} (key {name!r})")


def _text(is_required: bool) -> dict[str, Any]:
    if is_required:
        return {"type": list(_SCALAR), "pattern": _NOT_BLANK}
    return {"type": list(_SCALAR)}


def _write_package_schemas(folder: Path) -> list[Path]:
    """Rewrite the shipped schema files (run `python -m cdbooklet.content.schema` after changing load)."""
    written = []
    for kind in KINDS:
        path = folder / file_name(kind)
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in _write_package_schemas(Path(__file__).parent / "schemas"):
        print(f"Wrote {path}")
