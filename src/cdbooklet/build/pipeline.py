"""The pipeline from a content folder to PDFs: load, lay out, finish for print, write.

files -> `load` -> model -> theme + layout -> PDF bytes -> print-shop boxes or imposition ->
atomic write. `render_booklet` and `render_handouts` make PDFs in memory (what the front desk
sends); `build_booklet` and `build_handouts` write them to files, skipping any whose inputs have
not changed (`press.stamp`). ReportLab and pypdf are imported only when a PDF is made, so the
commands that only load stay light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cdbooklet.build.options import Options, Written
from cdbooklet.build.pool import map_forked
from cdbooklet.content.load import did_you_mean, load_content
from cdbooklet.content.model import Content, Therapy
from cdbooklet.errors import BookletError, Problem, Report
from cdbooklet.text.labels import Labels, labels_for

if TYPE_CHECKING:
    from cdbooklet.layout.theme import Theme
    from cdbooklet.press.impose import Imposition


def load(content_dir: Path, report: Report, today: date | None = None) -> Content:
    """Load a content directory, adding its warnings (and the label fallback) to `report`."""
    content, warnings = load_content(content_dir, today=today)
    report.extend(warnings)
    labels_of(content, report)
    return content


def labels_of(content: Content, report: Report | None = None) -> Labels:
    """The labels in the booklet's language; with `report`, a warning when there are none in
    it yet and English stands in."""
    labels, is_fallback = labels_for(content.booklet.language)
    if is_fallback and report is not None:
        where = content.booklet.where("language")
        report.warn(
            where.path,
            where.line,
            f'no labels in "{content.booklet.language}" yet: headings such as '
            '"Contents" are printed in English',
        )
    return labels


@dataclass(frozen=True, slots=True)
class Rendered:
    """A booklet made in memory, ready to write or to send."""

    parts: tuple[bytes, ...]
    """The PDF, imposed for folding when the options say so; a manual-duplex imposition is two
    PDFs, fronts then backs."""
    pages: int
    """The booklet's own pages (before any imposition)."""
    imposition: Imposition | None = None
    """How it was imposed, when it was."""

    @property
    def data(self) -> bytes:
        """The one PDF (see `parts` for a manual-duplex imposition's two)."""
        if len(self.parts) != 1:
            raise ValueError("a manual-duplex imposition is two PDFs: use parts")
        return self.parts[0]


def render_booklet(
    content: Content, options: Options, report: Report, name: Path = Path("booklet.pdf")
) -> Rendered:
    """The booklet as PDF bytes, imposed or with print-shop boxes when the options say so.
    Warnings go to `report`; `name` is the file an imposition problem would name."""
    from cdbooklet.layout.booklet import lay_out_booklet

    theme = _theme(content, options)
    _settle()
    data, pages = lay_out_booklet(
        content,
        theme,
        labels_of(content),
        report,
        tagged=options.is_tagged,
        flow=options.flow or content.booklet.flow,
    )
    if options.imposition is None:
        return Rendered((_finish(data, options),), pages)
    from dataclasses import replace

    from cdbooklet.press.impose import impose_saddle_stitch

    # The booklet's last page is its back cover: the blanks go before it unless asked otherwise.
    imposing = replace(options.imposition, blanks=options.imposition.blanks or "before-back-cover")
    imposition = impose_saddle_stitch(data, imposing, name=name, report=report)
    return Rendered(imposition.parts, pages, imposition)


def build_booklet(
    content: Content, out: Path, options: Options, report: Report, today: date | None = None
) -> Written:
    """Write the booklet PDF to `out` (imposed for folding when the options say so).

    Refused when `out` is one of the build's inputs. Skipped when `out` is exactly what the
    same inputs made last time (see `press.stamp`).
    """
    from cdbooklet.press import stamp
    from cdbooklet.press.output import refuse_inputs

    if options.imposition is not None:
        from cdbooklet.press.impose import imposition_paths

        outputs = imposition_paths(out, options.imposition.is_manual_duplex)
    else:
        outputs = (out,)
    refuse_inputs(outputs, inputs_of(content))
    inputs = stamp.digest_inputs(_files(content), options, today or date.today())
    is_incremental = options.imposition is None
    fresh = stamp.fresh(out, inputs) if is_incremental else None
    if fresh is not None:
        report.extend(fresh.warnings)
        return Written(out, fresh.pages, is_unchanged=True)

    from cdbooklet.press.output import write_atomic

    before = len(report.problems)
    rendered = render_booklet(content, options, report, name=out)
    if rendered.imposition is not None:
        from cdbooklet.press.impose import write_imposition

        return Written(out, rendered.pages, write_imposition(rendered.imposition, out))
    write_atomic(out, rendered.data)
    stamp.record(out, inputs, rendered.data, rendered.pages, report.problems[before:])
    return Written(out, rendered.pages)


