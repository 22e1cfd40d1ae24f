from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("moter/", views.body_list, name="body_list"),
    path("moter/arshjul/", views.annual_cycle, name="annual_cycle"),
    path("moter/arshjul/ny-frist/", views.deadline_create, name="deadline_create"),
    path("moter/mine-oppfolgingspunkter/", views.my_action_items, name="my_actions"),
    path("moter/oppfolging/<int:pk>/status/", views.action_item_status, name="action_status"),
    path("moter/oppfolging/<int:pk>/endre/", views.action_item_edit, name="action_edit"),
    path("moter/organ/nytt/", views.body_create, name="body_create"),
    path("moter/organ/<int:pk>/", views.body_detail, name="body_detail"),
    path("moter/organ/<int:pk>/endre/", views.body_edit, name="body_edit"),
    path("moter/organ/<int:pk>/nytt-medlem/", views.membership_create, name="membership_create"),
    path("moter/organ/<int:pk>/nytt-mote/", views.meeting_create, name="meeting_create"),
    path("moter/organ/<int:pk>/kalender.ics", views.body_ical, name="body_ical"),
    path("moter/medlemskap/<int:pk>/endre/", views.membership_edit, name="membership_edit"),
    path("moter/person/<slug:slug>/kalender.ics", views.person_ical, name="person_ical"),
    path("moter/sak/<int:pk>/endre/", views.agenda_item_edit, name="agenda_item_edit"),
    path("moter/<int:pk>/", views.meeting_detail, name="detail"),
    path("moter/<int:pk>/endre/", views.meeting_edit, name="meeting_edit"),
    path("moter/<int:pk>/oppmote/", views.attendance_edit, name="attendance"),
    path("moter/<int:pk>/nytt-dokument/", views.document_add, name="document_add"),
    path("moter/<int:pk>/referat.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("arrangementer/", views.event_list, name="event_list"),
    path("arrangementer/nytt/", views.event_create, name="event_create"),
    path("arrangementer/<slug:slug>/", views.event_detail, name="event_detail"),
    path("arrangementer/<slug:slug>/endre/", views.event_edit, name="event_edit"),
    path("arrangementer/<slug:slug>/ny-sesjon/", views.session_create, name="session_create"),
    path(
        "arrangementer/<slug:slug>/sesjon/<int:pk>/endre/",
        views.session_edit,
        name="session_edit",
    ),
    path(
        "arrangementer/<slug:slug>/pamelding/<str:token>/",
        views.registration_detail,
        name="registration",
    ),
    path(
        "arrangementer/<slug:slug>/pameldinger/<int:pk>/avmeld/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("arrangementer/<slug:slug>/kalender.ics", views.event_ical, name="event_ical"),
]
