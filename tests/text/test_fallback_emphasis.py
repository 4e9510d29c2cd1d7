"""Bold and italic words set in the fallback font stay bold and italic (they printed in its
regular face: ReportLab applies `<b>` to the font in use as the tag opens)."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from cdbooklet.content.model import Branding, Contact
from cdbooklet.layout.theme import make_theme
from cdbooklet.text import markup

THEME = make_theme(Branding(contact=Contact(name="Clinic")), "letter")


def _faces(text: str) -> list[tuple[str, str]]:
    """(words, font) of each run of a paragraph made from content text."""
    xml = markup.to_xml(text, THEME.glyphs)
    frags = Paragraph(xml, THEME.style("body")).frags
    return [(frag.text.strip(), frag.fontName) for frag in frags if frag.text.strip()]


@pytest.mark.parametrize(
    ("text", "face"),
    [("**Ωμέγα**", "-Bold"), ("*Ωμέγα*", "-Italic"), ("Ωμέγα", ""), ("**Мир**", "-Bold")],
)
def test_emphasis_on_a_word_in_the_fallback_font_keeps_its_face(text: str, face: str) -> None:
    assert _faces(f"Word {text}") == [
        ("Word", THEME.font),
        (text.strip("*"), THEME.fallback_font + face),
    ]


def test_text_in_the_bundled_font_is_marked_up_as_before() -> None:
    assert markup.to_xml("**a** *b* c", THEME.glyphs) == "<b>a</b> <i>b</i> c"
