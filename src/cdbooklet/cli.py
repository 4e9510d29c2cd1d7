"""The command line: parse options, call the library, print a short result, map errors to exits.

Exit 0 on success (warnings on stderr), 1 for a problem in the user's files (`PATH:LINE: message`
lines on stderr, never a traceback), 2 for a usage error (Click's own).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cdbooklet import __version__
from cdbooklet.content.model import FLOWS, PAGE_SIZES
from cdbooklet.errors import BookletError, Report

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """Turns a BookletError from any command into its lines on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BookletError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            ctx.exit(1)


def _content_option(f: F) -> F:
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(path_type=Path),
        default=Path("content"),
        show_default=True,
        help="The content folder (booklet.yaml, branding.yaml, therapies/).",
    )(f)


def _page_size_option(f: F) -> F:
    return click.option(
        "--page-size",
        type=click.Choice(PAGE_SIZES, case_sensitive=False),
        default=None,
        help="Paper size. Default: the clinic's paper in branding.yaml, else letter.",
    )(f)


# The impose choices, spelled out here so that `cdbooklet --help` need not import pypdf;
# tests/press/test_impose.py checks they match cdbooklet.press.impose.
_SHEETS = ("letter", "a4", "tabloid", "a3")
_DUPLEX = ("short-edge", "long-edge")
_BLANKS = ("end", "before-back-cover")


