"""Search that ignores accents and case: «Paraiso» finds «Paraíso», «nuñez» finds «NÚÑEZ».

The lookup `campo__sintildes=texto` compares `UPPER(sin_tildes(campo))` with the text treated
the same way, as a substring (the admin's search). `sin_tildes` is, on PostgreSQL, an
IMMUTABLE wrapper over the `unaccent` extension (created by nucleo's migration, so the trigram
indexes on `UPPER(sin_tildes(columna))` serve it), and on SQLite (`make run`) the Python
function below, registered on each connection: the same answers on both.

`campo__digitos=texto` compares only the digits of a phone («300 123-4567» and «3001234567»).
"""

import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Lookup

FUNCION = "sin_tildes"
# Separators people put in phone numbers, dropped before comparing digits.
SEPARADORES = (" ", "-", "(", ")", "+", ".")


def sin_tildes(texto):
    """«Núñez Peña» → «NUNEZ PENA»: accents and the tilde of the ñ go, as with `unaccent`."""
    if texto is None:
        return None
    descompuesto = unicodedata.normalize("NFKD", str(texto))
    return "".join(c for c in descompuesto if not unicodedata.combining(c)).upper()


# Fewer digits than this match too many phones to mean one.
MINIMO_DE_DIGITOS = 4


def digitos(texto):
    return "".join(c for c in str(texto) if c.isdigit())


def _como_patron(valor, connection):
    return f"%{connection.ops.prep_for_like_query(valor)}%"


class SinTildes(Lookup):
    lookup_name = "sintildes"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return f"UPPER({FUNCION}(%s))", [_como_patron(str(value), connection)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"UPPER({FUNCION}({lhs})) LIKE {rhs}"
        if connection.vendor == "sqlite":
            sql += " ESCAPE '\\'"
        return sql, (*lhs_params, *rhs_params)


class Digitos(Lookup):
    lookup_name = "digitos"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [_como_patron(digitos(value), connection)]

    def as_sql(self, compiler, connection):
        if len(digitos(self.rhs)) < MINIMO_DE_DIGITOS:
            # A word of a name is not a phone: it matches no phone rather than every one.
            return "1 = 0", ()
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        for separador in SEPARADORES:
            lhs = f"REPLACE({lhs}, '{separador}', '')"
        return f"{lhs} LIKE {rhs}", (*lhs_params, *rhs_params)


def _en_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCION, 1, sin_tildes, deterministic=True)


def conectar():
    for campo in (models.CharField, models.TextField):
        campo.register_lookup(SinTildes)
        campo.register_lookup(Digitos)
    connection_created.connect(_en_sqlite, dispatch_uid="nucleo.busqueda.sqlite")
