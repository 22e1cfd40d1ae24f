from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("forslag/", views.organization_suggest, name="suggest"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/forslag/", views.person_suggest, name="person_suggest"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
]
