"""Colour arithmetic for readable print: parsing #RRGGBB, WCAG contrast, darkening, grays.

Pure functions on "#RRGGBB" strings. Never imports ReportLab.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
WHITE = "#FFFFFF"


def parse_hex(text: str) -> str | None:
    """ "#1f5c99", "1F5C99" or "#15c" -> "#1F5C99"; anything else -> None."""
    m = _HEX.match(text.strip())
    if not m:
        return None
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in (r, g, b))


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken_to_contrast(fg: str, bg: str = WHITE, target: float = 4.5) -> str:
    """The same hue, darkened just enough to reach `target` contrast on `bg`."""
    if contrast(fg, bg) >= target:
        return fg
    r, g, b = _rgb(fg)
    for step in range(1, 101):
        k = 1 - step / 100
        candidate = _hex(r * k, g * k, b * k)
        if contrast(candidate, bg) >= target:
            return candidate
    return "#000000"


def tint(hex_colour: str, amount: float) -> str:
    """Mix with white: amount 0 is the colour, 1 is white (for box backgrounds)."""
    r, g, b = _rgb(hex_colour)
    return _hex(r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def gray(hex_colour: str) -> str:
    """The gray of the same luminance, so contrast is unchanged in black-and-white print."""
    target = luminance(hex_colour)
    # Invert the sRGB transfer function for one channel.
    c = target * 12.92 if target <= 0.0031308 else 1.055 * target ** (1 / 2.4) - 0.055
    return _hex(c, c, c)
