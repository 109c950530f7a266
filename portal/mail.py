"""The one way the portal sends e-mail.

A message is a template prefix with three parts beside each other (the same naming allauth
uses): ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and, optionally,
``<prefix>_message.html``. It is rendered in the recipient's language and handed to a Celery
task once the surrounding transaction commits, so a rolled-back change never sends mail.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from portal.context_processors import portal_context


@dataclass(frozen=True)
class Message:
    to: list[str]
    subject: str
    text: str
    html: str = ""
    from_email: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def render_message(prefix: str, *, to: str | list[str], context: dict | None = None, language: str | None = None) -> Message:
    """Render the three parts of ``prefix`` in ``language`` (default: the portal's language)."""
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {**portal_context(), **(context or {})}
        subject = render_to_string(f"{prefix}_subject.txt", context)
        text = render_to_string(f"{prefix}_message.txt", context)
        try:
            html = render_to_string(f"{prefix}_message.html", context)
        except TemplateDoesNotExist:
            html = ""
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return Message(to=recipients, subject=subject, text=text, html=html, from_email=settings.DEFAULT_FROM_EMAIL)


def send_message(message: Message) -> None:
    """Send now. Called by the mail task; everything else queues through ``send_templated_mail``."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers=message.headers,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    email.send()


def send_templated_mail(prefix: str, *, to: str | list[str], context: dict | None = None, language: str | None = None) -> Message:
    """Render now, send after commit through the worker. Returns the rendered message."""
    from portal.tasks import send_email

    message = render_message(prefix, to=to, context=context, language=language)
    payload = asdict(message)
    transaction.on_commit(lambda: send_email.delay(message=payload))
    return message
