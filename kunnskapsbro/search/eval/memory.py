"""How much memory a web worker needs for the matching index.

Run in a fresh process against a database whose snapshot is built (``kunnskapsbro generate``
then one match, or ``matching.rebuild()``)::

    KUNNSKAPSBRO_DATA_DIR=… python -m kunnskapsbro.search.eval.memory

It prints the resident set after Django is ready, after the snapshot is loaded the way a
worker loads it (:func:`kunnskapsbro.search.matching.get_index`), the peak (``VmHWM``) and one
need's match time. Linux only (reads ``/proc/self/status``).
"""

from __future__ import annotations

import os
import time


def _status() -> dict[str, float]:
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) / 1024
    return values


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunnskapsbro.settings")
    import django

    django.setup()
    from kunnskapsbro.needs.models import MatchIndexState
    from kunnskapsbro.search import matching

    # What a worker has touched before its first match: the ORM and one query.
    size = MatchIndexState.objects.filter(pk=1).values_list("built_size", flat=True).first()
    before = _status()
    started = time.perf_counter()
    index = matching.get_index()
    loaded_s = time.perf_counter() - started
    after = _status()
    started = time.perf_counter()
    matching.match_kinds(
        "Nattlig uro blant sykehjemsbeboere med demens; hvilke miljøtiltak gir bedre søvn?",
        limit=10,
    )
    match_ms = (time.perf_counter() - started) * 1000
    print(
        f"documents {size or sum(k.size for k in index.kinds.values()):,}; "
        f"RSS before {before['VmRSS']:.0f} MB, after loading {after['VmRSS']:.0f} MB, "
        f"peak {after['VmHWM']:.0f} MB; load {loaded_s:.2f} s; first match {match_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
