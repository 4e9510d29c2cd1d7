"""Paragraphs in the scripts ReportLab cannot lay out itself (`ScriptParagraph`): text to shape
(Arabic, Indic, Thai, Khmer), to read right to left (Arabic, Persian, Urdu, Hebrew), or to break
without spaces (Chinese, Japanese, Thai, Khmer), alone or mixed with Latin text.

ReportLab parses the paragraph XML into fragments (fonts, colours, links) as for any paragraph;
here the fragments' text is broken into lines in logical order (`text.breaks`), each line is
reordered for display by the Unicode Bidirectional Algorithm (`text.bidi`), each run of a line
is shaped by HarfBuzz where its script needs it (`shaping`), and the lines are drawn with
/ActualText wherever the glyphs do not spell the text, so the text stays text. A right-to-left
paragraph starts at the right: its lines, first-line indent and bullet are mirrored.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Any, cast

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from cdbooklet.pdf import shaping
from cdbooklet.pdf.canvas import TaggingCanvas, artifact, begin_actual_text, end_actual_text
from cdbooklet.pdf.flowables import TaggedParagraph
from cdbooklet.pdf.shaping import num
from cdbooklet.pdf.structure import REPEATED
from cdbooklet.text import bidi, breaks, scripts
from cdbooklet.text.markup import KEPT_FORMAT

_UNDRAWN = KEPT_FORMAT
_MARKS_BELOW = frozenset(
    {
        scripts.DEVANAGARI,
        scripts.BENGALI,
        scripts.GURMUKHI,
        scripts.GUJARATI,
        scripts.THAI,
        scripts.KHMER,
    }
)
"""Characters that take part in line breaking and reordering but draw nothing."""


@dataclass(slots=True)
class _Text:
    """A paragraph's text in logical order, and for each character its fragment."""

    text: str
    frag_of: list[int]
    frags: list[Any]
    is_rtl: bool
    """The paragraph's base direction."""
    levels: list[int]
    widths: array[float]
    """Each character's advance in points (a cluster's width on its first character)."""
    tops: array[float]
    bottoms: array[float]
    """How far each character's ink reaches above and below the baseline, in points (shaped
    text only, on a cluster's first character; 0 elsewhere): a line with a mark reaching the
    line above gets more room (`_room_above`)."""
    shaped: dict[tuple[int, int], shaping.Shaped]
    """The glyphs each shaped segment (start, end) was measured with, which its lines are
    drawn with (`shaping.piece`)."""
    allowed: list[bool]
    """Whether a line may break before each character."""
    breaks_at: list[int]
    """The characters a line may break before, in order."""
    clusters: list[bool]
    """Whether a grapheme cluster starts at each character (the last-resort breaks)."""
    scripts: list[str | None]
    """Each character's script (`text.scripts.script_of`)."""
    lines: dict[tuple[int, int], list[_Run]] = field(default_factory=dict)
    """Each line's runs once made (`_line_runs`): the running header and footer, prepared once
    (`_PREPARED`), are drawn on every page."""


@dataclass(slots=True)
class _Run:
    """A piece of a line in one fragment, one level and one script, ready to draw."""

    start: int
    end: int
    level: int
    frag: Any
    glyphs: Sequence[shaping.Glyph] | None
    """Its shaped glyphs, or None for text drawn character by character."""
    base: int
    """What the glyphs' clusters count from (a cluster minus it is an index in `text`)."""
    text: str
    width: float
    is_trailing: bool
    """The spaces a line ends in (drawn, so that copied text keeps its word breaks, but not
    counted when the line is aligned)."""


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    """text[start:end], with the spaces it ends in."""
    top: float = 0.0
    bottom: float = 0.0
    """How far its shaped ink reaches above and below its baseline (points)."""


