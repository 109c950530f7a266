import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from businesses.bulk import BulkFile, BulkFileError
from businesses.models import IndustryCode
from businesses.services.registry import import_units
from portal.env import EnvError, check_municipalities, read_renumbering


class Command(BaseCommand):
    help = (
        "Import Enhetsregisteret's bulk download of enheter or underenheter (gzipped JSON array or CSV, "
        "gzipped or not). Upserts by organisation number; a second run of the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the downloaded file, e.g. enheter_alle.json.gz or underenheter_alle.csv.gz")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--municipality", help="comma-separated municipality numbers (default: PORTAL_MUNICIPALITIES)")
        scope.add_argument("--all", action="store_true", help="load every unit in the file, wherever it is")
        parser.add_argument("--kind", choices=["enheter", "underenheter"], help="default: detected from the first unit")
        parser.add_argument(
            "--classification",
            choices=IndustryCode.Version.values,
            default=IndustryCode.Version.SN2025,
            help="industry code vintage of the file: SN2025 since 1 September 2025, SN2007 before (default SN2025)",
        )
        parser.add_argument(
            "--keep-missing", action="store_true", help="do not mark stored units that the file does not list as deleted"
        )

    def handle(self, *args, path, municipality, all, kind, classification, keep_missing, **options):
        municipalities = None if all else self._municipalities(municipality)
        try:
            bulk = BulkFile(path)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        with bulk, self._progress(bulk) as bar:
            try:
                report = import_units(
                    bulk.rows(),
                    kind=kind,
                    municipalities=municipalities,
                    version=classification,
                    mark_missing=not keep_missing,
                    source="bulk",
                    progress=lambda: bar.update(bulk.position - bar.n),
                )
            except BulkFileError as error:
                # Loading into an empty registry nothing is kept; otherwise the batches before it are.
                raise CommandError(f"{path} is broken: {error}. No unit was marked deleted.") from None
        for location, reason in report.rejected:
            self.stdout.write(f"rejected {location}: {reason}")
        scope = "all municipalities" if municipalities is None else ", ".join(municipalities)
        self.stdout.write(f"{path} ({bulk.format}, {scope}): {report.summary()}.")

    def _municipalities(self, value: str | None) -> list[str]:
        if value is None:
            return list(settings.PORTAL_MUNICIPALITIES)
        numbers = [number.strip() for number in value.split(",") if number.strip()]
        try:
            return check_municipalities(
                "--municipality",
                numbers,
                known=settings.MUNICIPALITY_NAMES,
                renumbered=read_renumbering(settings.REFERENCE_DIR / "kommune_renumbering_akershus_2019_2024.csv"),
            )
        except EnvError as error:
            raise CommandError(str(error)) from None

    def _progress(self, bulk):
        return tqdm(total=bulk.size, unit="B", unit_scale=True, desc="import", disable=not sys.stderr.isatty(), file=sys.stderr)
