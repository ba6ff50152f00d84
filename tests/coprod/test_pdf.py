"""PDFs reach only our own static files and uploads (coprod/pdf.py)."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from coprod.pdf import BASE_URL, RefusedAddress, html_to_pdf, own_file_for, render_pdf


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_a_static_file_is_found_where_collectstatic_would_find_it():
    assert own_file_for(f"{BASE_URL}static/css/print.css").name == "print.css"


def test_an_upload_is_found_under_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "budget.txt").write_text("£120")
    assert own_file_for(f"{BASE_URL}media/papers/budget.txt") == tmp_path / "papers" / "budget.txt"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/logo.png",
        "http://coprod.invalid/static/css/print.css",
        f"{BASE_URL}media/../coprod/settings.py",
        f"{BASE_URL}media/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}static/../../coprod/settings.py",
        f"{BASE_URL}coprod/settings.py",
    ],
)
def test_anything_else_is_refused(settings, tmp_path, url):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(RefusedAddress):
        own_file_for(url)


def test_a_refused_image_is_left_out_and_the_pdf_still_renders():
    pdf = html_to_pdf('<h1>Agenda</h1><img src="file:///etc/hostname" alt="">')
    assert "Agenda" in pdf_text(pdf)


def test_print_base_draws_page_numbers_and_takes_large_print():
    pdf = render_pdf("print/base.html", {"large_print": True})
    assert "Page 1 of 1" in pdf_text(pdf)
