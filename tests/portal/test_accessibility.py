"""axe-core scans every page there is, in bokmål and English: zero WCAG 2.1 A/AA violations."""

import datetime

import pyotp
import pytest
from django.test import RequestFactory
from django.utils import timezone

from businesses.models import Interaction
from portal.roles import Role
from tests.browser import axe_violations, describe, log_in
from tests.businesses.factories_queue import make_enquiry, make_interaction, make_red_flag
from tests.factories import TEST_PASSWORD, UserFactory
from tests.portal.test_startpage import make_waiting_work

pytestmark = pytest.mark.browser
LANGUAGES = ["nb", "en"]


def scan(page, url, found, *, expect_status=None):
    response = page.goto(url)
    if expect_status is not None:
        assert response.status == expect_status, f"{url} answered {response.status}"
    found[url] = axe_violations(page)


def assert_clean(found):
    dirty = {url: violations for url, violations in found.items() if violations}
    assert dirty == {}, describe(dirty)
    assert found  # something was scanned


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(page_for, db, language):
    page = page_for(language)
    found = {}
    for url in ["/", "/tilgjengelighet/", "/konto/login/", "/konto/signup/", "/konto/password/reset/"]:
        scan(page, url, found, expect_status=200)
    scan(page, "/finnes-ikke/", found, expect_status=404)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_with_errors(page_for, db, language):
    page = page_for(language)
    found = {}
    page.goto("/konto/login/")
    page.fill("input[name=login]", "nobody@test.example")
    page.fill("input[name=password]", "wrong-password-123")
    page.locator("main form.stacked-form button[type=submit]").click()
    found["login with error"] = axe_violations(page)
    page.goto("/konto/signup/")
    page.fill("input[name=email]", "not-an-email")
    page.fill("input[name=password1]", "short")
    page.fill("input[name=password2]", "other")
    page.locator("main form.stacked-form button[type=submit]").click()
    found["signup with errors"] = axe_violations(page)
    # An unknown language code (400): change the option's value the way a tampering client would.
    page.goto("/")
    page.evaluate("document.querySelector('#language-select option').value = 'xx'")
    page.locator(".language-switch button").click()
    assert page.get_by_role("heading", level=1).is_visible()
    found["400 unknown language"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_signup_confirmation_page(page_for, db, language):
    page = page_for(language)
    page.goto("/konto/signup/")
    page.fill("input[name=email]", "ny@bedrift.example")
    page.fill("input[name=password1]", "en-lang-og-god-frase-42")
    page.fill("input[name=password2]", "en-lang-og-god-frase-42")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/konto/confirm-email/")
    assert_clean({"confirm-email": axe_violations(page)})


@pytest.mark.parametrize("language", LANGUAGES)
def test_business_owner_pages(page_for, personas, language):
    page = page_for(language)
    log_in(page, personas.owner)
    found = {}
    for url in [
        "/",
        "/min-side/",
        "/min-side/profil/",
        "/konto/email/",
        "/konto/password/change/",
        "/konto/2fa/",
        "/konto/logout/",
    ]:
        scan(page, url, found, expect_status=200)
    scan(page, "/oversikt/", found, expect_status=403)
    scan(page, "/arbeid/", found, expect_status=403)
    # The profile form with an error: the summary links to the field.
    page.goto("/min-side/profil/")
    page.fill("input[name=name]", "")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["profile with error"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages(page_for, personas, language):
    make_waiting_work(personas)  # so that the start page lists something of every kind
    # ... and the dashboard's figures of enquiries, visits and red flags have rows
    now = timezone.now()
    make_enquiry(
        business=personas.business, created=now - datetime.timedelta(hours=6), answered=now - datetime.timedelta(hours=1)
    )
    make_interaction([personas.business], by=personas.officer, day=timezone.localdate(), kind=Interaction.Kind.VISIT)
    make_red_flag(personas.business, by=personas.officer, raised=now)
    page = page_for(language)
    log_in(page, personas.officer, totp=False)
    page.wait_for_url("**/konto/2fa/authenticate/")
    found = {"2fa authenticate": axe_violations(page)}
    page.fill("input[name=code]", pyotp.TOTP(personas.officer.totp_secret).now())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/arbeid/")
    for url in ["/arbeid/", "/oversikt/", "/min-side/", "/konto/2fa/"]:
        scan(page, url, found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_factor_set_up_pages(page_for, db, language):
    user = UserFactory(email="ny.sjef@test.example", role=Role.CHIEF_EXECUTIVE, role__totp=False)
    page = page_for(language)
    log_in(page, user)
    page.wait_for_url("**/konto/reauthenticate/**")
    found = {"reauthenticate": axe_violations(page)}
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    found["totp activate"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page(page_for, db, language):
    from django.utils import translation

    from portal.views import server_error

    with translation.override(language):
        html = server_error(RequestFactory().get("/")).content.decode()
    page = page_for(language)
    page.goto("/")  # so that the stylesheet resolves against the live server
    page.set_content(html)
    assert_clean({"500": axe_violations(page)})


def test_the_scanner_finds_violations_when_there_are_some(page_for, db):
    page = page_for("nb")
    page.goto("/")
    page.set_content('<html><body><main><img src="/x.png"><input type="text"><p><a href="/"></a></p></main></body></html>')
    assert sorted(v["id"] for v in axe_violations(page)) == ["document-title", "html-has-lang", "image-alt", "label", "link-name"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_administration_pages(page_for, personas, language):
    page = page_for(language)
    log_in(page, personas.admin)
    page.wait_for_url("**/arbeid/")
    found = {}
    for url in [
        "/admin/",
        "/admin/businesses/business/",
        f"/admin/businesses/business/{personas.business.pk}/change/",
        "/admin/portal/user/",
        f"/admin/portal/user/{personas.officer.pk}/change/",
        *admin_add_and_list_pages(personas.admin),
    ]:
        scan(page, url, found, expect_status=200)
    assert_clean(found)


def admin_add_and_list_pages(admin_user) -> list[str]:
    """Every registered model's list page, and its add page where the administrator may add."""
    from django.contrib import admin
    from django.urls import reverse

    request = RequestFactory().get("/admin/")
    request.user = admin_user
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"admin:{info}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"admin:{info}_add"))
    return urls
