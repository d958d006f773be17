from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# IMMUTABLE (unaccent itself is only STABLE: its dictionary could change), so expression
# indexes can use it; the dictionary is named with its schema so the search path does not matter.
CREAR = """
CREATE OR REPLACE FUNCTION sin_tildes(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""


def crear_funcion(apps, schema_editor):
    """PostgreSQL only: on SQLite the function is registered on each connection (nucleo.busqueda)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREAR)


def quitar_funcion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS sin_tildes(text)")


class Migration(migrations.Migration):
    """Accent-insensitive search (nucleo.busqueda): the unaccent and trigram extensions and the
    `sin_tildes` function the apps' trigram indexes are built on."""

    dependencies = [
        ("nucleo", "0003_resumenes"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(crear_funcion, quitar_funcion),
    ]
