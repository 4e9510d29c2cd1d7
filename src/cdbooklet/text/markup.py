"""Safe inline markup: content text -> ReportLab paragraph XML. The only producer of that XML.

Every character a clinic types is escaped exactly once (`escape`, as XML escapes it); only
`**bold**`, `*italic*` and `[text](url)` with an http, https, mailto or tel address become tags.
Words with letters the text font lacks are set in the fallback font, and letters of the scripts
with faces of their own (Arabic, Devanagari, Han…: see `text.scripts`) in those faces; characters
no bundled font has are left out, with a warning naming their script. Pure string work: never
imports ReportLab.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from cdbooklet.text.scripts import FORMAT, script_name, script_of

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")

_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])")
_WORD = re.compile(r"\S+|\s+")
_SPACES = re.compile(r"  +").sub


def escape(text: str) -> str:
    """Text as XML character data: &, < and > as entities (as xml.sax.saxutils does, whose
    import pulls in urllib.request and the email package: a third of a quick command's time)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(xml: str) -> str:
    """The text `escape` (or `quoteattr`) made XML of."""
    for entity, ch in (
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&#10;", "\n"),
        ("&#13;", "\r"),
        ("&#9;", "\t"),
        ("&amp;", "&"),
    ):
        xml = xml.replace(entity, ch)
    return xml


def quoteattr(value: str) -> str:
    """A double-quoted XML attribute value."""
    value = escape(value).replace('"', "&quot;")
    return '"' + value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


@dataclass(frozen=True, slots=True)
class Face:
    """A face for the letters of some scripts (Arabic, Han…), with the characters it draws."""

    name: str
    """Its registered family name."""
    scripts: frozenset[str]
    chars: Callable[[], frozenset[int]]
    """The code points it draws (read from the font file the first time they are asked for)."""
    use: Callable[[], object] | None = None
    """Called before text is first set in it (it loads the face; what it returns is not used)."""


@dataclass(frozen=True, slots=True)
class Glyphs:
    """Which characters the text font, the fallback font and the script faces can draw."""

    primary: frozenset[int]
    fallback: frozenset[int]
    fallback_font: str
    """The registered family name of the fallback font."""
    use_fallback: Callable[[], object] | None = None
    """Called before text is first set in the fallback font (it loads the font's faces; what
    it returns is not used)."""
    faces: tuple[Face, ...] = ()
    """The script faces, in the order the booklet's language tries them."""
    memo: dict[str, int | Face] = field(default_factory=dict, compare=False, hash=False)
    """What becomes of each character met so far (see `_kind`): a booklet in Arabic or
    Chinese asks about the same few hundred characters tens of thousands of times."""
    words: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """The XML of each plain word met so far that needed no warning (see `_word_xml`): a
    booklet's words come again and again."""


KEPT_FORMAT = FORMAT
"""Invisible format characters kept when script faces are in use (see `text.scripts.FORMAT`)."""


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with its inline style."""

    text: str
    is_bold: bool = False
    is_italic: bool = False
    href: str | None = None


Warn = Callable[[str], None]


def is_allowed_url(url: str) -> bool:
    """True for the link addresses content may use: http(s) with a host, mailto and tel."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return scheme in ("mailto", "tel") and bool(parts.path)


def find_links(text: str) -> list[str]:
    """Every address written as `[text](address)`, for validation."""
    return [m.group(2) for m in _LINK.finditer(text)]


def parse_inline(text: str) -> list[Span]:
    """Split text into styled spans. Never raises; unmatched markers stay as typed."""
    spans: list[Span] = []
    pos = 0
    for m in _LINK.finditer(text):
        spans.extend(_emphasis(text[pos : m.start()]))
        url = m.group(2)
        if is_allowed_url(url):
            spans.extend(Span(s.text, s.is_bold, s.is_italic, url) for s in _emphasis(m.group(1)))
        else:
            # Not a link we allow: print exactly what was typed.
            spans.append(Span(m.group(0)))
        pos = m.end()
    spans.extend(_emphasis(text[pos:]))
    return [s for s in spans if s.text]


def plain_text(text: str) -> str:
    """The words a reader sees, without markup (for metadata, outline and counts)."""
    return " ".join("".join(s.text for s in parse_inline(text)).split())


def to_xml(
    text: str,
    glyphs: Glyphs | None = None,
    warn: Warn | None = None,
    link_color: str = "#000000",
    show_urls: bool = True,
) -> str:
    """Content text with inline markup -> paragraph XML, everything typed escaped."""
    out: list[str] = []
    for span in parse_inline(text):
        emphasis = _emphasis_of(span)
        inner = escape_text(span.text, glyphs, warn, emphasis)
        if emphasis is not None:
            inner = emphasis(inner)
        if span.href:
            inner = link(span.href, inner, link_color)
            shown = display_url(span.href)
            if show_urls and shown.lower() not in span.text.lower():
                inner += escape_text(f" ({shown})", glyphs, warn)
        out.append(inner)
    return "".join(out)


def in_font(text: str, chars: frozenset[int]) -> bool:
    """True when the font drawing `chars` prints every character of `text` as it is: no
    control, format or private-use marks, no space but " ", nothing for the fallback font, so
    nothing to warn about. Checked in one pass at C speed; it holds for most text."""
    return text.isprintable() and chars.issuperset(map(ord, text))


def escape_text(
    text: str,
    glyphs: Glyphs | None = None,
    warn: Warn | None = None,
    emphasis: Callable[[str], str] | None = None,
    *,
    whole: bool = False,
) -> str:
    """Plain text (no markup) -> escaped XML, with font fallback for words that need it.

    `emphasis` (bold or italic tags) is repeated inside each word set in the fallback font:
    ReportLab applies `<b>` to the font in use when it opens, so the fallback font's `<font>`
    inside it would set the word in the fallback's regular face. With `whole`, text the text
    font cannot print all of is set all in the fallback font when that can: a line of
    Vietnamese in one face, not a word in each."""
    text = unicodedata.normalize("NFC", text)
    if glyphs is not None and in_font(text, glyphs.primary):
        return escape(_SPACES(" ", text))  # the usual case
    if whole and glyphs is not None and in_font(text, glyphs.fallback):
        if glyphs.use_fallback is not None:
            glyphs.use_fallback()
        inner = escape(_SPACES(" ", text))
        inner = inner if emphasis is None else emphasis(inner)
        return f"<font face={quoteattr(glyphs.fallback_font)}>{inner}</font>"
    if glyphs is not None and glyphs.faces and emphasis is None:
        whole_run = _one_face_run(text, glyphs)
        if whole_run is not None:
            return whole_run
    return _word_by_word(text, glyphs, warn, emphasis)


def _word_by_word(
    text: str, glyphs: Glyphs | None, warn: Warn | None, emphasis: Callable[[str], str] | None
) -> str:
    """Text (NFC) as XML a word at a time: each word in the faces it needs (`_word_xml`), a
    word in the same script face as the one before joined to it."""
    out: list[str] = []
    ends: list[str | None] = []  # the face each piece of `out` ends in (`_last_face`)
    faces = {face.name for face in glyphs.faces} if glyphs is not None else set()
    for piece in _WORD.findall(text):
        if piece.isspace():
            out.append(" ")
            ends.append(None)
            continue
        xml = _word_xml(piece, glyphs, warn, emphasis)
        after, last = _faces_of(xml)
        if faces and len(out) >= 2 and out[-1] == " ":
            # A word in the same script face as the one before: one run with the space between
            # them, so that a line of Hindi or Arabic is shaped whole, as HarfBuzz shapes it.
            before = ends[-2]
            if before is not None and before == after and before in faces:
                out[-2] = out[-2][: -len("</font>")] + " " + xml[len(_opening(after)) :]
                ends[-2] = last  # the joined run ends as the word does
                out.pop()
                ends.pop()
                continue
        out.append(xml)
        ends.append(last)
    return "".join(out)


def _one_face_run(text: str, glyphs: Glyphs) -> str | None:
    """Text whose every word is set wholly in one script face (a paragraph of Hindi or
    Arabic), as `_word_by_word` makes it, without going word by word: one run of that face,
    the words joined by single spaces (white space before and after stays, as one space);
    None for other text. Decided from the text's characters, as `_runs_xml` sets them: each
    is a letter of the face, or (not starting a word) punctuation, a digit or a joiner the
    face has, which stays with the letter before it. A character left out or warned about
    (`_SKIP`, `_WARN`) leaves the text to `_word_by_word`, which says so."""
    words = text.split()
    if not words:
        return None
    kinds = {ch: _kind(ch, glyphs) for ch in set(text) if not ch.isspace()}
    face = next((kind for kind in kinds.values() if isinstance(kind, Face)), None)
    if face is None or face not in glyphs.faces:
        return None
    chars = face.chars()
    for ch, kind in kinds.items():
        if kind is face:
            continue
        if kind in (_FORMAT, _PRIMARY, _FALLBACK) and _stays_with(ch, kind, chars):
            continue  # stays with the letter before it
        return None
    if any(kinds[word[0]] is not face for word in words):
        return None  # a word that starts with punctuation: its first run is another face's
    if face.use is not None:
        face.use()
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{_opening(face.name)}{escape(' '.join(words))}</font>{trail}"


@lru_cache(maxsize=64)
def _opening(face: str) -> str:
    return f"<font face={quoteattr(face)}>"


@lru_cache(maxsize=4096)
def _faces_of(xml: str) -> tuple[str | None, str | None]:
    """The faces a word's XML starts and ends with (`_first_face`, `_last_face`)."""
    return _first_face(xml), _last_face(xml)


def _first_face(xml: str) -> str | None:
    """The face of the run `xml` starts with, if it starts with one."""
    found = _FACE_OPEN.match(xml)
    return found.group(1) if found else None


def _last_face(xml: str) -> str | None:
    """The face of the run `xml` ends with, if it ends with one."""
    if not xml.endswith("</font>"):
        return None
    opened = list(_FACE_OPEN.finditer(xml))
    return opened[-1].group(1) if opened else None


_FACE_OPEN = re.compile(r'<font face="([^"]+)">')


def link(href: str, inner_xml: str, color: str) -> str:
    """A link around already-escaped XML; `href` is an allowed URL or "#destination"."""
    return f"<a href={quoteattr(href)} color={quoteattr(color)}><u>{inner_xml}</u></a>"


def bold(inner_xml: str) -> str:
    """Bold XML, also inside the runs set in another face (`<font face=…>`): ReportLab sets
    such a run in the face's regular whatever is around it."""
    if "<font face=" in inner_xml:
        inner_xml = _FACE_RUN.sub(r"\1<b>\2</b>\3", inner_xml)
    return f"<b>{inner_xml}</b>"


_FACE_RUN = re.compile(r'(<font face="[^"]*">)(.*?)(</font>)', re.DOTALL)
"""A run in another face, as `escape_text` writes one (never nested)."""


def colored(inner_xml: str, color: str) -> str:
    return f"<font color={quoteattr(color)}>{inner_xml}</font>"


def display_url(url: str) -> str:
    """How an address reads on paper: no scheme, no trailing slash."""
    for prefix in ("https://", "http://", "mailto:", "tel:"):
        if url.lower().startswith(prefix):
            url = url[len(prefix) :]
            break
    return url.rstrip("/")


def _emphasis(text: str) -> Iterator[Span]:
    pos = 0
    for start, end in _bold_runs(text):
        yield from _italic(text[pos:start], is_bold=False)
        yield from _italic(text[start + 2 : end - 2], is_bold=True)
        pos = end
    yield from _italic(text[pos:], is_bold=False)


def _bold_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each `**bold**` run: "**", then a non-space, ..., a non-space, "**".

    The same runs as the regex `\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*`, found in linear time. That regex
    backtracks: on text with many "**" openers and no closer (`**a **a **a …`, easily pasted)
    every opener scans to the end, and a 1 MB paragraph took hours.
    """
    pos = 0
    while (start := text.find("**", pos)) >= 0:
        inner = start + 2
        if inner >= len(text) or text[inner].isspace():
            pos = start + 1
            continue
        close = text.find("**", inner + 1)
        while close >= 0 and text[close - 1].isspace():
            close = text.find("**", close + 1)
        if close < 0:
            # Any closer a later opener could use would have closed this one: none is left.
            return
        yield start, close + 2
        pos = close + 2


def _italic(text: str, is_bold: bool) -> Iterator[Span]:
    pos = 0
    for m in _ITALIC.finditer(text):
        yield Span(text[pos : m.start()], is_bold=is_bold)
        yield Span(m.group(1), is_bold=is_bold, is_italic=True)
        pos = m.end()
    yield Span(text[pos:], is_bold=is_bold)


def _emphasis_of(span: Span) -> Callable[[str], str] | None:
    """The tags that make a span's XML bold and italic, or None for plain text."""
    if not (span.is_bold or span.is_italic):
        return None

    def emphasise(xml: str) -> str:
        if span.is_italic:
            xml = f"<i>{xml}</i>"
        return f"<b>{xml}</b>" if span.is_bold else xml

    return emphasise


_SKIP, _WARN, _FORMAT, _PRIMARY, _FALLBACK = range(5)
"""What becomes of a character (`_kind`), unless it is set in a script face (then the Face):
left out silently (control codes, lone surrogates, invisible format marks), left out with a
warning (private use, unassigned, no bundled font has it), kept as a format mark the script
layout uses, set in the text font, or in the fallback font."""


def _kind(ch: str, glyphs: Glyphs) -> int | Face:
    """What becomes of a character in text set with these glyphs (remembered per character)."""
    found = glyphs.memo.get(ch)
    if found is None:
        found = glyphs.memo[ch] = _classify(ch, glyphs)
    return found


def _classify(ch: str, glyphs: Glyphs) -> int | Face:
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs"):
        return _SKIP  # control codes and lone surrogates: nothing to print
    if category in ("Co", "Cn"):
        # Private-use (an icon font's symbols, pasted from a web page) and unassigned code
        # points: no letter to print, but something the writer meant, so say so.
        return _WARN
    code = ord(ch)
    if category == "Cf" and code not in glyphs.primary:
        # Joiners and direction marks the script layout uses; other invisible format marks go.
        return _FORMAT if glyphs.faces and ch in KEPT_FORMAT else _SKIP
    face = _face_of(ch, glyphs.faces, glyphs) if glyphs.faces else None
    if face is not None:
        return face
    if code in glyphs.primary:
        return _PRIMARY
    return _FALLBACK if code in glyphs.fallback else _WARN


def _word_xml(
    word: str, glyphs: Glyphs | None, warn: Warn | None, emphasis: Callable[[str], str] | None
) -> str:
    if glyphs is None:
        return escape(_unmarked(word, warn))
    if emphasis is None:
        # Met before: its faces are loaded (`use` loads a face once; then it does nothing).
        known = glyphs.words.get(word)
        if known is not None:
            return known
        xml = _new_word_xml(word, glyphs, warn, None)
        if _WARN not in map(glyphs.memo.__getitem__, word):
            glyphs.words[word] = xml
        return xml
    return _new_word_xml(word, glyphs, warn, emphasis)


def _new_word_xml(
    word: str, glyphs: Glyphs, warn: Warn | None, emphasis: Callable[[str], str] | None
) -> str:
    kinds = [_kind(ch, glyphs) for ch in word]
    if warn is not None and _WARN in kinds:
        dropped = [ch for ch, kind in zip(word, kinds, strict=True) if kind == _WARN]
        shown = ", ".join(
            f"{ch} (U+{ord(ch):04X}, {script_name(ch)})" for ch in dict.fromkeys(dropped)
        )
        warn(f"no bundled font can print {shown}: left out")
    kept = [(ch, kind) for ch, kind in zip(word, kinds, strict=True) if kind not in (_SKIP, _WARN)]
    text = "".join(ch for ch, _kind_of in kept)
    if all(kind == _PRIMARY for _ch, kind in kept):
        return escape(text)
    if any(kind == _FORMAT or isinstance(kind, Face) for _ch, kind in kept):
        return _runs_xml(kept, glyphs, emphasis)
    if glyphs.use_fallback is not None:
        glyphs.use_fallback()
    inner = escape(text) if emphasis is None else emphasis(escape(text))
    return f"<font face={quoteattr(glyphs.fallback_font)}>{inner}</font>"


def _unmarked(word: str, warn: Warn | None) -> str:
    """A word with no fonts to check it against: controls, surrogates and format marks left
    out, private-use and unassigned code points left out with a warning."""
    kept: list[str] = []
    dropped: list[str] = []
    for ch in word:
        category = unicodedata.category(ch)
        if category in ("Co", "Cn"):
            dropped.append(ch)
        elif category not in ("Cc", "Cs", "Cf"):
            kept.append(ch)
    if dropped and warn is not None:
        shown = ", ".join(
            f"{ch} (U+{ord(ch):04X}, {script_name(ch)})" for ch in dict.fromkeys(dropped)
        )
        warn(f"no bundled font can print {shown}: left out")
    return "".join(kept)


def _face_of(ch: str, faces: tuple[Face, ...], glyphs: Glyphs) -> Face | None:
    """The script face that prints a character: the first face for its script that has it, or
    for a character of no such script that neither text font has, the first face that has it."""
    code = ord(ch)
    script = script_of(ch)
    if script is not None:
        for face in faces:
            if script in face.scripts and code in face.chars():
                return face
    if code in glyphs.primary or code in glyphs.fallback:
        return None
    for face in faces:
        if code in face.chars():
            return face
    return None


def _stays_with(ch: str, kind: int | Face, chars: frozenset[int]) -> bool:
    """Whether a character after a letter of a script face stays in that face (whose
    characters are `chars`): punctuation, a digit or a joiner, of no script of its own, that
    the face has (a joiner always)."""
    return script_of(ch) is None and not ch.isalpha() and (kind == _FORMAT or ord(ch) in chars)


def _runs_xml(
    kept: list[tuple[str, int | Face]], glyphs: Glyphs, emphasis: Callable[[str], str] | None
) -> str:
    """A word holding letters of scripts with faces of their own, as runs of one face each.

    A letter of such a script is set in its script's face; any other character in the text
    face, else the fallback font; but punctuation, digits, marks and joiners (what belongs to
    no script) stay in the face of the letter before them when it has them, so that a word
    and its comma or vowel sign are shaped together."""
    runs: list[tuple[str | None, list[str]]] = []
    current: Face | None = None
    current_chars: frozenset[int] = frozenset()
    for ch, kind in kept:
        face = kind if isinstance(kind, Face) else None
        if face is None and current is not None and _stays_with(ch, kind, current_chars):
            face = current  # punctuation and joiners go with the letters before them
        if face is not None:
            name: str | None = face.name
        elif kind in (_PRIMARY, _FORMAT):
            name = None
        else:
            name = glyphs.fallback_font
        if face is not current:
            current = face
            current_chars = face.chars() if face is not None else frozenset()
        if runs and runs[-1][0] == name:
            runs[-1][1].append(ch)
        else:
            runs.append((name, [ch]))
    out: list[str] = []
    used = {face.name: face for face in glyphs.faces}
    for name, chars in runs:
        xml = escape("".join(chars))
        if name is None:
            out.append(xml)
            continue
        use = used[name].use if name in used else glyphs.use_fallback
        if use is not None:
            use()
        inner = xml if emphasis is None else emphasis(xml)
        out.append(f"<font face={quoteattr(name)}>{inner}</font>")
    return "".join(out)
