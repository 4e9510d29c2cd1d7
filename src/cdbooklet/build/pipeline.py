"""The library's entry points for the commands: load, lay out and write booklets and handouts.

files -> load -> model -> theme + layout -> PDF bytes -> atomic write. ReportLab is imported
only when a PDF is made, so `check`-style commands that only load stay light.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cdbooklet.errors import BookletError, Problem, Report
from cdbooklet.text.labels import Labels, labels_for
from cdbooklet.content.load import did_you_mean, load_content
from cdbooklet.content.model import Content, PageSize, Therapy

if TYPE_CHECKING:
    from cdbooklet.press.impose import Imposed, ImposeOptions
    from cdbooklet.layout.theme import Theme


@dataclass(frozen=True, slots=True)
class Options:
    """How to print a booklet or handouts."""

    page_size: PageSize | None = None
    """None: the clinic's paper."""
    is_large_print: bool = False
    """18 pt text everywhere, no italics, reflowed onto more pages."""
    is_grayscale: bool = False
    """Every colour, the logo's included, as the gray of the same lightness."""
    bleed_mm: float = 0.0
    """For a print shop: how far colour runs past the trimmed edge."""
    has_crop_marks: bool = False
    """For a print shop: marks outside the bleed where the pages are cut."""
    note: str | None = None
    """A clinician's note printed in a handout's notes area."""
    is_tagged: bool = True
    """A tagged PDF (structure tree in reading order) for screen readers."""
    imposition: ImposeOptions | None = None
    """Saddle-stitch the booklet for printing (None: plain pages, one per PDF page)."""

    @property
    def is_for_print_shop(self) -> bool:
        return self.bleed_mm > 0 or self.has_crop_marks


@dataclass(frozen=True, slots=True)
class Written:
    """One PDF written: where, and how many pages."""

    path: Path
    pages: int
    imposed: Imposed | None = None
    """How the booklet was imposed, when it was (then `path` names the imposed PDF)."""
    is_unchanged: bool = False
    """Its inputs had not changed since it was last made, so it was left as it was."""


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
        report.warn(
            where.path,
            where.line,
            f'no labels in "{content.booklet.language}" yet: headings such as '
            '"Contents" are printed in English',
        )
    return labels


def _theme(content: Content, options: Options) -> Theme:
    from cdbooklet.layout.theme import make_theme

    return make_theme(
        content.branding,
        options.page_size or content.branding.paper,
        is_large_print=options.is_large_print,
        is_grayscale=options.is_grayscale,
        bleed=options.bleed_mm * 72 / 25.4,  # millimetres to points
    )


def _finish(data: bytes, options: Options) -> bytes:
    """Post-process a laid-out PDF for a print shop, when asked."""
    if not options.is_for_print_shop:
        return data
    from cdbooklet.press.printshop import add_bleed_and_marks

    return add_bleed_and_marks(data, options.bleed_mm, options.has_crop_marks)


def build_booklet(
    content: Content, out: Path, options: Options, report: Report, today: date | None = None
) -> Written:
    """Write the booklet PDF to `out` (imposed for folding when the options say so).

    Skipped when `out` is exactly what the same inputs made last time (see `stamp`).
    """
    from cdbooklet.press import stamp
    from cdbooklet.content.fonts import fonts_dir

    incremental = options.imposition is None
    inputs = stamp.digest_inputs(
        stamp.content_files(content.root), fonts_dir(), options, today or date.today()
    )
    fresh = stamp.is_fresh(out, inputs) if incremental else None
    if fresh is not None:
        report.extend(fresh.warnings)
        return Written(out, fresh.pages, is_unchanged=True)

    from cdbooklet.layout import render_booklet
    from cdbooklet.press.output import write_atomic

    labels, _ = labels_for(content.booklet.language)
    before = len(report.problems)
    data, pages = render_booklet(
        content, _theme(content, options), labels, report, tagged=options.is_tagged
    )
    if options.imposition is not None:
        from cdbooklet.press.impose import impose_saddle_stitch, write_imposition

        imposition = impose_saddle_stitch(data, options.imposition, name=out)
        return Written(out, pages, write_imposition(imposition, out))
    write_atomic(out, _finish(data, options))
    stamp.write_stamp(out, inputs, pages, report.problems[before:])
    return Written(out, pages)


def build_handouts(
    content: Content,
    ids: Iterable[str],
    out_dir: Path,
    options: Options,
    report: Report,
    progress: Callable[[Written], None] | None = None,
    today: date | None = None,
) -> list[Written]:
    """Write one handout PDF per therapy id to `out_dir/<id>.pdf`.

    Handouts whose inputs have not changed are skipped; the rest are made on every core (a
    process pool forked after the fonts are loaded, so each worker starts ready). `progress`
    is called as each one is done.
    """
    from cdbooklet.press import stamp
    from cdbooklet.content.fonts import fonts_dir

    therapies = _therapies(content, ids)
    shared = stamp.content_files(content.root, skip_therapies=True)
    day = today or date.today()
    jobs: list[_Job] = []
    done: dict[str, Written] = {}
    for therapy in therapies:
        path = out_dir / f"{therapy.id}.pdf"
        inputs = stamp.digest_inputs([*shared, therapy.source.path], fonts_dir(), options, day)
        fresh = stamp.is_fresh(path, inputs)
        if fresh is not None:
            report.extend(fresh.warnings)
            done[therapy.id] = Written(path, fresh.pages, is_unchanged=True)
            if progress:
                progress(done[therapy.id])
        else:
            jobs.append(_Job(therapy.id, path, inputs))
    for therapy_id, written, warnings in _run_handouts(content, options, jobs):
        report.extend(warnings)
        done[therapy_id] = written
        if progress:
            progress(written)
    return [done[t.id] for t in therapies]


