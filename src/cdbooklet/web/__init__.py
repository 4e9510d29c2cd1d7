"""The web editions: the accessible static site (`cdbooklet html`, in `site`) and the front desk
(`cdbooklet serve`, in `server`), with their Jinja2 templates in `templates/`.

Model -> HTML; the desk's PDFs come from the build pipeline as bytes and are never written to
disk.

May import from cdbooklet: errors, text, content, build, press.
Never imports: reportlab, pypdf, click, yaml.
"""
