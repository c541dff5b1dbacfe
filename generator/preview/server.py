"""The preview's web server: pages from the last good build, at once, with the problems on top.

Nothing here waits for a build: every request is answered from the snapshot being served (the
rebuild thread replaces it whole).  Pages get two things on the way out, never stored in the
snapshot: a banner listing the problems of the last save (``file:line:col: message``), and a
small script that reloads the page when something new is served.  The script asks
``/.opex/changed?epoch=N``, which answers when the preview's epoch moves on (a long poll: no
websocket, no script from anywhere but this server).
"""

from __future__ import annotations

import html
import json
import mimetypes
import posixpath
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from generator.preview.session import Preview

CHANGED = "/.opex/changed"
POLL_SECONDS = 25.0
"""How long one ``/.opex/changed`` request waits before answering "nothing new"."""
RELOAD_SCRIPT = """<script>(function(){var epoch=%d;function ask(){fetch("%s?epoch="+epoch,\
{cache:"no-store"}).then(function(r){return r.json()}).then(function(d){if(d.epoch!==epoch)\
{location.reload()}else{ask()}}).catch(function(){setTimeout(ask,1000)})}ask()})();</script>"""
BANNER_STYLE = (
    "position:sticky;top:0;z-index:10;margin:0;padding:.6rem 1rem;background:#fdecea;"
    "color:#5f1313;border-bottom:3px solid #b71c1c;font:14px/1.45 system-ui,sans-serif"
)


def banner(problems: list[str]) -> str:
    """The banner of a save with problems: each on its own line, as ``opex validate`` says it."""
    items = "".join(
        f'<li><code style="white-space:pre-wrap;color:inherit;background:none">'
        f"{html.escape(p)}</code></li>"
        for p in problems
    )
    count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
    return (
        f'<div class="opex-preview-problems" role="alert" style="{BANNER_STYLE}">'
        f"<strong>The last save has {count}: this is the last good preview.</strong>"
        f'<ul style="margin:.3rem 0 0 1.2rem;padding:0">{items}</ul></div>'
    )


def decorate(page: bytes, problems: list[str], epoch: int) -> bytes:
    """A page as served: the banner after ``<body …>``, the reload script before ``</body>``."""
    text = page.decode("utf-8", errors="replace")
    if problems:
        start = text.find("<body")
        end = text.find(">", start) + 1 if start != -1 else 0
        text = text[:end] + banner(problems) + text[end:]
    script = RELOAD_SCRIPT % (epoch, CHANGED)
    at = text.rfind("</body>")
    text = text[:at] + script + text[at:] if at != -1 else text + script
    return text.encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    preview: Preview
    server_version = "opex-preview"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        """Requests are not logged: the log says what each save did, one line."""

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path == CHANGED:
            self._changed(url.query)
            return
        snapshot = self.preview.snapshot
        if snapshot is None:
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"", "text/plain", head)
            return
        path = posixpath.normpath(unquote(url.path)).lstrip("/")
        path = "" if path == "." else path
        if url.path.endswith("/") or not path:
            path = f"{path}/index.html" if path else "index.html"
        data = snapshot.get(path)
        if data is None and snapshot.get(f"{path}/index.html") is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", f"/{path}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if data == b"" and path.endswith(".pdf"):
            data = self._printed(path)
            if data is None:
                return
        status = HTTPStatus.OK
        if data is None:
            status, path, data = HTTPStatus.NOT_FOUND, "404.html", snapshot.get("404.html") or b""
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind == "text/html":
            data = decorate(data, self.preview.problems, self.preview.epoch)
            kind = "text/html; charset=utf-8"
        self._send(status, data, kind, head)

    def _printed(self, path: str) -> bytes | None:
        try:
            data = self.preview.printed(path)
        except Exception as exc:  # a template or WeasyPrint error: said, not a dead server
            message = f"{path}: could not be made: {exc}".encode()
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, message, "text/plain", False)
            return None
        if data is None:
            self._send(HTTPStatus.NOT_FOUND, b"", "text/plain", False)
        return data

    def _changed(self, query: str) -> None:
        try:
            epoch = int(parse_qs(query).get("epoch", ["-1"])[0])
        except ValueError:
            epoch = -1
        now = self.preview.wait_for_change(epoch, POLL_SECONDS)
        body = json.dumps({"epoch": now}).encode()
        self._send(HTTPStatus.OK, body, "application/json", False)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload): nothing to tell


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True


def make_server(preview: Preview, host: str, port: int) -> PreviewServer:
    """A server (not yet serving) answering from ``preview``."""
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    return PreviewServer((host, port), handler)


def serve_in_background(server: PreviewServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="opex-preview-http", daemon=True)
    thread.start()
    return thread
