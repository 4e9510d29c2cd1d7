"""Keeping translated editions: starting one (`cdbooklet translate`), and recording that its
files follow their source as it is now, or that a qualified translator checked them
(`cdbooklet translations`).

Only the `translation:` key at the end of each file is written (`content.translation`); the
text and its notes stay as the translator left them. Nothing is translated here: a new edition
holds the source's own text, every file marked draft, for a translator to replace.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from cdbooklet.content.folder import content_files
from cdbooklet.content.keys import LANGUAGE
from cdbooklet.content.load import load_content
from cdbooklet.content.model import Booklet, Branding, Content, Therapy
from cdbooklet.content.translation import (
    EditionState,
    FileState,
    edition_state,
    hashes_of_source,
    relative_source,
    translation_block,
    with_translation_block,
)
from cdbooklet.errors import BookletError
from cdbooklet.press.output import write_atomic


def state_of(content: Content) -> EditionState:
    """The state of an edition's files; a BookletError when `content` is not a translation."""
    state = edition_state(content)
    if state is None:
        raise BookletError.at(
            content.booklet.source.path,
            0,
            "this is not a translated edition (a content folder inside the one it translates): "
            "start one with cdbooklet translate --to TAG",
        )
    return state


def mark_current(
    content: Content,
    only: Iterable[Path] = (),
    reviewed_by: str | None = None,
    today: date | None = None,
) -> list[Path]:
    """Record that the edition's files (or those in `only`) follow their source as it is now;
    with `reviewed_by`, also that this qualified translator checked them today. Files with
    no source (extra) and missing ones are left alone. Returns the files written."""
    state = state_of(content)
    wanted = {Path(p).resolve() for p in only}
    written: list[Path] = []
    for file in state.files:
        if file.source is None or file.status in ("missing", "extra"):
            continue
        if wanted and file.path.resolve() not in wanted:
            continue
        status, by, on = _review(content, file)
        if reviewed_by:
            status, by, on = "reviewed", reviewed_by, (today or date.today()).isoformat()
        block = translation_block(
            relative_source(file.path, file.source), hashes_of_source(state, file), status, by, on
        )
        text = file.path.read_text(encoding="utf-8")
        new = with_translation_block(text, block)
        if new != text:
            write_atomic(file.path, new.encode("utf-8"))
            written.append(file.path)
    return written


def _review(content: Content, file: FileState) -> tuple[str, str | None, str | None]:
    """The status a file has now, and who checked it when (kept as they are)."""
    holders: list[Booklet | Branding | Therapy] = [
        content.booklet,
        content.branding,
        *content.booklet.therapies,
    ]
    holder = next((h for h in holders if h.source.path == file.path), None)
    translation = holder.translation if holder is not None else None
    if translation is None:
        return "draft", None, None
    on = translation.reviewed_on.isoformat() if translation.reviewed_on else None
    return translation.status, translation.reviewed_by, on


def start_edition(source_root: Path, tag: str) -> list[Path]:
    """Start a draft edition `source_root/<tag>/`: the source's files, text unchanged, each with
    a `translation:` key (status draft, the source's digests), booklet.yaml's language set to
    `tag`. Refuses a folder that is not empty and a tag that is not a language code."""
    if not LANGUAGE.match(tag):
        raise BookletError.at(
            source_root, 0, f'"{tag}" is not a language code: use one like es, zh-Hans or ar'
        )
    content, _warnings = load_content(source_root)
    if content.booklet.translation is not None:
        raise BookletError.at(
            content.booklet.source.path,
            0,
            "this folder is itself a translation: start the new edition from its source",
        )
    target = source_root / tag
    if target.exists() and any(target.iterdir()):
        raise BookletError.at(target, 0, "this folder is not empty: its translation has begun")
    written: list[Path] = []
    files = [p for p in content_files(source_root) if not p.is_relative_to(target)]
    try:
        for path in files:
            destination = target / path.relative_to(source_root)
            if path.suffix not in (".yaml", ".yml"):
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
                written.append(destination)
                continue
            text = path.read_text(encoding="utf-8")
            if path == content.booklet.source.path:
                text = _with_language(text, tag)
            hashes = _hashes_for(content, path)
            if hashes is not None:
                relative = relative_source(destination, path)
                text = with_translation_block(text, translation_block(relative, hashes, "draft"))
            write_atomic(destination, text.encode("utf-8"))
            written.append(destination)
    except OSError as exc:
        raise BookletError.at(target, 0, f"cannot write the new edition ({exc.strerror})") from None
    return written


def _hashes_for(content: Content, path: Path) -> dict[str, str] | None:
    from cdbooklet.content.keys import BOOKLET, BRANDING, THERAPY
    from cdbooklet.content.translation import field_hashes

    if path == content.booklet.source.path:
        return field_hashes(content.booklet, BOOKLET)
    if path == content.branding.source.path:
        return field_hashes(content.branding, BRANDING)
    therapy = next((t for t in content.booklet.therapies if t.source.path == path), None)
    return field_hashes(therapy, THERAPY) if therapy is not None else None


def _with_language(text: str, tag: str) -> str:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("language:"):
            lines[i] = f"language: {tag}"
            return "\n".join(lines) + "\n"
    return text
