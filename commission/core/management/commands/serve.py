from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Commission over HTTP with a production WSGI server (waitress)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from commission.wsgi import application

        self.stdout.write(
            f"Commission is serving on http://{options['host']}:{options['port']}/ "
            "(press Ctrl+C to stop)."
        )
        self.stdout.flush()
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
