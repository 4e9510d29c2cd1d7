"""Where the bundled fonts are and which families they make. Never imports ReportLab.

The fonts live in the repository's `fonts/` folder (a wheel carries them as `cdbooklet/fonts`).
A family is four TrueType files named `<Family>-Regular.ttf`, `-Bold`, `-Italic` and `-BoldItalic`
(or `-Oblique` / `-BoldOblique`), where <Family> is the family name without spaces.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_FAMILY = "Atkinson Hyperlegible"
FALLBACK_FAMILY = "DejaVu Sans"
_STYLES = {
    "regular": ("Regular", ""),
    "bold": ("Bold",),
    "italic": ("Italic", "Oblique"),
    "bold_italic": ("BoldItalic", "BoldOblique"),
}
_KNOWN_NAMES = {"AtkinsonHyperlegible": DEFAULT_FAMILY, "DejaVuSans": FALLBACK_FAMILY}


@dataclass(frozen=True, slots=True)
class Family:
    """The four files of one font family."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@cache
def fonts_dir() -> Path:
    """The bundled fonts folder: $CDBOOKLET_FONTS, the package's copy, or the repository's."""
    candidates = [
        Path(os.environ["CDBOOKLET_FONTS"]) if os.environ.get("CDBOOKLET_FONTS") else None,
        Path(__file__).parent / "fonts",
        Path(__file__).resolve().parents[2] / "fonts",
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "AtkinsonHyperlegible-Regular.ttf").is_file():
            return candidate
    raise FileNotFoundError("the bundled fonts folder is missing: reinstall cdbooklet")


@cache
def _families() -> dict[str, Family]:
    folder = fonts_dir()
    stems = {p.stem for p in folder.glob("*.ttf")}
    found: dict[str, Family] = {}
    for stem in sorted(stems):
        base, _, style = stem.partition("-")
        if style not in ("Regular", ""):
            continue
        paths: dict[str, Path] = {}
        for key, suffixes in _STYLES.items():
            for suffix in suffixes:
                name = f"{base}-{suffix}" if suffix else base
                if name in stems:
                    paths[key] = folder / f"{name}.ttf"
                    break
        if len(paths) == 4:
            display = _KNOWN_NAMES.get(base, _spaced(base))
            found[display] = Family(display, **paths)
    return found


def families() -> list[str]:
    """The family names a clinic may write as `font:` in branding.yaml."""
    return sorted(_families())


def family(name: str) -> Family:
    """The files of one family, by its name."""
    return _families()[name]


def _spaced(base: str) -> str:
    out = ""
    for i, ch in enumerate(base):
        if ch.isupper() and i and not base[i - 1].isupper():
            out += " "
        out += ch
    return out
