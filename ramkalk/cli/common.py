"""What every command of the `ramkalk` command line shares: exit codes, the Swedish argument parser,
printing problems, the one way a file is written (`write_atomically`), the planning workbook argument
and the start of every command from a workbook (`checked_calculation`).

Imports nothing heavy at module level: `ramkalk --hjälp` starts without reading any workbook library.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from ramkalk.core.display import counted
from ramkalk.core.problems import Problem, Severity, file_error_reason

if TYPE_CHECKING:
    from ramkalk.calculation.frames import Calculation
    from ramkalk.workbook.pipeline import Checked

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
    import tempfile  # (only a command that writes pays for it)

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
    from ramkalk.templates.returned_file import is_template  # (templates builds on this package)

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
                        version: str | None = None) -> tuple[Checked, Calculation] | None:
    """Read, check and compute `source` as of `version`, printing its problems and, for data without
    errors, the plausibility warnings of what was computed (stderr, after the others; they are in
    the returned `Checked`'s problems too); None (and `nothing_done` said) if it has errors. The one
    way every command starts from a planning workbook, so every command that shows numbers warns
    about implausible ones."""
    from ramkalk.workbook import pipeline

    checked = pipeline.check_file(source, version)
    print_problems(checked.problems)
    if not checked.ok:
        print(f"{problems_summary(checked.problems)} {nothing_done}", file=sys.stderr)
        return None
    calculation = pipeline.calculate_all(checked)
    warned = pipeline.with_plausibility(checked, calculation)
    print_problems(warned.problems[len(checked.problems):])
    return warned, calculation


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


def file_error(exc: OSError) -> str:
    """A file that could not be read or written, in Swedish: which file, why, and what to do.
    (A replaced file is named by os.replace's second name: the file being written.)"""
    name = exc.filename2 or exc.filename
    return str(exc) if name is None else f"{os.fsdecode(name)}: {file_error_reason(exc)}"
