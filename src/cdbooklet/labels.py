"""The fixed words the layout prints, one small catalogue per language. Never imports ReportLab.

Chosen by booklet.yaml's `language` (its primary subtag: es-MX uses es). A language without a
catalogue falls back to English, and `labels_for` says so in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Labels:
    """Every fixed label in one language."""

    contents: str
    introduction: str
    tips: str
    cautions: str
    questions: str
    references: str
    closing: str
    disclaimer: str
    contact: str
    notes: str
    page: str
    """With {page} and {total}."""
    published: str
    review_by: str
    phone: str
    email: str
    website: str
    footer: str
    """The default short disclaimer for every page footer."""
    months: tuple[str, ...]
    date_format: str
    """With {day}, {month} and {year}."""
    logo_alt: str
    """With {clinic}."""
    skip_link: str
    """The HTML edition's first link, to jump past the header to the text."""
    therapies: str
    """The heading of the list of therapies on the HTML edition's front page."""
    all_therapies: str
    """The HTML edition's navigation link to its front page."""

    def page_of(self, page: int, total: int) -> str:
        return self.page.format(page=page, total=total)

    def date(self, value: date) -> str:
        return self.date_format.format(
            day=value.day, month=self.months[value.month - 1], year=value.year
        )


_EN = Labels(
    contents="Contents",
    introduction="About this booklet",
    tips="Getting started",
    cautions="Talk to your care team first if…",
    questions="Questions to ask your provider",
    references="Sources",
    closing="A final word",
    disclaimer="Important",
    contact="Contact us",
    notes="Notes from your care team",
    page="Page {page} of {total}",
    published="Published",
    review_by="Review by",
    phone="Phone",
    email="Email",
    website="Website",
    footer="General information only. Ask your care team before you try any therapy.",
    months=(
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ),
    date_format="{month} {day}, {year}",
    logo_alt="Logo of {clinic}",
    skip_link="Skip to content",
    therapies="Therapies",
    all_therapies="All therapies",
)

_ES = Labels(
    contents="Contenido",
    introduction="Sobre este folleto",
    tips="Cómo empezar",
    cautions="Hable primero con su equipo de atención si…",
    questions="Preguntas para su proveedor de salud",
    references="Fuentes",
    closing="Para terminar",
    disclaimer="Importante",
    contact="Contacto",
    notes="Notas de su equipo de atención",
    page="Página {page} de {total}",
    published="Publicado",
    review_by="Revisar antes de",
    phone="Teléfono",
    email="Correo",
    website="Sitio web",
    footer="Solo información general. Consulte a su equipo de atención antes de probar una terapia.",
    months=(
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
        "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
    date_format="{day} de {month} de {year}",
    logo_alt="Logotipo de {clinic}",
    skip_link="Saltar al contenido",
    therapies="Terapias",
    all_therapies="Todas las terapias",
)

CATALOGUES = {"en": _EN, "es": _ES}


def labels_for(language: str) -> tuple[Labels, bool]:
    """The catalogue for a BCP 47 tag, and whether it had to fall back to English."""
    primary = language.split("-")[0].lower()
    if primary in CATALOGUES:
        return CATALOGUES[primary], False
    return _EN, True
