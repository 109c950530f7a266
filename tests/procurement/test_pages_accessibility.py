"""axe-core on the public notice pages, in bokmål and English: the list with filters applied (and with a
filter in error), a notice with lots and winners, and the awards page."""

import datetime

import pytest
from django.utils import timezone

from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.procurement.factories_pages import make_award, make_notice

pytestmark = pytest.mark.browser


@pytest.fixture
def notices(personas):
    now = timezone.now()
    open_notice = make_notice(
        heading="Rammeavtale for webutvikling",
        description="Utvikling og drift av nettsider.",
        deadline=now + datetime.timedelta(days=5),
        value=2_500_000,
        buyers=[("935478715", "Bærum kommune"), ("925321141", "DESINTRYGG AS")],
        location_ids=["anyw", "NO081"],
    )
    award = make_award(
        heading="Kontraktstildeling – vakthold",
        winners_by_lot=[[("925321141", "DESINTRYGG AS"), ("", "Foreign Ltd")], []],
        value=1_200_000,
    )
    return open_notice, award


@pytest.mark.parametrize("language", LANGUAGES)
def test_notice_pages(page_for, notices, language):
    open_notice, award = notices
    page = page_for(language)
    found = {}
    scan(page, "/anskaffelser/", found, expect_status=200)
    scan(page, "/anskaffelser/?cpv=72000000&type=COMPETITION&status=ACTIVE&sort=deadline&closing=on", found, expect_status=200)
    scan(page, "/anskaffelser/?cpv=99999999&buyer=123&value_from=-1", found, expect_status=200)
    assert page.locator(".ds-error-summary").is_visible()
    scan(page, f"/anskaffelser/kunngjoringer/{open_notice.doffin_id}/", found, expect_status=200)
    scan(page, f"/anskaffelser/kunngjoringer/{award.doffin_id}/", found, expect_status=200)
    scan(page, "/anskaffelser/tildelinger/", found, expect_status=200)
    scan(page, "/anskaffelser/tildelinger/?year=2026", found, expect_status=200)
    scan(page, "/anskaffelser/tildelinger/?year=1800", found, expect_status=200)
    assert_clean(found)
