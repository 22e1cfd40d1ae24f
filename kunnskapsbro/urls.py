from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kunnskapsbro.api import api
from kunnskapsbro.interop import oai

urlpatterns = [
    path("", include("kunnskapsbro.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("kunnskapsbro.accounts.urls")),
    path("prosjekter/", include("kunnskapsbro.projects.urls")),
    path("organisasjoner/", include("kunnskapsbro.organizations.urls")),
    path("partnerskap/", include("kunnskapsbro.partnerships.urls")),
    path("mal/", include("kunnskapsbro.goals.urls")),
    path("rapporter/", include("kunnskapsbro.reports.urls")),
    path("data/", include("kunnskapsbro.interop.urls")),
    path("oai", oai.endpoint, name="oai"),
    path("", include("kunnskapsbro.meetings.urls")),
    path("", include("kunnskapsbro.needs.urls")),
    path("utdanning/", include("kunnskapsbro.education.urls")),
    path("", include("kunnskapsbro.portal.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
