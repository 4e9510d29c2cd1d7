"""The key declarations (`cdbooklet.content.keys`) are the one place a content key is defined:
the model, the docs and the loader's messages are held to them here (the schema and the starter
in their own tests)."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdbooklet.cli import cli
from cdbooklet.content import model
from cdbooklet.content.keys import FILE_KINDS, Key, Kind, file_kind, reference_markdown
from helpers import Edit, MakeContent

MODELS = {"booklet": model.Booklet, "branding": model.Branding, "therapy": model.Therapy}
BOOKKEEPING = {"id", "source", "lines"}
"""Model fields that no key fills: the file's id and where its values were typed."""
TYPES = {
    Kind.TEXT: {"str", "str | None"},
    Kind.PARAGRAPH: {"str", "str | None"},
    Kind.PARAGRAPHS: {"tuple[str, ...]"},
    Kind.POINTS: {"tuple[str, ...]"},
    Kind.REFERENCES: {"tuple[Reference, ...]"},
    Kind.DATE: {"date | None"},
    Kind.LANGUAGE: {"str"},
    Kind.LANGUAGES: {"tuple[str, ...]"},
    Kind.IDS: {"tuple[Therapy, ...]"},
    Kind.PACKS: {"tuple[tuple[str, tuple[str, ...]], ...]"},
    Kind.URL: {"str | None"},
    Kind.COLOUR: {"str"},
    Kind.ASSET: {"Path | None"},
    Kind.FONT: {"str"},
    Kind.PAPER: {"PageSize"},
    Kind.CHOICE: {"Flow", "TranslationStatus"},
    Kind.HASHES: {"tuple[tuple[str, str], ...]"},
    Kind.GROUP: {"Contact", "Translation | None"},
}
"""The model field's type each kind of key is read into."""
GROUP_MODELS = {"contact": model.Contact, "translation": model.Translation}
"""The model class each group key that is not flat is read into."""


def _fields(cls: type) -> dict[str, str]:
    return {f.name: str(f.type) for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("kind", [k.name for k in FILE_KINDS])
def test_every_key_fills_a_model_field_of_its_type_and_every_field_has_a_key(kind: str) -> None:
    fields = _fields(MODELS[kind])
    filled: set[str] = set()
    for key in file_kind(kind).keys:
        holders: list[tuple[Key, dict[str, str]]] = []
        if key.kind is Kind.GROUP and key.is_flat:
            holders = [(inner, fields) for inner in key.keys]
        else:
            holders = [(key, fields)]
            if key.kind is Kind.GROUP:
                inner_fields = _fields(GROUP_MODELS[key.attribute])
                holders += [(inner, inner_fields) for inner in key.keys]
                assert set(inner_fields) == {k.attribute for k in key.keys}, key.name
        for declared, where in holders:
            assert declared.attribute in where, f"{kind}: no model field for {declared.name}"
            assert where[declared.attribute] in TYPES[declared.kind], (
                f"{kind}.{declared.name} is {declared.kind.name} but its field is "
                f"{where[declared.attribute]}"
            )
            if where is fields:
                filled.add(declared.attribute)
    assert set(fields) - BOOKKEEPING == filled, f"{kind}: model fields without a key"


def test_every_key_says_what_to_write_and_what_it_is_for() -> None:
    for kind in FILE_KINDS:
        for key in (*kind.keys, *(inner for k in kind.keys for inner in k.keys)):
            assert key.hint and key.hint[0].islower(), key.name
            assert key.meaning.endswith("."), key.name
            assert key.example or key.kind is Kind.GROUP, key.name
            assert key.max_length is None or key.kind in (Kind.TEXT, Kind.URL), key.name
            assert not key.is_printed or key.kind.is_text or key.kind is Kind.URL, key.name


def test_docs_content_md_is_what_the_declarations_make(repo_root: Path) -> None:
    shipped = (repo_root / "docs" / "content.md").read_text(encoding="utf-8")
    assert shipped == reference_markdown(), (
        "docs/content.md is out of date: python -m cdbooklet.content.keys > docs/content.md"
    )


def test_model_types_resolve() -> None:
    """The type names above are the model's real annotations, not strings that drifted."""
    for cls in (*MODELS.values(), model.Contact):
        assert typing.get_type_hints(cls, vars(model))


def test_a_branding_file_with_several_mistakes_reports_each(
    make_content: MakeContent, edit: Edit
) -> None:
    """The logo, the colours and the paper are all read, so one run shows every mistake."""
    content = make_content("complete")
    branding = content / "branding.yaml"
    edit(branding, "logo: assets/logo.png", "logo: assets/missing.png")
    edit(branding, "paper: letter", "paper: legal")
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert any('the logo file "assets/missing.png" was not found' in line for line in errors)
    assert any(
        '"paper" should be one of letter, a4, a5, half-letter, not "legal"' in line
        for line in errors
    ), errors
