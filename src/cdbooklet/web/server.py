"""The front desk (`cdbooklet serve`): a local web page where staff tick therapies and print
their handouts as one PDF, or the whole booklet, flat or folded to staple.

A Flask app served by waitress (the optional `serve` extra). The page is a plain HTML form that
works with no JavaScript; `desk.js` adds, on top: printing from the page (the PDF goes into a
hidden frame and the browser's print dialog opens; where a browser cannot, the PDF opens in a
tab), one job per click, a preview of the pages that will print, errors shown by the control
they are about, a note counter, one-click handout packs, and clearing the page for the next
patient after each print and on "Next patient". Each content folder is one edition
(`?lang=es`), read again whenever one of its files changes.

Nothing of a patient is kept. A note goes into the PDF and nowhere else: never to disk, never to
the log, whose line for each print names the therapies, the page size and the render time.
Responses are `no-store`, and the form is `autocomplete="off"`, so a browser does not bring the
last patient's note back.

A broken file stops nothing. The desk keeps the text of every content file as it last loaded
(in memory) and, when a saved file has a mistake, prints with its last good version, and says so
in a banner for staff (the file, the line, the mistake and the time of the version in use). A
therapy whose file has never loaded is shown as unavailable. Only a folder that has never loaded
at all shows the mistakes instead of the form.

Safety. It answers on 127.0.0.1 unless told otherwise, and only to requests whose Host header
names the address it was started on (DNS rebinding). A POST whose Origin is another site is
refused, and so is any request for a PDF or a preview that a browser says comes from another
site (Sec-Fetch-Site) or whose Origin is another. Requests are capped at `MAX_REQUEST` bytes,
refused on their Content-Length before the body is read, and their headers at waitress's limit;
either refusal is the desk's own page (413 or 431) with every security header. Pages carry a
strict Content-Security-Policy; PDFs carry `frame-ancestors 'none'` and
`Cross-Origin-Resource-Policy: same-origin`, so another site can neither frame nor embed them.

Errors. A problem in the content files is shown on the page as `PATH:LINE: message` lines;
unknown pages and therapies, bad hosts and oversized requests get pages in the desk's own style;
the page's own requests (header `X-Desk: fetch`) get the same message as JSON, shown in the page.
Any other exception is a bug: it is logged (its type and line, never its message, which may
quote a note) and the page says in plain words that something went wrong.

Speed. ReportLab is imported, the fonts registered and one handout laid out at start. The real
server then forks a worker process per core (`build.pool.WorkerPool`), each ready, and every
render runs in one: several people printing at once are served on every core, and a worker that
crashes or hangs is replaced, its request answered with the desk's error page. `create_app`
alone (tests, or a system without fork) renders in this process, one at a time under
`_RENDER_LOCK`, as ReportLab's global state is not documented as thread-safe.

Never imports Click.
"""

from __future__ import annotations

import base64
import logging
import socket
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, NotFound

from cdbooklet.build import desk as jobs
from cdbooklet.build.options import Options
from cdbooklet.build.pipeline import labels_of
from cdbooklet.content import fonts
from cdbooklet.content.load import load_content
from cdbooklet.content.model import PAGE_SIZES, Branding, Contact, Content, PageSize
from cdbooklet.errors import BookletError, Problem, Report
from cdbooklet.text.labels import Labels, labels_for

# The static edition's helpers, so both web pages escape and style content the same way.
from cdbooklet.web.site import TEMPLATES, inline_html, plain_words, site_colours

if TYPE_CHECKING:
    from cdbooklet.build.pool import WorkerPool
    from cdbooklet.press.impose import SheetName

