"""Inline markup: escaping, the allowed subset, links, font fallback, and that ReportLab accepts
whatever comes out."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from cdbooklet.content.model import Branding, Contact
from cdbooklet.layout.theme import make_theme
from cdbooklet.text import markup

# The real bundled fonts: Atkinson Hyperlegible, with DejaVu Sans as the fallback.
THEME = make_theme(Branding(Contact("Clinic")), "letter")
GLYPHS = THEME.glyphs


def test_markup_characters_print_as_typed() -> None:
    assert markup.to_xml("pain < 5 & mood > 3") == "pain &lt; 5 &amp; mood &gt; 3"


def test_reportlab_tags_are_text() -> None:
    xml = markup.to_xml(
        '<img src="/etc/passwd"/> <font name="x">a</font> <a href="file:///x">b</a>'
    )
    assert "<img" not in xml and "<font" not in xml and "<a " not in xml
    assert "&lt;img" in xml


def test_an_entity_typed_in_content_stays_as_typed() -> None:
    assert markup.to_xml("&amp;") == "&amp;amp;"


def test_bold_italic_and_links() -> None:
    xml = markup.to_xml("**Ask** *first*, see [our page](https://example.org/cd).")
    assert xml.startswith('<b>Ask</b> <i>first</i>, see <a href="https://example.org/cd"')
    assert "(example.org/cd)" in xml


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org", "www.example.org"]
)
def test_links_only_for_web_mail_and_phone(url: str) -> None:
    assert not markup.is_allowed_url(url)
    assert "<a " not in markup.to_xml(f"[x]({url})")


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://a.b/c", "mailto:a@b.org", "tel:+15550100"]
)
def test_allowed_links(url: str) -> None:
    assert markup.is_allowed_url(url)
    assert "<a href=" in markup.to_xml(f"[x]({url})")


def test_words_the_text_font_lacks_use_the_fallback() -> None:
    xml = markup.escape_text("Clinic Ωμέγα Київ", GLYPHS)
    assert xml == 'Clinic <font face="DejaVuSans">Ωμέγα</font> <font face="DejaVuSans">Київ</font>'


def test_a_character_no_font_has_is_left_out_with_a_warning() -> None:
    warnings: list[str] = []
    xml = markup.escape_text("hello ཀ there", GLYPHS, warnings.append)
    assert xml == "hello  there"
    assert warnings == ["no bundled font can print ཀ (U+0F40, Tibetan): left out"]


def test_control_characters_are_dropped() -> None:
    assert markup.escape_text("a\x00b\x1bc\u200bd") == "abcd"


def test_cve_2023_33733_payload_is_printed_as_text() -> None:
    payload = (
        "<para><font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch /tmp/pwned') "
        "for Word in [orgTypeFun('Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: "
        "False, "
        "'__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, 'mutate': "
        "lambda self: {setattr(self, 'mutated', self.mutated - 1)}, '__hash__': lambda self: "
        "hash(str(self)) })] ] for orgTypeFun in [type(type(1))] ] and "
        "'red'\">exploit</font></para>"
    )
    xml = markup.to_xml(payload)
    assert "<font" not in xml and "<para" not in xml
    para = Paragraph(xml, ParagraphStyle("t"))
    para.wrap(400, 1000)
    assert "getattr(pow" in para.getPlainText()


_INVISIBLE = ("Cc", "Cs", "Co", "Cn", "Cf")
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("<>&*[]()\"'"),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_text_becomes_markup_reportlab_accepts(text: str) -> None:
    xml = markup.to_xml(text, GLYPHS, lambda _m: None)
    para = Paragraph(xml, ParagraphStyle("t"))
    para.wrap(300, 10_000)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9 ,.;:!?'-]{0,200}", fullmatch=True))
def test_plain_words_pass_unchanged(text: str) -> None:
    assert markup.to_xml(text) == re.sub(" +", " ", text)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_printed_text_is_the_typed_text(text: str) -> None:
    """What a reader sees (markup removed) is what was typed, less the markers themselves."""
    para = Paragraph(markup.to_xml(text, show_urls=False), ParagraphStyle("t"))
    printed = para.getPlainText()
    visible = unicodedata.normalize("NFC", markup.plain_text(text))
    kept = "".join(ch for ch in visible if unicodedata.category(ch) not in _INVISIBLE)
    assert printed.split() == kept.split()


def test_unclosed_bold_markers_are_parsed_in_linear_time() -> None:
    # "**a **a **a …" never closes: a backtracking regex scans to the end from every opener
    # (20 KB: a second; 1 MB: hours). A child process, because a regex cannot be interrupted.
    code = (
        "import sys; from cdbooklet.text import markup; "
        "xml = markup.to_xml('**a ' * 250_000); assert xml.count('**a') == 250_000"
    )
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
    assert time.monotonic() - start < 10


# -- a paragraph in one script face, set at once ------------------------------------------------

_ONE_FACE_ALPHABET = (
    "अकखगमनरसहािीुूेैोौंँः़्।॥"  # Devanagari letters, vowel signs, virama, nukta, danda
    "ابتثجحخدرزسشلمنهوي،؟ًٌ"  # Arabic letters, comma, question mark, harakat
    "abcXYZ0123456789.,;:!?()-–\"'"  # Latin, digits, punctuation
    " \t\n\u00a0\u200b\u200c\u200d\u200f\u0007\ue000"  # spaces, joiners, marks, a control
)


_SPACES_AND_PUNCTUATION = " \t\n\u00a0.,;:!?()-–\"'0123456789"


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(alphabet=_ONE_FACE_ALPHABET, max_size=60),
        # mostly one script, as a paragraph is: the one-run path's own ground
        st.text(alphabet="अकखगमनरसहािीुूेैोौंँः़्।॥" + _SPACES_AND_PUNCTUATION, max_size=60),
        st.text(alphabet="ابتثجحخدرزسشلمنهوي،؟ًٌ" + _SPACES_AND_PUNCTUATION, max_size=60),
    ),
    language=st.sampled_from(["hi", "ar", "en"]),
)
def test_text_in_one_script_face_is_the_xml_word_by_word_makes(text: str, language: str) -> None:
    """A paragraph whose words are each wholly in one script face is set as one run of it at
    once (`_one_face_run`): the same XML the word-by-word path makes, whatever the text."""
    from cdbooklet.content import fonts

    glyphs = fonts.glyphs(fonts.DEFAULT_FAMILY, language)
    said: list[str] = []
    nfc = unicodedata.normalize("NFC", text)
    assert markup.escape_text(text, glyphs, said.append) == markup._word_by_word(
        nfc, glyphs, None, None
    )


def test_a_hindi_paragraph_is_one_run_of_its_face() -> None:
    from cdbooklet.content import fonts

    glyphs = fonts.glyphs(fonts.DEFAULT_FAMILY, "hi")
    text = " सुई  लगाने से\tदर्द कम होता है। "
    assert markup._one_face_run(text, glyphs) == (
        ' <font face="NotoSansDevanagari">सुई लगाने से दर्द कम होता है।</font> '
    )
    assert markup._one_face_run("सुई (needle)", glyphs) is None  # a Latin word: word by word
