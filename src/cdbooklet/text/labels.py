"""The fixed words the layout prints, one small catalogue per language. Never imports ReportLab.

Chosen by booklet.yaml's `language` (its primary subtag: es-MX uses es). Fifteen more
languages have draft catalogues in `world_labels`, which `labels_for` imports only when it needs
them (that module imports this one). A language without a catalogue falls back to English, and
`labels_for` says so in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DeskLabels:
    """The words of the front-desk page (`cdbooklet serve`), for the staff who print handouts."""

    language_name: str
    """This language's own name, for the language switch ("English", "Español")."""
    language: str
    """The language switch's name for screen readers."""
    title: str
    lead: str
    choose: str
    find: str
    find_hint: str
    find_button: str
    show_all: str
    shown: str
    """With {shown} and {total}."""
    no_match: str
    """With {query}."""
    how: str
    page_size: str
    page_sizes: tuple[tuple[str, str], ...]
    """(page size, how it reads), for every page size."""
    clinic_paper: str
    look: str
    """The heading over large print and black and white."""
    large_print: str
    large_print_hint: str
    grayscale: str
    grayscale_hint: str
    note: str
    note_hint: str
    """With {notes} (the notes area's heading) and {limit}."""
    print_button: str
    new_tab: str
    chosen: str
    none_chosen: str
    booklet: str
    booklet_lead: str
    booklet_pdf: str
    folded_pdf: str
    folded_hint: str
    content_error: str
    content_error_lead: str
    back: str
    error: str
    """The title of every other error page."""
    not_found: str
    no_page: str
    no_therapy: str
    """With {id}."""
    choose_one: str
    note_too_long: str
    """With {length} and {limit}."""
    bad_request: str
    bad_host: str
    """With {address}."""
    cross_site: str
    too_large: str
    not_allowed: str
    server_error: str
    headers_too_large: str
    next_patient: str
    """The button that clears the page for the next patient."""
    cleared: str
    """Said once the page is cleared."""
    printing: str
    printed: str
    """Said when the print dialog opened; the page is cleared."""
    opened: str
    """Said when the PDF opened in a tab instead."""
    open_pdf: str
    """A link to the PDF, when the browser blocked the tab."""
    note_count: str
    """With {count} and {limit}."""
    note_pasted: str
    """With {length} and {limit}."""
    left_out: str
    """With {chars}: characters no font can print."""
    preview: str
    preview_lead: str
    preview_empty: str
    preview_updating: str
    preview_alt: str
    """With {page} and {total}."""
    packs: str
    packs_hint: str
    pack_ticked: str
    """With {name} and {count}."""
    stale: str
    """The banner's heading: files with mistakes, printed as they last were."""
    stale_lead: str
    version_from: str
    """With {time}: the version still printed."""
    never_loaded: str
    unavailable: str
    """On a therapy whose file has never loaded."""


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
    continued: str
    """A box's heading again where the box runs on to the next page, with {heading}."""
    page: str
    """With {page} and {total}."""
    published: str
    review_by: str
    phone: str
    email: str
    website: str
    footer: str
    """The default short disclaimer for every page footer."""
    draft_translation: str
    """The band on every page of a draft translation."""
    language_help: str
    """The language-help page's line in this language, with {phone}: "Free language help is
    available. Call {phone}." (the page prints one for each language the clinic chose)."""
    language_help_heading: str
    """The language-help page's heading, in the booklet's language."""
    other_formats: str
    """"Large print and other formats are available free of charge.", in the booklet's
    language, under the language lines."""
    language_help_short: str
    """The handouts' one line, with {phone}: "Free language help: {phone}" (the chosen
    languages' own names follow it)."""
    draft_line: str
    """The note under the language-help page for lines marked † (draft translations)."""
    months: tuple[str, ...]
    date_format: str
    """With {day}, {month} and {year}."""
    logo_alt: str
    """With {clinic}."""
    qr_alt: str
    """The QR code's text alternative, with {url}."""
    skip_link: str
    """The HTML edition's first link, to jump past the header to the text."""
    therapies: str
    """The heading of the list of therapies on the HTML edition's front page."""
    all_therapies: str
    """The HTML edition's navigation link to its front page."""
    desk: DeskLabels
    """The front-desk page's words."""
    is_draft: bool = False
    """The catalogue was translated here and not yet reviewed by a qualified translator."""
    colon: str = ":"
    """What follows a label that leads into text ("Important:", "Phone:"): a full-width colon
    in Chinese and Japanese, which takes no space after it (`lead`)."""

    def lead(self, label: str) -> tuple[str, str]:
        """A label that leads into text, and what goes between it and the text:
        ("Phone:", " "), or in Chinese ("电话：", "")."""
        return label + self.colon, "" if self.colon == "：" else " "

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
    continued="{heading} (continued)",
    page="Page {page} of {total}",
    published="Published",
    review_by="Review by",
    phone="Phone",
    email="Email",
    website="Website",
    footer="General information only. Ask your care team before you try any therapy.",
    draft_translation="Draft translation: not yet checked by a qualified translator",
    language_help="Free language help is available. Call {phone}.",
    language_help_heading="Language help",
    other_formats="Large print and other formats are available free of charge.",
    language_help_short="Free language help: {phone}",
    draft_line="† Draft translation, not yet checked by a qualified translator.",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date_format="{month} {day}, {year}",
    logo_alt="Logo of {clinic}",
    qr_alt="QR code: link to {url}",
    skip_link="Skip to content",
    therapies="Therapies",
    all_therapies="All therapies",
    desk=DeskLabels(
        language_name="English",
        language="Language",
        title="Print handouts",
        lead="Tick the therapies the patient asked about, choose how to print, then press "
        "“Print handouts”.",
        choose="Choose therapies",
        find="Find a therapy",
        find_hint="Type part of its name, or a word from its summary.",
        find_button="Find",
        show_all="Show all therapies",
        shown="Showing {shown} of {total} therapies.",
        no_match="No therapy matches “{query}”.",
        how="How to print",
        page_size="Page size",
        page_sizes=(
            ("letter", "Letter (8½ × 11 in)"),
            ("a4", "A4 (210 × 297 mm)"),
            ("a5", "A5 (148 × 210 mm)"),
            ("half-letter", "Half letter (5½ × 8½ in)"),
        ),
        clinic_paper="this clinic’s paper",
        look="Text and colour",
        large_print="Large print",
        large_print_hint="18 pt text, for patients with low vision.",
        grayscale="Black and white",
        grayscale_hint="For a printer without colour ink.",
        note="Note for the patient (optional)",
        note_hint="Printed under “{notes}” on each handout. Up to {limit} characters.",
        print_button="Print handouts",
        new_tab="Opens the print dialog, or the PDF to print from.",
        chosen="Chosen:",
        none_chosen="None yet.",
        booklet="The whole booklet",
        booklet_lead="With the page size, large print and black-and-white choices above.",
        booklet_pdf="Booklet (PDF)",
        folded_pdf="Booklet to fold and staple (PDF)",
        folded_hint="Two pages on each side of the paper chosen above. Print on both sides, "
        "flipping on the short edge, fold the stack in half and staple the fold.",
        content_error="The content files have mistakes",
        content_error_lead="Nothing can be printed until these lines are fixed. Please tell "
        "whoever edits the content files; once they save the fix, reload "
        "this page.",
        back="Back to the front desk",
        error="Something went wrong",
        not_found="Page not found",
        no_page="There is no page at this address.",
        no_therapy="There is no therapy “{id}”: it may have been renamed or removed. "
        "Go back to the front desk and reload the page.",
        choose_one="Tick at least one therapy, then press “Print handouts” again.",
        note_too_long="The note is {length} characters long. Please shorten it to {limit} "
        "characters or fewer.",
        bad_request="The front desk could not understand that request.",
        bad_host="The front desk only answers at its own address, {address}. Please open that "
        "address instead.",
        cross_site="This form can only be sent from the front-desk page itself.",
        too_large="That was more than the front desk accepts. Please shorten the note and try "
        "again.",
        not_allowed="That cannot be done on this page.",
        server_error="Something went wrong while making the PDF. Please try again; if it "
        "happens again, tell whoever looks after this computer (the details are in "
        "the window where the front desk runs).",
        headers_too_large="That request was larger than the front desk accepts. Please reload "
        "the page and try again.",
        next_patient="Next patient",
        cleared="Ready for the next patient: the ticks, the note and the choices are cleared.",
        printing="Making the PDF…",
        printed="The print dialog is open. The page is cleared for the next patient.",
        opened="The PDF opened in a new tab: print it from there. The page is cleared for the "
        "next patient.",
        open_pdf="Open the PDF to print it",
        note_count="{count} of {limit}",
        note_pasted="The pasted text makes the note {length} characters long. Please shorten "
        "it to {limit} characters or fewer.",
        left_out="These characters cannot be printed and will be left out: {chars}.",
        preview="Preview",
        preview_lead="The pages that will print, with the ticks, choices and note above.",
        preview_empty="Tick a therapy to see its pages here.",
        preview_updating="Updating the preview…",
        preview_alt="Page {page} of {total} of the print",
        packs="Handout packs",
        packs_hint="One click ticks a pack’s therapies.",
        pack_ticked="Ticked the “{name}” pack: {count} therapies.",
        stale="Some content files have mistakes",
        stale_lead="The desk goes on printing the last good version of each file. Please tell "
        "whoever edits the content files.",
        version_from="printing the version from {time}",
        never_loaded="not available until it is fixed",
        unavailable="Not available: its file has a mistake.",
    ),
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
    continued="{heading} (continuación)",
    page="Página {page} de {total}",
    published="Publicado",
    review_by="Revisar antes de",
    phone="Teléfono",
    email="Correo",
    website="Sitio web",
    footer=(
        "Solo información general. Consulte a su equipo de atención antes de probar una terapia."
    ),
    draft_translation="Traducción en borrador: todavía no la revisó un traductor calificado",
    language_help="Hay ayuda gratuita con el idioma. Llame al {phone}.",
    language_help_heading="Ayuda con el idioma",
    other_formats="Hay letra grande y otros formatos disponibles sin costo.",
    language_help_short="Ayuda gratuita con el idioma: {phone}",
    draft_line="† Traducción en borrador, todavía no revisada por un traductor calificado.",
    # Written here like every catalogue, and no qualified translator has checked it yet.
    is_draft=True,
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    date_format="{day} de {month} de {year}",
    logo_alt="Logotipo de {clinic}",
    qr_alt="Código QR: enlace a {url}",
    skip_link="Saltar al contenido",
    therapies="Terapias",
    all_therapies="Todas las terapias",
    desk=DeskLabels(
        language_name="Español",
        language="Idioma",
        title="Imprimir hojas informativas",
        lead="Marque las terapias por las que preguntó el paciente, elija cómo imprimir y "
        "pulse «Imprimir hojas».",
        choose="Elija las terapias",
        find="Buscar una terapia",
        find_hint="Escriba parte de su nombre o una palabra de su resumen.",
        find_button="Buscar",
        show_all="Mostrar todas las terapias",
        shown="Se muestran {shown} de {total} terapias.",
        no_match="Ninguna terapia coincide con «{query}».",
        how="Cómo imprimir",
        page_size="Tamaño de página",
        page_sizes=(
            ("letter", "Carta (8½ × 11 pulg.)"),
            ("a4", "A4 (210 × 297 mm)"),
            ("a5", "A5 (148 × 210 mm)"),
            ("half-letter", "Media carta (5½ × 8½ pulg.)"),
        ),
        clinic_paper="el papel de esta clínica",
        look="Texto y color",
        large_print="Letra grande",
        large_print_hint="Texto de 18 puntos, para pacientes con baja visión.",
        grayscale="Blanco y negro",
        grayscale_hint="Para una impresora sin tinta de color.",
        note="Nota para el paciente (opcional)",
        note_hint="Se imprime bajo «{notes}» en cada hoja. Hasta {limit} caracteres.",
        print_button="Imprimir hojas",
        new_tab="Abre el diálogo de impresión, o el PDF para imprimirlo.",
        chosen="Elegidas:",
        none_chosen="Ninguna todavía.",
        booklet="El folleto completo",
        booklet_lead="Con el tamaño de página, la letra grande y el blanco y negro elegidos "
        "arriba.",
        booklet_pdf="Folleto (PDF)",
        folded_pdf="Folleto para doblar y grapar (PDF)",
        folded_hint="Dos páginas en cada cara del papel elegido arriba. Imprima a doble cara, "
        "volteando por el borde corto, doble el montón por la mitad y grape el "
        "doblez.",
        content_error="Los archivos de contenido tienen errores",
        content_error_lead="No se puede imprimir nada hasta corregir estas líneas. Avise a "
        "quien edita los archivos de contenido; cuando guarde la corrección, "
        "vuelva a cargar esta página.",
        back="Volver a la recepción",
        error="Algo salió mal",
        not_found="Página no encontrada",
        no_page="No hay ninguna página en esta dirección.",
        no_therapy="No existe la terapia «{id}»: quizá se cambió de nombre o se "
        "quitó. Vuelva a la recepción y cargue la página de nuevo.",
        choose_one="Marque al menos una terapia y pulse «Imprimir hojas» otra vez.",
        note_too_long="La nota tiene {length} caracteres. Acórtela a {limit} caracteres o menos.",
        bad_request="La recepción no pudo entender esa petición.",
        bad_host="La recepción solo responde en su propia dirección, {address}. Abra esa "
        "dirección.",
        cross_site="Este formulario solo se puede enviar desde la propia página de recepción.",
        too_large="Eso es más de lo que acepta la recepción. Acorte la nota e inténtelo de nuevo.",
        not_allowed="Eso no se puede hacer en esta página.",
        server_error="Algo salió mal al preparar el PDF. Inténtelo de nuevo; si vuelve a "
        "ocurrir, avise a quien cuida de este equipo (los detalles están en la "
        "ventana donde funciona la recepción).",
        headers_too_large="Esa petición es más grande de lo que acepta la recepción. Vuelva a "
        "cargar la página e inténtelo de nuevo.",
        next_patient="Siguiente paciente",
        cleared="Listo para el siguiente paciente: las marcas, la nota y las opciones están "
        "borradas.",
        printing="Preparando el PDF…",
        printed="El diálogo de impresión está abierto. La página quedó lista para el siguiente "
        "paciente.",
        opened="El PDF se abrió en una pestaña nueva: imprímalo desde allí. La página quedó "
        "lista para el siguiente paciente.",
        open_pdf="Abrir el PDF para imprimirlo",
        note_count="{count} de {limit}",
        note_pasted="Con el texto pegado, la nota tiene {length} caracteres. Acórtela a "
        "{limit} caracteres o menos.",
        left_out="Estos caracteres no se pueden imprimir y se omitirán: {chars}.",
        preview="Vista previa",
        preview_lead="Las páginas que se imprimirán, con las marcas, las opciones y la nota de "
        "arriba.",
        preview_empty="Marque una terapia para ver aquí sus páginas.",
        preview_updating="Actualizando la vista previa…",
        preview_alt="Página {page} de {total} de la impresión",
        packs="Paquetes de hojas",
        packs_hint="Un clic marca las terapias de un paquete.",
        pack_ticked="Se marcó el paquete «{name}»: {count} terapias.",
        stale="Algunos archivos de contenido tienen errores",
        stale_lead="La recepción sigue imprimiendo la última versión correcta de cada archivo. "
        "Avise a quien edita los archivos de contenido.",
        version_from="se imprime la versión de las {time}",
        never_loaded="no disponible hasta que se corrija",
        unavailable="No disponible: su archivo tiene un error.",
    ),
)


