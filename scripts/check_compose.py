#!/usr/bin/env python
"""Validate docker-compose.yml without a container engine (CI has none).

Two layers, because neither catches everything alone (docs/operations.md, "CI"):

1. the compose-spec JSON schema, through `check-jsonschema --builtin-schema vendor.compose-spec`
   (the schema ships inside check-jsonschema, so no network is needed): unknown keys, wrong types;
2. cross-references the schema cannot express, checked here with PyYAML:
   - every `depends_on` target is a service,
   - every interpolated variable (`${VAR}`, `${VAR:?msg}`, `${VAR:-default}`, `$VAR`) is listed in
     env.example, so operators learn about all of them from one file,
   - every service has a healthcheck, except one-shot services (`restart: "no"`) that others wait
     for with `condition: service_completed_successfully`,
   - every named volume a service mounts is declared under the top-level `volumes:`.

Prints one line per problem and exits 1 if there is any; exits 0 silently apart from a summary.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
# `$$` is compose's escape for a literal `$`; what is left is `$NAME` or `${NAME...}`.
VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")


def schema_problems(compose_file: Path) -> list[str]:
    """Run check-jsonschema against the vendored compose-spec schema."""
    executable = Path(sys.executable).with_name("check-jsonschema")
    command = str(executable) if executable.exists() else shutil.which("check-jsonschema")
    if command is None:
        return ["check-jsonschema is not installed (pip install -r requirements-dev.txt)"]
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [command, "--builtin-schema", "vendor.compose-spec", str(compose_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return []
    output = (result.stdout + result.stderr).strip()
    return [f"compose-spec schema: {line.strip()}" for line in output.splitlines() if line.strip()]


def env_example_names(env_file: Path) -> set[str]:
    names = set()
    for line in env_file.read_text().splitlines():
        match = ENV_LINE.match(line)
        if match:
            names.add(match.group(1))
    return names


def strings_with_paths(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string value in the document with a dotted path to it (compose interpolates values)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings_with_paths(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings_with_paths(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


def variable_problems(compose: dict[str, Any], env_names: set[str], env_label: str) -> list[str]:
    problems = []
    reported: set[str] = set()
    for path, text in strings_with_paths(compose):
        for name in VARIABLE.findall(text.replace("$$", "")):
            if name not in env_names and name not in reported:
                reported.add(name)
                problems.append(f"variable {name} is used (at {path}) but not defined in {env_label}")
    return problems


def depends_on_targets(service: dict[str, Any]) -> dict[str, str | None]:
    """depends_on in either syntax, as {target: condition or None}."""
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return dict.fromkeys(depends_on)
    return {name: (spec or {}).get("condition") for name, spec in depends_on.items()}


def depends_on_problems(services: dict[str, Any]) -> list[str]:
    return [
        f'service "{name}": depends_on target "{target}" is not a service'
        for name, service in services.items()
        for target in depends_on_targets(service)
        if target not in services
    ]


def is_one_shot(name: str, services: dict[str, Any]) -> bool:
    """A run-to-completion service that others wait for by its exit, not by its health."""
    if str(services[name].get("restart", "no")) != "no":
        return False
    conditions = [depends_on_targets(s).get(name, "absent") for s in services.values()]
    waited_for = [c for c in conditions if c != "absent"]
    return bool(waited_for) and all(c == "service_completed_successfully" for c in waited_for)


def healthcheck_problems(services: dict[str, Any]) -> list[str]:
    problems = []
    for name, service in services.items():
        healthcheck = service.get("healthcheck") or {}
        if (not healthcheck or healthcheck.get("disable")) and not is_one_shot(name, services):
            problems.append(f'service "{name}" has no healthcheck')
    return problems


def named_volume(entry: Any) -> str | None:
    """The named volume of one `volumes:` entry; None for bind mounts, tmpfs and anonymous volumes."""
    if isinstance(entry, dict):
        if entry.get("type", "volume") != "volume":
            return None
        source = entry.get("source")
    else:
        parts = str(entry).split(":")
        source = parts[0] if len(parts) > 1 else None
    if not source or source.startswith(("/", ".", "~", "$")):
        return None
    return source


def volume_problems(compose: dict[str, Any]) -> list[str]:
    declared = set((compose.get("volumes") or {}).keys())
    problems = []
    for name, service in (compose.get("services") or {}).items():
        for entry in service.get("volumes") or []:
            volume = named_volume(entry)
            if volume is not None and volume not in declared:
                problems.append(
                    f'service "{name}": volume "{volume}" is not declared under top-level volumes'
                )
    return problems


def cross_reference_problems(compose: dict[str, Any], env_names: set[str], env_label: str) -> list[str]:
    services = compose.get("services") or {}
    return [
        *depends_on_problems(services),
        *variable_problems(compose, env_names, env_label),
        *healthcheck_problems(services),
        *volume_problems(compose),
    ]


def check(compose_file: Path, env_file: Path) -> list[str]:
    problems = schema_problems(compose_file)
    compose = yaml.safe_load(compose_file.read_text()) or {}
    if not env_file.exists():
        problems.append(f"{env_file.name} not found next to the compose file")
        env_names: set[str] = set()
    else:
        env_names = env_example_names(env_file)
    return problems + cross_reference_problems(compose, env_names, env_file.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compose-file", type=Path, default=PROJECT_DIR / "docker-compose.yml")
    parser.add_argument("--env-file", type=Path, default=PROJECT_DIR / "env.example")
    args = parser.parse_args(argv)
    problems = check(args.compose_file, args.env_file)
    for problem in problems:
        print(f"{args.compose_file.name}: {problem}", file=sys.stderr)
    if problems:
        print(f"{args.compose_file.name}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{args.compose_file.name}: ok (compose-spec schema and cross-references)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