def _multiple_of_4(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value % 4:
        raise click.BadParameter(f"{value} is not a multiple of 4 (try {value + 4 - value % 4})")
    return value


def _print_options(f: F) -> F:
    """The saddle-stitch print options shared by `impose` and `build --impose`."""
    options = (
        click.option(
            "--sheet",
            type=click.Choice(_SHEETS, case_sensitive=False),
            default=None,
            help="The paper to print on, landscape. Default: the sheet two pages fit "
            "(A5 -> A4, half-letter -> letter, letter -> tabloid, A4 -> A3), else the one "
            "that prints them largest.",
        ),
        click.option(
            "--duplex",
            type=click.Choice(_DUPLEX, case_sensitive=False),
            default="short-edge",
            show_default=True,
            help="How your printer turns the paper; long-edge turns the backs round.",
        ),
        click.option(
            "--manual-duplex",
            is_flag=True,
            help="Fronts and backs as two PDFs (OUT-fronts.pdf, OUT-backs.pdf), for a "
            "printer that prints one side at a time.",
        ),
        click.option(
            "--signature",
            type=click.IntRange(min=4),
            callback=_multiple_of_4,
            metavar="N",
            help="Fold in gatherings of N pages (a multiple of 4) that "
            "stack into one book. Default: one gathering.",
        ),
        click.option(
            "--creep",
            "creep_mm",
            type=click.FloatRange(0, 10),
            default=0.0,
            show_default=True,
            metavar="MM",
            help="Move the innermost pages MM millimetres toward the fold (outer "
            "sheets less), for thick booklets.",
        ),
        click.option(
            "--no-fold-marks",
            is_flag=True,
            help="Leave out the faint marks at each end of the fold.",
        ),
        click.option(
            "--blanks",
            type=click.Choice(_BLANKS, case_sensitive=False),
            default=None,
            help="Where the blank pages that make a multiple of 4 go: at the end, or just "
            "before the last page (a back cover). Default: before the back cover for a "
            "cdbooklet booklet, at the end for any other PDF.",
        ),
        click.option(
            "--bind",
            "binding",
            type=click.Choice(("left", "right"), case_sensitive=False),
            default=None,
            help="The edge the folded booklet is bound on. Default: the right for a booklet "
            "that reads right to left (Arabic, Hebrew, Persian, Urdu), else the left.",
        ),
    )
    for option in reversed(options):
        f = option(f)
    return f


MAX_NOTE = 600
"""Characters in a handout note: a few sentences, which fit the notes area."""


def _short_note(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and len(value) > MAX_NOTE:
        raise click.BadParameter(f"is {len(value):,} characters; keep it to {MAX_NOTE:,} or fewer")
    return value


def _layout_options(f: F) -> F:
    """How the pages look, shared by `build` and `handout`."""
    options = (
        _page_size_option,
        click.option(
            "--large-print",
            is_flag=True,
            help="18 pt text everywhere and no italics, for low vision.",
        ),
        click.option(
            "--grayscale",
            is_flag=True,
            help="Every colour, the logo too, in gray: for black-and-white printers.",
        ),
        click.option(
            "--bleed",
            "bleed_mm",
            type=click.FloatRange(0, 10),
            default=0.0,
            metavar="MM",
            help="For a print shop: run colour MM past the trimmed "
            "edge (3 is usual) and set the PDF's TrimBox/BleedBox.",
        ),
        click.option(
            "--crop-marks",
            is_flag=True,
            help="For a print shop: marks outside the page where it is cut.",
        ),
        click.option(
            "--no-tags",
            is_flag=True,
            help="Leave out the structure tags screen readers use (not recommended).",
        ),
    )
    for option in reversed(options):
        f = option(f)
    return f


def _options(
    page_size: str | None,
    large_print: bool,
    grayscale: bool,
    bleed_mm: float,
    crop_marks: bool,
    no_tags: bool,
    **extra: Any,
) -> Any:
    from cdbooklet.build.options import Options

    return Options(
        page_size=_size(page_size),
        is_large_print=large_print,
        is_grayscale=grayscale,
        bleed_mm=bleed_mm,
        has_crop_marks=crop_marks,
        is_tagged=not no_tags,
        **extra,
    )


def _imposition(
    sheet: str | None,
    duplex: str,
    manual_duplex: bool,
    signature: int | None,
    creep_mm: float,
    no_fold_marks: bool,
    blanks: str | None,
    binding: str | None,
) -> Any:
    from cdbooklet.press.impose import ImposeOptions

    return ImposeOptions(
        sheet=_size(sheet),
        duplex=_size(duplex),
        is_manual_duplex=manual_duplex,
        signature=signature,
        creep_mm=creep_mm,
        has_fold_marks=not no_fold_marks,
        blanks=_size(blanks),
        binding=_size(binding),
    )


def _show_imposed(imposed: Any) -> None:
    paths = " and ".join(str(p) for p in imposed.paths)
    click.echo(f"Wrote {paths} ({imposed.summary()})")
    if imposed.instructions():
        click.echo(imposed.instructions())


def _show(report: Report) -> None:
    for problem in report.warnings:
        click.echo(str(problem), err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cdbooklet")
def cli() -> None:
    """Print-ready patient booklets and handouts from YAML content and a clinic's branding.

    \b
    cdbooklet build                 # content/ -> out/booklet.pdf
    cdbooklet handout --all         # one PDF per therapy in out/handouts/
    cdbooklet check                 # find mistakes in the YAML files
    """


@cli.command()
@_content_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("out/booklet.pdf"),
    show_default=True,
    help="Where to write the booklet PDF.",
)
@_layout_options
@click.option(
    "--flow",
    type=click.Choice(FLOWS, case_sensitive=False),
    default=None,
    help="page-per-therapy starts each therapy on a new page; compact starts one under "
    "another where it fits and lets boxes run on, for fewer pages. Default: flow: in "
    "booklet.yaml, else page-per-therapy.",
)
@click.option(
    "--watch", is_flag=True, help="Stay running and rebuild each time a content file is saved."
)
@click.option(
    "--impose",
    type=click.Choice(["saddle-stitch"]),
    default=None,
    help="Lay the pages out two to a sheet, ready to fold and staple (see impose).",
)
@_print_options
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse a draft translation (one a qualified translator has not checked yet), of the "
    "text or of the printed headings.",
)
def build(
    content_dir: Path,
    out: Path,
    page_size: str | None,
    large_print: bool,
    grayscale: bool,
    bleed_mm: float,
    crop_marks: bool,
    no_tags: bool,
    flow: str | None,
    watch: bool,
    impose: str | None,
    strict: bool,
    **print_options: Any,
) -> None:
    """Build the booklet as one PDF.

    \b
    cdbooklet build --page-size a5 --out out/booklet-a5.pdf
    cdbooklet build --page-size half-letter --impose saddle-stitch --out out/print.pdf
    cdbooklet build --large-print --out out/booklet-large.pdf
    cdbooklet build --flow compact --out out/booklet-compact.pdf
    """
    from cdbooklet.build.pipeline import build_booklet, load

    ctx = click.get_current_context()
    if impose is None and any(
        ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT
        for name in print_options
    ):
        raise click.UsageError(
            "the print options (--sheet, --duplex, ...) need --impose saddle-stitch"
        )
    if impose and (bleed_mm or crop_marks):
        raise click.UsageError(
            "--bleed and --crop-marks are for a print shop's flat pages; "
            "leave them out with --impose"
        )
    imposition = _imposition(**print_options) if impose else None
    options = _options(
        page_size,
        large_print,
        grayscale,
        bleed_mm,
        crop_marks,
        no_tags,
        imposition=imposition,
        flow=_size(flow),
    )
    if watch:
        _watch(content_dir, out, options)
        return
    report = Report()
    content = load(content_dir, report)
    if strict:
        _refuse_draft(content)
    written = build_booklet(content, out, options, report)
    _show(report)
    if written.imposed is not None:
        _show_imposed(written.imposed)
    else:
        _show_written(written)


def _refuse_draft(content: Any) -> None:
    """With --strict: no draft translation, of the text or of the printed headings."""
    from cdbooklet.content.translation import is_draft
    from cdbooklet.text.labels import labels_for

    if is_draft(content):
        where = content.booklet.where("translation")
        raise BookletError.at(
            where.path,
            where.line,
            "this edition is a draft translation, not yet checked by a qualified translator, "
            "and --strict refuses to print it (see cdbooklet translations)",
        )
    language = content.booklet.language
    if labels_for(language)[0].is_draft:
        where = content.booklet.where("language")
        raise BookletError.at(
            where.path,
            where.line,
            f'the printed headings in "{language}" are a draft translation, not yet checked by '
            "a qualified translator, and --strict refuses to print them",
        )


def _watch(content_dir: Path, out: Path, options: Any) -> None:
    """Build, then rebuild on every save until Ctrl-C, printing how long each took."""
    import time

    from cdbooklet.build.pipeline import build_booklet, load
    from cdbooklet.build.watch import watch

    read: list[Path] = []  # the files the last good build read, to watch them all

    def rebuild() -> None:
        start = time.perf_counter()
        report = Report()
        try:
            content = load(content_dir, report)
            read[:] = content.files
            written = build_booklet(content, out, options, report)
        except BookletError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo("Not rebuilt: fix the file and save it again.", err=True)
            return
        _show(report)
        ms = (time.perf_counter() - start) * 1000
        click.echo(f"Built {written.path} ({written.pages} pages) in {ms:.0f} ms")

    rebuild()
    click.echo(f"Watching {content_dir} for changes. Press Ctrl-C to stop.")
    try:
        watch(content_dir, rebuild, also=lambda: read)
    except KeyboardInterrupt:
        click.echo("Stopped watching.")


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="A handout for every therapy.")
@click.option(
    "--pack",
    metavar="NAME",
    default=None,
    help="The therapies of a handout pack (packs: in booklet.yaml).",
)
@_content_option
@click.option(
    "--out-dir",
    type=click.Path(path_type=Path),
    default=Path("out/handouts"),
    show_default=True,
    help="Folder for the handouts (<id>.pdf each).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, allow_dash=True),
    default=None,
    help="Write the handouts as one PDF to this file (- for standard output), for one "
    "patient: needed with --note.",
)
@_layout_options
@click.option(
    "--note",
    type=click.STRING,
    default=None,
    callback=_short_note,
    help='A note for the patient, printed under "Notes from your care team" (with --out only).',
)
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
def handout(
    ids: tuple[str, ...],
    all_: bool,
    pack: str | None,
    content_dir: Path,
    out_dir: Path,
    out: Path | None,
    note: str | None,
    quiet: bool,
    **layout: Any,
) -> None:
    """Build one-therapy handouts, one PDF each, or one PDF for a patient with --out.

    Handouts whose content, fonts and options have not changed are left as they are. With
    --all, the handouts cdbooklet wrote earlier for therapies that are gone are removed.

    A note is a patient's: it is printed only into the file --out names (or standard output),
    never into the shared handouts folder, where the next print could pick it up.

    \b
    cdbooklet handout acupuncture biofeedback
    cdbooklet handout --all --page-size a4 --large-print
    cdbooklet handout --pack "New diagnosis" --out new-diagnosis.pdf
    cdbooklet handout yoga-and-tai-chi --note "Try the Tuesday class." --out - | lp
    """
    if sum((bool(ids), all_, pack is not None)) > 1:
        raise click.UsageError("give therapy ids, --pack NAME or --all: one of them")
    if not (all_ or ids or pack is not None):
        raise click.UsageError(
            "give one or more therapy ids, --pack NAME or --all (see: cdbooklet list)"
        )
    if note is not None and out is None:
        raise click.UsageError(
            "--note is for one patient: give --out FILE (or --out - for standard output), so "
            "that the note is never written into the shared handouts folder"
        )
    ctx = click.get_current_context()
    if (
        out is not None
        and ctx.get_parameter_source("out_dir") != click.core.ParameterSource.DEFAULT
    ):
        raise click.UsageError("give --out FILE or --out-dir DIR, not both")
    if str(out) == "-" and sys.stdout.isatty():
        raise click.UsageError(
            "--out - writes the PDF to standard output, which is a terminal here: send it to a "
            "file or a program (> file.pdf, | lp), or give --out FILE"
        )
    from cdbooklet.build.pipeline import build_handouts, load, remove_withdrawn_handouts

    report = Report()
    content = load(content_dir, report)
    if pack is not None:
        wanted = list(_pack(content, pack))
    else:
        wanted = [t.id for t in content.booklet.therapies] if all_ else list(ids)
    options = _options(note=note, **layout)
    if out is not None:
        _handouts_to_one_file(content, wanted, out, options, report, quiet)
        return
    # A progress bar only for a person watching a terminal, and only when there is a wait.
    if not quiet and len(wanted) > 3 and sys.stderr.isatty():
        with click.progressbar(length=len(wanted), label="Handouts", file=sys.stderr) as bar:
            written = build_handouts(
                content, wanted, out_dir, options, report, progress=lambda _w: bar.update(1)
            )
    else:
        written = build_handouts(content, wanted, out_dir, options, report)
    removed = remove_withdrawn_handouts(content, out_dir, report) if all_ else []
    _show(report)
    for path in removed:
        click.echo(f"Removed {path} (its therapy is no longer in {content_dir})")
    if not quiet:
        for w in written:
            _show_written(w)


