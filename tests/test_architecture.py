"""The house keeps its shape: imports point one way through the stages of a run, no module
imports itself round a circle, the core reads no file and draws nothing, and the command line
starts without loading a spreadsheet, plotting or Excel library. docs/arkitektur.md draws it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each subpackage's floor, lowest first: a module imports only from its own floor or below.
# (The folders addin/ and templates/ install as ramkalk.addin and ramkalk.templates.)
FLOORS = ("core", "schema", "rules", "calculation", "report", "example", "workbook", "templates", "cli", "addin")
FOLDERS = {"addin": ROOT / "addin", "templates": ROOT / "templates"}
CORE = ("core", "schema", "rules", "calculation")
"""The pure core: computes from records; no file, Excel, plotting or spreadsheet library."""
FORBIDDEN_IN_CORE = {"openpyxl", "python_calamine", "xlsxwriter", "xlwings", "matplotlib", "jinja2", "pandas",
                     "tqdm", "defusedxml", "sqlite3", "zipfile", "tempfile", "shutil", "pathlib", "io", "os"}
HEAVY = ("matplotlib", "openpyxl", "xlsxwriter", "xlwings", "python_calamine", "jinja2", "pandas", "tqdm",
         "defusedxml", "sqlite3")
"""Libraries `import ramkalk.cli` must not load: each command imports what it needs when it runs."""
SLOW_TO_IMPORT = ("ramkalk.schema.inputs",)
"""Our own modules the parser must not load either: the input records' dataclasses take about as
long to create as the rest of `ramkalk --hjälp` (bench/bench_start.py)."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / "ramkalk").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for package, folder in FOLDERS.items():
        for path in sorted(folder.glob("*.py")):
            found[f"ramkalk.{package}" + ("" if path.stem == "__init__" else f".{path.stem}")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for every import in the file, including those inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names
                      if f"{node.module}.{alias.name}" in MODULES]
    return found


def _floor(module: str) -> int | None:
    parts = module.split(".")
    return FLOORS.index(parts[1]) if len(parts) > 1 and parts[1] in FLOORS else None


def _graph() -> dict[str, set[str]]:
    return {module: {name for name, _ in _imports(path) if name in MODULES and name != module}
            for module, path in MODULES.items()}


def test_every_module_lives_on_a_floor():
    loose = [m for m in MODULES if _floor(m) is None and m not in ("ramkalk", "ramkalk.__main__")]
    assert not loose, f"modules outside the stage subpackages: {loose}"


def test_imports_point_down_the_stages():
    upward = []
    for module, path in MODULES.items():
        own = _floor(module)
        for name, line in _imports(path):
            target = _floor(name) if name.startswith("ramkalk.") else None
            if own is not None and target is not None and target > own:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {name}")
    assert not upward, "\n".join(upward)


def test_no_import_circles():
    graph, index, low, stack, on_stack, circles = _graph(), {}, {}, [], set(), []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert not circles, circles


@pytest.mark.parametrize("package", CORE)
def test_the_core_reads_no_file_and_draws_nothing(package: str):
    found = [f"{path.relative_to(ROOT)}:{line}: {name}"
             for module, path in MODULES.items() if _floor(module) == FLOORS.index(package)
             for name, line in _imports(path) if name.split(".")[0] in FORBIDDEN_IN_CORE]
    assert not found, "\n".join(found)
    opened = [f"{path.relative_to(ROOT)}:{node.lineno}" for module, path in MODULES.items()
              if _floor(module) == FLOORS.index(package)
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open"]
    assert not opened, opened


def test_the_command_line_starts_without_heavy_libraries():
    code = ("import sys, ramkalk.cli; parser = ramkalk.cli.build_parser(); "
            f"print(','.join(name for name in {HEAVY + SLOW_TO_IMPORT!r} if name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"loaded at start: {done.stdout.strip()}"


def test_nothing_refers_to_files_outside_the_repository():
    """Domain facts the code relies on are in docs/, in our words; no file points at the brief."""
    found = [f"{path.relative_to(ROOT)}:{number}"
             for pattern in ("ramkalk/**/*.py", "addin/*.py", "templates/*.py", "tests/*.py", "bench/*.py",
                             "docs/*.md", "*.md", "scripts/*", ".ci/*")
             for path in ROOT.glob(pattern) if path.is_file() and path.name != Path(__file__).name
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if "DOMAIN.md" in line or "../shared" in line]
    assert not found, found
