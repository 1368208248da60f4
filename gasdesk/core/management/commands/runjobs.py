"""`gasdesk runjobs`: run the periodic jobs in the foreground (embedded mode without gunicorn)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gasdesk.core.scheduling import REGISTRY, InProcessRunner, run_job


class Command(BaseCommand):
    help = "Run registered periodic jobs: once (--once NAME) or forever."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", metavar="NAME", help="run one job now and exit")
        parser.add_argument("--list", action="store_true", help="list registered jobs")
        parser.add_argument("--tick", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for spec in REGISTRY.values():
                self.stdout.write(f"{spec.name}\tevery {spec.every_seconds}s")
            return
        if options["once"]:
            ran = run_job(options["once"], force=True)
            self.stdout.write(f"{options['once']}: {'ran' if ran else 'skipped'}")
            return
        runner = InProcessRunner(tick=options["tick"])
        runner.start()
        runner.join()
