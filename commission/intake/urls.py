"""Letter pages, included under /letters/."""

from django.urls import path

from commission.intake import mail_views, views

app_name = "intake"
urlpatterns = [
    path("", views.letter_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("upload/report/", views.upload_report, name="upload-report"),
    path("mail/", mail_views.mail_list, name="mail"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/copies/", views.copies, name="copies"),
    path("<int:pk>/accept-all/", views.accept_all, name="accept-all"),
    path("proposals/<int:pk>/accept/", views.accept, name="accept"),
    path("proposals/<int:pk>/reject/", views.reject, name="reject"),
    path("proposals/<int:pk>/people/", views.person_choices, name="person-choices"),
]
