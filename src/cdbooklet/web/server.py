"""The front desk (`cdbooklet serve`): a local web page where staff tick therapies and print
their handouts as one PDF, or the whole booklet, flat or folded to staple.

A Flask app served by waitress (the optional `serve` extra). The page is a plain HTML form that
works with no JavaScript; a small script (`desk.js`) only filters the cards as staff type, and
the same filter works without it as `?q=`. Each content folder is one edition (`?lang=es`),
reloaded whenever one of its files changes.

Safety. It answers on 127.0.0.1 unless told otherwise, and only to requests whose Host header
names the address it was started on, so a web page elsewhere cannot reach it through a name that
resolves to this computer (DNS rebinding). A POST whose Origin is another site is refused.
Requests are capped at `MAX_REQUEST` bytes and a note at `MAX_NOTE` characters; the note goes to
the layout, which escapes it like every other text. Pages are rendered with autoescaping and a
strict Content-Security-Policy. PDFs are made in memory and never written to disk, so two
people printing at once each get their own.

Errors. A problem in the content files (`BookletError`) is shown on the page as `PATH:LINE:
message` lines; unknown pages and therapies, bad hosts and oversized requests get pages in the
desk's own style. Any other exception is a bug: Flask logs it with its traceback, and the page
says in plain words that something went wrong, never "Internal Server Error".

Speed and threads. ReportLab is imported, the fonts registered and one handout laid out at start,
so a handout comes back in about 0.15 s. Waitress answers on several threads, but ReportLab
keeps process-wide state (registered fonts, caches) that it does not promise is thread-safe, so
PDFs are laid out one at a time under `_RENDER_LOCK`: a second person waits at most one render.

Never imports Click.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, request, url_for
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, NotFound

from cdbooklet.build.options import Options
from cdbooklet.build.pipeline import load, render_booklet, render_handouts
from cdbooklet.content import fonts
from cdbooklet.content.model import PAGE_SIZES, Branding, Contact, Content, PageSize
from cdbooklet.errors import BookletError, Problem, Report
from cdbooklet.text.labels import Labels, labels_for

# The static edition's helpers, so both web pages escape and style content the same way.
from cdbooklet.web.site import TEMPLATES, inline_html, plain_words, site_colours

if TYPE_CHECKING:
    from cdbooklet.press.impose import SheetName

MAX_NOTE = 600
"""Characters in a note: the same limit as `cdbooklet handout --note` (a few sentences)."""
MAX_REQUEST = 64 * 1024
"""Bytes in one request: the form is a few ids, three options and a note."""
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
"""Addresses that only this computer can reach."""

_FOLDED: dict[str, tuple[PageSize, SheetName]] = {
    # For the folded booklet the size chosen is the paper in the printer: two pages of half
    # that size go on each side. A5 paper is too small to fold, so A5 pages go on A4.
    "letter": ("half-letter", "letter"),
    "half-letter": ("half-letter", "letter"),
    "a4": ("a5", "a4"),
    "a5": ("a5", "a4"),
}
_RENDER_LOCK = threading.Lock()
"""One PDF laid out at a time: ReportLab's global state is not documented as thread-safe."""
_STATE = "cdbooklet.desk"
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

_log = logging.getLogger(__name__)
_desk = Blueprint("desk", __name__)


# -- editions ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A content folder as last read: its content, or the problems that stopped it loading."""

    content: Content | None
    problems: tuple[Problem, ...]