def render_handouts_pdf(
    content: Content, ids: Iterable[str], options: Options, report: Report
) -> tuple[bytes, int]:
    """Several handouts merged into one PDF in memory (for printing at a front desk), and its
    page count. Each handout keeps its own page numbering and starts on a new sheet side."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    from cdbooklet.layout import render_handout

    theme = _theme(content, options)
    labels, _ = labels_for(content.booklet.language)
    writer = PdfWriter()
    therapies = _therapies(content, ids)
    for i, therapy in enumerate(therapies):
        data, pages = render_handout(
            content, therapy, theme, labels, report, note=options.note, tagged=options.is_tagged
        )
        writer.append(PdfReader(io.BytesIO(_finish(data, options))))
        # Start the next handout on a front: a blank back after an odd page count.
        if pages % 2 and i < len(therapies) - 1:
            writer.add_blank_page()
    writer.add_metadata(
        {"/Title": ", ".join(t.title for t in therapies), "/Author": content.branding.contact.name}
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(content.booklet.language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def _therapies(content: Content, ids: Iterable[str]) -> list[Therapy]:
    therapies: list[Therapy] = []
    missing: list[Problem] = []
    known = [t.id for t in content.booklet.therapies]
    for therapy_id in ids:
        therapy = content.booklet.therapy(therapy_id)
        if therapy is None:
            hint = did_you_mean(therapy_id, known)
            missing.append(
                Problem(content.root / "therapies", 0, f'there is no therapy "{therapy_id}"{hint}')
            )
        elif therapy not in therapies:
            therapies.append(therapy)
    if missing:
        raise BookletError(missing)
    return therapies


@dataclass(frozen=True, slots=True)
class _Job:
    therapy_id: str
    path: Path
    inputs: str


_Result = tuple[str, Written, list[Problem]]
_WORK: tuple[Content, Options, Theme, Labels] | None = None
"""What the forked workers render from: set in the parent just before the pool starts."""

_PARALLEL_FROM = 4
"""Fewer handouts than this are made in this process: a pool would cost more than it saves."""


def _run_handouts(content: Content, options: Options, jobs: list[_Job]) -> Iterator[_Result]:
    import multiprocessing

    global _WORK
    if not jobs:
        return
    # Registering the fonts and building the styles here, before any fork, is what makes each
    # worker start with everything loaded.
    _WORK = (content, options, _theme(content, options), labels_for(content.booklet.language)[0])
    workers = min(len(jobs), os.cpu_count() or 1)
    methods = multiprocessing.get_all_start_methods()
    if workers < 2 or len(jobs) < _PARALLEL_FROM or "fork" not in methods:
        yield from map(_render_job, jobs)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap_unordered(_render_job, jobs)


def _render_job(job: _Job) -> _Result:
    from cdbooklet.press import stamp
    from cdbooklet.layout import render_handout
    from cdbooklet.press.output import write_atomic

    assert _WORK is not None
    content, options, theme, labels = _WORK
    therapy = content.booklet.therapy(job.therapy_id)
    assert therapy is not None
    report = Report()
    data, pages = render_handout(
        content, therapy, theme, labels, report, note=options.note, tagged=options.is_tagged
    )
    if pages > 2 and not options.is_large_print:
        where = therapy.where("body")
        report.warn(
            where.path,
            where.line,
            f"the {therapy.id} handout runs to {pages} pages: consider a shorter text",
        )
    write_atomic(job.path, _finish(data, options))
    stamp.write_stamp(job.path, job.inputs, pages, report.problems)
    return job.therapy_id, Written(job.path, pages), report.problems


def watch(
    content_dir: Path,
    rebuild: Callable[[], None],
    interval: float = 0.3,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Call `rebuild` whenever a file of the content folder is saved, added or removed.

    Polls file times and sizes (a few hundred files at most), so it needs no extra library and
    works the same on every system; ReportLab stays loaded between rebuilds.
    """
    from cdbooklet.press.stamp import content_snapshot

    last = content_snapshot(content_dir)
    while not should_stop():
        time.sleep(interval)
        now = content_snapshot(content_dir)
        if now != last:
            last = now
            rebuild()


def check_content(content: Content, report: Report) -> None:
    """Find what only layout would otherwise see: characters no font can print, a logo that
    cannot be used. Quick, and without ReportLab: nothing is laid out or written."""
    from cdbooklet.content.images import check_image
    from cdbooklet.build.checks import warn_unprintable

    warn_unprintable(content, report)
    branding = content.branding
    if branding.logo is not None:
        check_image(branding.logo, branding.where("logo"))  # a BookletError if unusable


def check_readability(content: Content, report: Report) -> None:
    """Warn for each therapy, and the booklet's introduction and closing, whose reading grade is
    above 8, quoting the hardest sentences so that an editor knows where to start."""
    from cdbooklet.text.readability import GRADE_LIMIT, measure, plain_texts, therapy_texts, warning_for

    booklet = content.booklet
    places = [(t.where("body"), therapy_texts(t)) for t in booklet.therapies]
    places += [
        (booklet.where(key), plain_texts(paragraphs))
        for key, paragraphs in (("intro", booklet.intro), ("closing", booklet.closing))
        if paragraphs
    ]
    for where, texts in places:
        result = measure(texts, booklet.language)
        if result is not None and round(result.grade, 1) > GRADE_LIMIT:
            report.warn(where.path, where.line, warning_for(result))
