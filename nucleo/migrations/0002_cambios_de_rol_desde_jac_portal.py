"""The core's tables on a database that had the `jac_portal` app.

- `CambioDeRol` (the audit of role changes) keeps its rows: the old table is renamed, and its
  content type moves to `nucleo`, so the «asignar_roles» permission stays granted to whoever
  held it. On a fresh database the table is created.
- The old change stamps are dropped: a missing stamp reads as 0, so the cached pages are
  computed once more.
"""

from django.db import migrations

VIEJA = "jac_portal_cambioderol"


def crear_o_renombrar(apps, schema_editor):
    modelo = apps.get_model("nucleo", "CambioDeRol")
    tablas = schema_editor.connection.introspection.table_names()
    if VIEJA in tablas:
        schema_editor.alter_db_table(modelo, VIEJA, modelo._meta.db_table)
    else:
        schema_editor.create_model(modelo)
    if "jac_portal_marcadecambio" in tablas:
        schema_editor.execute("DROP TABLE jac_portal_marcadecambio")
    ContentType = apps.get_model("contenttypes", "ContentType")
    vieja = ContentType.objects.filter(app_label="jac_portal", model="cambioderol").first()
    if vieja and not ContentType.objects.filter(app_label="nucleo", model="cambioderol").exists():
        vieja.app_label = "nucleo"
        vieja.save(update_fields=["app_label"])
    ContentType.objects.filter(app_label="jac_portal").delete()


def deshacer(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("nucleo", "CambioDeRol"))


class Migration(migrations.Migration):
    dependencies = [
        ("nucleo", "0001_inicial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(crear_o_renombrar, deshacer)]
