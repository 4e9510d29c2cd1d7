"""Small images of a PDF's pages, for the front desk's preview: PNG bytes, one a page.

Rendered with pypdfium2 (PDFium's Python binding; Apache-2.0 or BSD-3-Clause), which the
optional `serve` extra installs. It is imported on first use only (about 35 ms), so nothing
else pays for it; without it there is no preview (`is_available` says so) and printing is
unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Sequence


def is_available() -> bool:
    """Whether pypdfium2 can be imported here."""
    try:
        import pypdfium2  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


def page_images(data: bytes, width: int, most: int = 24) -> Sequence[bytes]:
    """The first `most` pages of a PDF as PNG images `width` pixels wide."""
    import pypdfium2  # type: ignore[import-untyped,import-not-found,unused-ignore]

    document = pypdfium2.PdfDocument(data)
    try:
        images: list[bytes] = []
        for index in range(min(len(document), most)):
            page = document[index]
            try:
                bitmap = page.render(scale=width / page.get_width())
                out = io.BytesIO()
                bitmap.to_pil().save(out, format="PNG", optimize=False)
                images.append(out.getvalue())
            finally:
                page.close()
        return images
    finally:
        document.close()
