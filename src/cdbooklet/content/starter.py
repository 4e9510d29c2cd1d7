"""The starter content folder `cdbooklet init` writes: what it holds, ready to build at once.

The starter files shipped in the package (`content/starter/`): booklet.yaml with the standard
disclaimer, branding.yaml with a placeholder clinic marked REPLACE, one example therapy and a
placeholder logo, each YAML file with notes on every key (a test holds them to `keys`). With
them go the JSON Schemas, into DIR/.schemas/, which the first line of each YAML file names so
that an editor can complete and check keys (nothing is published online to point at instead).
`build.starter` writes them.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable

from cdbooklet.content.schema import KINDS, file_name, schema_text

SCHEMA_FOLDER = ".schemas"
"""Where in a new content folder the schemas go (hidden: nothing there for a clinic to edit)."""


def starter_files(today: date) -> list[tuple[str, bytes]]:
    """(path inside the new folder, bytes) for every file a new content folder gets."""
    published = today.isoformat()
    try:
        review_by = today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        review_by = today.replace(year=today.year + 2, day=28)
    out: list[tuple[str, bytes]] = []
    for relative, entry in _walk(resources.files("cdbooklet.content") / "starter"):
        data = entry.read_bytes()
        if relative == "booklet.yaml":
            text = data.decode("utf-8")
            text = text.replace("@PUBLISHED@", published)
            text = text.replace("@REVIEW_BY@", review_by.isoformat())
            data = text.encode("utf-8")
        out.append((relative, data))
    for kind in KINDS:
        out.append((f"{SCHEMA_FOLDER}/{file_name(kind)}", schema_text(kind).encode("utf-8")))
    return out


def _walk(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every file under a package folder, as (relative path, entry), in a stable order."""
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(("_", ".")):
            continue  # __pycache__ and the like
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            found += _walk(entry, relative + "/")
        else:
            found.append((relative, entry))
    return found
