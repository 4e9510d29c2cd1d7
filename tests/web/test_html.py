"""The HTML edition (`cdbooklet html`): structure, accessibility, escaping, Spanish, assets.

Built from tests/fixtures/complete and complete-es (every printed key; massage-therapy has every
box, in plain text).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdbooklet.build.pipeline import load
from cdbooklet.cli import cli
from cdbooklet.content.colour import contrast
from cdbooklet.errors import Report
from cdbooklet.text.labels import labels_for
from cdbooklet.web.site import build_site, inline_html
from helpers import FIXTURES, Edit, MakeContent

CONTENT = FIXTURES / "complete"
SPANISH = FIXTURES / "complete-es"
FONT_FILES = [
    f"AtkinsonHyperlegible-{style}.ttf" for style in ("Regular", "Bold", "Italic", "BoldItalic")
]
ALLOWED_SCHEMES = ("http://", "https://", "mailto:", "tel:")
HOSTILE = (
    '<script>alert(1)</script> & "quotes" [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
)


@dataclass
class Page:
    """What a test needs to know about one HTML page, collected with the standard parser."""

    lang: str | None = None
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    """(href, link text)."""
    text: str = ""
    """All visible text, whitespace collapsed."""

    def has(self, tag: str) -> bool:
        return any(name == tag for name, _ in self.tags)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._heading: tuple[int, list[str]] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._skip = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.page.tags.append((tag, a))
        if tag == "html":
            self.page.lang = a.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = (int(tag[1]), [])
        if tag == "a":
            self._link = (a.get("href") or "", [])
        if tag in ("head", "style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading:
            level, parts = self._heading
            self.page.headings.append((level, " ".join("".join(parts).split())))
            self._heading = None
        if tag == "a" and self._link:
            href, parts = self._link
            self.page.links.append((href, " ".join("".join(parts).split())))
            self._link = None
        if tag in ("head", "style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._text.append(data)
        if self._heading:
            self._heading[1].append(data)
        if self._link:
            self._link[1].append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join(" ".join(self._text).split())


def parse(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def _build(content: Path, out: Path) -> list[Path]:
    result = CliRunner().invoke(cli, ["html", "--content", str(content), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.html"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/complete built once into a site folder."""
    out = tmp_path_factory.mktemp("site")
    _build(CONTENT, out)
    return out


