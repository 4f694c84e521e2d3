"""Exempelstad's frames as a committed snapshot, so any change in numbers shows in review.

To accept a deliberate change: `RAMKALK_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshot.py`,
then review and commit the diff of tests/snapshots/exempelstad_ramar.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ramkalk.example.municipality import exempelstad
from ramkalk.report.text_report import frame_json
from ramkalk.workbook import pipeline

SNAPSHOT = Path(__file__).parent / "snapshots" / "exempelstad_ramar.json"


def current() -> str:
    frames = pipeline.calculate(pipeline.check_data(exempelstad()))
    rows = sorted((frame_json(f) for f in frames), key=lambda r: (r["nämnd"], r["år"]))
    return json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_exempelstad_frames_match_the_snapshot():
    text = current()
    if os.environ.get("RAMKALK_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), "Exempelstads ramar har ändrats; se modulens docstring"
