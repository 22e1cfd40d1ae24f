"""Våle's code is 0716 (until 2001): the source marks it «0716u» apart from Re's 0716; a
database that ran 0003 before the loader read it as four digits has the marker stored."""

from django.db import migrations


def fix(apps, schema_editor):
    model = apps.get_model("interop", "MunicipalityCode")
    model.objects.filter(code="0716u").update(code="0716")


class Migration(migrations.Migration):
    dependencies = [("interop", "0003_load_municipality_codes")]

    operations = [migrations.RunPython(fix, migrations.RunPython.noop)]
