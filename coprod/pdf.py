"""PDFs drawn with WeasyPrint from our own templates, reaching only our own files.

WeasyPrint would follow any URL a template names (`file://`, the network). The fetcher
here answers only two kinds of address, on a host that exists nowhere:

- `/static/...`: the app's own static files (found as `collectstatic` would find them);
- `/media/...`: uploaded files under MEDIA_ROOT (papers for an agenda item).

Anything else, `file://` and every other host included, is refused, so a paper's title
or a Markdown link cannot make the PDF read the server's files or call out.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

BASE_URL = "https://coprod.invalid/"
_HOST = urlsplit(BASE_URL).netloc


class RefusedAddress(ValueError):
    """A PDF asked for something outside our own static files and uploads."""


def own_file_for(url: str) -> Path:
    """The file on disk an address in a PDF stands for, or RefusedAddress."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != _HOST:
        raise RefusedAddress(f"PDFs may not fetch {url!r}")
    path = unquote(parts.path)
    if ".." in path.split("/"):
        raise RefusedAddress(f"PDFs may not climb out of a folder: {url!r}")
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        found = finders.find(path.removeprefix(static_prefix))
        if isinstance(found, str) and Path(found).is_file():
            return Path(found)
        raise RefusedAddress(f"No static file at {path!r}")
    if path.startswith("/media/"):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path.removeprefix("/media/")).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
        raise RefusedAddress(f"No uploaded file at {path!r}")
    raise RefusedAddress(f"PDFs may not fetch {url!r}")


class OwnFilesFetcher(URLFetcher):
    """WeasyPrint's fetcher, limited to the app's static files and uploads."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = own_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (for screen readers) of this HTML; relative links resolve to our files."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=OwnFilesFetcher())
    return document.write_pdf(pdf_tags=True)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template to HTML, then to PDF.

    Print templates extend `print/base.html`, which takes `large_print` from the context
    (16 pt or larger type, for people who asked for large print).
    """
    return html_to_pdf(render_to_string(template_name, context))
