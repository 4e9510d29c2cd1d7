"""The JSON Schemas: made from the loader's key table, shipped unchanged in the package, accepted
by real content and refusing the mistakes the loader refuses.

YAML is turned into JSON the way an editor's YAML 1.2 reader sees it (a date stays text), using
cdbooklet's own safe reader so that no YAML tag is ever constructed.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cdbooklet import cli as cli_module
from cdbooklet.cli import cli
from cdbooklet.content.keys import file_kind
from cdbooklet.content.load import load_content
from cdbooklet.content.schema import KINDS, file_name, schema_for, schema_text, schemas_text
from cdbooklet.content.yamlread import Node, read_yaml
from cdbooklet.errors import BookletError
from helpers import FIXTURES, ROOT, SHIPPED, SHIPPED_SPANISH, replace_once

jsonschema = pytest.importorskip("jsonschema")

CONTENT_DIRS = [
    SHIPPED,
    SHIPPED_SPANISH,
    *sorted(p.parent for p in FIXTURES.glob("*/booklet.yaml")),
]
"""The shipped content in both languages, and every fixture."""


def as_json(node: Node) -> Any:
    """A YAML node as the JSON value a YAML 1.2 editor would check against the schema."""
    if node.kind == "mapping":
        return {key: as_json(value) for key, (_line, value) in node.keys.items()}
    if node.kind == "list":
        return [as_json(item) for item in node.items]
    if node.text is None:
        return None
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "int" and node.text.lstrip("+-").isdigit():
        return int(node.text)
    if kind == "float":
        try:
            return float(node.text)
        except ValueError:
            return node.text
    if kind == "bool" and node.text.lower() in ("true", "false"):
        return node.text.lower() == "true"
    return node.text  # strings, and dates (text in YAML 1.2)


def files_of(root: Path) -> list[tuple[str, Path]]:
    """(kind, path) for every content file in a content directory."""
    out = [("booklet", root / "booklet.yaml"), ("branding", root / "branding.yaml")]
    out += [("therapy", p) for p in sorted((root / "therapies").glob("*.yaml"))]
    return out


def errors(kind: str, path: Path) -> list[str]:
    """Schema validation messages for one file (empty when it is valid)."""
    validator = jsonschema.Draft202012Validator(schema_for(kind))
    return [e.message for e in validator.iter_errors(as_json(read_yaml(path)))]


# -- made from the loader's table, shipped unchanged ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_exactly_what_the_key_table_generates(kind: str) -> None:
    shipped = resources.files("cdbooklet.content") / "schemas" / file_name(kind)
    assert shipped.read_text(encoding="utf-8") == schema_text(kind), (
        "run `python -m cdbooklet.content.schema` to regenerate src/cdbooklet/content/schemas/"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema_for(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_every_key_of_the_loader_is_in_the_schema_with_a_description(kind: str) -> None:
    schema = schema_for(kind)
    keys = file_kind(kind).names
    assert list(schema["properties"]) == list(keys)
    assert schema["required"] == [k for k, spec in keys.items() if spec.is_required]
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop["description"].strip(), name
        if keys[name].keys:
            assert list(prop["properties"]) == [inner.name for inner in keys[name].keys]
            assert prop["additionalProperties"] is False


def test_schema_command_prints_all_three_keyed_by_kind() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.output == schemas_text()
    assert list(json.loads(result.output)) == list(KINDS)


def test_schema_command_prints_one_kind() -> None:
    result = CliRunner().invoke(cli, ["schema", "therapy"])
    assert result.exit_code == 0
    shipped = resources.files("cdbooklet.content") / "schemas" / "therapy.schema.json"
    assert result.output == shipped.read_text(encoding="utf-8")


def test_schema_command_refuses_an_unknown_kind() -> None:
    assert CliRunner().invoke(cli, ["schema", "clinic"]).exit_code == 2


def test_the_clis_kinds_match_the_schema_module() -> None:
    assert cli_module._SCHEMA_KINDS == KINDS


# -- real content passes; mistakes fail ------------------------------------------------------------


@pytest.mark.parametrize("root", CONTENT_DIRS, ids=lambda p: str(p.relative_to(ROOT)))
def test_content_validates_against_the_schemas(root: Path) -> None:
    for kind, path in files_of(root):
        assert errors(kind, path) == [], path


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("therapies/acupuncture.yaml", "title:", "tittle:", "Additional properties"),
        ("therapies/acupuncture.yaml", "summary:", "summry:", "Additional properties"),
        ("booklet.yaml", "language: en", "language: English", "does not match"),
        ("branding.yaml", "  name: Example Clinic\n", "  nmae: Example Clinic\n", "Additional"),
        ("branding.yaml", 'primary: "#1F5C99"', "primary: blue", "does not match"),
        ("branding.yaml", 'primary: "#1F5C99"', "primary: #1F5C99", "None is not of type"),
        ("booklet.yaml", "  - acupuncture\n", "  - physical-therapy\n", "non-unique"),
        (
            "booklet.yaml",
            "disclaimer: |\n  Talk",
            "disclaimer: ''\nfooter: |\n  Talk",
            "does not match",
        ),
        (
            "therapies/acupuncture.yaml",
            "title: Acupuncture",
            "title: " + "Acupuncture " * 20,
            "is too long",
        ),
        (
            "branding.yaml",
            "  name: Example Clinic",
            "  name: " + "Example Clinic " * 20,
            "is too long",
        ),
    ],
)
def test_a_mistake_the_loader_refuses_fails_the_schema_too(
    content: Path, file: str, old: str, new: str, message: str
) -> None:
    path = content / file
    replace_once(path, old, new)
    with pytest.raises(BookletError):
        load_content(content)
    kind = "therapy" if file.startswith("therapies/") else file.removesuffix(".yaml")
    found = errors(kind, path)
    assert any(message in e for e in found), found


def test_a_date_the_loader_accepts_is_text_the_schema_accepts(content: Path) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "reviewed: 2025-03-01\n", encoding="utf-8")
    assert errors("therapy", path) == []
    replace_once(path, "2025-03-01", "March 2025")
    assert any("does not match" in e for e in errors("therapy", path))
