"""After layout, before paper: imposition for folding, print-shop boxes, merged handouts, safe
writing of outputs, and the stamps that let an unchanged build be skipped.

- `impose`: saddle-stitch any PDF, two pages a sheet side, with pypdf.
- `printshop`: bleed, TrimBox and BleedBox, crop marks.
- `merge`: several handouts as one PDF to print, tagged when they are.
- `tagged`: a structure tree carried into an imposed PDF, and the XMP a tagged PDF needs.
- `preview`: small images of a PDF's pages (pypdfium2, the optional `serve` extra).
- `output`: every output file written atomically (a temporary file, then a rename).
- `stamp`: what made an output, so an unchanged one is left alone.

Works on PDF bytes and files only: it never lays anything out.

May import from cdbooklet: errors, pdf.
Never imports: reportlab, click, flask, jinja2, yaml.
"""
