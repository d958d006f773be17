"""SECOP II outcomes from summary rows (`contratacion.resumenes`) equal the raw selectors'
(`contratacion.selectors.*_directo`/`_directa`): the funnel by territory and route, the
before/after comparison and milestone 5's figure, on random Juntas, sessions, attendance,
certificates, contracts, awarded processes and supplier accounts, after a random sequence of
creates, updates and deletes through the ORM and the bulk paths (certificates issued, the
SECOP II sync's marks), in transactions committed (their buckets stored) or still open (pending).
"""

import contextlib
import datetime
import random
from contextlib import nullcontext
from decimal import Decimal
from unittest import mock

from django.db.models import ProtectedError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from capacitacion.models import Certificado, Inscripcion, Sesion
from contratacion import resumenes as resumen_contratacion
from contratacion import selectors
from contratacion.models import Contrato, CuentaProveedor, Proceso
from juntas import resumenes as resumen_registro
from juntas.models import Barrio, Organizacion
from nucleo import resumenes
from tests.contratacion import datos_paginas as d
from tests.factories import OrganizacionFactory

HOY = timezone.localdate()
TIPOS = [Organizacion.Tipo.JAC, Organizacion.Tipo.JAC, Organizacion.Tipo.JVC, "ASOJAC"]
ESTADOS_SESION = [Sesion.Estado.REALIZADA] * 3 + [Sesion.Estado.PROGRAMADA, Sesion.Estado.CANCELADA]
# How SECOP II describes each route (and others): the route is told from these.
MODALIDADES = [
    {"modalidad": "Contratación directa", "justificacion_modalidad": "Article95 Solidarity"},
    {"modalidad": "Mínima cuantía", "justificacion_modalidad": ""},
    {"modalidad": "Contratación directa", "tipo": "Decreto 092 de 2017"},
    {"modalidad": "Contratación directa", "justificacion_modalidad": "Ley 136 art. 141"},
    {"modalidad": "Licitación pública", "justificacion_modalidad": ""},
]


def _barrios():
    urbanos = list(Barrio.objects.filter(tipo=Barrio.Tipo.BARRIO).order_by("unidad_comunera"))
    rurales = list(Barrio.objects.filter(unidad_comunera__isnull=True).order_by("pk"))
    return urbanos[:1] + urbanos[-2:] + rurales[:1]


def _dia(rng):
    return HOY - datetime.timedelta(rng.randint(-30, 900))


def _organizacion(rng, barrios):
    return OrganizacionFactory(tipo=rng.choice(TIPOS), barrio=rng.choice(barrios))


def _contrato(rng, junta):
    return d.contrato(
        junta,
        None if rng.random() < 0.1 else _dia(rng),
        valor=rng.choice([0, 1_500_000, 38_000_000]),
        **rng.choice(MODALIDADES),
    )


def _sesion(rng):
    return d.sesion(_dia(rng), estado=rng.choice(ESTADOS_SESION))


