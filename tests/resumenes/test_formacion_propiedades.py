"""The training dashboard's figures and the milestones' training measures from summary rows
(`capacitacion.resumenes.formacion`) equal the raw selectors' (`*_directo`): on random Juntas,
people, sessions, registrations, certificates, evaluations, plan actions and visits, after a
random sequence of creates, updates and deletes through the ORM and the attendance services
(some committed, their buckets stored; some still pending), read on a random day."""

import datetime
import os
from decimal import Decimal
from unittest import mock

from django.db.models import Max
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from capacitacion.models import (
    AccionPlan,
    Acompanamiento,
    Certificado,
    Evaluacion,
    Inscripcion,
    Instrumento,
    Modulo,
    Persona,
    Programa,
    Sesion,
)
from capacitacion.resumenes import formacion as resumen_formacion
from capacitacion.selectors import formacion as selectors
from capacitacion.services import asistencia
from juntas.models import Barrio, Organizacion, Requisito
from nucleo import resumenes
from tests.factories import OrganizacionFactory, UserFactory

CLASES = [
    resumen_formacion.PERSONAS,
    resumen_formacion.SESIONES,
    resumen_formacion.JUNTAS,
    resumen_formacion.ACOMPANAMIENTO,
]
# Buckets of two or three ids: a handful of rows already spread over several buckets.
TAMANOS = {"POR_PERSONAS": 2, "POR_SESIONES": 2, "POR_JUNTAS": 2, "POR_ACOMPANAMIENTO": 3}
ESTADOS_SESION = [Sesion.Estado.REALIZADA] * 3 + [Sesion.Estado.PROGRAMADA, Sesion.Estado.CANCELADA]
MOMENTOS = list(Evaluacion.Momento.values)


def _barrios():
    """Barrios of two localidades and three UCGs, and rural ones (no UCG)."""
    urbanos = list(Barrio.objects.filter(tipo=Barrio.Tipo.BARRIO).order_by("unidad_comunera"))
    rurales = list(Barrio.objects.filter(unidad_comunera__isnull=True).order_by("pk"))
    return urbanos[:1] + urbanos[-2:] + rurales[:1]


def _modulos():
    programa = Programa.objects.create(nombre="Programa de prueba")
    return [
        Modulo.objects.create(
            programa=programa,
            nombre=f"Módulo {n}",
            objetivos="Aprender",
            horas=horas,
            orden=n,
            activo=n != 3,
        )  # fmt: skip
        for n, horas in enumerate((8, 16, 4, 8))
    ]


def _sesion(rng, modulos):
    inicio = timezone.now() + datetime.timedelta(days=rng.randint(-60, 20), hours=rng.randint(0, 9))
    return Sesion.objects.create(
        modulo=rng.choice(modulos), inicio=inicio,
        fin=inicio + datetime.timedelta(hours=rng.choice((2, 4, 8))), lugar="Sede",
        facilitador_organizacion="U", cupo=40, estado=rng.choice(ESTADOS_SESION),
    )  # fmt: skip


def _persona(rng, juntas):
    documento = str(10**7 + (Persona.objects.aggregate(n=Max("pk"))["n"] or 0) + 1)
    return Persona.objects.create(
        documento=documento, nombres="Ana", apellidos="Prueba", organizacion=rng.choice(juntas)
    )


def _inscribir(rng, personas, sesiones, juntas):
    persona, sesion = rng.choice(personas), rng.choice(sesiones)
    if not Inscripcion.objects.filter(persona=persona, sesion=sesion).exists():
        Inscripcion.objects.create(
            persona=persona, sesion=sesion, organizacion=rng.choice(juntas),
            asistio=rng.random() < 0.7, sin_inscripcion_previa=rng.random() < 0.2,
        )  # fmt: skip


def _certificar(rng, personas, modulos, juntas):
    if rng.random() < 0.7:
        persona, modulo = rng.choice(personas), rng.choice(modulos)
        if not Certificado.objects.filter(tipo="modulo", persona=persona, modulo=modulo).exists():
            Certificado.objects.create(
                tipo="modulo", persona=persona, modulo=modulo, horas=8,
                organizacion=rng.choice(juntas), emitido=timezone.localdate(),
                anulado=rng.random() < 0.2,
            )  # fmt: skip
    else:
        junta = rng.choice(juntas)
        if not Certificado.objects.filter(tipo="junta", organizacion=junta).exists():
            Certificado.objects.create(
                tipo="junta", organizacion=junta, emitido=timezone.localdate(),
                anulado=rng.random() < 0.2,
            )  # fmt: skip


