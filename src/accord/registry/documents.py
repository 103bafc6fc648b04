"""An agreement's documents: the signed agreement, its amendments and renewals,
kept as files outside anything the web server serves.

What is accepted is decided by the content, never the name or the browser's
type: a PDF (`%PDF-` first, `%%EOF` near the end), or a scan as PNG or JPEG;
anything that looks like HTML in its first kilobyte is refused even with the
right magic bytes, and so is an empty file or one over
`ACCORD_DOCUMENT_MAX_BYTES`. A file is stored under
`ACCORD_DATA_DIR/documents/` (`settings.ACCORD_DOCUMENTS_DIR`) with a generated
name; the uploaded name is kept only as cleaned metadata.

>>> sniff(b"%PDF-1.7 ... %%EOF")
'application/pdf'
>>> sniff(b"<html><body>%PDF-1.7</body></html>") is None
True
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accord.core.names import clean_name
from accord.registry.exceptions import InvalidWrite

# Content type -> the extension a download gets.
ACCEPTED: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}
HEAD_BYTES = 1024
TAIL_BYTES = 2048
CHUNK = 1024 * 1024
TITLE_MAX = 300
ORIGINAL_NAME_MAX = 200
# What a browser (or an old one, sniffing) would render as a page.
_HTML_MARKERS = (b"<html", b"<!doctype", b"<script", b"<body", b"<head", b"<svg")
_STORED_NAME = "{shard}/{token}{extension}"


class Kind(models.TextChoices):
    SIGNED_AGREEMENT = "signed_agreement", "Signed agreement"
    AMENDMENT = "amendment", "Amendment"
    RENEWAL = "renewal", "Renewal"
    OTHER = "other", "Other"


class AgreementDocument(models.Model):
    """One file of an agreement, with what is known about it."""

    agreement = models.ForeignKey(
        "registry.Agreement", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    signed_on = models.DateField(
        "date signed", null=True, blank=True, help_text="Blank: unknown."
    )
    # Relative to ACCORD_DOCUMENTS_DIR, generated; never the uploaded name.
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    original_name = models.CharField(
        max_length=ORIGINAL_NAME_MAX, blank=True, editable=False
    )
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    public = models.BooleanField(
        default=False,
        help_text="Anyone may download it, and the partner's page links it while "
        "the agreement is in force. Otherwise staff only.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "signed_on", "pk"]
        verbose_name = "agreement document"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="document_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(content_type__in=sorted(ACCEPTED)),
                name="document_content_type_accepted",
            ),
            models.CheckConstraint(
                condition=models.Q(size__gt=0), name="document_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def path(self) -> Path:
        return documents_dir() / self.stored_name

    @property
    def download_name(self) -> str:
        """The name a download is saved under: the uploaded name (cleaned), with
        the extension of what the file is."""
        return download_name(self.original_name or self.title, self.content_type)


DOCUMENT_FIELDS: tuple[str, ...] = ("kind", "title", "signed_on", "public")


def documents_dir() -> Path:
    return Path(settings.ACCORD_DOCUMENTS_DIR)


def max_bytes() -> int:
    return int(settings.ACCORD_DOCUMENT_MAX_BYTES)


def sniff(head: bytes, tail: bytes | None = None) -> str | None:
    """The accepted content type of a file from its first and last bytes, or
    None. `tail` defaults to `head` (a file shorter than both)."""
    lowered = head[:HEAD_BYTES].lower()
    if any(marker in lowered for marker in _HTML_MARKERS):
        return None
    if head.startswith(b"%PDF-"):
        return "application/pdf" if b"%%EOF" in (tail or head)[-TAIL_BYTES:] else None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def clean_original_name(name: str) -> str:
    """The uploaded name as metadata: its last path part only, cleaned as names
    are, without characters file systems and headers choke on, shortened
    keeping its extension.

    >>> clean_original_name("C:\\\\scans\\\\..\\\\Lyon 2019\\u202e.pdf")
    'Lyon 2019.pdf'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(
        c for c in clean_name(base) if c not in '<>:"|?*' and c.isprintable()
    )
    base = base.lstrip(".")
    if len(base) > ORIGINAL_NAME_MAX:
        stem, dot, extension = base.rpartition(".")
        keep = ORIGINAL_NAME_MAX - len(extension) - 1
        base = (
            f"{stem[:keep]}.{extension}"
            if dot and keep > 0
            else base[:ORIGINAL_NAME_MAX]
        )
    return base


def download_name(name: str, content_type: str) -> str:
    """`name` with the extension of `content_type` (a scan called `x.html`
    downloads as `x.html.jpg`)."""
    extension = ACCEPTED.get(content_type, "")
    name = clean_original_name(name) or "document"
    return name if name.lower().endswith(extension) else f"{name}{extension}"


@dataclass(frozen=True)
class StoredFile:
    """A file written under the documents directory, not yet recorded."""

    stored_name: str
    content_type: str
    size: int
    sha256: str

    @property
    def path(self) -> Path:
        return documents_dir() / self.stored_name


def upload_problems(
    size: int | None, head: bytes, tail: bytes
) -> Iterator[InvalidWrite]:
    """Why a file of `size` bytes starting with `head`, ending with `tail`, is
    refused (nothing when accepted)."""
    if not size:
        yield InvalidWrite("file", "the file is empty")
        return
    limit = max_bytes()
    if size > limit:
        yield InvalidWrite(
            "file", f"the file is {size:,} bytes; the limit is {limit:,} bytes"
        )
        return
    if sniff(head, tail) is None:
        yield InvalidWrite(
            "file",
            "only a PDF, or a scan as PNG or JPEG, is accepted; this file is none "
            "of them (its name does not count, its content does)",
        )


def read_ends(chunks: Iterable[bytes]) -> tuple[int, bytes, bytes]:
    """The size, first and last bytes of a file read as `chunks`."""
    head, tail, size = b"", b"", 0
    for chunk in chunks:
        size += len(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        tail = (tail + chunk)[-TAIL_BYTES:]
    return size, head, tail


def store_file(source: IO[bytes]) -> StoredFile:
    """Check `source` and copy it under the documents directory with a new
    name (written to a temporary name, then renamed: never half a file).
    Raises InvalidWrite("file", ...) and writes nothing when refused."""
    source.seek(0)
    size, head, tail = read_ends(iter(lambda: source.read(CHUNK), b""))
    for problem in upload_problems(size, head, tail):
        raise problem
    content_type = sniff(head, tail)
    assert content_type is not None  # upload_problems refused anything else
    token = secrets.token_hex(16)
    stored = _STORED_NAME.format(
        shard=token[:2], token=token, extension=ACCEPTED[content_type]
    )
    target = documents_dir() / stored
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    temporary = target.with_name(f".{target.name}.part")
    digest = hashlib.sha256()
    source.seek(0)
    try:
        with open(temporary, "xb") as out:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
    return StoredFile(stored, content_type, size, digest.hexdigest())


def remove_file(stored_name: str) -> None:
    """Delete a stored file (gone already is fine)."""
    path = documents_dir() / PurePosixPath(stored_name)
    if path.resolve().is_relative_to(documents_dir().resolve()):
        path.unlink(missing_ok=True)
