from django.contrib.auth import views as auth_views
from django.urls import path

from . import role_views, views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("oidc/<slug:provider_id>/", views.oidc_start, name="oidc_start"),
    path("oidc/<slug:provider_id>/tilbake/", views.oidc_callback, name="oidc_callback"),
    path("passord/glemt/", views.password_reset, name="password_reset"),
    path("passord/glemt/sendt/", views.password_reset_done, name="password_reset_done"),
    path(
        "passord/ny/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("passord/ny/ferdig/", views.password_reset_complete, name="password_reset_complete"),
    path("min-side/", views.my_page, name="my_page"),
    path("min-side/mine-data.json", views.my_export, name="my_export"),
    path("api-nokler/<int:pk>/trekk-tilbake/", views.token_revoke, name="token_revoke"),
    path("personer/<slug:slug>/data.json", views.person_export_view, name="person_export"),
    path("personer/<slug:slug>/slett/", views.person_erase_view, name="person_erase"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("roller/", role_views.my_roles, name="my_roles"),
    path("roller/<slug:slug>/", role_views.partnership_roles, name="partnership_roles"),
    path("roller/<slug:slug>/<int:pk>/avslutt/", role_views.role_end, name="role_end"),
]
