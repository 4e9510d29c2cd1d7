"""Translated editions: which file translates which, and whether each is up to date and checked.

An edition in another language is a content folder inside the folder it translates (content/es
inside content). Each of its files names its source and records the source's text when it was
translated, key by key, as short digests (`translation:` in every file, see docs/content.md).
Comparing them with the source as it is now says, per file: up to date, or which keys of the
source changed since; and which source files have no translation yet (missing) or which
translations have no source any more (extra). Reading the source means reading the folder the
edition sits in: only that folder, and only its content files. Never imports ReportLab.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdbooklet.content.keys import BOOKLET, BRANDING, THERAPY, FileKind, Kind
from cdbooklet.content.model import Booklet, Branding, Content, Reference, Therapy, Translation
from cdbooklet.errors import BookletError, Problem
from cdbooklet.text.labels import Labels

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "zh": "Chinese",
    "ar": "Arabic",
    "fr": "French",
    "vi": "Vietnamese",
    "ko": "Korean",
    "ru": "Russian",
    "pt": "Portuguese",
    "ht": "Haitian Creole",
    "tl": "Tagalog",
}
"""A language's name in English, for messages (a tag not listed is shown as itself)."""


@dataclass(frozen=True, slots=True)
class FileState:
    """One file of an edition, against its source."""

    path: Path
    """The translated file (or, when missing, where it should be)."""
    line: int
    """The line of its `translation:` key (0: none)."""
    source: Path | None
    """The source file (None: there is none any more)."""
    status: str
    """"draft", "reviewed", "missing" (no translation yet), "extra" (no source any more) or
    "untracked" (a file without a `translation:` key)."""
    changed: tuple[str, ...] = ()
    """The source's keys whose text changed since the translation."""

    @property
    def is_current(self) -> bool:
        return self.status in ("draft", "reviewed") and not self.changed

    def describe(self) -> str:
        """A few words for `list` and `translations`."""
        if self.status == "missing":
            return "missing: not translated yet"
        if self.status == "extra":
            return "extra: its source is gone"
        if self.status == "untracked":
            return "untracked: no translation: key"
        state = (
            f"source changed since ({', '.join(self.changed)})" if self.changed else "up to date"
        )
        return f"{self.status}, {state}"


@dataclass(frozen=True, slots=True)
class EditionState:
    """A translated edition's files against the edition it translates."""

    source_root: Path
    source_language: str
    files: tuple[FileState, ...]
    source: Content
    """The edition it translates, as loaded."""

    @property
    def is_draft(self) -> bool:
        """Whether any file is not yet checked by a qualified translator."""
        return any(f.status != "reviewed" for f in self.files if f.status != "extra")

    def of(self, path: Path) -> FileState | None:
        return next((f for f in self.files if f.path == path), None)

    def warnings(self) -> list[Problem]:
        """What `check` says: each file whose source changed, each missing or extra file, and
        one line for a draft edition."""
        name = LANGUAGE_NAMES.get(self.source_language.split("-")[0], self.source_language)
        out: list[Problem] = []
        for f in self.files:
            if f.changed:
                message = (
                    f"the {name} source changed since this translation ({', '.join(f.changed)}):"
                    " translate the change, then run cdbooklet translations --mark-current"
                )
            elif f.status == "missing":
                message = f"not translated yet: the {name} source has {f.source}"
            elif f.status == "extra":
                message = f"the {name} source has no such file any more: remove this translation"
            elif f.status == "untracked":
                message = (
                    "this file has no translation: key, so nobody can tell whether it matches "
                    f"the {name} source: run cdbooklet translations --mark-current"
                )
            else:
                continue
            out.append(Problem(f.path, f.line, message, is_warning=True))
        drafts = [f for f in self.files if f.status == "draft"]
        present = [f for f in self.files if f.status not in ("missing", "extra")]
        if drafts:
            first = self.files[0]
            out.append(
                Problem(
                    first.path,
                    first.line,
                    f"a draft translation ({len(drafts)} of {len(present)} files not yet "
                    "checked by a qualified translator): every page says so, and build "
                    "--strict refuses it",
                    is_warning=True,
                )
            )
        return out


