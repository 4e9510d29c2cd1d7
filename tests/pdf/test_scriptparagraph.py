"""ScriptParagraph: lines that never run past the margin, splits that lose or repeat no line,
and any mix of directions, marks and joiners laid out and drawn without a crash or a hang."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfgen.canvas import Canvas

from cdbooklet.content.model import Branding, Contact
from cdbooklet.layout.theme import make_theme
from cdbooklet.pdf.scriptparagraph import ScriptParagraph, _line_runs
from cdbooklet.text import markup
from timelimit import time_limit

THEMES = {
    language: make_theme(Branding(Contact("Clinic")), "letter", language=language)
    for language in ("en", "ar", "zh-Hans", "th")
}

_WORDS = [
    "مرحبا",
    "بكم",
    "שלום",
    "नमस्ते",
    "क्षत्रिय",
    "สวัสดีครับ",
    "ការចាក់ម្ជុល\u200bអាច",
    "你好世界。",
    "「请」",
    "안녕하세요",
    "Botox",
    "555-1234",
    "www.example.org/help",
    "(x)",
    "\u200d",
    "\u200c",
    "\u200f",
    "\u2067",
    "\u2069",
    "\u0651",
    "\u0301",
    "x" * 40,
    "ក្ក្ក្ក្ក្ក្ក",
]
_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40).map(" ".join)


def _para(
    text: str, language: str, role: str = "body", bullet: str | None = None
) -> ScriptParagraph:
    theme = THEMES[language]
    xml = markup.escape_text(text, theme.glyphs)
    return ScriptParagraph(xml, theme.style(role), bullet, language=language, is_rtl=theme.is_rtl)


def _ink_widths(para: ScriptParagraph) -> list[float]:
    t = para._prepare()
    return [
        sum(
            run.width
            for run in _line_runs(t, line.start, line.end, para.language)
            if not run.is_trailing
        )
        for line in para._lines
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXT, width=st.floats(min_value=30, max_value=500), language=st.sampled_from(list(THEMES))
)
# A space HarfBuzz put in the cluster of the direction mark before it (removed), which the
# line's runs cut apart: drawn twice, it ran the line past the margin.
@example(text="\u2067 مرحبا بكم \u200f \u200d", width=30.0, language="en")
def test_no_line_runs_past_the_margin_and_no_character_is_lost(
    text: str, width: float, language: str
) -> None:
    para = _para(text, language)
    with time_limit(10, "laying out a paragraph"):
        _w, height = para.wrap(width, 10_000)
    t = para._prepare()
    lines = para._lines
    assert lines[0].start == 0 and lines[-1].end == len(t.text)
    assert all(a.end == b.start for a, b in zip(lines, lines[1:], strict=False))
    # A line gets more than the leading only where its marks would reach the line above.
    assert height >= len(lines) * para.style.leading - 1e-6
    assert height == pytest.approx(sum(para._steps(lines)))
    for line, ink in zip(lines, _ink_widths(para), strict=True):
        end = line.end
        while end > line.start + 1 and t.text[end - 1] == " ":
            end -= 1
        # Only a single grapheme cluster wider than the whole line may run past it.
        is_one_cluster = not any(t.clusters[i] for i in range(line.start + 1, end))
        assert ink <= width + 0.01 or is_one_cluster, (t.text[line.start : line.end], ink, width)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, height=st.floats(min_value=0, max_value=300))
def test_a_split_keeps_every_line_once(text: str, height: float) -> None:
    para = _para(text * 3, "ar")
    para.wrap(200, 10_000)
    whole = [(line.start, line.end) for line in para._lines]
    parts = para.split(200, height)
    if len(parts) < 2:
        return
    first, rest = parts
    assert isinstance(first, ScriptParagraph) and isinstance(rest, ScriptParagraph)
    rest.wrap(200, 10_000)
    assert [(ln.start, ln.end) for ln in first._lines + rest._lines] == whole
    assert first.wrap(200, 10_000)[1] <= height + 1e-6


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXT,
    language=st.sampled_from(list(THEMES)),
    alignment=st.sampled_from([TA_LEFT, TA_RIGHT, TA_CENTER]),
)
def test_any_mix_draws_without_error(text: str, language: str, alignment: int) -> None:
    para = _para(text, language, bullet="•")
    para.style.alignment = alignment
    canvas = Canvas(io.BytesIO())
    with time_limit(10, "drawing a paragraph"):
        para.wrap(300, 10_000)
        para.drawOn(canvas, 50, 50)
        canvas.showPage()
        canvas.save()
    para.style.alignment = TA_LEFT


def test_a_right_to_left_paragraph_ends_at_the_right_margin() -> None:
    para = _para("مرحبا بكم في العيادة " * 12, "ar")
    para.wrap(300, 10_000)
    t = para._prepare()
    assert t.is_rtl and len(para._lines) > 2
    for line in para._lines:
        runs = _line_runs(t, line.start, line.end, "ar")
        trailing = sum(r.width for r in runs if r.is_trailing)
        assert runs[-1].is_trailing is False or trailing == 0


def test_an_english_paragraph_in_an_arabic_booklet_reads_left_to_right() -> None:
    assert _para("Botox (botulinum toxin) at 555-1234.", "ar")._prepare().is_rtl is False
    assert _para("Botox هو دواء", "ar")._prepare().is_rtl is True
    assert _para("مرحبا", "en")._prepare().is_rtl is True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXT, width=st.floats(min_value=60, max_value=400), language=st.sampled_from(list(THEMES))
)
def test_no_line_s_marks_reach_the_line_above(text: str, width: float, language: str) -> None:
    para = _para(text + " بدلًا وأولًا مثلًا الإطالة", language)
    para.wrap(width, 10_000)
    lines, steps = para._lines, para._steps(para._lines)
    for k in range(1, len(lines)):
        assert steps[k] >= lines[k].top - lines[k - 1].bottom, (k, steps[k])


def test_a_tanween_over_a_tall_letter_gets_room_and_ordinary_lines_do_not() -> None:
    para = _para("ان " * 30 + "جميع بدلًا " * 30, "ar")
    para.wrap(200, 10_000)
    steps = para._steps(para._lines)
    leading = para.style.leading
    assert steps[1] == leading  # two lines of plain letters: the usual spacing
    assert max(steps) > leading  # where the mark over lam-alef would touch a descender
