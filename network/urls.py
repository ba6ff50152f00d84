from django.urls import path

from network.views import (
    agenda,
    bulletins,
    constituency_changes,
    contacts,
    governance,
    meeting_records,
    meetings,
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
    # Meetings, invitations and replies
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/add/", meetings.meeting_add, name="meeting-add"),
    path("meetings/year/<int:year>/", meetings.meeting_year, name="meeting-year"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/publish/", meetings.meeting_publish, name="meeting-publish"),
    path(
        "meetings/<int:pk>/calendar.ics",
        meetings.meeting_calendar_file,
        name="meeting-calendar",
    ),
    path("meetings/<int:pk>/agenda.pdf", meetings.meeting_agenda_pdf, name="meeting-agenda-pdf"),
    path("meetings/<int:pk>/reply/", meetings.meeting_reply, name="meeting-reply"),
    path("meetings/<int:pk>/replies/", meetings.meeting_replies, name="meeting-replies"),
    path("meetings/<int:pk>/print-list/", meetings.meeting_print_list, name="meeting-print-list"),
    # The co-designed agenda of a meeting
    path("meetings/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path(
        "meetings/<int:pk>/agenda/propose/",
        agenda.agenda_item_propose,
        name="agenda-item-propose",
    ),
    path("meetings/<int:pk>/agenda/arrange/", agenda.agenda_arrange, name="agenda-arrange"),
    path("meetings/<int:pk>/agenda/move/", agenda.agenda_item_move, name="agenda-item-move"),
    path("meetings/<int:pk>/agenda/merge/", agenda.agenda_merge, name="agenda-merge"),
    path("meetings/<int:pk>/agenda/versions/", agenda.agenda_versions, name="agenda-versions"),
    path("meetings/<int:pk>/agenda/compare/", agenda.agenda_compare, name="agenda-compare"),
    path("meetings/<int:pk>/agenda/sign-off/", agenda.agenda_sign_off, name="agenda-sign-off"),
    path(
        "meetings/<int:pk>/agenda/sign-off/delegate/",
        agenda.agenda_delegate,
        name="agenda-delegate",
    ),
    path("agenda-items/<int:pk>/edit/", agenda.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-papers/<int:pk>/", agenda.agenda_paper, name="agenda-paper"),
    # After a meeting: register, minutes, actions, "you said, we did", PDFs
    path(
        "meetings/<int:pk>/register/",
        meeting_records.meeting_register,
        name="meeting-register",
    ),
    path("meetings/<int:pk>/minutes/", meeting_records.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/minutes/edit/", meeting_records.minutes_edit, name="minutes-edit"),
    path(
        "meetings/<int:pk>/minutes/circulate/",
        meeting_records.minutes_circulate,
        name="minutes-circulate",
    ),
    path(
        "meetings/<int:pk>/minutes/approve/",
        meeting_records.minutes_approve,
        name="minutes-approve",
    ),
    path("meetings/<int:pk>/actions/add/", meeting_records.action_add, name="action-add"),
    path("meetings/<int:pk>/feedback/add/", meeting_records.feedback_add, name="feedback-add"),
    path("meetings/<int:pk>/pack.pdf", meeting_records.meeting_pack, name="meeting-pack"),
    path("actions/", meeting_records.action_list, name="action-list"),
    path("actions/<int:pk>/close/", meeting_records.action_close, name="action-close"),
    path(
        "me/contribution-letter/",
        meeting_records.my_contribution_letter,
        name="my-contribution-letter",
    ),
    path(
        "people/<int:pk>/contribution-letter/",
        meeting_records.person_contribution_letter,
        name="person-contribution-letter",
    ),
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
        "bulletins/<int:pk>/you-said-we-did/",
        bulletins.bulletin_you_said,
        name="bulletin-you-said",
    ),
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
