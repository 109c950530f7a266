"""E-mail goes through portal.mail: rendered in the recipient's language, sent after commit."""

import pytest
from django.core import mail
from django.db import transaction

from portal.mail import render_message, send_templated_mail


@pytest.mark.parametrize(
    ("language", "greeting", "signature"),
    [
        ("nb", "Hei,", "Med vennlig hilsen\nNæringsavdelingen i Bærum og Asker"),
        ("en", "Hello,", "Best regards,\nthe business team, Bærum and Asker"),
    ],
)
def test_message_is_rendered_in_the_recipients_language(db, language, greeting, signature):
    message = render_message(
        "account/email/password_reset_key",
        to="kari@bedrift.example",
        context={"password_reset_url": "http://testserver/reset/abc/"},
        language=language,
    )
    assert message.to == ["kari@bedrift.example"]
    assert message.text.startswith(greeting)
    assert signature in message.text
    assert f'<html lang="{language}">' in message.html
    assert 'href="http://testserver/reset/abc/"' in message.html


def test_mail_is_sent_only_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_templated_mail("account/email/password_reset_key", to="a@b.example", context={"password_reset_url": "x"})
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Næringsportal] E-post for gjenopprettelse av passord"
    assert mail.outbox[0].from_email == "Næringsportal <noreply@kommune.example>"


def test_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send_templated_mail("account/email/password_reset_key", to="a@b.example", context={"password_reset_url": "x"})
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_smtp_settings_come_from_the_environment():
    import subprocess
    import sys

    from tests.portal.test_settings import ROOT, clean_environment

    code = "from django.core import mail; c = mail.mailers.default; print(c.host, c.port, c.use_tls, c.username)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={
            **clean_environment(),
            "EMAIL_HOST": "smtp.kommune.example",
            "EMAIL_PORT": "587",
            "EMAIL_USE_TLS": "1",
            "EMAIL_HOST_USER": "portal",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["smtp.kommune.example", "587", "True", "portal"]
