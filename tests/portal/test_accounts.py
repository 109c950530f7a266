"""Accounts: e-mail login, sign-up with verification for business owners, password rules, staff 2FA."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from portal.models import ActivityLog, User
from portal.queries import user_roles
from portal.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory


def signup(client, email="ny.eier@bedrift.example", password="en-lang-og-god-frase-42", language="nb"):
    return client.post(
        "/konto/signup/",
        {"email": email, "password1": password, "password2": password},
        headers={"accept-language": language},
    )


def test_signup_creates_a_business_owner_and_sends_verification_in_the_visitors_language(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, language="en")
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email="ny.eier@bedrift.example")
    assert user_roles(user) == {Role.BUSINESS_OWNER}
    assert user.language == "en"
    assert ActivityLog.objects.filter(action="role.assigned", object_id=str(user.pk)).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.eier@bedrift.example"]
    assert message.subject == "[Næringsportal] Please Confirm Your Email Address"
    assert "Best regards,\nthe business team, Bærum and Asker" in message.body
    html = message.alternatives[0]
    assert html.mimetype == "text/html"
    assert '<html lang="en">' in html.content
    confirm_url = re.search(r"http://testserver(/konto/confirm-email/[^\s]+/)", message.body).group(1)
    assert f'href="http://testserver{confirm_url}"' in html.content


def test_verification_link_confirms_and_logs_in(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    confirm_url = re.search(r"http://testserver(/konto/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    assert "Bekreft e-postadressen din" in mail.outbox[0].alternatives[0].content
    response = client.post(confirm_url)
    assert response.status_code == 302
    user = User.objects.get(email="ny.eier@bedrift.example")
    assert user.emailaddress_set.get().verified is True
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unverified_owner_cannot_log_in(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    client.logout()
    response = client.post("/konto/login/", {"login": "ny.eier@bedrift.example", "password": "en-lang-og-god-frase-42"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("kortpassord", "Passordet er for kort. Det må bestå av minst 12 tegn."),
        ("password1234", "Dette passordet er for vanlig."),
        ("123456789012345", "Dette passordet inneholder bare tall."),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_message_and_nothing_is_saved(client, db, password, error):
    response = signup(client, password=password)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not User.objects.filter(email="ny.eier@bedrift.example").exists()
    assert mail.outbox == []


def test_login_by_email_and_logout(client, db):
    UserFactory(email="kari@bedrift.example", role=Role.BUSINESS_OWNER)
    response = client.post("/konto/login/", {"login": "KARI@bedrift.example", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/min-side/"  # business owners land on Min side, with their businesses
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_failed_login_says_so(client, db):
    UserFactory(email="kari@bedrift.example", role=Role.BUSINESS_OWNER)
    response = client.post("/konto/login/", {"login": "kari@bedrift.example", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "E-postadressen og/eller passordet du oppgav er feil." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(client, db):
    UserFactory(email="kari@bedrift.example", role=Role.BUSINESS_OWNER)
    answers = [
        client.post("/konto/login/", {"login": "kari@bedrift.example", "password": f"wrong-{n}-password"}).status_code
        for n in range(6)
    ]
    # "login_failed": 5 per 5 minutes per account: the sixth attempt is refused even with the right password.
    assert answers == [200] * 6
    response = client.post("/konto/login/", {"login": "kari@bedrift.example", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "For mange innloggingsforsøk. Vennligst prøv igjen senere." in response.content.decode()


def test_password_reset_sends_a_link_in_the_users_language(client, db, django_capture_on_commit_callbacks):
    UserFactory(email="ola@bedrift.example", language="en", role=Role.BUSINESS_OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": "ola@bedrift.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Næringsportal] Password Reset Email"
    assert "Choose a new password" in mail.outbox[0].alternatives[0].content


@pytest.mark.parametrize("role", [Role.OFFICER, Role.CHIEF_EXECUTIVE, Role.ADMINISTRATOR])
def test_staff_without_totp_must_set_it_up_before_anything_else(client, db, role):
    user = UserFactory(role=role, role__totp=False)
    response = client.post("/konto/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/arbeid/"
    response = client.get("/arbeid/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"
    # allauth asks for the password once more before a second factor is added.
    response = client.get("/konto/2fa/totp/activate/")
    assert response["Location"] == "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"
    response = client.post("/konto/reauthenticate/?next=/konto/2fa/totp/activate/", {"password": TEST_PASSWORD})
    assert response["Location"] == "/konto/2fa/totp/activate/"
    assert client.get("/konto/2fa/totp/activate/").status_code == 200
    # Public information pages stay open meanwhile; everything else leads back to the set-up.
    assert client.get("/tilgjengelighet/").status_code == 200
    assert client.get("/konto/email/")["Location"] == "/konto/2fa/totp/activate/"


@pytest.mark.parametrize("role", [Role.BUSINESS_OWNER, Role.COUNCIL_MEMBER, Role.POLITICIAN])
def test_non_staff_roles_are_not_forced_to_use_totp(client, db, role):
    user = UserFactory(role=role)
    client.force_login(user)
    assert not Authenticator.objects.filter(user=user).exists()
    assert client.get("/").status_code == 200


def test_staff_with_totp_is_asked_for_the_code_at_login(client, db):
    import pyotp

    officer = UserFactory(email="sjef@kommune.example", role=Role.OFFICER)
    response = client.post("/konto/login/", {"login": "sjef@kommune.example", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": pyotp.TOTP(officer.totp_secret).now()})
    assert response.status_code == 302
    assert response["Location"] == "/arbeid/"
    assert client.session["_auth_user_id"] == str(officer.pk)


@pytest.mark.redis
def test_rate_limit_counters_live_in_redis(client, db, settings, redis_url):
    import uuid

    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url, "KEY_PREFIX": prefix}
    }
    UserFactory(email="kari@bedrift.example", role=Role.BUSINESS_OWNER)
    for n in range(5):
        client.post("/konto/login/", {"login": "kari@bedrift.example", "password": f"wrong-{n}-password"})
    import redis

    keys = redis.Redis.from_url(redis_url).keys(f"{prefix}:*")
    assert len(keys) >= 1
    response = client.post("/konto/login/", {"login": "kari@bedrift.example", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "For mange innloggingsforsøk. Vennligst prøv igjen senere." in response.content.decode()


def test_a_totp_code_from_the_period_either_side_is_taken_but_not_one_further(monkeypatch):
    from allauth.mfa.totp.internal import auth

    monkeypatch.setattr(auth.time, "time", lambda: 30 * 1000 + 29.9)
    assert list(auth.yield_hotp_counters_from_time()) == [999, 1000, 1001]
