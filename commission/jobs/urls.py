"""The Background work pages, included under /work/."""

from django.urls import path

from commission.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.background_work, name="work"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
