"""Where the bundled fonts are and which families they make. Never imports ReportLab.

The fonts live in the repository's `fonts/` folder (a wheel carries them as `cdbooklet/fonts`).
A family is four TrueType files named `<Family>-Regular.ttf`, `-Bold`, `-Italic` and `-BoldItalic`
(or `-Oblique` / `-BoldOblique`), where <Family> is the family name without spaces.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from cdbooklet.text.markup import Face, Glyphs
from cdbooklet.text.scripts import is_simplified_chinese
from cdbooklet.truetype import char_map

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
        Path(__file__).parents[1] / "fonts",
        Path(__file__).resolve().parents[3] / "fonts",
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


@cache
def coverage(name: str) -> frozenset[int]:
    """The code points every face of a family can draw, read from their cmap tables.

    A small reader of our own (a few milliseconds), so that neither `check` nor a build has to
    parse whole fonts with ReportLab to know which characters it can print.
    """
    faces = family(name)
    sets = [
        _cmap(path.read_bytes())
        for path in (faces.regular, faces.bold, faces.italic, faces.bold_italic)
    ]
    return frozenset(set.intersection(*sets))


def _cmap(data: bytes) -> set[int]:
    """The code points a font file's character map gives a glyph (`truetype.char_map`)."""
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = offset
    base = tables[b"cmap"]
    (n,) = struct.unpack_from(">H", data, base + 2)
    subtables = {}
    for i in range(n):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        subtables[(platform, encoding)] = base + offset
    # Prefer the full-Unicode table (format 12), else the BMP one (format 4).
    for key in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3)):
        if key in subtables:
            found = char_map(data, subtables[key])
            if found is not None:
                chars, glyphs = found
                return {c for c, g in zip(chars, glyphs, strict=True) if g and c != 0xFFFF}
    return set()


@dataclass(frozen=True, slots=True)
class ScriptFace:
    """A bundled face for the letters of some scripts (in `fonts/scripts/`): regular, and bold
    when the face has one (without, layout thickens the regular strokes for bold)."""

    name: str
    """The name it is registered under."""
    regular: str
    bold: str | None
    scripts: tuple[str, ...]
    """The scripts it prints (names from `text.scripts`)."""
    languages: tuple[str, ...] = ()
    """Languages (primary subtags) that prefer it where another face prints the same script:
    Japanese sets Han in the Japanese face, Chinese in the Chinese one."""
    only: str | None = None
    """The only characters it prints, when it is tried first for some of a script's
    characters only."""


SCRIPT_FACES = (
    ScriptFace(
        "NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", ("Arabic",)
    ),
    ScriptFace(
        "NotoSansHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", ("Hebrew",)
    ),
    ScriptFace(
        "NotoSansDevanagari",
        "NotoSansDevanagari-Regular.ttf",
        "NotoSansDevanagari-Bold.ttf",
        ("Devanagari",),
    ),
    ScriptFace(
        "NotoSansBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf", ("Bengali",)
    ),
    ScriptFace(
        "NotoSansGurmukhi",
        "NotoSansGurmukhi-Regular.ttf",
        "NotoSansGurmukhi-Bold.ttf",
        ("Gurmukhi",),
    ),
    ScriptFace(
        "NotoSansGujarati",
        "NotoSansGujarati-Regular.ttf",
        "NotoSansGujarati-Bold.ttf",
        ("Gujarati",),
    ),
    ScriptFace("NotoSansThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf", ("Thai",)),
    ScriptFace("NotoSansKhmer", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf", ("Khmer",)),
    ScriptFace(
        "NotoSansEthiopic",
        "NotoSansEthiopic-Regular.ttf",
        "NotoSansEthiopic-Bold.ttf",
        ("Ethiopic",),
    ),
    ScriptFace("NanumGothic", "NanumGothic.ttf", "NanumGothicBold.ttf", ("Hangul", "Han"), ("ko",)),
    ScriptFace("VLPGothic", "VL-PGothic-Regular.ttf", None, ("Kana", "Han"), ("ja",)),
    ScriptFace("DroidSansFallback", "DroidSansFallbackFull.ttf", None, ("Han", "Kana"), ("zh",)),
)
"""Every script face, in the order a script's faces are tried when the language prefers none
of them: Chinese before Japanese before Korean for Han."""

MAINLAND_PUNCTUATION = ScriptFace(
    "VLPGothic", "VL-PGothic-Regular.ttf", None, ("Han",), ("zh-Hans",), only="，．"
)
"""Simplified Chinese sets its comma low at the left of the character's square, as Japanese
does; Droid Sans Fallback centres it (the Taiwan style; its full stop and enumeration comma
already sit low at the left). So in Simplified Chinese the comma comes from the Japanese face."""


def script_faces(language: str) -> list[ScriptFace]:
    """The script faces in the order they are tried for a booklet in `language`: those the
    language prefers first, then the rest in `SCRIPT_FACES` order (Droid Sans Fallback, the
    Chinese face, before the Japanese and Korean ones for Han)."""
    primary = language.replace("_", "-").split("-")[0].lower()

    def rank(face: ScriptFace) -> int:
        return 0 if primary in face.languages else 1 if "zh" in face.languages else 2

    faces = sorted(SCRIPT_FACES, key=rank)
    return [MAINLAND_PUNCTUATION, *faces] if is_simplified_chinese(language) else faces


def script_face_path(filename: str) -> Path:
    """Where a script face's file is."""
    return fonts_dir() / "scripts" / filename


@cache
def script_coverage(face: ScriptFace) -> frozenset[int]:
    """The code points a script face prints, in its regular and (if any) bold file alike (of
    its `only` characters, when it has them)."""
    sets = [_cmap(script_face_path(face.regular).read_bytes())]
    if face.bold is not None:
        sets.append(_cmap(script_face_path(face.bold).read_bytes()))
    if face.only is not None:
        sets.append({ord(ch) for ch in face.only})
    return frozenset(set.intersection(*sets))


def script_family(face: ScriptFace, has_italics: bool = True) -> str:
    """The family name a script face is registered under: large print (no italics) has its
    own names, as the text family does."""
    return face.name + ("" if has_italics else "-Plain")


def glyphs(
    font: str,
    language: str,
    *,
    fallback_font: str = FALLBACK_FAMILY,
    has_italics: bool = True,
    use_fallback: Callable[[], object] | None = None,
    use_face: Callable[[ScriptFace], object] | None = None,
) -> Glyphs:
    """What can print which characters, for a booklet in `language` set in the family `font`:
    the family, the fallback family (`fallback_font`, its registered name) and the script faces
    in the order the language tries them. `use_fallback` and `use_face` register a font before
    text is first set in it (layout passes them; `check` sets nothing)."""
    return Glyphs(
        primary=coverage(font),
        fallback=coverage(FALLBACK_FAMILY),
        fallback_font=fallback_font,
        use_fallback=use_fallback,
        faces=tuple(
            Face(
                script_family(face, has_italics),
                frozenset(face.scripts),
                partial(script_coverage, face),
                partial(use_face, face) if use_face is not None else None,
            )
            for face in script_faces(language)
        ),
    )
