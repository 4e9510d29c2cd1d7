"""The front desk and the HTML edition in a real headless Chromium: the desk end to end (filter,
tick, note, print, and the PDF that comes back), keyboard alone, and an axe-core audit of every
kind of page.

Needs Debian's `chromium` (Playwright drives it; browser builds cannot be downloaded here) and
the npm package `axe-core` (found at $CDBOOKLET_AXE_JS, else in the virtual environment where
.ci/run installs it). Each test skips, saying which is missing, where they cannot be installed.

The content is tests/fixtures/complete and complete-es: four therapies, in order physical-therapy,
massage-therapy, acupuncture, biofeedback; "bio", "needles" and "massage" each find one.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.build.pipeline import load
from cdbooklet.cli import cli
from cdbooklet.errors import Report
from cdbooklet.text.labels import labels_for
from helpers import FIXTURES, ROOT, MakeContent
from processes import desk as desk_process

pytest.importorskip("flask", reason="the front desk needs the serve extra: pip install '.[serve]'")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the browser tests need Playwright: pip install '.[test]'"
)

CONTENT = FIXTURES / "complete"
SPANISH = FIXTURES / "complete-es"
EN = labels_for("en")[0]
CHROMIUM = os.environ.get("CDBOOKLET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _axe_path() -> Path | None:
    candidates = [
        os.environ.get("CDBOOKLET_AXE_JS"),
        Path(sys.prefix) / "axe" / "node_modules" / "axe-core" / "axe.min.js",
        ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


AXE = _axe_path()

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(),
    reason=f"no Chromium at {CHROMIUM} (bash .ci/run installs Debian's chromium)",
)
needs_axe = pytest.mark.skipif(
    AXE is None,
    reason="axe-core is not installed (bash .ci/run installs it with npm into .venv/axe; "
    "or set CDBOOKLET_AXE_JS to axe.min.js)",
)


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def desk() -> Iterator[str]:
    """`cdbooklet serve` with the English and Spanish fixtures, on a free port (stopped for sure
    afterwards: processes.desk)."""
    with desk_process(CONTENT, SPANISH) as server:
        yield server.url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static HTML edition of tests/fixtures/complete (`cdbooklet html`)."""
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(cli, ["html", "--content", str(CONTENT), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (cookies, tabs) per test, at a desktop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


class _Printed:
    """Captures the PDFs the desk sends back, whichever tab asked for them."""

    def __init__(self, context: Any, pattern: str) -> None:
        self.pdfs: list[bytes] = []
        self.forms: list[str] = []
        context.route(pattern, self._handle)

    def _handle(self, route: Any) -> None:
        response = route.fetch()
        self.forms.append(route.request.post_data or "")
        if response.headers.get("content-type") == "application/pdf":
            self.pdfs.append(response.body())
        route.fulfill(response=response)


def _pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages).split()
    )


def _visible_cards(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".card:not([hidden]) input", "inputs => inputs.map(i => i.value)"
    )


def _print_and_wait(page: Any, printed: _Printed, press: Any) -> bytes:
    with page.context.expect_page() as tab:
        press()
    tab.value.wait_for_load_state("commit")
    page.wait_for_timeout(50)
    for _ in range(100):
        if printed.pdfs:
            break
        page.wait_for_timeout(100)
    assert printed.pdfs, "no PDF came back"
    return printed.pdfs[-1]


# -- the desk end to end --------------------------------------------------------------------------


def test_filter_tick_two_add_a_note_and_print(context: Any, desk: str) -> None:
    page = context.new_page()
    printed = _Printed(context, "**/handouts")
    page.goto(desk)
    total = len(_visible_cards(page))
    assert total == 4

    page.fill("#find", "bio")
    assert _visible_cards(page) == ["biofeedback"]
    assert page.text_content("#find-count") == "Showing 1 of 4 therapies."
    page.check("#therapy-4")
    page.fill("#find", "needles")
    assert _visible_cards(page) == ["acupuncture"]
    page.check("#therapy-3")
    page.fill("#find", "")
    assert len(_visible_cards(page)) == total
    assert page.text_content("#chosen-list") == "Acupuncture, Biofeedback"

    note = "Try the Tuesday class <b>not bold</b> & rest."
    page.fill("#note", note)
    page.click("text=Large print")
    pdf = _print_and_wait(page, printed, lambda: page.click("button.primary"))

    assert "therapy=acupuncture" in printed.forms[-1]
    assert "therapy=biofeedback" in printed.forms[-1]
    text = _pdf_text(pdf)
    assert "Acupuncture" in text and "Biofeedback" in text
    assert text.count(note) == 2
    assert text.count(EN.notes) == 2


