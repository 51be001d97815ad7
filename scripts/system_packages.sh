#!/usr/bin/env bash
# The Debian packages Talenta needs beside its virtualenv, in one list for the Makefile and .ci/run.
#
#   scripts/system_packages.sh [--check] GROUP...
#
# Groups: runtime (WeasyPrint's PDF stack: Pango, HarfBuzz with its subset library, fonts),
# test (Chromium for the browser tests, poppler-utils, gettext for the catalog check),
# ci (PostgreSQL and Redis servers, make: what .ci/run starts or runs itself).
#
# Nothing missing: exit 0 silently. Missing packages, as root on Debian: apt-get installs them.
# Otherwise (not root, --check, or no dpkg): prints the exact command to run and exits 1, so that
# `make test` stops at once instead of failing every browser and PDF test one by one.
# TALENTA_SYSTEM_PACKAGES (space-separated) replaces the groups' list: tests use it to check the
# message path with a package that does not exist.
set -euo pipefail

RUNTIME_PACKAGES=(
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
	fonts-dejavu-core fonts-noto-core shared-mime-info
)
TEST_PACKAGES=(chromium poppler-utils gettext)
CI_PACKAGES=(postgresql redis-server make)

usage() {
	echo "usage: $0 [--check] {runtime|test|ci}..." >&2
	exit 2
}

check_only=false
if [[ "${1:-}" == "--check" ]]; then
	check_only=true
	shift
fi
(($# > 0)) || usage

packages=()
for group in "$@"; do
	case "$group" in
	runtime) packages+=("${RUNTIME_PACKAGES[@]}") ;;
	test) packages+=("${TEST_PACKAGES[@]}") ;;
	ci) packages+=("${CI_PACKAGES[@]}") ;;
	*) usage ;;
	esac
done
if [[ -n "${TALENTA_SYSTEM_PACKAGES:-}" ]]; then
	read -r -a packages <<<"$TALENTA_SYSTEM_PACKAGES"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "ERROR: this is not a Debian-based system (no dpkg-query). Talenta needs the equivalents of" >&2
	echo "these Debian packages: ${packages[*]}" >&2
	echo "Install them with your system's package manager, or use a Debian 12 machine or container." >&2
	exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
	if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)" != "installed" ]]; then
		missing+=("$pkg")
	fi
done
# Debian's own python3 can only create virtualenvs with python3-venv (pyenv's Python can already).
if [[ -z "${TALENTA_SYSTEM_PACKAGES:-}" ]] && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
	missing+=(python3-venv)
fi
((${#missing[@]} > 0)) || exit 0

command=(apt-get install -y --no-install-recommends "${missing[@]}")
if ! $check_only && ((EUID == 0)); then
	echo "installing system packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || { sleep 5 && apt-get update -qq; }
	"${command[@]}" -qq
	exit 0
fi

sudo=""
((EUID == 0)) || sudo="sudo "
echo "ERROR: missing system packages: ${missing[*]}" >&2
echo "Run this, then try again:" >&2
echo "    ${sudo}apt-get update && ${sudo}${command[*]}" >&2
exit 1
