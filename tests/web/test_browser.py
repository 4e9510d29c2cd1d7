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
import re
import shutil
import sys
import urllib.request
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
    # A preview the page asked for may still be on its way through a test's route: let it go
    # quietly rather than fail the next test with "Request context disposed".
    for page in context.pages:
        page.unroute_all(behavior="ignoreErrors")
    context.close()


PRINT_STUB = """
window.print = function () {
  var top = window.top;
  top.__printCalls = (top.__printCalls || 0) + 1;
};
"""
"""An init script (run in every frame, the hidden PDF frame too): window.print only counts."""


@pytest.fixture
def printing(context: Any) -> Any:
    """A context whose pages count window.print calls instead of opening a dialog."""
    context.add_init_script(PRINT_STUB)
    return context


class _Sent:
    """The PDFs and previews a page asks for, whatever sends them: each POST is passed on to
    the desk and its answer kept."""

    def __init__(self, page: Any) -> None:
        self.pdfs: list[bytes] = []
        self.posts: list[str] = []
        page.route("**/*", self._handle)

    def _handle(self, route: Any) -> None:
        request = route.request
        if request.method != "POST" and not request.url.endswith(".pdf"):
            route.continue_()
            return
        self.posts.append(request.url.rsplit("/", 1)[-1])
        response = route.fetch()
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


def _wait(page: Any, condition: Any, what: str, seconds: float = 15) -> None:
    for _ in range(int(seconds * 20)):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for {what}")


def _prints(page: Any) -> int:
    return int(page.evaluate("window.__printCalls || 0"))


def _ticked(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "input[name=therapy]:checked", "inputs => inputs.map(i => i.value)"
    )


# -- the desk end to end --------------------------------------------------------------------------


def test_print_opens_the_dialog_from_the_page_and_clears_it_for_the_next_patient(
    printing: Any, desk: str
) -> None:
    page = printing.new_page()
    sent = _Sent(page)
    page.goto(desk)
    assert len(_visible_cards(page)) == 4
    page.fill("#find", "bio")
    assert _visible_cards(page) == ["biofeedback"]
    assert page.text_content("#find-count") == "Showing 1 of 4 therapies."
    page.check("#therapy-4")
    page.fill("#find", "needles")
    page.check("#therapy-3")
    page.fill("#find", "")
    assert page.text_content("#chosen-list") == "Acupuncture, Biofeedback"
    note = "Try the Tuesday class <b>not bold</b> & rest."
    page.fill("#note", note)
    page.click("text=Large print")
    page.click("#print-button")
    _wait(page, lambda: _prints(page) == 1, "the print dialog")
    assert len(page.context.pages) == 1  # no new tab
    text = _pdf_text(sent.pdfs[-1])
    assert "Acupuncture" in text and "Biofeedback" in text
    assert text.count(note) == 2 and text.count(EN.notes) == 2
    # Nothing of this patient is left on the page.
    assert _ticked(page) == [] and page.input_value("#note") == ""
    assert not page.is_checked("#large-print")
    assert page.text_content("#chosen-list") == EN.desk.none_chosen
    assert page.text_content("#print-status") == EN.desk.printed
    assert page.text_content("#note-count") == "0 of 600"


def test_next_patient_clears_the_ticks_the_note_and_the_choices(context: Any, desk: str) -> None:
    page = context.new_page()
    page.goto(desk)
    page.check("#therapy-1")
    page.fill("#note", "For the last patient.")
    page.check("#grayscale")
    page.check("#size-a4")
    page.click("#next-patient")
    assert _ticked(page) == [] and page.input_value("#note") == ""
    assert not page.is_checked("#grayscale") and page.is_checked("#size-letter")
    assert page.text_content("#print-status") == EN.desk.cleared
    assert page.url.rstrip("/") == desk.rstrip("/")  # cleared in place, not reloaded


