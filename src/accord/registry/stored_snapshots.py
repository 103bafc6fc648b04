"""Search snapshots kept in the data directory, one file per data version.

Building a snapshot reads every agreement (seconds at 100k); every worker
process of `accord serve` needs one, and so does each restart. The first to
build it for a version writes it here, atomically; the others, and the next
start on unchanged data, read it back in a fraction of the time. The file is
Accord's own (written only here, in the data directory, which holds the
database and the secret key too), so it is read with pickle.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

# A registry.engine.Snapshot; named loosely so this module need not import the
# engine that imports it.
Snapshot = Any

log = logging.getLogger(__name__)
# Older snapshots than these are removed when a new one is written.
KEEP = 2
FORMAT = 15  # raised when Snapshot's fields change, so old files are not read


def directory() -> Path:
    return Path(settings.DATA_DIR) / "snapshots"


def path_for(version: str) -> Path:
    # The database too: one data directory may serve several databases (tests).
    name = connection.settings_dict.get("NAME", "")
    key = f"{FORMAT}|{connection.vendor}|{name}|{version}"
    return directory() / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"


def exists(version: str) -> bool:
    """Whether a snapshot of `version` was written."""
    return path_for(version).is_file()


def load(version: str) -> Snapshot | None:
    """The stored snapshot of `version`, if one was written."""
    path = path_for(version)
    try:
        with path.open("rb") as handle:
            found: Snapshot = pickle.load(handle)  # noqa: S301
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
        log.warning("Ignoring an unreadable search snapshot %s: %s", path, error)
        return None
    return found if found.version == version else None


def save(snapshot: Snapshot) -> Snapshot:
    """Write the snapshot beside the others (best effort: a read-only data
    directory only costs the next process a build)."""
    target = path_for(snapshot.version)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(snapshot, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
        _prune(target)
    except OSError as error:
        log.warning("Could not keep the search snapshot: %s", error)
    return snapshot


def _prune(kept: Path) -> None:
    files = sorted(
        kept.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in files[KEEP:]:
        if old != kept:
            old.unlink(missing_ok=True)
