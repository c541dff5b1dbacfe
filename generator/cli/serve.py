"""``opex serve``: live preview; saving a record, playbook, page or template rebuilds.

The preview is the project's own (:mod:`generator.preview`), not MkDocs' ``serve``: it rebuilds
only the pages a save changed, never stops serving (a save with problems leaves the last good
pages up, with a banner listing the problems), makes PDFs only when they are opened, and logs
one line per save.
"""

from __future__ import annotations

import argparse
import logging
import sys

from generator.cli.dates import add_date_options
from generator.config.load import load_settings
from generator.errors import OpexError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="live preview")
    add_date_options(p)
    p.add_argument(
        "--dev-addr", default="127.0.0.1:8000", help="host:port to serve on (default: %(default)s)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.preview.server import make_server, serve_in_background
    from generator.preview.session import Preview, watch

    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"opex: error: --dev-addr {args.dev_addr!r}: expected host:port", file=sys.stderr)
        return 2
    _quiet_log()

    def load():  # type: ignore[no-untyped-def]
        return load_settings(args.root, as_of=args.as_of, audience=args.audience)

    preview = Preview(load)
    if not preview.rebuild("first build"):
        preview.stop()
        return 1
    settings = preview.settings
    try:
        server = make_server(preview, host, int(port))
    except OSError as exc:
        preview.stop()
        raise OpexError(f"--dev-addr {args.dev_addr}: {exc.strerror or exc}") from None
    folders = [
        settings.root / folder
        for folder in (
            settings.content_dir,
            settings.playbooks_dir,
            settings.docs_dir,
            *settings.template_dirs(),
        )
    ]
    stop_watching = watch(preview, folders, [settings.root / "mkdocs.yml"])
    serve_in_background(server)
    import threading

    rebuilds = threading.Thread(target=preview.run, name="opex-preview-rebuild", daemon=True)
    rebuilds.start()
    logging.getLogger("opex.preview").info(
        "serving http://%s:%s/ (%s edition, as of %s); Ctrl-C stops",
        host,
        port,
        settings.audience,
        settings.as_of.isoformat(),
    )
    try:
        rebuilds.join()
    finally:
        stop_watching()
        server.shutdown()
        server.server_close()
        preview.stop()
    return 0


def _quiet_log() -> None:
    """One line per save on stderr; MkDocs' own chatter (its nav listing, its INFO lines) off.
    MkDocs' warnings are not lost: the preview shows them as the save's problems."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    ours = logging.getLogger("opex.preview")
    ours.addHandler(handler)
    ours.setLevel(logging.INFO)
    ours.propagate = False
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
