"""Test helpers for the Excel add-in: values as xlwings hands them over, xlwings' own
decorators (its classic `udfs.py`, which imports only on Windows), and the `formulas`
engine with the add-in's functions registered.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import importlib.util
import inspect
import io
import json
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Annotated, Callable, get_args, get_origin, get_type_hints

import numpy as np
import openpyxl
import schedula
import xlwings

ADDIN = Path(__file__).resolve().parent.parent / "addin"


def example_workbook(folder: Path) -> Path:
    """Exempelstad's planning workbook as `ramkalk exempel` writes it (with the sheet Beräkning)."""
    from ramkalk.cli import main

    path = folder / "exempelstad.xlsx"
    assert main(["exempel", str(path)]) == 0
    return path


def berakna_json(path: Path) -> dict[tuple[str, int], dict]:
    """`ramkalk beräkna --json` of a workbook, by (committee, year)."""
    from ramkalk.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["beräkna", str(path), "--json"]) == 0
    return {(f["nämnd"], f["år"]): f for f in json.loads(out.getvalue())}


def excel_value(value: object) -> object:
    """One cell as xlwings gives it to a function: None for empty, floats for numbers."""
    if value is schedula.EMPTY or value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, (str, dt.datetime)):
        return str(value) if isinstance(value, np.str_) else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return None  # an error value (#N/A ...): xlwings' default converts it to None


def excel_argument(value: object, options: dict) -> object:
    """A whole argument by xlwings' rules: a 2D list with ndim=2, otherwise a scalar for one
    cell and a flat list for one row or column."""
    grid = [[excel_value(v) for v in row] for row in np.atleast_2d(np.asarray(value, dtype=object)).tolist()]
    if options.get("ndim") == 2:
        return grid
    if len(grid) == 1 and len(grid[0]) == 1:
        return grid[0][0]
    if len(grid) == 1 or all(len(row) == 1 for row in grid):
        return [v for row in grid for v in row]
    return grid


def sheet_grid(ws) -> list[list[object]]:
    """A sheet's used range as xlwings reads it."""
    return [[excel_value(v) for v in row] for row in ws.iter_rows(values_only=True)]


def table_ranges(path: Path) -> list[list[list[object]]]:
    """Every sheet of a planning workbook but the add-in's, as the model function gets them."""
    book = openpyxl.load_workbook(path)
    return [sheet_grid(ws) for ws in book.worksheets if ws.title != "Beräkning"]


class FakeRange:
    """A range as classic xlwings hands it to the model function (`ramkalk.addin.xl.TABLES`: an `xw.Range`):
    its sheet's name, its address, and its values read with `options(ndim=2, err_to_str=True)`."""

    def __init__(self, sheet: str, address: str, rows: list[list[object]]) -> None:
        self.sheet = SimpleNamespace(name=sheet, book=SimpleNamespace(app=SimpleNamespace(engine=None)))
        self.address, self._rows = address, rows

    def options(self, **options) -> "FakeRange":
        assert options == {"ndim": 2, "err_to_str": True}
        return self

    @property
    def value(self) -> list[list[object]]:
        return [list(row) for row in self._rows]


_DECORATOR_PARTS = ("func_sig", "get_category", "get_async_mode", "check_bool", "extract_type_and_annotations",
                    "xlfunc", "xlsub", "xlret", "xlarg")


