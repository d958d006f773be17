"""Reference territory of Cartagena: 3 localidades, 15 UCGs, 15 corregimientos, 187 barrios.

Sources (frozen copies in juntas/data/): the district's 2018 open data of barrios by UCG, and the
list of rural corregimientos. Staff add missing barrios and veredas in the admin afterwards.
"""

import csv
from pathlib import Path

from django.db import migrations

DATOS = Path(__file__).resolve().parent.parent / "data"

LOCALIDADES = [
    ("L1", "Histórica y del Caribe Norte", [1, 2, 3, 8, 9, 10]),
    ("L2", "De la Virgen y Turística", [4, 5, 6, 7]),
    ("L3", "Industrial y de la Bahía", [11, 12, 13, 14, 15]),
]


def cargar(apps, schema_editor):
    Localidad = apps.get_model("juntas", "Localidad")
    UnidadComunera = apps.get_model("juntas", "UnidadComunera")
    Corregimiento = apps.get_model("juntas", "Corregimiento")
    Barrio = apps.get_model("juntas", "Barrio")

    localidades, ucgs = {}, {}
    for codigo, nombre, numeros in LOCALIDADES:
        localidades[codigo] = Localidad.objects.create(codigo=codigo, nombre=nombre)
        for numero in numeros:
            ucgs[numero] = UnidadComunera.objects.create(
                numero=numero, localidad=localidades[codigo]
            )

    with open(DATOS / "corregimientos.csv", encoding="utf-8") as archivo:
        for fila in csv.DictReader(archivo):
            localidad = localidades[fila["localidad_codigo"]]
            corregimiento = Corregimiento.objects.create(
                nombre=fila["corregimiento"], localidad=localidad
            )
            # The corregimiento's own settlement, so a rural Junta always has a place to point to.
            Barrio.objects.create(
                nombre=fila["corregimiento"],
                tipo="cabecera",
                corregimiento=corregimiento,
                localidad=localidad,
            )

    with open(DATOS / "barrios_ucg.csv", encoding="utf-8") as archivo:
        barrios = []
        for fila in csv.DictReader(archivo):
            ucg = ucgs[int(fila["ucg"])]
            if ucg.localidad.codigo != fila["localidad_codigo"]:
                raise ValueError(
                    f"{fila['barrio']}: UCG {ucg.numero} no está en {fila['localidad_codigo']}"
                )
            barrios.append(
                Barrio(
                    nombre=fila["barrio"],
                    tipo="barrio",
                    unidad_comunera=ucg,
                    localidad=ucg.localidad,
                )
            )
        Barrio.objects.bulk_create(barrios)


def borrar(apps, schema_editor):
    for modelo in ["Barrio", "Corregimiento", "UnidadComunera", "Localidad"]:
        apps.get_model("juntas", modelo).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("juntas", "0001_registro")]

    operations = [migrations.RunPython(cargar, borrar)]