CATALOGUES = {"en": _EN, "es": _ES}


def labels_for(language: str) -> tuple[Labels, bool]:
    """The catalogue for a BCP 47 tag (any case), and whether it had to fall back to English.

    English and Spanish go by the primary subtag; the draft catalogues by
    `world_labels.world_labels_for`'s rules (zh-TW uses zh-Hant, pa-Arab has none).
    """
    primary = language.split("-")[0].lower()
    if primary in CATALOGUES:
        return CATALOGUES[primary], False
    # Imported here, not at the top: world_labels imports this module for `Labels` and `_EN`.
    from cdbooklet.text.world_labels import world_labels_for

    found = world_labels_for(language)
    if found is not None:
        return found, False
    return _EN, True


DEFAULT_LANGUAGE_HELP = (
    "es",
    "zh-Hant",
    "vi",
    "ko",
    "tl",
    "ru",
    "ar",
    "ht",
    "pt",
    "fr",
    "ja",
    "fa",
    "hi",
    "pa",
    "ur",
)
"""The language-help page's languages when booklet.yaml names none: the 15 non-English languages
most often spoken in the US by people who speak English less than very well, in the order of
the American Community Survey's estimates (see docs/language-help.md). Chinese is written in
Traditional characters, as most US language-help notices print it."""


def default_language_help(language: str) -> tuple[str, ...]:
    """The language-help page's languages for a booklet in `language` that names none: the
    booklet's own language left out, and English first in a booklet in another language."""
    own = language.split("-")[0].lower()
    if own == "en":
        return DEFAULT_LANGUAGE_HELP
    others = (t for t in DEFAULT_LANGUAGE_HELP if t.lower() != language.lower())
    if own != "zh":  # Chinese: the other way of writing it stays (Simplified, Traditional)
        others = (t for t in DEFAULT_LANGUAGE_HELP if t.split("-")[0] != own)
    return ("en", *others)


def has_language_help(tag: str) -> bool:
    """Whether a language has a language-help line: a catalogue of its own (not English's, by
    fallback, unless it is English)."""
    _labels, fell_back = labels_for(tag)
    return not fell_back or tag.split("-")[0].lower() == "en"


def language_help_languages() -> list[str]:
    """Every language tag with a language-help line, for messages."""
    from cdbooklet.text.world_labels import WORLD_CATALOGUES

    return sorted({*CATALOGUES, *WORLD_CATALOGUES})
