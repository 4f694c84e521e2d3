"""`ramkalk konsolidera` and `ramkalk arkiv`: thin edges over `ramkalk.templates.consolidation` and `ramkalk.templates.archive`.

konsolidera: check and compute the planning workbook (`checked_calculation`), read every file
given (showing progress), store each in the archive, print the problems as
`FIL:Blad!Cell: meddelande` (or `--json`) and a summary, and write the consolidated workbook
from the archive. Exit 1 if a file of this run has an error, 2 for a wrong command line or an
archive that cannot be used (`EXIT_ARCHIVE`: not ours, damaged, read-only, disk full, locked).
arkiv: list what is stored, or export one stored file unchanged (the archive opened read-only).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from ramkalk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    checked_calculation,
    print_problems,
    refused_output,
    workbook_argument,
    write_atomically,
)
from ramkalk.cli.generate import progress_bar
from ramkalk.core.display import counted
from ramkalk.core.problems import Problem, Source, has_errors, warning
from ramkalk.templates.options import DEFAULT_VERSION

if TYPE_CHECKING:  # (the templates, the archive and the file readers are imported when a command runs)
    from ramkalk.calculation.frames import Calculation
    from ramkalk.templates.archive import Archive
    from ramkalk.templates.consolidation import FileResult, Summary
    from ramkalk.templates.returned_file import Limits


# Exit code when the archive cannot be used (ramkalk.templates.archive.ArchiveError, with a Swedish message):
# as for a wrong command line, the run could not do what was asked; what it stored before stays.
EXIT_ARCHIVE = EXIT_USAGE
MAX_MEGABYTES = 50
"""--max-storlek's default, as in `ramkalk.templates.returned_file.Limits` (tests/test_templates_cli.py)."""


def _archive_path(args: argparse.Namespace) -> Path | None:
    from ramkalk.templates.archive import default_path

    if args.arkiv:
        return Path(args.arkiv)
    return default_path(Path(args.arbetsbok)) if args.arbetsbok else None


def counts_text(results: list[FileResult]) -> str:
    """How many files were read, accepted (with warnings), rejected and already archived."""
    from ramkalk.templates.return_records import Status

    statuses = [r.found.status for r in results]
    accepted = sum(s is not Status.REJECTED for s in statuses)
    warned = statuses.count(Status.WARNINGS)
    known = sum(not r.new and r.archive_id is not None for r in results)
    return (f"Läste {counted(len(results), 'fil', 'filer')}: {counted(accepted, 'godkänd', 'godkända')} "
            f"({warned} med varningar), {counted(statuses.count(Status.REJECTED), 'avvisad', 'avvisade')}; {known} "
            "fanns redan i arkivet.")


def _json(results: list[FileResult], summary: Summary, skipped: list[Problem]) -> str:
    from ramkalk.templates.consolidation import missing

    return json.dumps({
        "filer": [{"fil": r.found.name, "sha256": r.found.sha256, "nämnd": r.found.committee,
                   "status": r.found.status.value, "arkiv_id": r.archive_id, "ny": r.new,
                   "problem": [p.as_dict() for p in r.found.problems]} for r in results],
        "lästes_inte": [p.as_dict() for p in skipped],
        "nämnder": [{"nämnd": s.code, "status": s.status, "fil": s.file.name if s.file else None}
                    for s in summary.committees],
        "saknas": [s.code for s in missing(summary)],
    }, ensure_ascii=False, indent=2)


