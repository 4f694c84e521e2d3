"""The `ramkalk` command line: thin, Swedish, and never rewriting the user's workbook.

Every command reads and validates through `ramkalk.pipeline`, prints problems as
`FIL:Blad!Cell: meddelande` and exits 1 if any is an error (2 for a wrong command
line). Output files are written to a temporary file first and moved into place, so a
failed run leaves nothing half-written (`write_atomically`: the one way any command writes a file).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ramkalk import __version__, pipeline
from ramkalk.calculation import Calculation
from ramkalk.display import counted
from ramkalk.example import exempelstad
from ramkalk.frame_text import find_frame, frame_explanation
from ramkalk.model import FrameModel
from ramkalk.model_description import DEFAULT_STAGE, STAGES, model_description
from ramkalk.problems import Problem, Severity, file_error_reason
from ramkalk.result_workbook import write_result_workbook
from ramkalk.sensitivity import sensitivity
from ramkalk.text_report import (
    amount_json,
    balance_table,
    comparison_table,
    frame_json,
    frames_table,
    revenue_tags_table,
    sensitivity_tables,
)
from ramkalk.workbook_writer import write_workbook

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

ARGPARSE_MESSAGES = (
    ("the following arguments are required", "följande argument saknas"),
    ("unrecognized arguments", "okända argument"),
    ("invalid choice", "ogiltigt val"),
    ("expected one argument", "väntade ett värde"),
    ("expected at least one argument", "väntade minst ett värde"),
    ("choose from", "välj bland"),
    ("invalid int value: ", "väntade ett heltal, fick "),
    ("invalid float value: ", "väntade ett tal, fick "),
    ("ambiguous option", "flaggan är tvetydig"),
    ("could match", "kan vara"),
)


def iso_date(value: str) -> date:
    """An argument ÅÅÅÅ-MM-DD as a date (argparse type), or a Swedish usage error."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"väntade ett datum ÅÅÅÅ-MM-DD, fick \"{value}\"") from None


class SwedishFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: D102 - argparse hook
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Swedish headings and error messages."""

    def __init__(self, **kwargs) -> None:
        super().__init__(formatter_class=SwedishFormatter, add_help=False, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        # --help too: what every other command-line program takes (and what users type)
        self.add_argument("-h", "--hjälp", "--help", action="help", help="visa hjälpen och avsluta")

    def error(self, message: str) -> None:  # noqa: D102 - argparse hook
        for english, swedish in ARGPARSE_MESSAGES:
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fel: {message}\n")


def print_problems(problems: Sequence[Problem], stream=None) -> None:
    for problem in problems:
        print(problem, file=stream or sys.stderr)


def problems_summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "Inga fel hittades."
    return f"{errors} fel och {counted(warnings, 'varning', 'varningar')}."


# The temporary files of `write_atomically`: hidden, and never ending in a workbook's suffix, so that
# neither a reader nor a person takes one for a workbook or a returned template (`konsolidera` skips
# hidden files). A run killed while writing leaves one behind; the next run that writes into that
# folder removes ours once they are LEFTOVER_SECONDS old (a younger one may be another run's, still
# being written), and never any other file.
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".~ramkalk-", ".tmp"
TEMPORARY_NAME = re.compile(re.escape(TEMPORARY_PREFIX) + r"[a-z0-9_]+" + re.escape(TEMPORARY_SUFFIX))
LEFTOVER_SECONDS = 10 * 60
# When this process last removed the leftovers of a folder: `underlag` writes hundreds of files into
# one folder (perhaps on a network share), which is listed once, not once per file.
_swept: dict[Path, float] = {}
SWEEP_AGAIN_SECONDS = 60


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder (see TEMPORARY_PREFIX), then move it
    into place: the file at `path` is either as before or wholly written, whatever happens."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=path.parent)
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes the file private; ours are to be shared
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of `write_atomically` in `folder` that are LEFTOVER_SECONDS old
    or older (left by a run that was killed); a folder swept in the last SWEEP_AGAIN_SECONDS is
    not listed again. Never raises: a file that cannot be removed is left, as is every file whose
    name is not ours."""
    key, now = folder.absolute(), time.monotonic()
    if now - _swept.get(key, -SWEEP_AGAIN_SECONDS) < SWEEP_AGAIN_SECONDS:
        return
    _swept[key] = now
    oldest = time.time() - LEFTOVER_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not TEMPORARY_NAME.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime <= oldest:
                os.unlink(entry.path)
        except OSError:
            pass


