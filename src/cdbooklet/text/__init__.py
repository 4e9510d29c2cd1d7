"""Words, whatever the output: inline markup, the fixed labels in each language, reading grades,
and what each writing system asks of layout.

- `markup`: content text with `**bold**`, `*italic*` and `[links](https://...)` as spans, as
  escaped ReportLab paragraph XML (the only producer of it), or as plain words.
- `labels`: the fixed words the booklet, handouts and web pages print, one catalogue per
  language; `world_labels`: twenty-one more, drafts not yet reviewed.
- `scripts`: which script each character is (Arabic, Han, Thai…), which shape, read right to
  left or break without spaces; `bidi`: the Unicode Bidirectional Algorithm's levels and a
  line's visual order; `breaks`: where lines may break (Chinese and Japanese rules, Thai words).
- `readability`: Flesch-Kincaid and Fernandez Huerta grades, counted here.

Pure string work, used by every stage after it: it knows nothing of files or the model.

May import from cdbooklet: errors.
Never imports: reportlab, pypdf, click, flask, jinja2, yaml, PIL, uharfbuzz.
"""
