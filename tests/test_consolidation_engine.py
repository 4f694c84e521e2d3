"""The consolidated workbook recalculated in LibreOffice agrees with the core and with what was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from consolidation_support import expected, filled, requested
from spreadsheet_engine import computed_values
from templates_support import exempelstad_calculation

from ramkalk.core.display import round_total
from ramkalk.templates.archive import Archive
from ramkalk.templates.consolidation import receive, summarise
from ramkalk.templates.summary_workbook import write_summary


def test_the_summary_recalculated_agrees_with_the_core(tmp_path):
    returned = ("GSN", "KS", "VÄN")
    with Archive(tmp_path / "a.sqlite") as archive:
        receive([filled()[code] for code in returned], expected(), archive)
        summary = summarise(expected(), archive)
    out = tmp_path / "s.xlsx"
    write_summary(summary, out)
    values = computed_values(out, tmp_path / "lo")
    calculation, years = exempelstad_calculation(), expected().years
    frames = expected().frames
    balance = values["Balans"]
    for index, year in enumerate(years):
        row = index + 2
        total = sum(frames[code][index] for code in frames)
        assert total == sum(round_total(f.total) for f in calculation.frames_of_year(year))
        assert balance[f"A{row}"] == year
        assert balance[f"C{row}"] == total
        assert balance[f"D{row}"] == sum(frames[code][index] for code in returned)  # budgets add up to the frames
        assert balance[f"E{row}"] == len(returned) * requested(index)
        assert balance[f"B{row}"] == round_total(calculation.rooms[year].total)
        assert balance[f"G{row}"] == balance[f"B{row}"] - total - len(returned) * requested(index)
    overview = values["Översikt"]
    for row, code in enumerate(frames, start=2):
        assert overview[f"A{row}"] == code
        assert overview[f"G{row}"] == frames[code][0]
        assert overview.get(f"I{row}") in ((0,) if code in returned else ("", None))  # "" : no return
        assert overview[f"J{row}"] == (requested(0) if code in returned else 0)
    by_area = {values["Äskanden per område"][f"A{r}"]: values["Äskanden per område"].get(f"B{r}")
               for r in range(2, 6)}
    assert by_area == {"Barn och unga": 3 * 4000, "Trygghet": 0, "Klimat och miljö": 0, "Digitalisering": 3 * 1500}
    budget = values["Budget per verksamhet"]
    assert Decimal(budget["E2"]) == Decimal(budget["C2"]) - Decimal(budget["D2"])
    _check_overview_sheets(values, summary, returned)


def _check_overview_sheets(values: dict, summary, returned: tuple[str, ...]) -> None:
    """Sammanfattning, Åtgärder, Volymer and the requests per committee and focus area, as computed."""
    frames, years = expected().frames, expected().years
    first = values["Sammanfattning"]
    volumes = {state.code: state.current.content.volumes for state in summary.committees if state.current}
    for row, code in enumerate(frames, start=5):
        assert first[f"A{row}"] == code and first[f"D{row}"] == frames[code][0]
        asked = requested(0) if code in returned else 0
        assert first[f"G{row}"] == asked and first[f"H{row}"] == pytest.approx(float(asked) / frames[code][0])
        assert first[f"I{row}"] == (500 if code in returned else 0)  # (one measure typed: 500 tkr a year)
        own = sum(v.own is not None for v in volumes.get(code, ()))
        assert first[f"J{row}"] == own and (own == 1) == (code in returned and bool(volumes[code]))
        assert first.get(f"E{row}") == (frames[code][0] if code in returned else None)  # ("": no return)
    total = 5 + len(frames)
    assert first[f"B{total}"] == "Summa" and first[f"G{total}"] == len(returned) * requested(0)
    balance = values["Balans"]
    margin = next(row for row in range(total, total + 10) if str(first.get(f"A{row}", "")).startswith("Marginal"))
    assert [first[f"{c}{margin}"] for c in "DEFG"[:len(years)]] == [balance[f"G{i + 2}"] for i in range(len(years))]
    measures = values["Åtgärder"]
    assert sorted(measures[f"A{r}"] for r in range(2, 2 + len(returned))) == sorted(returned)
    assert all(measures[f"{c}{r}"] == 500 for c in "EFGH" for r in range(2, 2 + len(returned)))
    shown = values["Volymer"]
    rows = [r for r in range(2, 200) if shown.get(f"E{r}") is not None and shown.get(f"A{r}")]
    assert rows and all(shown[f"F{r}"] == pytest.approx(shown[f"E{r}"] - shown[f"D{r}"]) for r in rows)
    by_area = values["Äskanden per område"]
    header = next(r for r in range(1, 60) if by_area.get(f"A{r}") == "Nämnd")
    areas = {by_area[f"{c}{header}"]: c for c in "BCDE"}
    gsn = next(r for r in range(header + 1, header + 20) if by_area.get(f"A{r}") == "GSN")
    assert by_area[f"{areas['Barn och unga']}{gsn}"] == 4000 and by_area[f"{areas['Digitalisering']}{gsn}"] == 1500
    assert by_area[f"{areas['Trygghet']}{gsn}"] == 0
    by_type = next(r for r in range(gsn, 80) if by_area.get(f"A{r}") == "Nämnd")  # (the next table)
    types = {by_area[f"{c}{by_type}"]: c for c in "BCDEFGH" if by_area.get(f"{c}{by_type}")}
    gsn = next(r for r in range(by_type + 1, by_type + 20) if by_area.get(f"A{r}") == "GSN")
    assert by_area[f"{types['Satsning']}{gsn}"] == 5500 and by_area[f"{types['Besparing']}{gsn}"] == 0
    ks = next(r for r in range(by_type + 1, by_type + 20) if by_area.get(f"A{r}") == "KFN")
    assert by_area[f"{types['Satsning']}{ks}"] == 0  # (KFN returned nothing)
