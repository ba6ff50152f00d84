"""The main navigation: each role sees only the pages it may use."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from coprod.models import User
from coprod.permissions import Can


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    capability: str | None  # None: every signed-in person

    @property
    def url(self) -> str:
        return reverse(self.url_name)


LINKS = (
    Link("Home", "reporting:home", None),
    Link("Network", "network:overview", "overview_view"),
    Link("Organisations", "network:organisation-list", "organisation_view"),
    Link("People", "network:person-list", "person_list"),
    Link("Representation", "network:representation", "representation_view"),
    Link("Recruitment", "network:candidate-list", "recruitment"),
    Link("Network reviews", "network:review-list", "overview_view"),
    Link("Meetings", "network:meeting-list", "meeting_view"),
    Link("Bulletins", "network:bulletin-list", "bulletin_archive"),
    Link("Projects", "projects:project-list", "project_read"),
    Link("Payments", "projects:claim-list", "payments"),
    Link("Plan of change", "reporting:plan", "plan_read"),
    Link("My details", "network:my-details", None),
)


def links_for(user: User | AnonymousUser) -> list[Link]:
    """The links of the main navigation for this user (none when signed out)."""
    if not user.is_authenticated:
        return []
    can = Can.of(user)
    return [link for link in LINKS if link.capability is None or can(link.capability)]
