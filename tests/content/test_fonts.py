"""The bundled fonts: every family complete, and our cmap reader agreeing with ReportLab's."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from cdbooklet.content import fonts


def test_bundled_families_have_four_faces_and_licences() -> None:
    assert fonts.families() == ["Atkinson Hyperlegible", "DejaVu Sans"]
    folder = fonts.fonts_dir()
    assert (folder / "AtkinsonHyperlegible-OFL.txt").is_file()
    assert (folder / "DejaVuSans-LICENSE.txt").is_file()


@pytest.mark.parametrize("name", ["Atkinson Hyperlegible", "DejaVu Sans"])
def test_cmap_reader_matches_reportlab(name: str) -> None:
    """What every face of the family can draw, as ReportLab reads the four fonts."""
    family = fonts.family(name)
    sets = []
    for path in (family.regular, family.bold, family.italic, family.bold_italic):
        face = TTFont("probe-" + path.stem, str(path)).face
        # ReportLab also lists U+FFFF, mapped to the missing-glyph box: not one it can draw.
        sets.append({code for code, glyph in face.charToGlyph.items() if glyph})
    assert fonts.coverage(name) == set.intersection(*sets)


def test_atkinson_covers_western_european_letters_but_not_greek() -> None:
    cover = fonts.coverage("Atkinson Hyperlegible")
    assert all(ord(c) in cover for c in "éèüñçøåßąłź’“”–—…")
    assert ord("α") not in cover and ord("Ж") not in cover
    assert ord("α") in fonts.coverage("DejaVu Sans") and ord("Ж") in fonts.coverage("DejaVu Sans")
