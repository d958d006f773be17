#!/usr/bin/env python3
"""Helpers `make soak` runs inside Django, against the database in $DATABASE_URL.

soak_django.py preparar N      leaders, sessions and survey answers for the load (JSON)
soak_django.py verificar FILE  check every acknowledged write of FILE (JSON lines) is stored
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jac_portal.settings")

from bench_django import sesion_para  # noqa: E402  (the benchmark's helper, same folder)


def _respuesta_de(pregunta):
    """A valid answer to any question type, as the survey form posts it."""
    tipo = pregunta.tipo
    if tipo == "si_no":
        return "si"
    if tipo == "likert":
        return "4"
    if tipo in ("unica", "multiple"):
        return pregunta.opciones.order_by("orden", "pk").first().codigo
    if tipo == "numero":
        return "3"
    if tipo == "fecha":
        return "2023-05-01"
    return "Respuesta de la prueba de carga"


def preparar(cantidad):
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from capacitacion.models import Instrumento, Modulo, Respuesta, Sesion
    from capacitacion.selectors import encuesta as sel
    from capacitacion.services import encuesta as services
    from juntas.models import AutorizacionDatos, Dignatario, Organizacion
    from nucleo.roles import LIDER

    User = get_user_model()
    seguimiento = Instrumento.objects.get(
        proposito="diagnostico", ronda="seguimiento", estado="publicado"
    )
    ya = Respuesta.objects.filter(instrumento=seguimiento).values("organizacion")
    juntas = list(
        Organizacion.objects.juntas().filter(participa=True).exclude(pk__in=ya).order_by("pk")
    )[:cantidad]
    grupo = Group.objects.get(name=LIDER)
    lideres = []
    for n, junta in enumerate(juntas):
        usuario, _creado = User.objects.get_or_create(username=f"soak-lider-{n}")
        usuario.groups.add(grupo)
        Dignatario.objects.filter(usuario=usuario).update(usuario=None)
        presidente = junta.dignatarios.filter(cargo="presidente").first()
        presidente.usuario = usuario
        presidente.save(update_fields=["usuario"])
        AutorizacionDatos.objects.get_or_create(
            usuario=usuario, version=AutorizacionDatos.VERSION_VIGENTE
        )
        lideres.append({"junta": junta.pk, "galleta": sesion_para(usuario)})
    inicio = timezone.now() + datetime.timedelta(days=20)
    modulo = Modulo.objects.get(nombre="SECOP II paso a paso")
    sesiones = [
        Sesion.objects.create(
            modulo=modulo, inicio=inicio + datetime.timedelta(days=i),
            fin=inicio + datetime.timedelta(days=i, hours=4), lugar="Prueba de carga",
            facilitador_organizacion="Secretaría", cupo=5000, cupo_por_junta=1000,
        ).pk
        for i in range(8)
    ]  # fmt: skip
    preguntas = services.preguntas_de(seguimiento)
    pasos = []
    for _dimension, del_paso in sel.pasos(preguntas):
        datos, verificables = {}, {}
        for pregunta in del_paso:
            valor = _respuesta_de(pregunta)
            datos[f"p_{pregunta.codigo}"] = valor
            if pregunta.condicion_pregunta_id is None and pregunta.tipo in (
                "si_no", "likert", "unica"
            ):  # fmt: skip
                verificables[pregunta.codigo] = valor
        pasos.append({"datos": datos, "verificables": verificables})
    monitor = User.objects.get(username="monitor")
    return {
        "lideres": lideres,
        "monitor": sesion_para(monitor),
        "instrumento": seguimiento.pk,
        "sesiones": sesiones,
        "pasos": pasos,
    }


def verificar(archivo):
    """Each line is an acknowledged write; count those missing from the database."""
    from capacitacion.models import Inscripcion, Respuesta, RespuestaPregunta

    registradas = encuestas = perdidas = 0
    detalles = []
    for linea in Path(archivo).read_text().splitlines():
        escritura = json.loads(linea)
        if escritura["tipo"] == "inscripcion":
            registradas += 1
            if not Inscripcion.objects.filter(
                sesion_id=escritura["sesion"], persona__documento=escritura["documento"]
            ).exists():
                perdidas += 1
                detalles.append(escritura)
        else:
            encuestas += 1
            respuesta = Respuesta.objects.filter(
                organizacion_id=escritura["junta"], instrumento_id=escritura["instrumento"]
            ).first()
            guardadas = dict(
                RespuestaPregunta.objects.filter(
                    respuesta=respuesta, pregunta__codigo__in=list(escritura["valores"])
                ).values_list("pregunta__codigo", "valor")
            ) if respuesta else {}  # fmt: skip
            if any(guardadas.get(c) != v for c, v in escritura["valores"].items()):
                perdidas += 1
                detalles.append(escritura)
    return {
        "inscripciones_aceptadas": registradas,
        "pasos_de_encuesta_aceptados": encuestas,
        "perdidas": perdidas,
        "detalles": detalles[:5],
    }


if __name__ == "__main__":
    import django

    django.setup()
    orden = sys.argv[1] if len(sys.argv) > 1 else ""
    if orden == "preparar":
        print(json.dumps(preparar(int(sys.argv[2]))))
    elif orden == "verificar":
        print(json.dumps(verificar(sys.argv[2])))
    else:
        raise SystemExit(__doc__)