class _Edition:
    """One content folder, read again whenever one of its files is saved, added or removed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._seen: tuple[object, ...] | None = None
        self._loaded = _Loaded(None, ())

    def current(self) -> _Loaded:
        seen = (date.today(), *_snapshot(self.root))
        with self._lock:
            if seen != self._seen:
                self._loaded = _load(self.root)
                self._seen = seen
                for problem in self._loaded.problems:
                    _log.warning("%s", problem)
            return self._loaded


def _snapshot(root: Path) -> list[tuple[str, str]]:
    from cdbooklet.content.folder import snapshot

    return sorted(snapshot(root).items())


def _load(root: Path) -> _Loaded:
    report = Report()
    try:
        content = load(root, report)
    except BookletError as exc:
        return _Loaded(None, exc.problems)
    return _Loaded(content, tuple(report.problems))


class _Desk:
    """What the app serves: the editions (first is the default), the addresses it answers to."""

    def __init__(self, content_dirs: Sequence[Path], hosts: Iterable[str]) -> None:
        if not content_dirs:
            raise ValueError("the front desk needs at least one content folder")
        self.hosts = frozenset(h.lower() for h in hosts)
        self.address = next(iter(sorted(self.hosts)), "")
        self.editions: dict[str, _Edition] = {}
        for root in content_dirs:
            edition = _Edition(Path(root))
            content = edition.current().content
            # Keyed by language (?lang=es), or by folder name when it does not load yet.
            key = content.booklet.language.lower() if content else Path(root).name or "content"
            while key in self.editions:
                key += "-2"
            self.editions[key] = edition

    def warm_up(self) -> None:
        """Import ReportLab, register the fonts and lay out one handout, so the first real
        request is as fast as the rest."""
        for edition in self.editions.values():
            content = edition.current().content
            if content and content.booklet.therapies:
                with _RENDER_LOCK:
                    try:
                        render_handouts(
                            content, [content.booklet.therapies[0].id], Options(), Report()
                        )
                    except BookletError:
                        pass  # shown on the page when someone asks for it
                return


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host header values a request may carry: this computer's own names for the port and,
    when the desk answers on another address, that address (for 0.0.0.0 or ::, the computer's
    name and addresses)."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host in ("0.0.0.0", "::", ""):
        names |= {socket.gethostname(), socket.getfqdn()}
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None)
        except OSError:
            infos = []
        names |= {str(info[4][0]) for info in infos}
    elif host not in LOCAL_HOSTS:
        names.add(host)
    hosts = set()
    for name in names:
        name = f"[{name}]" if ":" in name and not name.startswith("[") else name
        hosts.add(f"{name}:{port}".lower())
        if port == 80:
            hosts.add(name.lower())
    return hosts


def create_app(
    content_dirs: Sequence[Path], hosts: Iterable[str] | None = None, warm_up: bool = True
) -> Flask:
    """The front-desk app for one or more content folders (one per language).

    `hosts` are the Host header values it answers (default: `allowed_hosts("127.0.0.1", 8000)`).
    """
    app = Flask(__name__, static_folder=None)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_REQUEST, MAX_FORM_MEMORY_SIZE=MAX_REQUEST, MAX_FORM_PARTS=100
    )
    desk = _Desk(content_dirs, allowed_hosts("127.0.0.1", 8000) if hosts is None else hosts)
    app.extensions[_STATE] = desk
    app.register_blueprint(_desk)
    if warm_up:
        desk.warm_up()
    return app


class DeskServer:
    """The front desk on a waitress server, bound and ready to `run`."""

    def __init__(
        self,
        content_dirs: Sequence[Path],
        host: str = "127.0.0.1",
        port: int = 8000,
        threads: int = 6,
    ) -> None:
        from waitress.server import create_server

        self.app = create_app(content_dirs, hosts=(), warm_up=False)
        # Bind first (an OSError here means the port is taken), so the allowed hosts know the
        # real port even when it was 0 ("any free port").
        self._server: Any = create_server(
            self.app,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=MAX_REQUEST,
            clear_untrusted_proxy_headers=True,
            ident="cdbooklet",
        )
        self.host = host
        self.port = int(getattr(self._server, "effective_port", port))
        desk: _Desk = self.app.extensions[_STATE]
        desk.hosts = frozenset(allowed_hosts(host, self.port))
        desk.address = self.url.removeprefix("http://").rstrip("/")
        desk.warm_up()

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = socket.gethostname()
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    @property
    def is_local(self) -> bool:
        """True when only this computer can reach the page."""
        return self.host in LOCAL_HOSTS

    def run(self) -> None:
        """Answer requests until interrupted (Ctrl-C raises KeyboardInterrupt)."""
        self._server.run()

    def close(self) -> None:
        self._server.close()


def make_server(
    content_dirs: Sequence[Path], host: str = "127.0.0.1", port: int = 8000
) -> DeskServer:
    """The front desk bound to `host:port`, warmed up, ready to `run`."""
    return DeskServer(content_dirs, host, port)


# -- requests ---------------------------------------------------------------------------------


def _state() -> _Desk:
    desk: _Desk = current_app.extensions[_STATE]
    return desk


@_desk.before_app_request
def _check_host_and_origin() -> Response | None:
    desk = _state()
    if request.host.lower() not in desk.hosts:
        # A bare page: whatever sent this request (a page elsewhere, through a name that
        # resolves here) reads nothing of the clinic's.
        return _error_page(
            400, _default_labels().desk.bad_host.format(address=desk.address), is_bare=True
        )
    origin = request.headers.get("Origin")
    if request.method == "POST" and origin is not None:
        parts = urlsplit(origin)
        if parts.scheme != "http" or parts.netloc.lower() not in desk.hosts:
            return _error_page(403, _default_labels().desk.cross_site, is_bare=True)
    return None


@_desk.after_app_request
def _security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Not no-referrer: that would make browsers send "Origin: null" with the form.
    response.headers["Referrer-Policy"] = "same-origin"
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Frame-Options"] = "DENY"
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


@_desk.get("/")
def desk_page() -> Response:
    """The front desk: every therapy as a card, print options, a note, the print button."""
    key, edition = _edition()
    loaded = edition.current()
    query = " ".join(request.args.get("q", "").split())[:200]
    frame = _frame(key, loaded.content)
    if loaded.content is None:
        return _html(
            TEMPLATES.get_template("desk.html").render(
                frame, problems=[str(p) for p in loaded.problems], query="", cards=[], total=0
            )
        )
    content = loaded.content
    labels = frame["labels"]
    cards = [_card(content, t, labels) for t in content.booklet.therapies]
    words = _fold(query).split()
    shown = [c for c in cards if all(w in c["search"] for w in words)]
    return _html(
        TEMPLATES.get_template("desk.html").render(
            frame,
            problems=[],
            query=query,
            cards=shown,
            total=len(cards),
            page_sizes=[
                (size, name, size == content.branding.paper)
                for size, name in labels.desk.page_sizes
            ],
            max_note=MAX_NOTE,
            note_hint=labels.desk.note_hint.format(notes=labels.notes, limit=MAX_NOTE),
        )
    )


@_desk.post("/handouts")
def handouts_pdf() -> Response:
    """The ticked handouts as one PDF, opened in the browser's own viewer."""
    key, edition = _edition()
    labels = _labels_of(edition)
    ids = list(dict.fromkeys(request.form.getlist("therapy")))
    # Browsers send a textarea's line breaks as CRLF but count them as one character.
    note = request.form.get("note", "").replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        return _error_page(400, labels.desk.note_too_long.format(length=len(note), limit=MAX_NOTE))
    loaded = edition.current()
    if loaded.content is None:
        return _content_error(key, loaded.problems)
    if not ids:
        return _error_page(400, labels.desk.choose_one)
    return _handouts(key, loaded.content, ids, _options(request.form, note=note or None))


