"""The private ReportLab APIs cdbooklet.pdf relies on (cdbooklet.pdf.registry) are still what
ReportLab 5.1 had: the pinned minor version, each hooked or mirrored function's source, and every
private name the registry lists.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import io
from typing import Any

import pytest

# -- the ReportLab internals tagging relies on -----------------------------------------------------

# sha256 (first 16 hex digits) of the source of each private function tagging mirrors or hooks,
# as in ReportLab 5.1.0. When ReportLab changes one, read the change, adapt tagging.py or
# tagwrite.py, check the whole suite, then update the digest here.
PRIVATE_SOURCES = {
    "reportlab.pdfgen.canvas.Canvas.save": "50fd3ba8f81e953c",
    "reportlab.pdfgen.canvas.Canvas.showPage": "a9d4d3b9b7563794",
    "reportlab.pdfgen.canvas.Canvas._addAnnotation": "b8372b315199761e",
    "reportlab.pdfgen.canvas.Canvas.linkRect": "c7abe8ba9b11129a",
    "reportlab.pdfgen.canvas.Canvas.linkURL": "2f7184e76006eceb",
    "reportlab.pdfbase.pdfdoc.PDFDocument.GetPDFData": "d277704fa42a1062",
    "reportlab.pdfbase.pdfdoc.PDFDocument.format": "536ea7a675493430",
    "reportlab.pdfbase.pdfdoc.PDFDocument.Reference": "75342ed129b2115c",
    "reportlab.pdfbase.pdfdoc.PDFIndirectObject.format": "51e5f73e4f8e16f6",
    "reportlab.pdfbase.pdfdoc.PDFPage.check_format": "4719e4564fc6da76",
    "reportlab.pdfbase.pdfdoc.Annotation.AnnotationDict": "d343e1e4e3e1730c",
    "reportlab.pdfbase.pdfdoc.LinkAnnotation.Dict": "375434e1856b115a",
    "reportlab.pdfbase.ttfonts.makeToUnicodeCMap": "71783731cbe452d8",
    "reportlab.pdfbase.ttfonts.TTFont.addObjects": "33ac8d69ad7fe232",
    "reportlab.pdfbase.ttfonts.TTFont.__init__": "ac43d7e44b0cf9d9",
    "reportlab.pdfbase.ttfonts.TTFontFile.extractInfo": "95fbfd5dbf73cbd4",
    "reportlab.pdfbase.ttfonts.TTFontFile.makeSubset": "25b6baf377941767",
    "reportlab.pdfgen.textobject.PDFTextObject._textOut": "e9fb074dc754db5a",
    "reportlab.platypus.paragraph.Paragraph.beginText": "6ff2ab9bfaed3813",
    "reportlab.platypus.paragraph.Paragraph.breakLines": "bc2f126627c91e90",
    "reportlab.platypus.paragraph._split_blParaSimple": "281abd19918121c8",
    "reportlab.platypus.paragraph.Paragraph.drawPara": "d93948dc2d135dc8",
    "reportlab.platypus.paragraph.Paragraph.split": "4b80e7e382d591f1",
    "reportlab.platypus.paragraph.Paragraph._split_blParaProcessed": "4b4c378b90f7f84a",
    "reportlab.platypus.paragraph._putFragLine": "1239a52aa7696552",
    "reportlab.platypus.paragraph._leftDrawParaLine": "e3a570fd0d040c56",
    "reportlab.platypus.paragraph._rightDrawParaLine": "d755352ec2fb72fc",
    "reportlab.platypus.paragraph._drawBullet": "af1a1559968f9d55",
    "reportlab.platypus.tables.Table.draw": "9d67df280df9ec6b",
    "reportlab.platypus.tables.Table._splitRows": "748d227e401cee98",
}


def _resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def test_reportlab_is_the_minor_version_tagging_was_tested_with() -> None:
    import reportlab

    assert reportlab.Version.startswith("5.1."), (
        f"ReportLab {reportlab.Version}: tagging relies on private APIs of 5.1 (see "
        "cdbooklet.pdf.registry.PRIVATE_REPORTLAB_APIS); check them before raising the pin"
    )


@pytest.mark.parametrize("dotted", list(PRIVATE_SOURCES))
def test_reportlab_internals_tagging_relies_on_are_unchanged(dotted: str) -> None:
    source = inspect.getsource(_resolve(dotted))
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    assert digest == PRIVATE_SOURCES[dotted], (
        f"{dotted} changed in this ReportLab: tagging mirrors or hooks it (see "
        "cdbooklet.pdf.registry.PRIVATE_REPORTLAB_APIS)"
    )


def test_every_private_api_listed_still_exists() -> None:
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFontFile
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, Table
    from reportlab.platypus.paragraph import FragLine

    from cdbooklet.content.fonts import fonts_dir
    from cdbooklet.pdf.registry import PRIVATE_REPORTLAB_APIS

    canvas = Canvas(io.BytesIO())
    doc = canvas._doc
    table = Table([["a"], ["b"]])
    face = TTFontFile(str(fonts_dir() / "AtkinsonHyperlegible-Regular.ttf"))
    present = {
        "reportlab.pdfbase.ttfonts.TTFontFile._ttf_data": face._ttf_data[:4] == b"\0\1\0\0",
        "reportlab.pdfbase.ttfonts.TTFontFile._pdfScale": face._pdfScale(face.unitsPerEm) == 1000,
        "reportlab.pdfgen.canvas.Canvas._code": isinstance(canvas._code, list),
        "reportlab.pdfgen.canvas.Canvas._doc": isinstance(doc, pdfdoc.PDFDocument),
        "reportlab.pdfgen.canvas.Canvas._annotationCount": canvas._annotationCount == 0,
        "reportlab.pdfbase.pdfdoc.PDFDocument.delayedFonts": doc.delayedFonts == [],
        "reportlab.pdfbase.pdfdoc.PDFDocument.idToObject": isinstance(doc.idToObject, dict),
        "reportlab.pdfbase.pdfdoc.PDFDocument.numberToId": isinstance(doc.numberToId, dict),
        "reportlab.pdfbase.pdfdoc.PDFDocument.objectcounter": isinstance(doc.objectcounter, int),
        "reportlab.platypus.paragraph.Paragraph._JustifyLast": "_JustifyLast"
        in inspect.getsource(_resolve("reportlab.platypus.paragraph")),
        "reportlab.platypus.tables.Table._nosplitCmds": isinstance(table._nosplitCmds, list),
        "reportlab.platypus.tables.Table._rowHeights": "self._rowHeights"
        in inspect.getsource(_resolve("reportlab.platypus.tables.Table._calc_height")),
        "reportlab.platypus.tables.Table._nrows": table._nrows == 2,
        "reportlab.platypus.tables.Table._cellvalues": table._cellvalues == [["a"], ["b"]],
        "reportlab.platypus.tables.Table._argH": table._argH == [None, None],
        "reportlab.platypus.frames.Frame._atTop": "_atTop"
        in inspect.getsource(_resolve("reportlab.platypus.frames.Frame")),
        "reportlab.platypus.doctemplate.BaseDocTemplate._doSave": "getattr(self,'_doSave',1)"
        in inspect.getsource(_resolve("reportlab.platypus.doctemplate.BaseDocTemplate._endBuild")),
        "reportlab.pdfgen.canvas.Canvas._doctemplate": "canv._doctemplate = self"
        in inspect.getsource(_resolve("reportlab.platypus.doctemplate.BaseDocTemplate.build")),
        "reportlab.pdfbase.pdfdoc.PDFDocument.idToObjectNumberAndVersion": isinstance(
            doc.idToObjectNumberAndVersion, dict
        ),
        "reportlab.pdfbase.pdfdoc.PDFDocument._pdfVersion": doc._pdfVersion == (1, 3),
        "reportlab.pdfbase.pdfdoc.PDFDocument._timeStamp": len(doc._timeStamp.YMDhms) == 6,
        "reportlab.pdfbase.pdfdoc.PDFDocument.Pages.pages": doc.Pages.pages == [],
        "reportlab.pdfbase.pdfdoc.PDFPage.__NoDefault__": "Annots" in pdfdoc.PDFPage.__NoDefault__,
        "reportlab.pdfbase.pdfdoc.LinkAnnotation.permitted": "StructParent"
        not in pdfdoc.LinkAnnotation.permitted,
        "reportlab.pdfbase.pdfdoc.LinkAnnotation.otherkw": pdfdoc.LinkAnnotation(
            (0, 0, 1, 1), "", None
        ).otherkw
        == {},
        "reportlab.platypus.paragraph.FragLine.sFW": "sFW" in inspect.getsource(Paragraph),
        "reportlab.platypus.paragraph.Paragraph.blPara": "blPara"
        in inspect.getsource(Paragraph.wrap),
        "reportlab.platypus.tables.Table._renderCB": "self._renderCB = renderCB"
        in inspect.getsource(_resolve("reportlab.platypus.tables.Table.__init__")),
    }
    assert FragLine is not None
    listed = {where for where, _why in PRIVATE_REPORTLAB_APIS}
    for where in listed:
        if where in present:
            assert present[where], where
        else:
            _resolve(where)  # a class, function or method that must exist


# -- the pypdf internals ---------------------------------------------------------------------------

# sha256 (first 16 hex digits) of the source of each private pypdf function cdbooklet.pdf calls.
PRIVATE_PYPDF_SOURCES = {
    "pypdf.PdfWriter._add_object": "ec137053034459e8",
}


def test_every_private_pypdf_api_listed_still_exists() -> None:
    import importlib

    from cdbooklet.pdf.registry import PRIVATE_PYPDF_APIS

    for where, _why in PRIVATE_PYPDF_APIS:
        module, *names = where.split(".")
        obj: object = importlib.import_module(module)
        for name in names:
            obj = getattr(obj, name)
        assert callable(obj), where


@pytest.mark.parametrize("dotted", list(PRIVATE_PYPDF_SOURCES))
def test_pypdf_internals_cdbooklet_calls_are_unchanged(dotted: str) -> None:
    source = inspect.getsource(_resolve(dotted))
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    assert digest == PRIVATE_PYPDF_SOURCES[dotted], (
        f"{dotted} changed in this pypdf: cdbooklet.pdf.objects calls it (see "
        "cdbooklet.pdf.registry.PRIVATE_PYPDF_APIS)"
    )
