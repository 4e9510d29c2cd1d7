"""Right-to-left text: the Unicode Bidirectional Algorithm (UAX #9) for one paragraph, giving
each character's embedding level, and the order in which a line's runs are seen. Never imports
ReportLab.

The levels come from python-bidi, which wraps the Rust `unicode-bidi` crate (UAX #9 with
isolates and bracket pairs). Its only way to return them is its documented `debug=True` output
(the crate's `BidiInfo`, levels per byte of the UTF-8 text), read here; it is imported only for
paragraphs that hold a right-to-left letter or are set right to left.
Lines are broken first, in logical order, and only then reordered (rules L1 and L2), so a line
holds the words it would hold in a left-to-right language.

One higher-level protocol (UAX #9 section 4.3) is applied: in a paragraph with right-to-left
text, a number written with separators (a phone number such as 555-1234 or +1 (555) 123 4567,
a date, a time) is an isolated left-to-right run. The algorithm alone reads "555-1234" after
an Arabic word as two numbers in right-to-left order (1234-555), and groups split by spaces
likewise, which no reader wants.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

_LEVEL = re.compile(r"Level\(\s*(\d+)")
NUMBER = re.compile(
    r"\+?(?:\d+[ \u00a0]?)?(?:\(\d+\)[ \u00a0]?)?\d+(?:[.:/ \u00a0\-\u2010\u2011]\d+)+"
)
"""A number written in groups: digits (any script's) with . : / - or single spaces (or no-break
spaces) between the groups, perhaps after a + and an area code in brackets (555-1234,
+1 (555) 123 4567, 17:30, 2026/03/07). One group alone (omega-3, B12) is left to the
algorithm. The HTML edition isolates the same numbers (`web.site`)."""
_LRI, _PDI = "\u2066", "\u2069"
_STRONG = {"L": False, "R": True, "AL": True}
_RIGHT = frozenset({"R", "AL", "RLE", "RLO", "RLI", "FSI"})
_NOT_PLAIN_RTL = frozenset(
    {"L", "EN", "AN", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "B", "S"}
)
"""Classes that give a right-to-left paragraph a level other than 1 somewhere (B and S reset
what follows them to the paragraph level, which is 1 anyway, but are rare: left to the
algorithm)."""
_LINE_END_NEUTRAL = frozenset({"WS", "S", "B", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})
_ISOLATES = frozenset({"LRI", "RLI", "FSI", "PDI"})
_SEPARATOR = re.compile("[\t\n\x0b\r\x1c-\x1f\x85\u2029]")
"""The characters of bidirectional class S or B (segment and paragraph separators), as
Unicode 14 has them (tests/text check the list against unicodedata)."""


def first_strong_is_rtl(text: str) -> bool | None:
    """The direction of a paragraph's first strong letter (rules P2 and P3, skipping what sits
    inside isolates): True for right to left, False for left to right, None if it has none."""
    depth = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind in _STRONG:
            return _STRONG[kind]
    return None


def levels(text: str, is_rtl: bool) -> list[int]:
    """The embedding level of each character of one paragraph (no line breaks in it), its base
    direction given: even levels read left to right, odd ones right to left."""
    if not text:
        return []
    classes = {unicodedata.bidirectional(c) for c in set(text)}
    if not is_rtl and not classes & _RIGHT:
        return [0] * len(text)  # nothing right to left: no need for the algorithm
    if is_rtl and not classes & _NOT_PLAIN_RTL:
        return [1] * len(text)  # right-to-left letters and neutrals only: level 1 throughout
    from bidi import get_display  # type: ignore[import-untyped]  # python-bidi: only for RTL

    # Numbers with separators as left-to-right isolates (see the module docstring).
    shown: list[str] = []
    kept: list[bool] = []  # per character of `shown`: one of the paragraph's own
    at = 0
    for match in NUMBER.finditer(text):
        if not any(not c.isdigit() for c in match.group()):
            continue  # a plain number needs no help
        for ch in text[at : match.start()]:
            shown.append(ch)
            kept.append(True)
        shown.append(_LRI)
        kept.append(False)
        for ch in match.group():
            shown.append(ch)
            kept.append(True)
        shown.append(_PDI)
        kept.append(False)
        at = match.end()
    for ch in text[at:]:
        shown.append(ch)
        kept.append(True)
    all_levels = _levels("".join(shown), is_rtl, get_display)
    return [level for level, own in zip(all_levels, kept, strict=True) if own]


def _levels(text: str, is_rtl: bool, get_display: Any) -> list[int]:
    """python-bidi's levels for each character (its debug output gives them per byte)."""
    report = str(get_display(text, base_dir="R" if is_rtl else "L", debug=True))
    start = report.rindex("\n    levels: [\n")
    end = report.index("\n    ],\n", start)
    by_byte = [int(n) for n in _LEVEL.findall(report, start, end)]
    encoded = text.encode("utf-8")
    if len(by_byte) != len(encoded):
        raise RuntimeError(
            f"python-bidi gave {len(by_byte)} levels for {len(encoded)} bytes: "
            "its debug output has changed (see cdbooklet.text.bidi)"
        )
    out: list[int] = []
    at = 0
    for ch in text:
        out.append(by_byte[at])
        at += len(ch.encode("utf-8"))
    return out


def line_levels(
    text: str, para_levels: Sequence[int], start: int, end: int, base: int
) -> list[int]:
    """The levels of a line (text[start:end]) with rule L1 applied: white space and isolate
    marks at the end of the line, and before a segment or paragraph separator, take the
    paragraph's level `base`, so they sit at the line's far end, not inside it."""
    out = list(para_levels[start:end])
    i = end - 1
    while i >= start:
        kind = unicodedata.bidirectional(text[i])
        if kind in _LINE_END_NEUTRAL or kind in _ISOLATES:
            out[i - start] = base
            i -= 1
        else:
            break
    if _SEPARATOR.search(text, start, end) is None:
        return out  # no separator (a paragraph's text has none: white space is a space)
    for j in range(start, end):
        if unicodedata.bidirectional(text[j]) in ("S", "B"):
            out[j - start] = base
            k = j - 1
            while k >= start and (
                unicodedata.bidirectional(text[k]) in _LINE_END_NEUTRAL
                or unicodedata.bidirectional(text[k]) in _ISOLATES
            ):
                out[k - start] = base
                k -= 1
    return out


def visual_order(run_levels: Sequence[int]) -> list[int]:
    """Rule L2 over a line's runs (each of one level): the runs' indices in the order they are
    seen from left to right. A run's own characters read right to left when its level is odd."""
    order = list(range(len(run_levels)))
    if not run_levels:
        return order
    highest = max(run_levels)
    lowest_odd = min((level for level in run_levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if run_levels[order[i]] >= level:
                j = i
                while j < n and run_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order