@_desk.get("/handouts/<therapy_id>.pdf")
def handout_pdf(therapy_id: str) -> Response:
    """One therapy's handout, for a link or a bookmark (options as query parameters)."""
    key, edition = _edition()
    loaded = edition.current()
    if loaded.content is None:
        return _content_error(key, loaded.problems)
    return _handouts(key, loaded.content, [therapy_id], _options(request.args))


@_desk.route("/booklet.pdf", methods=["GET", "POST"])
def booklet_pdf() -> Response:
    """The whole booklet, page by page."""
    return _booklet(is_folded=False)


@_desk.route("/booklet-folded.pdf", methods=["GET", "POST"])
def booklet_folded_pdf() -> Response:
    """The whole booklet imposed for saddle stitching on the paper chosen."""
    return _booklet(is_folded=True)


@_desk.get("/style.css")
def stylesheet() -> Response:
    """The static edition's stylesheet in this edition's colours and font."""
    _key, edition = _edition()
    content = edition.current().content
    branding = content.branding if content else _DEFAULT_BRANDING
    family = fonts.family(branding.font)
    files = {
        "regular": family.regular,
        "bold": family.bold,
        "italic": family.italic,
        "bold_italic": family.bold_italic,
    }
    css = TEMPLATES.get_template("style.css").render(
        colours=site_colours(branding),
        fonts={role: f"fonts/{path.name}" for role, path in files.items()},
    )
    return Response(css, mimetype="text/css", headers={"Cache-Control": "no-cache"})


@_desk.get("/desk.css")
def desk_stylesheet() -> Response:
    return _package_file("desk.css", "text/css")


@_desk.get("/desk.js")
def desk_script() -> Response:
    return _package_file("desk.js", "text/javascript")


@_desk.get("/fonts/<name>")
def font_file(name: str) -> Response:
    """A bundled font file, by exact name (nothing else on disk can be asked for)."""
    by_name = {p.name: p for p in fonts.fonts_dir().glob("*.ttf")}
    if name not in by_name:
        return _error_page(404, _default_labels().desk.no_page)
    return Response(
        by_name[name].read_bytes(), mimetype="font/ttf", headers={"Cache-Control": "max-age=3600"}
    )


