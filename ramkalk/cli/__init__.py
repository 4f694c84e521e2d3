"""The `ramkalk` command line: thin, Swedish, and never rewriting the user's workbook.

Every command reads and validates through `ramkalk.workbook.pipeline`, prints problems as
`FIL:Blad!Cell: meddelande` and exits 1 if any is an error (2 for a wrong command
line). Output files are written to a temporary file first and moved into place, so a
failed run leaves nothing half-written (`write_atomically`: the one way any command writes a file).
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from ramkalk import __version__
from ramkalk.cli.common import EXIT_OK, EXIT_PROBLEMS, Parser, fewer_collections, file_error


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

    from ramkalk.cli import consolidate, frames, generate, population, process

    frames.register(commands)
    process.register(commands)
    generate.register(commands)
    consolidate.register(commands)
    population.register(commands)
    return parser


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


if __name__ == "__main__":
    sys.exit(main())
