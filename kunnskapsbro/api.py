"""The one NinjaAPI; each app adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Kunnskapsbro API", version="1", urls_namespace="api")
