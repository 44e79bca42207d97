from django.urls import path

from commission.cases import views, work_views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("open/subjects/", views.subject_lookup, name="subject-lookup"),
    path("queue/", work_views.my_queue, name="queue"),
    path("workload/", work_views.workload_view, name="workload"),
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
]
