"""What every command module shares: the two errors, reading inputs, writing outputs.

This module is the bottom of the command line: it imports only the library below it (never a
sibling in ``textfix.cli``), so every command module can import it and nothing goes round in a
circle. An error is reported as one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..sinks import replacement_mode


class UsageError(Exception):
    """Bad command-line usage; reported as one line, exit status 2."""


class InputError(Exception):
    """An input that cannot be read or decoded; reported as one line, exit status 2."""


def shown(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline) escaped."""
    return name if name.isprintable() else repr(name)[1:-1]


def describe(error: OSError) -> str:
    """The system's words for an OSError, without Python's decoration."""
    if error.errno == errno.ENOSPC:
        return "no space left on device"
    return (error.strerror or str(error)).lower()


# --- inputs ---------------------------------------------------------------------------------


def read_input(name: str, stdin: BinaryIO) -> bytes:
    if name == "-":
        return stdin.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise unreadable(name, error) from None


def open_input(name: str) -> BinaryIO:
    """``name`` opened for reading in binary, or InputError saying why it cannot be."""
    try:
        if Path(name).is_dir():
            raise IsADirectoryError(name)
        return open(name, "rb")
    except OSError as error:
        raise unreadable(name, error) from None


def unreadable(name: str, error: OSError) -> InputError:
    """The one line that reports why input ``name`` cannot be read."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"{shown(name)}: no such file")
    if isinstance(error, IsADirectoryError):
        return InputError(f"{shown(name)}: is a directory")
    if isinstance(error, PermissionError):
        return InputError(f"{shown(name)}: permission denied")
    return InputError(f"{shown(name)}: cannot read: {describe(error)}")


def file_size(name: str) -> int | None:
    """The size of input ``name``; None for stdin, 0 when it cannot be read."""
    try:
        return None if name == "-" else Path(name).stat().st_size
    except OSError:
        return 0  # it will fail to read and be reported; it adds nothing to the total


# --- outputs --------------------------------------------------------------------------------


def write_now(data: bytes, stdout: BinaryIO) -> int | None:
    """Write one output to stdout now; None when the run goes on, else its exit status (0 when
    the reader went away, which is no error; 2 when stdout failed)."""
    try:
        stdout.write(data)
        stdout.flush()
    except BrokenPipeError:
        silence_stdout(stdout)
        return 0
    except OSError as error:
        silence_stdout(stdout)
        print(f"textfix: error: stdout: cannot write: {describe(error)}", file=sys.stderr)
        return 2
    return None


def emit(data: bytes, output: str | None, stdout: BinaryIO) -> int:
    """Write the whole output to ``output`` (atomically) or stdout; the exit status."""
    try:
        if output:
            write_atomically(Path(output), data)
        else:
            stdout.write(data)
            stdout.flush()
    except BrokenPipeError:  # the reader went away (textfix big.txt | head -1): not an error
        silence_stdout(stdout)
    except OSError as error:
        silence_stdout(stdout)
        where = shown(output) if output else "stdout"
        print(f"textfix: error: {where}: cannot write: {describe(error)}", file=sys.stderr)
        return 2
    return 0


def silence_stdout(stdout: BinaryIO) -> None:
    """Point the process's stdout at /dev/null so the interpreter's final flush of what is
    still buffered cannot fail again (and print a traceback) at exit."""
    real = sys.__stdout__
    if real is None or stdout is not real.buffer:
        return  # a stream the caller passed in (tests): not ours to redirect
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, real.fileno())
    except (OSError, ValueError):
        pass


def _write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is out (a write may be partial); OSError (ENOSPC) propagates."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_atomically(path: Path, data: bytes, backup: str | None = None) -> None:
    """Write via a temporary file in the same folder, fsync, and a rename: the file is either the
    old one or the new one, never half-written. The mode (and, when allowed, the owner) of the
    old file is kept, and a new file gets the mode the umask gives; a symbolic link is followed,
    so the file it points to is rewritten. With ``backup``, the old file is first copied to
    ``path + backup``.

    A process killed by SIGKILL (or a power cut) between the first write and the rename leaves
    ``.NAME.*.tmp`` beside the file: harmless, never read by textfix, safe to delete. Any other
    failure, Ctrl-C included, removes it.
    """
    path = Path(os.path.realpath(path))
    try:
        old: os.stat_result | None = path.stat()
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        # A device, a FIFO (/dev/stdout, /dev/full, a named pipe): no rename, write through.
        with path.open("wb") as out:
            out.write(data)
        return
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temporary, replacement_mode(path))  # a new file follows the umask
        if old is not None:
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(temporary, old.st_uid, old.st_gid)
            if backup:
                _copy_atomically(path, Path(f"{path}{backup}"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` (content, mode, times) to ``target`` through a temporary and a rename."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
