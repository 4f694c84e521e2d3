"""`ramkalk befolkning`: a downloaded population table (SCB's statistics or forecast, a district
forecast; CSV, PC-Axis or xlsx) into a new file with the sheet Befolkning in the planning workbook's
layout (`ramkalk.workbook.population_import`), to be copied into the planning workbook.

Thin like the rest of the CLI: problems printed as `FIL:rad N: meddelande`, exit 1 on an error and
nothing written; the output is a new file, never the planning workbook or an input, and an existing
file is replaced only with --skriv-över.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ramkalk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    print_problems,
    problems_summary,
    write_atomically,
)
from ramkalk.core.display import counted
from ramkalk.schema.tables import POPULATION


def year_range(value: str) -> tuple[int, int]:
    """ÅÅÅÅ-ÅÅÅÅ (or one year) as (first, last) (argparse type), or a Swedish usage error."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", value)
    if match is None or match.group(2) and int(match.group(2)) < int(match.group(1)):
        raise argparse.ArgumentTypeError(f"väntade år som ÅÅÅÅ-ÅÅÅÅ, till exempel 2023-2030, fick \"{value}\"")
    return int(match.group(1)), int(match.group(2) or match.group(1))


def _other_sheets(path: Path) -> list[str]:
    """The sheets other than Befolkning of an existing workbook at `path` ([] if there is none, or it
    cannot be read as one): a workbook with more than our sheet is the user's, never replaced."""
    if not path.is_file():
        return []
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - not a workbook: --skriv-över may replace it
        return []
    try:
        return [name for name in book.sheetnames if name != POPULATION.sheet]
    finally:
        book.close()


def cmd_befolkning(args: argparse.Namespace) -> int:
    from ramkalk.workbook.population_import import ImportOptions, import_files, population_workbook

    out, sources = Path(args.ut), [Path(f) for f in args.filer]
    if any(out.resolve() == source.resolve() for source in sources):
        print(f"{out}: resultatet får inte skrivas över en fil som läses in; välj ett annat filnamn", file=sys.stderr)
        return EXIT_USAGE
    if out.suffix.casefold() != ".xlsx":
        print(f"{out}: resultatet skrivs som Excel-arbetsbok; ge filen ändelsen .xlsx", file=sys.stderr)
        return EXIT_USAGE
    if out.exists() and not args.skriv_over:
        print(f"{out}: filen finns redan; välj ett annat namn eller ange --skriv-över", file=sys.stderr)
        return EXIT_USAGE
    others = _other_sheets(out)
    if others:
        print(f"{out}: arbetsboken har andra blad än {POPULATION.sheet} ({', '.join(others[:3])}), till exempel"
              " planeringsarbetsboken, och skrivs aldrig över; välj ett annat filnamn", file=sys.stderr)
        return EXIT_USAGE
    options = ImportOptions(outcome_until=args.utfall_till, forecast_year=args.prognosar, area=args.omrade,
                            years=args.ar)
    imported = import_files(sources, options)
    print_problems(imported.problems)
    if not imported.ok:
        print(f"{problems_summary(imported.problems)} Ingen befolkningstabell skrevs.", file=sys.stderr)
        return EXIT_PROBLEMS
    write_atomically(out, lambda p: population_workbook(imported.rows).save(p))
    years = sorted({row.year for row in imported.rows})
    ages = max(row.age for row in imported.rows)
    areas = f" Summerade {counted(len(imported.areas), 'område', 'områden')}: {', '.join(imported.areas)}." \
        if len(imported.areas) > 1 else f" Området: {imported.areas[0]}." if imported.areas else ""
    print(f"Skrev {counted(len(imported.rows), 'rad', 'rader')} till bladet Befolkning i {out}: åren "
          f"{years[0]}–{years[-1]}, åldrarna 0–{ages} ({ages} betyder {ages} år och äldre).{areas}\n"
          f"Kopiera raderna till planeringsarbetsbokens blad Befolkning och kör ramkalk kontrollera.")
    return EXIT_OK


def register(commands) -> None:
    """Add `befolkning` to the `ramkalk` command line."""
    befolkning = commands.add_parser(
        "befolkning", help="läs in SCB:s befolkningsstatistik eller en prognos till bladet Befolkning",
        description="Läser befolkningen per ettårsklass från filer som de laddas ned från SCB:s statistikdatabas "
                    "eller kommunens egen (del)områdesprognos: CSV (komma eller semikolon, även decimalkomma), "
                    "PC-Axis (.px) eller xlsx, en kolumn per år eller en rad per år. Raderna \"totalt\" jämförs "
                    "med summan och tas bort; kön och områden summeras. Resultatet skrivs till en ny arbetsbok med "
                    "bladet Befolkning i planeringsarbetsbokens format; planeringsarbetsboken ändras aldrig.",
        epilog="Exempel:\n  ramkalk befolkning folkmangd.csv prognos.px --utfall-till 2025 --ut befolkning.xlsx")
    befolkning.add_argument("filer", metavar="FIL", nargs="+",
                            help="filen eller filerna med befolkningen (.csv, .px, .xlsx); varje år från en fil")
    befolkning.add_argument("--ut", metavar="UT", required=True, help="arbetsboken som skrivs (.xlsx), en ny fil")
    befolkning.add_argument("--utfall-till", dest="utfall_till", metavar="ÅR", type=int,
                            help="åren till och med ÅR får Typ Utfall, senare år Prognos (standard: alla år Prognos)")
    befolkning.add_argument("--prognosår", dest="prognosar", metavar="ÅR", type=int,
                            help="Prognosår för prognosraderna: året prognosen gjordes (standard: tomt)")
    befolkning.add_argument("--område", dest="omrade", metavar="NAMN",
                            help="ta bara med detta område (region eller delområde, t.ex. \"Borås\"); standard: "
                                 "alla områden summeras")
    befolkning.add_argument("--år", dest="ar", metavar="ÅÅÅÅ-ÅÅÅÅ", type=year_range,
                            help="åren tabellen måste ha, t.ex. 2023-2030 (standard: filernas år, utan luckor)")
    befolkning.add_argument("--skriv-över", dest="skriv_over", action="store_true",
                            help="skriv över UT om den redan finns")
    befolkning.set_defaults(run=cmd_befolkning)