def classic_decorators() -> dict[str, Callable]:
    """func, arg, ret, script of classic xlwings (`xlwings/udfs.py`, as installed), without its
    Windows-only imports: the functions that build `__xlfunc__` and reject a wrong argument name."""
    source = Path(xlwings.__file__).with_name("udfs.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    parts = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in _DECORATOR_PARTS]
    assert {p.name for p in parts} == set(_DECORATOR_PARTS), "xlwings' udfs.py has changed; update this helper"
    namespace = {"inspect": inspect, "dt": dt, "get_type_hints": get_type_hints, "get_origin": get_origin,
                 "get_args": get_args, "Annotated": Annotated, "Any": object, "Callable": Callable, "_F": Callable}
    exec(compile(ast.Module(body=parts, type_ignores=[]), "xlwings/udfs.py", "exec"), namespace)
    return {"func": namespace["xlfunc"], "arg": namespace["xlarg"], "ret": namespace["xlret"],
            "script": namespace["xlsub"], "sub": namespace["xlsub"]}


def load_decorated(module: str, monkeypatch) -> ModuleType:
    """A fresh copy of `addin.<module>` imported with classic xlwings' decorators (the add-in takes
    them from `ramkalk.addin.xl`, which off Windows holds no-ops instead of importing xlwings)."""
    import ramkalk.addin.xl

    for name, decorator in classic_decorators().items():
        monkeypatch.setattr(xlwings, name, decorator)
        for shim in (name, f"classic_{name}"):
            if hasattr(ramkalk.addin.xl, shim):
                monkeypatch.setattr(ramkalk.addin.xl, shim, decorator)
    spec = importlib.util.spec_from_file_location(f"_decorated_{module}", ADDIN / f"{module}.py")
    found = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, found)
    spec.loader.exec_module(found)
    return found


def udfs(module: ModuleType) -> dict[str, Callable]:
    """The worksheet functions of a decorated module, by Excel name."""
    return {f.__xlfunc__["name"]: f for f in vars(module).values()
            if hasattr(f, "__xlfunc__") and not f.__xlfunc__["sub"]}


def as_formulas_function(function: Callable) -> Callable:
    """`function` callable by the `formulas` engine: each argument converted as xlwings
    converts it (by the function's @arg options), missing optional arguments left out."""
    info = function.__xlfunc__["args"]

    def call(*args):
        converted = []
        for position, value in enumerate(args):
            options = info[min(position, len(info) - 1)]["options"]
            converted.append(excel_argument(getattr(value, "value", value), options))
        return function(*converted)

    return call


FORBIDDEN_IN_FUNCTIONS = {"python_calamine", "matplotlib", "pandas", "numpy", "openpyxl", "defusedxml", "PIL",
                          "templates", "sqlite3"}
"""Top-level modules the worksheet functions never load: file readers, charts, the consolidation."""


LITE_BAD_CELL = ("Nämnder", 3, 2, "ca 60 %")
"""The bad cell of `lite_request`: GSN's Personalkostnadsandel (the third row of data) as a text."""


def lite_request(path: Path, entry: str) -> str:
    """The request of `tests/pyodide/lite_runner.py`: the workbook's ranges as the model function
    gets them (a date as {"datetime": ...}), every (committee, year) of `beräkna --json`, the entry,
    and `LITE_BAD_CELL` (its range by number)."""
    def cell(value: object) -> object:
        return {"datetime": value.isoformat()} if isinstance(value, dt.datetime) else value

    from ramkalk.workbook.ranges import recognise

    ranges = [[[cell(v) for v in row] for row in rows] for rows in table_ranges(path)]
    table, *bad = LITE_BAD_CELL
    at = next(i for i, rows in enumerate(ranges) if recognise(rows)[0] == table)
    return json.dumps({"ranges": ranges, "frames": sorted(berakna_json(path)), "entry": entry,
                       "bad_cell": [at, *bad]}, ensure_ascii=False)


def with_resolved_tables(path: Path, out: Path) -> Path:
    """A copy of the workbook at `out` whose formulas name each Excel table's cells instead of its
    structured reference (`tblNamnder[#All]` -> `'Nämnder'!$A$1:$I$12`), as Excel resolves it when
    it calculates: the `formulas` engine cannot parse structured references."""
    import re

    from openpyxl.utils.cell import absolute_coordinate, quote_sheetname

    book = openpyxl.load_workbook(path)
    cells = {table.displayName.casefold(): f"{quote_sheetname(ws.title)}!{absolute_coordinate(table.ref)}"
             for ws in book.worksheets for table in ws.tables.values()}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("=") and "[#All]" in c.value:
                    c.value = re.sub(r"(\w+)\[#All\]", lambda m: cells[m.group(1).casefold()], c.value)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