MAX_NOTE = 600
"""Characters in a note: the same limit as `cdbooklet handout --note` (a few sentences)."""
MAX_REQUEST = 64 * 1024
"""Bytes in one request: the form is a few ids, three options and a note."""
MAX_HEADERS = 32 * 1024
"""Bytes in one request's headers (waitress's limit; a browser sends a few hundred)."""
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
"""Addresses that only this computer can reach."""
PREVIEW_WIDTH = 240
"""Pixels across each preview image (shown about half that wide, sharp on a fine screen)."""
RENDER_TIMEOUT = 120.0
"""Seconds a render may take in a worker before it is stopped (a booklet takes one or two)."""

_FOLDED: dict[str, tuple[PageSize, SheetName]] = {
    # For the folded booklet the size chosen is the paper in the printer: two pages of half
    # that size go on each side. A5 paper is too small to fold, so A5 pages go on A4.
    "letter": ("half-letter", "letter"),
    "half-letter": ("half-letter", "letter"),
    "a4": ("a5", "a4"),
    "a5": ("a5", "a4"),
}
_RENDER_LOCK = threading.Lock()
"""One PDF laid out at a time in this process: ReportLab's global state is not documented as
thread-safe (the real server renders in worker processes instead)."""
_STATE = "cdbooklet.desk"
_REFUSED = "cdbooklet.refused"
"""The environ key of a request waitress refused before the app saw it (413, 431)."""
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src blob:; object-src blob:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_PDF_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
_PDF_ROUTES = {
    "desk.handouts_pdf",
    "desk.handout_pdf",
    "desk.booklet_pdf",
    "desk.booklet_folded_pdf",
    "desk.preview",
}
"""What another site may never ask for: every PDF, and the preview of one."""
_SAME_SITE = ("same-origin", "none")
"""Sec-Fetch-Site values of the desk's own requests (none: typed, or a bookmark)."""

_log = logging.getLogger(__name__)
_desk = Blueprint("desk", __name__)


# -- editions ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Broken:
    """A content file whose saved version has mistakes."""

    path: Path
    problems: tuple[Problem, ...]
    since: datetime | None
    """When the version still in use was saved; None: it never loaded (a therapy not shown)."""


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A content folder as last read: the content to print (the last good version of each
    file), the files whose saved version has mistakes, and the problems that stop everything
    when no version of it ever loaded."""

    content: Content | None
    problems: tuple[Problem, ...] = ()
    broken: tuple[_Broken, ...] = ()
    unavailable: tuple[str, ...] = ()
    """Therapy ids whose file has never loaded."""


@dataclass
class _Good:
    """A file's text as it last loaded, and when that version was saved."""

    text: str
    saved: datetime


_YAML = (".yaml", ".yml")
_MAX_TEXT = 20 * 1024 * 1024