def is_draft(content: Content, therapy: Therapy | None = None) -> bool:
    """Whether a booklet (or one therapy's handout) of `content` is a draft translation: its
    booklet.yaml, branding.yaml or the therapies it prints not yet checked by a qualified
    translator. Read from the files' own status, without the source."""
    parts = [content.booklet.translation, content.branding.translation]
    therapies = [therapy] if therapy is not None else list(content.booklet.therapies)
    parts += [t.translation for t in therapies]
    return any(t is not None and t.is_draft for t in parts)


def draft_notice(content: Content, labels: Labels, therapy: Therapy | None = None) -> str | None:
    """The band a draft translation prints on every page, in English and in its own language;
    None when the booklet (or `therapy`'s handout) is not a draft."""
    from cdbooklet.text.labels import labels_for

    if not is_draft(content, therapy):
        return None
    english = labels_for("en")[0].draft_translation
    if labels.draft_translation == english:
        return english
    return f"{english} · {labels.draft_translation}"


def field_hashes(value: Booklet | Branding | Therapy, kind: FileKind) -> dict[str, str]:
    """The text of each key a reader sees, as a short digest: what a translation follows."""
    found: dict[str, str] = {}
    for name, raw in _translated(kind, value):
        text = _text_of(raw)
        if text is not None:
            digest = hashlib.sha256(json.dumps(text, ensure_ascii=False).encode()).hexdigest()
            found[name] = digest[:12]
    return found


def edition_state(content: Content) -> EditionState | None:
    """The state of every file of a translated edition (a content folder inside the one it
    translates); None when `content` is not one.

    A BookletError when its source cannot be read (not a content folder this one sits in, or
    one with mistakes of its own)."""
    from cdbooklet.content.load import load_content

    booklet = content.booklet
    where = booklet.where("translation")
    if booklet.translation is None:
        # A content folder inside another one is its translation, marked or not yet.
        source_root = content.root.parent
        if (
            content.root.resolve() == source_root.resolve()
            or not (source_root / "booklet.yaml").is_file()
        ):
            return None
    else:
        source_file = _resolve(booklet.source.path, booklet.translation.source)
        source_root = source_file.parent
        if source_file.name != "booklet.yaml" or not content.root.resolve().is_relative_to(
            source_root.resolve()
        ):
            raise BookletError.at(
                where.path,
                where.line,
                '"translation.source" should name the booklet.yaml of the folder this edition '
                'is in, like "../booklet.yaml"',
            )
    try:
        source, _warnings = load_content(source_root)
    except BookletError as exc:
        raise BookletError(
            [Problem(where.path, where.line, "the source edition has mistakes of its own:")]
            + list(exc.problems)
        ) from None
    files: list[FileState] = [
        _state(booklet.source.path, booklet.translation, booklet, source.booklet, BOOKLET),
        _state(
            content.branding.source.path,
            content.branding.translation,
            content.branding,
            source.branding,
            BRANDING,
        ),
    ]
    sources = {t.id: t for t in source.booklet.therapies}
    for therapy in booklet.therapies:
        origin = sources.get(therapy.id)
        if origin is None:
            line = therapy.where("translation").line if therapy.translation else 0
            files.append(FileState(therapy.source.path, line, None, "extra"))
            continue
        files.append(_state(therapy.source.path, therapy.translation, therapy, origin, THERAPY))
    present = {t.id for t in booklet.therapies}
    for origin in source.booklet.therapies:
        if origin.id not in present:
            path = content.root / "therapies" / f"{origin.id}.yaml"
            files.append(FileState(path, 0, origin.source.path, "missing"))
    return EditionState(source_root, source.booklet.language, tuple(files), source)