def consolidate_files(calculation: Calculation, version: str, workbook: Path, paths: list[Path], out: Path,
                      archive_path: Path, limits: Limits | None = None, progress: bool = False,
                      workbook_problems: Sequence[Problem] = (),
                      not_read: Sequence[Problem] = ()) -> tuple[list[FileResult], Summary]:
    """Read `paths` into the archive and write the summary to `out` (ramkalk konsolidera and the
    add-in's macro); `workbook_problems` (the planning workbook's warnings) are listed first in
    its Kontroll, `not_read` (the files of the folders that are not read: `not_read_in`) last;
    `progress`: a progress bar on stderr while the files are read (on a terminal only).
    Raises ArchiveError if the archive cannot be used, ArchiveBusy if another writer holds it
    (what was stored before stays). `limits`: on reading a file (standard: `Limits()`)."""
    from ramkalk.templates.archive import Archive
    from ramkalk.templates.consolidation import expected_of, receive, summarise
    from ramkalk.templates.returned_file import Limits
    from ramkalk.templates.summary_workbook import write_summary

    expected = expected_of(calculation, calculation.data.version or version, workbook.name)
    with Archive(archive_path) as archive:
        # (the bar's line is cleared also when the run stops, so that the message stands alone)
        with progress_bar(len(paths), "Konsoliderar", progress) as bar:
            results = receive(paths, expected, archive, limits or Limits(), _shown_on(bar))
        summary = summarise(expected, archive)
    if workbook_problems or not_read:
        summary = replace(summary, checks=(*(("", p) for p in workbook_problems), *summary.checks,
                                           *(("", _by_name(p)) for p in not_read)))
    write_atomically(out, lambda p: write_summary(summary, p))
    return results, summary


def _shown_on(bar) -> Callable[[int, str], None]:
    """`receive`'s `show(done, label)` on a progress bar: `done` files read, `label` the one being read."""
    def show(done: int, label: str) -> None:
        bar.update(done - bar.n)
        bar.set_postfix_str(label)
    return show


def _by_name(problem: Problem) -> Problem:
    """A problem of a file named by its name alone, as Kontroll names the files in the archive."""
    return replace(problem, source=Source(Path(problem.source.file).name)) if problem.source else problem