def _pack(content: Any, name: str) -> tuple[str, ...]:
    """A pack's therapy ids, or a usage error naming the packs there are."""
    from cdbooklet.content.load import did_you_mean

    ids = content.booklet.pack(name)
    if ids is not None:
        return tuple(ids)
    names = [n for n, _ids in content.booklet.packs]
    if not names:
        raise click.UsageError(
            f'there is no pack "{name}": {content.booklet.source.path} has no packs: yet'
        )
    listed = ", ".join(f'"{n}"' for n in names)
    hint = did_you_mean(name, names)
    raise click.UsageError(f'there is no pack "{name}"{hint}; the packs are {listed}')


def _handouts_to_one_file(
    content: Any, ids: list[str], out: Path, options: Any, report: Report, quiet: bool
) -> None:
    from cdbooklet.build.pipeline import render_handouts, write_handouts

    if str(out) == "-":
        data, _pages = render_handouts(content, ids, options, report)
        _show(report)
        stdout = sys.stdout.buffer
        stdout.write(data)
        stdout.flush()
        return
    written = write_handouts(content, ids, out, options, report)
    _show(report)
    if not quiet:
        _show_written(written)


def _show_written(w: Any) -> None:
    pages = f"{w.pages} page{'s' if w.pages != 1 else ''}"
    if w.is_unchanged:
        click.echo(f"Unchanged {w.path} ({pages})")
    else:
        click.echo(f"Wrote {w.path} ({pages})")


