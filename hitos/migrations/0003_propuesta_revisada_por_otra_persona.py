from django.conf import settings
from django.db import migrations, models


def reabrir_autorrevisiones(apps, schema_editor):
    """A proposal verified or returned by its own proposer had one key only: it waits again
    for a monitor (or, if its milestone already has a pending one, stays returned without a
    reviewer). The old review stays in the proposal's history."""
    PropuestaNivel = apps.get_model("hitos", "PropuestaNivel")
    filas = PropuestaNivel.objects.filter(
        revisada_por__isnull=False, revisada_por=models.F("propuesta_por")
    )
    for propuesta in filas.order_by("-propuesta_en"):
        pendiente = PropuestaNivel.objects.filter(hito_id=propuesta.hito_id, estado="pendiente")
        propuesta.estado = "devuelta" if pendiente.exists() else "pendiente"
        propuesta.revisada_por, propuesta.revisada_en = None, None
        propuesta.save(update_fields=["estado", "revisada_por", "revisada_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("hitos", "0002_sin_cambio"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(reabrir_autorrevisiones, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="propuestanivel",
            constraint=models.CheckConstraint(
                condition=models.Q(("revisada_por", models.F("propuesta_por")), _negated=True),
                name="propuesta_revisada_por_otra_persona",
                violation_error_message=(
                    "Quien propuso el nivel no puede verificarlo ni devolverlo: lo revisa el "
                    "monitor."
                ),
            ),
        ),
    ]
