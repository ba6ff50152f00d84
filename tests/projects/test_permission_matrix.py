"""Every URL of the projects app, for every role, by GET and POST: the answers the report lists."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.projects.factories import ActivityFactory, PlanFactory, ProjectFactory

LOGIN = "login"
READ = {"project-list", "project-detail", "programme-list", "programme-detail"}
WRITE = {
    "project-add",
    "project-edit",
    "project-move",
    "plan-write",
    "plan-accept",
    "impact-add",
    "checkpoint-edit",
    "activity-add",
    "programme-add",
    "programme-edit",
}
STAFF_ONLY_READ = {"activity-export"}
# What staff get when they POST an empty form: the form again with its errors (200), or a
# change made (302): an empty set of checkpoints is a choice; an accepted reason is done.
STAFF_POST = dict.fromkeys(WRITE, 200) | {"checkpoint-edit": 302, "plan-accept": 302}


def project_url_names() -> set[str]:
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "projects":
            return {p.name for p in pattern.url_patterns if isinstance(p, URLPattern)}
    return set()


def test_every_pattern_has_an_expected_answer():
    assert project_url_names() == READ | WRITE | STAFF_ONLY_READ


def expected(role: str, name: str, method: str, *, own: bool) -> int | str:
    """The answer for one role, page and method (own: a project the member's org was in)."""
    if role == "anonymous":
        return LOGIN
    if role == "staff":
        if method == "get":
            return 200
        return STAFF_POST.get(name, 405)
    if name in WRITE or name in STAFF_ONLY_READ:
        return 403
    if method == "post":
        return 405
    if role == "member" and not own and name in {"project-detail", "programme-detail"}:
        return 404
    return 200


@pytest.mark.parametrize("role", ["staff", "chair", "core group", "board", "member", "anonymous"])
@pytest.mark.django_db
def test_each_role_gets_the_tables_answer(role_clients, member_person, staff_user, role):
    organisation = member_person.representations.get().organisation
    own = ProjectFactory(stage="scoping")
    ActivityFactory(project=own, organisations=[organisation])
    other = ProjectFactory()
    client = role_clients[role]
    for project, is_own in ((own, True), (other, False)):
        plan = PlanFactory(
            project=project,
            stage="production",
            involves_carers=False,
            level="",
            not_appropriate_reason="Reprint only.",
        )
        args = {
            "project-detail": [project.pk],
            "project-edit": [project.pk],
            "project-move": [project.pk],
            "plan-write": [project.pk, "development"],
            "impact-add": [project.pk],
            "plan-accept": [plan.pk],
            "programme-detail": [project.programme_id],
            "programme-edit": [project.programme_id],
        }
        for name in sorted(READ | WRITE | STAFF_ONLY_READ):
            url = reverse(f"projects:{name}", args=args.get(name, []))
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                want = expected(role, name, method, own=is_own)
                if want == LOGIN:
                    assert response.status_code == 302, (url, method)
                    assert response.url.startswith(reverse("account_login")), (url, method)
                else:
                    assert response.status_code == want, (role, url, method)
