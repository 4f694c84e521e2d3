"""xlwings' decorators (`func`, `arg`, `ret`, `script`), imported from xlwings only where they
do something: classic xlwings on Windows, xlwings Lite (Pyodide, `sys.platform ==
"emscripten"`) and a server (`XLWINGS_ON_SERVER`). Elsewhere xlwings' own decorators are
no-ops, and importing xlwings would import numpy, pandas and matplotlib when they are
installed (about half a second), so the worksheet functions stay light for tests, the
CLI's machine and the benchmark: the same no-ops are defined here.

`RUNTIME` says which: "classic", "lite", "server" or "none". Only the BSD part of xlwings
is used (never `xlwings.pro`; Lite's runtime brings its own xlwings).

`TABLES` are the conversion options of the model function's ranges: in classic xlwings each
range comes as the range itself (`range_or_values`), so that its sheet and address name the
user's cells; Lite and a server hand a function only the values.
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



def range_or_values() -> type:
    """An xlwings converter (`@arg(..., convert=...)`) that keeps a range as the `xw.Range` and reads
    anything else, a text typed into the formula, as values, as without a converter: xlwings' own
    "range" converter makes a typed text None (`RangeAccessor` copies the missing range)."""
    from xlwings.conversion import Accessor, Pipeline, ValueAccessor

    class RangeOrValues(Accessor):
        @classmethod
        def reader(cls, options: dict) -> Pipeline:
            values = ValueAccessor.reader(options)

            def read(ctx) -> None:
                if ctx.range is None:
                    values(ctx)
                else:
                    ctx.value = ctx.range

            return Pipeline().append_stage(read)

    return RangeOrValues


TABLES: dict[str, Any] = {"convert": range_or_values()} if RUNTIME == "classic" else {}

# The macros of classic xlwings (`ramkalk.addin.macros`: VBA-callable, the book as `ActiveWorkbook`).
# xlwings Lite registers the scripts of `ramkalk.addin.lite` instead, whose only parameter is the book.
classic_script, classic_arg = (script, arg) if RUNTIME in ("classic", "server", "none") else (_marking, _configuring)
