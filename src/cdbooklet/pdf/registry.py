"""The private ReportLab and pypdf APIs cdbooklet relies on, in one place.

Every entry is used by a module of this package (`cdbooklet.pdf`) only: tests/pdf/test_registry.py
checks each against the installed library (it exists, and the source of what we rely on still
hashes the same), and tests/test_architecture.py fails if any module outside this package uses a
private name of either library. An upgrade that changes one of them fails loudly, here.
"""

from __future__ import annotations

PRIVATE_REPORTLAB_APIS: tuple[tuple[str, str], ...] = (
    # (where, what we rely on and which module of this package does)
    (
        "reportlab.pdfgen.canvas.Canvas._code",
        "the current page's content, a list of strings: marked-content operators are appended, "
        "and an empty sequence's BDC is deleted again",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._doc",
        "the PDFDocument: pages, annotations, fonts and catalog",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._annotationCount",
        "names the annotation _addAnnotation just registered (NUMBER<count>)",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._addAnnotation",
        "every annotation passes through it (linkURL and linkRect both call it)",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas.save",
        "replaced: it shows the last page and then writes through writer instead of SaveToFile; "
        "canvas.PlainCanvas shows the last page and realises the fonts before calling it",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.GetPDFData",
        "mirrored by writer (fonts, info digest, catalog, outlines) before its own writer; "
        "tounicode.realise_fonts does its first step early, leaving delayedFonts empty for it",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.format",
        "mirrored by writer, which writes object streams and a cross-reference stream",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.delayedFonts",
        "the TrueType fonts whose subsets are added at save time (tounicode.realise_fonts)",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.idToObject",
        "finds the ToUnicode CMaps ('toUnicodeCMap:' names) tounicode rewrites",
    ),
    ("reportlab.pdfbase.pdfdoc.PDFDocument.numberToId", "object numbers, in order, for the writer"),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.objectcounter",
        "the last object number given out: the structure elements' numbers are reserved after it",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.Reference",
        "numbers each new object objectcounter + 1, so a reserved block is never reused",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph._get_split_blParaFunc",
        "paragraphs.LongParagraph: makes a piece of a broken paragraph from its lines, as split "
        "does",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph._JustifyLast",
        "paragraphs.LongParagraph: whether a piece's last line is justified",
    ),
    (
        "reportlab.platypus.tables.Table._nosplitCmds",
        "tables.split_keeping_heading: the NOSPLIT ranges, set aside for a page-tall first point",
    ),
    (
        "reportlab.platypus.tables.Table._calcNoSplitRanges",
        "tables.split_keeping_heading: recomputes them",
    ),
    (
        "reportlab.platypus.tables.Table._splitRows",
        "tables.split_keeping_heading: splits between rows, or inside one with doInRowSplit",
    ),
    ("reportlab.platypus.tables.Table._calc", "tables.split_keeping_heading: measures the rows"),
    (
        "reportlab.platypus.tables.Table._rowHeights",
        "tables.split_keeping_heading: the measured rows",
    ),
    ("reportlab.platypus.tables.Table._nrows", "tables.split_keeping_heading: the number of rows"),
    (
        "reportlab.platypus.tables.Table._getPossibleHeight",
        "tables.split_keeping_heading: the height a split may use",
    ),
    (
        "reportlab.platypus.tables.Table._cellvalues",
        "tables.replace_repeated_row: a split part's rows, whose first (the repeated heading) "
        "it replaces; tables.claim_in_reading_order: a mirrored table's cells, read right to "
        "left",
    ),
    (
        "reportlab.platypus.tables.Table._argH",
        "tables.replace_repeated_row: the row heights a part was made with (None: measured); "
        "the repeated row's is set to None",
    ),
    (
        "reportlab.platypus.frames.Frame._atTop",
        "tables.split_keeping_heading: whether the box starts a frame (set on the flowable as "
        "_frame)",
    ),
    (
        "reportlab.graphics.barcode.qrencoder",
        "qrcode loads this file on its own, outside its package (it imports only re and "
        "itertools), and uses QRCode, QRErrorCorrectLevel and the modules it makes",
    ),
    (
        "reportlab.platypus.doctemplate.BaseDocTemplate._doSave",
        "document.build_unsaved: 0 leaves the canvas unsaved after build (as multiBuild does), "
        "so the late forms can be drawn first",
    ),
    (
        "reportlab.pdfgen.canvas.Canvas._doctemplate",
        "document.document_of: the document laying the canvas out, set by build",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.idToObjectNumberAndVersion",
        "object numbers of named objects, for references in the structure tree",
    ),
    ("reportlab.pdfbase.pdfdoc.PDFDocument._pdfVersion", "the header version"),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument._timeStamp",
        "document.set_creation_date sets it; writer repeats it in the XMP metadata",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFDocument.Pages.pages",
        "the PDFPage that showPage has just added",
    ),
    (
        "reportlab.pdfbase.pdfdoc.PDFPage.__NoDefault__",
        "PDFPage writes only these keys: /StructParents and /Tabs need an instance-level list",
    ),
    (
        "reportlab.pdfbase.pdfdoc.LinkAnnotation.permitted",
        "rejects /StructParent: widened per instance",
    ),
    (
        "reportlab.pdfbase.pdfdoc.LinkAnnotation.otherkw",
        "where /StructParent goes once the key is known",
    ),
    (
        "reportlab.pdfbase.ttfonts.makeToUnicodeCMap",
        "the CMap format tounicode rewrites: one bfchar block of '<%02X> <%04X>' entries, a value "
        "beyond U+FFFF written as a code point, not a surrogate pair (tagged output also drops "
        "U+0000 entries and writes blocks of at most 100)",
    ),
    (
        "reportlab.pdfbase.ttfonts.TTFontFile.extractInfo",
        "fontfile: called without character info for the names and header; the character map "
        "(the same subtable), widths and glyph places it would read next are read by fontfile",
    ),
    (
        "reportlab.pdfbase.ttfonts.TTFont.__init__",
        "mirrored by fontfile's TTFont, which sets the same attributes with its own face",
    ),
    (
        "reportlab.pdfbase.ttfonts.TTFontFile._ttf_data",
        "fontfile reads the tables from the file's bytes; shaping gives them to HarfBuzz",
    ),
    (
        "reportlab.pdfbase.ttfonts.TTFontFile._pdfScale",
        "fontfile: the face's default width, in thousandths of the size, as extractInfo scales it",
    ),
    (
        "reportlab.pdfbase.ttfonts.TTFontFile.makeSubset",
        "indexes the face's hmetrics and glyphPos only: fontfile's hmetrics are read as asked for",
    ),
    (
        "reportlab.pdfbase.ttfonts.TTFont.addObjects",
        "makes a subset's ToUnicode stream, named 'toUnicodeCMap:' + its font name; "
        "tounicode.realise_fonts calls it before the save",
    ),
    (
        "reportlab.pdfgen.textobject.PDFTextObject._textOut",
        "Paragraph ends each line with one _textOut(text, TStar=1): the line-end space goes there",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph.beginText",
        "called for the paragraph's own text object, after its bullet has been drawn",
    ),
    (
        "reportlab.platypus.paragraph.Paragraph.blPara",
        "the broken lines: kind 0 (words per line) or kind 1 (FragLine with sFW)",
    ),
    (
        "reportlab.platypus.paragraph.FragLine.sFW",
        "index in Paragraph.frags of a kind-1 line's first word",
    ),
    (
        "reportlab.platypus.paragraph._HSFrag",
        "a word followed by a space (kind 1); _InjectedFrag marks an inserted line break",
    ),
    (
        "reportlab.platypus.paragraph._SplitWord",
        "a piece of a word broken over a line end (kind 0); _SplitWordEnd is its last piece",
    ),
    (
        "reportlab.platypus.tables.Table._renderCB",
        "Table.draw calls it around backgrounds, cells and lines, and split tables keep it",
    ),
)

PRIVATE_PYPDF_APIS: tuple[tuple[str, str], ...] = (
    # (where, what we rely on and which module of this package does). Imposition otherwise uses
    # pypdf's public API only: clone, raw_get, decrypt, user_access_permissions.
    (
        "pypdf.PdfWriter._add_object",
        "objects.add_object: a new indirect object in a writer (imposition's page forms and "
        "annotation wrappers, print-shop marks); pypdf's own page and annotation helpers use it",
    ),
)
