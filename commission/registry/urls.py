from django.urls import path

from commission.registry import views

app_name = "registry"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<str:ref>/", views.person, name="person"),
    path("people/<str:ref>/mail/", views.person_mail, name="person-mail"),
    path("people/<str:ref>/erase/", views.person_erase, name="person-erase"),
    path("people/<str:ref>/merge/", views.person_merge, name="person-merge"),
    path("people/<str:ref>/unmerge/", views.person_unmerge, name="person-unmerge"),
    path("duplicates/", views.likely_duplicates, name="duplicates"),
    path("me/", views.my_record, name="me"),
]
