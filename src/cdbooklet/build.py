"""The library's entry points for the commands: load, lay out and write booklets and handouts.

files -> load -> model -> theme + layout -> PDF bytes -> atomic write. ReportLab is imported
only when a PDF is made, so `check`-style commands that only load stay light.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cdbooklet.errors import BookletError, Problem, Report
from cdbooklet.labels import Labels, labels_for
from cdbooklet.load import load_content
from cdbooklet.model import Content, PageSize


@dataclass(frozen=True, slots=True)
class Options:
    """How to print: the page size (None: the clinic's paper)."""

    page_size: PageSize | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """One PDF written: where, and how many pages."""

    path: Path
    pages: int


def load(content_dir: Path, report: Report, today: date | None = None) -> Content:
    """Load a content directory, adding its warnings (and the label fallback) to `report`."""
    content, warnings = load_content(content_dir, today=today)
    report.extend(warnings)
    _labels(content, report)
    return content


def _labels(content: Content, report: Report) -> Labels:
    labels, is_fallback = labels_for(content.booklet.language)
    if is_fallback:
        where = content.booklet.where("language")
        report.warn(where.path, where.line,
                    f'no labels in "{content.booklet.language}" yet: headings such as '
                    '"Contents" are printed in English')
    return labels


def build_booklet(content: Content, out: Path, options: Options, report: Report) -> Written:
    """Write the booklet PDF to `out`."""
    from cdbooklet.layout import render_booklet
    from cdbooklet.output import write_atomic
    from cdbooklet.theme import make_theme

    theme = make_theme(content.branding, options.page_size or content.branding.paper)
    labels, _ = labels_for(content.booklet.language)
    data, pages = render_booklet(content, theme, labels, report)
    write_atomic(out, data)
    return Written(out, pages)


def build_handouts(
    content: Content, ids: Iterable[str], out_dir: Path, options: Options, report: Report
) -> list[Written]:
    """Write one handout PDF per therapy id to `out_dir/<id>.pdf`."""
    from cdbooklet.layout import render_handout
    from cdbooklet.output import write_atomic
    from cdbooklet.theme import make_theme

    therapies = []
    missing: list[Problem] = []
    for therapy_id in ids:
        therapy = content.booklet.therapy(therapy_id)
        if therapy is None:
            known = [t.id for t in content.booklet.therapies]
            import difflib

            close = difflib.get_close_matches(therapy_id, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            missing.append(Problem(content.root / "therapies", 0,
                                   f'there is no therapy "{therapy_id}"{hint}'))
        else:
            therapies.append(therapy)
    if missing:
        raise BookletError(missing)
    theme = make_theme(content.branding, options.page_size or content.branding.paper)
    labels, _ = labels_for(content.booklet.language)
    written = []
    for therapy in therapies:
        data, pages = render_handout(content, therapy, theme, labels, report)
        if pages > 2:
            where = therapy.where("body")
            report.warn(where.path, where.line,
                        f"the {therapy.id} handout runs to {pages} pages: consider a shorter text")
        path = out_dir / f"{therapy.id}.pdf"
        write_atomic(path, data)
        written.append(Written(path, pages))
    return written


def check_content(content: Content, report: Report) -> None:
    """Lay the booklet out in memory to find what only layout sees (unprintable characters,
    unreadable images), without writing anything."""
    from cdbooklet.layout import render_booklet
    from cdbooklet.theme import make_theme

    theme = make_theme(content.branding, content.branding.paper)
    labels, _ = labels_for(content.booklet.language)
    render_booklet(content, theme, labels, report)
