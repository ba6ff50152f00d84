"""Encrypt two-factor secrets saved before encryption at rest was switched on."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from coprod.adapters import ENCRYPTED_PREFIX, EncryptingMFAAdapter

SECRET_FIELDS = ("secret", "seed")


class Command(BaseCommand):
    help = (
        "Encrypt any two-factor secret still stored in the clear (run once after upgrading; "
        "safe to re-run: encrypted secrets are left alone)."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        adapter = EncryptingMFAAdapter()
        changed = 0
        for authenticator in Authenticator.objects.select_for_update():
            data = dict(authenticator.data)
            for field in SECRET_FIELDS:
                value = data.get(field)
                if isinstance(value, str) and not value.startswith(ENCRYPTED_PREFIX):
                    data[field] = adapter.encrypt(value)
            codes = data.get("migrated_codes")
            if isinstance(codes, list):
                data["migrated_codes"] = [
                    code if code.startswith(ENCRYPTED_PREFIX) else adapter.encrypt(code)
                    for code in codes
                ]
            if data != authenticator.data:
                authenticator.data = data
                authenticator.save(update_fields=["data"])
                changed += 1
        self.stdout.write(f"Encrypted the secrets of {changed} authenticator(s).")
