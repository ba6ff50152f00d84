"""The network's panels on the home page, each shown only to the roles it is for."""

from coprod.panels import Panel
from coprod.permissions import AuthenticatedRequest
from network import selectors
from network.selectors.meetings import upcoming_meetings

FOLLOW_UPS_SHOWN = 20
UPCOMING_MEETINGS_SHOWN = 3


def home_panels(request: AuthenticatedRequest) -> list[Panel]:
    """What the network asks of, or tells, the signed-in person today."""
    user, can = request.user, request.can
    panels = []
    if can("representation_view"):
        panels.append(
            Panel(
                "network/_home_representation.html",
                {"representation": selectors.representation_on()},
            )
        )
    if can("recruitment"):
        panels.append(
            Panel(
                "network/_home_recruitment.html",
                {
                    # Advice is asked of the chair and core group; staff run the pipeline.
                    "awaiting_advice": (
                        None
                        if can.fully("network_change")
                        else list(selectors.candidates_awaiting_advice_from(user)[:10])
                    ),
                    "open_candidates": selectors.open_candidate_count(),
                },
            )
        )
    if can.fully("network_change"):
        to_review = selectors.constituency_changes_to_review()
        changes = [
            (change, selectors.constituency_change_summary(change)) for change in to_review[:20]
        ]
        if changes:
            panels.append(
                Panel(
                    "network/_home_constituency_changes.html",
                    {"changes": changes, "count": to_review.count()},
                )
            )
    if can("contact_log"):
        due = selectors.follow_ups_due(user)
        panels.append(
            Panel(
                "network/_home_follow_ups.html",
                {"follow_ups": list(due[:FOLLOW_UPS_SHOWN]), "due_count": due.count()},
            )
        )
    if can("meeting_view"):
        panels.append(
            Panel(
                "network/_home_meetings.html",
                {"meetings": list(upcoming_meetings(user)[:UPCOMING_MEETINGS_SHOWN])},
            )
        )
    own = list(
        selectors.organisations_visible_to(user).filter(
            pk__in=selectors.own_organisation_ids(user)
        )
    )
    if own:
        panels.append(Panel("network/_home_own_organisations.html", {"organisations": own}))
    panels.append(Panel("network/_home_my_details.html", {"person": selectors.own_person(user)}))
    return panels