def _operar(rng, barrios):  # noqa: C901, PLR0912 (one branch a kind of write)
    juntas = list(Organizacion.objects.order_by("pk"))
    contratos = list(Contrato.objects.order_by("pk"))
    sesiones = list(Sesion.objects.order_by("pk"))
    inscripciones = list(Inscripcion.objects.order_by("pk"))
    tipo = rng.choices(range(12), weights=[2, 2, 1, 3, 2, 1, 3, 3, 3, 2, 1, 1])[0]
    if tipo == 0 or not juntas:
        _organizacion(rng, barrios)
    elif tipo == 1:
        junta = rng.choice(juntas)
        campo = rng.choice(["tipo", "barrio", "telefono"])
        if campo == "tipo":
            junta.tipo = rng.choice(TIPOS)
        elif campo == "barrio":
            junta.barrio = rng.choice(barrios)
        else:
            junta.telefono = f"300{rng.randint(1000000, 9999999)}"
        junta.save()
    elif tipo == 2:
        with contextlib.suppress(ProtectedError):  # certificates are kept
            rng.choice(juntas).delete()
    elif tipo == 3:
        _contrato(rng, rng.choice(juntas))
    elif tipo == 4 and contratos:
        contrato = rng.choice(contratos)
        cambio = rng.randrange(4)
        if cambio == 0:  # linked to another Junta, or to none (a NIT corrected)
            contrato.organizacion = rng.choice([None, *juntas])
        elif cambio == 1:
            contrato.fecha_firma = _dia(rng)
        elif cambio == 2:
            contrato.valor = Decimal(rng.randint(0, 90_000_000))
        else:
            for campo, valor in rng.choice(MODALIDADES).items():
                setattr(contrato, campo, valor)
        contrato.save()
    elif tipo == 5 and contratos:
        rng.choice(contratos).delete()
    elif tipo == 6:
        sesion = rng.choice(sesiones) if sesiones and rng.random() < 0.7 else _sesion(rng)
        d.asistencia(rng.choice(juntas), sesion, asistio=rng.random() < 0.8)
    elif tipo == 7 and inscripciones:
        inscripcion = rng.choice(inscripciones)
        if rng.random() < 0.5:
            inscripcion.asistio = not inscripcion.asistio
        else:
            inscripcion.organizacion = rng.choice(juntas)
        inscripcion.save()
    elif tipo == 8 and sesiones:
        sesion = rng.choice(sesiones)
        if rng.random() < 0.5:
            sesion.estado = rng.choice(ESTADOS_SESION)
        else:
            sesion.inicio -= datetime.timedelta(days=rng.randint(-400, 400))
            sesion.fin = sesion.inicio + datetime.timedelta(hours=4)
        sesion.save()
    elif tipo == 9:
        junta = rng.choice(juntas)
        certificado = Certificado.objects.filter(organizacion=junta).first()
        if certificado is not None:  # one a Junta: annulled, restored or redated
            if rng.random() < 0.5:
                certificado.anulado = not certificado.anulado
            else:
                certificado.emitido = _dia(rng)
            certificado.save()
        elif rng.random() < 0.5:
            d.certificado(junta, _dia(rng))
        else:  # issued in bulk, without signals, as `certificados.emitir` does
            nuevo = Certificado(tipo=Certificado.Tipo.JUNTA, organizacion=junta, emitido=_dia(rng))
            Certificado.objects.bulk_create([nuevo])
            resumenes.escritos(Certificado, [nuevo])
    elif tipo == 10:
        junta = rng.choice(juntas)
        if CuentaProveedor.objects.filter(organizacion=junta).exists():
            CuentaProveedor.objects.filter(organizacion=junta).delete()
        else:
            d.cuenta(junta)
    else:
        proceso = Proceso.objects.order_by("?").first() if rng.random() < 0.5 else None
        if proceso is None:
            proceso = d.proceso()
        # Awarded in bulk, as the sync writes, which marks the Juntas itself.
        antes = proceso.organizacion_adjudicada_id
        despues = rng.choice([None, *[j.pk for j in juntas]])
        Proceso.objects.filter(pk=proceso.pk).update(organizacion_adjudicada_id=despues)
        resumen_contratacion.marcar_juntas([antes, despues])


def _cifras(directas=False):
    sufijo = "_directo" if directas else ""
    return {
        "embudo": getattr(selectors, "embudo" + sufijo)(),
        "comparacion": getattr(selectors, "comparacion" + ("_directa" if directas else ""))(),
        "indicador": [
            getattr(selectors, "resumen_para_indicadores" + sufijo)(dia)
            for dia in (HOY, HOY - datetime.timedelta(200), HOY - datetime.timedelta(700))
        ],
    }


class ContratacionIgualQueLosDatos(TestCase):
    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(semilla=st.integers(0, 2**32))
    def test_summaries_equal_the_raw_figures_after_random_writes(self, semilla):
        rng = random.Random(semilla)
        # Buckets of 3 ids: a few Juntas already spread over several buckets.
        with mock.patch.object(resumen_registro, "TAMANO", 3):
            barrios = _barrios()
            with self.captureOnCommitCallbacks(execute=True):
                resumenes.reconstruir([resumen_contratacion.CONTRATACION])
                sesiones = [_sesion(rng) for _ in range(rng.randint(1, 3))]
                for _ in range(rng.randint(1, 9)):
                    junta = _organizacion(rng, barrios)
                    if rng.random() < 0.7:
                        d.asistencia(junta, rng.choice(sesiones), asistio=rng.random() < 0.8)
                    if rng.random() < 0.3:
                        d.certificado(junta, _dia(rng))
                    for _ in range(rng.randint(0, 3)):
                        _contrato(rng, junta)
                    if rng.random() < 0.3:
                        d.cuenta(junta)
            transacciones = rng.randint(1, 3)
            for numero in range(transacciones):
                abierta = numero == transacciones - 1 and rng.random() < 0.5
                with nullcontext() if abierta else self.captureOnCommitCallbacks(execute=True):
                    for _ in range(rng.randint(1, 8)):
                        _operar(rng, barrios)
            assert _cifras() == _cifras(directas=True)
            if not abierta:  # what was stored is what a rebuild computes
                informe = resumenes.reconstruir([resumen_contratacion.CONTRATACION], corregir=False)
                assert informe[resumen_contratacion.CONTRATACION]["diferencias"] == []
