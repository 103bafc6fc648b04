"""A non-editable install (the README's first command) carries every file Accord
reads at run time, not only the Python modules."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
# Read by people in the repository, never by Accord at run time.
NOT_SHIPPED = {"README.md"}


def source_files() -> set[str]:
    package = ROOT / "src"
    return {
        path.relative_to(package).as_posix()
        for path in (package / "accord").rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.name not in NOT_SHIPPED
    }


def test_the_wheel_holds_every_file_of_the_package(tmp_path):
    # Built from a copy: an in-tree build would leave build/ in the checkout.
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(
        ROOT / "src" / "accord",
        tree / "src" / "accord",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    build = ["wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [sys.executable, "-m", "pip", *build, "-w", str(tmp_path / "dist"), str(tree)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("accord-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.startswith("accord/")}
    assert source_files() - shipped == set()
