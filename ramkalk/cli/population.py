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
from dataclasses import replace
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
from ramkalk.core.problems import Problem, has_errors


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

    from ramkalk.schema.tables import POPULATION

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - not a workbook: --skriv-över may replace it
        return []
    try:
        return [name for name in book.sheetnames if name != POPULATION.sheet]
    finally:
        book.close()


def _refused(out: Path, sources: list[Path], overwrite: bool) -> str | None:
    """Why the result must not be written to `out`, or None."""
    if any(out.resolve() == source.resolve() for source in sources):
        return f"{out}: resultatet får inte skrivas över en fil som läses in; välj ett annat filnamn"
    if out.suffix.casefold() != ".xlsx":
        return f"{out}: resultatet skrivs som Excel-arbetsbok; ge filen ändelsen .xlsx"
    if out.exists() and not overwrite:
        return f"{out}: filen finns redan; välj ett annat namn eller ange --skriv-över"
    others = _other_sheets(out)
    if others:
        from ramkalk.schema.tables import POPULATION

        return (f"{out}: arbetsboken har andra blad än {POPULATION.sheet} ({', '.join(others[:3])}), till exempel"
                " planeringsarbetsboken, och skrivs aldrig över; välj ett annat filnamn")
    return None


def _about_population(problem: Problem) -> bool:
    from ramkalk.schema.tables import POPULATION  # (the parser is built without the schema)

    return (problem.source is not None and problem.source.sheet == POPULATION.sheet
            or "befolkning" in problem.message.casefold())


def cmd_befolkning(args: argparse.Namespace) -> int:
    from ramkalk.workbook import pipeline
    from ramkalk.workbook.population_import import (
        ImportOptions,
        import_files,
        kept_text,
        last_outcome,
        merged,
        population_workbook,
    )

    out, sources = Path(args.ut), [Path(f) for f in args.filer]
    refused = _refused(out, sources, args.skriv_over)
    if refused is None and args.arbetsbok and Path(args.arbetsbok).resolve() == out.resolve():
        refused = f"{out}: resultatet får inte skrivas över planeringsarbetsboken; välj ett annat filnamn"
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    reading = pipeline.read_workbook(args.arbetsbok) if args.arbetsbok else None
    if reading is not None and reading.data is None:
        print_problems(reading.problems)
        print(f"{problems_summary(reading.problems)} Ingen befolkningstabell skrevs.", file=sys.stderr)
        return EXIT_PROBLEMS
    existing = reading.data.population if reading is not None else ()
    outcome_until = args.utfall_till if args.utfall_till is not None else last_outcome(existing)
    options = ImportOptions(outcome_until=outcome_until, forecast_year=args.prognosar, area=args.omrade,
                            years=args.ar)
    imported = import_files(sources, options)
    problems, rows, kept = list(imported.problems), imported.rows, ()
    if imported.ok and reading is not None:
        rows, kept = merged(imported.rows, existing)
        checked = pipeline.check_data(replace(reading.data, population=rows),
                                      incomplete_sheets=reading.incomplete_sheets)
        problems += [p for p in checked.problems if _about_population(p)]
    print_problems(problems)
    if has_errors(problems):
        print(f"{problems_summary(problems)} Ingen befolkningstabell skrevs.", file=sys.stderr)
        return EXIT_PROBLEMS
    write_atomically(out, lambda p: population_workbook(rows).save(p))
    years = sorted({row.year for row in imported.rows})
    ages = max(row.age for row in imported.rows)
    areas = f" Summerade {counted(len(imported.areas), 'område', 'områden')}: {', '.join(imported.areas)}." \
        if len(imported.areas) > 1 else f" Området: {imported.areas[0]}." if imported.areas else ""
    typed = f" Utfall till och med {outcome_until}, senare år Prognos." if outcome_until is not None else ""
    whole = (f" Med {counted(len(kept), 'rad', 'rader')} från {args.arbetsbok} som står kvar: {kept_text(kept)}."
             if kept else "")
    what = "Ersätt alla rader på" if reading is not None else "Kopiera raderna till"
    print(f"Skrev {counted(len(rows), 'rad', 'rader')} till bladet Befolkning i {out}: åren "
          f"{years[0]}–{years[-1]}, åldrarna 0–{ages} ({ages} betyder {ages} år och äldre).{areas}{typed}{whole}\n"
          f"{what} planeringsarbetsbokens blad Befolkning med dem och kör ramkalk kontrollera.")
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
    befolkning.add_argument("--arbetsbok", metavar="ARBETSBOK",
                            help="planeringsarbetsboken: tabellen kontrolleras mot det modellen behöver, och UT får "
                                 "arbetsbokens övriga befolkningsrader (andra år och prognosår); standard för "
                                 "--utfall-till: arbetsbokens senaste utfallsår")
    befolkning.add_argument("--skriv-över", dest="skriv_over", action="store_true",
                            help="skriv över UT om den redan finns")
    befolkning.set_defaults(run=cmd_befolkning)
