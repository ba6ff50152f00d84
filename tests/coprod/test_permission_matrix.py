"""Every page, every role, every method: the exact answer SPEC's "Who may do what" implies.

MATRIX below is the table a reviewer reads. One row is one URL name asked for one object
with one method; its six columns are what each role gets:

    200 / 403 / 404 / 405    that status
    LOGIN                    302 to the sign-in page, coming back to the page afterwards
    to("network:x")          302 to that page (a POST that worked; a page that sends on)
    xfail(403, "why")        SPEC implies 403, the view answers otherwise (the lead fixes it)

The object column names an attribute of `World` (built fresh for each case): "own_..."
objects belong to the member fixture (their organisation, themselves), "other_..." to an
organisation and a person they have nothing to do with. POSTs send the body in
POST_BODIES, or an empty one: allowed roles then see the form again with its errors (200).

Every named pattern of our apps must have a row, and every row must name a pattern, so a
new page cannot go untested. To add a page, add one line per method (and, for a POST that
needs one, a body); if its URL takes an object the World does not have, add it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from coprod.models import User
from coprod.tokens import invitation_token_generator
from network import signed_links
from network.models import (
    AgendaItem,
    AgendaPaper,
    AgendaVersion,
    ConstituencyChange,
    EasyReadPoint,
    Meeting,
    OrganisationImport,
    Person,
    PrintPack,
)
from network.services.agenda import frozen_items
from projects.models import Receipt
from tests.factories import (
    ActionFactory,
    AdvisoryGroupFactory,
    AdvisoryGroupMemberFactory,
    AgendaItemFactory,
    AnnualReviewFactory,
    AttendanceRecordFactory,
    BulletinFactory,
    CandidateFactory,
    ContactRecordFactory,
    DeliveryFactory,
    InvitationFactory,
    MeetingFactory,
    MemberOrganisationFactory,
    MinutesFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
    UserFactory,
)
from tests.projects.factories import (
    ActivityFactory,
    ClaimFactory,
    CommissionFactory,
    PlanFactory,
    ProjectFactory,
)
from tests.reporting.factories import (
    ChampionFactory,
    CharterVersionFactory,
    MilestoneFactory,
    PolicyFactory,
    PrincipleFactory,
    TrainingSessionFactory,
)


@dataclass(frozen=True)
class SignIn:
    """302 to the sign-in page (what `login_required` answers someone signed out)."""

    def __repr__(self) -> str:
        return "LOGIN"


@dataclass(frozen=True)
class Redirect:
    """302 to the page with this URL name (of the object asked about, unless `elsewhere`)."""

    url_name: str
    elsewhere: bool = False  # another object's page: an action sends to its meeting's minutes

    def __repr__(self) -> str:
        return f"to({self.url_name!r})"


@dataclass(frozen=True)
class Contradiction:
    """What SPEC implies, where the view answers something else: a strict xfail."""

    expected: int | SignIn | Redirect
    reason: str


Expected = int | SignIn | Redirect | Contradiction

LOGIN = SignIn()
GET, POST = "GET", "POST"


def to(url_name: str, *, elsewhere: bool = False) -> Redirect:
    return Redirect(url_name, elsewhere)


def xfail(expected: int | SignIn | Redirect, reason: str) -> Contradiction:
    return Contradiction(expected, reason)


ROLES = ("anonymous", "staff", "chair", "core", "board", "member")
Row = tuple[str, str | None, str, Expected, Expected, Expected, Expected, Expected, Expected]


def everyone(expected: Expected) -> tuple[Expected, ...]:
    """The same answer in every role's column (a page that does not ask who you are)."""
    return (expected,) * len(ROLES)


# Where a successful POST, or a page that sends people on, redirects to
TO_SET_PASSWORD = to("account_reset_password_from_key")
TO_RESET = to("account_reset_password")
TO_CANDIDATE = to("network:candidate-detail")
TO_ORGANISATION = to("network:organisation-detail")
TO_PERSON = to("network:person-detail")
TO_MY_DETAILS = to("network:my-details")
TO_HOME = to("reporting:home")
TO_CHECKPOINTS = to("projects:checkpoint-edit")
TO_PHASE = to("reporting:phase-detail")
TO_PLAN = to("reporting:plan")
TO_CHARTER = to("reporting:charter")
TO_POLICY = to("reporting:policy-detail")
TO_CHAMPIONS = to("reporting:champion-list")
TO_CONTRIBUTOR = to("projects:contributor-detail")
TO_ADVISORY_GROUP = to("projects:advisory-group")
TO_MEETING = to("network:meeting-detail")
TO_AGENDA = to("network:agenda")
TO_PROPOSE = to("network:agenda-item-propose")
TO_ARRANGE = to("network:agenda-arrange")
TO_MINUTES = to("network:meeting-minutes")
TO_ACTION_MINUTES = to("network:meeting-minutes", elsewhere=True)
TO_BULLETIN = to("network:bulletin-detail")
TO_EASY_READ = to("network:bulletin-easy-read")

