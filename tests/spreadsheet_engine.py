"""Recalculate .xlsx workbooks with headless LibreOffice and read the results.

openpyxl writes formulas but never computes them, so a workbook produced by our
code carries no (or stale) cached values.  This helper lets tests open such a
workbook in LibreOffice Calc, force a full recalculation, save it again as
.xlsx and read the computed values back with openpyxl (``data_only=True``).

Traps handled here:

* LibreOffice by default does NOT recalculate OOXML files on load (it trusts
  the cached ``<v>`` values, or asks, which in headless mode means "no").  We
  run it with a private user profile whose ``registrymodifications.xcu`` sets
  ``OOXMLRecalcMode = 0`` and ``ODFRecalcMode = 0`` ("always recalculate").
* ``soffice --convert-to`` exits 0 even when it could not load the input.  We
  delete any previous output first and then check that a fresh, valid output
  file exists; otherwise RuntimeError with LibreOffice's stdout/stderr.
* A second soffice started with the same profile hands its job to the first
  instance (or fails on the profile lock).  Every process gets its own profile
  (keyed by pid), and calls inside one process are serialised with a lock, so
  pytest-xdist workers never share a profile.
* Without an explicit input filter LibreOffice happily imports any junk file
  (e.g. a text file named .xlsx) through its text/CSV import.  We force the
  OOXML import filter so that such a file makes the conversion fail.
"""

from __future__ import annotations

import atexit
import fcntl
import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile
from pathlib import Path

__all__ = ["ensure_libreoffice", "recalculate", "computed_values"]

APT_PACKAGE = "libreoffice-calc-nogui"
CONVERT_TIMEOUT_S = 120
INSTALL_TIMEOUT_S = 1800

# Filter names as listed by LibreOffice (filter/source/config/fragments).
_XLSX_FILTER = "Calc MS Excel 2007 XML"

_REGISTRY_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

_PROFILE_PREFIX = "ramkalk-lo-profile-"

_soffice_path: str | None = None
_install_lock = threading.Lock()

# Per-process profile state.  Guarded by _profile_lock; also held for the
# whole conversion so that threads of one process never share a running
# LibreOffice instance/profile concurrently.
_profile_lock = threading.Lock()
_profile_dir: Path | None = None
_profile_pid: int | None = None


# --------------------------------------------------------------------------
# Installation
# --------------------------------------------------------------------------


def _find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        *sorted(glob.glob("/opt/libreoffice*/program/soffice")),
    ]
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _apt_prefix() -> list[str]:
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo:
        return [sudo, "-n"]
    raise RuntimeError(
        f"LibreOffice (soffice) is not installed and cannot be installed "
        f"automatically: not root and no sudo. Install it with: "
        f"apt-get install -y --no-install-recommends {APT_PACKAGE}"
    )


