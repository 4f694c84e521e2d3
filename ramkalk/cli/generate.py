"""`ramkalk underlag`: one planning template per committee, and a list of what was written.

Thin like the rest of the CLI: read and validate through `ramkalk.cli.checked_calculation` (problems
printed as by `beräkna`, exit 1 and nothing written on an error), compute, warn about dates that
make no sense (`ramkalk.templates.options.date_warnings`: written all the same), then write
each template through a temporary file moved into place. Existing files are refused
unless --skriv-över, checked before anything is written.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ramkalk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    checked_calculation,
    iso_date,
    print_problems,
    workbook_argument,
    write_atomically,
)
from ramkalk.templates.options import DEFAULT_CONTACT, DEFAULT_VERSION, Options, date_warnings

if TYPE_CHECKING:
    from tqdm import tqdm

    from ramkalk.calculation.frames import Calculation
    from ramkalk.schema.inputs import Committee


def listing_name(budget_year: int) -> str:
    return f"Planeringsunderlag_{budget_year}_förteckning.csv"


BAR_FORMAT = "{desc}: {n_fmt}/{total_fmt} filer |{bar}| {percentage:3.0f} % [{elapsed}<{remaining}]{postfix}"


def progress_bar(total: int, description: str, shown: bool = True) -> tqdm:
    """A progress bar of `total` files on stderr, in Swedish ("Underlag: 3/11 filer |███ |  27 %
    [00:01<00:02], GSN"), drawn only when stderr is a terminal (and `shown`); silent otherwise, as
    when the macros run. Use it in a `with` block: it is closed, and its line cleared, also when the
    run stops with an error."""
    from tqdm import tqdm  # (when a command runs: `import ramkalk.cli` loads no such library)

    drawn = shown and _is_terminal(sys.stderr)
    return tqdm(total=total, desc=description, unit="fil", bar_format=BAR_FORMAT, file=sys.stderr,
                disable=not drawn, leave=False, dynamic_ncols=True)


def _is_terminal(stream: object) -> bool:
    """Whether `stream` is a terminal (not when there is no stderr, as in Excel's Python, or it is closed)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _csv_value(value: object) -> object:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def listing_text(rows: list[list[object]]) -> str:
    """CSV for Excel with Swedish settings: semicolons, UTF-8 with BOM."""
    out = io.StringIO()
    import csv

    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nämnd", "Namn", "Fil", "Mall-id", "Kontrollsumma", "Preliminär ram budgetår (tkr)"])
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    return "\ufeff" + out.getvalue()


def _refuse(paths: list[Path], overwrite: bool) -> bool:
    """Print and refuse if a file to write exists (without --skriv-över) or two would collide."""
    if len({str(p).casefold() for p in paths}) < len(paths):
        print("två nämnder skulle få samma filnamn; ändra deras koder", file=sys.stderr)
        return True
    existing = [p for p in paths if p.exists()] if not overwrite else []
    for path in existing:
        print(f"{path}: filen finns redan; välj en annan mapp eller ange --skriv-över", file=sys.stderr)
    return bool(existing)


def write_templates(calculation: Calculation, paths: dict[Committee, Path], options: Options,
                     source: str) -> list[list[object]]:
    """Write each committee's template, showing progress; return the rows of the listing."""
    from ramkalk.templates import identity
    from ramkalk.templates.content import content
    from ramkalk.templates.generator import build_template

    rows = []
    with progress_bar(len(paths), "Underlag") as bar:
        for committee, path in paths.items():
            bar.set_postfix_str(committee.code)  # (the one being written)
            found = content(calculation, committee, source)
            book = build_template(found, options)
            write_atomically(path, book.save)
            recorded = identity.read_identity(book)
            rows.append([committee.code, committee.name, path.name, recorded["template_id"], recorded["checksum"],
                         found.frame.frames[0]])
            bar.update()
    return rows


def cmd_underlag(args: argparse.Namespace) -> int:
    from ramkalk.templates.generator import file_name

    source, folder = Path(args.arbetsbok), Path(args.ut)
    if folder.exists() and not folder.is_dir():
        print(f"{folder}: är en fil, inte en mapp; ange en mapp med --ut", file=sys.stderr)
        return EXIT_USAGE
    found = checked_calculation(source, "Inga planeringsunderlag skrevs.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    calculation = found[1]
    year = calculation.data.settings.budget_year
    committees = calculation.data.committees
    paths = [folder / file_name(c.code, year) for c in committees]
    listing = folder / listing_name(year)
    if _refuse([*paths, listing], args.skriv_over):
        print("Inga planeringsunderlag skrevs.", file=sys.stderr)
        return EXIT_PROBLEMS
    options = Options(version=calculation.data.version or args.version, deadline=args.sista_dag, contact=args.kontakt, password=args.losenord)
    from ramkalk.core.problems import Source
    from ramkalk.schema.tables import SETTINGS_SHEET

    settings = Source(source.name, SETTINGS_SHEET)
    print_problems(date_warnings(options, calculation.data.settings.years,
                                 Source(f"--sista-dag {args.sista_dag}") if args.sista_dag else settings, settings))
    rows = write_templates(calculation, dict(zip(committees, paths)), options, source.name)
    write_atomically(listing, lambda p: p.write_text(listing_text(rows), encoding="utf-8"))
    print(f"Skrev {len(rows)} planeringsunderlag, version {options.version}, till {folder}:")
    for code, _name, name, template, *_ in rows:
        print(f"  {code:<8}{name}  ({template})")
    print(f"Förteckning: {listing}")
    return EXIT_OK


def register(subparsers) -> None:
    """Add `underlag` to the `ramkalk` command line."""
    parser = subparsers.add_parser(
        "underlag", help="skriv ett planeringsunderlag (Excel) per nämnd",
        description="Skriver ett planeringsunderlag per nämnd, Planeringsunderlag_<Kod>_<Budgetår>.xlsx, med "
                    "nämndens preliminära ram och hur den räknats fram, och blad där nämnden fyller i budget, "
                    "äskanden, åtgärder och volymer. Alla underlag har samma layout. Skriver också en förteckning "
                    "(CSV) över underlagen. Planeringsarbetsboken ändras aldrig.",
        epilog="Exempel:\n  ramkalk underlag exempelstad.xlsx --ut underlag --sista-dag 2026-08-28")
    workbook_argument(parser, DEFAULT_VERSION)
    parser.add_argument("--ut", metavar="MAPP", required=True, help="mappen underlagen skrivs till (skapas vid behov)")
    parser.add_argument("--sista-dag", dest="sista_dag", type=iso_date, metavar="ÅÅÅÅ-MM-DD",
                        help="sista dag att lämna underlaget (standard: 31 augusti året före budgetåret)")
    parser.add_argument("--kontakt", default=DEFAULT_CONTACT, metavar="TEXT",
                        help=f"vem nämnderna vänder sig till med frågor (standard: {DEFAULT_CONTACT})")
    parser.add_argument("--lösenord", dest="losenord", metavar="LÖSENORD",
                        help="lösenord för bladskyddet (standard: skyddat utan lösenord); skyddet hindrar "
                             "misstag, det är inget säkerhetsskydd")
    parser.add_argument("--skriv-över", dest="skriv_over", action="store_true",
                        help="skriv över underlag som redan finns i mappen")
    parser.set_defaults(run=cmd_underlag)
