"""The main navigation: each role sees only the pages it may use."""

from dataclasses import dataclass

from django.urls import reverse

from coprod.permissions import EVERYONE, GOVERNANCE, READERS, Role, roles_of


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    roles: tuple[str, ...]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


LINKS = (
    Link("Home", "home", EVERYONE),
    Link("Organisations", "network:organisation-list", EVERYONE),
    Link("People", "network:person-list", (Role.STAFF,)),
    Link("Representation", "network:representation", READERS),
    Link("Recruitment", "network:candidate-list", GOVERNANCE),
    Link("Network reviews", "network:review-list", READERS),
    Link("My details", "network:my-details", EVERYONE),
)


def links_for(user) -> list[Link]:
    """The links of the main navigation for this user (none when signed out)."""
    roles = roles_of(user)
    return [link for link in LINKS if not roles.isdisjoint(link.roles)]