class _Edition:
    """One content folder, read again whenever one of its files is saved, added or removed;
    each file's last good text is kept, so a mistake in one stops nothing."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._seen: tuple[object, ...] | None = None
        self._loaded = _Loaded(None)
        self._good: dict[Path, _Good] = {}
        self._last: Content | None = None

    def current(self) -> _Loaded:
        seen = (date.today(), *_snapshot(self.root))
        with self._lock:
            if seen != self._seen:
                self._loaded = self._load()
                self._seen = seen
                for problem in self._loaded.problems:
                    _log.warning("%s", problem)
                for broken in self._loaded.broken:
                    for problem in broken.problems:
                        _log.warning("%s (the desk prints its last good version)", problem)
            return self._loaded

    def _files(self) -> dict[Path, tuple[str, datetime]]:
        """Every YAML file of the folder as saved now: its text and when it was saved (a file
        that cannot be read as text is left to the loader, which says why)."""
        paths = [self.root / "booklet.yaml", self.root / "branding.yaml"]
        folder = self.root / "therapies"
        if folder.is_dir():
            paths += sorted(p for p in folder.iterdir() if p.suffix in _YAML)
        found: dict[Path, tuple[str, datetime]] = {}
        for path in paths:
            try:
                stat = path.stat()
                if stat.st_size > _MAX_TEXT or not path.is_file():
                    continue
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found[path] = (text, datetime.fromtimestamp(stat.st_mtime))
        return found

    def _load(self) -> _Loaded:
        files = self._files()
        overrides = {path: text for path, (text, _saved) in files.items()}
        broken: dict[Path, _Broken] = {}
        leave_out: set[Path] = set()
        problems: tuple[Problem, ...] = ()
        for _attempt in range(4):  # a last good file may name one that has gone: give up then
            report = Report()
            try:
                content, warnings = load_content(
                    self.root, overrides=overrides, leave_out=leave_out
                )
            except BookletError as exc:
                problems = tuple(exc.problems)
                if not self._recover(problems, overrides, leave_out, broken):
                    break
                continue
            report.extend(warnings)
            labels_of(content, report)
            for path, (text, saved) in files.items():
                if path not in broken:
                    self._good[path] = _Good(text, saved)
            self._last = content
            unavailable = tuple(sorted(p.stem for p in leave_out))
            return _Loaded(content, (), tuple(broken.values()), unavailable)
        if self._last is not None:
            # Mistakes no last good file can mend (a therapy file deleted that the order still
            # names): the whole folder as it last loaded.
            return _Loaded(self._last, (), tuple(broken.values()))
        return _Loaded(None, problems)

    def _recover(
        self,
        problems: Sequence[Problem],
        overrides: dict[Path, str],
        leave_out: set[Path],
        broken: dict[Path, _Broken],
    ) -> bool:
        """Read the last good version of each file with a mistake, or pass over a therapy file
        that never loaded; False when some mistake cannot be mended that way."""
        by_file: dict[Path, list[Problem]] = {}
        for problem in problems:
            by_file.setdefault(Path(problem.path), []).append(problem)
        mended = True
        for path, found in by_file.items():
            if path in broken:  # its last good version has mistakes now too (a file it names)
                mended = False
                continue
            good = self._good.get(path)
            if good is not None:
                overrides[path] = good.text
                broken[path] = _Broken(path, tuple(found), good.saved)
            elif path.parent == self.root / "therapies" and path.suffix in _YAML:
                overrides.pop(path, None)
                leave_out.add(path)
                broken[path] = _Broken(path, tuple(found), None)
            else:
                broken[path] = _Broken(path, tuple(found), None)
                mended = False
        return mended


def _snapshot(root: Path) -> list[tuple[str, str]]:
    from cdbooklet.content.folder import snapshot

    return sorted(snapshot(root).items())


Renderer = Callable[[jobs.Job], jobs.Made]


class _Desk:
    """What the app serves: the editions (first is the default), the addresses it answers to,
    and how it renders (in this process under a lock, or in worker processes)."""

    def __init__(self, content_dirs: Sequence[Path], hosts: Iterable[str]) -> None:
        if not content_dirs:
            raise ValueError("the front desk needs at least one content folder")
        self.hosts = frozenset(h.lower() for h in hosts)
        self.address = next(iter(sorted(self.hosts)), "")
        self.pool: WorkerPool | None = None
        self.editions: dict[str, _Edition] = {}
        for root in content_dirs:
            edition = _Edition(Path(root))
            content = edition.current().content
            # Keyed by language (?lang=es), or by folder name when it does not load yet.
            key = content.booklet.language.lower() if content else Path(root).name or "content"
            while key in self.editions:
                key += "-2"
            self.editions[key] = edition

    def render(self, job: jobs.Job) -> jobs.Made:
        """Make a job: in a worker when there are workers, else here under the lock."""
        if self.pool is not None:
            made: jobs.Made = self.pool.run(job)
            return made
        with _RENDER_LOCK:
            return jobs.run(job)

    def warm_up(self) -> None:
        """Import ReportLab, register the fonts and lay out one handout, so the first real
        request is as fast as the rest (and workers forked afterwards start ready)."""
        for edition in self.editions.values():
            content = edition.current().content
            if content is not None:
                with _RENDER_LOCK:
                    jobs.warm_up(content)
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
    It renders in this process; `DeskServer` gives it worker processes.
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
    """The front desk on a waitress server, bound and ready to `run`, with a worker process per
    core (forked once warmed up) rendering its PDFs."""

    def __init__(
        self,
        content_dirs: Sequence[Path],
        host: str = "127.0.0.1",
        port: int = 8000,
        threads: int = 16,
        workers: int | None = None,
    ) -> None:
        from waitress.server import create_server

        from cdbooklet.build.pool import WorkerPool

        self.app = create_app(content_dirs, hosts=(), warm_up=False)
        desk: _Desk = self.app.extensions[_STATE]
        desk.warm_up()
        # Forked now, while this process has one thread and everything is loaded; before the
        # socket is bound, so no worker holds the port.
        if WorkerPool.is_supported():
            desk.pool = WorkerPool(jobs.run, workers, timeout=RENDER_TIMEOUT)
        try:
            # An OSError here means the port is taken. Bound before the allowed hosts are set,
            # so they know the real port even when it was 0 ("any free port").
            self._server: Any = create_server(
                self.app,
                host=host,
                port=port,
                threads=threads,
                max_request_body_size=MAX_REQUEST,
                max_request_header_size=MAX_HEADERS,
                clear_untrusted_proxy_headers=True,
                ident="cdbooklet",
            )
        except BaseException:
            if desk.pool is not None:
                desk.pool.close()
            raise
        # Requests waitress refuses itself (too large, headers too large) get the desk's page.
        cast(Any, self._server).channel_class = _channel_class(self.app)
        self.host = host
        self.port = int(getattr(self._server, "effective_port", port))
        desk.hosts = frozenset(allowed_hosts(host, self.port))
        desk.address = self.url.removeprefix("http://").rstrip("/")

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

    @property
    def worker_pids(self) -> list[int]:
        desk: _Desk = self.app.extensions[_STATE]
        return desk.pool.pids if desk.pool is not None else []

    def run(self) -> None:
        """Answer requests until interrupted (Ctrl-C raises KeyboardInterrupt)."""
        self._server.run()

    def close(self) -> None:
        self._server.close()
        desk: _Desk = self.app.extensions[_STATE]
        if desk.pool is not None:
            desk.pool.close()


def make_server(
    content_dirs: Sequence[Path], host: str = "127.0.0.1", port: int = 8000
) -> DeskServer:
    """The front desk bound to `host:port`, warmed up, ready to `run`."""
    return DeskServer(content_dirs, host, port)


def _channel_class(app: Flask) -> type:
    """waitress's connection class, answering the requests waitress refuses itself (a body over
    the limit, by its Content-Length, before reading it; headers over theirs) with the desk's
    own error page and headers, made by the app."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class DeskErrorTask(ErrorTask):
        def execute(self) -> None:
            code = int(getattr(getattr(self.request, "error", None), "code", 400))
            status, headers, body = _refusal(app, code)
            self.status = status
            cast(Any, self.response_headers).extend(
                (k, v) for k, v in headers if k.lower() not in ("content-length", "connection")
            )
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class DeskChannel(HTTPChannel):
        error_task_class = DeskErrorTask

    return DeskChannel