def inputs_of(content: Content) -> list[tuple[Path, str]]:
    """Every file a build of `content` reads, with what it is (for a message)."""
    from cdbooklet.content.fonts import fonts_dir

    logo = content.branding.logo
    found = [(path, "the logo" if path == logo else "a content file") for path in content.files]
    return found + [(path, "a bundled font") for path in sorted(fonts_dir().glob("*.ttf"))]


def _files(content: Content, leave_out: frozenset[Path] = frozenset()) -> list[Path]:
    """The files a build reads, whose bytes its output is made from (see `press.stamp`)."""
    return [path for path, _what in inputs_of(content) if path not in leave_out]


@dataclass(frozen=True, slots=True)
class _Handouts:
    """What every handout of one build is made from: loaded, styled and ready (a forked worker
    inherits it with the fonts registered)."""

    content: Content
    options: Options
    theme: Theme
    labels: Labels


def _handouts(content: Content, options: Options) -> _Handouts:
    work = _Handouts(content, options, _theme(content, options), labels_of(content))
    _settle()
    return work


@cache
def _settle() -> None:
    """Once per process, before the first document is laid out: what is there by then (the
    modules, the fonts, the content) lives as long as the process, so the garbage collector
    is told to pass it over from now on (`gc.freeze`). Its full collections then look only at
    what layout makes: a long booklet's came to 18 ms each, over objects never freed. (Once:
    `--watch` and the front desk's workers go on building, and collect what each build
    leaves.)"""
    import gc

    gc.freeze()


def _render_handout(work: _Handouts, therapy: Therapy, report: Report) -> tuple[bytes, int]:
    """One handout as PDF bytes (with print-shop boxes when asked), and its page count."""
    from cdbooklet.layout.handout import lay_out_handout

    options = work.options
    data, pages = lay_out_handout(
        work.content,
        therapy,
        work.theme,
        work.labels,
        report,
        note=options.note,
        tagged=options.is_tagged,
    )
    return _finish(data, options), pages


def render_handouts(
    content: Content, ids: Iterable[str], options: Options, report: Report
) -> tuple[bytes, int]:
    """Several handouts merged into one PDF in memory (for printing at a front desk), and its
    page count. Each handout keeps its own page numbering and starts on a new sheet side; a
    tagged handout stays tagged (one structure tree, a part per handout: `press.merge`)."""
    from cdbooklet.press.merge import merge_handouts

    work = _handouts(content, options)
    therapies = select_therapies(content, ids)
    made = [_render_handout(work, therapy, report) for therapy in therapies]
    if len(made) == 1:
        return made[0]  # the handout as the command line makes it
    return merge_handouts(
        made,
        title=", ".join(t.title for t in therapies),
        author=content.branding.contact.name,
        language=content.booklet.language,
    )