@_desk.get("/logo")
def logo() -> Response:
    """The clinic's logo (a PNG or JPEG that load has checked is inside the content folder)."""
    _key, edition = _edition()
    content = edition.current().content
    if content is None or content.branding.logo is None:
        return _error_page(404, _default_labels().desk.no_page)
    try:
        data = content.branding.logo.read_bytes()
    except OSError:
        return _error_page(404, _default_labels().desk.no_page)
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return Response(data, mimetype=kind, headers={"Cache-Control": "no-cache"})


@_desk.app_errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    desk = _default_labels().desk
    code = exc.code or 500
    messages = {
        400: desk.bad_request,
        404: desk.no_page,
        405: desk.not_allowed,
        413: desk.too_large,
    }
    return _error_page(code, messages.get(code, desk.bad_request))


@_desk.app_errorhandler(InternalServerError)
def _server_error(exc: InternalServerError) -> Response:
    # Flask has already logged the original exception with its traceback.
    return _error_page(500, _default_labels().desk.server_error)


# -- PDFs -------------------------------------------------------------------------------------


def _handouts(key: str, content: Content, ids: list[str], options: Options) -> Response:
    labels = _labels_of_content(content)
    for therapy_id in ids:
        if content.booklet.therapy(therapy_id) is None:
            return _error_page(
                404, labels.desk.no_therapy.format(id=therapy_id), title=labels.desk.not_found
            )
    start = time.perf_counter()
    try:
        with _RENDER_LOCK:
            data, pages = render_handouts(content, ids, options, Report())
    except BookletError as exc:
        return _content_error(key, exc.problems)
    _log.info(
        "Handouts %s (%d pages) in %.0f ms",
        ", ".join(ids),
        pages,
        (time.perf_counter() - start) * 1000,
    )
    name = f"{ids[0]}.pdf" if len(ids) == 1 else "handouts.pdf"
    return _pdf(data, name)


def _booklet(is_folded: bool) -> Response:
    key, edition = _edition()
    loaded = edition.current()
    if loaded.content is None:
        return _content_error(key, loaded.problems)
    content = loaded.content
    options = _options(request.values)
    name = "booklet.pdf"
    if is_folded:
        from cdbooklet.press.impose import ImposeOptions

        page_size, sheet = _FOLDED[options.page_size or content.branding.paper]
        options = Options(
            page_size=page_size,
            is_large_print=options.is_large_print,
            is_grayscale=options.is_grayscale,
            imposition=ImposeOptions(sheet=sheet),
        )
        name = "booklet-folded.pdf"
    start = time.perf_counter()
    try:
        with _RENDER_LOCK:
            rendered = render_booklet(content, options, Report(), name=Path(name))
    except BookletError as exc:
        return _content_error(key, exc.problems)
    _log.info(
        "Booklet%s (%d pages) in %.0f ms",
        " to fold" if is_folded else "",
        rendered.pages,
        (time.perf_counter() - start) * 1000,
    )
    return _pdf(rendered.data, name)


def _options(values: Mapping[str, str], note: str | None = None) -> Options:
    size = values.get("page_size") or None
    if size is not None and size not in PAGE_SIZES:
        raise BadRequest()
    return Options(
        page_size=size,
        is_large_print=_is_on(values, "large_print"),
        is_grayscale=_is_on(values, "grayscale"),
        note=note,
    )


def _is_on(values: Mapping[str, str], name: str) -> bool:
    return values.get(name, "").lower() in ("on", "1", "true", "yes")


def _pdf(data: bytes, name: str) -> Response:
    """A PDF the browser shows in its own viewer, never stored (it may hold a patient's note)."""
    response = Response(data, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "inline", filename=name)
    response.headers["Cache-Control"] = "no-store"
    return response


# -- pages ------------------------------------------------------------------------------------

_DEFAULT_BRANDING = Branding(contact=Contact(name=""))


def _edition() -> tuple[str, _Edition]:
    """The edition a request asks for with `lang` (the first when it names none)."""
    editions = _state().editions
    key = request.values.get("lang") or next(iter(editions))
    if key not in editions:
        raise NotFound()
    return key, editions[key]


def _labels_of_content(content: Content | None) -> Labels:
    return labels_for(content.booklet.language if content else "en")[0]


def _labels_of(edition: _Edition) -> Labels:
    return _labels_of_content(edition.current().content)


