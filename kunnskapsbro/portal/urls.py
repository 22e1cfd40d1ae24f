from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/prosjekter/", views.catalogue, name="catalogue"),
    path("portal/nye-prosjekter.rss", feeds.NewProjectsFeed(), name="feed_rss"),
    path("portal/nye-prosjekter.atom", feeds.NewProjectsAtomFeed(), name="feed_atom"),
    path("nettverk/", views.network, name="network"),
    path("erfaringsdeling/", views.article_list, name="article_list"),
    path("erfaringsdeling/ny/", views.article_create, name="article_create"),
    path("erfaringsdeling/<slug:slug>/", views.article_detail, name="article_detail"),
    path("erfaringsdeling/<slug:slug>/endre/", views.article_edit, name="article_edit"),
]
