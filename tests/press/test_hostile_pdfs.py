"""Hostile PDFs given to `cdbooklet impose`: damaged, encrypted, looping and lying PDFs are
refused with one clear line, quickly, or imposed correctly.

One hazard a test; see tests/hostile.py for what these tests hold to.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject
from reportlab.pdfgen import canvas

from hostile import invoke
from timelimit import time_limit

DAMAGED = "this is not a PDF file or it is damaged"
ENCRYPTED = "this PDF is encrypted: remove the password first"
PASSWORD = "this PDF needs a password to open: save a copy without one and impose that"


def _numbered_pdf(count: int) -> bytes:
    """A PDF of `count` A5 pages, each saying which it is."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(420, 595), invariant=1)
    for number in range(1, count + 1):
        pdf.setFont("Helvetica", 30)
        pdf.drawString(150, 300, f"P{number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _raw_pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A PDF written by hand, object 1 the catalog, with a correct cross-reference table: the
    only damage is whatever the objects say."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return out


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] >>"


# -- impose on hostile PDFs -------------------------------------------------------------------


def _impose(data: bytes, tmp_path: Path) -> tuple[Result, Path, Path, float]:
    """Impose `data` through the command line: the result, IN and OUT, and the seconds taken."""
    source, out = tmp_path / "IN.pdf", tmp_path / "OUT.pdf"
    source.write_bytes(data)
    out.unlink(missing_ok=True)
    start = time.monotonic()
    with time_limit(20, "impose"):
        result = invoke("impose", source, out)
    return result, source, out, time.monotonic() - start


def _assert_refused_or_correct(result: Result, source: Path, out: Path, message: str) -> None:
    """Exit 1 ending with our one line naming IN (`message` a regular expression), nothing
    written; or a PDF that opens."""
    if result.exit_code == 1:
        last = result.stderr.splitlines()[-1]
        assert re.fullmatch(re.escape(f"{source}: ") + message, last), result.stderr
        assert not out.exists()
    else:
        assert result.exit_code == 0, result.output
        assert len(PdfReader(out).pages) % 2 == 0


