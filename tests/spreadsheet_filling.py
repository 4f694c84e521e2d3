"""Fill a workbook in LibreOffice headless as a person would: insert rows and type values.

`fill(path, out, actions)` opens `path` in LibreOffice, performs `actions` in order, lets
LibreOffice recalculate and saves the result as xlsx at `out`. It runs a generated
StarBasic macro from a private LibreOffice profile (no Python-UNO needed, only the
`soffice` that `spreadsheet_engine` installs).

- `InsertRow(sheet, cell)`: select `cell` and insert a row above it through the user
  interface's command (.uno:InsertRows), so sheet protection applies as for a person: on a
  protected sheet LibreOffice inserts only if the sheet allows inserting rows and the
  selected cell is unlocked; otherwise nothing happens.
- `Type(sheet, cell, value)`: put a number or a text in a cell (through the API, which does
  not check protection; tests check separately that the cells they type into are unlocked).

Traps: a fresh profile must be initialised by a first run before a macro is put in it
(LibreOffice otherwise replaces the Basic library); a Basic error would open a dialog, so
the macro catches every error and writes it to a status file, which `fill` reads.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from spreadsheet_engine import ensure_libreoffice

TIMEOUT_S = 120
_lock = threading.Lock()
_profile: dict[int, Path] = {}

_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">{code}</script:module>
"""

_MACRO = """
Sub Status(message As String)
  Dim f As Integer
  f = FreeFile
  Open {status} For Output As #f
  Print #f, message
  Close #f
End Sub

Sub Fill
  On Error GoTo Failed
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden" : load(0).Value = True
  doc = StarDesktop.loadComponentFromURL({source}, "_blank", 0, load())
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  Dim none()
{actions}
  doc.calculateAll()
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName" : store(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL({target}, store())
  doc.close(True)
  Status("ok")
  Exit Sub
Failed:
  Status("Basic error " & Err & " on line " & Erl & ": " & Error$)
  On Error Resume Next
  doc.close(True)
End Sub
"""


@dataclass(frozen=True)
class InsertRow:
    sheet: str
    cell: str


@dataclass(frozen=True)
class Type:
    sheet: str
    cell: str
    value: float | int | str


def _literal(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _statement(action: InsertRow | Type) -> str:
    cell = f"doc.Sheets.getByName({_literal(action.sheet)}).getCellRangeByName({_literal(action.cell)})"
    if isinstance(action, InsertRow):
        return (f"  doc.CurrentController.setActiveSheet(doc.Sheets.getByName({_literal(action.sheet)}))\n"
                f"  doc.CurrentController.select({cell})\n"
                f"  dispatcher.executeDispatch(doc.CurrentController.Frame, \".uno:InsertRows\", \"\", 0, none())")
    if isinstance(action.value, str):
        return f"  {cell}.setString({_literal(action.value)})"
    return f"  {cell}.setValue({float(action.value)!r})"


def _run(soffice: str, profile: Path, *arguments: str) -> tuple[int | None, str]:
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    env.setdefault("HOME", str(profile))
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
         "--norestore", "--nolockcheck", *arguments],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        start_new_session=True)
    try:
        out, _ = process.communicate(timeout=TIMEOUT_S)
        return process.returncode, out
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return None, process.communicate()[0]


def _initialised_profile(soffice: str) -> Path:
    """This process's profile, initialised by one run of LibreOffice."""
    profile = _profile.get(os.getpid())
    if profile is None:
        profile = Path(tempfile.mkdtemp(prefix="ramkalk-lo-fill-"))
        code, out = _run(soffice, profile, "--terminate_after_init")
        if not (profile / "user" / "basic" / "Standard").is_dir():
            raise RuntimeError(f"LibreOffice did not initialise its profile (exit {code}):\n{out}")
        _profile[os.getpid()] = profile
        atexit.register(_remove, profile, os.getpid())
    return profile


def _remove(profile: Path, pid: int) -> None:
    if os.getpid() == pid:  # atexit handlers survive fork()
        shutil.rmtree(profile, ignore_errors=True)


def fill(path: Path, out: Path, actions: list[InsertRow | Type]) -> Path:
    """Perform `actions` on `path` in LibreOffice, recalculate and save as xlsx at `out`."""
    soffice = ensure_libreoffice()
    with _lock:
        profile = _initialised_profile(soffice)
        status = profile / "status.txt"
        status.unlink(missing_ok=True)
        out.unlink(missing_ok=True)
        code = _MACRO.format(status=_literal(str(status)), source=_literal(Path(path).resolve().as_uri()),
                             target=_literal(Path(out).resolve().as_uri()),
                             actions="\n".join(_statement(a) for a in actions))
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        module.write_text(_MODULE.format(code=escape(code)), encoding="utf-8")
        exit_code, output = _run(soffice, profile, "macro:///Standard.Module1.Fill")
    result = status.read_text(encoding="utf-8").strip() if status.exists() else "no status written"
    if result != "ok" or not out.is_file():
        raise RuntimeError(f"LibreOffice could not fill {path}: {result} (exit {exit_code})\n{output}")
    return out
