"""The clinic's logo: read, checked and made ready to embed, without ReportLab (so that `check`
finds a broken logo quickly). Only PNG and JPEG; a decompression bomb is refused unread.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cdbooklet.content.model import Source
from cdbooklet.errors import BookletError

MAX_LOGO_PIXELS = 40_000_000
"""A logo larger than this is refused before it is decoded (a decompression bomb)."""


def check_image(path: Path, where: Source) -> None:
    """A BookletError naming `where` unless the logo is a whole PNG or JPEG of a sensible size.

    For `check`: the file's structure is walked without decoding its pixels (and without
    loading Pillow). A PNG's chunks must all be intact (each checksum matches) and its
    compressed pixels a complete stream; a JPEG must reach its end-of-image marker. `build`
    decodes the image fully, which also finds the rarer damage this cannot see."""
    data = _read_checked(path, where)
    refuse, _too_large = _refusals(path, where)
    if data.startswith(_PNG):
        if not _is_whole_png(data):
            raise refuse(_DAMAGED)
    elif data.startswith(b"\xff\xd8"):
        if _claimed_size(data) is None or data.rfind(b"\xff\xd9") < 4:
            raise refuse(_DAMAGED)
    else:
        raise refuse(_DAMAGED)


PRINT_PPI = 400
"""Pixels per inch a logo needs on paper: above the 300 print shops ask of photos, so a logo's
edges stay crisp. More only makes the PDF bigger and slower to write."""
LONGEST = 1200
"""The longest side, in pixels, a logo is ever kept at."""


def pixels_for(points: float) -> int:
    """The longest side in pixels for a logo printed `points` long: PRINT_PPI, rounded up to
    a multiple of 100 (so the sizes one booklet prints share a copy), at most LONGEST."""
    wanted = points / 72 * PRINT_PPI
    return min(LONGEST, -(-int(wanted) // 100) * 100)


@dataclass(frozen=True, eq=False)
class Logo:
    """A logo ready to embed, `size` pixels: `data`, the file's own bytes (a JPEG goes into
    the PDF as it is, never decoded again), or `image`, its decoded pixels (a Pillow image,
    which spares ReportLab decoding the file a second time)."""

    size: tuple[int, int]
    data: bytes | None = None
    image: Any = None


def read_image(path: Path, where: Source, mode: str | None, longest: int = LONGEST) -> Logo:
    """The logo, at most about `longest` pixels on its longest side, in `mode` ("L": gray) if
    given; a BookletError naming `where` when it cannot be used. Read and decoded once per file
    version, `mode` and size in a process (a booklet prints the logo twice; `--watch`,
    `handout --all` and the front desk build again and again)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise _refusals(path, where)[0](f"cannot be read ({exc.strerror})") from None
    return _read_image(path, (info.st_size, info.st_mtime_ns, info.st_ino), where, mode, longest)


@lru_cache(maxsize=16)
def _read_image(
    path: Path, version: tuple[int, int, int], where: Source, mode: str | None, longest: int
) -> Logo:
    """The logo at one size and mode, from its one decoding (`_decoded`).

    A logo much larger than `longest` (half as large again) is downscaled to it, so the PDF
    stays small and quick to write; one a little larger is kept as it is, which costs less than
    scaling it. A JPEG kept as it is goes into the PDF as the file's own bytes.
    """
    data, image = _decoded(path, version, where)
    is_large = max(image.size) > longest * 1.5
    if (
        image.format != "PNG"
        and not is_large
        and mode is None
        and image.size == (_claimed_size(data) or image.size)
    ):
        return Logo(image.size, data=data)
    if is_large:
        image = image.copy()
        image.thumbnail((longest, longest))
    if mode is not None:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("LA" if has_alpha else mode)
    return Logo(image.size, image=image)


