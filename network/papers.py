"""Which uploads are accepted as agenda papers: PDF, Word, ODT, plain text and images.

A file is judged by its name's ending and by its first bytes, so a program renamed
"minutes.pdf" is refused. Papers are never public files: they are served by a view that
checks who asks (network.views.agenda.agenda_paper).
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_BYTES = 10 * 1024 * 1024
KINDS = "a PDF, Word or ODT document, a text file, or an image (PNG, JPEG, GIF or WebP)"
SNIFF_BYTES = 2048

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc)
ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut off at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


SIGNATURES = {
    "pdf": lambda head: head.startswith(b"%PDF-"),
    "docx": lambda head: head.startswith(ZIP),
    "doc": lambda head: head.startswith(OLE),
    # An ODT file stores its type first, uncompressed, right after the zip's first header.
    "odt": lambda head: head.startswith(ZIP) and ODT_MIMETYPE in head[:100],
    "txt": _is_text,
    "png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "gif": lambda head: head.startswith((b"GIF87a", b"GIF89a")),
    "webp": lambda head: head.startswith(b"RIFF") and head[8:12] == b"WEBP",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def check_paper(upload: UploadedFile) -> None:
    """Refuse a file that is empty, over 10 MB, or not what its name says it is."""
    name = PurePath(upload.name or "").name
    ending = extension(name)
    if ending not in SIGNATURES:
        raise ValidationError(f"{name}: the selected file must be {KINDS}", code="type")
    if upload.size is None or upload.size == 0:
        raise ValidationError(f"{name}: the selected file is empty", code="empty")
    if upload.size > MAX_BYTES:
        raise ValidationError(f"{name}: the selected file must be smaller than 10 MB", code="size")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not SIGNATURES[ending](head):
        raise ValidationError(
            f"{name}: the file's contents are not a .{ending} file. "
            f"Save it again as {KINDS}, and choose it again",
            code="content",
        )


def content_type(name: str) -> str:
    """The type a paper is served as (by its ending, which was checked on upload)."""
    return CONTENT_TYPES.get(extension(name), "application/octet-stream")
