"""The one door to ReportLab's and pypdf's internals: every private API cdbooklet relies on is used
here, behind small typed functions and classes, and listed in `registry`.

- `structure`: the elements a tagged PDF declares (Tag, artifacts), plain Python.
- `canvas`, `flowables`, `writer`, `tounicode`: tagged PDF (marked content, the structure tree
  written with object streams, ToUnicode maps that give text back).
- `paragraphs`, `tables`: very long paragraphs in pieces, boxes that split inside their first
  point, and mirrored tables read in order.
- `scriptparagraph`, `shaping`: paragraphs in scripts ReportLab cannot set (shaped with
  HarfBuzz, right to left, broken without spaces), drawn with /ActualText.
- `document`: laying out without saving, the creation date, binary streams.
- `qrcode`: ReportLab's QR encoder file, loaded on its own.
- `fontfile`: TrueType files read into ReportLab fonts a table at a time.
- `objects`: adding an object to a pypdf writer.

Nothing else in cdbooklet imports a private name of either library (tests/test_architecture.py).

May import from cdbooklet: errors, text, truetype.
Never imports: click, flask, jinja2, yaml.
"""
