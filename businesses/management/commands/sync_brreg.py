import datetime

from django.core.management.base import BaseCommand, CommandError

from businesses.brreg import BrregClient, BrregError
from businesses.services.registry import sync_registry


class Command(BaseCommand):
    help = "Apply Enhetsregisteret's change feed since the last seen update id (the nightly task does the same)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["enheter", "underenheter"], action="append", help="default: both")
        parser.add_argument(
            "--since", type=datetime.date.fromisoformat, help="first run only: read changes from this date (YYYY-MM-DD)"
        )

    def handle(self, *args, kind, since, **options):
        client = BrregClient()
        for feed in kind or ["enheter", "underenheter"]:
            try:
                report = sync_registry(client, kind=feed, since=since)
            except BrregError as error:
                raise CommandError(f"Enhetsregisteret did not answer as expected: {error}") from None
            for location, reason in report.rejected:
                self.stdout.write(f"rejected {location}: {reason}")
            self.stdout.write(f"{feed}: {report.summary()}.")
