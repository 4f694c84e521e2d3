"""The approved planning template of GSN, compared cell by cell with a committed dump.

Every cell's value or formula, number format, lock, fill and boldness, and every sheet's
validations, conditional formats, protection, frozen panes, print set-up, column widths
and charts are in tests/golden/planeringsunderlag_GSN.json, so any change of the layout
shows as a diff in review. To accept a deliberate change:
`RAMKALK_UPDATE_GOLDEN=1 pytest tests/test_templates_golden.py`, then review and commit the diff.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from templates_support import OPTIONS, committee_content
from workbook_dump import dump, to_text

from ramkalk.templates.generator import build_template

GOLDEN = Path(__file__).parent / "golden" / "planeringsunderlag_GSN.json"


def test_the_gsn_template_matches_the_approved_one(tmp_path):
    path = tmp_path / "Planeringsunderlag_GSN_2027.xlsx"
    build_template(committee_content("GSN"), OPTIONS).save(path)
    text = to_text(dump(path)) + "\n"
    if os.environ.get("RAMKALK_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    approved = GOLDEN.read_text(encoding="utf-8")
    diff = list(difflib.unified_diff(approved.splitlines(), text.splitlines(), "godkänd", "ny", lineterm="", n=1))
    assert not diff, "planeringsunderlaget har ändrats (se modulens docstring):\n" + "\n".join(diff[:60])
