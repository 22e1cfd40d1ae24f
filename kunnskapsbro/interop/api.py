"""The interop API: import jobs (upload, preview, commit) and the exports."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["import og eksport"])