@cli.command("list")
@_content_option
def list_(content_dir: Path) -> None:
    """List the therapies: id, title, number of words and reading grade.

    The grade is Flesch-Kincaid for English and Fernández Huerta's scale for Spanish ("-" for
    other languages); patient text should stay at 8 or below. A translated edition also shows
    each file's translation: draft or reviewed, and whether its source changed since.

    \b
    cdbooklet list --content content
    """
    from cdbooklet.build.checks import grade_of
    from cdbooklet.build.pipeline import load
    from cdbooklet.content.translation import edition_state

    report = Report()
    content = load(content_dir, report)
    state = edition_state(content)
    _show(report)
    rows = [("ID", "TITLE", "WORDS", "GRADE", "TRANSLATION" if state else "")]
    for t in content.booklet.therapies:
        result = grade_of(t, content.booklet.language)
        translated = state.of(t.source.path) if state else None
        rows.append(
            (
                t.id,
                t.title,
                str(t.words),
                f"{result.grade:.1f}" if result else "-",
                translated.describe() if translated else "",
            )
        )
    if state:
        rows += [
            (f.path.stem, "", "", "", f.describe()) for f in state.files if f.status == "missing"
        ]
    widths = [max(_columns(r[i]) for r in rows) for i in range(2)]
    for r in rows:
        first = r[0] + " " * (widths[0] - _columns(r[0]))
        second = r[1] + " " * (widths[1] - _columns(r[1]))
        line = f"{first}  {second}  {r[2]:>5}  {r[3]:>5}  {r[4]}"
        click.echo(line.rstrip())


