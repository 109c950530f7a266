"""axe-core on the contact point's pages, public and for the team, in bokmål and English."""

import pytest

from businesses.models import AdviserProfile, CatalogueEntry, EnquiryRoute, Topic
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def contact_point(personas):
    AdviserProfile.objects.create(
        user=personas.officer,
        job_title="Næringssjef",
        areas="Næringsareal, store etableringer og samarbeid med næringsforeningene.",
        languages="norsk, engelsk",
        phone="+47 67 50 40 51",
        public_email="naering@kommune.example",
    )
    EnquiryRoute.objects.create(topic=Topic.FUNDING, adviser=personas.officer)
    published = CatalogueEntry.objects.create(
        title="Serveringsbevilling",
        summary="Et serveringssted trenger bevilling før det åpner.",
        description="Daglig leder må ha bestått etablererprøven.\n\nBeregn god tid.",
        topic=Topic.PERMITS,
        provider=CatalogueEntry.Provider.MUNICIPALITY,
        stage=CatalogueEntry.Stage.STARTUP,
        sector="I",
        url="https://www.baerum.kommune.no",
    )
    CatalogueEntry.objects.create(
        title="Innovasjonskontrakter",
        summary="Støtte til å utvikle en ny løsning sammen med en pilotkunde.",
        topic=Topic.FUNDING,
        provider=CatalogueEntry.Provider.INNOVATION_NORWAY,
        audience=CatalogueEntry.Audience.SMALL,
    )
    draft = CatalogueEntry.objects.create(
        title="Ny ordning (utkast)", summary="Ikke klar ennå.", topic=Topic.OTHER, provider="other", published=False
    )
    return published, draft


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_contact_point_pages(page_for, contact_point, language):
    published, _ = contact_point
    page = page_for(language)
    found = {}
    scan(page, "/kontakt/", found, expect_status=200)
    scan(
        page, "/kontakt/?topic=funding&sector=I&audience=small&stage=growth&provider=innovation_norway", found, expect_status=200
    )
    scan(page, "/kontakt/?q=ingenting-her", found, expect_status=200)
    scan(page, "/kontakt/?topic=lottery&sector=Z", found, expect_status=400)
    assert page.locator(".ds-error-summary").is_visible()
    scan(page, f"/kontakt/tilbud/{published.pk}/", found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_officer_pages_and_forms(page_for, personas, contact_point, language):
    published, draft = contact_point
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    for url in [
        "/kontakt/",
        f"/kontakt/tilbud/{draft.pk}/",
        "/kontakt/tilbud/ny/",
        f"/kontakt/tilbud/{published.pk}/endre/",
        f"/kontakt/tilbud/{published.pk}/slett/",
        "/kontakt/radgiver/",
        "/kontakt/ruting/",
    ]:
        scan(page, url, found, expect_status=200)
    # Forms sent back with errors: the error summary and the fields marked.
    page.goto("/kontakt/tilbud/ny/")
    page.fill("input[name=title]", "Uten lenke")
    page.fill("input[name=url]", "ikke en lenke")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["entry form with errors"] = axe_violations(page)
    page.goto("/kontakt/radgiver/")
    page.fill("input[name=job_title]", "")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["profile form with errors"] = axe_violations(page)
    page.goto("/kontakt/ruting/")
    # A tampered option: an id that is no officer.
    page.locator("select[name=funding]").evaluate("(s) => { s.options[1].value = '999999'; s.selectedIndex = 1; }")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["routing form with errors"] = axe_violations(page)
    assert_clean(found)


def test_the_contact_point_fits_a_phone_and_a_desktop(page_for, personas, contact_point):
    from tests.portal.test_screenshots import WIDTHS, check_page

    published, _ = contact_point
    page = page_for("nb")
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    for path in ["/kontakt/?sector=I", f"/kontakt/tilbud/{published.pk}/", "/kontakt/ruting/", "/kontakt/tilbud/ny/"]:
        page.goto(path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            problems = check_page(page, path, width=width)
            if problems:
                found[f"{path} {width}"] = problems
    assert found == {}
