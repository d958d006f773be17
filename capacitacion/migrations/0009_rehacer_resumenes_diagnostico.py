"""The survey's summary rows gained, per multiple-choice question, the Juntas that answered it
(``j``): the stored ones are dropped with their «built» mark, so `migrate` rebuilds both classes
from the raw rows right after (`nucleo.resumenes.construir_faltantes`)."""

from django.db import migrations

CLASES = ("bloques-diagnostico", "diagnostico")


def rehacer(apps, schema_editor):
    Resumen = apps.get_model("nucleo", "Resumen")
    ResumenPendiente = apps.get_model("nucleo", "ResumenPendiente")
    alias = schema_editor.connection.alias
    Resumen.objects.using(alias).filter(clase__in=CLASES).delete()
    ResumenPendiente.objects.using(alias).filter(clase__in=CLASES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("capacitacion", "0008_solicitud_persona_y_limites_de_texto"),
        ("nucleo", "0003_resumenes"),
    ]

    operations = [migrations.RunPython(rehacer, migrations.RunPython.noop)]