def _columns(text: str) -> int:
    """How many columns text takes in a terminal: two for each wide (Chinese, Japanese,
    Korean) character, none for a combining mark."""
    import unicodedata

    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


@cli.command()
@_content_option
@click.option("--strict", is_flag=True, help="Count warnings as errors: exit 1 if there are any.")
def check(content_dir: Path, strict: bool) -> None:
    """Check every file for mistakes, printing each as PATH:LINE: message.

    Also warns for text above reading grade 8 (quoting the hardest sentences), a review_by date
    that has passed, a therapy reviewed more than two years ago and, in a translated edition,
    each file whose source changed since it was translated, and a draft translation. Exit 0
    when there are no errors (warnings are allowed), 1 otherwise; with --strict, 1 for warnings
    too.

    \b
    cdbooklet check --content content
    cdbooklet check --strict        # before printing: no warnings allowed
    """
    from cdbooklet.build.checks import check_content, check_readability, check_translation
    from cdbooklet.build.pipeline import load

    report = Report()
    content = load(content_dir, report)
    check_content(content, report)
    check_readability(content, report)
    check_translation(content, report)
    _show(report)
    count, warnings = len(content.booklet.therapies), len(report.warnings)
    if strict and warnings:
        click.echo(
            f"{content_dir}: {warnings} warning{'s' if warnings != 1 else ''}, and "
            "warnings count as errors with --strict",
            err=True,
        )
        click.get_current_context().exit(1)
    click.echo(f"{content_dir}: no errors ({count} therapies, {warnings} warnings)")


@cli.command()
@_content_option
@click.option(
    "--out-dir",
    type=click.Path(path_type=Path),
    default=Path("out/site"),
    show_default=True,
    help="Folder for the site (index.html, <id>.html each).",
)
def html(content_dir: Path, out_dir: Path) -> None:
    """Build the accessible HTML edition: a static site a clinic can publish.

    \b
    cdbooklet html --out-dir out/site
    """
    from cdbooklet.build.pipeline import load
    from cdbooklet.web.site import build_site

    report = Report()
    content = load(content_dir, report)
    pages = build_site(content, out_dir, report)
    _show(report)
    click.echo(f"Wrote {len(pages)} pages to {out_dir}")


@cli.command()
@click.option(
    "--content",
    "content_dirs",
    multiple=True,
    default=[Path("content")],
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    show_default=True,
    help="A content folder; give one per language for a language switch.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to answer on. Any other than this computer's own lets everyone "
    "on the network use the page, which has no login.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to answer on (0: any free port).",
)
def serve(content_dirs: tuple[Path, ...], host: str, port: int) -> None:
    """Run the front-desk page: tick therapies, print their handouts as one PDF.

    Open the address it prints in a browser on this computer. Needs the serve extra:
    pip install 'cdbooklet[serve]'.

    \b
    cdbooklet serve
    cdbooklet serve --content content --content content/es --port 8080
    """
    import logging

    try:
        from cdbooklet.web.server import make_server
    except ImportError as exc:
        if exc.name not in ("flask", "waitress", "werkzeug"):
            raise
        click.echo(
            "The front desk needs Flask and waitress: pip install 'cdbooklet[serve]'", err=True
        )
        click.get_current_context().exit(1)
    # One line per PDF made, and any content problem, in the window the desk runs in.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("cdbooklet").addHandler(handler)
    logging.getLogger("cdbooklet").setLevel(logging.INFO)
    try:
        server = make_server(list(content_dirs), host, port)
    except OSError as exc:
        click.echo(
            f"Cannot answer on {host} port {port} ({exc.strerror or exc}): another "
            f"program may be using it; try --port {port + 1}",
            err=True,
        )
        click.get_current_context().exit(1)
    if not server.is_local:
        click.echo(
            "warning: the front desk has no login: anyone who can reach this computer "
            "on the network can open it and print",
            err=True,
        )
    click.echo(f"Front desk: {server.url} (Ctrl-C to stop)")
    try:
        server.run()  # until Ctrl-C (waitress returns rather than raise KeyboardInterrupt)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo("Stopped.")


