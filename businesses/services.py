"""Writes to the business registry: reference tables and units from Enhetsregisteret."""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from businesses.models import Business, IndustryCode, Municipality, MunicipalityRenumbering, OrganisationForm

REFERENCE_DIR: Path = settings.REFERENCE_DIR


def _rows(filename: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / filename).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load_reference_tables() -> dict[str, int]:
    """Load municipalities, renumberings, industry codes and organisation forms from the shipped files.

    Idempotent: rows are upserted by their keys. Returns the number of rows in each table.
    """
    for row in _rows("kommuner_2024.csv"):
        Municipality.objects.update_or_create(
            number=row["kommunenummer"],
            defaults={"name": row["kommunenavn"], "county_number": row["fylkesnummer"], "county_name": row["fylkesnavn"]},
        )
    for row in _rows("kommune_renumbering_akershus_2019_2024.csv"):
        for old in (row["kommunenummer_pre2020"], row["kommunenummer_2020_2023"]):
            if old and old != row["kommunenummer_2024"]:
                MunicipalityRenumbering.objects.update_or_create(
                    old_number=old,
                    defaults={"old_name": row["navn_pre2020"], "municipality_id": row["kommunenummer_2024"]},
                )
    for version, filename in (
        (IndustryCode.Version.SN2007, "sn2007_sections_divisions.csv"),
        (IndustryCode.Version.SN2025, "sn2025_sections_divisions.csv"),
    ):
        for row in _rows(filename):
            IndustryCode.objects.update_or_create(
                version=version,
                code=row["code"],
                defaults={"parent_code": row["parent_code"], "level": int(row["level"]), "name": row["name"]},
            )
    for row in _rows("organisasjonsformer.csv"):
        OrganisationForm.objects.update_or_create(code=row["code"].strip(), defaults={"name": row["name"].strip()})
    return {
        "municipalities": Municipality.objects.count(),
        "renumberings": MunicipalityRenumbering.objects.count(),
        "industry_codes": IndustryCode.objects.count(),
        "organisation_forms": OrganisationForm.objects.count(),
    }


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _address_lines(address: dict) -> str:
    return ", ".join(line for line in (address.get("adresse") or []) if line)


def business_fields_from_brreg(record: dict) -> dict:
    """Map one unit in Enhetsregisteret's JSON shape to Business fields."""
    address = record.get("forretningsadresse") or record.get("beliggenhetsadresse") or {}
    industry = record.get("naeringskode1") or {}
    form = record.get("organisasjonsform") or {}
    return {
        "name": record["navn"],
        "organisation_form_id": form.get("kode") or None,
        "industry_code": industry.get("kode", ""),
        "industry_description": industry.get("beskrivelse", ""),
        "employees": record.get("antallAnsatte") if record.get("harRegistrertAntallAnsatte") else None,
        "business_address": _address_lines(address),
        "postal_code": address.get("postnummer") or "",
        "postal_place": address.get("poststed") or "",
        "municipality_id": address.get("kommunenummer") or None,
        "registered": _date(record.get("registreringsdatoEnhetsregisteret")),
        "website": record.get("hjemmeside") or "",
        "bankrupt": bool(record.get("konkurs")),
        "under_liquidation": bool(record.get("underAvvikling")),
        "under_forced_liquidation": bool(record.get("underTvangsavviklingEllerTvangsopplosning")),
        "deleted": _date(record.get("slettedato")),
    }


def upsert_business_from_brreg(record: dict) -> tuple[Business, bool]:
    """Create or update one business from a unit in the API / bulk-JSON shape. Returns (business, created)."""
    return Business.objects.update_or_create(orgnr=record["organisasjonsnummer"], defaults=business_fields_from_brreg(record))
