#!/usr/bin/env bash
# The main job on the built-in example municipality: installs ramkalk into .venv,
# writes Exempelstad as a planning workbook and computes every frame.
# Output: ut/exempelstad.xlsx (the planning workbook) and ut/resultat.xlsx (the result).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
    rm -rf .venv
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --disable-pip-version-check -q -e .

mkdir -p ut
.venv/bin/ramkalk exempel ut/exempelstad.xlsx --skriv-över
.venv/bin/ramkalk kontrollera ut/exempelstad.xlsx
.venv/bin/ramkalk beräkna ut/exempelstad.xlsx --ut ut/resultat.xlsx
