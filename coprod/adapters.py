"""allauth behaviour for Coprod: nobody signs up; staff invite people."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are made by staff invitations."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