def _evaluar(rng, personas, sesiones, instrumento):
    persona, sesion, momento = rng.choice(personas), rng.choice(sesiones), rng.choice(MOMENTOS)
    if momento == "satisfaccion":
        existe = Evaluacion.objects.filter(sesion=sesion, persona=persona, momento=momento)
    else:
        existe = Evaluacion.objects.filter(modulo=sesion.modulo, persona=persona, momento=momento)
    if not existe.exists():
        Evaluacion.objects.create(
            instrumento=instrumento, sesion=sesion, persona=persona, modulo=sesion.modulo,
            momento=momento, puntaje=_puntaje(rng),
        )  # fmt: skip


def _puntaje(rng):
    return None if rng.random() < 0.15 else Decimal(rng.randint(0, 10000)) / 100


def _accion(rng, juntas, requisito):
    AccionPlan.objects.create(
        organizacion=rng.choice(juntas), descripcion="Acción", responsable="Presidente",
        vence=timezone.localdate() + datetime.timedelta(rng.randint(-20, 20)),
        estado=rng.choice(AccionPlan.Estado.values), requisito=requisito,
    )  # fmt: skip


def _visita(rng, juntas):
    Acompanamiento.objects.create(
        organizacion=rng.choice(juntas), fecha=timezone.localdate(), tema="Visita",
        asesor="Equipo", descripcion="Hecho",
    )  # fmt: skip


def _operar(rng, datos):
    """One write of the kinds the portal does."""
    juntas = list(Organizacion.objects.order_by("pk"))
    personas = list(Persona.objects.order_by("pk"))
    sesiones = list(Sesion.objects.order_by("pk"))
    inscripciones = list(Inscripcion.objects.order_by("pk"))
    tipo = rng.randrange(17)
    if tipo == 0 and personas and sesiones:
        _inscribir(rng, personas, sesiones, juntas)
    elif tipo == 1 and inscripciones:
        inscripcion = rng.choice(inscripciones)
        inscripcion.asistio = not inscripcion.asistio
        inscripcion.sin_inscripcion_previa = rng.random() < 0.3
        inscripcion.save()
    elif tipo == 2 and inscripciones:
        rng.choice(inscripciones).delete()
    elif tipo == 3 and inscripciones:  # the registration moves to another Junta or person
        inscripcion = rng.choice(inscripciones)
        if rng.random() < 0.5:
            inscripcion.organizacion = rng.choice(juntas)
        else:
            persona = rng.choice(personas)
            if Inscripcion.objects.filter(sesion=inscripcion.sesion, persona=persona).exists():
                return
            inscripcion.persona = persona
        inscripcion.save()
    elif tipo == 4 and sesiones:  # a clerk saves a started session's sheet
        sesion = rng.choice([s for s in sesiones if s.inicio <= timezone.now()] or [None])
        if sesion is None:
            return
        ids = list(sesion.inscripciones.values_list("pk", flat=True))
        nuevos = []
        if personas and rng.random() < 0.4:
            persona = rng.choice(personas)
            nuevos.append({"documento": persona.documento, "organizacion": rng.choice(juntas)})
        if nuevos and sesion.inscripciones.filter(persona__documento=nuevos[0]["documento"]):
            nuevos = []
        asistencia.registrar_asistencia(
            sesion, presentes=set(rng.sample(ids, rng.randint(0, len(ids)))), nuevos=nuevos,
            usuario=datos["usuario"],
        )  # fmt: skip
    elif tipo == 5 and sesiones:
        sesion = rng.choice(sesiones)
        if rng.random() < 0.7:
            sesion.estado = rng.choice(ESTADOS_SESION)
        else:
            sesion.modulo = rng.choice(datos["modulos"])
        sesion.save()
    elif tipo == 6:
        if sesiones and rng.random() < 0.3:
            rng.choice(sesiones).delete()  # its registrations and evaluations go with it
        else:
            _sesion(rng, datos["modulos"])
    elif tipo == 7:  # a Junta moves to another territory
        junta = rng.choice(juntas)
        junta.barrio = rng.choice(datos["barrios"])
        junta.save()
    elif tipo == 8:
        _certificar(rng, personas, datos["modulos"], juntas)
    elif tipo == 9 and (certificados := list(Certificado.objects.order_by("pk"))):
        certificado = rng.choice(certificados)
        if rng.random() < 0.7:
            certificado.anulado = not certificado.anulado
            certificado.save()
        else:
            certificado.delete()
    elif tipo == 10 and personas and sesiones:
        _evaluar(rng, personas, sesiones, datos["instrumento"])
    elif tipo == 11 and (evaluaciones := list(Evaluacion.objects.order_by("pk"))):
        evaluacion = rng.choice(evaluaciones)
        if rng.random() < 0.6:
            evaluacion.puntaje = _puntaje(rng)
            evaluacion.save()
        else:
            evaluacion.delete()
    elif tipo == 12:
        _accion(rng, juntas, datos["requisito"])
    elif tipo == 13 and (acciones := list(AccionPlan.objects.order_by("pk"))):
        accion = rng.choice(acciones)
        cambio = rng.randrange(4)
        if cambio == 0:
            accion.delete()
            return
        if cambio == 1:
            accion.estado = rng.choice(AccionPlan.Estado.values)
        elif cambio == 2:
            accion.vence = timezone.localdate() + datetime.timedelta(rng.randint(-20, 20))
        else:
            accion.organizacion = rng.choice(juntas)
        accion.save()
    elif tipo == 14:
        visitas = list(Acompanamiento.objects.order_by("pk"))
        if visitas and rng.random() < 0.5:
            visita = rng.choice(visitas)
            if rng.random() < 0.5:
                visita.delete()
            else:
                visita.organizacion = rng.choice(juntas)
                visita.save()
        else:
            _visita(rng, juntas)
    elif tipo == 15:
        if rng.random() < 0.5 or not personas:
            _persona(rng, juntas)
        else:  # someone with no registration or certificate may be deleted (evaluations go)
            persona = rng.choice(personas)
            if not (persona.inscripciones.exists() or persona.certificados.exists()):
                persona.delete()
    elif tipo == 16:
        OrganizacionFactory(barrio=rng.choice(datos["barrios"]))