def cmd_konsolidera(args: argparse.Namespace) -> int:
    from ramkalk.templates.archive import ArchiveError
    from ramkalk.templates.consolidation import NOT_A_WORKBOOK, files_in, missing, not_read_in
    from ramkalk.templates.returned_file import MB, Limits

    source, out = Path(args.arbetsbok), Path(args.ut)
    refused = refused_output(out, source, "sammanställningen")
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    found = checked_calculation(source, "Inga underlag lästes in.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    named = [Path(p) for p in args.filer]
    paths = files_in(named, (source, out))
    skipped = [warning(Source(str(p)), NOT_A_WORKBOOK) for p in not_read_in(named)]
    archive_path = _archive_path(args)
    try:
        results, summary = consolidate_files(found[1], args.version, source, paths, out, archive_path,
                                             Limits(max_bytes=int(args.max_storlek * MB)) if args.max_storlek
                                             else Limits(),
                                             progress=True, workbook_problems=found[0].problems,
                                             not_read=skipped)
    except ArchiveError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ARCHIVE
    problems = [p for r in results for p in r.found.problems]
    if args.json:
        print(_json(results, summary, skipped))
    else:
        print_problems([*skipped, *problems], sys.stdout)
        print(counts_text(results) if results else "Inga filer angavs; sammanställningen gjordes från arkivet.")
        absent = missing(summary)
        if absent:
            print("Nämnder utan underlag: " + ", ".join(s.code for s in absent))
    print(f"Skrev sammanställningen till {out} (arkiv: {archive_path}).", file=sys.stderr)
    return EXIT_PROBLEMS if has_errors(problems) else EXIT_OK


def cmd_arkiv(args: argparse.Namespace) -> int:
    from ramkalk.templates.archive import Archive, ArchiveError

    path = _archive_path(args)
    if path is None:
        print("ange planeringsarbetsboken eller --arkiv", file=sys.stderr)
        return EXIT_USAGE
    if not path.exists():
        print(f"{path}: arkivet finns inte; ange arkivet med --arkiv FIL (standard: ARBETSBOK_arkiv.sqlite bredvid "
              "planeringsarbetsboken)", file=sys.stderr)
        return EXIT_ARCHIVE
    if args.exportera is not None and not args.ut:
        print("--exportera kräver --ut FIL", file=sys.stderr)
        return EXIT_USAGE
    if args.exportera is not None and Path(args.ut).exists() and not args.skriv_over:
        print(f"{args.ut}: filen finns redan; välj ett annat namn eller ange --skriv-över", file=sys.stderr)
        return EXIT_USAGE
    try:
        with Archive(path, write=False) as archive:
            if args.exportera is None:
                _list(archive)
                return EXIT_OK
            data = archive.content(args.exportera)
    except ArchiveError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ARCHIVE
    if data is None:
        print(f"{path}: arkivet har ingen fil med id {args.exportera}", file=sys.stderr)
        return EXIT_PROBLEMS
    out = Path(args.ut)
    write_atomically(out, lambda p: p.write_bytes(data))
    print(f"Skrev fil {args.exportera} ({len(data)} byte) till {out}.", file=sys.stderr)
    return EXIT_OK


def _list(archive: Archive) -> None:
    files = archive.files()
    print(f"{'Id':>4}  {'Mottagen':<25} {'Nämnd':<8} {'Budgetår':<8} {'Version':<9} {'Status':<22} {'Ersatt av':>9}  "
          "Fil")
    for f in files:
        replaced = str(f.superseded_by) if f.superseded_by else ""
        print(f"{f.id:>4}  {f.received:<25} {f.committee or '?':<8} {f.budget_year or '':<8} {f.version or '':<9} "
              f"{f.status.value:<22} {replaced:>9}  {f.name}")
    print(f"{counted(len(files), 'fil', 'filer')} i {archive.path}.", file=sys.stderr)


def _megabytes(value: str) -> float:
    """--max-storlek: a number of MB greater than 0 (argparse type)."""
    try:
        found = float(value.replace(",", "."))
    except ValueError:
        found = 0.0
    if not found > 0:
        raise argparse.ArgumentTypeError(f"väntade ett antal MB större än 0, fick \"{value}\"")
    return found


def register(subparsers) -> None:
    """Add `konsolidera` and `arkiv` to the `ramkalk` command line."""
    parser = subparsers.add_parser(
        "konsolidera", help="läs in nämndernas ifyllda planeringsunderlag och skriv en sammanställning",
        description="Läser in de ifyllda planeringsunderlagen, kontrollerar varje fil (vems underlag det är, att "
                    "de låsta delarna är orörda, typer, listor och summor), sparar varje fil i arkivet och skriver "
                    "en sammanställning (Excel) från arkivet: översikt, äskanden, budget, balans och kontroll. "
                    "Utan filer skrivs sammanställningen från arkivet. Planeringsarbetsboken ändras aldrig.",
        epilog="Exempel:\n  ramkalk konsolidera exempelstad.xlsx inkommet/ --ut sammanställning.xlsx")
    workbook_argument(parser, DEFAULT_VERSION)
    parser.add_argument("filer", metavar="FIL_ELLER_MAPP", nargs="*",
                        help="ifyllda underlag, eller mappar med underlag (.xlsx, .xlsm, .xls)")
    parser.add_argument("--ut", metavar="SAMMANSTÄLLNING.xlsx", required=True, help="sammanställningen som skrivs")
    parser.add_argument("--arkiv", metavar="FIL", help="arkivet (SQLite; standard: ARBETSBOK_arkiv.sqlite bredvid "
                                                       "planeringsarbetsboken)")
    parser.add_argument("--max-storlek", dest="max_storlek", type=_megabytes, metavar="MB",
                        help=f"största fil som läses, i MB (standard: {MAX_MEGABYTES})")
    parser.add_argument("--json", action="store_true", help="skriv filerna, deras status och problem som JSON")
    parser.set_defaults(run=cmd_konsolidera)

    arkiv = subparsers.add_parser(
        "arkiv", help="visa arkivet med inlästa underlag, eller exportera en fil ur det",
        description="Listar varje fil i arkivet (id, när den togs emot, nämnd, version, status, vilken fil som "
                    "ersatt den) eller skriver en arkiverad fil oförändrad till --ut.")
    arkiv.add_argument("arbetsbok", metavar="ARBETSBOK", nargs="?",
                       help="planeringsarbetsboken (arkivet ligger bredvid den)")
    arkiv.add_argument("--arkiv", metavar="FIL", help="arkivet (SQLite)")
    arkiv.add_argument("--exportera", metavar="ID", type=int, help="id för filen som ska exporteras")
    arkiv.add_argument("--ut", metavar="FIL", help="filen som skrivs vid --exportera")
    arkiv.add_argument("--skriv-över", dest="skriv_over", action="store_true",
                       help="skriv över --ut om den redan finns")
    arkiv.set_defaults(run=cmd_arkiv)
