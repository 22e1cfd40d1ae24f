"""E-mail to registrants: their own page (the key to cancel) and news of a seat.

Sent after the transaction commits, so a rolled-back registration never mails anyone; a mail
server that fails is logged and never undoes the registration."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Registration, RegistrationStatus

logger = logging.getLogger(__name__)

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CANCELLED = "cancelled"


def registration_url(registration: Registration) -> str:
    """The absolute address of the registrant's own page."""
    from .selectors import registration_token

    path = reverse(
        "meetings:registration",
        kwargs={"slug": registration.event.slug, "token": registration_token(registration)},
    )
    return settings.SITE_URL.rstrip("/") + path


def _message(registration: Registration, reason: str) -> tuple[str, str]:
    event = registration.event
    when = timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H.%M")
    values = {"t": event.title, "when": when, "url": registration_url(registration)}
    if reason == PROMOTED:
        subject = _("Du har fått plass: %(t)s") % values
        lead = _("En plass ble ledig, og du har fått den. Vi ses %(when)s.") % values
    elif reason == WAITLISTED:
        subject = _("Du står på ventelisten: %(t)s") % values
        lead = _(
            "Arrangementet er fullt. Du står som nummer %(n)s på ventelisten og får e-post "
            "hvis du får plass."
        ) % {"n": registration.waitlist_position}
    elif reason == CANCELLED:
        subject = _("Du er meldt av: %(t)s") % values
        lead = _("Påmeldingen din er avmeldt.")
    else:
        subject = _("Du er påmeldt: %(t)s") % values
        lead = _("Velkommen %(when)s.") % values
    body = "\n\n".join(
        [
            lead,
            _("Se eller meld av påmeldingen din her:\n%(url)s") % values,
            _("Lenken er personlig: den som har den, kan melde deg av."),
        ]
    )
    return subject, body


def _send(registration_id: int, reason: str) -> None:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not registration.email:
        return
    if reason == PROMOTED and registration.status != RegistrationStatus.CONFIRMED:
        return  # cancelled again before the mail went
    subject, body = _message(registration, reason)
    try:
        send_mail(subject, body, None, [registration.email])
    except Exception:  # a mail server that fails must not undo the registration
        logger.exception("could not mail registration %s (%s)", registration_id, reason)


def registration_changed(registration: Registration, reason: str) -> None:
    """Mail the registrant once the surrounding transaction has committed."""
    transaction.on_commit(lambda: _send(registration.pk, reason))
