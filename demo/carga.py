"""Fast bulk loading for the demo and benchmark data: PostgreSQL COPY, bulk_create elsewhere.

`insertar(modelo, campos, filas)` takes plain tuples (no model instances: building ~a million
Django objects was most of the national-scale seed's time) and fills every other column with its
field default, as Django would. `reservar_ids` hands out primary keys from the table's sequence,
for rows that others must point to before they are written.
"""

import csv
import datetime
import decimal
import io
import json

from django.db import connection
from django.utils import timezone

NULO = r"\N"


def _valor(valor):
    if valor is None:
        return NULO
    if valor is True:
        return "t"
    if valor is False:
        return "f"
    if isinstance(valor, (datetime.date, datetime.datetime)):
        return valor.isoformat()
    if isinstance(valor, decimal.Decimal):
        return str(valor)
    if isinstance(valor, (list, dict)):
        return json.dumps(valor, ensure_ascii=False)
    return valor


def _completar(modelo, campos):
    """The other concrete columns and the value each gets (its default, or now for auto dates)."""
    ahora = timezone.now()
    extra = []
    for campo in modelo._meta.concrete_fields:
        if campo.primary_key or campo.attname in campos or campo.name in campos:
            continue
        if getattr(campo, "auto_now", False) or getattr(campo, "auto_now_add", False):
            extra.append((campo, ahora))
        else:
            extra.append((campo, campo.get_default()))
    return extra


def insertar(modelo, campos, filas, lote=5000):
    """Insert `filas`, tuples in `campos` order (attnames: organizacion_id). Returns the count."""
    filas = list(filas)
    if not filas:
        return 0
    extra = _completar(modelo, campos)
    if connection.vendor != "postgresql":
        objetos = [
            modelo(**dict(zip(campos, fila, strict=True)), **{c.attname: v for c, v in extra})
            for fila in filas
        ]
        modelo.objects.bulk_create(objetos, batch_size=2000)
        return len(filas)
    columnas = [_columna(modelo, c) for c in campos] + [c.column for c, _v in extra]
    fijos = [_valor(v) for _c, v in extra]
    sql = (
        f'COPY "{modelo._meta.db_table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columnas)})'
        f" FROM STDIN WITH (FORMAT csv, NULL '{NULO}')"
    )
    with connection.cursor() as cursor:
        for desde in range(0, len(filas), lote):
            buffer = io.StringIO()
            escritor = csv.writer(buffer)
            for fila in filas[desde : desde + lote]:
                escritor.writerow([_valor(v) for v in fila] + fijos)
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
    return len(filas)


def _columna(modelo, nombre):
    for campo in modelo._meta.concrete_fields:
        if nombre in (campo.attname, campo.name):
            return campo.column
    raise ValueError(f"{modelo.__name__} no tiene el campo {nombre}")


def reservar_ids(modelo, cantidad):
    """`cantidad` primary keys taken from the table's sequence (PostgreSQL), or None elsewhere."""
    if connection.vendor != "postgresql" or not cantidad:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [modelo._meta.db_table, modelo._meta.pk.column, cantidad],
        )
        return [fila[0] for fila in cursor.fetchall()]
