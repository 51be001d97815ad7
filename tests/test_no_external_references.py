"""The repository explains itself: no comment, docstring or doc points at notes that live outside
it. The domain rules are in docs/domain.md and the design in docs/architecture.md."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THIS_FILE = Path(__file__).resolve().relative_to(ROOT).as_posix()
# Case-sensitive on purpose: docs/domain.md is the repository's own page.
FORBIDDEN = re.compile(r"DOMAIN\.md|DESIGN\.md|\.\./shared|shared/reference|domain-research")
# Used only when the tree is not a git checkout (e.g. an exported source tree).
SKIP_DIRS = {".git", ".venv", "venv", "var", "media", "staticfiles", "node_modules", "__pycache__"}


def _tracked_files() -> list[str]:
    git = shutil.which("git")
    try:
        if git is None:
            raise FileNotFoundError("git")
        out = subprocess.run(  # noqa: S603 - a fixed command line
            [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return sorted(
            path.relative_to(ROOT).as_posix()
            for path in ROOT.rglob("*")
            if path.is_file() and not SKIP_DIRS.intersection(path.relative_to(ROOT).parts)
        )
    return sorted(name for name in out.decode().split("\0") if name)


def _text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):  # deleted in the work tree, or a submodule
        return None
    if b"\0" in data[:8192]:
        return None  # binary
    return data.decode("utf-8", errors="replace")


def external_references(files: list[str]) -> list[str]:
    """`path:line: text` for every line that mentions a document outside the repository."""
    found = []
    for name in files:
        if name == THIS_FILE:
            continue
        text = _text(ROOT / name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if FORBIDDEN.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_no_tracked_file_points_outside_the_repository():
    files = _tracked_files()
    assert "docs/domain.md" in files and "apps/petatalenta/engine.py" in files
    assert external_references(files) == []


def test_the_check_catches_every_outside_pointer_and_spares_the_repository_pages():
    for line in (
        "see DOMAIN.md §5",
        "(DESIGN.md §3)",
        "../shared/DOMAIN",
        "shared/reference/peer-systems.md",
        "domain-research.md §7.5",
    ):
        assert FORBIDDEN.search(line), line
    for line in ("see docs/domain.md §5", "docs/architecture.md", "the shared helper"):
        assert not FORBIDDEN.search(line), line
