"""The one NinjaAPI at /api/v1/; each app adds its router here, errors are shaped in one place.

Reads are open (anonymous callers see public data); writes take a session with CSRF or an
``Authorization: Bearer`` token (see ``accounts/auth.py``). Errors are RFC 9457 problem+json
(``core/api_errors.py``). Docs: /api/v1/docs, schema: /api/v1/openapi.json.
"""

from ninja import NinjaAPI, Swagger

from kunnskapsbro.accounts.role_api import router as roles_router
from kunnskapsbro.core.api import router as core_router
from kunnskapsbro.core.api_errors import install_problem_handlers
from kunnskapsbro.education.api import router as education_router
from kunnskapsbro.goals.api import router as goals_router
from kunnskapsbro.interop.api import router as interop_router
from kunnskapsbro.interop.api_export import router as export_router
from kunnskapsbro.meetings.api import router as meetings_router
from kunnskapsbro.needs.api import router as needs_router
from kunnskapsbro.organizations.api import router as organizations_router
from kunnskapsbro.partnerships.api import router as partnerships_router
from kunnskapsbro.portal.api import router as portal_router
from kunnskapsbro.projects.api import router as projects_router
from kunnskapsbro.projects.relevance_api import router as relevance_router
from kunnskapsbro.reports.api import router as reports_router

api = NinjaAPI(
    title="Kunnskapsbro API",
    version="1",
    description=(
        "Porteføljen av FoU-prosjekter, organisasjoner, personer og partnerskap. "
        "Lesing er åpen (uten innlogging vises bare offentlige prosjekter); skriving krever "
        "innlogget økt eller `Authorization: Bearer <API-nøkkel>` "
        "(`kunnskapsbro token create BRUKERNAVN`). Feil er RFC 9457 problem+json."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    # Swagger UI's page loads its script and settings from static files and a JSON block, so
    # it runs under the site's CSP without 'unsafe-inline' (ninja's ReDoc page would not).
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
)
install_problem_handlers(api)

api.add_router("", projects_router)
api.add_router("", relevance_router)
api.add_router("", goals_router)
api.add_router("", organizations_router)
api.add_router("", partnerships_router)
api.add_router("", roles_router)
api.add_router("", needs_router)
api.add_router("", education_router)
api.add_router("", meetings_router)
api.add_router("", portal_router)
api.add_router("", reports_router)
api.add_router("", core_router)
api.add_router("", interop_router)
api.add_router("", export_router)
