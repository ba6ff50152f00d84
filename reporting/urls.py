from django.urls import path

from reporting.views import charter, engagement, home, plan

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
    # The plan of change: phases and milestones
    path("plan/", plan.plan, name="plan"),
    path("plan/phases/add/", plan.phase_add, name="phase-add"),
    path("plan/phases/<int:pk>/", plan.phase_detail, name="phase-detail"),
    path("plan/phases/<int:pk>/edit/", plan.phase_edit, name="phase-edit"),
    path("plan/phases/<int:pk>/delete/", plan.phase_delete, name="phase-delete"),
    path("plan/phases/<int:pk>/history/", plan.phase_history, name="phase-history"),
    path("plan/phases/<int:pk>/milestones/add/", plan.milestone_add, name="milestone-add"),
    path("plan/milestones/<int:pk>/edit/", plan.milestone_edit, name="milestone-edit"),
    path("plan/milestones/<int:pk>/delete/", plan.milestone_delete, name="milestone-delete"),
    # The statement of values (co-production charter)
    path("plan/charter/", charter.charter, name="charter"),
    path("plan/charter/compare/", charter.charter_compare, name="charter-compare"),
    path("plan/charter/versions/add/", charter.charter_version_add, name="charter-version-add"),
    path("plan/charter/versions/<int:pk>/", charter.charter_version, name="charter-version"),
    path(
        "plan/charter/versions/<int:pk>/approve/",
        charter.charter_version_approve,
        name="charter-version-approve",
    ),
    path(
        "plan/charter/versions/<int:pk>/delete/",
        charter.charter_version_delete,
        name="charter-version-delete",
    ),
    path(
        "plan/charter/versions/<int:pk>/history/",
        charter.charter_history,
        name="charter-history",
    ),
    path(
        "plan/charter/versions/<int:pk>/principles/add/",
        charter.principle_add,
        name="principle-add",
    ),
    path("plan/charter/principles/<int:pk>/edit/", charter.principle_edit, name="principle-edit"),
    path(
        "plan/charter/principles/<int:pk>/delete/",
        charter.principle_delete,
        name="principle-delete",
    ),
    # The review of policies and procedures
    path("plan/policies/", engagement.policy_list, name="policy-list"),
    path("plan/policies/add/", engagement.policy_add, name="policy-add"),
    path("plan/policies/<int:pk>/", engagement.policy_detail, name="policy-detail"),
    path("plan/policies/<int:pk>/edit/", engagement.policy_edit, name="policy-edit"),
    path("plan/policies/<int:pk>/delete/", engagement.policy_delete, name="policy-delete"),
    path("plan/policies/<int:pk>/history/", engagement.policy_history, name="policy-history"),
    # Staff co-production champions and training
    path("plan/champions/", engagement.champion_list, name="champion-list"),
    path("plan/champions/add/", engagement.champion_add, name="champion-add"),
    path("plan/champions/<int:pk>/edit/", engagement.champion_edit, name="champion-edit"),
    path("plan/champions/<int:pk>/delete/", engagement.champion_delete, name="champion-delete"),
    path("plan/champions/<int:pk>/history/", engagement.champion_history, name="champion-history"),
    path("plan/training/", engagement.training_list, name="training-list"),
    path("plan/training/add/", engagement.training_add, name="training-add"),
    path("plan/training/<int:pk>/edit/", engagement.training_edit, name="training-edit"),
    path("plan/training/<int:pk>/delete/", engagement.training_delete, name="training-delete"),
    path("plan/training/<int:pk>/history/", engagement.training_history, name="training-history"),
]