def _default_labels() -> Labels:
    """The labels of the edition the request names, if it names a real one, else the first's."""
    return _labels_of(_state().editions[_request_key()])


def _request_key() -> str:
    """The edition a request names, if it is a real one, else the first (for error pages)."""
    editions = _state().editions
    try:
        key = request.values.get("lang", "")
    except HTTPException:  # a body too large to read: the query string is all there is
        key = request.args.get("lang", "")
    return key if key in editions else next(iter(editions))


def _frame(key: str, content: Content | None, is_bare: bool = False) -> dict[str, Any]:
    """What every page's frame needs: language, labels, clinic, logo, disclaimers, switch
    (`is_bare`: no switch either, for a refused request)."""
    labels = _labels_of_content(content)
    editions = []
    for other_key, edition in () if is_bare else _state().editions.items():
        other = edition.current().content
        other_labels, is_fallback = labels_for(other.booklet.language if other else "en")
        name = other_key if other is None or is_fallback else other_labels.desk.language_name
        lang = other.booklet.language if other else None
        editions.append(
            {
                "key": other_key,
                "name": name,
                "lang": lang,
                "url": url_for("desk.desk_page", lang=other_key),
                "is_current": other_key == key,
            }
        )
    frame: dict[str, Any] = {
        "lang": content.booklet.language if content else "en",
        "labels": labels,
        "key": key,
        "editions": editions if len(editions) > 1 else [],
        "home": url_for("desk.desk_page", lang=key),
        "stylesheet": url_for("desk.stylesheet", lang=key),
        "desk_stylesheet": url_for("desk.desk_stylesheet"),
        "script": url_for("desk.desk_script"),
        "desk_url": url_for("desk.desk_page"),
        "handouts_url": url_for("desk.handouts_pdf"),
        "booklet_url": url_for("desk.booklet_pdf"),
        "folded_url": url_for("desk.booklet_folded_pdf"),
        "clinic": None,
        "clinic_plain": None,
        "logo": None,
        "logo_alt": "",
        "disclaimer": None,
        "footer": labels.footer,
    }
    if content is not None:
        branding = content.branding
        frame.update(
            clinic=inline_html(branding.contact.name),
            clinic_plain=plain_words(branding.contact.name),
            logo=url_for("desk.logo", lang=key) if branding.logo else None,
            logo_alt=branding.logo_alt
            or labels.logo_alt.format(clinic=plain_words(branding.contact.name)),
            disclaimer=inline_html(content.booklet.disclaimer),
            footer=inline_html(content.booklet.footer or labels.footer),
        )
    return frame


def _card(content: Content, therapy: Any, labels: Labels) -> dict[str, Any]:
    from cdbooklet.content.translation import draft_notice

    title, summary = plain_words(therapy.title), plain_words(therapy.summary)
    return {
        "id": therapy.id,
        "title": inline_html(therapy.title),
        "summary": inline_html(therapy.summary),
        "search": _fold(f"{title} {summary} {therapy.id.replace('-', ' ')}"),
        # The band its handout prints, when it is a draft translation.
        "draft": draft_notice(content, labels, therapy),
    }


def _fold(text: str) -> str:
    """Lower case without accents, so "terapia" finds "Terapía" (desk.js folds the same way)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _content_error(key: str, problems: Iterable[Problem]) -> Response:
    """The content's mistakes as PATH:LINE lines on a page of their own (never a 500)."""
    frame = _frame(key, None)
    return _html(
        TEMPLATES.get_template("desk.html").render(
            frame, problems=[str(p) for p in problems], query="", cards=[], total=0
        ),
        status=422,
    )


def _error_page(
    status: int, message: str, title: str | None = None, is_bare: bool = False
) -> Response:
    """A short page in the desk's style: a heading, one plain sentence, a way back
    (`is_bare`: without the clinic's name, logo, disclaimer or language switch)."""
    key = _request_key()
    content = None if is_bare else _state().editions[key].current().content
    frame = _frame(key, content, is_bare)
    desk = frame["labels"].desk
    heading = title or (desk.not_found if status == 404 else desk.error)
    return _html(
        TEMPLATES.get_template("error.html").render(frame, title=heading, message=message),
        status=status,
    )


def _html(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/html")


def _package_file(name: str, mimetype: str) -> Response:
    data = resources.files("cdbooklet.web").joinpath("templates", name).read_bytes()
    return Response(data, mimetype=mimetype, headers={"Cache-Control": "no-cache"})


__all__ = ["MAX_NOTE", "DeskServer", "allowed_hosts", "create_app", "make_server"]
