"""`accord serve`: everything a fresh machine needs, then a production WSGI server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Apply migrations, collect static files and serve Accord with waitress "
        "(a production WSGI server, not runserver)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="default: 8000")
        parser.add_argument(
            "--threads", type=int, default=8, help="worker threads (default: 8)"
        )
        parser.add_argument(
            "--no-bundled",
            action="store_true",
            help="do not load the bundled edition into an empty database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_bundled"]:
            self.load_bundled()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.serve(options["host"], options["port"], options["threads"])

    def load_bundled(self) -> None:
        from accord.core.errors import ImportInputError
        from accord.importer.importing import load_bundled_edition_if_empty

        # A bundled edition that does not import cleanly is a packaging error:
        # say so loudly, store none of it, and still serve (staff can import).
        try:
            loaded = load_bundled_edition_if_empty()
        except ImportInputError as exc:
            self.stderr.write(f"accord: the bundled edition was not loaded: {exc}")
            return
        if loaded:
            self.stdout.write(loaded)

    def serve(self, host: str, port: int, threads: int) -> None:
        from waitress import serve

        from accord.wsgi import application

        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Accord is running at http://{shown_host}:{port}/")
        self.stdout.write(f"Data directory: {settings.DATA_DIR}  (Ctrl+C to stop)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="accord")
