"""allauth behaviour for Coprod: nobody signs up; staff invite people; sign-ins are noted."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from coprod import services
from coprod.models import User


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are made by staff invitations."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user: User) -> None:
        super().login(request, user)
        services.record_sign_in(user=user)
