"""Load the kommunenummer history (1994–2024) shipped in ``interop/data``."""

from django.db import migrations


def load(apps, schema_editor):
    from kunnskapsbro.interop.municipalities import read_codes

    model = apps.get_model("interop", "MunicipalityCode")
    history = apps.get_model("interop", "HistoricalMunicipalityCode")
    from django.utils import timezone

    now = timezone.now()
    existing = set(model.objects.values_list("code", "valid_from"))
    created = []
    for row in read_codes():
        if (row.code, row.valid_from) in existing:
            continue
        created.append(
            model(
                code=row.code,
                name=row.name,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                successor=row.successor,
                successor_name=row.successor_name,
            )
        )
    created = model.objects.bulk_create(created)
    history.objects.bulk_create(
        [
            history(
                id=obj.pk,
                code=obj.code,
                name=obj.name,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
                successor=obj.successor,
                successor_name=obj.successor_name,
                history_date=now,
                history_type="+",
                history_change_reason="kommuner-1994-2024.csv",
            )
            for obj in created
            if obj.pk
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("interop", "MunicipalityCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("interop", "0002_municipality_code")]

    operations = [migrations.RunPython(load, unload)]
