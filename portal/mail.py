"""The one way the portal sends e-mail.

A message is a template prefix with three parts beside each other (the same naming allauth
uses): ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and, optionally,
``<prefix>_message.html``. It is rendered in the recipient's language and handed to a Celery
task once the surrounding transaction commits, so a rolled-back change never sends mail.
"""

import email.policy
import smtplib
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
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
    # (file name, text content, MIME type), e.g. an invitation's .ics
    attachments: list[tuple[str, str, str]] = field(default_factory=list)


def render_message(
    prefix: str,
    *,
    to: str | list[str],
    context: dict | None = None,
    language: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> Message:
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
    return Message(
        to=recipients,
        subject=subject,
        text=text,
        html=html,
        from_email=settings.DEFAULT_FROM_EMAIL,
        attachments=list(attachments or []),
    )


def send_message(message: Message) -> None:
    """Send now. Called by the mail task; everything else queues through ``send_templated_mail``."""
    _email(message).send()


def send_templated_mail(
    prefix: str,
    *,
    to: str | list[str],
    context: dict | None = None,
    language: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> Message:
    """Render now, send after commit through the worker. Returns the rendered message."""
    from portal.tasks import send_email  # here: portal.tasks imports this module

    message = render_message(prefix, to=to, context=context, language=language, attachments=attachments)
    payload = asdict(message)
    transaction.on_commit(lambda: send_email.delay(message=payload))
    return message


class Transfer:
    """A message handed to the mail server but not yet released: ``release()`` sends it, ``abort()`` drops it.

    With SMTP the whole message is transferred first and only the final "." that makes the server
    accept it is held back. Commit the record that says "sent" between ``transfer`` and ``release``:
    a process killed before the commit leaves an unfinished SMTP transaction, which the server
    discards, so the message can be sent again without a duplicate; after the commit only the final
    "." remains. Other backends (file, console, test outbox) send on ``release``.

    Without ``connection`` a transfer opens a connection of its own and closes it when released or
    aborted. To send many messages over one connection, pass an open backend
    (``with mail.mailers.default as connection:``): it stays open after ``release()`` and after a
    message the server refuses (the refused transaction is reset), and the caller closes it. SMTP
    has no way to cancel a message whose body has been sent but to hang up, so ``abort()``, or an
    error in the middle of a transfer, drops that connection; the next transfer on the same backend
    connects again.
    """

    def __init__(self, message: Message, *, connection: BaseEmailBackend | None = None):
        self.email = _email(message)
        self.backend = connection if connection is not None else mail.mailers.default
        self.own_connection = connection is None
        self.smtp = None
        if isinstance(self.backend, SMTPBackend):
            self._start_smtp()

    def _start_smtp(self) -> None:
        # Everything that can fail on the message itself is done before the server sees it.
        sender = self.backend.prep_address(self.email.from_email)
        recipients = [self.backend.prep_address(recipient) for recipient in self.email.recipients()]
        data = smtplib._quote_periods(self.email.message(policy=email.policy.SMTP).as_bytes())  # CRLF already
        self.backend.open()  # does nothing if the connection is open already
        smtp = self.backend.connection
        try:
            # The final "." is a small write after the body with no reply in between; with Nagle's
            # algorithm it would wait for the server's delayed ACK of the body (40 ms on Linux).
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            smtp.ehlo_or_helo_if_needed()
            code, reply = smtp.mail(sender)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, sender)
            for recipient in recipients:
                code, reply = smtp.rcpt(recipient)
                if code not in (250, 251):
                    raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
            code, reply = smtp.docmd("DATA")
            if code != 354:
                raise smtplib.SMTPDataError(code, reply)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError):
            self._end_refused(smtp)
            raise
        except BaseException:
            self._hang_up()
            raise
        try:
            smtp.send(data if data.endswith(b"\r\n") else data + b"\r\n")
        except BaseException:
            self._hang_up()
            raise
        self.smtp = smtp

    def release(self) -> None:
        if self.smtp is None:
            self.backend.send_messages([self.email])
            return
        smtp, self.smtp = self.smtp, None
        try:
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
        except BaseException:
            self._hang_up()
            raise
        if self.own_connection:
            self.backend.close()
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)

    def abort(self) -> None:
        if self.smtp is not None:
            self.smtp = None
            self._hang_up()  # the unfinished transaction is discarded by the server

    def _end_refused(self, smtp: smtplib.SMTP) -> None:
        """After a refusal before the body: reset the server's transaction so the connection can carry the next message."""
        if self.own_connection:
            self.backend.close()
            return
        try:
            code, _ = smtp.rset()
        except OSError:
            code = None
        if code != 250:
            self._hang_up()

    def _hang_up(self) -> None:
        # Close the socket without QUIT: in the middle of DATA the server would take QUIT as part
        # of the message and never answer it.
        if self.backend.connection is not None:
            self.backend.connection.close()
            self.backend.connection = None


# The server refused one message (or its address is malformed): the rest of a batch can still go.
REFUSED = (smtplib.SMTPSenderRefused, smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)


def server_answer(error: Exception) -> tuple[str, bool]:
    """The mail server's answer to a message as text ("550 5.1.1 No such user"), and whether it is final.

    A 5xx about the recipient (RCPT) or the message (DATA, the final ".") is final. A refused sender
    is not, whatever its code: it is about the portal's own address, so every message would be
    refused alike until someone mends the configuration.
    """
    if isinstance(error, ValueError):
        return str(error), True  # an address no server can take
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return str(error) or type(error).__name__, False
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    final = 500 <= code <= 599 and not isinstance(error, smtplib.SMTPSenderRefused)
    return f"{code} {text}".strip(), final


def send_once(
    message: Message, *, mark_sent: Callable[[], bool], unmark: Callable[[], None], connection: BaseEmailBackend | None = None
) -> bool:
    """Send ``message`` exactly once, with the record that says so committed in between (see ``Transfer``).

    ``mark_sent`` records the message as sent in a committed conditional UPDATE and returns False when
    another run has taken it; then nothing is sent and this returns False. If the final release fails
    (the server refuses at the last step, or the connection breaks), ``unmark`` puts the record back
    and the error is raised for the caller to record.
    """
    transfer = Transfer(message, connection=connection)
    try:
        marked = mark_sent()
    except BaseException:
        transfer.abort()
        raise
    if not marked:
        transfer.abort()
        return False
    try:
        transfer.release()
    except BaseException:
        unmark()
        raise
    return True


def _email(message: Message) -> EmailMultiAlternatives:
    email_message = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers=message.headers,
    )
    if message.html:
        email_message.attach_alternative(message.html, "text/html")
    for filename, content, mimetype in message.attachments:
        email_message.attach(filename, content, mimetype)
    return email_message
