"""The consolidated workbook recalculated in LibreOffice agrees with the core and with what was typed."""

from __future__ import annotations

from decimal import Decimal

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
