"""``python manage.py import_doffin PATH [PATH ...]``: load saved Doffin search results and single notices."""

from django.core.management.base import BaseCommand, CommandError

from procurement.services.notices import NoticeFileError, import_hits, read_notice_file


class Command(BaseCommand):
    help = (
        "Import Doffin notices from saved public-API search results ({'hits': [...]}), lists of hits or single "
        "notices. Re-running is idempotent; a changed notice is updated and its earlier state kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="JSON files in Doffin's search-hit shape")

    def handle(self, *paths, **options):
        # Read every file before writing anything: a file that cannot be read stops the command cleanly.
        files = []
        for path in options["paths"]:
            try:
                files.append((path, read_notice_file(path)))
            except NoticeFileError as error:
                raise CommandError(f"{path}: {error} Nothing was imported.") from None
        failed = False
        for path, hits in files:
            report = import_hits(hits, source=str(path))
            self.stdout.write(
                f"{path}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
                f"{len(report.rejected)} rejected"
            )
            for position, doffin_id, reason in report.rejected:
                failed = True
                self.stderr.write(f"  #{position} {doffin_id or '(no id)'}: {reason}")
        if failed:
            self.stdout.write("Rejected notices were skipped; the rest were imported.")
