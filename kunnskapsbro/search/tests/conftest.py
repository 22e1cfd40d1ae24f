from __future__ import annotations

import itertools

import pytest

from kunnskapsbro.partnerships.models import Partnership
from kunnskapsbro.projects.models import Project

_slugs = itertools.count()


@pytest.fixture
def partnership(db) -> Partnership:
    return Partnership.objects.create(name="Universitetskommunen", slug=f"uk-{next(_slugs)}")


@pytest.fixture
def make_project(partnership):
    def make(title: str, **fields) -> Project:
        return Project.objects.create(partnership=partnership, title=title, **fields)

    return make