def _damaged_pdfs() -> list[bytes]:
    """Damaged copies of a good 12-page PDF: bytes flipped (seeded), cut short, and by hand."""
    import random

    good = _numbered_pdf(12)
    rng = random.Random(33733)
    found = [good[: len(good) // 2] + good[-1024:], good.replace(b"/Kids", b"/Kid\x00")]
    for _ in range(40):
        data = bytearray(good)
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        found.append(bytes(data))
    found.append(
        _raw_pdf(
            _CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Junk "
            + b"[" * 100_000
            + b"]" * 100_000
            + b" >>",
        )
    )
    found.append(
        _raw_pdf(
            _CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e400 595] >>",
        )
    )
    found.append(_raw_pdf(_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count (three) >>", _PAGE))
    return found


_IMPOSE_REFUSALS = (
    f"({re.escape(DAMAGED)}|this PDF has no pages|page \\d+ has no size: the PDF is damaged|"
    "this PDF has [\\d,]+ pages: cdbooklet imposes at most 10,000)"
)


def test_malformed_pdfs_are_refused_quickly_or_imposed(tmp_path: Path) -> None:
    for data in _damaged_pdfs():
        result, source, out, seconds = _impose(data, tmp_path)
        assert seconds < 5
        _assert_refused_or_correct(result, source, out, _IMPOSE_REFUSALS)


def test_pypdf_complaints_about_a_damaged_pdf_do_not_reach_the_user(tmp_path: Path) -> None:
    # In a child: pytest's own logging handler would swallow what a clinic would see.
    code = (
        "import contextlib, io, sys\n"
        "from cdbooklet.cli import cli\n"
        "for source in sys.argv[1:]:\n"
        "    err = io.StringIO()\n"
        "    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            cli(['impose', source, source + '.out.pdf'], prog_name='cdbooklet')\n"
        "        except SystemExit:\n"
        "            pass\n"
        "    print(repr(err.getvalue()))\n"
    )
    sources = []
    for i, data in enumerate(_damaged_pdfs()):
        sources.append(tmp_path / f"in-{i}.pdf")
        sources[-1].write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-c", code, *map(str, sources)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    for source, printed in zip(sources, proc.stdout.splitlines(), strict=True):
        stderr = ast.literal_eval(printed)
        assert all(line.startswith(f"{source}: ") for line in stderr.splitlines()), stderr


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(_numbered_pdf(4)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _USER_PASSWORD() -> bytes:  # noqa: N802 (named like the constant it stands for)
    return _encrypted("secret")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_USER_PASSWORD, id="user-password"),
        pytest.param(lambda: _encrypted(""), id="owner-password-only"),
        pytest.param(
            lambda: _raw_pdf(
                _CATALOG,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                _PAGE,
                trailer=b"/Encrypt << /Filter /Standard /V 9 /R 9 >> ",
            ),
            id="unsupported-version",
        ),
        pytest.param(
            lambda: _raw_pdf(
                _CATALOG,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                _PAGE,
                trailer=b"/Encrypt << /Filter /Unknown >> ",
            ),
            id="unknown-handler",
        ),
    ],
)
def test_encrypted_pdfs_are_refused_with_a_clear_message(
    tmp_path: Path,
    make: Callable[[], bytes],
) -> None:
    result, source, out, seconds = _impose(make(), tmp_path)
    assert seconds < 5
    # A password the user must type is asked for in words; an encryption pypdf cannot read
    # at all is refused as before.
    expected = PASSWORD if make is _USER_PASSWORD else ENCRYPTED
    _assert_refused_or_correct(result, source, out, re.escape(expected))
    if result.exit_code == 1:
        assert result.stderr == f"{source}: {expected}\n"


def _tree_loop_through_the_root() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(_numbered_pdf(3)))
    pages = writer.root_object["/Pages"]
    loop = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): ArrayObject([pages.indirect_reference]),
            NameObject("/Count"): NumberObject(3),
            NameObject("/Parent"): pages.indirect_reference,
        }
    )
    pages["/Kids"].append(writer._add_object(loop))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: _raw_pdf(_CATALOG, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", _PAGE),
            id="node-lists-itself",
        ),
        pytest.param(
            lambda: _raw_pdf(
                _CATALOG,
                b"<< /Type /Pages /Kids [4 0 R] /Count 5 >>",
                b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 420 595] >>",
                b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R 2 0 R] /Count 3 >>",
            ),
            id="two-nodes-in-a-cycle",
        ),
        pytest.param(_tree_loop_through_the_root, id="loop-through-the-root"),
    ],
)
def test_page_tree_loop_is_refused_quickly(tmp_path: Path, make: Callable[[], bytes]) -> None:
    result, source, out, seconds = _impose(make(), tmp_path)
    assert seconds < 5
    _assert_refused_or_correct(result, source, out, re.escape(DAMAGED))


@pytest.mark.parametrize(
    ("make", "pages"),
    [
        pytest.param(
            lambda: _raw_pdf(_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 2000000 >>", _PAGE),
            2_000_000,
            id="count-that-lies",
        ),
        pytest.param(
            lambda: _raw_pdf(
                _CATALOG,
                b"<< /Type /Pages /Kids [" + b"3 0 R " * 50_000 + b"] /Count 50000 >>",
                _PAGE,
            ),
            50_000,
            id="50000-pages",
        ),
        pytest.param(
            lambda: _raw_pdf(
                _CATALOG, b"<< /Type /Pages /Kids [" + b"3 0 R " * 50_000 + b"] /Count 3 >>", _PAGE
            ),
            50_000,
            id="50000-pages-count-3",
        ),
    ],
)
def test_huge_page_count_is_refused_quickly(
    tmp_path: Path,
    make: Callable[[], bytes],
    pages: int,
) -> None:
    result, source, out, seconds = _impose(make(), tmp_path)
    assert seconds < 5
    assert result.exit_code == 1
    assert result.stderr == (
        f"{source}: this PDF has {pages:,} pages: cdbooklet imposes at most 10,000\n"
    )
    assert not out.exists()