def test_filter_and_print_work_without_javascript(browser: Any, desk: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        printed = _Printed(context, "**/handouts")
        page.goto(desk)
        assert page.is_hidden("#chosen")
        page.fill("#find", "massage")
        page.press("#find", "Enter")
        page.wait_for_url("**/?lang=en&q=massage")
        assert _visible_cards(page) == ["massage-therapy"]
        assert "Showing 1 of 4 therapies." in page.text_content(".find-status")
        page.check("input[value=massage-therapy]")
        page.fill("#note", "No script needed.")
        pdf = _print_and_wait(page, printed, lambda: page.click("button.primary"))
        text = _pdf_text(pdf)
        assert "Massage Therapy" in text and "No script needed." in text
    finally:
        context.close()


def test_language_switch_and_the_folded_booklet(context: Any, desk: str) -> None:
    page = context.new_page()
    printed = _Printed(context, "**/booklet-folded.pdf")
    page.goto(desk)
    page.click("a[hreflang=es]")
    page.wait_for_url("**/?lang=es")
    assert page.get_attribute("html", "lang") == "es"
    spanish = load(SPANISH, Report())
    assert page.text_content("h1") == labels_for("es")[0].desk.title
    assert spanish.booklet.therapies[0].title in page.text_content(".cards")
    pdf = _print_and_wait(page, printed, lambda: page.click("button[formaction$=folded\\.pdf]"))
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (792, 612)


# -- keyboard -------------------------------------------------------------------------------------

_FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
    cls: el.className || "", text: (el.textContent || "").trim().slice(0, 40),
    outline: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
  };
}"""


def _tab_through(page: Any, limit: int = 60) -> list[dict[str, Any]]:
    """Every element Tab reaches, in order, until focus leaves the page."""
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused["tag"] == "body" or (seen and focused == seen[0]):
            break
        seen.append(focused)
    return seen


def test_keyboard_alone_reaches_every_control_in_order_with_a_visible_outline(
    context: Any, desk: str
) -> None:
    page = context.new_page()
    page.goto(desk)
    stops = _tab_through(page)
    assert stops[0]["cls"] == "skip-link"
    order = [s["id"] or s["cls"] for s in stops]
    find = order.index("find")
    first_box = next(i for i, s in enumerate(stops) if s["name"] == "therapy")
    note = order.index("note")
    button = next(i for i, s in enumerate(stops) if s["cls"] == "primary")
    assert find < first_box < note < button
    assert sum(s["name"] == "therapy" for s in stops) == 4
    for stop in stops:
        assert stop["outline"] != "none" and stop["width"] >= 2, stop


def test_keyboard_alone_prints_handouts(context: Any, desk: str) -> None:
    page = context.new_page()
    printed = _Printed(context, "**/handouts")
    page.goto(desk)
    page.focus("#find")
    page.keyboard.type("massage")
    page.keyboard.press("Tab")  # the Find button
    page.keyboard.press("Tab")  # the first card left showing
    assert page.evaluate("document.activeElement.value") == "massage-therapy"
    page.keyboard.press("Space")
    assert page.is_checked("input[value=massage-therapy]")
    page.focus("#note")
    page.keyboard.type("Typed with the keyboard.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == EN.desk.print_button
    pdf = _print_and_wait(page, printed, lambda: page.keyboard.press("Enter"))
    text = _pdf_text(pdf)
    assert "Massage Therapy" in text and "Typed with the keyboard." in text


def test_skip_link_shows_when_focused(context: Any, desk: str) -> None:
    page = context.new_page()
    page.goto(desk)
    page.keyboard.press("Tab")
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


# -- axe-core -------------------------------------------------------------------------------------


def _audit(page: Any) -> list[str]:
    """Run axe-core on the page; one line per violation (rule, impact, where)."""
    assert AXE is not None
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps(v['nodes'])}" for v in violations
    ]


@needs_axe
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["", "?lang=es", "?q=tension", "?q=zzz"])
def test_desk_page_has_no_accessibility_violations(
    browser: Any, desk: str, path: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(desk + path)
        if not path:
            page.check("#therapy-2")  # a ticked card's colours too
            page.fill("#find", "a")
        assert _audit(page) == []
    finally:
        page.close()


@needs_axe
def test_desk_error_pages_have_no_accessibility_violations(browser: Any, desk: str) -> None:
    page = browser.new_page()
    try:
        page.goto(desk + "handouts/nope.pdf")
        assert page.text_content("h1") == EN.desk.not_found
        assert _audit(page) == []
    finally:
        page.close()


@needs_axe
def test_content_error_page_has_no_accessibility_violations(
    browser: Any, make_content: MakeContent
) -> None:
    content = make_content("complete")
    (content / "therapies" / "acupuncture.yaml").write_text("title: [\n", encoding="utf-8")
    with desk_process(content) as server:
        page = browser.new_page()
        try:
            page.goto(server.url)
            assert EN.desk.content_error in page.text_content("main")
            assert _audit(page) == []
        finally:
            page.close()


@needs_axe
@pytest.mark.parametrize("name", ["index.html", "physical-therapy.html"])
def test_static_edition_has_no_accessibility_violations(
    browser: Any, site: Path, name: str
) -> None:
    page = browser.new_page()
    try:
        page.goto((site / name).as_uri())
        assert _audit(page) == []
    finally:
        page.close()


@needs_axe
def test_the_audit_can_fail(browser: Any) -> None:
    """The audits above can find something: a page with known mistakes has violations."""
    page = browser.new_page()
    try:
        page.set_content(
            '<html><body><img src="x.png"><input type="text">'
            '<p style="color:#ccc">faint</p></body></html>'
        )
        found = {line.split(" ")[0] for line in _audit(page)}
        assert {"image-alt", "label", "html-has-lang", "color-contrast"} <= found, found
    finally:
        page.close()