class ScriptParagraph(TaggedParagraph):
    """A paragraph laid out and drawn by cdbooklet rather than ReportLab (see the module), for
    text in the scripts ReportLab cannot set. It is a Paragraph to everything around it (its
    style, bullet, tags, splitting over pages and in table cells): only its lines are its own.

    `language` is the booklet's (for HarfBuzz and the Han face); `is_rtl` its direction. A
    paragraph reads in the booklet's direction unless it holds only letters of the other (an
    English address in an Arabic booklet reads left to right; an Arabic clinic name alone in an
    English one, right to left). The layout follows the booklet's direction: in a right-to-left
    booklet the style's left (TA_LEFT, the indents, the bullet) is the right."""

    is_artifact = False
    """Drawn as page furniture (a repeated heading), not as an element."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,  # noqa: N803
        *,
        language: str = "en",
        is_rtl: bool = False,
        frags: Any = None,
    ) -> None:
        super().__init__(
            text if text is not None else "", style, bulletText=bulletText, frags=frags
        )
        if frags is None:
            _embolden(self.frags, style)
        self.language = language
        self.is_rtl_document = is_rtl
        self._prepared: _Text | None = None
        self._span: tuple[int, int] | None = None
        """The part of the text this paragraph holds (None: all of it; a part of a split
        paragraph holds some of its lines)."""
        self._lines: list[_Line] = []
        self._lines_width: float | None = None
        self._space_before: float | None = None
        self._space_after: float | None = None

    # -- Flowable ---------------------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._break(availWidth)
        self.width = availWidth
        self.height = sum(self._steps(self._lines))
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._break(self._lines_width if self._lines_width is not None else availWidth)
        count = len(self._lines)
        fit, used = 0, 0.0
        for step in self._steps(self._lines):
            if used + step > availHeight + 1e-6:
                break
            used += step
            fit += 1
        if fit >= count:
            return [self]
        if count - fit == 1 and not self.style.allowWidows:
            fit -= 1  # never a paragraph's last line alone at the top of a page
        if fit <= 0 or (fit == 1 and not self.style.allowOrphans and count > 1):
            return []
        return [self._part(self._lines[:fit], is_first=True), self._part(self._lines[fit:])]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self._space_before if self._space_before is not None else super().getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self._space_after if self._space_after is not None else super().getSpaceAfter()

    def minWidth(self) -> float:  # noqa: N802
        """The widest piece of text that cannot be broken (a word), as Paragraph.minWidth."""
        t = self._prepare()
        widest = piece = 0.0
        for i, w in enumerate(t.widths):
            if t.allowed[i]:
                piece = 0.0
            piece += w
            widest = max(widest, piece)
        return widest + self.style.leftIndent + self.style.rightIndent

    def natural_width(self) -> float:
        """The width of the paragraph set on one line (its text, indents and nothing more)."""
        t = self._prepare()
        style = self.style
        return sum(t.widths) + style.leftIndent + style.rightIndent + style.firstLineIndent

    def getPlainText(self, identify: Any = None) -> str:  # noqa: N802
        return self._prepare().text

    def link_words(self) -> dict[str, str]:
        """Each link target -> the words that link to it (for the link's /Contents)."""
        t = self._prepare()
        found: dict[str, list[str]] = {}
        for i, ch in enumerate(t.text):
            for _n, href in getattr(t.frags[t.frag_of[i]], "link", None) or ():
                found.setdefault(href, []).append(ch)
        return {href: " ".join("".join(chars).split()) for href, chars in found.items()}

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self.is_artifact:
            with artifact(canvas, REPEATED):
                # As a plain Flowable draws: no element of its own, only its lines.
                cast(Any, Flowable).drawOn(self, canvas, x, y, _sW)
            return
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        canvas = self.canv
        t = self._prepare()
        style = self.style
        lines = self._lines
        steps = self._steps(lines)
        y = self.height - style.fontSize - (steps[0] - style.leading if steps else 0)
        for k, line in enumerate(lines):
            is_first = k == 0 and not self._is_continuation
            left, right = self._bounds(is_first)
            runs = _line_runs(t, line.start, line.end, self.language)
            total = sum(run.width for run in runs)
            trailing = sum(run.width for run in runs if run.is_trailing)
            ink = total - trailing
            if style.alignment == TA_CENTER:
                ink_left = left + (right - left - ink) / 2
            elif (style.alignment == TA_RIGHT) != self.is_rtl_document:
                ink_left = right - ink  # the line's end (left-aligned) or start (right to left)
            else:
                ink_left = left
            x = ink_left - (trailing if t.is_rtl else 0)  # the spaces it ends in go before
            if is_first and self.bulletText and not self._is_continuation:
                self._draw_bullet(canvas, y)
            self._draw_line(canvas, runs, x, y)
            if k + 1 < len(lines):
                y -= steps[k + 1]

    # -- laying out ---------------------------------------------------------------------------
    _is_continuation = False
    """A part after the first of a split paragraph: no bullet, no first-line indent."""

    def _part(self, lines: list[_Line], is_first: bool = False) -> ScriptParagraph:
        part = ScriptParagraph(
            None,
            self.style,
            self.bulletText if is_first else None,
            language=self.language,
            is_rtl=self.is_rtl_document,
            frags=self.frags,
        )
        part._prepared = self._prepared
        part._span = (lines[0].start, lines[-1].end)
        part._lines = lines
        part._lines_width = self._lines_width
        part._is_continuation = not is_first or self._is_continuation
        part.tag, part.label_tag = self.tag, self.label_tag
        part.is_artifact = self.is_artifact
        if is_first:
            part._space_after = 0.0
            part._space_before = self._space_before
        else:
            part._space_before = 0.0
            part._space_after = self._space_after
        return part

    def _steps(self, lines: list[_Line]) -> list[float]:
        """How far down each line's baseline is from the one before (the first: the room it
        takes at the top): the leading, and more where a line's marks would reach the line
        above (a vowel mark over a tall Arabic letter under a descender)."""
        style = self.style
        leading, size = style.leading, style.fontSize
        steps: list[float] = []
        for k, line in enumerate(lines):
            if k == 0:
                extra = max(0.0, line.top - size)
            else:
                extra = max(0.0, line.top - lines[k - 1].bottom + 0.06 * size - leading)
            steps.append(leading + extra)
        return steps

    def _bounds(self, is_first: bool) -> tuple[float, float]:
        """A line's left and right limits within the paragraph's width."""
        style = self.style
        start, end = style.leftIndent, style.rightIndent
        if is_first:
            start += style.firstLineIndent
        if self.is_rtl_document:
            return end, self.width - start
        return start, self.width - end

    def _prepare(self) -> _Text:
        if self._prepared is None:
            key = (self.text, _style_key(self.style), self.language, self.is_rtl_document)
            found = _PREPARED.get(key) if isinstance(self.text, str) and self.text else None
            if found is None:
                found = _prepare(self.frags, self.language, self.is_rtl_document)
                if isinstance(self.text, str) and self.text:
                    _PREPARED[key] = found
                    if len(_PREPARED) > 512:
                        del _PREPARED[next(iter(_PREPARED))]
            self._prepared = found
        return self._prepared

    def _break(self, width: float) -> None:
        """Break the text into lines for a paragraph `width` points wide (once per width)."""
        if width == self._lines_width:
            return
        t = self._prepare()
        style = self.style
        start, stop = self._span if self._span is not None else (0, len(t.text))
        lines: list[_Line] = []
        while start < stop:
            room = width - style.leftIndent - style.rightIndent
            if not lines and not self._is_continuation:
                room -= style.firstLineIndent
            end = _line_end(t, start, stop, room)
            lines.append(_Line(start, end, max(t.tops[start:end]), min(t.bottoms[start:end])))
            start = end
        self._lines = lines
        self._lines_width = width

    # -- drawing ------------------------------------------------------------------------------
    def _draw_line(self, canvas: Any, runs: list[_Run], x: float, y: float) -> None:
        """A line's runs, each where it is seen and drawn in the order it is read (a right-to-
        left line's first run is at its right), so that the content reads as the text does:
        one text object a piece, a piece that needs /ActualText in marked content of its
        own."""
        placed = []
        for run in runs:
            placed.append((run, x))
            x += run.width
        placed.sort(key=lambda item: item[0].start)
        canvas.addLiteral("q")
        pending: list[str] = []  # operators of text objects not yet written out
        for run, at in placed:
            frag = run.frag
            size = frag.fontSize
            base_y = y + (frag.rise or 0)
            state = [_fill(frag.textColor)]
            if frag.fontName in shaping.faux_bold:  # strokes thickened for bold
                state.append(f"2 Tr {num(size * 0.035)} w {_stroke(frag.textColor)}")
            else:
                state.append("0 Tr")
            if run.glyphs is None:
                ops = _plain_operators(canvas, frag.fontName, size, run.text)
                pending.append(_text_object(state, at, base_y, ops))
                continue
            segments = shaping.glyph_operators(
                canvas,
                frag.fontName,
                size,
                run.glyphs,
                run.text,
                is_rtl=bool(run.level % 2),
                base=run.base,
            )
            for segment in segments:
                where = at + segment.start * size / 1000
                obj = _text_object(state, where, base_y, segment.ops)
                if segment.actual is None:
                    pending.append(obj)
                    continue
                if pending:
                    canvas.addLiteral("\n".join(pending))
                    pending.clear()
                begin_actual_text(canvas, segment.actual)
                canvas.addLiteral(obj)
                end_actual_text(canvas)
        if pending:
            canvas.addLiteral("\n".join(pending))
        canvas.addLiteral("Q")
        for run, at in placed:
            if getattr(run.frag, "link", None) or getattr(run.frag, "us_lines", None):
                self._decorate(canvas, run, at, y)

    def _decorate(self, canvas: Any, run: _Run, x: float, y: float) -> None:
        """A run's underline and link area."""
        frag = run.frag
        size = frag.fontSize
        if run.text.isspace():
            return
        if getattr(frag, "us_lines", None):
            canvas.saveState()
            canvas.setStrokeColor(frag.textColor)
            canvas.setLineWidth(size * 0.06)
            # Under the vowel signs and subscripts below Indic, Thai and Khmer letters (they
            # reach a quarter of the size down), not through them.
            script = next((x for x in map(scripts.script_of, run.text) if x is not None), None)
            under = y - (0.33 if script in _MARKS_BELOW else 0.125) * size
            canvas.line(x, under, x + run.width, under)
            canvas.restoreState()
        for _n, href in getattr(frag, "link", None) or ():
            rect = (x, y - 0.2 * size, x + run.width, y + size * 0.8)
            if href.startswith("#"):
                canvas.linkRect("", href[1:], rect, relative=1)
            else:
                canvas.linkURL(href, rect, relative=1)

    def _draw_bullet(self, canvas: Any, y: float) -> None:
        """The bullet (or number) at the paragraph's start, left or right, in its own font."""
        style = self.style
        color = getattr(style, "bulletColor", None) or style.textColor
        frag = _BulletFrag(self.bulletText or "", style.bulletFontName, style.bulletFontSize, color)
        is_rtl = self.is_rtl_document
        bullet = _prepare([frag], self.language, is_rtl, force=True)
        runs = _line_runs(bullet, 0, len(bullet.text), self.language)
        width = sum(run.width for run in runs)
        x = self.width - style.bulletIndent - width if is_rtl else style.bulletIndent
        self._draw_line(canvas, runs, x, y + getattr(style, "bulletOffsetY", 0))
        self._body_begins()

    def _body_begins(self) -> None:
        """After the bullet (a list item's label): what follows is the item's body."""
        canv = self.canv
        if isinstance(canv, TaggingCanvas) and self._open is not None:
            if self._open is self.label_tag:
                canv.close(self._open)
                self._open = self.tag
                if self.tag is not None:
                    canv.open_tag(self.tag)


_PREPARED: dict[tuple[Any, ...], _Text] = {}
"""Text already prepared, by paragraph XML, style, language and direction: the running header,
the footer and the page label are made anew on every page. The oldest go first past 512."""


def _style_key(style: ParagraphStyle) -> tuple[Any, ...]:
    """What of a style changes how its text is prepared (its fonts, sizes and colours)."""
    return (
        style.name,
        style.fontName,
        style.fontSize,
        str(style.textColor),
        getattr(style, "bulletFontName", None),
    )


def _embolden(frags: list[Any], style: ParagraphStyle) -> None:
    """In a paragraph whose style is bold (a heading), text set in another face (a script
    face, by <font>) is bold too: ReportLab gives it the face's regular."""
    try:
        _family, is_bold, _italic = ps2tt(style.fontName)
    except ValueError:
        return
    if not is_bold:
        return
    for frag in frags:
        if getattr(frag, "bold", 1) or hasattr(frag, "cbDefn"):
            continue
        try:
            family, _b, italic = ps2tt(frag.fontName)
            frag.fontName = tt2ps(family, 1, italic)
            frag.bold = 1
        except ValueError:
            continue


_WHITE_SPACE = re.compile(r"\s+").sub
"""White space as str.isspace has it (the zero-width space is not)."""


@dataclass(slots=True)
class _BulletFrag:
    text: str
    fontName: str  # noqa: N815
    fontSize: float  # noqa: N815
    textColor: Any  # noqa: N815
    rise: float = 0
    link: Any = None
    us_lines: Any = None
    bold: int = 0


def _prepare(frags: list[Any], language: str, is_rtl_document: bool, force: bool = False) -> _Text:
    """The paragraph's text, its characters' fragments, levels, widths and break points.
    `force`: the direction given holds whatever the text (a bullet takes its paragraph's)."""
    pieces: list[str] = []
    frag_of: list[int] = []
    last = " "  # the last character kept (none yet: as after a space)
    for k, frag in enumerate(frags):
        if hasattr(frag, "cbDefn"):
            continue  # no inline images or anchors in cdbooklet's paragraphs
        # White space runs are one space, none at the start (nor, below, at the end).
        piece = _WHITE_SPACE(" ", frag.text)
        if piece[:1] == " " and last == " ":
            piece = piece[1:]
        if piece:
            pieces.append(piece)
            frag_of.extend([k] * len(piece))
            last = piece[-1]
    text = "".join(pieces)
    if text.endswith(" "):
        text = text.rstrip(" ")
        del frag_of[len(text) :]
    is_rtl = is_rtl_document
    own = bidi.first_strong_is_rtl(text)
    if (
        not force
        and own is not None
        and own != is_rtl_document
        and not _has_strong(text, is_rtl_document)
    ):
        is_rtl = own
    levels = bidi.levels(text, is_rtl)
    script_list = list(map(scripts.script_of, text))
    allowed = breaks.opportunities(text)
    widths, tops, bottoms, shaped = _measure(text, frag_of, frags, levels, script_list, language)
    return _Text(
        text,
        frag_of,
        frags,
        is_rtl,
        levels,
        widths,
        tops,
        bottoms,
        shaped,
        allowed,
        [i for i, may in enumerate(allowed) if may],
        breaks.cluster_starts(text),
        script_list,
    )


def _has_strong(text: str, is_rtl: bool) -> bool:
    """Whether text holds a letter of the direction given."""
    wanted = ("R", "AL") if is_rtl else ("L",)
    return any(unicodedata.bidirectional(ch) in wanted for ch in set(text))


def _segments(
    script_list: list[str | None], frag_of: list[int], levels: list[int], start: int, end: int
) -> list[tuple[int, int]]:
    """text[start:end] cut where the fragment, the level or the script changes (characters of
    no script of their own go with the run they are in), given each character's script.
    `levels` is indexed from `start`."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        j = i + 1
        script = script_list[i]
        frag, level = frag_of[i], levels[i - start]
        while j < end and frag_of[j] == frag and levels[j - start] == level:
            next_script = script_list[j]
            if next_script is not None and script is not None and next_script != script:
                break
            script = script or next_script
            j += 1
        out.append((i, j))
        i = j
    return out


_ZERO = (0.0,)


def _measure(
    text: str,
    frag_of: list[int],
    frags: list[Any],
    levels: list[int],
    script_list: list[str | None],
    language: str,
) -> tuple[array[float], array[float], array[float], dict[tuple[int, int], shaping.Shaped]]:
    """Each character's advance, how far its ink reaches above and below the baseline, and
    each shaped segment's glyphs: shaped runs measured by HarfBuzz (on a cluster's first
    character), the rest character by character (advances only)."""
    shaped: dict[tuple[int, int], shaping.Shaped] = {}
    # Arrays, not lists: tens of thousands of numbers a booklet, which the garbage collector
    # would otherwise visit one by one.
    widths = array("d", _ZERO) * len(text)
    tops = array("d", _ZERO) * len(text)
    bottoms = array("d", _ZERO) * len(text)
    for start, end in _segments(script_list, frag_of, levels, 0, len(text)):
        frag = frags[frag_of[start]]
        size = frag.fontSize
        piece = text[start:end]
        script = next((s for s in script_list[start:end] if s is not None), None)
        if (levels[start] % 2 or script in scripts.SHAPED) and _is_truetype(frag.fontName):
            rtl = bool(levels[start] % 2)
            glyphs = shaping.shape(
                piece, frag.fontName, is_rtl=rtl, script=script, language=language
            )
            shaped[(start, end)] = glyphs
            for _char, advance, _x, _y, _width, cluster, top, bottom in glyphs:
                at = start + cluster
                widths[at] += advance * size / 1000
                top = top * size / 1000
                if top > tops[at]:
                    tops[at] = top
                bottom = bottom * size / 1000
                if bottom < bottoms[at]:
                    bottoms[at] = bottom
        else:
            for i in range(start, end):
                ch = text[i]
                widths[i] = 0.0 if ch in _UNDRAWN else _char_width(frag.fontName, ch) * size
    return widths, tops, bottoms, shaped


@cache
def _char_width(font_name: str, ch: str) -> float:
    """A character's advance at one point."""
    return float(stringWidth(ch, font_name, 1000)) / 1000


