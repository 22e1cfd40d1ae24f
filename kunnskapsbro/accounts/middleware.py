"""Request-wide middleware of accounts (the actor guard of the write services)."""

from .permissions import RequestActorMiddleware

__all__ = ["RequestActorMiddleware"]
