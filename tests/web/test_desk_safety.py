"""The shared desk's safety and output, over plain HTTP: security headers on every answer, PDF
routes refusing other sites, oversized requests refused with the desk's own 413 and 431 pages
(by the real waitress server too), every desk PDF tagged and passing PDF/UA-1, a broken file
printing its last good version, and a log that names ids, page size and time, never a note."""

from __future__ import annotations

import io
import logging
import socket
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flask", reason="the front desk needs the serve extra: pip install '.[serve]'")

from cdbooklet.web.server import create_app  # noqa: E402
from helpers import FIXTURES, MakeContent  # noqa: E402
from processes import desk  # noqa: E402

CONTENT = FIXTURES / "complete"
SPANISH = FIXTURES / "complete-es"
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def client() -> Any:
    return create_app([CONTENT, SPANISH]).test_client()


def _post(client: Any, path: str, headers: dict[str, str] | None = None, **form: Any) -> Any:
    return client.post(path, base_url=BASE, data=form, headers=headers or {})


def test_pdfs_carry_frame_ancestors_none_and_same_origin_resources(client: Any) -> None:
    for response in (
        _post(client, "/handouts", therapy=["acupuncture", "biofeedback"]),
        client.get("/handouts/acupuncture.pdf", base_url=BASE),
        client.get("/booklet.pdf", base_url=BASE),
    ):
        assert response.mimetype == "application/pdf"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/handouts/acupuncture.pdf"),
        ("GET", "/booklet.pdf"),
        ("GET", "/booklet-folded.pdf"),
        ("POST", "/handouts"),
        ("POST", "/preview"),
    ],
)
def test_pdf_routes_refuse_other_sites(client: Any, method: str, path: str, site: str) -> None:
    response = client.open(
        path,
        method=method,
        base_url=BASE,
        headers={"Sec-Fetch-Site": site},
        data={"therapy": "acupuncture"} if method == "POST" else None,
    )
    assert response.status_code == 403
    assert response.mimetype == "text/html"