def _line_runs(t: _Text, start: int, end: int, language: str) -> list[_Run]:
    """The runs of the line text[start:end], in the order they are seen from left to right,
    each shaped where its script needs it or it reads right to left (which mirrors brackets)."""
    found = t.lines.get((start, end))
    if found is None:
        found = t.lines[(start, end)] = _make_line_runs(t, start, end, language)
    return found


def _make_line_runs(t: _Text, start: int, end: int, language: str) -> list[_Run]:
    base = 1 if t.is_rtl else 0
    levels = bidi.line_levels(t.text, t.levels, start, end, base)
    ink_end = end
    while ink_end > start and t.text[ink_end - 1] == " ":
        ink_end -= 1
    pieces = _segments(t.scripts, t.frag_of, levels, start, ink_end)
    pieces += _segments(t.scripts, t.frag_of, levels, ink_end, end) if ink_end < end else []
    order = bidi.visual_order([levels[s - start] for s, _e in pieces])
    runs: list[_Run] = []
    for index in order:
        s, e = pieces[index]
        level = levels[s - start]
        frag = t.frags[t.frag_of[s]]
        text = t.text[s:e]
        script = next((x for x in t.scripts[s:e] if x is not None), None)
        size = frag.fontSize
        trailing = s >= ink_end
        if (level % 2 or script in scripts.SHAPED) and _is_truetype(frag.fontName):
            glyphs, base = _glyphs_of(t, s, e, level, frag.fontName, script, language)
            width = shaping.run_width(glyphs, size)
            runs.append(_Run(s, e, level, frag, glyphs, base, text, width, trailing))
        else:
            shown = "".join(ch for ch in text if ch not in _UNDRAWN)
            width = stringWidth(shown, frag.fontName, size)
            runs.append(_Run(s, e, level, frag, None, 0, text, width, trailing))
    return runs


