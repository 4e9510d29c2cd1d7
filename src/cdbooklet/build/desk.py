"""What the front desk asks for, as jobs a worker process can run: handouts, a booklet (flat or
imposed to fold) and a preview of the handouts' pages; and the characters of a note no font can
print.

A job carries everything it needs (the content as loaded, the ids, the options), so it can be
sent to a worker forked at the desk's start (`pool.WorkerPool`), and the result carries the
time the render itself took, not the time spent waiting for a worker. A mistake in the content
(`BookletError`) comes back as its problems; anything else is a bug and is raised.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from cdbooklet.build.options import Options
from cdbooklet.content import fonts
from cdbooklet.content.model import Content
from cdbooklet.errors import BookletError, Problem, Report

JobKind = Literal["handouts", "booklet", "preview", "warm-up"]


@dataclass(frozen=True, slots=True)
class Job:
    """One thing to make for the desk."""

    kind: JobKind
    content: Content
    ids: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)
    width: int = 0
    """A preview's image width, in pixels."""


@dataclass(frozen=True, slots=True)
class Made:
    """What a job made: the PDF (or, for a preview, the page images), its page count, how long
    the render took, and the content's problems when it could not be made."""

    data: bytes = b""
    pages: int = 0
    ms: float = 0.0
    images: tuple[bytes, ...] = ()
    problems: tuple[Problem, ...] = ()


def run(job: Job) -> Made:
    """Make what `job` asks for, here (in a worker process, or under the desk's lock)."""
    from cdbooklet.build.pipeline import render_booklet, render_handouts

    start = time.perf_counter()
    try:
        if job.kind == "booklet":
            rendered = render_booklet(job.content, job.options, Report())
            data, pages = rendered.data, rendered.pages
        else:
            data, pages = render_handouts(job.content, job.ids, job.options, Report())
        images: tuple[bytes, ...] = ()
        if job.kind == "preview":
            from cdbooklet.press.preview import page_images

            images = tuple(page_images(data, job.width))
            data = b""
    except BookletError as exc:
        return Made(problems=tuple(exc.problems))
    return Made(data, pages, (time.perf_counter() - start) * 1000, images)


def warm_up(content: Content) -> None:
    """Import the layout and the preview's renderer, register the fonts and lay out one
    handout (with a note in the fallback font too), so the first real job is as quick as the
    rest, and workers forked after this start ready."""
    from cdbooklet.press import preview

    if preview.is_available():
        import pypdfium2  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    if content.booklet.therapies:
        first = content.booklet.therapies[0].id
        run(Job("handouts", content, (first,), Options(note="Ω")))


def unprintable(text: str, font: str) -> list[str]:
    """The characters of `text` that neither `font` nor the fallback font has, each once, in
    the order they come (line breaks, spaces and invisible joiners are not counted: they print
    nothing)."""
    primary = fonts.coverage(font)
    fallback: frozenset[int] | None = None
    found: dict[str, None] = {}
    for ch in text:
        code = ord(ch)
        if code in primary or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        fallback = fallback if fallback is not None else fonts.coverage(fonts.FALLBACK_FAMILY)
        if code not in fallback:
            found[ch] = None
    return list(found)


def describe(ch: str) -> str:
    """A character as staff can tell it apart: itself and its code ("漢 U+6F22")."""
    return f"{ch} U+{ord(ch):04X}"