# The table is wider than our 99 columns so that each row stays one readable line.
# ruff: noqa: E501
# fmt: off
MATRIX: list[Row] = [
    # url name                     object                method anon  staff chair core  board member
    ("healthz",                      None,                 GET,  200,   200,   200,   200,   200,   200),
    ("invitation-accept",            "invitation",         GET,  *everyone(TO_SET_PASSWORD)),
    ("invitation-accept",            "expired_invitation", GET,  *everyone(TO_RESET)),
    ("reporting:home",               None,                 GET,  LOGIN, 200,   200,   200,   200,   200),
    # The network page, representation, targets, recruitment, annual reviews
    ("network:overview",             None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("network:representation",       None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("network:target-list",          None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:target-list",          None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:candidate-list",       None,                 GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:candidate-add",        None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:candidate-add",        None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:candidate-detail",     "candidate",          GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:candidate-detail",     "candidate",          POST, LOGIN, TO_CANDIDATE, TO_CANDIDATE, TO_CANDIDATE, 403,   403),
    ("network:candidate-move",       "candidate",          GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:candidate-move",       "candidate",          POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:review-list",          None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("network:review-add",           None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:review-add",           None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:review-detail",        "review",             GET,  LOGIN, 200,   200,   200,   200,   403),
    ("network:review-edit",          "review",             GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:review-edit",          "review",             POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:constituency-change-review", "constituency_change", GET, LOGIN, 405, 403, 403,  403,   403),
    # The contact log and consent: staff only, except a person withdrawing their own consent
    ("network:organisation-contact-add", "own_organisation", GET,  LOGIN, 200, 403, 403, 403, 403),
    ("network:organisation-contact-add", "own_organisation", POST, LOGIN, 200, 403, 403, 403, 403),
    ("network:person-contact-add",   "other_person",       GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:person-contact-add",   "other_person",       POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:follow-up-done",       "follow_up",          GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:follow-up-done",       "follow_up",          POST, LOGIN, TO_HOME, 403, 403,   403,   403),
    ("network:person-consent-withdraw", "other_person",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:person-consent-withdraw", "other_person",    POST, LOGIN, 200,   403,   403,   403,   403),
    # Only the member fixture has a person record; a login without one is sent to My details.
    ("network:my-consent-withdraw",  None,                 GET,  LOGIN, TO_MY_DETAILS, TO_MY_DETAILS, TO_MY_DETAILS, TO_MY_DETAILS, 200),
    ("network:my-consent-withdraw",  None,                 POST, LOGIN, TO_MY_DETAILS, TO_MY_DETAILS, TO_MY_DETAILS, TO_MY_DETAILS, 200),
    ("network:constituency-change-review", "constituency_change", POST, LOGIN, TO_HOME, 403, 403, 403, 403),
    # Organisations and memberships ("names only" for the Board and members: 404 for a page)
    ("network:organisation-list",    None,                 GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:organisation-export",  None,                 GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:organisation-add",     None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:organisation-add",     None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:organisation-import",  None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:organisation-import",  None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:organisation-import-status", "organisation_import", GET, LOGIN, 200, 403, 403, 403,  403),
    ("network:organisation-import-status", "organisation_import", POST, LOGIN, 405, 403, 403, 403, 403),
    ("network:organisation-detail",  "own_organisation",   GET,  LOGIN, 200,   200,   200,   404,   200),
    ("network:organisation-detail",  "other_organisation", GET,  LOGIN, 200,   200,   200,   404,   404),
    ("network:organisation-edit",    "own_organisation",   GET,  LOGIN, 200,   403,   403,   403,   200),
    ("network:organisation-edit",    "own_organisation",   POST, LOGIN, 200,   403,   403,   403,   TO_ORGANISATION),
    ("network:organisation-edit",    "other_organisation", GET,  LOGIN, 200,   403,   403,   403,   404),
    ("network:organisation-edit",    "other_organisation", POST, LOGIN, 200,   403,   403,   403,   404),
    ("network:membership-change",    "own_organisation",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:membership-change",    "own_organisation",   POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:organisation-history", "own_organisation",   GET,  LOGIN, 200,   403,   403,   403,   403),
    # People, representatives and roles (a person's own record is shown on My details)
    ("network:person-list",          None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:person-export",        None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:person-add",           None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:person-add",           None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:person-detail",        "own_person",         GET,  LOGIN, 200,   404,   404,   404,   TO_MY_DETAILS),
    ("network:person-detail",        "other_person",       GET,  LOGIN, 200,   404,   404,   404,   404),
    ("network:person-edit",          "own_person",         GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:person-edit",          "own_person",         POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:person-invite",        "other_person",       GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:person-invite",        "other_person",       POST, LOGIN, TO_PERSON, 403,   403,   403,   403),
    ("network:person-history",       "own_person",         GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:representative-add",   "own_person",         GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:representative-add",   "own_person",         POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:representative-end",   "own_representative", GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:representative-end",   "own_representative", POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:role-term-add",        "own_person",         GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:role-term-add",        "own_person",         POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:role-term-end",        "own_role_term",      GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:role-term-end",        "own_role_term",      POST, LOGIN, 200,   403,   403,   403,   403),
    # Everyone signed in has My details; only a person with a record can change it
    ("network:my-details",           None,                 GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:my-details",           None,                 POST, LOGIN, 200,   200,   200,   200,   TO_MY_DETAILS),
    # Projects: read by everyone signed in (a member: projects their organisation took part
    # in, so another's is 404); changed by staff only; the whole log exported by staff only.
    ("projects:project-list",        None,                 GET,  LOGIN, 200,   200,   200,   200,   200),
    ("projects:project-list",        None,                 POST, LOGIN, 405,   405,   405,   405,   405),
    ("projects:project-add",         None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:project-add",         None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:project-detail",      "own_project",        GET,  LOGIN, 200,   200,   200,   200,   200),
    ("projects:project-detail",      "other_project",      GET,  LOGIN, 200,   200,   200,   200,   404),
    ("projects:project-detail",      "own_project",        POST, LOGIN, 405,   405,   405,   405,   405),
    ("projects:project-edit",        "own_project",        GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:project-edit",        "own_project",        POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:project-move",        "own_project",        GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:project-move",        "own_project",        POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:plan-write",          "own_project_stage",  GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:plan-write",          "own_project_stage",  POST, LOGIN, 200,   403,   403,   403,   403),
    # The reason was written by the staff fixture, who may not also accept it (200: says so).
    ("projects:plan-accept",         "own_plan",           GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:plan-accept",         "own_plan",           POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:impact-add",          "own_project",        GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:impact-add",          "own_project",        POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:checkpoint-edit",     None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:checkpoint-edit",     None,                 POST, LOGIN, TO_CHECKPOINTS, 403, 403, 403,   403),
    ("projects:activity-add",        None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:activity-add",        None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:activity-export",     None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:activity-export",     None,                 POST, LOGIN, 405,   403,   403,   403,   403),
    ("projects:programme-list",      None,                 GET,  LOGIN, 200,   200,   200,   200,   200),
    ("projects:programme-list",      None,                 POST, LOGIN, 405,   405,   405,   405,   405),
    ("projects:programme-add",       None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:programme-add",       None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:programme-detail",    "own_programme",      GET,  LOGIN, 200,   200,   200,   200,   200),
    ("projects:programme-detail",    "other_programme",    GET,  LOGIN, 200,   200,   200,   200,   404),
    ("projects:programme-detail",    "own_programme",      POST, LOGIN, 405,   405,   405,   405,   405),
    ("projects:programme-edit",      "own_programme",      GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:programme-edit",      "own_programme",      POST, LOGIN, 200,   403,   403,   403,   403),
    # The plan of change (reporting): read by staff, the chair, the core group and the Board;
    # changed by staff only; histories are staff's (audit). Drafts of the charter are staff's
    # only (404 for the other readers), and an approved version cannot change (404).
    ("reporting:plan",               None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:plan",               None,                 POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:phase-add",          None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:phase-add",          None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:phase-detail",       "phase",              GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:phase-detail",       "phase",              POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:phase-edit",         "phase",              GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:phase-edit",         "phase",              POST, LOGIN, TO_PHASE, 403, 403,   403,   403),
    ("reporting:phase-delete",       "phase",              GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:phase-delete",       "phase",              POST, LOGIN, TO_PLAN, 403,  403,   403,   403),
    ("reporting:phase-history",      "phase",              GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:phase-history",      "phase",              POST, LOGIN, 405,   403,   403,   403,   403),
    ("reporting:milestone-add",      "phase",              GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:milestone-add",      "phase",              POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:milestone-edit",     "milestone",          GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:milestone-edit",     "milestone",          POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:milestone-delete",   "milestone",          GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:milestone-delete",   "milestone",          POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:charter",            None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:charter",            None,                 POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:charter-compare",    None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:charter-compare",    None,                 POST, LOGIN, 405,   405,   405,   405,   403),
    # The World has a draft already, so starting another answers with the reason (200).
    ("reporting:charter-version-add", None,                GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:charter-version-add", None,                POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:charter-version",    "approved_version", GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:charter-version",    "draft_version",      GET,  LOGIN, 200,   404,   404,   404,   403),
    ("reporting:charter-version",    "approved_version", POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:charter-version-approve", "draft_version", GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:charter-version-approve", "draft_version", POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:charter-version-approve", "approved_version", GET, LOGIN, 404,  403,   403,   403,   403),
    ("reporting:charter-version-delete", "draft_version",  GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:charter-version-delete", "draft_version",  POST, LOGIN, TO_CHARTER, 403, 403,  403,   403),
    ("reporting:charter-version-delete", "approved_version", POST, LOGIN, 404,  403,   403,   403,   403),
    ("reporting:charter-history",    "approved_version", GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:charter-history",    "approved_version", POST, LOGIN, 405,   403,   403,   403,   403),
    ("reporting:principle-add",      "draft_version",      GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:principle-add",      "draft_version",      POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:principle-add",      "approved_version", POST, LOGIN, 404,   403,   403,   403,   403),
    ("reporting:principle-edit",     "draft_principle",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:principle-edit",     "draft_principle",    POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:principle-edit",     "approved_principle", GET,  LOGIN, 404,   403,   403,   403,   403),
    ("reporting:principle-delete",   "draft_principle",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:principle-delete",   "draft_principle",    POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:principle-delete",   "approved_principle", POST, LOGIN, 404,   403,   403,   403,   403),
    ("reporting:policy-list",        None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:policy-list",        None,                 POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:policy-add",         None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:policy-add",         None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:policy-detail",      "policy",             GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:policy-detail",      "policy",             POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:policy-edit",        "policy",             GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:policy-edit",        "policy",             POST, LOGIN, TO_POLICY, 403, 403,  403,   403),
    ("reporting:policy-delete",      "policy",             GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:policy-delete",      "policy",             POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:policy-history",     "policy",             GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:policy-history",     "policy",             POST, LOGIN, 405,   403,   403,   403,   403),
    ("reporting:champion-list",      None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:champion-list",      None,                 POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:champion-add",       None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:champion-add",       None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:champion-edit",      "champion",           GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:champion-edit",      "champion",           POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:champion-delete",    "champion",           GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:champion-delete",    "champion",           POST, LOGIN, TO_CHAMPIONS, 403, 403, 403, 403),
    ("reporting:champion-history",   "champion",           GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:champion-history",   "champion",           POST, LOGIN, 405,   403,   403,   403,   403),
    ("reporting:training-list",      None,                 GET,  LOGIN, 200,   200,   200,   200,   403),
    ("reporting:training-list",      None,                 POST, LOGIN, 405,   405,   405,   405,   403),
    ("reporting:training-add",       None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:training-add",       None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:training-edit",      "training_session",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:training-edit",      "training_session",   POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:training-delete",    "training_session",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:training-delete",    "training_session",   POST, LOGIN, 200,   403,   403,   403,   403),
    ("reporting:training-history",   "training_session",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("reporting:training-history",   "training_session",   POST, LOGIN, 405,   403,   403,   403,   403),
    # Issue 9, involvement in projects finished. Activities are corrected and deleted by staff
    # (the member's activity has a claim, so deleting it is refused with a 200 page).
    ("projects:activity-edit",       "own_activity",       GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:activity-edit",       "own_activity",       POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:activity-delete",     "own_activity",       GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:activity-delete",     "own_activity",       POST, LOGIN, 200,   403,   403,   403,   403),
    # Payments: staff all; a member their own claims, receipts, totals and record (another's 404).
    ("projects:claim-list",          None,                 GET,  LOGIN, 200,   403,   403,   403,   200),
    ("projects:claim-list",          None,                 POST, LOGIN, 405,   403,   403,   403,   405),
    ("projects:claim-add",           "own_activity",       GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:claim-add",           "own_activity",       POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:claim-decline",       "own_activity",       GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:claim-decline",       "own_activity",       POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:payment-settings",    None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:payment-settings",    None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:claim-detail",        "own_claim",          GET,  LOGIN, 200,   403,   403,   403,   200),
    ("projects:claim-detail",        "other_claim",        GET,  LOGIN, 200,   403,   403,   403,   404),
    ("projects:claim-detail",        "own_claim",          POST, LOGIN, 405,   403,   403,   403,   405),
    # The staff fixture entered the claim, so it may not approve it (200: says so).
    ("projects:claim-approve",       "own_claim",          GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:claim-approve",       "own_claim",          POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:claim-pay",           "own_claim",          GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:claim-pay",           "own_claim",          POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:receipt-add",         "own_claim",          GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:receipt-add",         "own_claim",          POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:receipt-download",    "own_receipt",        GET,  LOGIN, 200,   403,   403,   403,   200),
    ("projects:receipt-download",    "other_receipt",      GET,  LOGIN, 200,   403,   403,   403,   404),
    ("projects:receipt-download",    "own_receipt",        POST, LOGIN, 405,   403,   403,   403,   405),
    # Staff have no contributor record of their own: 404.
    ("projects:my-record",           None,                 GET,  LOGIN, 404,   403,   403,   403,   TO_CONTRIBUTOR),
    ("projects:my-record",           None,                 POST, LOGIN, 405,   403,   403,   403,   405),
    ("projects:contributor-detail",  "own_person",         GET,  LOGIN, 200,   403,   403,   403,   200),
    ("projects:contributor-detail",  "other_person",       GET,  LOGIN, 200,   403,   403,   403,   404),
    ("projects:contributor-detail",  "own_person",         POST, LOGIN, 405,   403,   403,   403,   405),
    ("projects:involvement-record",  "own_person_year",    GET,  LOGIN, 200,   403,   403,   403,   200),
    ("projects:involvement-record",  "other_person_year",  GET,  LOGIN, 200,   403,   403,   403,   404),
    ("projects:involvement-record",  "own_person_year",    POST, LOGIN, 405,   403,   403,   403,   405),
    # Commissioning: staff (the list names people, so it is staff's only)
    ("projects:commission-list",     None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:commission-list",     None,                 POST, LOGIN, 405,   403,   403,   403,   403),
    ("projects:commission-add",      "own_project",        GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:commission-add",      "own_project",        POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:commission-edit",     "own_commission",     GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:commission-edit",     "own_commission",     POST, LOGIN, 200,   403,   403,   403,   403),
    # Project advisory groups: members by name for staff; others see counts on the project page.
    ("projects:advisory-group",      "own_project",        GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:advisory-group",      "other_project",      GET,  LOGIN, 404,   403,   403,   403,   403),
    ("projects:advisory-group",      "own_project",        POST, LOGIN, 405,   403,   403,   403,   403),
    ("projects:advisory-group-add",  "other_project",      GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:advisory-group-add",  "other_project",      POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:advisory-group-add",  "own_project",        GET,  LOGIN, TO_ADVISORY_GROUP, 403, 403, 403, 403),
    ("projects:advisory-member-add", "own_project",        GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:advisory-member-add", "own_project",        POST, LOGIN, 200,   403,   403,   403,   403),
    ("projects:advisory-member-end", "advisory_member",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("projects:advisory-member-end", "advisory_member",    POST, LOGIN, 200,   403,   403,   403,   403),
    # Meetings, invitations and replies. View: staff, chair and core group every meeting; the
    # Board strategic ones and those they are invited to; a member only those they are invited
    # to (others 404). Organising them is staff's (meeting_record). The invited meeting is a
    # strategic one with its agenda published; the staff workshop has a draft agenda.
    ("network:meeting-list",         None,                 GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:meeting-add",          None,                 GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-add",          None,                 POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-year",         "year",               GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:meeting-detail",       "invited_meeting",    GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:meeting-detail",       "staff_meeting",      GET,  LOGIN, 200,   200,   200,   404,   404),
    ("network:meeting-edit",         "invited_meeting",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-edit",         "invited_meeting",    POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-cancel",       "invited_meeting",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-cancel",       "invited_meeting",    POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-publish",      "invited_meeting",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-publish",      "invited_meeting",    POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-calendar",     "invited_meeting",    GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:meeting-calendar",     "staff_meeting",      GET,  LOGIN, 200,   200,   200,   404,   404),
    ("network:meeting-agenda-pdf",   "invited_meeting",    GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:meeting-agenda-pdf",   "staff_meeting",      GET,  LOGIN, 200,   200,   200,   404,   404),
    # Only the member fixture holds an invitation (the other logins have no person record).
    ("network:meeting-reply",        "invited_meeting",    GET,  LOGIN, 404,   404,   404,   404,   200),
    ("network:meeting-reply",        "invited_meeting",    POST, LOGIN, 404,   404,   404,   404,   TO_MEETING),
    ("network:meeting-replies",      "invited_meeting",    GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-print-list",   "invited_meeting",    GET,  LOGIN, 200,   403,   403,   403,   403),
    # The co-designed agenda: drafts for staff, the chair and the core group; the published
    # agenda for everyone the meeting is visible to; suggestions from members where allowed;
    # sign-off by the chair or the core group member named for that meeting (others: 404;
    # the named member's 200 is in tests/network/test_agenda_pages.py, as giving the core
    # fixture a person record here would change its answers on other pages).
    ("network:agenda",               "agenda_meeting",     GET,  LOGIN, 200,   200,   200,   404,   404),
    ("network:agenda",               "published_meeting",  GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:agenda",               "agenda_meeting",     POST, LOGIN, 405,   405,   405,   405,   405),
    ("network:agenda-item-propose",  "agenda_meeting",     GET,  LOGIN, 200,   200,   200,   403,   200),
    ("network:agenda-item-propose",  "agenda_meeting",     POST, LOGIN, TO_AGENDA, TO_AGENDA, TO_AGENDA, 403, TO_PROPOSE),
    ("network:agenda-item-propose",  "published_meeting",  GET,  LOGIN, 200,   200,   200,   403,   404),
    ("network:agenda-item-edit",     "agenda_item",        GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-item-edit",     "agenda_item",        POST, LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-arrange",       "agenda_meeting",     GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-arrange",       "agenda_meeting",     POST, LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-item-move",     "agenda_meeting",     GET,  LOGIN, 405,   405,   405,   403,   403),
    ("network:agenda-item-move",     "agenda_meeting",     POST, LOGIN, TO_ARRANGE, TO_ARRANGE, TO_ARRANGE, 403, 403),
    ("network:agenda-merge",         "agenda_meeting",     GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-merge",         "agenda_meeting",     POST, LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-versions",      "agenda_meeting",     GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-versions",      "agenda_meeting",     POST, LOGIN, 405,   405,   405,   403,   403),
    ("network:agenda-compare",       "agenda_meeting",     GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:agenda-compare",       "agenda_meeting",     POST, LOGIN, 405,   405,   405,   403,   403),
    ("network:agenda-sign-off",      "agenda_meeting",     GET,  LOGIN, 403,   200,   404,   403,   403),
    ("network:agenda-sign-off",      "agenda_meeting",     POST, LOGIN, 403,   200,   404,   403,   403),
    ("network:agenda-delegate",      "agenda_meeting",     GET,  LOGIN, 403,   200,   403,   403,   403),
    ("network:agenda-delegate",      "agenda_meeting",     POST, LOGIN, 403,   200,   403,   403,   403),
    ("network:agenda-paper",         "draft_paper",        GET,  LOGIN, 200,   200,   200,   404,   404),
    ("network:agenda-paper",         "published_paper",    GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:agenda-paper",         "published_paper",    POST, LOGIN, 405,   405,   405,   405,   405),
    # After a meeting (issue 8, records): the register, minutes, actions and "you said, we
    # did" are written by staff only; approved minutes are read by every role (a member:
    # meetings for members or they are invited to); drafts are staff's (404 for others).
    ("network:meeting-register",     "approved_meeting",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-register",     "approved_meeting",   POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-minutes",      "approved_meeting",   GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:meeting-minutes",      "approved_meeting",   POST, LOGIN, 405,   405,   405,   405,   405),
    ("network:meeting-minutes",      "draft_meeting",      GET,  LOGIN, 200,   404,   404,   404,   404),
    ("network:minutes-edit",         "draft_meeting",      GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:minutes-edit",         "draft_meeting",      POST, LOGIN, TO_MINUTES, 403, 403, 403,   403),
    ("network:minutes-circulate",    "draft_meeting",      GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:minutes-circulate",    "draft_meeting",      POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:minutes-approve",      "draft_meeting",      GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:minutes-approve",      "draft_meeting",      POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:action-add",           "approved_meeting",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:action-add",           "approved_meeting",   POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:action-close",         "action",             GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:action-close",         "action",             POST, LOGIN, TO_ACTION_MINUTES, 403, 403, 403, 403),
    ("network:action-list",          None,                 GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:action-list",          None,                 POST, LOGIN, 405,   405,   405,   403,   403),
    ("network:feedback-add",         "approved_meeting",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:feedback-add",         "approved_meeting",   POST, LOGIN, 200,   403,   403,   403,   403),
    ("network:meeting-pack",         "approved_meeting",   GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:meeting-pack",         "approved_meeting",   POST, LOGIN, 405,   405,   405,   405,   405),
    ("network:meeting-pack",         "draft_meeting",      GET,  LOGIN, 200,   404,   404,   404,   404),
    ("network:my-contribution-letter", None,               GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:my-contribution-letter", None,               POST, LOGIN, 405,   405,   405,   405,   405),
    ("network:person-contribution-letter", "own_person",   GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:person-contribution-letter", "own_person",   POST, LOGIN, 405,   403,   403,   403,   403),
    # Bulletins (issue 10): staff send; the chair and core group write drafts only; everyone
    # who reads the archive sees sent ones, a member those sent to them (another's: 404).
    ("network:bulletin-list",        None,                 GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:bulletin-list",        None,                 POST, LOGIN, 405,   405,   405,   405,   405),
    ("network:bulletin-add",         None,                 GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:bulletin-add",         None,                 POST, LOGIN, 200,   200,   200,   403,   403),
    ("network:bulletin-detail",      "draft_bulletin",     GET,  LOGIN, 200,   200,   200,   404,   404),
    ("network:bulletin-detail",      "own_bulletin",       GET,  LOGIN, 200,   200,   200,   200,   200),
    ("network:bulletin-detail",      "other_bulletin",     GET,  LOGIN, 200,   200,   200,   200,   404),
    ("network:bulletin-detail",      "own_bulletin",       POST, LOGIN, 405,   405,   405,   405,   405),
    ("network:bulletin-edit",        "draft_bulletin",     GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:bulletin-edit",        "draft_bulletin",     POST, LOGIN, 200,   200,   200,   403,   403),
    ("network:bulletin-edit",        "own_bulletin",       GET,  LOGIN, TO_BULLETIN, TO_BULLETIN, TO_BULLETIN, 403, 403),
    ("network:bulletin-easy-read",   "draft_bulletin",     GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:bulletin-easy-read",   "draft_bulletin",     POST, LOGIN, 200,   200,   200,   403,   403),
    # Nothing to add in the World (no approved "you said, we did"): back to the draft.
    ("network:bulletin-you-said",    "draft_bulletin",     GET,  LOGIN, 405,   405,   405,   403,   403),
    ("network:bulletin-you-said",    "draft_bulletin",     POST, LOGIN, TO_BULLETIN, TO_BULLETIN, TO_BULLETIN, 403, 403),
    ("network:easy-read-point-remove", "easy_read_point",  GET,  LOGIN, 405,   405,   405,   403,   403),
    ("network:easy-read-point-remove", "easy_read_point",  POST, LOGIN, TO_EASY_READ, TO_EASY_READ, TO_EASY_READ, 403, 403),
    ("network:bulletin-preview",     "draft_bulletin",     GET,  LOGIN, 200,   200,   200,   403,   403),
    ("network:bulletin-preview",     "draft_bulletin",     POST, LOGIN, 405,   405,   405,   403,   403),
    ("network:bulletin-recipients",  "draft_bulletin",     GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:bulletin-recipients",  "draft_bulletin",     POST, LOGIN, 405,   403,   403,   403,   403),
    ("network:bulletin-send",        "draft_bulletin",     GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:bulletin-send",        "draft_bulletin",     POST, LOGIN, TO_BULLETIN, 403, 403,   403,   403),
    ("network:bulletin-deliveries",  "own_bulletin",       GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:bulletin-deliveries",  "own_bulletin",       POST, LOGIN, 405,   403,   403,   403,   403),
    ("network:bulletin-retry",       "own_bulletin",       GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:bulletin-retry",       "own_bulletin",       POST, LOGIN, TO_BULLETIN, 403, 403,   403,   403),
    ("network:deliveries-reconcile", None,                 GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:deliveries-reconcile", None,                 POST, LOGIN, to("network:bulletin-list"), 403, 403, 403, 403),
    ("network:bulletin-print",       "own_bulletin",       GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:bulletin-print",       "own_bulletin",       POST, LOGIN, TO_BULLETIN, 403, 403,   403,   403),
    ("network:mailing-list",         "own_bulletin",       GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:mailing-list",         "own_bulletin",       POST, LOGIN, 405,   403,   403,   403,   403),
    ("network:print-pack-download",  "print_pack",         GET,  LOGIN, 200,   403,   403,   403,   403),
    ("network:print-pack-download",  "print_pack",         POST, LOGIN, 405,   403,   403,   403,   403),
    ("network:person-email-working", "other_person",       GET,  LOGIN, 405,   403,   403,   403,   403),
    ("network:person-email-working", "other_person",       POST, LOGIN, TO_PERSON, 403, 403,   403,   403),
    # Preferences and unsubscribing: by the signed link alone, whoever holds it.
    ("network:preferences",          "preferences_token",  GET,  *everyone(200)),
    ("network:preferences",          "preferences_token",  POST, *everyone(200)),
    ("network:preferences",          "forged_token",       GET,  *everyone(404)),
    ("network:unsubscribe",          "unsubscribe_token",  GET,  *everyone(200)),
    ("network:unsubscribe",          "unsubscribe_token",  POST, *everyone(200)),
    ("network:unsubscribe",          "preferences_token",  POST, *everyone(404)),
]
# fmt: on

# Bodies for POSTs that should succeed for an allowed role; every other POST is empty.
POST_BODIES: dict[str, dict[str, Any]] = {
    "network:candidate-detail": {
        "recommendation": "recommend",
        "text": "Their young carers' forum would fill our gap.",
    },
    # Enough for a representative's form; staff's form also needs the kind (200).
    "network:organisation-edit": {"name": "Own Voices", "region": "national"},
    "network:my-details": {"preferred_channel": "email"},
    "network:follow-up-done": {"next": "/"},  # back where staff pressed it: here, home
    # The plan of change
    "reporting:phase-edit": {
        "title": "Phase one",
        **{f"starts_on_{i}": part for i, part in enumerate(["1", "11", "2025"])},
        **{f"ends_on_{i}": part for i, part in enumerate(["30", "4", "2026"])},
    },
    "reporting:phase-delete": {"confirm": "true"},
    "reporting:charter-version-delete": {"confirm": "true"},
    "reporting:policy-edit": {"name": "Recruitment", "owner": "HR", "status": "under-review"},
    "reporting:champion-delete": {"confirm": "true"},
    "network:meeting-reply": {"reply": "attending", "access_needs": "Step-free access"},
    "network:agenda-item-propose": {
        "title": "Transport costs",
        "purpose": "discuss",
        "minutes_needed": "15",
    },
    "network:bulletin-send": {"confirm": "true"},
}

# Patterns that are not ours to test here: the admin checks its own users (is_staff), and
# allauth's pages (sign-in, password reset, two-factor) are tested in test_sign_in.py and
# test_two_factor.py.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_INCLUDES = {"accounts/"}  # allauth.urls, included without a namespace


@dataclass(frozen=True)
class World:
    """The objects the pages are asked about, each as the arguments of its URL."""

    own_organisation: list[Any]
    other_organisation: list[Any]
    own_person: list[Any]
    other_person: list[Any]
    own_representative: list[Any]
    own_role_term: list[Any]
    candidate: list[Any]
    review: list[Any]
    invitation: list[Any]
    expired_invitation: list[Any]
    constituency_change: list[Any]
    follow_up: list[Any]
    organisation_import: list[Any]
    own_project: list[Any]
    other_project: list[Any]
    own_project_stage: list[Any]
    own_plan: list[Any]
    own_programme: list[Any]
    other_programme: list[Any]
    phase: list[Any]
    milestone: list[Any]
    approved_version: list[Any]
    draft_version: list[Any]
    approved_principle: list[Any]
    draft_principle: list[Any]
    policy: list[Any]
    champion: list[Any]
    training_session: list[Any]
    own_activity: list[Any]
    own_claim: list[Any]
    other_claim: list[Any]
    own_receipt: list[Any]
    other_receipt: list[Any]
    own_person_year: list[Any]
    other_person_year: list[Any]
    own_commission: list[Any]
    advisory_member: list[Any]
    year: list[Any]
    invited_meeting: list[Any]
    staff_meeting: list[Any]
    agenda_meeting: list[Any]
    published_meeting: list[Any]
    agenda_item: list[Any]
    draft_paper: list[Any]
    published_paper: list[Any]
    approved_meeting: list[Any]
    draft_meeting: list[Any]
    action: list[Any]
    draft_bulletin: list[Any]
    own_bulletin: list[Any]
    other_bulletin: list[Any]
    easy_read_point: list[Any]
    print_pack: list[Any]
    preferences_token: list[Any]
    unsubscribe_token: list[Any]
    forged_token: list[Any]


def agenda_world(staff_user: User) -> dict[str, list[Any]]:
    """A strategic meeting's draft agenda (members may suggest) and a published one, with a
    paper on each."""
    draft = MeetingFactory(members_may_suggest=True)
    item = AgendaItemFactory(meeting=draft)
    published = MeetingFactory()
    published_item = AgendaItemFactory(meeting=published)
    for meeting in (draft, published):
        AgendaVersion.objects.create(
            meeting=meeting, number=1, items=frozen_items(meeting), saved_by=staff_user
        )
    published.agenda_status = Meeting.AgendaStatus.PUBLISHED
    published.signed_off_version = published.agenda_versions.get()
    published.save()

    def paper(on: AgendaItem) -> int:
        return AgendaPaper.objects.create(
            item=on, title="Paper", file=ContentFile(b"%PDF-1.4\n", name="paper.pdf")
        ).pk

    return {
        "agenda_meeting": [draft.pk],
        "published_meeting": [published.pk],
        "agenda_item": [item.pk],
        "draft_paper": [paper(item)],
        "published_paper": [paper(published_item)],
    }


@pytest.fixture
def world(member_person: Person, staff_user: User, settings: Any, tmp_path: Any) -> World:
    """The member's own organisation and record, another organisation and person, and more.

    The member's own project is one their organisation took part in (an activity involved
    it); the other project is in another programme, with no part for them.
    """
    own_representative = member_person.representations.get()
    settings.MEDIA_ROOT = tmp_path / "media"  # receipts are uploaded files
    own_project = ProjectFactory(stage="scoping", advisory_group=AdvisoryGroupFactory())
    own_activity = ActivityFactory(
        project=own_project, organisations=[own_representative.organisation]
    )
    own_claim = ClaimFactory(activity=own_activity, person=member_person, entered_by=staff_user)
    other_claim = ClaimFactory(activity=own_activity)
    receipt = SimpleUploadedFile("bus.pdf", b"%PDF-1.4 a bus ticket")
    own_receipt = Receipt.objects.create(claim=own_claim, file=receipt)
    other_receipt = Receipt.objects.create(claim=other_claim, file=receipt)
    other_project = ProjectFactory()
    own_plan = PlanFactory(
        project=own_project,
        stage="production",
        involves_carers=False,
        level="",
        not_appropriate_reason="A reprint: nothing about it changes.",
        written_by=staff_user,
    )
    other_person = PersonFactory(full_name="Olu Other", email="olu@other.example.org")
    other_representative = RepresentativeFactory(
        person=other_person, organisation=MemberOrganisationFactory(name="Other Voices")
    )
    next_month = timezone.now() + timedelta(days=30)
    invited_meeting = MeetingFactory(
        starts_at=next_month,
        ends_at=next_month + timedelta(hours=3),
        agenda_status=Meeting.AgendaStatus.PUBLISHED,
    )
    InvitationFactory(meeting=invited_meeting, person=member_person)
    invited = UserFactory(email="invited@example.org", full_name="Ivy Invited")
    milestone = MilestoneFactory()
    approved_principle = PrincipleFactory(version=CharterVersionFactory(number=1))
    draft_principle = PrincipleFactory(version=CharterVersionFactory(number=2, approved_on=None))
    # Meetings for members (the member's organisation is active), one with approved minutes
    approved_meeting = MinutesFactory(meeting__invites_members=True).meeting
    AttendanceRecordFactory(meeting=approved_meeting, person=member_person)
    # Bulletins: a draft for the member's organisation's members; one sent to the member
    # (with a ready print pack), one sent to someone else.
    member_person.consent_given_on, member_person.consent_method = date(2024, 1, 1), "writing"
    member_person.save()
    draft_bulletin = BulletinFactory(created_by=staff_user)
    EasyReadPoint.objects.create(
        bulletin=draft_bulletin, position=1, picture="meeting", text="We meet."
    )
    own_delivery = DeliveryFactory(person=member_person)
    other_delivery = DeliveryFactory(person=other_person)
    print_pack = PrintPack.objects.create(
        bulletin=own_delivery.bulletin, format="standard", status="ready"
    )
    print_pack.file.save("bulletin.pdf", ContentFile(b"%PDF-1.4 a bulletin"))
    invited_key = [user_pk_to_url_str(invited), invitation_token_generator.make_token(invited)]
    return World(
        **agenda_world(staff_user),
        own_organisation=[own_representative.organisation_id],
        other_organisation=[other_representative.organisation_id],
        own_person=[member_person.pk],
        other_person=[other_person.pk],
        own_representative=[own_representative.pk],
        own_role_term=[RoleTermFactory(person=member_person).pk],
        candidate=[CandidateFactory().pk],
        review=[AnnualReviewFactory().pk],
        invitation=invited_key,
        expired_invitation=[invited_key[0], "expired-key"],
        organisation_import=[OrganisationImport.objects.create(filename="members.csv").pk],
        follow_up=[
            ContactRecordFactory(
                organisation=None, person=other_person, follow_up_on=date(2025, 3, 10)
            ).pk
        ],
        own_project=[own_project.pk],
        other_project=[other_project.pk],
        own_project_stage=[own_project.pk, "development"],
        own_plan=[own_plan.pk],
        own_programme=[own_project.programme_id],
        other_programme=[other_project.programme_id],
        phase=[milestone.phase_id],
        milestone=[milestone.pk],
        approved_version=[approved_principle.version_id],
        draft_version=[draft_principle.version_id],
        approved_principle=[approved_principle.pk],
        draft_principle=[draft_principle.pk],
        policy=[PolicyFactory().pk],
        champion=[ChampionFactory().pk],
        training_session=[TrainingSessionFactory().pk],
        own_activity=[own_activity.pk],
        own_claim=[own_claim.pk],
        other_claim=[other_claim.pk],
        own_receipt=[own_receipt.pk],
        other_receipt=[other_receipt.pk],
        own_person_year=[member_person.pk, 2024],
        other_person_year=[other_person.pk, 2024],
        own_commission=[CommissionFactory(project=own_project).pk],
        advisory_member=[AdvisoryGroupMemberFactory(group=own_project.advisory_group).pk],
        year=[2025],
        invited_meeting=[invited_meeting.pk],
        staff_meeting=[
            MeetingFactory(
                kind=Meeting.Kind.WORKSHOP,
                starts_at=next_month,
                ends_at=next_month + timedelta(hours=2),
                invites_members=False,
                invites_board=False,
                invites_staff=True,
            ).pk
        ],
        approved_meeting=[approved_meeting.pk],
        draft_meeting=[MinutesFactory(status="draft").meeting_id],
        action=[ActionFactory(meeting=approved_meeting).pk],
        draft_bulletin=[draft_bulletin.pk],
        own_bulletin=[own_delivery.bulletin_id],
        other_bulletin=[other_delivery.bulletin_id],
        easy_read_point=[draft_bulletin.pk, 1],
        print_pack=[print_pack.pk],
        preferences_token=[signed_links.token_for(member_person, signed_links.PREFERENCES)],
        unsubscribe_token=[signed_links.token_for(member_person, signed_links.UNSUBSCRIBE)],
        forged_token=[signed_links.token_for(member_person, signed_links.PREFERENCES)[:-2] + "xx"],
        constituency_change=[
            ConstituencyChange.objects.create(
                organisation_id=own_representative.organisation_id,
                changed_by=member_person.user,
            ).pk
        ],
    )


def case_id(url_name: str, obj: str | None, role: str, method: str) -> str:
    """`network:organisation-edit-other/member/GET`: whose object, who asks, how."""
    whose = f"-{obj.split('_')[0]}" if obj and "_" in obj else ""
    return f"{url_name}{whose}/{role}/{method}"


def build_cases() -> list[Any]:
    cases = []
    for url_name, obj, method, *answers in MATRIX:
        for role, expected in zip(ROLES, answers, strict=True):
            marks = []
            if isinstance(expected, Contradiction):
                marks = [pytest.mark.xfail(strict=True, reason=expected.reason)]
                expected = expected.expected
            cases.append(
                pytest.param(
                    url_name,
                    obj,
                    role,
                    method,
                    expected,
                    id=case_id(url_name, obj, role, method),
                    marks=marks,
                )
            )
    return cases


CASES = build_cases()


def client_for(role: str, request: pytest.FixtureRequest) -> Client:
    if role == "anonymous":
        return Client()
    return request.getfixturevalue(f"{role}_client")


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "obj", "role", "method", "expected"), CASES)
def test_permission_matrix(
    request: pytest.FixtureRequest,
    world: World,
    url_name: str,
    obj: str | None,
    role: str,
    method: str,
    expected: int | SignIn | Redirect,
) -> None:
    url = reverse(url_name, args=getattr(world, obj) if obj else None)
    client = client_for(role, request)
    if method == GET:
        response = client.get(url)
    else:
        response = client.post(url, POST_BODIES.get(url_name, {}))
    answer = f"{method} {url} as {role}: {response.status_code} {response.get('Location', '')}"
    if isinstance(expected, int):
        assert response.status_code == expected, answer
    else:
        assert response.status_code == 302, answer
        location = urlsplit(response.url)
        if isinstance(expected, SignIn):
            assert location.path == reverse("account_login"), answer
            assert parse_qs(location.query)["next"] == [url], answer
        else:
            target = resolve(location.path)
            assert target.view_name == expected.url_name, answer
            if obj and "pk" in target.kwargs and not expected.elsewhere:  # back to the object
                assert target.kwargs["pk"] == getattr(world, obj)[0], answer


def our_url_names() -> set[str]:
    """Every named pattern the resolver finds, except the admin's and allauth's."""
    names: set[str] = set()
    unnamed: list[str] = []

    def walk(patterns: list[Any], namespace: str, route: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                if not namespace and str(pattern.pattern) in EXCLUDED_INCLUDES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:
                    unnamed.append(route + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "")
    assert not unnamed, f"Patterns without a name cannot be in the matrix: {unnamed}"
    return names


def test_every_pattern_of_our_apps_has_a_row():
    missing = sorted(our_url_names() - {row[0] for row in MATRIX})
    assert not missing, f"URL names with no row in MATRIX: {', '.join(missing)}"


def test_every_row_names_a_pattern():
    unknown = sorted({row[0] for row in MATRIX} - our_url_names())
    assert not unknown, f"Rows of MATRIX for URL names that do not exist: {', '.join(unknown)}"


def test_the_walk_reaches_every_app():
    names = our_url_names()
    assert {"healthz", "invitation-accept", "reporting:home", "network:overview"} <= names
    assert not any(name.startswith(("admin:", "account_", "mfa_")) for name in names)


def test_each_case_is_named_once_and_every_row_is_well_formed():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for url_name, obj, method, *answers in MATRIX:
        assert method in {GET, POST}, url_name
        assert obj is None or obj in World.__dataclass_fields__, (url_name, obj)
        assert len(answers) == len(ROLES), url_name
        for answer in answers:
            value = answer.expected if isinstance(answer, Contradiction) else answer
            assert value in {200, 403, 404, 405} or isinstance(value, SignIn | Redirect), (
                url_name,
                answer,
            )
    assert set(POST_BODIES) <= {row[0] for row in MATRIX if row[2] == POST}
