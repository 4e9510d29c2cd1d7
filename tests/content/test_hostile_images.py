"""Hostile logos: a PNG claiming 100,000 pixels square, images that are not what their name
says, truncated images, a huge photo and a logo linked from outside the content folder.

One hazard a test; see tests/hostile.py for what these tests hold to.
"""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from helpers import replace_once
from hostile import MiB, build, line_of, run_child


def _png(width: int, height: int, pixels: bytes | None = None) -> bytes:
    """A PNG (8-bit RGB) whose header says `width` x `height`, with correct CRCs; `pixels` is
    the raw scanline data, a few rows of black when not given (a header that lies)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = pixels if pixels is not None else b"\0" * 4096
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _photo(width: int, height: int, fmt: str, **save: object) -> bytes:
    """A photo-like image (a gradient with noise, which compresses about as badly as a real
    photo)."""
    gradient = Image.radial_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 48).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(gradient, noise, 0.35).save(buffer, format=fmt, **save)
    return buffer.getvalue()


# -- images -----------------------------------------------------------------------------------


def test_png_claiming_100000_pixels_square_is_refused_before_decoding(
    content: Path,
    tmp_path: Path,
) -> None:
    (content / "assets" / "logo.png").write_bytes(_png(100_000, 100_000))
    branding = content / "branding.yaml"
    # 1.5 GiB of address space: decoding 10**10 pixels (30 GB) cannot even start.
    child = run_child(
        ["build", "--content", content, "--out", tmp_path / "b.pdf"], timeout=30, memory=1536 * MiB
    )
    assert child.returncode == 1, child.stderr
    assert child.stderr == (
        f'{branding}:{line_of(branding, "logo:")}: the logo "logo.png" is 100000 x 100000 '
        "pixels, far too large: save it smaller (about 1000 pixels wide is plenty)\n"
    )
    assert child.seconds < 10


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_gif(), 'the logo file "assets/logo.png" should be a PNG or JPEG image'),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            'the logo file "assets/logo.png" should be a PNG or JPEG image',
        ),
        (
            b"\x89PNG\r\n\x1a\n" + b"this is not an image" * 20,
            'the logo "logo.png" cannot be read as an image',
        ),
        (
            b"\xff\xd8\xff\xe0" + b"this is not an image" * 20,
            'the logo "logo.png" cannot be read as an image',
        ),
    ],
    ids=["gif", "svg", "png-signature-then-text", "jpeg-signature-then-text"],
)
def test_fake_image_is_refused_naming_branding_and_the_logo(
    content: Path,
    tmp_path: Path,
    data: bytes,
    message: str,
) -> None:
    (content / "assets" / "logo.png").write_bytes(data)
    branding = content / "branding.yaml"
    out = tmp_path / "b.pdf"
    result = build(content, out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{branding}:{line_of(branding, 'logo:')}: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image_is_refused_naming_the_file(
    content: Path,
    tmp_path: Path,
    fmt: str,
) -> None:
    whole = _photo(600, 400, fmt)
    (content / "assets" / "logo.png").write_bytes(whole[: len(whole) * 2 // 3])
    branding = content / "branding.yaml"
    out = tmp_path / "b.pdf"
    result = build(content, out)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(
        f'{branding}:{line_of(branding, "logo:")}: the logo "logo.png" cannot be read as an image ('
    )
    assert not out.exists()


def test_large_photo_logo_is_downscaled_so_the_pdf_stays_small(
    content: Path,
    tmp_path: Path,
) -> None:
    photo = _photo(4000, 3000, "JPEG", quality=92)
    assert len(photo) > 3 * MiB
    (content / "assets" / "logo.jpg").write_bytes(photo)
    replace_once(content / "branding.yaml", "logo.png", "logo.jpg")
    out = tmp_path / "b.pdf"
    result = build(content, out)
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size < 1.5 * MiB
    widths = [image.image.width for page in PdfReader(out).pages for image in page.images]
    assert widths and max(widths) <= 1200


def test_logo_symlinked_to_a_file_outside_the_content_folder_is_refused(
    content: Path,
    tmp_path: Path,
) -> None:
    outside = tmp_path / "elsewhere" / "logo.png"
    outside.parent.mkdir()
    shutil.copy(content / "assets" / "logo.png", outside)
    (content / "assets" / "logo.png").unlink()
    (content / "assets" / "logo.png").symlink_to(outside)
    branding = content / "branding.yaml"
    result = build(content, tmp_path / "b.pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        f'{branding}:{line_of(branding, "logo:")}: "logo" should be a file '
        'inside the content folder, not "assets/logo.png"\n'
    )