def refused_output(out: Path, source: Path, what: str) -> str | None:
    """Why `what` (the result, the summary, …) must not be written to `out`, or None: it would
    replace the planning workbook `source`, or a planning template (one sent out or returned),
    whose loss nothing would tell. Checked before anything is read."""
    if out.resolve() == source.resolve():
        return f"{out}: {what} får inte skrivas över planeringsarbetsboken; välj ett annat filnamn"
    from templates.returned_file import is_template  # (templates builds on this package)

    if out.is_file() and is_template(out):
        return (f"{out}: {what} får inte skrivas över ett planeringsunderlag (filen har bladet Identitet); välj ett "
                "annat filnamn")
    return None


VERSION_HELP = ("processversionen (Juni, Augusti, Oktober, November) eller scenariot som beräknas "
                "(standard: den senaste processversionen som någon rad hör till)")


def workbook_argument(parser: argparse.ArgumentParser, default_version: str | None = None,
                      required_version: bool = False) -> None:
    """The ARBETSBOK argument, and --version, of every command that reads a planning workbook."""
    parser.add_argument("arbetsbok", metavar="ARBETSBOK", help="planeringsarbetsboken (.xlsx/.xlsm)")
    what = VERSION_HELP.split(" (standard")[0]
    parser.add_argument("--version", metavar="VERSION", default=default_version, required=required_version,
                        help=what if required_version else VERSION_HELP if default_version is None
                        else f"{what} (standard: {default_version})")


def checked_calculation(source: Path, nothing_done: str,
                        version: str | None = None) -> tuple[pipeline.Checked, Calculation] | None:
    """Read, check and compute `source` as of `version`, printing its problems; None (and
    `nothing_done` said) if it has errors. The one way every command starts from a planning workbook."""
    checked = pipeline.check_file(source, version)
    print_problems(checked.problems)
    if not checked.ok:
        print(f"{problems_summary(checked.problems)} {nothing_done}", file=sys.stderr)
        return None
    return checked, pipeline.calculate_all(checked)


def cmd_exempel(args: argparse.Namespace) -> int:
    path = Path(args.fil)
    if path.exists() and not args.skriv_over:
        print(f"{path}: filen finns redan; välj ett annat namn eller ange --skriv-över", file=sys.stderr)
        return EXIT_PROBLEMS
    write_atomically(path, lambda p: write_workbook(exempelstad(), p))
    print(f"Skrev exempelkommunen Exempelstad till {path}.")
    return EXIT_OK


def cmd_kontrollera(args: argparse.Namespace) -> int:
    if args.version is None:
        checked = pipeline.check_every_version(args.arbetsbok)
    else:
        checked = pipeline.check_file(args.arbetsbok, args.version)
    checked = pipeline.with_plausibility(checked)  # (computes data without errors, for the result rules)
    if args.json:
        print(json.dumps([p.as_dict() for p in checked.problems], ensure_ascii=False, indent=2))
    else:
        print_problems(checked.problems, sys.stdout)
        print(problems_summary(checked.problems), file=sys.stderr)
    return EXIT_OK if checked.ok else EXIT_PROBLEMS


