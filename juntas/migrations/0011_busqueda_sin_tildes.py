from django.db import migrations

# (index, table, column): the admin's accent-insensitive search (nucleo.busqueda) compares
# UPPER(sin_tildes(column)) with LIKE '%…%', which these trigram indexes serve.
INDICES = [
    ("org_nombre_sintildes_trgm", "juntas_organizacion", "nombre"),
    ("dig_nombres_sintildes_trgm", "juntas_dignatario", "nombres"),
    ("dig_apellidos_sintildes_trgm", "juntas_dignatario", "apellidos"),
]


def crear_indices(apps, schema_editor):
    """PostgreSQL only; SQLite (development) searches a few hundred rows anyway."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for nombre, tabla, columna in INDICES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {nombre} ON {tabla} "
            f"USING gin (UPPER(sin_tildes({columna})) gin_trgm_ops)"
        )


def quitar_indices(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nombre, _tabla, _columna in INDICES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {nombre}")


class Migration(migrations.Migration):
    dependencies = [
        ("juntas", "0010_requisitos_por_ruta"),
        ("nucleo", "0004_busqueda_sin_tildes"),
    ]

    operations = [
        migrations.RunPython(crear_indices, quitar_indices),
    ]