def test_enter_on_a_box_ticks_it_and_sends_nothing(context: Any, desk: str) -> None:
    page = context.new_page()
    sent = _Sent(page)
    page.goto(desk)
    page.focus("#therapy-2")
    page.keyboard.press("Enter")
    assert _ticked(page) == ["massage-therapy"]
    page.keyboard.press("Enter")
    assert _ticked(page) == []
    page.wait_for_timeout(500)
    assert "handouts" not in sent.posts


def test_nothing_ticked_or_a_note_too_long_is_said_by_the_control_and_nothing_is_sent(
    context: Any, desk: str
) -> None:
    page = context.new_page()
    sent = _Sent(page)
    page.goto(desk)
    page.click("#print-button")
    assert page.text_content("#therapies-error") == EN.desk.choose_one
    assert page.get_attribute("#therapies-error", "aria-live") == "assertive"
    assert page.evaluate("document.activeElement.name") == "therapy"
    page.check("#therapy-1")
    assert page.text_content("#therapies-error") == ""
    # A paste past the limit is kept whole and said, never cut.
    page.focus("#note")
    page.evaluate(
        "() => { const n = document.getElementById('note'); n.value = 'x'.repeat(700);"
        " n.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste'})); }"
    )
    assert page.input_value("#note") == "x" * 700
    assert page.text_content("#note-count") == "700 of 600"
    assert page.text_content("#note-error") == EN.desk.note_pasted.format(length=700, limit=600)
    page.click("#print-button")
    assert page.get_attribute("#note", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "note"
    page.wait_for_timeout(300)
    assert "handouts" not in sent.posts
    if AXE is not None:
        assert _audit(page) == []  # the error state
    page.fill("#note", "x" * 600)
    assert page.text_content("#note-count") == "600 of 600"
    assert page.text_content("#note-error") == ""


def test_the_preview_follows_the_ticks_and_the_note_and_names_what_cannot_print(
    context: Any, desk: str
) -> None:
    pytest.importorskip("pypdfium2", reason="the preview needs pypdfium2 (the serve extra)")
    page = context.new_page()
    page.goto(desk)
    assert page.text_content("#preview-status") == EN.desk.preview_empty

    def alts() -> list[str]:
        return page.eval_on_selector_all("#preview-pages img", "imgs => imgs.map(i => i.alt)")

    page.check("#therapy-1")
    _wait(page, lambda: len(alts()) == 2, "a one-handout preview")
    assert alts() == ["Page 1 of 2 of the print", "Page 2 of 2 of the print"]
    page.check("#therapy-2")
    _wait(page, lambda: len(alts()) == 4, "a two-handout preview")
    page.fill("#note", "Bring 漢字 👍🏽 please")
    _wait(page, lambda: bool(page.text_content("#note-left-out")), "the characters left out")
    assert page.text_content("#note-left-out") == EN.desk.left_out.format(
        chars="漢 U+6F22, 字 U+5B57, 👍 U+1F44D, 🏽 U+1F3FD"
    )
    if AXE is not None:
        assert _audit(page) == []  # with the preview and the warning
    page.uncheck("#therapy-1")
    page.uncheck("#therapy-2")
    _wait(page, lambda: alts() == [], "an empty preview")


def test_a_double_click_makes_one_job(printing: Any, desk: str) -> None:
    page = printing.new_page()
    sent = _Sent(page)
    page.goto(desk)
    page.check("#therapy-1")
    page.dblclick("#print-button")
    _wait(page, lambda: _prints(page) >= 1, "the print dialog")
    page.wait_for_timeout(500)
    assert sent.posts.count("handouts") == 1
    assert _prints(page) == 1


def test_the_print_button_is_in_view_on_the_first_screen(context: Any, desk: str) -> None:
    page = context.new_page()
    page.goto(desk)
    box = page.locator("#print-button").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(100)
    box = page.locator("#print-button").bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 900


def test_a_pack_ticks_its_therapies_with_and_without_javascript(
    browser: Any, context: Any, desk: str
) -> None:
    page = context.new_page()
    page.goto(desk)
    page.check("#therapy-4")
    page.click("button.pack >> text=New diagnosis")
    assert _ticked(page) == ["physical-therapy", "acupuncture"]
    assert page.text_content("#pack-status") == EN.desk.pack_ticked.format(
        name="New diagnosis", count=2
    )
    if AXE is not None:
        assert _audit(page) == []
    plain = browser.new_context(java_script_enabled=False)
    try:
        page = plain.new_page()
        page.goto(desk)
        page.click("button.pack >> text=Muscle tension")
        page.wait_for_url("**/?lang=en&pack=Muscle+tension")
        assert _ticked(page) == ["physical-therapy", "massage-therapy"]
    finally:
        plain.close()


def test_without_javascript_the_pdf_opens_in_the_same_tab(browser: Any, desk: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sent = _Sent(page)
        page.goto(desk)
        assert page.is_hidden("#chosen")
        page.fill("#find", "massage")
        page.press("#find", "Enter")
        page.wait_for_url("**/?lang=en&q=massage")
        assert _visible_cards(page) == ["massage-therapy"]
        page.check("input[value=massage-therapy]")
        page.fill("#note", "No script needed.")
        page.click("#print-button")
        _wait(page, lambda: bool(sent.pdfs), "the PDF")
        text = _pdf_text(sent.pdfs[-1])
        assert "Massage Therapy" in text and "No script needed." in text
        assert len(context.pages) == 1
    finally:
        context.close()


def test_language_switch_and_the_folded_booklet(printing: Any, desk: str) -> None:
    page = printing.new_page()
    sent = _Sent(page)
    page.goto(desk)
    page.click("a[hreflang=es]")
    page.wait_for_url("**/?lang=es")
    assert page.get_attribute("html", "lang") == "es"
    spanish = load(SPANISH, Report())
    assert page.text_content("h1") == labels_for("es")[0].desk.title
    assert spanish.booklet.therapies[0].title in page.text_content(".cards")
    page.click("button[formaction$=folded\\.pdf]")
    _wait(page, lambda: _prints(page) == 1, "the print dialog")
    reader = PdfReader(io.BytesIO(sent.pdfs[-1]))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (792, 612)


def test_a_broken_file_keeps_printing_its_last_good_version_with_a_banner(
    browser: Any, make_content: MakeContent
) -> None:
    content = make_content("complete")
    path = content / "therapies" / "acupuncture.yaml"
    good = path.read_text(encoding="utf-8")
    with desk_process(content) as server:
        page = browser.new_page()
        try:
            page.goto(server.url)
            assert page.query_selector(".stale") is None
            path.write_text(good.replace("title: Acupuncture", "title: [Acupuncture"), "utf-8")
            page.goto(server.url)
            banner = page.text_content(".stale")
            assert EN.desk.stale in banner
            assert re.search(
                r"therapies/acupuncture\.yaml line \d+: .* \(printing the version from "
                r"\d\d:\d\d\)",
                banner,
            ), banner
            # Every therapy is still there to print, acupuncture as it last loaded.
            assert len(_visible_cards(page)) == 4
            with urllib.request.urlopen(server.url + "handouts/acupuncture.pdf") as answer:
                assert answer.status == 200
                assert "Acupuncture" in _pdf_text(answer.read())
            if AXE is not None:
                assert _audit(page) == []
        finally:
            page.close()


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


def test_keyboard_alone_prints_handouts(printing: Any, desk: str) -> None:
    page = printing.new_page()
    sent = _Sent(page)
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
    page.focus("#print-button")
    page.keyboard.press("Enter")
    _wait(page, lambda: _prints(page) == 1, "the print dialog")
    text = _pdf_text(sent.pdfs[-1])
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
    # A booklet.yaml that has never loaded: nothing to print, the mistakes instead.
    (content / "booklet.yaml").write_text("title: [\n", encoding="utf-8")
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