def _run_apt(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(
        _apt_prefix() + ["apt-get", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=INSTALL_TIMEOUT_S,
        check=False,
    )


def ensure_libreoffice() -> str:
    """Return the path of ``soffice``, installing LibreOffice Calc if missing.

    Installation uses apt-get (``libreoffice-calc-nogui``); if the first
    attempt fails, ``apt-get update`` is run and the install retried.  A
    file lock serialises concurrent installs from parallel test workers.
    Raises RuntimeError if soffice still cannot be found.
    """
    global _soffice_path
    if _soffice_path and os.path.exists(_soffice_path):
        return _soffice_path
    with _install_lock:
        found = _find_soffice()
        if found:
            _soffice_path = found
            return found
        if shutil.which("apt-get") is None:
            raise RuntimeError(
                "LibreOffice (soffice) is not installed and apt-get is not "
                "available to install it."
            )
        lock_path = Path(tempfile.gettempdir()) / "ramkalk-libreoffice-install.lock"
        log: list[str] = []
        with open(lock_path, "w") as lock_file:
            # Other processes (xdist workers) wait here while one installs.
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                found = _find_soffice()
                if not found:
                    install = ["install", "-y", "--no-install-recommends", APT_PACKAGE]
                    result = _run_apt(install)
                    log.append(result.stdout)
                    if result.returncode != 0:
                        update = _run_apt(["update"])
                        log.append(update.stdout)
                        result = _run_apt(install)
                        log.append(result.stdout)
                    found = _find_soffice()
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
        if not found:
            tail = "\n".join(log)[-4000:]
            raise RuntimeError(
                f"LibreOffice (soffice) is still missing after "
                f"'apt-get install {APT_PACKAGE}'. apt-get output (tail):\n{tail}"
            )
        _soffice_path = found
        return found


# --------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------


def _cleanup_profile(path: Path, pid: int) -> None:
    # atexit handlers survive fork(); only the creating process cleans up.
    if os.getpid() == pid:
        shutil.rmtree(path, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_dead_profiles() -> None:
    """Remove profiles left behind by processes that exited without atexit (e.g. pool workers)."""
    for entry in Path(tempfile.gettempdir()).glob(f"{_PROFILE_PREFIX}*"):
        match = re.match(rf"{_PROFILE_PREFIX}(\d+)-", entry.name)
        if match and entry.is_dir() and not _pid_alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def _get_profile() -> Path:
    """Return this process's private LibreOffice profile dir (caller holds _profile_lock)."""
    global _profile_dir, _profile_pid
    pid = os.getpid()
    if _profile_dir is not None and _profile_pid == pid and _profile_dir.is_dir():
        return _profile_dir
    _sweep_dead_profiles()
    # mkdtemp gives a unique dir even if an old dir for a recycled pid exists.
    profile = Path(tempfile.mkdtemp(prefix=f"{_PROFILE_PREFIX}{pid}-"))
    user_dir = profile / "user"
    user_dir.mkdir()
    (user_dir / "registrymodifications.xcu").write_text(_REGISTRY_XCU, encoding="utf-8")
    atexit.register(_cleanup_profile, profile, pid)
    _profile_dir, _profile_pid = profile, pid
    return profile


# --------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------


def _run_soffice(cmd: list[str], env: dict[str, str]) -> tuple[int | None, str, str]:
    """Run soffice in its own process group; kill the whole group on timeout."""
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=CONVERT_TIMEOUT_S)
        return proc.returncode, out, err
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        return None, out, err


def recalculate(path: Path, out_dir: Path) -> Path:
    """Open ``path`` in headless LibreOffice, recalculate all formulas, save as xlsx.

    The result is written to ``out_dir / (path.stem + ".xlsx")`` and that path
    is returned.  Raises RuntimeError (including LibreOffice's stdout and
    stderr) if the conversion did not produce a fresh, valid output file, and
    ValueError if the output would overwrite the input.
    """
    path = Path(path).resolve()
    out_dir = Path(out_dir).resolve()
    if not path.is_file():
        raise FileNotFoundError(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path = out_dir / f"{path.stem}.xlsx"
    if out_path == path:
        raise ValueError(f"out_dir must differ from the input's directory: {path}")

    soffice = ensure_libreoffice()
    with _profile_lock:
        profile = _get_profile()
        # Remove stale output first: its mere existence must prove success.
        out_path.unlink(missing_ok=True)
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--calc",
            f"--infilter={_XLSX_FILTER}",
            "--convert-to",
            f"xlsx:{_XLSX_FILTER}",
            "--outdir",
            str(out_dir),
            str(path),
        ]
        env = dict(os.environ)
        env.setdefault("HOME", str(profile))
        env["SAL_USE_VCLPLUGIN"] = "svp"  # no display needed
        started = time.time()
        returncode, out, err = _run_soffice(cmd, env)

    def fail(reason: str) -> RuntimeError:
        return RuntimeError(
            f"LibreOffice could not recalculate {path}: {reason}\n"
            f"command: {' '.join(cmd)}\nexit code: {returncode}\n"
            f"stdout:\n{out.strip()}\nstderr:\n{err.strip()}"
        )

    if returncode is None:
        raise fail(f"timed out after {CONVERT_TIMEOUT_S} s")
    if not out_path.is_file():
        raise fail(f"no output file {out_path}")
    # 2 s slack for coarse filesystem timestamps.
    if out_path.stat().st_mtime < started - 2:
        raise fail(f"output file {out_path} is older than the conversion")
    if not zipfile.is_zipfile(out_path):
        raise fail(f"output file {out_path} is not a valid xlsx (zip) file")
    return out_path


def computed_values(path: Path, out_dir: Path) -> dict[str, dict[str, object]]:
    """Recalculate ``path`` and return sheet name -> {"B4": value} of non-empty cells.

    Values are what LibreOffice computed (numbers, strings, bools, datetimes;
    formula errors come back as strings such as "#DIV/0!").
    """
    import openpyxl

    result_path = recalculate(path, out_dir)
    wb = openpyxl.load_workbook(result_path, data_only=True)
    try:
        values: dict[str, dict[str, object]] = {}
        for ws in wb.worksheets:
            cells: dict[str, object] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        cells[cell.coordinate] = cell.value
            values[ws.title] = cells
        return values
    finally:
        wb.close()
