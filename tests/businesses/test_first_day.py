"""A municipality's first day: migrate, an administrator, the national file, and the search finds its units.

No demo data and no fixture fills a table here: the reference tables must come from ``migrate``
(pytest-django has run it on the fresh test database).
"""

import csv
import math
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from businesses.bulk import BulkFile
from businesses.models import (
    Business,
    IndustryCode,
    Municipality,
    MunicipalityRenumbering,
    OrganisationForm,
    ReferenceLoad,
)
from businesses.services.registry import import_units, load_reference_tables
from portal.models import ActivityLog, User
from tests.businesses.conftest import DATA, SAMPLE_CSV

NORDRE_FOLLO_CSV = DATA / "enheter_nordre_follo_handmade.csv"
ADMIN_EMAIL = "it@kommune.example"


def orgnrs_in(path: Path, *municipalities: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            row["organisasjonsnummer"] for row in csv.DictReader(fh) if row["forretningsadresse.kommunenummer"] in municipalities
        }


def search(client, **params) -> tuple[int, set[str]]:
    """Every unit the registry's list finds, over all its pages: (status of the first page, organisation numbers)."""
    response = client.get("/bedrifter/", params)
    if response.status_code != 200:
        return response.status_code, set()
    found = {business.orgnr for business in response.context["object_list"]}
    for page in range(2, math.ceil(response.context["paginator"].count / 25) + 1):
        found |= {business.orgnr for business in client.get("/bedrifter/", {**params, "page": page}).context["object_list"]}
    return response.status_code, found