def _glyphs_of(
    t: _Text, start: int, end: int, level: int, font: str, script: str | None, language: str
) -> tuple[Sequence[shaping.Glyph], int]:
    """The glyphs of text[start:end], a run of a line: from the segment it was measured in when
    the run lies inside one at the same level (a line's own trailing spaces, at the paragraph's
    level, may not), else shaped now; and what their clusters count from (`shaping.piece`)."""
    is_rtl = bool(level % 2)
    for (s, e), glyphs in t.shaped.items():
        if s <= start and end <= e and bool(t.levels[s] % 2) == is_rtl:
            return shaping.piece(
                glyphs,
                start - s,
                end - s,
                t.text[s:e],
                font,
                is_rtl=is_rtl,
                script=script,
                language=language,
            )
    alone = shaping.shape(t.text[start:end], font, is_rtl=is_rtl, script=script, language=language)
    return alone, 0


def _line_end(t: _Text, start: int, stop: int, room: float) -> int:
    """Where the line starting at `start` ends: after the last break point that keeps it within
    `room` points (the spaces it ends in may run past), or, when even its first word is wider,
    after the last grapheme cluster that fits (at least one)."""
    text, n = t.text, stop
    limit = room + 1e-6
    # The first character that would end past the room (spaces may), the widths added up as
    # they come.
    ends = accumulate(t.widths[start:stop])
    i = next((k for k, x in enumerate(ends, start) if x > limit and text[k] != " "), n)
    if i == n:
        return n
    # The last break point up to it.
    k = bisect_right(t.breaks_at, i) - 1
    if k >= 0 and t.breaks_at[k] > start:
        return t.breaks_at[k]
    # A word wider than the line: cut it between grapheme clusters.
    cut = i
    while cut > start and not t.clusters[cut]:
        cut -= 1
    if cut <= start:
        cut = start + 1
        while cut < n and not t.clusters[cut]:
            cut += 1
    return cut


