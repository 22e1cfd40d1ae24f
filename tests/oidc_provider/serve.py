"""Run the test provider: ``python -m tests.oidc_provider.serve PORT REDIRECT_URI...``.

Migrates a fresh SQLite database, creates the test users (``kari``, ``lav``) and two clients
(``idporten``, skipping consent, and ``feide``, asking for it), then serves on 127.0.0.1:PORT
until killed.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    port = int(sys.argv[1])
    redirect_base = sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run
    from oauth2_provider.models import get_application_model

    call_command("migrate", verbosity=0, interactive=False)
    users = get_user_model()
    users.objects.create_user(
        "kari",
        password="kari-passord-1",
        first_name="Kari",
        last_name="Nordmann",
        email="kari.nordmann@kommune.example.no",
    )
    users.objects.create_user(
        "lav",
        password="lav-passord-1",
        first_name="Lav",
        last_name="Sikkerhet",
        email="lav@kommune.example.no",
    )
    application = get_application_model()
    for client_id, skip in (("idporten", True), ("feide", False)):
        application.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=f"{client_id}-hemmelig",
            client_type=application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=f"{redirect_base}/konto/oidc/{client_id}/tilbake/",
            algorithm=application.RS256_ALGORITHM,
            skip_authorization=skip,
        )
    from django.conf import settings

    settings.DEBUG = False
    run("127.0.0.1", port, get_internal_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main()
