from django.urls import path

from commission.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
    path("verify/", views.verify, name="verify"),
    path("<int:seq>/", views.event, name="event"),
]
