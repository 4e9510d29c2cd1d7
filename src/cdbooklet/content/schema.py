"""JSON Schema for the three kinds of content file, made from the key declarations (`keys`).

`keys` says which keys each file may hold, which are required, what kind of value each takes and
what it is for; this module turns that into one JSON Schema (draft 2020-12) per kind of file, so
the schema and the loader cannot disagree about keys. The package ships the result as
`cdbooklet/content/schemas/<kind>.schema.json` (a test regenerates them and compares, so they
cannot drift), `cdbooklet schema` prints them, and `cdbooklet init` writes them beside a new
content folder, where a `# yaml-language-server: $schema=...` line on each file lets an editor
complete and check keys as a clinic types.

The schemas use only keywords that mean the same in draft-07 and 2020-12 (type, properties,
required, additionalProperties, pattern, maxLength, enum, items, uniqueItems, format, examples),
so editors whose YAML support stops at draft-07 read them the same way. They describe the YAML
as an editor sees it (YAML 1.2: a date such as 2025-03-01 is text). A few checks stay with
`cdbooklet check`: whether an `order` id has a file, whether the logo is a real image, and whether
a date exists.
Never imports ReportLab; run `python -m cdbooklet.content.schema` to rewrite the shipped files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cdbooklet.content import fonts
from cdbooklet.content.keys import (
    DATE,
    FILE_KINDS,
    ID,
    LANGUAGE,
    PACK_NAME_LENGTH,
    Key,
    Kind,
    file_kind,
)
from cdbooklet.content.model import PAGE_SIZES

KINDS = tuple(kind.name for kind in FILE_KINDS)
"""The kinds of content file: booklet.yaml, branding.yaml and therapies/<id>.yaml."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The value shapes a YAML scalar can have where the loader reads text: it takes a number typed
# without quotes (a phone number, a year) as text too.
_SCALAR = ["string", "number"]
_NOT_BLANK = r"\S"
_URL = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://\S"
# The same forms colour.parse_hex accepts: #RRGGBB or #RGB, the # optional (it must be quoted).
_COLOUR = r"^\s*#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$"
# Kinds whose empty value (`key:` alone) the loader refuses even when the key is optional.
_NEVER_EMPTY = {Kind.GROUP, Kind.IDS, Kind.PACKS, Kind.COLOUR, Kind.HASHES}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: "booklet", "branding" or "therapy"."""
    declared = file_kind(kind)
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "title": declared.title,
        "description": f"{declared.about} Made by cdbooklet from the keys its loader accepts.",
    }
    schema.update(_object(declared.keys))
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


def _object(keys: tuple[Key, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {key.name: _property(key) for key in keys},
        "required": [key.name for key in keys if key.is_required],
        "additionalProperties": False,
    }


def _property(key: Key) -> dict[str, Any]:
    value = _value(key)
    # "A date like ...", but "primary: and accent: colours" keeps the key as typed.
    first = key.hint.split(" ", 1)[0]
    hint = key.hint if first.endswith(":") else key.hint[:1].upper() + key.hint[1:]
    described: dict[str, Any] = {"description": f"{hint}. {key.meaning}"}
    described.update(value)
    if not key.is_required and key.kind not in _NEVER_EMPTY:
        types = described.get("type")
        if isinstance(types, list):
            described["type"] = [*types, "null"]
        elif isinstance(types, str):
            described["type"] = [types, "null"]
    return described


def _value(key: Key) -> dict[str, Any]:
    """The schema of one key's value, by the kind the loader reads it as, with the loader's
    maximum length for one-line text (which it counts with runs of spaces as one, so the
    schema's count can only be stricter)."""
    value = _kind_value(key)
    if key.max_length is not None:
        value["maxLength"] = key.max_length
    return value


def _kind_value(key: Key) -> dict[str, Any]:
    match key.kind:
        case Kind.TEXT | Kind.PARAGRAPH | Kind.PARAGRAPHS:
            return _text(key.is_required)
        case Kind.POINTS:
            return {"type": "array", "items": _text(True)}
        case Kind.REFERENCES:
            return dict(_REFERENCES)
        case Kind.DATE:
            return {"type": "string", "format": "date", "pattern": DATE.pattern}
        case Kind.LANGUAGE:
            return {"type": "string", "pattern": LANGUAGE.pattern, "examples": ["en", "es"]}
        case Kind.LANGUAGES:
            return {
                "type": "array",
                "items": {"type": "string", "pattern": LANGUAGE.pattern},
                "uniqueItems": True,
            }
        case Kind.IDS:
            return {
                "type": "array",
                "items": {"type": "string", "pattern": ID.pattern},
                "uniqueItems": True,
            }
        case Kind.PACKS:
            return {
                "type": "object",
                "propertyNames": {"maxLength": PACK_NAME_LENGTH, "pattern": _NOT_BLANK},
                "additionalProperties": {
                    "type": "array",
                    "items": {"type": "string", "pattern": ID.pattern},
                    "minItems": 1,
                    "uniqueItems": True,
                },
            }
        case Kind.URL:
            return {"type": "string", "pattern": _URL}
        case Kind.COLOUR:
            return {"type": "string", "pattern": _COLOUR}
        case Kind.ASSET:
            return {"type": "string", "pattern": _NOT_BLANK}
        case Kind.FONT:
            return {"type": "string", "examples": fonts.families()}
        case Kind.PAPER:
            return {"type": "string", "enum": list(PAGE_SIZES)}
        case Kind.CHOICE:
            return {"type": "string", "enum": list(key.choices)}
        case Kind.HASHES:
            return {
                "type": "object",
                "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{6,64}$"},
            }
        case Kind.GROUP:
            return _object(key.keys)


def _text(is_required: bool) -> dict[str, Any]:
    if is_required:
        return {"type": list(_SCALAR), "pattern": _NOT_BLANK}
    return {"type": list(_SCALAR)}


_REFERENCES: dict[str, Any] = {
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
"""A list of sources: each a text, or a text with the address to read it online."""


def _write_package_schemas(folder: Path) -> list[Path]:
    """Rewrite the shipped schema files (run `python -m cdbooklet.content.schema` after changing
    the key declarations)."""
    written = []
    for kind in KINDS:
        path = folder / file_name(kind)
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in _write_package_schemas(Path(__file__).parent / "schemas"):
        print(f"Wrote {path}")
