"""axe-core on the registry pages, in bokmål and English."""

import pytest

from businesses.bulk import BulkFile
from businesses.models import RegistryEvent
from businesses.services.registry import import_units
from tests.businesses.conftest import SAMPLE_JSON
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def sample(reference):
    with BulkFile(SAMPLE_JSON) as bulk:
        import_units(bulk.rows(), municipalities=None, version="SN2007")
    RegistryEvent.objects.create(orgnr="930357987", kind="liquidation", date="2023-12-05", source="bulk")


@pytest.mark.parametrize("language", LANGUAGES)
def test_registry_pages(page_for, sample, language):
    page = page_for(language)
    found = {}
    scan(page, "/bedrifter/", found, expect_status=200)
    scan(page, "/bedrifter/?q=baerum&status=active&municipality=3201&sort=-employees", found, expect_status=200)
    scan(page, "/bedrifter/?q=ingen+slik+bedrift+finnes", found, expect_status=200)
    scan(page, "/bedrifter/?registered_from=2020-13-01", found, expect_status=400)
    scan(page, "/bedrifter/?page=2", found, expect_status=200)
    scan(page, "/bedrifter/930357987/", found, expect_status=200)
    scan(page, "/bedrifter/925321141/", found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_officer_sees_export_links(page_for, personas, sample, language):
    from tests.browser import log_in

    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, "/bedrifter/?municipality=3203", found, expect_status=200)
    assert page.locator('a[href="/bedrifter/eksport.csv?municipality=3203"]').count() == 1
    assert_clean(found)
