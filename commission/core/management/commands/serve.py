from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Commission over HTTP with a production WSGI server (waitress)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.servers.basehttp import get_internal_wsgi_application
        from waitress import serve

        from commission.core.runtime import start_serving_companions

        # The application settings.WSGI_APPLICATION names (commission.wsgi, which also settles
        # what was loaded), looked up by name so the core does not import the top of the tree.
        application = get_internal_wsgi_application()

        self.stdout.write(
            f"Commission is serving on http://{options['host']}:{options['port']}/ "
            "(press Ctrl+C to stop)."
        )
        # Background work runs beside the server (worker threads of the job queue), unless the
        # installation leaves it to `commission worker` processes.
        stoppers = start_serving_companions()
        self.stdout.flush()
        try:
            serve(
                application, host=options["host"], port=options["port"], threads=options["threads"]
            )
        finally:
            for stop in stoppers:
                stop()
