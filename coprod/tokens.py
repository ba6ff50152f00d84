"""Invitation links: a token of their own, lasting COPROD_INVITATION_TIMEOUT (a week).

A password reset link lasts PASSWORD_RESET_TIMEOUT (an hour). An invitation is posted or
emailed to someone who may not read it that day, so it lives longer; its tokens are made
with another salt, so an invitation token never works as a reset token or the other way.
Like a reset token, it stops working once the password is set (the password's hash and
the last sign-in are part of it).
"""

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator
from django.conf import settings
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

from coprod.models import User


class InvitationTokenGenerator(EmailAwarePasswordResetTokenGenerator):
    key_salt = "coprod.tokens.InvitationTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        # Django's check compares the age with PASSWORD_RESET_TIMEOUT: the same check,
        # against the invitation's own lifetime.
        if not (user and token):
            return False
        try:
            timestamp_b36, _ = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.COPROD_INVITATION_TIMEOUT:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()
