from django.urls import path

from commission.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.people, name="people"),
]