def _refusal(app: Flask, code: int) -> tuple[str, list[tuple[str, str]], bytes]:
    """The desk's page for a request waitress refused: status line, headers, body."""
    from werkzeug.test import EnvironBuilder

    desk: _Desk = app.extensions[_STATE]
    builder = EnvironBuilder(path="/", base_url=f"http://{desk.address}")
    environ = builder.get_environ()
    environ[_REFUSED] = code
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured.update(status=status, headers=headers)
        return lambda _data: None

    body = b"".join(app(environ, start_response))
    return captured["status"], list(captured["headers"]), body


# -- requests ---------------------------------------------------------------------------------


def _state() -> _Desk:
    desk: _Desk = current_app.extensions[_STATE]
    return desk


def _is_fetch() -> bool:
    """Whether the desk page's own script sent the request (it wants errors as JSON)."""
    return request.headers.get("X-Desk") == "fetch"


@_desk.before_app_request
def _check_request() -> Response | None:
    desk = _state()
    refused = request.environ.get(_REFUSED)
    if refused is not None:
        labels = _default_labels().desk
        message = labels.too_large if refused == 413 else labels.headers_too_large
        return _error_page(int(refused), message if refused in (413, 431) else labels.bad_request)
    if request.host.lower() not in desk.hosts:
        # A bare page: whatever sent this request (a page elsewhere, through a name that
        # resolves here) reads nothing of the clinic's.
        return _error_page(
            400, _default_labels().desk.bad_host.format(address=desk.address), is_bare=True
        )
    origin = request.headers.get("Origin")
    is_pdf = request.endpoint in _PDF_ROUTES
    if origin is not None and (request.method == "POST" or is_pdf):
        parts = urlsplit(origin)
        if parts.scheme != "http" or parts.netloc.lower() not in desk.hosts:
            return _error_page(403, _default_labels().desk.cross_site, is_bare=True)
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in _SAME_SITE and (request.method == "POST" or is_pdf):
        return _error_page(403, _default_labels().desk.cross_site, is_bare=True)
    length = request.content_length
    if length is not None and length > MAX_REQUEST:
        # Refused on its Content-Length: the body is never read.
        return _error_page(413, _default_labels().desk.too_large)
    return None


