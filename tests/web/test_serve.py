"""The front desk (`cdbooklet serve`): the page, the PDFs it returns, its safety rules, its errors.

Driven through Flask's test client, except the last few tests, which start the real command (a
waitress server on a free port) and talk to it over a socket. The content is tests/fixtures/complete
and complete-es (four therapies; "massage" finds one, "tension muscle" two).
"""

from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops
from pypdf import PdfReader

_EXTRA = "the front desk needs the serve extra: pip install '.[serve]'"
pytest.importorskip("flask", reason=_EXTRA)
pytest.importorskip("waitress", reason=_EXTRA)

from cdbooklet import cli as cli_module  # noqa: E402
from cdbooklet.build import pipeline  # noqa: E402
from cdbooklet.build.pipeline import load  # noqa: E402
from cdbooklet.cli import cli  # noqa: E402
from cdbooklet.errors import Report  # noqa: E402
from cdbooklet.text.labels import labels_for  # noqa: E402
from cdbooklet.web import server  # noqa: E402
from cdbooklet.web.server import MAX_NOTE, allowed_hosts, create_app  # noqa: E402
from helpers import FIXTURES, Edit, MakeContent  # noqa: E402
from pdfcheck import font_sizes, squash  # noqa: E402
from processes import desk  # noqa: E402

CONTENT = FIXTURES / "complete"
SPANISH = FIXTURES / "complete-es"
BASE = "http://127.0.0.1:8000"
EN = labels_for("en")[0]
ES = labels_for("es")[0]
HOSTILE = '<script>alert(1)</script> & "quotes" <img src=x onerror=alert(1)>'


# -- reading pages --------------------------------------------------------------------------------


@dataclass
class Page:
    """What a test needs to know about one HTML page, collected with the standard parser."""

    status: int
    raw: str
    lang: str | None = None
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """label[for] -> its text."""
    links: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for name, a in self.tags
            if name == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


