"""Inquiry pages. Included at the root, so each path is written out in full; the witness list
and the neighbourhood hang under the case and the person they are about."""

from django.urls import path

from commission.inquiries import views

app_name = "inquiries"
urlpatterns = [
    path("inquiries/", views.board, name="board"),
    path("inquiries/new/", views.ask, name="ask"),
    path("inquiries/from-note/<int:pk>/", views.ask_from_note, name="ask-from-note"),
    path("inquiries/<str:ref>/", views.detail, name="detail"),
    path("inquiries/<str:ref>/send/", views.send, name="send"),
    path("inquiries/<str:ref>/withdraw/", views.withdraw, name="withdraw"),
    path("inquiries/<str:ref>/answer/", views.answer, name="answer"),
    path("cases/<str:ref>/witnesses/", views.witnesses, name="witnesses"),
    path("cases/<str:ref>/inquiries/", views.case_panel, name="case-panel"),
    path("people/<str:ref>/neighbourhood/", views.neighbourhood, name="neighbourhood"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.mark_read, name="mark_read"),
]