@_desk.after_app_request
def _security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Not no-referrer: that would make browsers send "Origin: null" with the form.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = _CSP
    elif response.mimetype == "application/pdf":
        response.headers["Content-Security-Policy"] = _PDF_CSP
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


@_desk.get("/")
def desk_page() -> Response:
    """The front desk: every therapy as a card, packs, print options, a note, the preview and
    the print button."""
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
    labels: Labels = frame["labels"]
    pack = content.booklet.pack(request.args.get("pack", "")) or ()
    cards = [_card(content, t, labels, t.id in pack) for t in content.booklet.therapies]
    words = _fold(query).split()
    shown = [c for c in cards if all(w in c["search"] for w in words)]
    return _html(
        TEMPLATES.get_template("desk.html").render(
            frame,
            problems=[],
            stale=_stale(content, loaded, labels),
            unavailable=loaded.unavailable,
            packs=[
                {"name": name, "ids": " ".join(ids), "count": len(ids)}
                for name, ids in content.booklet.packs
                if ids
            ],
            query=query,
            cards=shown,
            total=len(cards),
            page_sizes=[
                (size, name, size == content.branding.paper)
                for size, name in labels.desk.page_sizes
            ],
            max_note=MAX_NOTE,
            note_hint=labels.desk.note_hint.format(notes=labels.notes, limit=MAX_NOTE),
            note_count=labels.desk.note_count.format(count=0, limit=MAX_NOTE),
            has_preview=_has_preview(),
        )
    )


@_desk.post("/handouts")
def handouts_pdf() -> Response:
    """The ticked handouts as one PDF (the page prints it, or the browser shows it)."""
    key, edition, content, ids, options = _handouts_request()
    name = f"{ids[0]}.pdf" if len(ids) == 1 else "handouts.pdf"
    made = _make(key, jobs.Job("handouts", content, tuple(ids), options))
    response = _pdf(made.data, name)
    left_out = jobs.unprintable(options.note or "", content.branding.font)
    if left_out:
        # What the PDF had to leave out of the note, for the page to say (the characters'
        # codes only: the note itself never goes into a header).
        response.headers["X-Left-Out"] = " ".join(f"U+{ord(ch):04X}" for ch in left_out)
    _log.info(
        "Handouts %s (%s) rendered in %.0f ms",
        ", ".join(ids),
        options.page_size or content.branding.paper,
        made.ms,
    )
    return response