def write_handouts(
    content: Content, ids: Iterable[str], out: Path, options: Options, report: Report
) -> Written:
    """The handouts as one PDF written to `out` (for one patient, perhaps with a note): made
    whole, written atomically, and never recorded in the build cache, so nothing of it is kept
    anywhere else. Refused when `out` is an input of the build."""
    from cdbooklet.press.output import refuse_inputs, write_atomic

    refuse_inputs([out], inputs_of(content))
    data, pages = render_handouts(content, ids, options, report)
    write_atomic(out, data)
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

    Refused when one would replace an input of the build. Handouts whose inputs have not
    changed are skipped; the rest are made on every core (see `pool`). `progress` is called as
    each one is done.
    """
    from cdbooklet.press import stamp
    from cdbooklet.press.output import refuse_inputs

    therapies = select_therapies(content, ids)
    refuse_inputs([out_dir / f"{t.id}.pdf" for t in therapies], inputs_of(content))
    # A handout is made from the shared files and its own therapy file, not the others'.
    shared = _files(content, leave_out=frozenset(t.source.path for t in content.booklet.therapies))
    day = today or date.today()
    jobs: list[_Job] = []
    done: dict[str, Written] = {}
    digests: dict[str, str] = {}
    for therapy in therapies:
        path = out_dir / f"{therapy.id}.pdf"
        inputs = stamp.digest_inputs([*shared, therapy.source.path], options, day)
        fresh = stamp.fresh(path, inputs)
        if fresh is not None:
            report.extend(fresh.warnings)
            done[therapy.id] = Written(path, fresh.pages, is_unchanged=True)
            digests[therapy.id] = fresh.written
            if progress:
                progress(done[therapy.id])
        else:
            jobs.append(_Job(therapy.id, path, inputs))
    if jobs:
        # The theme is made here, before any worker is forked: each starts with the fonts
        # registered and the styles built.
        work = _handouts(content, options)
        for therapy_id, written, digest, warnings in map_forked(_write_handout, work, jobs):
            report.extend(warnings)
            done[therapy_id] = written
            digests[therapy_id] = digest
            if progress:
                progress(written)
    stamp.record_folder(out_dir, digests)
    return [done[t.id] for t in therapies]


def remove_withdrawn_handouts(content: Content, out_dir: Path, report: Report) -> list[Path]:
    """Delete the handouts cdbooklet wrote into `out_dir` for therapies the content no longer
    has, and return them. A file that changed since cdbooklet wrote it is not its own any
    more: it is kept, with a warning."""
    from cdbooklet.press import stamp

    current = {t.id for t in content.booklet.therapies}
    removed: list[Path] = []
    gone: list[str] = []
    for therapy_id, written in sorted(stamp.written_into(out_dir).items()):
        if therapy_id in current:
            continue
        gone.append(therapy_id)
        path = out_dir / f"{therapy_id}.pdf"
        try:
            on_disk = stamp.digest_bytes(path.read_bytes())
        except OSError:
            continue  # removed already
        if on_disk != written:
            report.warn(
                path,
                0,
                f'there is no therapy "{therapy_id}" any more, but this file changed since '
                "cdbooklet wrote it, so it was kept",
            )
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError as exc:
            report.warn(path, 0, f"could not remove this withdrawn handout ({exc.strerror})")
    stamp.forget_in_folder(out_dir, gone)
    return removed


@dataclass(frozen=True, slots=True)
class _Job:
    """One handout to write: which, where, and the digest of its inputs for its record."""

    therapy_id: str
    path: Path
    inputs: str


def _write_handout(work: _Handouts, job: _Job) -> tuple[str, Written, str, list[Problem]]:
    """Make and write one handout (in a worker process, or in this one); its id, what was
    written, the digest of the bytes written and the warnings."""
    from cdbooklet.press import stamp
    from cdbooklet.press.output import write_atomic

    options = work.options
    therapy = work.content.booklet.therapy(job.therapy_id)
    assert therapy is not None
    report = Report()
    data, pages = _render_handout(work, therapy, report)
    if pages > handout_pages(options.page_size or work.content.branding.paper) and not (
        options.is_large_print
    ):
        where = therapy.where("body")
        report.warn(
            where.path,
            where.line,
            f"the {therapy.id} handout runs to {pages} pages: consider a shorter text",
        )
    write_atomic(job.path, data)
    stamp.record(job.path, job.inputs, data, pages, report.problems)
    return job.therapy_id, Written(job.path, pages), stamp.digest_bytes(data), report.problems


HANDOUT_PAGES = {"letter": 2, "a4": 2, "a5": 3, "half-letter": 3}
"""The pages a handout should keep to: two on letter or A4; on the small pages, whose page
holds about half as much, the text on two and the notes area on a third."""


def handout_pages(page_size: str) -> int:
    """How many pages a handout on this paper should keep to (more gets a warning)."""
    return HANDOUT_PAGES.get(page_size, 2)


def select_therapies(content: Content, ids: Iterable[str]) -> list[Therapy]:
    """The therapies with these ids, in the order given, each once; a BookletError naming every
    id there is no therapy for (with a did-you-mean)."""
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


def _theme(content: Content, options: Options) -> Theme:
    from cdbooklet.layout.theme import make_theme

    return make_theme(
        content.branding,
        options.page_size or content.branding.paper,
        is_large_print=options.is_large_print,
        is_grayscale=options.is_grayscale,
        bleed=options.bleed_mm * 72 / 25.4,  # millimetres to points
        language=content.booklet.language,
    )


def _finish(data: bytes, options: Options) -> bytes:
    """Post-process a laid-out PDF for a print shop, when asked."""
    if not options.is_for_print_shop:
        return data
    from cdbooklet.press.printshop import add_bleed_and_marks

    return add_bleed_and_marks(data, options.bleed_mm, options.has_crop_marks)