def cmd_berakna(args: argparse.Namespace) -> int:
    source = Path(args.arbetsbok)
    refused = refused_output(Path(args.ut), source, "resultatet") if args.ut else None
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    found = checked_calculation(source, "Inget beräknades och ingen fil skrevs.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    checked, calculation = found
    warnings = pipeline.plausibility_warnings(checked, calculation)
    print_problems(warnings)  # (stderr, as the other problems: stdout stays the result)
    frames = calculation.frames
    if args.json:
        compare = calculation if args.jamfor else None
        print(json.dumps([frame_json(f, compare) for f in frames], ensure_ascii=False, indent=2))
    else:
        print(frames_table(checked.data, frames))
        if args.jamfor:
            print(comparison_table(calculation))
        if calculation.balances:
            print(balance_table(calculation))
        if checked.data.revenue_tags:
            print(revenue_tags_table(calculation))
    if args.ut:
        out = Path(args.ut)
        write_atomically(out, lambda p: write_result_workbook(calculation, p, checked.problems + warnings))
        print(f"Skrev resultatet till {out}.", file=sys.stderr)
    return EXIT_OK


def cmd_kanslighet(args: argparse.Namespace) -> int:
    computed = checked_calculation(Path(args.arbetsbok), "Inget beräknades.", args.version)
    if computed is None:
        return EXIT_PROBLEMS
    checked = computed[0]
    found = sensitivity(checked.data)
    if args.json:
        print(json.dumps({
            "ramar": [{"scenario": e.scenario, "nämnd": e.committee, "år": e.year, "förändring": amount_json(e.change)}
                      for e in found.effects],
            "balans": [{"scenario": b.scenario, "år": b.year, "förändring": amount_json(b.change),
                        "differens_mot_utrymme": None if b.gap is None else amount_json(b.gap)}
                       for b in found.balance],
        }, ensure_ascii=False, indent=2))
    else:
        print(sensitivity_tables(checked.data, found))
    return EXIT_OK


def cmd_modellbeskrivning(args: argparse.Namespace) -> int:
    source, out = Path(args.arbetsbok), Path(args.ut)
    refused = refused_output(out, source, "beskrivningen")
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    found = checked_calculation(source, "Ingen beskrivning skrevs.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    calculation = found[1]
    version = (calculation.data.version or "").casefold()
    text = model_description(calculation, args.skede or (version if version in STAGES else DEFAULT_STAGE))
    write_atomically(out, lambda p: p.write_text(text, encoding="utf-8"))
    print(f"Skrev modellbeskrivningen till {out}.", file=sys.stderr)
    return EXIT_OK


MODEL_CHOICES = {"traditionell": FrameModel.TRADITIONAL, "prislapp": FrameModel.PRICE_TAG}


def cmd_forklara(args: argparse.Namespace) -> int:
    found = checked_calculation(Path(args.arbetsbok), "Inget förklarades.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    calculation = found[1]
    frame, message = find_frame(calculation, args.namnd, args.ar, MODEL_CHOICES.get(args.modell))
    if frame is None:
        print(f"{args.arbetsbok}: {message}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(frame_explanation(calculation, frame))
    return EXIT_OK


def build_parser() -> Parser:
    parser = Parser(
        prog="ramkalk",
        description="Beräknar nämndernas ramar enligt kommunens resursfördelningsmodell.",
        epilog="Exempel:\n  ramkalk exempel exempelstad.xlsx\n  ramkalk kontrollera exempelstad.xlsx\n"
               "  ramkalk beräkna exempelstad.xlsx --ut resultat.xlsx",
    )
    parser.add_argument("--version", action="version", version=f"ramkalk {__version__}",
                        help="visa versionen och avsluta")
    commands = parser.add_subparsers(title="kommandon", dest="kommando", metavar="KOMMANDO", parser_class=Parser)
    commands.required = True

    exempel = commands.add_parser("exempel", help="skriv exempelkommunen Exempelstad som planeringsarbetsbok",
                                  description="Skriver exempelkommunen Exempelstad som en planeringsarbetsbok.")
    exempel.add_argument("fil", metavar="FIL.xlsx", help="filen som ska skrivas")
    exempel.add_argument("--skriv-över", dest="skriv_over", action="store_true",
                         help="skriv över filen om den redan finns")
    exempel.set_defaults(run=cmd_exempel)

    kontrollera = commands.add_parser(
        "kontrollera", help="kontrollera en planeringsarbetsbok och visa alla problem",
        description="Kontrollerar planeringsarbetsboken och skriver varje problem som FIL:Blad!Cell: meddelande. "
                    "Avslutar med kod 1 om något fel hittas.")
    workbook_argument(kontrollera)
    kontrollera.add_argument("--json", action="store_true", help="skriv problemen som JSON")
    kontrollera.set_defaults(run=cmd_kontrollera)

    berakna = commands.add_parser(
        "beräkna", help="beräkna alla nämnders ramar för budgetåret och planåren",
        description="Beräknar varje nämnds ram för budgetåret och planåren och visar dem i tkr. "
                    "Planeringsarbetsboken ändras aldrig.")
    workbook_argument(berakna)
    berakna.add_argument("--json", action="store_true",
                         help="skriv en lista med ett objekt per nämnd och år (belopp i kr)")
    berakna.add_argument("--jämför", dest="jamfor", action="store_true",
                         help="visa även båda modellerna (traditionell och prislapp) och skillnaden, arvet")
    berakna.add_argument("--ut", metavar="RESULTAT.xlsx", help="skriv en resultatarbetsbok med ramar och förklaringar")
    berakna.set_defaults(run=cmd_berakna)

    kanslighet = commands.add_parser(
        "känslighet", help="visa hur ramarna och balansen påverkas av löner, priser och volymer",
        description="Visar hur varje ram och balansen mot intäkterna ändras om löneökningen eller prisökningen "
                    "ändras med en procentenhet, eller volymen i en volymgrupp med en procent, för budgetåret "
                    "och planåren. Beräknas utan balanseringskrav.")
    workbook_argument(kanslighet)
    kanslighet.add_argument("--json", action="store_true", help="skriv förändringarna som JSON (kr)")
    kanslighet.set_defaults(run=cmd_kanslighet)

    beskrivning = commands.add_parser(
        "modellbeskrivning", help="skriv en beskrivning av resursfördelningsmodellen som HTML",
        description="Skriver en fristående HTML-fil som beskriver kommunens resursfördelningsmodell med dess "
                    "faktiska parametrar: regler, index, volymgrupper, beslut, varje nämnds ram med diagram och "
                    "balansen mot intäkterna. Öppna den i en webbläsare; skriv ut som PDF därifrån.")
    workbook_argument(beskrivning)
    beskrivning.add_argument("--ut", metavar="FIL.html", default="modellbeskrivning.html",
                             help="filen som ska skrivas (standard: modellbeskrivning.html)")
    beskrivning.add_argument("--skede", choices=STAGES,
                             help="var i årsprocessen den här versionen av ramarna hör hemma (standard: "
                                  f"versionens skede, {DEFAULT_STAGE} för en arbetsbok utan versioner)")
    beskrivning.set_defaults(run=cmd_modellbeskrivning)

    forklara = commands.add_parser(
        "förklara", help="förklara en nämnds ram för ett år rad för rad",
        description="Skriver förklaringen av en nämnds ram för ett år: varje rad med belopp (kr), regel och "
                    "indata med cell, och delposterna indragna under sin rad.")
    workbook_argument(forklara)
    forklara.add_argument("namnd", metavar="NÄMND", help="nämndens kod, t.ex. GSN")
    forklara.add_argument("ar", metavar="ÅR", help="budgetåret eller ett planår")
    forklara.add_argument("--modell", choices=tuple(MODEL_CHOICES),
                          help="förklara ramen enligt den här modellen, utan balanseringskrav "
                               "(standard: nämndens egen modell)")
    forklara.set_defaults(run=cmd_forklara)

    from ramkalk.process_cli import register as register_process  # these modules import this one
    register_process(commands)
    from templates.command import register
    register(commands)
    from templates.consolidate_command import register as register_consolidation
    register_consolidation(commands)
    return parser


# Allocations between two collections of the youngest generation while a command runs (Python's
# default is 700). A command makes many objects that live until it ends (every row of the planning
# workbook, a record per returned file), and at the default the cyclic garbage collector scans them
# again and again: about a tenth of `konsolidera`'s time (bench/bench_consolidation.py). Garbage
# cycles are still collected, only less often.
COLLECT_AFTER = 10_000


@contextmanager
def fewer_collections(threshold: int = COLLECT_AFTER) -> Iterator[None]:
    """Run the body with the garbage collector's first threshold at `threshold`, then restore it."""
    before = gc.get_threshold()
    gc.set_threshold(threshold, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with fewer_collections():
            return args.run(args)
    except BrokenPipeError:  # the reader of our output (e.g. `| head`) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the final flush cannot fail
        return EXIT_OK
    except OSError as exc:  # a file that could not be read or written: no traceback, what to do
        print(file_error(exc), file=sys.stderr)
        return EXIT_PROBLEMS


def file_error(exc: OSError) -> str:
    """A file that could not be read or written, in Swedish: which file, why, and what to do.
    (A replaced file is named by os.replace's second name: the file being written.)"""
    name = exc.filename2 or exc.filename
    return str(exc) if name is None else f"{os.fsdecode(name)}: {file_error_reason(exc)}"


if __name__ == "__main__":
    sys.exit(main())
