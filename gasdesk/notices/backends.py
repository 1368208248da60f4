"""SMS provider adapters (SMS-1), chosen by the setting GASDESK_SMS_BACKEND.

The default `log` backend writes each SMS to the `gasdesk.sms` logger, so the product runs with
no provider account; `file` appends to GASDESK_SMS_FILE; `memory` keeps an outbox for tests.
A real provider is one more class with `send(recipient, body)` in BACKENDS.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail

from gasdesk.customers.masking import mask_phone

log = logging.getLogger("gasdesk.sms")


class SendFailed(Exception):
    """The provider refused or could not be reached; the message is retried later."""


class SmsBackend(Protocol):
    def send(self, recipient: str, body: str) -> None: ...


class LogBackend:
    """Writes the SMS to the log (masked number) instead of sending it."""

    def send(self, recipient: str, body: str) -> None:
        log.info("SMS to %s: %s", mask_phone(recipient), body)


class FileBackend:
    """Appends `number<TAB>body` lines to GASDESK_SMS_FILE (default var/sms.log)."""

    def send(self, recipient: str, body: str) -> None:
        path = Path(getattr(settings, "GASDESK_SMS_FILE", "var/sms.log"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{recipient}\t{body}\n")


class MemoryBackend:
    """Test double: keeps (recipient, body); numbers in `failing` raise SendFailed."""

    outbox: ClassVar[list[tuple[str, str]]] = []
    failing: ClassVar[set[str]] = set()

    def send(self, recipient: str, body: str) -> None:
        if recipient in self.failing:
            raise SendFailed("provider refused the number")
        self.outbox.append((recipient, body))


BACKENDS: dict[str, type[SmsBackend]] = {
    "log": LogBackend,
    "file": FileBackend,
    "memory": MemoryBackend,
}


def sms_backend() -> SmsBackend:
    name = getattr(settings, "GASDESK_SMS_BACKEND", "log")
    try:
        return BACKENDS[name]()
    except KeyError:
        raise SendFailed(f"unknown GASDESK_SMS_BACKEND {name!r}") from None


def send_email(recipient: str, body: str) -> None:
    """E-mail through Django's mail settings; the first line of the body is the subject."""
    subject = body.split("\n", 1)[0][:60]
    try:
        send_mail(subject, body, None, [recipient])
    except Exception as error:  # SMTP errors of every kind end up retried
        raise SendFailed(str(error)) from error
