"""allauth behaviour for Coprod: nobody signs up; staff invite people; sign-ins are noted;
failed sign-ins lock out an account from one address only; two-factor secrets are
encrypted at rest."""

import base64
import hashlib
import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.http import HttpRequest

from coprod import services
from coprod.models import User

security_log = logging.getLogger("coprod.security")


def login_fingerprint(login: str) -> str:
    """A stable, short stand-in for an email address in the logs (not the address)."""
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:12]


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are made by staff invitations."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user: User) -> None:
        super().login(request, user)  # a new session key, and its clock started (apps.py)
        services.record_sign_in(user=user)
        security_log.info("sign-in: user %s from %s", user.pk, self.get_client_ip(request))

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed sign-ins per account; counting them per account *and*
        # address means a stranger's guesses cannot lock the account holder out, and one
        # office's shared address is never locked out as a whole.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login = str(credentials.get("email") or credentials.get("username") or "")
        security_log.warning(
            "failed sign-in: account %s from %s",
            login_fingerprint(login),
            self.get_client_ip(request),
        )


def mfa_fernet() -> Fernet:
    """The key for two-factor secrets: MFA_ENCRYPTION_KEY, or one derived from SECRET_KEY."""
    key = settings.MFA_ENCRYPTION_KEY
    if not key:
        digest = hashlib.sha256(b"coprod.mfa:" + settings.SECRET_KEY.encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key)


ENCRYPTED_PREFIX = "fernet:"


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted, never in the clear."""

    def encrypt(self, text: str) -> str:
        return ENCRYPTED_PREFIX + mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(ENCRYPTED_PREFIX):
            # Secrets saved before encryption was switched on; they are encrypted again
            # by `manage.py encrypt_mfa_secrets`.
            return encrypted_text
        try:
            return mfa_fernet().decrypt(encrypted_text.removeprefix(ENCRYPTED_PREFIX)).decode()
        except InvalidToken as error:
            raise ValueError(
                "A two-factor secret cannot be read with this key: was MFA_ENCRYPTION_KEY "
                "or SECRET_KEY changed?"
            ) from error
