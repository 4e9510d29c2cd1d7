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
from cdbooklet.errors import BookletError, Report
from cdbooklet.model import PAGE_SIZES

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
        "--content", "content_dir", type=click.Path(path_type=Path), default=Path("content"),
        show_default=True, help="The content folder (booklet.yaml, branding.yaml, therapies/).",
    )(f)


def _page_size_option(f: F) -> F:
    return click.option(
        "--page-size", type=click.Choice(PAGE_SIZES, case_sensitive=False), default=None,
        help="Paper size. Default: the clinic's paper in branding.yaml, else letter.",
    )(f)


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
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/booklet.pdf"),
              show_default=True, help="Where to write the booklet PDF.")
@_page_size_option
def build(content_dir: Path, out: Path, page_size: str | None) -> None:
    """Build the booklet as one PDF.

    \b
    cdbooklet build --page-size a5 --out out/booklet-a5.pdf
    """
    from cdbooklet.build import Options, build_booklet, load

    report = Report()
    content = load(content_dir, report)
    written = build_booklet(content, out, Options(page_size=_size(page_size)), report)
    _show(report)
    click.echo(f"Wrote {written.path} ({written.pages} pages)")


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="A handout for every therapy.")
@_content_option
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("out/handouts"),
              show_default=True, help="Folder for the handouts (<id>.pdf each).")
@_page_size_option
def handout(ids: tuple[str, ...], all_: bool, content_dir: Path, out_dir: Path,
            page_size: str | None) -> None:
    """Build one-therapy handouts, one PDF each.

    \b
    cdbooklet handout acupuncture biofeedback
    cdbooklet handout --all --page-size a4
    """
    if all_ and ids:
        raise click.UsageError("give therapy ids or --all, not both")
    if not all_ and not ids:
        raise click.UsageError("give one or more therapy ids, or --all (see: cdbooklet list)")
    from cdbooklet.build import Options, build_handouts, load

    report = Report()
    content = load(content_dir, report)
    wanted = [t.id for t in content.booklet.therapies] if all_ else list(ids)
    written = build_handouts(content, wanted, out_dir, Options(page_size=_size(page_size)), report)
    _show(report)
    for w in written:
        click.echo(f"Wrote {w.path} ({w.pages} page{'s' if w.pages != 1 else ''})")


@cli.command("list")
@_content_option
def list_(content_dir: Path) -> None:
    """List the therapies: id, title and number of words.

    \b
    cdbooklet list --content content
    """
    from cdbooklet.build import load

    report = Report()
    content = load(content_dir, report)
    _show(report)
    rows = [("ID", "TITLE", "WORDS")]
    rows += [(t.id, t.title, str(t.words)) for t in content.booklet.therapies]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    for r in rows:
        click.echo(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>5}")


@cli.command()
@_content_option
def check(content_dir: Path) -> None:
    """Check every file for mistakes, printing each as PATH:LINE: message.

    Exit 0 when there are no errors (warnings are allowed), 1 otherwise.

    \b
    cdbooklet check --content content
    """
    from cdbooklet.build import check_content, load

    report = Report()
    content = load(content_dir, report)
    check_content(content, report)
    _show(report)
    count = len(content.booklet.therapies)
    click.echo(f"{content_dir}: no errors ({count} therapies, {len(report.warnings)} warnings)")


def _size(value: str | None) -> Any:
    return value.lower() if value else None


def main() -> None:
    """The console script."""
    cli(prog_name="cdbooklet")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
