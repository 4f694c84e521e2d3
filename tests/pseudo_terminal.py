"""A pseudo-terminal as stderr, for the tests of what a command draws on a user's terminal.

`Terminal(monkeypatch)` opens a pseudo-terminal (100 columns, raw: no newline translation),
makes its end sys.stderr (a terminal: `isatty()`), and keeps what is written to it; `text()`
closes it and gives what a terminal received. POSIX only (`pty`).
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import sys
import termios
import threading
import tty


class Terminal:
    COLUMNS = 100

    def __init__(self, monkeypatch) -> None:
        self._master, slave = pty.openpty()
        tty.setraw(slave)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, self.COLUMNS, 0, 0))
        self.stream = os.fdopen(slave, "w", encoding="utf-8", buffering=1)
        self._chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)  # (a full buffer would block the writer)
        self._reader.start()
        monkeypatch.setattr(sys, "stderr", self.stream)

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 4096)
            except OSError:  # (EIO: the other end is closed)
                return
            if not data:
                return
            self._chunks.append(data)

    def text(self) -> str:
        """Everything written to the terminal (closes it)."""
        if not self.stream.closed:
            self.stream.close()
            self._reader.join(10)
            os.close(self._master)
        return b"".join(self._chunks).decode("utf-8")