@_desk.post("/preview")
def preview() -> Response:
    """Small images of the pages the ticked handouts will print, with their alt text, and the
    note's characters no font has: JSON for the page's script."""
    key, edition, content, ids, options = _handouts_request()
    labels = _labels_of_content(content)
    left_out = [
        jobs.describe(ch) for ch in jobs.unprintable(options.note or "", content.branding.font)
    ]
    if not _has_preview():
        return jsonify(pages=[], left_out=left_out, available=False)
    made = _make(key, jobs.Job("preview", content, tuple(ids), options, PREVIEW_WIDTH))
    total = len(made.images)
    pages = [
        {
            "src": "data:image/png;base64," + base64.b64encode(image).decode("ascii"),
            "alt": labels.desk.preview_alt.format(page=i, total=total),
        }
        for i, image in enumerate(made.images, start=1)
    ]
    return jsonify(pages=pages, left_out=left_out, available=True)


@_desk.get("/handouts/<therapy_id>.pdf")
def handout_pdf(therapy_id: str) -> Response:
    """One therapy's handout, for a link or a bookmark (options as query parameters)."""
    key, edition = _edition()
    content = _content_or_problems(key, edition)
    _known(content, [therapy_id])
    options = _options(request.args)
    made = _make(key, jobs.Job("handouts", content, (therapy_id,), options))
    _log.info(
        "Handouts %s (%s) rendered in %.0f ms",
        therapy_id,
        options.page_size or content.branding.paper,
        made.ms,
    )
    return _pdf(made.data, f"{therapy_id}.pdf")


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


class _Answer(HTTPException):
    """A response decided deep in a request (an error page), raised to end it there."""

    def __init__(self, response: Response) -> None:
        super().__init__(response=response)


@_desk.app_errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    if isinstance(exc, _Answer) and exc.response is not None:
        return exc.response  # type: ignore[return-value]
    desk = _default_labels().desk
    code = exc.code or 500
    messages = {
        400: desk.bad_request,
        404: desk.no_page,
        405: desk.not_allowed,
        413: desk.too_large,
        431: desk.headers_too_large,
    }
    return _error_page(code, messages.get(code, desk.bad_request))


@_desk.app_errorhandler(InternalServerError)
def _server_error(exc: InternalServerError) -> Response:
    # Flask has already logged the original exception with its traceback.
    return _error_page(500, _default_labels().desk.server_error)


# -- PDFs -------------------------------------------------------------------------------------


def _handouts_request() -> tuple[str, _Edition, Content, list[str], Options]:
    """A print or preview form, checked: the edition, its content, the ids and the options (or
    an error page, raised)."""
    key, edition = _edition()
    labels = _labels_of(edition)
    ids = list(dict.fromkeys(request.form.getlist("therapy")))
    # Browsers send a textarea's line breaks as CRLF but count them as one character.
    note = request.form.get("note", "").replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        raise _Answer(
            _error_page(400, labels.desk.note_too_long.format(length=len(note), limit=MAX_NOTE))
        )
    content = _content_or_problems(key, edition)
    if not ids:
        raise _Answer(_error_page(400, labels.desk.choose_one))
    _known(content, ids)
    return key, edition, content, ids, _options(request.form, note=note or None)


def _content_or_problems(key: str, edition: _Edition) -> Content:
    loaded = edition.current()
    if loaded.content is None:
        raise _Answer(_content_error(key, loaded.problems))
    return loaded.content


def _known(content: Content, ids: Iterable[str]) -> None:
    labels = _labels_of_content(content)
    for therapy_id in ids:
        if content.booklet.therapy(therapy_id) is None:
            raise _Answer(
                _error_page(
                    404, labels.desk.no_therapy.format(id=therapy_id), title=labels.desk.not_found
                )
            )


def _make(key: str, job: jobs.Job) -> jobs.Made:
    """Render a job (in a worker, or here), or raise the error page: the content's mistakes,
    or, when the worker failed, the page that says something went wrong."""
    from cdbooklet.build.pool import WorkerFailed

    try:
        made = _state().render(job)
    except WorkerFailed as exc:
        _log.error("Rendering failed: %s", exc)
        raise _Answer(_error_page(500, _default_labels().desk.server_error)) from None
    if made.problems:
        raise _Answer(_content_error(key, made.problems))
    return made


