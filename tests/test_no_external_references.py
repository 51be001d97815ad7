"""The repository stands on its own (docs/architecture.md, "The repository stands on its own"):
every document a tracked file cites is a file of the repository. The rule is general on purpose:
it names no outside document, so it cannot miss one it was not told about."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
# A cited document: a path or name ending in .md (the docs, READMEs). Case-sensitive, as the files
# are: a citation must name the file exactly as it is tracked.
MD = ".md"
CITATION = re.compile(r"[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b")
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


def _normalise(path: PurePosixPath) -> str | None:
    """`a/b/../c` → `a/c`; None when the path climbs out of the repository."""
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def citation_resolves(citation: str, *, cited_in: str, files: set[str]) -> bool:
    """A citation with a folder names a tracked file relative to the citing file's folder or to
    the root; a bare name (`roles.md`, as code joins it to its folder) is the name of a tracked file."""
    if "/" not in citation:
        return any(name == citation or name.endswith("/" + citation) for name in files)
    for base in (PurePosixPath(cited_in).parent, PurePosixPath()):
        name = _normalise(base / citation)
        if name is not None and name in files:
            return True
    return False


def outside_citations(
    names: list[str], *, files: set[str], read=lambda name: _text(ROOT / name)
) -> list[str]:
    """`path:line: citation` for every cited document that is not a file of the repository."""
    found = []
    for name in names:
        text = read(name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for citation in CITATION.findall(line):
                if not citation_resolves(citation, cited_in=name, files=files):
                    found.append(f"{name}:{number}: {citation}")
    return found


def test_every_cited_document_is_in_the_repository():
    names = _tracked_files()
    assert "docs/domain.md" in names and "apps/petatalenta/engine.py" in names
    assert outside_citations(names, files=set(names)) == []


def test_the_check_tells_repository_pages_from_outside_ones():
    files = {"docs/domain.md", "docs/rulesets.md", "README.md", "apps/x.py"}
    pages = {
        "apps/x.py": "# the rule: docs/domain.md §5 (see also README.md)",
        "docs/rulesets.md": "[the rules](domain.md) and [../README.md](../README.md)",
    }
    assert outside_citations(list(pages), files=files, read=pages.get) == []

    # The outside names are put together here, so this file cites none itself.
    notes, plan, misspelt = "NOTES" + MD, "../../elsewhere/plan" + MD, "docs/Domain" + MD
    outside = {
        "apps/x.py": f"# see {notes} §5",  # not a file of the repository
        "docs/rulesets.md": f"({plan})",  # climbs out of the repository
        "README.md": f"see {misspelt}",  # a tracked name, spelled otherwise
    }
    assert outside_citations(list(outside), files=files, read=outside.get) == [
        f"apps/x.py:1: {notes}",
        f"docs/rulesets.md:1: {plan}",
        f"README.md:1: {misspelt}",
    ]