def _text_object(state: list[str], x: float, y: float, ops: list[str]) -> str:
    """A text object drawing `ops` from (x, y), after the colour and rendering `state`."""
    return "\n".join(["BT", *state, f"1 0 0 1 {num(x)} {num(y)} Tm", *ops, "ET"])


def _plain_operators(canvas: Any, font_name: str, size: float, text: str) -> list[str]:
    """Operators drawing text character by character (no shaping): in a TrueType face's
    subsets, or in a standard font's encoding (a bullet in ReportLab's default font)."""
    shown = "".join(ch for ch in text if ch not in _UNDRAWN)
    if not shown:
        return []
    font: Any = getFont(font_name)  # a TTFont has subsets (the stubs type it as any Font)
    if not _is_truetype(font_name):
        tx = canvas.beginText()
        tx.setFont(font_name, size)
        tx.textOut(shown)
        code = tx.getCode()
        return [code[len("BT ") : -len(" ET")]] if code.startswith("BT ") else [code]
    doc = canvas._doc
    ops = []
    for subset, chunk in font.splitString(shown, doc):
        ops.append(f"{font.getSubsetInternalName(subset, doc)} {num(size)} Tf")
        ops.append(f"({escapePDF(chunk)}) Tj")
    return ops


@cache
def _is_truetype(font_name: str) -> bool:
    """Whether a registered font is a TrueType face (which can be shaped and subset)."""
    return hasattr(getFont(font_name), "splitString")


def _fill(color: Any) -> str:
    """A fill colour operator for a ReportLab colour."""
    if isinstance(color, CMYKColor):
        values = (color.cyan, color.magenta, color.yellow, color.black)
        return " ".join(map(num, values)) + " k"
    if isinstance(color, Color):
        return f"{num(color.red)} {num(color.green)} {num(color.blue)} rg"
    return "0 0 0 rg"


def _stroke(color: Any) -> str:
    """The stroke colour operator for the same colour."""
    fill = _fill(color)
    return fill[:-2] + "RG" if fill.endswith("rg") else fill[:-1] + "K"