def _comparables(cifras):
    """The figures with model instances as ids (the same in both)."""
    return {
        **cifras,
        "modulos": [{**fila, "modulo": fila["modulo"].pk} for fila in cifras["modulos"]],
    }


class FormacionIgualQueLosDatos(TestCase):
    @settings(
        max_examples=int(os.environ.get("EJEMPLOS", 20)),
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate]
        + ([] if os.environ.get("SIN_REDUCIR") else [Phase.shrink]),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        rng=st.randoms(use_true_random=False),
        lectura=st.integers(-25, 25),
        confirmadas=st.booleans(),
    )
    def test_summaries_equal_the_raw_figures_after_random_writes(self, rng, lectura, confirmadas):
        with mock.patch.multiple(resumen_formacion, **TAMANOS):
            barrios = _barrios()
            datos = {
                "barrios": barrios,
                "modulos": _modulos(),
                "instrumento": Instrumento.satisfaccion_vigente(),
                "requisito": Requisito.objects.order_by("pk").first(),
                "usuario": UserFactory(),
            }
            with self.captureOnCommitCallbacks(execute=True):
                juntas = [
                    OrganizacionFactory(barrio=rng.choice(barrios))
                    for _ in range(rng.randint(1, 5))
                ]
                personas = [_persona(rng, juntas) for _ in range(rng.randint(1, 7))]
                sesiones = [_sesion(rng, datos["modulos"]) for _ in range(rng.randint(1, 5))]
                for _ in range(rng.randint(0, 14)):
                    _inscribir(rng, personas, sesiones, juntas)
                for _ in range(rng.randint(0, 4)):
                    _certificar(rng, personas, datos["modulos"], juntas)
                for _ in range(rng.randint(0, 6)):
                    _evaluar(rng, personas, sesiones, datos["instrumento"])
                for _ in range(rng.randint(0, 4)):
                    _accion(rng, juntas, datos["requisito"])
                for _ in range(rng.randint(0, 3)):
                    _visita(rng, juntas)
            # Later writes, each committed (its buckets recomputed and stored), then, unless
            # every one is, some left pending (read from the raw rows by the readers). Pending
            # ones come last: a test's commits all happen inside one transaction, and a bucket
            # recomputed by a captured commit after an uncommitted mark of the same
            # transaction would not be marked again (a real transaction commits once).
            for _ in range(rng.randint(1, 10)):
                with self.captureOnCommitCallbacks(execute=True):
                    _operar(rng, datos)
            for _ in range(0 if confirmadas else rng.randint(1, 6)):
                _operar(rng, datos)
            hoy = timezone.localdate() + datetime.timedelta(lectura)
            assert _comparables(selectors.cifras_capacitacion(hoy)) == _comparables(
                selectors.cifras_capacitacion_directo(hoy)
            )
            assert selectors.resumen_para_indicadores(
                hoy
            ) == selectors.resumen_para_indicadores_directo(hoy)
            for nombre in CLASES:  # several buckets at once as each on its own
                varias = resumenes.CLASES[nombre].calcular_varias
                claves = sorted(resumenes.CLASES[nombre].claves())
                assert varias(claves) == {c: varias([c])[c] for c in claves}
            if confirmadas:  # every bucket stored as the raw rows say, nothing pending
                informe = resumenes.reconstruir(CLASES, corregir=False)
                assert [d for clase in CLASES for d in informe[clase]["diferencias"]] == []
