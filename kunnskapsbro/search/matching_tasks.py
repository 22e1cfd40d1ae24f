"""Background work for the matching index (``search.matching``)."""

from __future__ import annotations

from django_tasks import task


@task()
def rebuild_match_index_task() -> int:
    """Rebuild the matching index if it is stale; returns how many documents it holds."""
    from kunnskapsbro.needs.models import MatchIndexState
    from kunnskapsbro.search import matching

    key = matching.current_key()
    state = MatchIndexState.objects.filter(pk=1).values("built_key", "built_size").first()
    if state and state["built_key"] == matching._key_text(key):
        return int(state["built_size"])  # idempotent: another worker already built it
    index = matching.rebuild(key)
    return sum(kind.size for kind in index.kinds.values())
