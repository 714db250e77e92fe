"""``textfix serve``: start the local page under uvicorn.

Without the ``web`` extra it says how to install it, in one line, and exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import socket
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    import uvicorn

INSTALL_HINT = ("textfix: error: 'textfix serve' needs the web extra: "
                "pip install 'textfix[web]'")
DEFAULT_PORT = 8765


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, as the rest of the command says it
        raise _UsageError(f"{message} (see 'textfix serve --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="textfix serve",
        description="Start a local web page that repairs pasted or dropped text and shows "
        "every change. Nothing leaves this machine.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--open", action="store_true", help="open the page in a browser")
    parser.add_argument("--max-mb", type=float, default=10, metavar="MB",
                        help="largest request accepted, in MB (default: 10); larger: 413")
    return parser


def exposure_warning(host: str) -> str | None:
    """A warning when ``host`` lets other machines reach the page, else None."""
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:
        pass  # a host name: it may resolve anywhere
    return (f"textfix: warning: listening on {host}: other machines can reach this page and "
            "send it text; use the default 127.0.0.1 to keep it to this one")


def main(argv: Sequence[str]) -> int:
    """Run ``textfix serve``; the exit status. Returns once the server stops (Ctrl-C)."""
    try:  # the web extra
        import uvicorn  # noqa: F401

        from . import app  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help has printed its text
        return done.code if isinstance(done.code, int) else 0
    except _UsageError as error:
        print(f"textfix: error: {error}", file=sys.stderr)
        return 2
    if args.max_mb <= 0 or not 0 <= args.port <= 65535:
        print("textfix: error: --max-mb must be above 0 and --port within 0-65535",
              file=sys.stderr)
        return 2
    warning = exposure_warning(args.host)
    if warning:
        print(warning, file=sys.stderr)
    try:
        listener = _listen(args.host, args.port)
    except OSError as error:
        print(f"textfix: error: cannot listen on {args.host}:{args.port}: "
              f"{(error.strerror or str(error)).lower()}", file=sys.stderr)
        return 2
    host, port = listener.getsockname()[:2]
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    print(f"textfix: serving {url} (Ctrl-C stops)", file=sys.stderr, flush=True)
    if args.open:
        import webbrowser

        webbrowser.open(url)
    _server(int(args.max_mb * 1024 * 1024)).run(sockets=[listener])
    return 0


def _server(limit: int) -> uvicorn.Server:
    import uvicorn

    from .app import create_app

    # No access log: the text is in the body, never in a path, but a quiet server is simplest
    # to trust. Warnings and errors still go to stderr.
    config = uvicorn.Config(create_app(limit), log_level="warning", access_log=False,
                            server_header=False)
    return uvicorn.Server(config)


@contextlib.contextmanager
def running(limit: int = 10 * 1024 * 1024) -> Iterator[str]:
    """The app served on a free loopback port in a thread, for tests and benchmarks: its URL."""
    listener = _listen("127.0.0.1", 0)
    server = _server(limit)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.02)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before uvicorn starts so that the URL printed is the real one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if host == "localhost":
        host = "127.0.0.1"
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host.strip("[]"), port))
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    return listener
