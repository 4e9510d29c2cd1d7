"""Model + theme -> PDF bytes with ReportLab Platypus, through its public API only.

- `theme`: fonts, colours, page geometry and paragraph styles for one build.
- `ink`: content text as paragraphs, with warnings at the file and line that typed it.
- `tables`, `qr`: every table, and the QR code.
- `blocks`: what a booklet and a handout share (a therapy with its boxes, the disclaimer, the
  contact, the notes area, the logo).
- `document`: page templates, running header, footer, "Page X of Y", outline.
- `contents`, `booklet`, `handout`: the stories (`lay_out_booklet`, `lay_out_handout`).
- `flow`: how a booklet's sections follow each other (page-per-therapy or compact).

Layout reads no files except the images the model points to; anything beyond ReportLab's
public API goes through `cdbooklet.pdf`.

May import from cdbooklet: errors, text, content, pdf.
Never imports: pypdf, click, flask, jinja2, yaml.
"""
