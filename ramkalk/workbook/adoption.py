"""Adoption (fastställande): a version's frames recorded as the adopted frames of the budget year.

`ramkalk fastställ ARBETSBOK --version November` never writes the planning workbook. It
writes, in a folder beside it (`<arbetsbok>_fastställt/`):

    fastställelse_2027.json            the adoption record: year, version, date, the frames,
                                       and the SHA-256 of the copy below
    fastställelse_2027_arbetsbok.xlsx  the workbook byte for byte as it was adopted, so
                                       `ramkalk beräkna` on it with the same version
                                       reproduces the frames
    Ramar_2027.xlsx                    the adopted frames as rows of the sheet `Ramar`
                                       (Nämnd, År, Ram, Varav engångs, Varav teknisk ram),
                                       to paste into the workbook's Ramar, where next
                                       year's calculation starts from them

A year is adopted once: adopting it again with the same frames changes nothing, and with
other frames is refused, naming every committee whose frame would change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_kronor
from ramkalk.schema.inputs import AdoptedFrame, FrameModel, PlanningData
from ramkalk.schema.tables import FRAMES
from ramkalk.workbook.writer import write_table_sheet


def folder_for(workbook: Path) -> Path:
    """Where the adoption records of a planning workbook are kept by default."""
    return workbook.parent / f"{workbook.stem}_fastställt"


def record_path(folder: Path, year: int) -> Path:
    return folder / f"fastställelse_{year}.json"


def copy_path(folder: Path, year: int) -> Path:
    return folder / f"fastställelse_{year}_arbetsbok.xlsx"


def frames_path(folder: Path, year: int) -> Path:
    return folder / f"Ramar_{year}.xlsx"


@dataclass(frozen=True)
class Adoption:
    """An adoption record: the frames of `year` by `version`, adopted on `adopted_on`.

    frames: one adopted frame per committee, kr. workbook_sha256: the SHA-256 of the copy
    of the workbook the frames were computed from.
    """

    year: int
    version: str | None
    adopted_on: date
    workbook: str
    workbook_sha256: str
    frames: tuple[AdoptedFrame, ...]

    def to_json(self) -> str:
        return json.dumps({
            "år": self.year,
            "version": self.version,
            "datum": self.adopted_on.isoformat(),
            "arbetsbok": self.workbook,
            "sha256": self.workbook_sha256,
            "ramar": [{"nämnd": f.committee, "ram": str(f.frame), "engångs": str(f.one_off),
                       "teknisk_ram": None if f.technical is None else str(f.technical)} for f in self.frames],
        }, ensure_ascii=False, indent=2)

    @staticmethod
    def from_json(text: str) -> Adoption:
        found = json.loads(text)
        year = found["år"]
        return Adoption(year, found["version"], date.fromisoformat(found["datum"]), found["arbetsbok"],
                        found["sha256"], tuple(
                            AdoptedFrame(f["nämnd"], year, Decimal(f["ram"]), Decimal(f["engångs"]),
                                         None if f["teknisk_ram"] is None else Decimal(f["teknisk_ram"]))
                            for f in found["ramar"]))


def adopted_frames(calculation: Calculation) -> tuple[AdoptedFrame, ...]:
    """The budget year's frames as adopted frames: whole frame, one-off part and, for a committee
    on the price-tag model, the technical frame (what next year's price-tag frame starts from)."""
    year = calculation.data.settings.budget_year
    found = []
    for committee in calculation.data.committees:
        frame = calculation.frame(committee.code, year)
        technical = frame.carried_forward if committee.model is FrameModel.PRICE_TAG else None
        found.append(AdoptedFrame(committee.code, year, frame.total, frame.one_off, technical))
    return tuple(found)


def differences(recorded: Adoption, frames: tuple[AdoptedFrame, ...]) -> list[str]:
    """Every committee whose adopted frame would change, in Swedish; empty if none would."""
    before = {f.committee: f for f in recorded.frames}
    now = {f.committee: f for f in frames}
    texts = []
    for code in dict.fromkeys([*before, *now]):
        old, new = before.get(code), now.get(code)
        if old is None or new is None:
            texts.append(f"{code}: {'saknas i fastställelsen' if old is None else 'saknas nu'}")
        elif (old.frame, old.one_off, old.technical) != (new.frame, new.one_off, new.technical):
            texts.append(f"{code}: fastställd {format_kronor(old.frame)} (varav engångs {format_kronor(old.one_off)}),"
                         f" nu {format_kronor(new.frame)} (varav engångs {format_kronor(new.one_off)})")
    return texts


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def frames_workbook(data: PlanningData, frames: tuple[AdoptedFrame, ...]) -> Workbook:
    """An openpyxl workbook with one sheet, `Ramar`, holding `frames` in the workbook's unit and
    columns, ready to paste into the planning workbook's Ramar."""
    book = Workbook()
    book.active.title = FRAMES.sheet
    write_table_sheet(book.active, FRAMES, frames, data.settings.unit)
    return book
