"""The web editions of the content: the accessible static site (`cdbooklet html`).

Pure model -> HTML work with Jinja2 templates in `templates/`. Never imports ReportLab or Click.
"""

from cdbooklet.web.site import build_site

__all__ = ["build_site"]