class _Collector(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._open: list[tuple[str, str, list[str]]] = []
        self._skip = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.page.tags.append((tag, a))
        if tag == "html":
            self.page.lang = a.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "label", "a"):
            key = a.get("for") or "" if tag == "label" else a.get("href") or ""
            self._open.append((tag, key, []))
        if tag in ("head", "script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            name, key, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if name == "label":
                self.page.labels[key] = text
            elif name == "a":
                self.page.links.append((key, text))
            else:
                self.page.headings.append((int(name[1]), text))
        if tag in ("head", "script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._text.append(data)
        for _name, _key, parts in self._open:
            parts.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join(" ".join(self._text).split())


def parse(response: object) -> Page:
    raw = response.get_data(as_text=True)  # type: ignore[attr-defined]
    page = Page(response.status_code, raw)  # type: ignore[attr-defined]
    collector = _Collector(page)
    collector.feed(raw)
    collector.close()
    return page


def pdf_text(data: bytes) -> str:
    return squash(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app():
    """The front desk for the English and Spanish fixtures, warmed up once."""
    return create_app([CONTENT, SPANISH])


@pytest.fixture
def client(app):
    """A test client whose requests carry the Host header of the bound address."""
    return _Client(app.test_client())


class _Client:
    def __init__(self, client) -> None:
        self.client = client

    def get(self, path: str, **kw):
        kw.setdefault("base_url", BASE)
        return self.client.get(path, **kw)

    def post(self, path: str, **kw):
        kw.setdefault("base_url", BASE)
        return self.client.post(path, **kw)


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    """A private copy of tests/fixtures/complete/ that a test may edit."""
    return make_content("complete")


def _content():
    return load(CONTENT, Report())


def _print(client: _Client, *ids: str, **fields: str):
    return client.post("/handouts", data={"therapy": list(ids), **fields})


# -- the page -------------------------------------------------------------------------------------


def test_desk_page_lists_every_therapy_with_its_summary_in_order(client: _Client) -> None:
    page = parse(client.get("/"))
    assert page.status == 200
    booklet = _content().booklet
    boxes = page.all("input", type="checkbox", name="therapy")
    assert [b["value"] for b in boxes] == [t.id for t in booklet.therapies]
    for box, therapy in zip(boxes, booklet.therapies, strict=True):
        assert page.labels[str(box["id"])] == therapy.title
        assert therapy.summary in page.text
        assert box["aria-describedby"]


def test_desk_page_has_lang_one_h1_and_headings_in_order(client: _Client) -> None:
    page = parse(client.get("/"))
    assert page.lang == "en"
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"h{before} then h{after}"
    from cdbooklet.press.preview import is_available

    # The preview needs pypdfium2 (the serve extra); without it, the page has none.
    preview = [EN.desk.preview] if is_available() else []
    assert [text for _, text in page.headings] == [
        EN.desk.title,
        EN.desk.packs,
        EN.desk.choose,
        EN.desk.how,
        *preview,
        EN.desk.booklet,
        EN.disclaimer,
    ]


def test_desk_page_shows_the_clinic_the_logo_and_both_disclaimers(client: _Client) -> None:
    content = _content()
    page = parse(client.get("/"))
    assert content.branding.contact.name in page.text
    assert page.all("img", src="/logo?lang=en", alt=content.branding.logo_alt)
    assert content.booklet.disclaimer in page.text
    assert content.booklet.footer and content.booklet.footer in page.text
    assert page.text.index(content.booklet.disclaimer) < page.text.index(content.booklet.footer)


def test_desk_form_is_plain_html_that_works_without_javascript(client: _Client) -> None:
    page = parse(client.get("/"))
    # The PDF opens in the same tab (no second desk, and Back brings a fresh page).
    assert page.all("form", method="post", action="/handouts", autocomplete="off")
    assert not page.all("form", target="_blank")
    # Enter in a box sends nothing: the form's default button is disabled.
    (default, *_rest) = page.all("button", type="submit", **{"class": "implicit-submit"})
    assert "disabled" in default and "hidden" in default
    in_form = page.raw[page.raw.index('id="print-form"') :]
    assert in_form[in_form.index("<button") :].startswith('<button type="submit" class="implicit')
    radios = page.all("input", type="radio", name="page_size")
    assert [r["value"] for r in radios] == ["letter", "a4", "a5", "half-letter"]
    assert [r["value"] for r in radios if "checked" in r] == [_content().branding.paper]
    assert page.all("input", type="checkbox", name="large_print")
    assert page.all("input", type="checkbox", name="grayscale")
    (note,) = page.all("textarea", name="note")
    assert note["maxlength"] == "600"
    assert page.labels["note"] == EN.desk.note
    assert EN.desk.print_button in page.text
    assert page.all("button", type="submit", formaction="/booklet.pdf")
    assert page.all("button", type="submit", formaction="/booklet-folded.pdf")
    # The filter is a GET form the server applies when there is no JavaScript.
    assert page.all("form", method="get", action="/", role="search")
    assert page.all("input", type="search", name="q")
    # The only script is a file of our own, loaded from this server.
    assert page.all("script") == [{"src": "/desk.js", "defer": None}]
    assert not any(k.startswith("on") for _tag, a in page.tags for k in a)


def test_every_control_has_a_visible_label(client: _Client) -> None:
    page = parse(client.get("/"))
    controls = [
        a for name, a in page.tags if name in ("input", "textarea") and a.get("type") != "hidden"
    ]
    assert len(controls) == len(_content().booklet.therapies) + 4 + 2 + 2
    for control in controls:
        assert page.labels.get(str(control["id"])), control


def test_filter_query_keeps_only_matching_therapies(client: _Client) -> None:
    page = parse(client.get("/?q=massage"))
    assert [b["value"] for b in page.all("input", type="checkbox", name="therapy")] == [
        "massage-therapy"
    ]
    assert "Showing 1 of 4 therapies." in page.text
    assert ("/?lang=en", EN.desk.show_all) in page.links
    assert page.all("input", type="search", name="q", value="massage")
    # Case, accents and every word: "TENSIÓN muscle" needs both words, in any case.
    page = parse(client.get("/?q=TENSI%C3%93N+muscle"))
    assert {b["value"] for b in page.all("input", type="checkbox", name="therapy")} == {
        "massage-therapy",
        "biofeedback",
    }


def test_filter_with_no_match_says_so(client: _Client) -> None:
    page = parse(client.get("/?q=zzz"))
    assert page.status == 200
    assert not page.all("input", type="checkbox", name="therapy")
    assert "No therapy matches “zzz”." in page.text


# -- PDFs -----------------------------------------------------------------------------------------


def test_print_returns_one_pdf_with_both_handouts_and_the_escaped_note(client: _Client) -> None:
    note = 'Walk <10 min> & rest; <b>not bold</b> "twice" a day'
    response = _print(client, "acupuncture", "biofeedback", note=note)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "inline; filename=handouts.pdf"
    assert response.headers["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.data))
    text = pdf_text(response.data)
    assert text.index("Acupuncture") < text.index("Biofeedback")
    assert text.count(EN.notes) == 2
    assert text.count(note) == 2
    assert reader.metadata is not None and reader.metadata.title == "Acupuncture, Biofeedback"
    assert _content().booklet.disclaimer in text


def test_a_note_keeps_its_line_breaks_within_the_limit(client: _Client) -> None:
    # 600 characters as typed: the browser sends each line break as CRLF (two characters).
    note = ("a" * 59 + "\n") * 10
    response = _print(client, "biofeedback", note=note.replace("\n", "\r\n"))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "a" * 59 in pdf_text(response.data)


def test_one_handout_is_named_after_its_therapy(client: _Client) -> None:
    response = _print(client, "massage-therapy")
    assert response.headers["Content-Disposition"] == "inline; filename=massage-therapy.pdf"
    response = client.get("/handouts/massage-therapy.pdf?page_size=a5")
    assert response.mimetype == "application/pdf"
    width, height = PdfReader(io.BytesIO(response.data)).pages[0].mediabox[2:]
    assert (round(float(width)), round(float(height))) == (420, 595)


def test_page_size_and_large_print_reach_the_pdf(client: _Client, tmp_path: Path) -> None:
    response = _print(client, "physical-therapy", page_size="a4", large_print="on")
    pdf = tmp_path / "large.pdf"
    pdf.write_bytes(response.data)
    width, height = PdfReader(pdf).pages[0].mediabox[2:]
    assert (round(float(width)), round(float(height))) == (595, 842)
    assert min(font_sizes(pdf)) >= 18
    normal = tmp_path / "normal.pdf"
    normal.write_bytes(_print(client, "physical-therapy").data)
    assert min(font_sizes(normal)) < 18


def _chroma(pdf: Path) -> int:
    """The largest difference between a pixel's channels on page 1: 0 for a gray page."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(pdf.with_suffix("")),
        ],
        check=True,
    )
    image = Image.open(pdf.with_suffix(".png")).convert("RGB")
    r, g, b = image.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    return int(ImageChops.subtract(high, low).getextrema()[1])


def test_black_and_white_reaches_the_pdf(client: _Client, tmp_path: Path) -> None:
    colour, gray = tmp_path / "colour.pdf", tmp_path / "gray.pdf"
    colour.write_bytes(_print(client, "acupuncture").data)
    gray.write_bytes(_print(client, "acupuncture", grayscale="on").data)
    assert _chroma(colour) > 60
    assert _chroma(gray) <= 6


def test_booklet_and_folded_booklet_are_one_click_away(client: _Client) -> None:
    booklet = client.get("/booklet.pdf")
    assert booklet.mimetype == "application/pdf"
    assert booklet.headers["Content-Disposition"] == "inline; filename=booklet.pdf"
    reader = PdfReader(io.BytesIO(booklet.data))
    # The whole booklet: every therapy is in its outline.
    marks = {item.title for item in reader.outline if not isinstance(item, list)}
    assert {t.title for t in _content().booklet.therapies} <= marks
    assert tuple(round(float(v)) for v in reader.pages[0].mediabox[2:]) == (612, 792)
    # Folded: the clinic's letter paper holds two half-letter pages a side.
    folded = client.post("/booklet-folded.pdf", data={"page_size": "letter", "therapy": "x"})
    assert folded.headers["Content-Disposition"] == "inline; filename=booklet-folded.pdf"
    sheets = PdfReader(io.BytesIO(folded.data)).pages
    assert tuple(round(float(v)) for v in sheets[0].mediabox[2:]) == (792, 612)
    assert len(sheets) % 2 == 0
    a4 = PdfReader(io.BytesIO(client.get("/booklet-folded.pdf?page_size=a4").data)).pages
    assert tuple(round(float(v)) for v in a4[0].mediabox[2:]) == (842, 595)


def test_booklet_takes_large_print_from_the_form(client: _Client, tmp_path: Path) -> None:
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(client.post("/booklet.pdf", data={"large_print": "on"}).data)
    assert min(font_sizes(pdf)) >= 18


def test_a_handout_comes_back_well_under_half_a_second(client: _Client) -> None:
    _print(client, "biofeedback")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        response = _print(client, "biofeedback")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    # About 0.15 s on a developer's machine; generous for a busy CI machine.
    assert min(times) < 1.5, times


def test_two_people_at_once_each_get_their_own_pdf(app) -> None:
    orders = {
        "acupuncture": "First patient: Tuesday at 10.",
        "massage-therapy": "Second patient: bring your list of medicines.",
        "biofeedback": "Third patient: call us on Friday.",
    }
    results: dict[str, bytes] = {}
    barrier = threading.Barrier(len(orders))

    def order(therapy: str, note: str) -> None:
        client = _Client(app.test_client())
        barrier.wait()
        results[therapy] = _print(client, therapy, note=note).data

    threads = [threading.Thread(target=order, args=item) for item in orders.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    titles = {t.id: t.title for t in _content().booklet.therapies}
    for therapy, note in orders.items():
        text = pdf_text(results[therapy])
        assert titles[therapy] in text and note in text
        for other, other_note in orders.items():
            if other != therapy:
                assert other_note not in text


# -- languages ------------------------------------------------------------------------------------


def test_language_switch_links_each_edition(client: _Client) -> None:
    page = parse(client.get("/"))
    assert page.all("nav", **{"aria-label": EN.desk.language})
    assert ("/?lang=en", "English") in page.links
    assert ("/?lang=es", "Español") in page.links
    assert page.all("a", href="/?lang=en", **{"aria-current": "page"})
    assert page.all("a", href="/?lang=es", lang="es", hreflang="es")


def test_spanish_desk_page_and_handout(client: _Client) -> None:
    page = parse(client.get("/?lang=es"))
    spanish = load(SPANISH, Report())
    assert page.lang == "es"
    assert page.headings[0] == (1, ES.desk.title)
    assert spanish.booklet.therapies[0].title in page.text
    assert spanish.booklet.disclaimer in page.text
    assert page.all("input", type="hidden", name="lang", value="es")
    assert page.all("a", href="/?lang=es", **{"aria-current": "page"})
    text = pdf_text(_print(client, "acupuncture", lang="es", note="Vuelva el martes.").data)
    assert ES.notes in text and "Vuelva el martes." in text
    assert spanish.booklet.therapy("acupuncture").title in text  # type: ignore[union-attr]


def test_one_content_folder_has_no_language_switch() -> None:
    client = _Client(create_app([CONTENT], warm_up=False).test_client())
    page = parse(client.get("/"))
    assert not page.all("nav")
    assert page.all("input", type="hidden", name="lang", value="en")


def test_an_unknown_language_is_a_404_page(client: _Client) -> None:
    page = parse(client.get("/?lang=xx"))
    assert page.status == 404
    assert page.headings[0] == (1, EN.desk.not_found)


# -- content errors -------------------------------------------------------------------------------


def test_a_folder_that_never_loaded_shows_its_mistakes_not_a_server_error(content: Path) -> None:
    path = content / "booklet.yaml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    client = _Client(create_app([content], warm_up=False).test_client())
    page = parse(client.get("/"))
    assert page.status == 200
    assert page.lang == "en"
    assert (2, EN.desk.content_error) in page.headings
    assert EN.desk.content_error_lead in page.text
    lines = re.findall(re.escape(str(path)) + r":(\d+): ", page.text)
    assert lines and int(lines[0]) >= 1
    for words in ("Traceback", "Internal Server Error", "Exception"):
        assert words not in page.raw
    # The short disclaimer is still at the foot of the page.
    assert EN.footer in page.text
    # Asking for a PDF shows the same lines rather than failing.
    response = _print(client, "biofeedback")
    assert response.status_code == 422
    assert str(path) in parse(response).text
    assert client.get("/booklet.pdf").status_code == 422
    # Once the file is fixed and saved, the next request sees it: no restart.
    shutil.copy(CONTENT / "booklet.yaml", path)
    page = parse(client.get("/"))
    assert page.status == 200
    assert "Acupuncture" in page.text and EN.desk.content_error not in page.text


def test_an_edited_title_shows_without_a_restart(content: Path, edit: Edit) -> None:
    client = _Client(create_app([content], warm_up=False).test_client())
    assert "Acupuncture" in parse(client.get("/")).text
    edit(
        content / "therapies" / "acupuncture.yaml",
        "title: Acupuncture",
        "title: Acupuncture (edited)",
    )
    assert "Acupuncture (edited)" in parse(client.get("/")).text


def test_hostile_content_is_escaped_on_the_page(content: Path, edit: Edit) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    edit(path, "title: Acupuncture", f"title: 'Acupuncture {HOSTILE}'")
    edit(path, "summary: ", f"summary: 'Needles {HOSTILE} [x](javascript:alert(1))'\n# ")
    client = _Client(create_app([content], warm_up=False).test_client())
    page = parse(client.get("/"))
    assert page.status == 200
    assert "<script>alert" not in page.raw and "<img src=x" not in page.raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.raw
    assert [a["src"] for a in page.all("script")] == ["/desk.js"]
    assert not any("javascript" in href for href, _ in page.links)
    box = next(b for b in page.all("input", type="checkbox") if b["value"] == "acupuncture")
    assert page.labels[str(box["id"])] == f"Acupuncture {HOSTILE}"
    assert f"Needles {HOSTILE} [x](javascript:alert(1))" in page.text


# -- refused requests -----------------------------------------------------------------------------


def _is_our_page(page: Page) -> bool:
    return bool(page.all("link", rel="stylesheet", href="/desk.css")) and EN.desk.back in page.text


def test_an_unknown_therapy_is_a_404_page_in_the_desk_style(client: _Client) -> None:
    page = parse(_print(client, "acupuncture", "<b>nope</b>"))
    assert page.status == 404
    assert _is_our_page(page)
    assert page.headings[0] == (1, EN.desk.not_found)
    assert EN.desk.no_therapy.format(id="<b>nope</b>") in page.text
    assert "<b>nope</b>" not in page.raw
    assert _content().booklet.disclaimer in page.text
    page = parse(client.get("/handouts/nope.pdf"))
    assert page.status == 404 and EN.desk.no_therapy.format(id="nope") in page.text
    page = parse(client.get("/no/such/page"))
    assert page.status == 404 and _is_our_page(page) and EN.desk.no_page in page.text


def test_a_request_for_another_host_is_refused(app) -> None:
    client = app.test_client()
    for base in ("http://evil.example:8000", "http://127.0.0.1:9999", "http://localhost"):
        page = parse(client.get("/", base_url=base))
        assert page.status == 400, base
        assert EN.desk.bad_host.format(address="127.0.0.1:8000") in page.text
        # Nothing of the clinic's for whoever sent it.
        assert not page.all("input", type="checkbox") and not page.all("img")
        assert _content().branding.contact.name not in page.text
    for base in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        assert client.get("/", base_url=base).status_code == 200, base
    response = client.post(
        "/handouts", base_url="http://rebound.example:8000", data={"therapy": "acupuncture"}
    )
    assert response.status_code == 400


def test_a_post_from_another_site_is_refused(client: _Client) -> None:
    for origin in (
        "http://evil.example",
        "null",
        "https://127.0.0.1:8000",
        "http://127.0.0.1:9999",
    ):
        page = parse(
            client.post("/handouts", data={"therapy": "acupuncture"}, headers={"Origin": origin})
        )
        assert page.status == 403, origin
        assert EN.desk.cross_site in page.text
    same = client.post(
        "/handouts", data={"therapy": "acupuncture"}, headers={"Origin": "http://127.0.0.1:8000"}
    )
    assert same.status_code == 200


def test_a_note_too_long_gets_a_friendly_page(client: _Client) -> None:
    assert MAX_NOTE == cli_module.MAX_NOTE
    page = parse(_print(client, "acupuncture", note="x" * (MAX_NOTE + 1)))
    assert page.status == 400
    assert _is_our_page(page)
    assert EN.desk.note_too_long.format(length=601, limit=600) in page.text
    assert _print(client, "acupuncture", note="x" * MAX_NOTE).status_code == 200


def test_an_oversized_request_gets_a_friendly_page(client: _Client) -> None:
    page = parse(_print(client, "acupuncture", note="x" * 70_000))
    assert page.status == 413
    assert EN.desk.too_large in page.text and _is_our_page(page)


def test_nothing_ticked_asks_for_a_therapy(client: _Client) -> None:
    page = parse(client.post("/handouts", data={"note": "hello"}))
    assert page.status == 400
    assert EN.desk.choose_one in page.text


def test_an_unknown_page_size_is_a_bad_request(client: _Client) -> None:
    page = parse(_print(client, "acupuncture", page_size="tabloid"))
    assert page.status == 400 and EN.desk.bad_request in page.text


def test_a_wrong_method_is_a_page_in_the_desk_style(client: _Client) -> None:
    page = parse(client.get("/handouts"))
    assert page.status == 405 and EN.desk.not_allowed in page.text and _is_our_page(page)


def test_a_bug_is_logged_with_its_traceback_and_shown_in_plain_words(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the layout")

    app = create_app([CONTENT], warm_up=False)
    monkeypatch.setattr(pipeline, "render_handouts", broken)
    page = parse(_print(_Client(app.test_client()), "acupuncture"))
    assert page.status == 500
    assert EN.desk.server_error in page.text
    for words in ("Traceback", "Internal Server Error", "a bug in the layout"):
        assert words not in page.raw
    assert any(r.exc_info and "a bug in the layout" in str(r.exc_info[1]) for r in caplog.records)


def test_pages_carry_security_headers(client: _Client) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_stylesheets_script_fonts_and_logo_are_served(client: _Client) -> None:
    css = client.get("/style.css?lang=en").get_data(as_text=True)
    assert "--heading: " in css and 'url("fonts/AtkinsonHyperlegible-Regular.ttf")' in css
    assert client.get("/fonts/AtkinsonHyperlegible-Regular.ttf").mimetype == "font/ttf"
    assert client.get("/fonts/..%2Fpyproject.toml").status_code == 404
    assert client.get("/fonts/nope.ttf").status_code == 404
    assert client.get("/desk.css").mimetype == "text/css"
    assert "addEventListener" in client.get("/desk.js").get_data(as_text=True)
    logo = client.get("/logo?lang=es")
    assert logo.mimetype == "image/png"
    assert logo.data == (SPANISH / "assets" / "logo.png").read_bytes()


def test_every_language_names_every_page_size_and_itself() -> None:
    from cdbooklet.content.model import PAGE_SIZES
    from cdbooklet.text.labels import CATALOGUES

    for labels in CATALOGUES.values():
        assert tuple(size for size, _name in labels.desk.page_sizes) == PAGE_SIZES
    assert {lang: c.desk.language_name for lang, c in CATALOGUES.items()} == {
        "en": "English",
        "es": "Español",
    }


def test_allowed_hosts() -> None:
    assert allowed_hosts("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert "192.168.1.5:8080" in allowed_hosts("192.168.1.5", 8080)
    assert "desk.clinic.lan:8000" in allowed_hosts("desk.clinic.lan", 8000)
    assert {"127.0.0.1", "localhost"} <= allowed_hosts("127.0.0.1", 80)
    everywhere = allowed_hosts("0.0.0.0", 8000)
    assert f"{socket.gethostname().lower()}:8000" in everywhere


# -- the command ----------------------------------------------------------------------------------


class _FakeServer:
    url = "http://127.0.0.1:8000/"
    is_local = True
    closed = False

    def run(self) -> None:
        raise KeyboardInterrupt

    def close(self) -> None:
        _FakeServer.closed = True


def test_serve_prints_its_address_and_stops_on_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake(dirs: list[Path], host: str, port: int) -> _FakeServer:
        calls.append((dirs, host, port))
        return _FakeServer()

    monkeypatch.setattr(server, "make_server", fake)
    result = CliRunner().invoke(
        cli, ["serve", "--content", str(CONTENT), "--content", str(SPANISH), "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Front desk: http://127.0.0.1:8000/ (Ctrl-C to stop)\nStopped.\n"
    assert result.stderr == ""
    assert calls == [([CONTENT, SPANISH], "127.0.0.1", 8123)]
    assert _FakeServer.closed


def test_serve_on_the_network_warns_that_there_is_no_login(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Open(_FakeServer):
        url = "http://desk:8000/"
        is_local = False

    monkeypatch.setattr(server, "make_server", lambda *a: Open())
    result = CliRunner().invoke(cli, ["serve", "--content", str(CONTENT), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: the front desk has no login: anyone who can reach this "
        "computer on the network can open it and print\n"
    )


def test_serve_without_flask_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "cdbooklet.web.server")
    monkeypatch.setitem(sys.modules, "flask", None)
    result = CliRunner().invoke(cli, ["serve", "--content", str(CONTENT)])
    assert result.exit_code == 1
    assert result.stderr == (
        "The front desk needs Flask and waitress: pip install 'cdbooklet[serve]'\n"
    )


def test_serve_on_a_port_in_use_is_a_clear_error() -> None:
    # In a process of its own: waitress leaves the socket it could not bind for the collector.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "cdbooklet",
                "serve",
                "--content",
                str(CONTENT),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Cannot answer on 127.0.0.1 port {port} (")
    assert result.stderr.endswith(f"another program may be using it; try --port {port + 1}\n")


def test_serve_needs_an_existing_content_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--content", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# -- the real server ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def running() -> Iterator[str]:
    """`cdbooklet serve` on a free port in a process of its own; yields its address. Stopped with
    Ctrl-C, as a clinic would (and killed, should that not do: processes.stop), after which it
    has said so."""
    with desk(CONTENT) as server:
        yield server.url
    assert server.stdout == "Stopped.\n", (server.proc.returncode, server.stderr)


def _post(url: str, fields: dict[str, object]) -> tuple[int, str, bytes]:
    data = urllib.parse.urlencode(fields, doseq=True).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def test_real_server_prints_handouts_for_two_people_at_once(running: str) -> None:
    results: dict[str, tuple[int, str, bytes]] = {}

    def order(therapy: str) -> None:
        results[therapy] = _post(
            running + "handouts", {"therapy": [therapy], "note": f"Note for {therapy}"}
        )

    threads = [threading.Thread(target=order, args=(t,)) for t in ("acupuncture", "biofeedback")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for therapy, (status, kind, data) in results.items():
        assert (status, kind) == (200, "application/pdf")
        text = pdf_text(data)
        assert f"Note for {therapy}" in text
        assert all(f"Note for {other}" not in text for other in results if other != therapy)


def test_real_server_refuses_a_foreign_host_header(running: str) -> None:
    host, port = urllib.parse.urlsplit(running).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(
            b"GET / HTTP/1.1\r\nHost: attacker.example:"
            + port.encode()
            + b"\r\nConnection: close\r\n\r\n"
        )
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"attacker.example" not in reply.split(b"\r\n\r\n", 1)[1]


def test_real_server_handout_time(running: str) -> None:
    _post(running + "handouts", {"therapy": ["massage-therapy"]})
    start = time.perf_counter()
    status, kind, _data = _post(running + "handouts", {"therapy": ["massage-therapy"]})
    elapsed = time.perf_counter() - start
    assert (status, kind) == (200, "application/pdf")
    assert elapsed < 1.5, elapsed


def test_the_desk_marks_each_draft_translation_beside_its_therapy(tmp_path: Path) -> None:
    """A therapy of a draft edition carries the words its handout prints on every page."""
    from cdbooklet.build.translations import start_edition
    from helpers import copy_content

    source = copy_content("complete", tmp_path / "content")
    start_edition(source, "fr")
    client = _Client(create_app([source / "fr"], warm_up=False).test_client())
    page = parse(client.get("/"))
    assert page.status == 200
    band = "Draft translation: not yet checked by a qualified translator"
    assert page.text.count(band) == len(list((source / "therapies").glob("*.yaml")))
    reviewed = _Client(create_app([source], warm_up=False).test_client())
    assert band not in parse(reviewed.get("/")).text
