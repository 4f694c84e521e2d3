"""xlwings' decorators (`func`, `arg`, `ret`, `script`), imported from xlwings only where they
do something: classic xlwings on Windows, xlwings Lite (Pyodide, `sys.platform ==
"emscripten"`) and a server (`XLWINGS_ON_SERVER`). Elsewhere xlwings' own decorators are
no-ops, and importing xlwings would import numpy, pandas and matplotlib when they are
installed (about half a second), so the worksheet functions stay light for tests, the
CLI's machine and the benchmark: the same no-ops are defined here.

`RUNTIME` says which: "classic", "lite", "server" or "none". Only the BSD part of xlwings
is used (never `xlwings.pro`; Lite's runtime brings its own xlwings).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

if sys.platform == "emscripten":
    RUNTIME = "lite"
elif os.environ.get("XLWINGS_ON_SERVER") == "true":
    RUNTIME = "server"
elif sys.platform == "win32":
    RUNTIME = "classic"
else:
    RUNTIME = "none"


def _marking(f: Callable | None = None, *args: Any, **kwargs: Any) -> Callable:
    """`@func`, `@func(...)`, `@script`: the function unchanged, as xlwings off Windows."""
    return f if callable(f) else (lambda g: g)


def _configuring(*args: Any, **kwargs: Any) -> Callable:
    """`@arg(...)`, `@ret(...)`: the function unchanged, as xlwings off Windows."""
    return lambda g: g


if RUNTIME != "none":
    from xlwings import arg, func, ret, script  # noqa: F401
else:
    func = script = _marking
    arg = ret = _configuring

# The macros of classic xlwings (`addin.macros`: VBA-callable, the book as `ActiveWorkbook`).
# xlwings Lite registers the scripts of `addin.lite` instead, whose only parameter is the book.
classic_script, classic_arg = (script, arg) if RUNTIME in ("classic", "server", "none") else (_marking, _configuring)
