"""scripts/check_compose.py accepts the real docker-compose.yml and names what is wrong in a broken one."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHECKER = PROJECT_DIR / "scripts" / "check_compose.py"


def run_checker(compose_file: Path, env_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, str(CHECKER), "--compose-file", str(compose_file), "--env-file", str(env_file)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_real_compose_file_passes():
    result = run_checker(PROJECT_DIR / "docker-compose.yml", PROJECT_DIR / "env.example")

    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_broken_copy_fails_with_a_message_per_problem(tmp_path):
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    compose["services"]["web"]["depends_on"]["ghost"] = {"condition": "service_healthy"}
    compose["services"]["worker"]["environment"]["SMTP_PASSWORD"] = "${SMTP_PASSWORD:?set it}"
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(yaml.safe_dump(compose, sort_keys=False))
    env_file = tmp_path / "env.example"
    shutil.copy(PROJECT_DIR / "env.example", env_file)

    result = run_checker(broken, env_file)

    assert result.returncode == 1
    assert 'service "web": depends_on target "ghost" is not a service' in result.stderr
    assert "variable SMTP_PASSWORD is used" in result.stderr
    assert "not defined in env.example" in result.stderr
    assert "2 problem(s)" in result.stderr


def test_missing_healthcheck_and_undeclared_volume_are_reported(tmp_path):
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    del compose["services"]["beat"]["healthcheck"]
    compose["services"]["beat"]["volumes"] = ["schedules:/var/lib/beat"]
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(yaml.safe_dump(compose, sort_keys=False))

    result = run_checker(broken, PROJECT_DIR / "env.example")

    assert result.returncode == 1
    assert 'service "beat" has no healthcheck' in result.stderr
    assert 'service "beat": volume "schedules" is not declared under top-level volumes' in result.stderr
