"""The dashboard, the Næringsrapport and the open data on a municipality's first day: ``migrate``, an
administrator, a politician and the national file, with no demo data."""

import io

from django.core.management import call_command
from pypdf import PdfReader

from portal.dashboard import DashboardFilters
from portal.models import User
from portal.reports import render_report_pdf
from tests.businesses.conftest import SAMPLE_CSV
from tests.businesses.test_first_day import first_day


def test_the_first_day_dashboard_report_and_api_show_the_imported_register(client, monkeypatch):
    first_day(monkeypatch, (SAMPLE_CSV, "SN2007"))
    politician = User.objects.create_user("politiker@kommune.example", "a-long-passphrase-2026", name="Politiker")
    call_command("grant_role", politician.email, "politician", stdout=io.StringIO())
    client.force_login(politician)

    response = client.get("/oversikt/", headers={"accept-language": "en"})
    assert response.status_code == 200
    population = next(part.data for part in response.context["parts"] if part.key == "businesses.population")
    registered = {row["number"]: row["registered"] for row in population["municipalities"]}
    assert registered == {"3201": 114, "3203": 76}
    # Nothing else is recorded yet: every other section says so rather than failing.
    keys = [part.key for part in response.context["parts"]]
    assert keys == [
        "businesses.population",
        "businesses.follow_up_figures",
        "meetings.figures",
        "strategies.figures",
        "procurement.figures",
    ]

    assert client.get("/oversikt/rapporter/").status_code == 200
    pdf = render_report_pdf(DashboardFilters.default(), language="en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.startswith("Business portal Bærum and Asker\nBusiness report\nBærum, Asker\n")
    assert "Bærum (3201) 114" in text and "Asker (3203) 76" in text

    listed = client.get("/api/v1/businesses/").json()
    assert listed["count"] == 190