@pytest.fixture(scope="module")
def site_es(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/complete-es built once into a site folder."""
    out = tmp_path_factory.mktemp("site-es")
    _build(SPANISH, out)
    return out


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    """A private copy of tests/fixtures/complete/ that a test may edit."""
    return make_content("complete")


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def _content():
    return load(CONTENT, Report())


# -- the command ----------------------------------------------------------------------------------


def test_html_command_writes_index_and_one_page_per_therapy(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["html", "--content", str(CONTENT), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    therapies = _content().booklet.therapies
    assert result.output == f"Wrote {len(therapies) + 1} pages to {out}\n"
    names = {p.name for p in out.glob("*.html")}
    assert names == {"index.html"} | {f"{t.id}.html" for t in therapies}
    assert (out / "style.css").is_file()


def test_html_help_names_the_default_folder() -> None:
    result = CliRunner().invoke(cli, ["html", "--help"])
    assert result.exit_code == 0
    assert "out/site" in result.output


def test_build_site_returns_the_pages_index_first(tmp_path: Path) -> None:
    content = _content()
    written = build_site(content, tmp_path, Report())
    assert written[0] == tmp_path / "index.html"
    assert written[1:] == [tmp_path / f"{t.id}.html" for t in content.booklet.therapies]


def test_broken_yaml_exits_1_with_path_line_and_writes_nothing(
    content: Path, tmp_path: Path
) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    path.write_text("title: Acupuncture\nsummary: [unclosed\n", encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["html", "--content", str(content), "--out-dir", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:")
    line = result.stderr.split(":")[1]
    assert line.isdigit() and int(line) >= 2
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_therapy_called_index_is_refused(content: Path, tmp_path: Path) -> None:
    shutil.copy(content / "therapies" / "acupuncture.yaml", content / "therapies" / "index.yaml")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["html", "--content", str(content), "--out-dir", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f'{content / "therapies" / "index.yaml"}: a therapy called "index" would replace the '
        "front page of the site: rename the file, for example to index-therapy.yaml\n"
    )
    assert not out.exists()


# -- structure and accessibility ------------------------------------------------------------------


def test_every_page_has_lang_one_h1_and_no_skipped_heading_levels(site: Path) -> None:
    for path in _pages(site):
        page = parse(path)
        assert page.lang == "en", path.name
        levels = [level for level, _ in page.headings]
        assert levels.count(1) == 1, path.name
        assert levels[0] == 1, path.name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{path.name}: h{before} then h{after}"


def test_every_page_has_landmarks_and_a_skip_link_first(site: Path) -> None:
    for path in _pages(site):
        page = parse(path)
        for landmark in ("header", "nav", "main", "footer"):
            assert page.has(landmark), f"{path.name} has no <{landmark}>"
        assert page.links[0] == ("#content", "Skip to content")
        main = next(a for name, a in page.tags if name == "main")
        assert main.get("id") == "content"


def test_every_page_has_the_full_disclaimer_and_the_short_footer(site: Path) -> None:
    booklet = _content().booklet
    for path in _pages(site):
        text = parse(path).text
        assert booklet.disclaimer in text, path.name
        assert booklet.footer and booklet.footer in text, path.name


def test_index_links_every_therapy_with_its_summary(site: Path) -> None:
    booklet = _content().booklet
    page = parse(site / "index.html")
    assert page.headings[0] == (1, booklet.title)
    assert booklet.subtitle and booklet.subtitle in page.text
    assert booklet.intro[0] in page.text
    for therapy in booklet.therapies:
        assert (f"{therapy.id}.html", therapy.title) in page.links
        assert (3, therapy.title) in page.headings
        assert therapy.summary in page.text
    # In the booklet's order.
    listed = [
        href
        for href, _ in page.links
        if href.removesuffix(".html") in {t.id for t in booklet.therapies}
    ]
    assert listed == [f"{t.id}.html" for t in booklet.therapies]


def test_therapy_page_has_its_text_sections_dates_and_contact(site: Path) -> None:
    content = _content()
    labels, _ = labels_for("en")
    therapy = content.booklet.therapy("massage-therapy")
    assert therapy is not None and therapy.cautions and therapy.questions
    page = parse(site / "massage-therapy.html")
    assert page.headings[0] == (1, therapy.title)
    assert therapy.summary in page.text
    for paragraph in therapy.body:
        assert paragraph in page.text
    h2s = [text for level, text in page.headings if level == 2]
    assert labels.cautions in h2s and labels.questions in h2s
    assert labels.disclaimer in h2s and labels.contact in h2s
    assert "Published: November 1, 2026" in page.text
    assert "Review by: November 1, 2099" in page.text
    contact = content.branding.contact
    assert contact.name in page.text
    assert ("mailto:care@example.org", "care@example.org") in page.links
    assert ("tel:5550100100", "(555) 010-0100") in page.links
    assert ("https://www.example.org/riverside", "www.example.org/riverside") in page.links


def test_references_are_listed_with_their_links(content: Path, tmp_path: Path) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + (
            "references:\n"
            "  - text: Dystonia Medical Research Foundation. Treatments. 2024\n"
            "    url: https://dystonia-foundation.org/treatments/\n"
            "  - A book without a web address\n"
        ),
        encoding="utf-8",
    )
    _build(content, tmp_path / "site")
    page = parse(tmp_path / "site" / "acupuncture.html")
    assert (2, "Sources") in page.headings
    assert (
        "https://dystonia-foundation.org/treatments/",
        "dystonia-foundation.org/treatments",
    ) in page.links
    assert "A book without a web address" in page.text


def test_only_allowed_link_schemes_appear(site: Path) -> None:
    for path in _pages(site):
        for href, _text in parse(path).links:
            is_local = href.startswith("#") or (
                href.endswith(".html") and "/" not in href and ":" not in href
            )
            assert is_local or href.startswith(ALLOWED_SCHEMES), f"{path.name}: {href}"


def test_no_javascript_anywhere(site: Path) -> None:
    for path in _pages(site):
        page = parse(path)
        assert not page.has("script")
        for _name, attrs in page.tags:
            assert not any(key.startswith("on") for key in attrs), path.name


def test_logo_and_fonts_are_copied_and_used(site: Path) -> None:
    branding = _content().branding
    assert branding.logo is not None
    assert (site / "logo.png").read_bytes() == branding.logo.read_bytes()
    for name in FONT_FILES:
        assert (site / "fonts" / name).stat().st_size > 10_000
    css = (site / "style.css").read_text(encoding="utf-8")
    for name in FONT_FILES:
        assert f'url("fonts/{name}")' in css
    assert "sans-serif" in css
    img = next(a for name, a in parse(site / "index.html").tags if name == "img")
    assert img["src"] == "logo.png"
    assert img["alt"] == branding.logo_alt


def test_stylesheet_has_focus_print_phone_rules_and_readable_heading_colour(site: Path) -> None:
    css = (site / "style.css").read_text(encoding="utf-8")
    assert ":focus-visible" in css and "outline: 3px solid" in css
    assert "line-height: 1.5;" in css
    assert "font-size: max(18px, 1.125rem);" in css
    assert "70ch" in css
    assert "@media print" in css and "attr(href)" in css
    assert "@media (max-width:" in css
    heading = css.split("--heading: ")[1][:7]
    assert contrast(heading, "#FFFFFF") >= 4.5
    tint = css.split("--tint-primary: ")[1][:7]
    assert contrast(heading, tint) >= 4.5
    # All pages share the one stylesheet.
    for path in _pages(site):
        assert ("link", {"rel": "stylesheet", "href": "style.css"}) in parse(path).tags


# -- Spanish --------------------------------------------------------------------------------------


def test_spanish_site_has_lang_es_and_spanish_headings(site_es: Path) -> None:
    labels, _ = labels_for("es")
    index = parse(site_es / "index.html")
    assert index.lang == "es"
    assert (2, "Terapias") in index.headings
    assert ("#content", "Saltar al contenido") in index.links
    page = parse(site_es / "massage-therapy.html")
    assert page.lang == "es"
    h2s = [text for level, text in page.headings if level == 2]
    assert labels.cautions in h2s and labels.questions in h2s
    assert "Importante" in h2s and "Contacto" in h2s
    assert "Publicado: 1 de noviembre de 2026" in page.text
    for path in _pages(site_es):
        assert parse(path).lang == "es"


# -- hostile text ---------------------------------------------------------------------------------


def test_hostile_text_is_escaped_not_run(content: Path, tmp_path: Path, edit: Edit) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    edit(path, "title: Acupuncture", f"title: 'Acupuncture {HOSTILE}'")
    edit(path, "body: |\n", f"body: |\n  {HOSTILE}\n\n")
    out = tmp_path / "site"
    _build(content, out)
    escaped = (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34; "
        "[x](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;"
    )
    for name in ("acupuncture.html", "index.html"):
        raw = (out / name).read_text(encoding="utf-8")
        page = parse(out / name)
        assert "<script" not in raw.lower()
        assert "<img src=x" not in raw
        assert "onerror=alert(1)>" not in raw
        assert not page.has("script")
        assert [a for tag, a in page.tags if tag == "img"] == [
            {"class": "logo", "src": "logo.png", "alt": _content().branding.logo_alt}
        ]
        assert not any("javascript" in href.lower() for href, _ in page.links), name
        assert escaped in raw, name
        assert f"Acupuncture {HOSTILE}" in page.text, name
    page = parse(out / "acupuncture.html")
    assert page.headings[0] == (1, f"Acupuncture {HOSTILE}")
    assert HOSTILE in page.text


def test_inline_markup_escapes_text_and_allows_only_safe_tags() -> None:
    assert inline_html("**Ask** *first* & <b>") == (
        "<strong>Ask</strong> <em>first</em> &amp; &lt;b&gt;"
    )
    assert inline_html("[call us](tel:5550100)") == '<a href="tel:5550100">call us</a>'
    assert inline_html('[x](https://e.org/?a=1&b="2")') == (
        '<a href="https://e.org/?a=1&amp;b=&#34;2&#34;">x</a>'
    )
    assert inline_html("[x](javascript:alert(1))") == "[x](javascript:alert(1))"
    assert inline_html("[x](data:text/html,hi)") == "[x](data:text/html,hi)"
    assert inline_html("a\x00b\x1bc") == "abc"


def test_markup_in_content_becomes_strong_em_and_links(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    edit(
        content / "therapies" / "acupuncture.yaml",
        "body: |\n",
        "body: |\n  Read **this** and *that* at "
        "[the foundation](https://dystonia-foundation.org).\n\n",
    )
    _build(content, tmp_path / "site")
    raw = (tmp_path / "site" / "acupuncture.html").read_text(encoding="utf-8")
    assert (
        "Read <strong>this</strong> and <em>that</em> at "
        '<a href="https://dystonia-foundation.org">the foundation</a>.'
    ) in raw


def test_rebuild_replaces_pages_in_place(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _build(CONTENT, out)
    first = (out / "index.html").read_bytes()
    _build(CONTENT, out)
    assert (out / "index.html").read_bytes() == first
    assert not list(out.glob(".*.part"))