def _state(
    path: Path,
    translation: Translation | None,
    value: Booklet | Branding | Therapy,
    origin: Booklet | Branding | Therapy,
    kind: FileKind,
) -> FileState:
    source_path = origin.source.path
    if translation is None:
        return FileState(path, 0, source_path, "untracked")
    recorded = dict(translation.source_hashes)
    now = field_hashes(origin, kind)
    changed = tuple(k for k in {**now, **recorded} if now.get(k) != recorded.get(k))
    ordered = tuple(name for name, _raw in _translated(kind, origin) if name in changed)
    ordered += tuple(sorted(set(changed) - set(ordered)))  # keys the source no longer has
    return FileState(
        path, value.where("translation").line, source_path, translation.status, ordered
    )


def hashes_of_source(state: EditionState, file: FileState) -> dict[str, str]:
    """The digests a translation of `file`'s source records, as the source is now."""
    source = state.source
    if file.source == source.booklet.source.path:
        return field_hashes(source.booklet, BOOKLET)
    if file.source == source.branding.source.path:
        return field_hashes(source.branding, BRANDING)
    therapy = next(t for t in source.booklet.therapies if t.source.path == file.source)
    return field_hashes(therapy, THERAPY)


def translation_block(
    source: str,
    hashes: dict[str, str],
    status: str,
    reviewed_by: str | None = None,
    reviewed_on: str | None = None,
) -> str:
    """The `translation:` key as cdbooklet writes it at the end of a translated file."""
    lines = [
        "# What this file translates, written by cdbooklet (see docs/content.md): leave it to",
        "# `cdbooklet translations`, or set status: reviewed with reviewed_by: and reviewed_on:",
        "# once a qualified translator has checked the text.",
        "translation:",
        f"  source: {source}",
        f"  status: {status}",
    ]
    if reviewed_by:
        lines.append(f"  reviewed_by: {json.dumps(reviewed_by, ensure_ascii=False)}")
    if reviewed_on:
        lines.append(f"  reviewed_on: {reviewed_on}")
    lines.append("  source_hashes:")
    lines += [f"    {key}: {digest}" for key, digest in hashes.items()]
    return "\n".join(lines) + "\n"


def with_translation_block(text: str, block: str) -> str:
    """A YAML file's text with its `translation:` key (and the note above it) replaced by
    `block`, or `block` added at the end."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "translation:"), None)
    if start is None:
        body = text.rstrip("\n")
        return (body + "\n\n" if body else "") + block
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines before the next key stay
    while start > 0 and lines[start - 1].startswith("# ") and _is_our_note(lines[start - 1]):
        start -= 1
    new = [*lines[:start], *block.rstrip("\n").split("\n"), *lines[end:]]
    return "\n".join(new) + "\n"


def _is_our_note(line: str) -> bool:
    return any(
        phrase in line
        for phrase in ("written by cdbooklet", "`cdbooklet translations`", "qualified translator")
    )


def relative_source(path: Path, source: Path) -> str:
    """How a translated file names its source: relative to the file's folder, with /."""
    return Path(os.path.relpath(source, path.parent)).as_posix()


def _resolve(path: Path, relative: str) -> Path:
    return Path(os.path.normpath(path.parent / relative))


def _translated(kind: FileKind, value: Booklet | Branding | Therapy) -> list[tuple[str, Any]]:
    """(key, value) of every text a translation carries over: each printed key (clinic.name
    inside its group) and the logo's text alternative, which a screen reader reads."""
    found: list[tuple[str, Any]] = []
    for key in kind.keys:
        if key.kind is Kind.GROUP:
            if key.name == "translation":
                continue
            holder = value if key.is_flat else getattr(value, key.attribute)
            found += [
                (f"{key.name}.{inner.name}", getattr(holder, inner.attribute))
                for inner in key.keys
                if inner.is_printed
            ]
        elif key.is_printed or key.name == "logo_alt":
            found.append((key.name, getattr(value, key.attribute)))
    return found


def _text_of(value: Any) -> Any:
    """A value as plain data for its digest (None: not there)."""
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return [[item.text, item.url] if isinstance(item, Reference) else item for item in value]
    return value
