"""Editions bundled with Accord (src/accord/data/<edition>/) and their options.

An edition directory holds `edition.toml` (the publisher and its units),
the list itself and `corrections.toml`.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from accord.core.errors import ImportInputError
from accord.importer.corrections import Corrections
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.sources import SourceText, read_source

DEFAULT_EDITION = "tohoku-2021"


@dataclass(frozen=True)
class Edition:
    directory: Path
    title: str
    source: Path
    options: ParseOptions
    corrections: Corrections

    def corrections_for(self, source: SourceText) -> Corrections | None:
        """The corrections, when `source` is this edition's own list (the file,
        a copy, or the same text with other line endings or encoding), else None:
        they cite the list's line numbers, so on any other document they would
        change whatever rows happen to sit on those lines."""
        try:
            if Path(source.path).resolve() == self.source.resolve():
                return self.corrections
            listed = self.source.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(listed).hexdigest() == source.sha256:
            return self.corrections
        if source.kind != "text" or abs(len(listed) - source.size) > len(listed) // 4:
            return None
        try:
            listed_text = read_source(self.source).text
        except ImportInputError:
            return None
        # A final line break more or less does not move a line.
        same = listed_text.rstrip("\n") == source.text.rstrip("\n")
        return self.corrections if same else None


def edition_dir(name: str | None = None) -> Path:
    """The directory of a bundled edition by name; without one, the edition this
    installation starts with: ACCORD_EDITION_DIR when set (another university's
    list, `edition.toml` and corrections), else the bundled 2021 Tohoku list."""
    if name is None:
        configured = os.environ.get("ACCORD_EDITION_DIR", "").strip()
        if configured:
            return Path(configured).expanduser()
        name = DEFAULT_EDITION
    return Path(str(resources.files("accord").joinpath("data", name)))


def options_from_toml(data: dict[str, Any], path: str = "") -> ParseOptions:
    """ParseOptions from the tables of an edition.toml."""
    try:
        home = data["home_university"]
        units = tuple(
            HomeUnit(
                code=u["code"],
                name=u.get("name", ""),
                kind=u.get("kind", ""),
                variants=tuple(u.get("variants", ())),
                name_ja=u.get("name_ja", ""),
            )
            for u in data.get("home_units", ())
        )
        return ParseOptions(
            home_university=home["name"],
            # Its Japanese name too: a Japanese list prints it before a unit
            # ("東北大学工学研究科") and in its header.
            home_short_names=tuple(
                dict.fromkeys(
                    [*home.get("short_names", ()), *filter(None, [home.get("name_ja")])]
                )
            ),
            home_country=home.get("country", ""),
            home_units=units,
            country_aliases=data.get("country_aliases", {}),
            region_aliases=data.get("region_aliases", {}),
            date_order=data.get("date_order", ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportInputError(f"invalid edition file: {exc!r}", path=path) from exc


def load_edition(directory: str | Path | None = None) -> Edition:
    """Options, corrections and list path of an edition directory.

    >>> load_edition().options.home_university
    'Tohoku University'
    """
    root = Path(directory) if directory is not None else edition_dir()
    path = root / "edition.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ImportInputError(
            f"cannot read edition file: {exc}", path=str(path)
        ) from exc
    corrections_path = root / "corrections.toml"
    corrections = (
        Corrections.load(corrections_path)
        if corrections_path.exists()
        else Corrections()
    )
    return Edition(
        directory=root,
        title=str(data.get("title", "")),
        source=root / str(data.get("source", "list.txt")),
        options=options_from_toml(data, str(path)),
        corrections=corrections,
    )
