"""A PC-Axis file (`.px`, SCB's Statistikdatabasen) as the population import's grid, read by pyaxis.

A PX file is keywords (`KEYWORD="value";`), among them STUB and HEADING (the dimensions, e.g.
"region","ålder","kön" and "år"), VALUES("dimension") (each dimension's labels) and CODEPAGE, and last
DATA=, the values in the order of the dimensions' cartesian product. pyaxis turns it into a pandas
DataFrame in long form (a column per dimension and "DATA"); here it becomes rows whose header is
those columns (a `ramkalk.workbook.population_files.Grid`), read by the long form's rules like a
long CSV. Before pyaxis runs, the keywords it needs and the number of values are checked, so a
damaged file is a located message, not pyaxis's exception; each value keeps its line in the file.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Callable

from ramkalk.core.problems import Problem, Source, error

_KEYWORD = re.compile(r'^\s*([A-Z][A-Z0-9-]*)(?:\[[^\]]*\])?(?:\("([^"]*)"\))?\s*=', re.M)
_LABEL = re.compile(r'"([^"]*)"')
_TOKEN = re.compile(r'"[^"]*"|[^\s;,"]+')


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _encoding(data: bytes, text: str) -> str:
    """The file's CODEPAGE if it names one Python knows and that decodes the file; else UTF-8 or cp1252."""
    declared = re.search(r'^\s*CODEPAGE\s*=\s*"([^"]+)"', text, re.M)
    candidates = ([declared.group(1)] if declared else []) + ["utf-8-sig", "cp1252"]
    for encoding in candidates:
        try:
            data.decode(encoding)
            return encoding
        except (LookupError, UnicodeDecodeError):
            continue
    return "cp1252"


def _keywords(text: str) -> dict[tuple[str, str | None], int]:
    """(keyword, its dimension or None) → the offset of its value, for every keyword of the metadata
    (in the default language only: a keyword with [sv] or [en] is a translation)."""
    found: dict[tuple[str, str | None], int] = {}
    for match in _KEYWORD.finditer(text):
        if "[" not in match.group(0):
            found.setdefault((match.group(1), match.group(2)), match.end())
    return found


def _labels(text: str, offset: int) -> list[str]:
    end = text.find(";", offset)
    return _LABEL.findall(text[offset:end if end >= 0 else len(text)])


def _checked(name: str, text: str) -> tuple[list[str], list[int], list[Problem]]:
    """The dimensions (STUB then HEADING) and the line of every value of DATA, or what is missing."""
    source = Source(name)
    data_at = [m.end() for m in re.finditer(r'^\s*DATA\s*=', text, re.M)]
    if len(data_at) != 1:
        what = ("PC-Axis-filen saknar nyckelordet DATA" if not data_at
                else "PC-Axis-filen har nyckelordet DATA mer än en gång")
        return [], [], [error(source, f"{what}; ladda ned tabellen igen")]
    meta = text[:data_at[0]]
    keywords = _keywords(meta)
    dimensions = [label for key in ("STUB", "HEADING") if (key, None) in keywords
                  for label in _labels(meta, keywords[(key, None)])]
    if not dimensions:
        return [], [], [error(source, "PC-Axis-filen saknar nyckelorden STUB och HEADING (tabellens variabler);"
                                      " ladda ned tabellen igen")]
    problems, sizes = [], []
    for dimension in dimensions:
        at = keywords.get(("VALUES", dimension))
        if at is None:
            problems.append(error(source, f"PC-Axis-filen saknar VALUES(\"{dimension}\"), värdena för variabeln"
                                          f" \"{dimension}\"; ladda ned tabellen igen"))
        else:
            sizes.append(len(_labels(meta, at)))
    if problems:
        return [], [], problems
    section = text[data_at[0]:]
    base = _line(text, data_at[0])
    lines = [base + section.count("\n", 0, m.start()) for m in _TOKEN.finditer(section)]
    expected = math.prod(sizes)
    if len(lines) != expected:
        return [], [], [error(Source(name, f"rad {base}"),
                              f"DATA har {len(lines)} värden, men variablerna ({', '.join(dimensions)}) ger"
                              f" {expected}; filen är avkortad eller ändrad: ladda ned tabellen igen")]
    return dimensions, lines, []


def read_px(path: Path, data: bytes, text: str) -> tuple[tuple[list[list[object]], Callable[[int, int], Source]] | None,
                                                         list[Problem]]:
    """The PC-Axis file at `path` (its bytes and their text) as rows and the place of each: the header is
    the dimensions and "DATA", a value missing in the file ("..", ".") comes as that text."""
    name = str(path)
    encoding = _encoding(data, text)
    text = data.decode(encoding, errors="replace").replace("\r\n", "\n")
    dimensions, lines, problems = _checked(name, text)
    if problems:
        return None, problems
    import contextlib
    import io
    import logging

    from pyaxis import pyaxis

    logging.getLogger("pyaxis").setLevel(logging.WARNING)  # (pyaxis logs at INFO on import)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # (pyaxis prints a line for a multilingual file)
            frame = pyaxis.parse(str(path.resolve()), encoding=encoding)["DATA"]
    except Exception as exc:  # noqa: BLE001 - whatever else pyaxis cannot read is a message about this file
        return None, [error(Source(name), f"PC-Axis-filen kan inte läsas ({type(exc).__name__}: {exc});"
                                          " ladda ned tabellen igen")]
    columns = [str(c) for c in frame.columns]
    if columns[:-1] != dimensions or len(frame) != len(lines):
        return None, [error(Source(name), "PC-Axis-filens variabler kan inte läsas; ladda ned tabellen igen")]
    values = ['..' if isinstance(v, float) and math.isnan(v) else '.' if v == "" else v for v in frame["DATA"]]
    rows = [columns] + [[*labels, value] for labels, value in zip(frame.iloc[:, :-1].values.tolist(), values)]

    def place(row: int, column: int) -> Source:
        return Source(name, f"rad {lines[row - 1] if row else 1}")  # (the message names the value's labels)

    return (rows, place), []