def first_day(monkeypatch, *files: tuple[Path, str]) -> list[str]:
    """createsuperuser, grant_role and import_brreg as the README's production section runs them; their output."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase-2026")
    out = StringIO()
    call_command("createsuperuser", "--noinput", "--email", ADMIN_EMAIL, stdout=out)
    call_command("grant_role", ADMIN_EMAIL, "administrator", stdout=out)
    for path, classification in files:
        call_command("import_brreg", str(path), "--classification", classification, stdout=out)
    return out.getvalue().splitlines()


def test_migrate_alone_fills_the_reference_tables(db):
    assert Municipality.objects.get(number="3201").name == "Bærum"
    assert Municipality.objects.get(number="3207").name == "Nordre Follo"
    assert MunicipalityRenumbering.objects.get(old_number="3020").municipality_id == "3207"
    assert {
        "municipalities": Municipality.objects.count(),
        "renumberings": MunicipalityRenumbering.objects.count(),
        "SN2007": IndustryCode.objects.filter(version="SN2007").count(),
        "SN2025": IndustryCode.objects.filter(version="SN2025").count(),
        "organisation_forms": OrganisationForm.objects.count(),
    } == {"municipalities": 357, "renumberings": 48, "SN2007": 108, "SN2025": 109, "organisation_forms": 46}
    # Nothing else: no demo users, no businesses.
    assert (User.objects.count(), Business.objects.count()) == (0, 0)


def test_first_day_for_the_default_municipalities(client, monkeypatch, settings):
    assert settings.PORTAL_MUNICIPALITIES == ["3201", "3203"]
    output = first_day(monkeypatch, (SAMPLE_CSV, "SN2007"))
    assert output == [
        "Superuser created successfully.",
        "Gave it@kommune.example the role administrator (Administrator).",
        "administrator is a staff role: it@kommune.example must set up two-factor authentication "
        "(an authenticator app) at the next login before using the portal.",
        f"{SAMPLE_CSV} (csv, 3201, 3203): read 190, new 190, updated 0, unchanged 0, deleted 0, rejected 0, "
        "outside the municipalities 0.",
    ]
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert (admin.is_superuser, list(admin.groups.values_list("name", flat=True))) == (True, ["administrator"])

    assert search(client) == (200, orgnrs_in(SAMPLE_CSV, "3201", "3203"))
    assert len(orgnrs_in(SAMPLE_CSV, "3201", "3203")) == 190
    assert search(client, municipality="3203") == (200, orgnrs_in(SAMPLE_CSV, "3203"))
    assert len(orgnrs_in(SAMPLE_CSV, "3203")) == 76
    status, found = search(client, q="desintrygg")
    assert (status, found) == (200, {"925321141"})
    # The filters over the reference tables work on the first request.
    status, found = search(client, section="N", municipality="3201", organisation_form="AS")
    assert (status, len(found)) == (200, 14)
    assert found == set(
        Business.objects.filter(industry_section="N", municipality="3201", organisation_form="AS").values_list("orgnr", flat=True)
    )


def test_first_day_for_another_municipality(client, monkeypatch, settings):
    settings.PORTAL_MUNICIPALITIES = ["3207"]
    output = first_day(monkeypatch, (SAMPLE_CSV, "SN2007"), (NORDRE_FOLLO_CSV, "SN2025"))
    assert output[3:] == [
        f"{SAMPLE_CSV} (csv, 3207): read 190, new 0, updated 0, unchanged 0, deleted 0, rejected 0, "
        "outside the municipalities 190.",
        f"{NORDRE_FOLLO_CSV} (csv, 3207): read 5, new 4, updated 0, unchanged 0, deleted 0, rejected 0, "
        "outside the municipalities 1.",
    ]
    # Two of the units still carry Nordre Follo's older numbers (3020 from 2020-2023, Oppegård's 0217).
    assert search(client) == (200, {"100000016", "100001012", "100002019", "100003015"})
    assert dict(Business.objects.values_list("orgnr", "municipality_id")) == dict.fromkeys(
        ["100000016", "100001012", "100002019", "100003015"], "3207"
    )
    assert search(client, section="K") == (200, {"100002019"})
    html = client.get("/bedrifter/").content.decode()
    assert '<option value="3207">Nordre Follo</option>' in html
    assert '<option value="3201">' not in html
    assert search(client, municipality="3201") == (400, set())  # not one of the portal's municipalities


# Committed, as a real database is: the first import into an empty registry alters its table on PostgreSQL,
# which cannot follow uncommitted deletes of the rows it refers to.
@pytest.mark.django_db(transaction=True)
def test_filter_choices_cached_while_the_tables_were_empty_follow_a_reload(client, settings, tmp_path):
    # The file cache of a default install, where the stale lists used to survive a reload.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    # A database whose reference tables are empty (as before they were loaded on migrate).
    for model in (ReferenceLoad, MunicipalityRenumbering, Municipality, IndustryCode, OrganisationForm):
        model.objects.all().delete()
    assert client.get("/bedrifter/", {"section": "N"}).status_code == 400  # no such choice yet; the lists are cached
    assert load_reference_tables().written == 668
    with BulkFile(SAMPLE_CSV) as bulk:
        import_units(bulk.rows(), version="SN2007", municipalities=["3201", "3203"])
    status, found = search(client, section="N", municipality="3201", organisation_form="AS")
    assert (status, len(found)) == (200, 14)


def test_a_second_load_writes_nothing_and_keeps_the_cached_choices(db):
    version = ReferenceLoad.objects.get().version
    report = load_reference_tables()
    assert (report.written, ReferenceLoad.objects.get().version) == (0, version)
    assert report.counts == {"municipalities": 357, "renumberings": 48, "industry_codes": 217, "organisation_forms": 46}


def test_a_load_restores_what_differs_from_the_shipped_files_under_a_new_version(db):
    version = ReferenceLoad.objects.get().version
    Municipality.objects.filter(number="3201").update(name="Bærum (old name)")
    IndustryCode.objects.filter(version="SN2025", code="K").delete()
    OrganisationForm.objects.create(code="XYZ", name="Not in the shipped file")
    out = StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "Reference tables: 2 rows written (municipalities 357, renumberings 48, industry codes 217, organisation forms 47)."
    )
    assert Municipality.objects.get(number="3201").name == "Bærum"
    assert IndustryCode.objects.get(version="SN2025", code="K").level == 1
    # Rows the files no longer list are kept: units may refer to them.
    assert OrganisationForm.objects.filter(code="XYZ").exists()
    assert ReferenceLoad.objects.get().version != version


def test_migrate_with_nothing_to_change_says_nothing_about_the_reference_tables(db):
    out = StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert "Reference tables" not in out.getvalue()


def test_grant_role_in_the_first_day_is_logged_without_an_actor(client, monkeypatch):
    first_day(monkeypatch)
    admin = User.objects.get(email=ADMIN_EMAIL)
    entry = ActivityLog.objects.get(object_id=str(admin.pk))
    assert (entry.action, entry.actor, entry.data) == ("role.assigned", None, {"role": "administrator"})
