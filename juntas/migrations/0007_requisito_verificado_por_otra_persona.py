import datetime

from django.conf import settings
from django.db import migrations, models


def anular_autoverificaciones(apps, schema_editor):
    """A document verified by the user who uploaded it was never verified: it goes back to
    «en trámite», and its Junta's readiness summary is marked stale so it is recomputed."""
    RequisitoJunta = apps.get_model("juntas", "RequisitoJunta")
    Organizacion = apps.get_model("juntas", "Organizacion")
    filas = RequisitoJunta.objects.filter(
        verificado_por__isnull=False, verificado_por=models.F("cargado_por")
    )
    juntas = list(filas.values_list("organizacion_id", flat=True).distinct())
    filas.update(estado="en_tramite", verificado_por=None, verificado_en=None)
    Organizacion.objects.filter(pk__in=juntas).update(puntaje_hasta=datetime.date(2000, 1, 1))


class Migration(migrations.Migration):
    dependencies = [
        ("juntas", "0006_puntaje"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(anular_autoverificaciones, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="requisitojunta",
            constraint=models.CheckConstraint(
                condition=models.Q(("verificado_por", models.F("cargado_por")), _negated=True),
                name="requisito_verificado_por_otra_persona",
                violation_error_message=(
                    "Quien cargó el documento no puede verificarlo: lo verifica otra persona."
                ),
            ),
        ),
    ]
