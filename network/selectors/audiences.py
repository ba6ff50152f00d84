"""Who a bulletin or a survey is for: the people of an audience on a day."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from coprod.periods import in_force_on
from coprod.permissions import Role
from network.models import Audience, Membership, Person


@dataclass(frozen=True)
class AudienceChoice:
    """An audience as chosen: its kind and, where it needs them, kinds, constituencies or a
    meeting."""

    audience: str
    kinds: Sequence[str] = field(default_factory=tuple)
    constituency_ids: Sequence[int] = field(default_factory=tuple)
    meeting_id: int | None = None


def _current_representatives(day: date, organisations: Q | None = None) -> Q:
    """People representing, on the day, an organisation whose membership is active then."""
    active = Q(representations__organisation__memberships__status=Membership.Status.ACTIVE)
    active &= in_force_on(day, through="representations__organisation__memberships")
    rule = in_force_on(day, through="representations") & active
    return rule & organisations if organisations is not None else rule


def _role_holders(day: date, roles: Sequence[str]) -> Q:
    return Q(role_terms__role__in=roles) & in_force_on(day, through="role_terms")


def audience_people(choice: AudienceChoice, day: date) -> QuerySet[Person]:
    """The people in the audience on the day, each once, by name."""
    if choice.audience == Audience.MEMBERS:
        rule = _current_representatives(day)
    elif choice.audience == Audience.CORE_GROUP:
        rule = _role_holders(day, [Role.CHAIR, Role.CORE_GROUP])
    elif choice.audience == Audience.BOARD:
        rule = _role_holders(day, [Role.BOARD])
    elif choice.audience == Audience.CHOSEN:
        organisations = Q(representations__organisation__kind__in=list(choice.kinds)) | Q(
            representations__organisation__constituencies__in=list(choice.constituency_ids)
        )
        rule = _current_representatives(day, organisations)
    elif choice.audience == Audience.MEETING:
        rule = Q(invitations__meeting_id=choice.meeting_id)
    else:
        raise ValueError(f"Unknown audience {choice.audience!r}")
    # The joins can repeat a person: pick the ids first, then the people once each.
    ids = Person.objects.filter(rule).values("pk")
    return Person.objects.filter(pk__in=ids).order_by("full_name", "pk")
