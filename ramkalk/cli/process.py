"""The budget-process commands: `ramkalk jämför` (two versions) and `ramkalk fastställ` (adoption).

Thin like the rest of the CLI (`ramkalk.cli`): read and validate through `ramkalk.workbook.pipeline`,
print problems as `FIL:Blad!Cell: meddelande`, exit 1 on an error; the planning workbook is
never written.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date
from pathlib import Path

from ramkalk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    checked_calculation,
    iso_date,
    print_problems,
    problems_summary,
    workbook_argument,
    write_atomically,
)
from ramkalk.core.display import counted


def cmd_jamfor(args: argparse.Namespace) -> int:
    from ramkalk.calculation.version_diff import compare
    from ramkalk.report.version_report import comparison_json, comparison_text
    from ramkalk.workbook import pipeline
    from ramkalk.workbook.reader import read_workbook

    reading = read_workbook(args.arbetsbok)
    checks = [] if reading.data is None else [
        pipeline.check_data(reading.data, version, reading.incomplete_sheets) for version in (args.version1,
                                                                                               args.version2)]
    problems = list(dict.fromkeys([*reading.problems, *(p for checked in checks for p in checked.problems)]))
    print_problems(problems)
    if not checks or not all(checked.ok for checked in checks):
        print(f"{problems_summary(problems)} Inget jämfördes.", file=sys.stderr)
        return EXIT_PROBLEMS
    comparison = compare(reading.data, args.version1, args.version2)
    if args.json:
        print(json.dumps(comparison_json(reading.data, comparison), ensure_ascii=False, indent=2))
    else:
        print(comparison_text(reading.data, comparison))
    return EXIT_OK


def cmd_faststall(args: argparse.Namespace) -> int:
    from ramkalk.workbook import adoption

    source = Path(args.arbetsbok)
    found = checked_calculation(source, "Inget fastställdes.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    checked, calculation = found
    year = checked.data.settings.budget_year
    folder = Path(args.mapp) if args.mapp else adoption.folder_for(source)
    frames = adoption.adopted_frames(calculation)
    record = adoption.record_path(folder, year)
    if record.exists():
        earlier = adoption.Adoption.from_json(record.read_text(encoding="utf-8"))
        changed = adoption.differences(earlier, frames)
        said = f"Ramarna {year} fastställdes {earlier.adopted_on.isoformat()} enligt versionen {earlier.version}"
        if not changed:
            print(f"{said}, med samma ramar. Inget ändrades.")
            return EXIT_OK
        print(f"{record}: {said}; versionen {checked.data.version} ger andra ramar, så den fastställs inte.\n"
              f"Ett fastställt år ändras inte. Ändringar efter beslutet förs in som beslut för nästa år.\n"
              + "\n".join(f"  {text}" for text in changed), file=sys.stderr)
        return EXIT_PROBLEMS
    folder.mkdir(parents=True, exist_ok=True)
    copy, paste = adoption.copy_path(folder, year), adoption.frames_path(folder, year)
    write_atomically(copy, lambda p: shutil.copyfile(source, p))
    write_atomically(paste, lambda p: adoption.frames_workbook(checked.data, frames).save(p))
    made = adoption.Adoption(year, checked.data.version, args.datum or date.today(), source.name,
                             adoption.sha256(copy), frames)
    write_atomically(record, lambda p: p.write_text(made.to_json(), encoding="utf-8"))
    print(f"Fastställde ramarna {year} enligt versionen {made.version} ({counted(len(frames), 'nämnd', 'nämnder')}).\n"
          f"  Fastställelsen: {record}\n  Arbetsboken som den var: {copy}\n"
          f"  Raderna till bladet Ramar: {paste}\n"
          f"Klistra in raderna från {paste.name} i planeringsarbetsbokens blad Ramar; nästa års beräkning "
          f"utgår från dem.")
    return EXIT_OK


def register(commands) -> None:
    """Add `jämför` and `fastställ` to the `ramkalk` command line."""
    jamfor = commands.add_parser(
        "jämför", help="förklara skillnaden mellan två versioner nämnd för nämnd",
        description="Jämför två versioner (processversioner eller scenarier) av planeringsarbetsboken: varje "
                    "indata och beslut som ändrats och dess effekt på varje nämnds ram och år, i kr. Effekterna "
                    "summerar exakt till skillnaden mellan versionernas ramar.",
        epilog="Exempel:\n  ramkalk jämför exempelstad.xlsx Juni November")
    jamfor.add_argument("arbetsbok", metavar="ARBETSBOK", help="planeringsarbetsboken (.xlsx/.xlsm)")
    jamfor.add_argument("version1", metavar="VERSION1", help="versionen det jämförs från, t.ex. Juni")
    jamfor.add_argument("version2", metavar="VERSION2", help="versionen det jämförs med, t.ex. November")
    jamfor.add_argument("--json", action="store_true", help="skriv ändringarna och ramarna som JSON (kr)")
    jamfor.set_defaults(run=cmd_jamfor)

    faststall = commands.add_parser(
        "fastställ", help="fastställ budgetårets ramar enligt en version",
        description="Registrerar versionens ramar för budgetåret som fastställda: en fastställelse (JSON) med "
                    "datum och version, en kopia av arbetsboken och en fil med raderna till bladet Ramar. "
                    "Ett år fastställs en gång; planeringsarbetsboken ändras aldrig.",
        epilog="Exempel:\n  ramkalk fastställ exempelstad.xlsx --version November")
    workbook_argument(faststall, required_version=True)
    faststall.add_argument("--mapp", metavar="MAPP",
                           help="mappen fastställelserna sparas i (standard: ARBETSBOK_fastställt bredvid arbetsboken)")
    faststall.add_argument("--datum", type=iso_date, metavar="ÅÅÅÅ-MM-DD",
                           help="beslutsdatum (standard: i dag)")
    faststall.set_defaults(run=cmd_faststall)
