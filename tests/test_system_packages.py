"""scripts/system_packages.sh: what `make test`, `make demo` and .ci/run check before anything else."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "system_packages.sh"
MISSING = "talenta-no-such-package"


def run(*args: str, env: dict[str, str] | None = None, as_user: bool = False) -> subprocess.CompletedProcess:
    if not as_user:
        return _run([], SCRIPT, args, env)
    # As root, setpriv drops to `nobody`: the path a developer without root takes. `nobody` may not
    # read the checkout (a clone in a private `mktemp -d` folder), so it runs a readable copy.
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)  # noqa: S103 - nobody must read the copy
        copy = Path(folder) / SCRIPT.name
        shutil.copy(SCRIPT, copy)
        os.chmod(copy, 0o755)  # noqa: S103
        return _run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], copy, args, env)


def _run(prefix: list[str], script: Path, args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argv
        [*prefix, "/bin/bash", str(script), *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd="/",
    )


def test_every_package_of_every_group_is_installed_here():
    # `make test` ran the script before this suite, so a miss here is a wrong package name.
    result = run("--check", "runtime", "test", "ci")
    assert (result.returncode, result.stderr) == (0, "")


def test_a_missing_package_stops_with_the_exact_command():
    result = run("--check", "test", env={"TALENTA_SYSTEM_PACKAGES": f"bash {MISSING}"})
    assert result.returncode == 1
    assert f"missing system packages: {MISSING}\n" in result.stderr
    assert f"apt-get update && apt-get install -y --no-install-recommends {MISSING}" in result.stderr


def test_without_root_the_command_uses_sudo_and_nothing_is_installed():
    result = run("runtime", env={"TALENTA_SYSTEM_PACKAGES": MISSING}, as_user=os.geteuid() == 0)
    assert result.returncode == 1
    assert "installing" not in result.stdout
    assert (
        f"sudo apt-get update && sudo apt-get install -y --no-install-recommends {MISSING}" in result.stderr
    )


def test_without_dpkg_it_names_the_debian_packages_and_stops():
    result = run("test", env={"TALENTA_SYSTEM_PACKAGES": MISSING, "PATH": "/nonexistent"})
    assert result.returncode == 1
    assert "not a Debian-based system" in result.stderr
    assert MISSING in result.stderr


def test_an_unknown_group_is_a_usage_error():
    result = run("--check", "everything")
    assert result.returncode == 2
    assert "usage:" in result.stderr
