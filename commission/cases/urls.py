from django.urls import path

from commission.cases import letter_views, note_views, rules_views, sitting_views, views, work_views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("open/subjects/", views.subject_lookup, name="subject-lookup"),
    path("queue/", work_views.my_queue, name="queue"),
    path("rules/", rules_views.rules_page, name="rules"),
    path("calendar/", rules_views.calendar_set, name="calendar"),
    path("rules/<str:ref>/", rules_views.rules_page, name="rules-of"),
    path("workload/", work_views.workload_view, name="workload"),
    path("letters/<int:pk>.pdf", letter_views.letter_pdf, name="letter-pdf"),
    path("letters/<int:pk>/sign/", letter_views.letter_sign, name="letter-sign"),
    path("sittings/", sitting_views.sitting_list, name="sittings"),
    path("sittings/<int:pk>/", sitting_views.sitting_detail, name="sitting"),
    path("sittings/<int:pk>/docket/", sitting_views.sitting_docket_print, name="sitting-docket"),
    path("sittings/<int:pk>/docket/add/", sitting_views.sitting_docket_add, name="docket-add"),
    path(
        "sittings/<int:pk>/docket/<int:entry_id>/move/",
        sitting_views.docket_entry_move,
        name="docket-move",
    ),
    path("sittings/<int:pk>/held/", sitting_views.sitting_hold, name="sitting-hold"),
    path("sittings/<int:pk>/minutes/", sitting_views.sitting_minutes_adopt, name="sitting-minutes"),
    path("<str:ref>/", views.case_detail, name="detail"),
    path("<str:ref>/move/", views.case_move, name="move"),
    path("<str:ref>/hearings/new/", views.hearing_schedule, name="hearing-schedule"),
    path(
        "<str:ref>/hearings/<int:hearing_id>/postpone/",
        views.hearing_postpone,
        name="hearing-postpone",
    ),
    path(
        "<str:ref>/hearings/<int:hearing_id>/cancel/", views.hearing_cancel, name="hearing-cancel"
    ),
    path("<str:ref>/hearings/<int:hearing_id>/held/", views.hearing_held, name="hearing-held"),
    path("<str:ref>/decide/", views.case_decide, name="decide"),
    path("<str:ref>/decide/check/", views.decide_check, name="decide-check"),
    path("<str:ref>/appeal/", views.case_appeal, name="appeal"),
    path("<str:ref>/decisions/<int:decision_id>/reopen/", views.case_reopen, name="reopen"),
    path("<str:ref>/recusal/", views.recusal_override, name="recusal-override"),
    path("<str:ref>/assign/", work_views.case_assign, name="assign"),
    path("<str:ref>/letters/", letter_views.case_letters, name="letters"),
    path("<str:ref>/documents/<int:document_id>/", note_views.document_page, name="document"),
    path(
        "<str:ref>/documents/<int:document_id>/notes/",
        note_views.document_note,
        name="document-note",
    ),
    path(
        "<str:ref>/documents/<int:document_id>/tags/",
        note_views.document_tag,
        name="document-tag",
    ),
    path(
        "<str:ref>/documents/<int:document_id>/notes/<int:note_id>/check/",
        note_views.note_check,
        name="note-check",
    ),
]
