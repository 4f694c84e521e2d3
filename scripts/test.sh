#!/usr/bin/env bash
# The single test command: sets up .venv, installs the package with its test
# extras, makes sure LibreOffice (used to recalculate workbooks) and Chromium
# (used to render the model description) are present, and the npm package pyodide
# (the runtime of xlwings Lite), then runs pytest. Extra
# arguments are passed on to pytest.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Run a command as root: directly if we are root, else via sudo if present.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "test.sh: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

# apt-get install; on failure refresh the package lists and retry once.
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y --no-install-recommends "$@" </dev/null; then
        as_root apt-get update </dev/null
        as_root apt-get install -y --no-install-recommends "$@" </dev/null
    fi
}

PYTHON="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
    rm -rf .venv
    if ! "$PYTHON" -m venv .venv; then
        # Debian's python3 ships without ensurepip unless python3-venv is installed.
        rm -rf .venv
        py_ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        apt_install python3-venv "python${py_ver}-venv" || apt_install python3-venv
        "$PYTHON" -m venv .venv
    fi
fi

.venv/bin/python -m pip install --disable-pip-version-check -q -e '.[test]'

missing=()
if ! command -v soffice >/dev/null 2>&1 && [ ! -x /usr/lib/libreoffice/program/soffice ]; then
    missing+=(libreoffice-calc-nogui)
fi
if ! command -v chromium >/dev/null 2>&1; then
    missing+=(chromium)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
fi

# Pyodide (the runtime of xlwings Lite) for tests/test_addin_pyodide.py: the npm package,
# pinned, into tests/pyodide/node_modules (ignored by git), only if it is not there yet.
# Node and npm are part of the machine; without them that test is skipped (it fails in CI).
PYODIDE_VERSION=0.27.7
if command -v npm >/dev/null 2>&1 && ! grep -qs "\"version\": \"$PYODIDE_VERSION\"" \
        tests/pyodide/node_modules/pyodide/package.json; then
    npm install --no-save --no-audit --no-fund --prefix tests/pyodide "pyodide@$PYODIDE_VERSION"
fi

exec .venv/bin/python -m pytest -q "$@"
