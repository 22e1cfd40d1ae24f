"""RSS 2.0 and Atom feeds of new public projects (django.contrib.syndication)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.projects.models import Project

from .selectors import new_public_projects


class NewProjectsFeed(Feed):
    title = _("Kunnskapsbro: nye offentlige prosjekter")
    link = reverse_lazy("portal:catalogue")
    description = _("Nye forsknings- og utviklingsprosjekter i universitetskommunene.")

    def items(self) -> Any:
        return new_public_projects()[:30]

    def item_title(self, item: Project) -> str:
        return item.display_title

    def item_description(self, item: Project) -> str:
        return item.popular_summary or item.summary

    def item_pubdate(self, item: Project) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Project) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Project) -> list[str]:
        return [str(item.partnership), *item.keywords]


class NewProjectsAtomFeed(NewProjectsFeed):
    feed_type = Atom1Feed
    subtitle = NewProjectsFeed.description
