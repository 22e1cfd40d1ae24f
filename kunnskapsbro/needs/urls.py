from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("behov/", views.need_list, name="list"),
    path("behov/nytt/", views.need_create, name="create"),
    path("behov/<int:pk>/", views.need_detail, name="detail"),
    path("behov/<int:pk>/status/", views.need_transition, name="transition"),
    path("behov/<int:pk>/treff/", views.need_matches, name="matches"),
    path("behov/<int:pk>/svar/", views.answer_add, name="answer_add"),
    path("behov/<int:pk>/oppgave/", views.assignment_create, name="assignment_create"),
    path("oppgavebank/", views.assignment_list, name="assignments"),
    path("oppgavebank/<int:pk>/", views.assignment_detail, name="assignment"),
    path("oppgavebank/<int:pk>/interesse/", views.interest_create, name="interest"),
    path(
        "oppgavebank/<int:pk>/interesse/<int:interest_id>/velg/",
        views.interest_choose,
        name="interest_choose",
    ),
    path("oppgavebank/<int:pk>/oppgave/", views.thesis_record, name="thesis"),
    path("matching/", views.match_page, name="match"),
    path("prosjekter/<int:pk>/lignende/", views.similar_projects, name="similar_projects"),
]
