"""Where streamed output goes: stdout, or a file replaced atomically when the run is done.

The text mode collects its output and writes it with ``cli._io.write_atomically``; the JSON Lines
mode and the audit page stream theirs, chunk by chunk, through these.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol


def current_umask() -> int:
    """The process's umask. Linux shows it in /proc without changing it; elsewhere it is read by
    setting and restoring it (a moment in which another thread's new file would get 0o022)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def replacement_mode(path: Path) -> int:
    """The mode a file written atomically over ``path`` gets: the old file's, or for a new file
    what ``open`` would give (0o666 less the umask, as a shell's ``>`` does), not mkstemp's
    owner-only 0o600."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()


class Sink(Protocol):
    def write(self, data: bytes) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


class StreamSink:
    """Writes through to a stream (stdout)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def commit(self) -> None:
        self.stream.flush()

    def abort(self) -> None:
        self.stream.flush()


class AtomicSink:
    """Streams into a temporary file beside ``path``; ``commit`` fsyncs and renames it over
    ``path`` (keeping its mode), ``abort`` removes it: ``path`` is never half-written.

    A ``path`` that exists and is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO) is
    written through instead: renaming over it would replace the device with a file.
    """

    def __init__(self, path: str) -> None:
        self.path = Path(os.path.realpath(path))
        self.temporary: str | None = None
        try:
            through = not stat.S_ISREG(self.path.stat().st_mode)
        except FileNotFoundError:
            through = False
        if through:
            self.file = open(self.path, "wb")  # noqa: SIM115 (closed by commit or abort)
            return
        fd, self.temporary = tempfile.mkstemp(dir=self.path.parent,
                                              prefix=f".{self.path.name}.", suffix=".tmp")
        self.file = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.file.write(data)

    def commit(self) -> None:
        if self.temporary is None:
            self.file.close()
            return
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            os.chmod(self.temporary, replacement_mode(self.path))
            os.replace(self.temporary, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # closing flushes: a full disk fails once more
            self.file.close()
        if self.temporary is not None:
            Path(self.temporary).unlink(missing_ok=True)
