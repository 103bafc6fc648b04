"""Lists uploaded to the back office, kept between their preview and their
import: each under `ACCORD_DATA_DIR/imports/<token>/`, with what the uploader
chose, until it is imported, discarded or a day old.

The token is random and names nothing; the directory is outside anything the
web server serves, and a staged list is found again only by the account that
uploaded it. The uploaded file name is kept as cleaned metadata (it names the
edition's source), never used as a path.
"""

from __future__ import annotations

import datetime
import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from accord.core.names import clean_name

# The kinds of file `importer.sources.read_source` reads as a list; a name's
# own suffix is kept only when it is one of them (a workbook and a document are
# told apart by it).
LIST_SUFFIXES = frozenset({".txt", ".text", ".pdf", ".xlsx", ".xlsm", ".docx", ".csv"})
KEPT_FOR_SECONDS = 24 * 3600
# Uploads one account may have waiting at once (several tabs, a retry).
KEPT_PER_ACCOUNT = 5
NAME_MAX = 200
_TOKEN = re.compile(r"[0-9a-f]{32}\Z")
_MANIFEST = "upload.json"


@dataclass(frozen=True)
class StagedList:
    """An uploaded list and what its uploader chose for it."""

    token: str
    original_name: str
    home_university_id: int
    uploaded_by_id: int
    edition_date: str  # ISO date, or "": the list's own
    date_order: str

    @property
    def path(self) -> Path:
        return _directory(self.token) / f"list{_suffix(self.original_name)}"

    @property
    def as_of(self) -> datetime.date | None:
        return (
            datetime.date.fromisoformat(self.edition_date)
            if self.edition_date
            else None
        )


def imports_dir() -> Path:
    return Path(settings.ACCORD_IMPORTS_DIR)


def _directory(token: str) -> Path:
    return imports_dir() / token


def _suffix(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if suffix in LIST_SUFFIXES else ""


def stage(
    upload: UploadedFile,
    *,
    home_university_id: int,
    uploaded_by_id: int,
    edition_date: datetime.date | None,
    date_order: str,
) -> StagedList:
    """Keep `upload` until it is imported or discarded (and forget lists kept
    longer than a day)."""
    discard_stale()
    if imports_dir().is_dir():
        _discard_earlier(uploaded_by_id, KEPT_PER_ACCOUNT - 1)
    name = clean_name(PurePosixPath((upload.name or "").replace("\\", "/")).name)
    staged = StagedList(
        token=secrets.token_hex(16),
        original_name=name[:NAME_MAX] or "list",
        home_university_id=home_university_id,
        uploaded_by_id=uploaded_by_id,
        edition_date=edition_date.isoformat() if edition_date else "",
        date_order=date_order,
    )
    directory = _directory(staged.token)
    directory.mkdir(parents=True, mode=0o700)
    with open(staged.path, "xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    (directory / _MANIFEST).write_text(json.dumps(asdict(staged)), encoding="utf-8")
    return staged


def find(token: str, user_id: int) -> StagedList | None:
    """The list `user_id` uploaded under `token`, or None (no such list, or
    another account's: the two are not told apart)."""
    if not _TOKEN.match(token):
        return None
    try:
        data = json.loads((_directory(token) / _MANIFEST).read_text(encoding="utf-8"))
        staged = StagedList(**data)
    except (OSError, ValueError, TypeError):
        return None
    if staged.token != token or staged.uploaded_by_id != user_id:
        return None
    return staged if staged.path.is_file() else None


def discard(staged: StagedList) -> None:
    shutil.rmtree(_directory(staged.token), ignore_errors=True)


def discard_stale(now: float | None = None) -> None:
    """Forget the lists uploaded more than a day ago and never imported."""
    root = imports_dir()
    if not root.is_dir():
        return
    limit = (time.time() if now is None else now) - KEPT_FOR_SECONDS
    for directory in root.iterdir():
        try:
            stale = _TOKEN.match(directory.name) and directory.stat().st_mtime < limit
        except OSError:  # discarded meanwhile, by another request
            continue
        if stale:
            shutil.rmtree(directory, ignore_errors=True)


def _discard_earlier(uploaded_by_id: int, keep: int) -> None:
    """Forget an account's uploads but its `keep` latest: what one account
    may keep waiting on the disk is bounded."""
    mine = []
    for directory in imports_dir().iterdir():
        staged = find(directory.name, uploaded_by_id)
        if staged is not None:
            try:
                mine.append((directory.stat().st_mtime, staged))
            except OSError:
                continue
    mine.sort(key=lambda pair: pair[0])
    for _, staged in mine[: max(0, len(mine) - keep)]:
        discard(staged)