@cli.command()
@click.argument("source", metavar="IN.pdf", type=click.Path(path_type=Path))
@click.argument("out", metavar="OUT.pdf", type=click.Path(path_type=Path))
@_print_options
def impose(source: Path, out: Path, **print_options: Any) -> None:
    """Saddle-stitch any PDF: two pages a sheet side, ready to fold and staple.

    Print OUT.pdf on both sides (flip on short edge), fold the stack in half and staple the fold.
    Pages are cut to their TrimBox (bleed and crop marks are left off); filled form fields and
    other printable annotations are printed; a PDF with an empty password opens as in a viewer.

    \b
    cdbooklet impose out/booklet.pdf out/booklet-print.pdf --sheet a4
    cdbooklet impose manual.pdf manual-print.pdf --signature 16
    """
    from cdbooklet.press.impose import impose_file

    report = Report()
    imposed = impose_file(source, out, _imposition(**print_options), report)
    _show(report)
    _show_imposed(imposed)


@cli.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a new content folder a clinic can edit, ready to build.

    It holds a placeholder clinic (every value to replace says REPLACE), the standard disclaimer,
    one example therapy and a placeholder logo, with a note on every key. DIR must be new or
    empty.

    \b
    cdbooklet init my-clinic
    cdbooklet build --content my-clinic --out out/my-clinic.pdf
    """
    from cdbooklet.build.starter import init_content

    written = init_content(folder)
    click.echo(
        f"Wrote {len(written)} files to {folder}. Next: replace every REPLACE in "
        f"{folder / 'branding.yaml'}, edit the text, then run "
        f"cdbooklet check --content {folder}"
    )


@cli.command()
@click.option("--to", "tag", required=True, metavar="TAG", help="The new edition's language code.")
@_content_option
def translate(tag: str, content_dir: Path) -> None:
    """Start a translated edition: a folder CONTENT/TAG with the source's files to translate.

    Each file keeps the source's text for a translator to replace, and is marked as a draft
    translation with the source's text recorded, so that `check` can say when the source
    changes. Nothing is translated by machine and nothing is fetched.

    \b
    cdbooklet translate --to fr            # content/fr/
    cdbooklet check --content content/fr
    """
    from cdbooklet.build.translations import start_edition

    written = start_edition(content_dir, tag)
    target = content_dir / tag
    click.echo(
        f"Wrote {len(written)} files to {target}, every one a draft in the source's language: "
        f"translate the text (keep the keys before the colons), then run "
        f"cdbooklet check --content {target}"
    )


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@_content_option
@click.option(
    "--mark-current",
    is_flag=True,
    help="Record that the files (all, or those named) follow their source as it is now.",
)
@click.option(
    "--reviewed-by",
    metavar="NAME",
    default=None,
    help="Record that this qualified translator checked the files today (and that they follow "
    "their source as it is now).",
)
def translations(
    files: tuple[Path, ...], content_dir: Path, mark_current: bool, reviewed_by: str | None
) -> None:
    """Show a translated edition's files: draft or reviewed, and whether the source changed.

    \b
    cdbooklet translations --content content/es
    cdbooklet translations --content content/es --mark-current content/es/therapies/biofeedback.yaml
    cdbooklet translations --content content/es --reviewed-by "Ana López"
    """
    from cdbooklet.build.pipeline import load
    from cdbooklet.build.translations import mark_current as record_current
    from cdbooklet.build.translations import state_of

    report = Report()
    content = load(content_dir, report)
    if mark_current or reviewed_by:
        for path in record_current(content, files, reviewed_by=reviewed_by):
            click.echo(f"Updated {path}")
        content = load(content_dir, Report())
    _show(report)
    state = state_of(content)
    width = max(len(str(f.path)) for f in state.files)
    for f in state.files:
        click.echo(f"{str(f.path):<{width}}  {f.describe()}")


# The kinds of file, spelled out so that `cdbooklet --help` need not import the loader;
# tests/content/test_schema.py checks they match cdbooklet.content.schema.KINDS.
_SCHEMA_KINDS = ("booklet", "branding", "therapy")


@cli.command()
@click.argument("kind", required=False, type=click.Choice(_SCHEMA_KINDS))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of the content files, for editors that check YAML as you type.

    Without KIND, all three as one JSON object keyed by kind; `cdbooklet init` also writes them
    into a new folder's .schemas/.

    \b
    cdbooklet schema
    cdbooklet schema therapy > therapy.schema.json
    """
    from cdbooklet.content.schema import schema_text, schemas_text

    click.echo(schema_text(kind) if kind else schemas_text(), nl=False)


def _size(value: str | None) -> Any:
    return value.lower() if value else None


def main() -> None:
    """The console script."""
    cli(prog_name="cdbooklet")


if __name__ == "__main__":  # pragma: no cover
    main()