@lru_cache(maxsize=4)
def _decoded(path: Path, _version: tuple[int, int, int], where: Source) -> tuple[bytes, Any]:
    """The file's bytes and its pixels, decoded once, which proves it a whole PNG or JPEG.

    The file's size and the pixel count its header claims are checked before anything is
    decoded: a small file claiming to be 100,000 pixels square (a decompression bomb) costs
    nothing. A large photo is decoded at a reduced scale (JPEG can), near `LONGEST`.
    """
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    data = _read_checked(path, where)
    refuse, too_large = _refusals(path, where)
    try:
        image = PILImage.open(io.BytesIO(data), formats=("PNG", "JPEG"))
        # MPO: a JPEG with extra frames (some cameras); the first frame is the photo.
        if image.format not in ("PNG", "JPEG", "MPO"):
            raise refuse("should be a PNG or JPEG image")
        if image.size[0] * image.size[1] > MAX_LOGO_PIXELS:
            raise too_large(image.size)
        image.draft(None, (LONGEST, LONGEST))  # JPEG: decode at 1/2, 1/4 or 1/8 scale
        image.load()
        return data, image
    except BookletError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        # Pillow's own bomb check, when the header was not one `_claimed_size` reads.
        raise too_large(None) from None
    except UnidentifiedImageError:  # its message names our in-memory buffer
        raise refuse(_DAMAGED) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise refuse(f"cannot be read as an image ({exc})") from None


_PNG = b"\x89PNG\r\n\x1a\n"
_DAMAGED = (
    "cannot be read as an image (it is damaged, or not really a PNG or JPEG): save it "
    "again as PNG or JPEG"
)


def _refusals(
    path: Path, where: Source
) -> tuple[Callable[[str], BookletError], Callable[[tuple[int, int] | None], BookletError]]:
    def refuse(message: str) -> BookletError:
        return BookletError.at(where.path, where.line, f'the logo "{path.name}" {message}')

    def too_large(size: tuple[int, int] | None) -> BookletError:
        shown = f"is {size[0]} x {size[1]} pixels" if size else "has far too many pixels"
        return refuse(f"{shown}, far too large: save it smaller (about 1000 pixels wide is plenty)")

    return refuse, too_large


def _read_checked(path: Path, where: Source) -> bytes:
    """The file's bytes, once its size and the pixel count its header claims are sensible."""
    refuse, too_large = _refusals(path, where)
    try:
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise refuse("is over 50 MB, far too large a file: save it smaller")
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror})") from None
    claimed = _claimed_size(data)
    if claimed is not None and claimed[0] * claimed[1] > MAX_LOGO_PIXELS:
        raise too_large(claimed)
    return data


def _is_whole_png(data: bytes) -> bool:
    """Every chunk intact up to IEND, and the compressed pixels (IDAT) one complete stream."""
    pos, pixels = len(_PNG), zlib.decompressobj()
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 8 + length
        if end + 4 > len(data):
            return False
        if zlib.crc32(data[pos + 4 : end]) != int.from_bytes(data[end : end + 4], "big"):
            return False
        if kind == b"IDAT":
            chunk = data[pos + 8 : end]
            while chunk and not pixels.eof:  # decompressed a megabyte at a time, and dropped
                pixels.decompress(chunk, 1 << 20)
                chunk = pixels.unconsumed_tail
        elif kind == b"IEND":
            return pixels.eof
        pos = end + 4
    return False


MAX_LOGO_BYTES = 50 * 1024 * 1024
"""A logo file larger than this is refused unread."""


def _claimed_size(data: bytes) -> tuple[int, int] | None:
    """The (width, height) a PNG's or JPEG's header claims, read without decoding anything;
    None when the header is not one this reads (Pillow then checks the file as it opens it)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 <= len(data):  # JPEG: walk the marker segments to the frame header (SOFn)
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            i += 2
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # SOFn: height, width
            height, width = data[i + 5 : i + 7], data[i + 7 : i + 9]
            return int.from_bytes(width, "big"), int.from_bytes(height, "big")
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None
