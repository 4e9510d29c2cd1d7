"""Content files -> the model: reading YAML with line numbers, the key declarations, the model,
the JSON Schema, the starter folder, and what a branding may name (fonts, colours, the logo).

- `keys`: every content key declared once (name, kind, required, limit, meaning, example);
  the loader, the schema, docs/content.md and the starter are made from it or tested against it.
- `yamlread`: safe YAML into a small tree of nodes that keep their lines.
- `load`: the tree into the model, every problem a `PATH:LINE:` message.
- `model`: frozen dataclasses (Booklet, Therapy, Branding, Contact).
- `schema`, `starter`: the JSON Schema for editors; `cdbooklet init`'s new folder.
- `fonts`, `colour`, `images`: the bundled font families and what they cover, colour
  arithmetic for branding colours, and reading and checking the logo (Pillow, imported only
  when a logo is decoded).

May import from cdbooklet: errors, text, truetype.
Never imports: reportlab, pypdf, click, flask, jinja2.
"""
