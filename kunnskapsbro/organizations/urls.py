from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("ny/", views.organization_edit, name="create"),
    path("forslag/", views.organization_suggest, name="suggest"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/forslag/", views.person_suggest, name="person_suggest"),
    path("personer/ny/", views.person_edit, name="person_create"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path("personer/<slug:slug>/rediger/", views.person_edit, name="person_edit"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
    path("<slug:slug>/rediger/", views.organization_edit, name="edit"),
]
