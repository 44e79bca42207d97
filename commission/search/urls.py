from django.urls import path

from commission.search import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("like/<int:pk>/", views.similar_page, name="similar"),
]
