"""Signed links that let a person change how they hear from us without signing in.

Each purpose has its own salt, so a link for one purpose is no good for another, and the
signature covers the person's id, so a link cannot be changed to reach someone else.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from network.models import Person

PREFERENCES = "preferences"
UNSUBSCRIBE = "unsubscribe"
PURPOSES = (PREFERENCES, UNSUBSCRIBE)
URL_NAMES = {PREFERENCES: "network:preferences", UNSUBSCRIBE: "network:unsubscribe"}


def _salt(purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown purpose {purpose!r}")
    return f"network.bulletins.{purpose}"


def token_for(person: Person, purpose: str) -> str:
    """A token naming the person, signed for one purpose."""
    return signing.dumps({"person": person.pk}, salt=_salt(purpose), compress=True)


def person_for(token: str, purpose: str) -> Person | None:
    """The person a token was signed for, for this purpose; None if forged or for another."""
    try:
        data = signing.loads(token, salt=_salt(purpose))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("person"), int):
        return None
    return Person.objects.filter(pk=data["person"]).first()


def link_for(person: Person, purpose: str) -> str:
    """The full address of the person's link, for an email."""
    path = reverse(URL_NAMES[purpose], args=[token_for(person, purpose)])
    return f"{settings.SITE_URL}{path}"
