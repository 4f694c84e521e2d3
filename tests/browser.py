"""Render an HTML file with headless Chromium and read the screenshot back.

Chromium comes from the Debian packages (`scripts/test.sh` installs it when it is missing);
without it the tests that use this module fail, they are never skipped. Every call gets a
fresh user-data-dir and the flags that keep Chromium from reaching the network.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--hide-scrollbars")
TIMEOUT_S = 180


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("chromium saknas: kör bash scripts/test.sh (installerar chromium) "
                           "eller apt-get install -y chromium")
    return found


def screenshot(page: Path, out: Path, width: int, height: int, scale: float = 1) -> Image.Image:
    """A screenshot of `page` in a window of width × height CSS pixels (× scale device pixels)."""
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ramkalk-chromium-") as profile:
        result = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out}",
             f"--window-size={width},{height}", f"--force-device-scale-factor={scale}", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL, check=False)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium kunde inte ta en skärmbild av {page}:\n{result.stderr[-3000:]}")
    return Image.open(out).convert("RGB")