def _booklet(is_folded: bool) -> Response:
    key, edition = _edition()
    content = _content_or_problems(key, edition)
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
    made = _make(key, jobs.Job("booklet", content, (), options))
    _log.info(
        "Booklet%s (%s) rendered in %.0f ms",
        " to fold" if is_folded else "",
        options.page_size or content.branding.paper,
        made.ms,
    )
    return _pdf(made.data, name)


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


def _has_preview() -> bool:
    from cdbooklet.press.preview import is_available

    return is_available()


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
    """The edition a request names, if it is a real one, else the first (for error pages). The
    body of a request too large is never read: then the query string is all there is."""
    editions = _state().editions
    length = request.content_length
    if request.environ.get(_REFUSED) or (length is not None and length > MAX_REQUEST):
        key = request.args.get("lang", "")
    else:
        try:
            key = request.values.get("lang", "")
        except HTTPException:
            key = request.args.get("lang", "")
    return key if key in editions else next(iter(editions))


def _stale(content: Content, loaded: _Loaded, labels: Labels) -> list[str]:
    """The banner's lines: each file whose saved version has a mistake, its line and mistake,
    and the time of the version still printed (or that its therapy is not available)."""
    lines = []
    for broken in loaded.broken:
        try:
            name = broken.path.relative_to(content.root).as_posix()
        except ValueError:
            name = broken.path.as_posix()
        if broken.since is None:
            when = labels.desk.never_loaded
        else:
            stamp = broken.since.strftime("%H:%M")
            if broken.since.date() != date.today():
                stamp = f"{labels.date(broken.since.date())}, {stamp}"
            when = labels.desk.version_from.format(time=stamp)
        for problem in broken.problems:
            where = f"{name} line {problem.line}" if problem.line else name
            lines.append(f"{where}: {problem.message} ({when})")
    return lines


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
        "preview_url": url_for("desk.preview"),
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


def _card(
    content: Content, therapy: Any, labels: Labels, is_ticked: bool = False
) -> dict[str, Any]:
    from cdbooklet.content.translation import draft_notice

    title, summary = plain_words(therapy.title), plain_words(therapy.summary)
    return {
        "id": therapy.id,
        "title": inline_html(therapy.title),
        "summary": inline_html(therapy.summary),
        "search": _fold(f"{title} {summary} {therapy.id.replace('-', ' ')}"),
        # The band its handout prints, when it is a draft translation.
        "draft": draft_notice(content, labels, therapy),
        "ticked": is_ticked,
    }


def _fold(text: str) -> str:
    """Lower case without accents, so "terapia" finds "Terapía" (desk.js folds the same way)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _content_error(key: str, problems: Iterable[Problem]) -> Response:
    """The content's mistakes as PATH:LINE lines on a page of their own (never a 500)."""
    lines = [str(p) for p in problems]
    if _is_fetch():
        labels = _labels_of_content(None)
        return _json_error(422, labels.desk.content_error, lines)
    frame = _frame(key, None)
    return _html(
        TEMPLATES.get_template("desk.html").render(
            frame, problems=lines, query="", cards=[], total=0
        ),
        status=422,
    )


def _json_error(status: int, message: str, problems: Sequence[str] = ()) -> Response:
    response = jsonify(message=message, problems=list(problems))
    response.status_code = status
    return response


def _error_page(
    status: int, message: str, title: str | None = None, is_bare: bool = False
) -> Response:
    """A short page in the desk's style: a heading, one plain sentence, a way back
    (`is_bare`: without the clinic's name, logo, disclaimer or language switch); for the desk
    page's own requests, the same sentence as JSON."""
    if _is_fetch() and not is_bare:
        return _json_error(status, message)
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
