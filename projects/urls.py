from django.urls import path

from projects.views import advisory_groups, commissioning, involvement, payments

app_name = "projects"

urlpatterns = [
    path("", involvement.project_list, name="project-list"),
    path("add/", involvement.project_add, name="project-add"),
    path("<int:pk>/", involvement.project_detail, name="project-detail"),
    path("<int:pk>/edit/", involvement.project_edit, name="project-edit"),
    path("<int:pk>/move/", involvement.project_move, name="project-move"),
    path("<int:pk>/plans/<slug:stage>/", involvement.plan_write, name="plan-write"),
    path("<int:pk>/impact/add/", involvement.impact_add, name="impact-add"),
    path("plans/<int:pk>/accept/", involvement.plan_accept, name="plan-accept"),
    path("checkpoints/", involvement.checkpoint_edit, name="checkpoint-edit"),
    path("log/", involvement.activity_add, name="activity-add"),
    path("log/export.csv", involvement.activity_export, name="activity-export"),
    path("log/<int:pk>/edit/", involvement.activity_edit, name="activity-edit"),
    path("log/<int:pk>/delete/", involvement.activity_delete, name="activity-delete"),
    # Payments to public contributors
    path("log/<int:pk>/claims/add/", payments.claim_add, name="claim-add"),
    path("log/<int:pk>/claims/decline/", payments.claim_decline, name="claim-decline"),
    path("claims/", payments.claim_list, name="claim-list"),
    path("claims/settings/", payments.payment_settings, name="payment-settings"),
    path("claims/<int:pk>/", payments.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/approve/", payments.claim_approve, name="claim-approve"),
    path("claims/<int:pk>/pay/", payments.claim_pay, name="claim-pay"),
    path("claims/<int:pk>/receipts/add/", payments.receipt_add, name="receipt-add"),
    path("receipts/<int:pk>/", payments.receipt_download, name="receipt-download"),
    path("contributors/me/", payments.my_record, name="my-record"),
    path("contributors/<int:pk>/", payments.contributor_detail, name="contributor-detail"),
    path(
        "contributors/<int:pk>/record-<int:year>.pdf",
        payments.involvement_record,
        name="involvement-record",
    ),
    # Commissioning
    path("commissions/", commissioning.commission_list, name="commission-list"),
    path("<int:pk>/commissions/add/", commissioning.commission_add, name="commission-add"),
    path("commissions/<int:pk>/edit/", commissioning.commission_edit, name="commission-edit"),
    # Project advisory groups
    path("<int:pk>/advisory-group/", advisory_groups.group_detail, name="advisory-group"),
    path("<int:pk>/advisory-group/add/", advisory_groups.group_add, name="advisory-group-add"),
    path(
        "<int:pk>/advisory-group/members/add/",
        advisory_groups.member_add,
        name="advisory-member-add",
    ),
    path("advisory-members/<int:pk>/end/", advisory_groups.member_end, name="advisory-member-end"),
    path("programmes/", involvement.programme_list, name="programme-list"),
    path("programmes/add/", involvement.programme_add, name="programme-add"),
    path("programmes/<int:pk>/", involvement.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", involvement.programme_edit, name="programme-edit"),
]
