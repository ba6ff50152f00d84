from django.urls import path

from network.views import (
    bulletins,
    constituency_changes,
    contacts,
    governance,
    organisations,
    people,
)

app_name = "network"

urlpatterns = [
    path("", governance.overview, name="overview"),
    # Organisations and memberships
    path("organisations/", organisations.organisation_list, name="organisation-list"),
    path(
        "organisations/export.csv", organisations.organisation_export, name="organisation-export"
    ),
    path("organisations/add/", organisations.organisation_add, name="organisation-add"),
    path("organisations/import/", organisations.organisation_import, name="organisation-import"),
    path(
        "organisations/imports/<int:pk>/",
        organisations.organisation_import_status,
        name="organisation-import-status",
    ),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation-detail"),
    path(
        "organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation-edit"
    ),
    path(
        "organisations/<int:pk>/membership/",
        organisations.membership_change,
        name="membership-change",
    ),
    path(
        "organisations/<int:pk>/history/",
        organisations.organisation_history,
        name="organisation-history",
    ),
    path(
        "constituency-changes/<int:pk>/reviewed/",
        constituency_changes.constituency_change_review,
        name="constituency-change-review",
    ),
    # People, representatives and roles
    path("people/", people.person_list, name="person-list"),
    path("people/export.csv", people.person_export, name="person-export"),
    path("people/add/", people.person_add, name="person-add"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/invite/", people.person_invite, name="person-invite"),
    path("people/<int:pk>/history/", people.person_history, name="person-history"),
    path(
        "people/<int:pk>/organisations/add/",
        people.representative_add,
        name="representative-add",
    ),
    path("representatives/<int:pk>/end/", people.representative_end, name="representative-end"),
    path("people/<int:pk>/roles/add/", people.role_term_add, name="role-term-add"),
    path("roles/<int:pk>/end/", people.role_term_end, name="role-term-end"),
    path("me/", people.my_details, name="my-details"),
    # Consent, and the contact log (staff only)
    path(
        "people/<int:pk>/consent/withdraw/",
        people.person_consent_withdraw,
        name="person-consent-withdraw",
    ),
    path("me/consent/withdraw/", people.my_consent_withdraw, name="my-consent-withdraw"),
    path(
        "organisations/<int:pk>/contacts/add/",
        contacts.organisation_contact_add,
        name="organisation-contact-add",
    ),
    path("people/<int:pk>/contacts/add/", contacts.person_contact_add, name="person-contact-add"),
    path("contacts/<int:pk>/follow-up/done/", contacts.follow_up_done, name="follow-up-done"),
    # Representation, targets, recruitment, annual reviews
    path("representation/", governance.representation, name="representation"),
    path("targets/", governance.target_list, name="target-list"),
    path("recruitment/", governance.candidate_list, name="candidate-list"),
    path("recruitment/add/", governance.candidate_add, name="candidate-add"),
    path("recruitment/<int:pk>/", governance.candidate_detail, name="candidate-detail"),
    path("recruitment/<int:pk>/stage/", governance.candidate_move, name="candidate-move"),
    path("reviews/", governance.review_list, name="review-list"),
    path("reviews/add/", governance.review_add, name="review-add"),
    path("reviews/<int:pk>/", governance.review_detail, name="review-detail"),
    path("reviews/<int:pk>/edit/", governance.review_edit, name="review-edit"),
]

urlpatterns += [
    # Bulletins (issue 10)
    path("bulletins/", bulletins.bulletin_list, name="bulletin-list"),
    path("bulletins/add/", bulletins.bulletin_add, name="bulletin-add"),
    path("bulletins/reconcile/", bulletins.deliveries_reconcile, name="deliveries-reconcile"),
    path("bulletins/<int:pk>/", bulletins.bulletin_detail, name="bulletin-detail"),
    path("bulletins/<int:pk>/edit/", bulletins.bulletin_edit, name="bulletin-edit"),
    path("bulletins/<int:pk>/easy-read/", bulletins.bulletin_easy_read, name="bulletin-easy-read"),
    path(
        "bulletins/<int:pk>/easy-read/<int:position>/remove/",
        bulletins.easy_read_point_remove,
        name="easy-read-point-remove",
    ),
    path("bulletins/<int:pk>/preview/", bulletins.bulletin_preview, name="bulletin-preview"),
    path(
        "bulletins/<int:pk>/recipients/", bulletins.bulletin_recipients, name="bulletin-recipients"
    ),
    path("bulletins/<int:pk>/send/", bulletins.bulletin_send, name="bulletin-send"),
    path(
        "bulletins/<int:pk>/deliveries/", bulletins.bulletin_deliveries, name="bulletin-deliveries"
    ),
    path("bulletins/<int:pk>/retry/", bulletins.bulletin_retry, name="bulletin-retry"),
    path("bulletins/<int:pk>/print/", bulletins.bulletin_print, name="bulletin-print"),
    path("bulletins/<int:pk>/mailing-list.csv", bulletins.mailing_list, name="mailing-list"),
    path("print-packs/<int:pk>/", bulletins.print_pack_download, name="print-pack-download"),
    path(
        "people/<int:pk>/email-working/",
        bulletins.person_email_working,
        name="person-email-working",
    ),
    path("preferences/<str:token>/", bulletins.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", bulletins.unsubscribe, name="unsubscribe"),
]