def test_pdf_routes_refuse_a_foreign_origin_on_get_too(client: Any) -> None:
    response = client.get(
        "/handouts/acupuncture.pdf", base_url=BASE, headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403
    same = client.get(
        "/handouts/acupuncture.pdf",
        base_url=BASE,
        headers={"Origin": BASE, "Sec-Fetch-Site": "same-origin"},
    )
    assert same.status_code == 200
    typed = client.get(
        "/handouts/acupuncture.pdf", base_url=BASE, headers={"Sec-Fetch-Site": "none"}
    )
    assert typed.status_code == 200


def test_the_pages_own_requests_get_errors_as_json(client: Any) -> None:
    response = _post(client, "/handouts", headers={"X-Desk": "fetch"}, note="hi")
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("Tick at least one therapy")


def test_an_oversized_body_is_refused_on_its_length_with_every_header(client: Any) -> None:
    response = client.post(
        "/handouts",
        base_url=BASE,
        data=b"x" * 70_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "Content-Security-Policy" in response.headers
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def _raw(url: str, request: bytes) -> bytes:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(request)
        reply = b""
        try:
            while chunk := conn.recv(65536):
                reply += chunk
        except ConnectionResetError:  # the server closed on the part it did not read
            pass
    return reply


def test_the_real_server_answers_413_and_431_with_the_desks_own_page() -> None:
    with desk(CONTENT) as server:
        netloc = urllib.parse.urlsplit(server.url).netloc.encode()
        too_long = _raw(
            server.url,
            b"POST /handouts HTTP/1.1\r\nHost: " + netloc + b"\r\nContent-Type: "
            b"application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n",
        )
        huge = b"X-Big: " + b"a" * 40_000 + b"\r\n"
        too_many = _raw(server.url, b"GET / HTTP/1.1\r\nHost: " + netloc + b"\r\n" + huge + b"\r\n")
    for reply, code in ((too_long, b"413"), (too_many, b"431")):
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.") and head.split(b" ")[1] == code, head[:80]
        lowered = head.lower()
        for header in (
            b"content-security-policy:",
            b"x-content-type-options: nosniff",
            b"cross-origin-resource-policy: same-origin",
            b"x-frame-options: deny",
            b"referrer-policy: same-origin",
        ):
            assert header in lowered, (code, header)
        assert b"text/html" in lowered
        assert b'href="/desk.css"' in body


# -- tagged PDFs --------------------------------------------------------------------------------


def _ua1(data: bytes, tmp_path: Path, name: str) -> list[str]:
    page = pytest.importorskip("page", reason="page-validation is not installed")
    path = tmp_path / name
    path.write_bytes(data)
    report = page.validate_pdf(
        str(path), profile="ua1", limits=page.SafetyLimits(max_reference_depth=100_000)
    )
    return [f"{f.rule_id}: {f.message}" for f in report.failures] + (
        [] if report.is_compliant else ["not compliant"]
    )


def test_every_desk_pdf_passes_pdf_ua_1(client: Any, tmp_path: Path) -> None:
    pdfs = {
        "one": _post(client, "/handouts", therapy="acupuncture", note="Tuesday."),
        "several": _post(
            client,
            "/handouts",
            therapy=["physical-therapy", "acupuncture", "biofeedback"],
            note="Call us.",
            large_print="on",
        ),
        "spanish": _post(client, "/handouts", lang="es", therapy=["acupuncture", "biofeedback"]),
        "booklet": client.get("/booklet.pdf", base_url=BASE),
        "folded": client.get("/booklet-folded.pdf", base_url=BASE),
        "folded-a4": client.get("/booklet-folded.pdf?page_size=a4", base_url=BASE),
    }
    for name, response in pdfs.items():
        assert response.mimetype == "application/pdf", name
        assert _ua1(response.data, tmp_path, f"{name}.pdf") == [], name


def test_a_merged_print_keeps_each_handouts_page_numbers_and_structure(client: Any) -> None:
    from pypdf import PdfReader

    data = _post(client, "/handouts", therapy=["acupuncture", "biofeedback"]).data
    reader = PdfReader(io.BytesIO(data))
    texts = [p.extract_text() or "" for p in reader.pages]
    assert sum("Page 1 of 2" in t for t in texts) == 2
    tree = reader.root_object["/StructTreeRoot"]
    parts = tree["/K"].get_object()["/K"]
    assert [p.get_object()["/S"] for p in parts] == ["/Part", "/Part"]


# -- the last good version, and the log ------------------------------------------------------------


def test_a_broken_file_prints_its_last_good_version_and_a_new_broken_one_is_unavailable(
    make_content: MakeContent,
) -> None:
    content = make_content("complete")
    client = create_app([content], warm_up=False).test_client()
    assert client.get("/", base_url=BASE).status_code == 200
    acupuncture = content / "therapies" / "acupuncture.yaml"
    acupuncture.write_text(
        acupuncture.read_text(encoding="utf-8").replace(
            "title: Acupuncture", "tittle: Acupuncture"
        ),
        encoding="utf-8",
    )
    (content / "therapies" / "new-one.yaml").write_text("title: [\n", encoding="utf-8")
    branding = content / "branding.yaml"
    branding.write_text(branding.read_text(encoding="utf-8") + "\nnope: 1\n", encoding="utf-8")
    page = client.get("/", base_url=BASE).get_data(as_text=True)
    assert "Some content files have mistakes" in page
    assert "therapies/acupuncture.yaml line 1: unknown key" in page
    assert "(printing the version from " in page
    assert "therapies/new-one.yaml" in page and "not available until it is fixed" in page
    assert "branding.yaml line" in page
    assert "Riverside" in page  # the clinic's name, from the last good branding.yaml
    response = _post(client, "/handouts", therapy=["acupuncture", "biofeedback"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_the_log_names_ids_size_and_time_never_the_note(
    client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="cdbooklet")
    note = "A secret for one patient only"
    assert _post(client, "/handouts", therapy=["acupuncture"], note=note).status_code == 200
    assert _post(client, "/preview", therapy=["acupuncture"], note=note).status_code == 200
    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("Handouts acupuncture (letter) rendered in ") for line in lines), (
        lines
    )
    assert not any("secret" in line for line in lines)
