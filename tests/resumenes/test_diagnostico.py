"""The needs-survey dashboard from summary rows (`capacitacion.resumenes.encuesta`): on random
data, after a random sequence of writes, updates and deletes through the ORM and the survey's
services, every figure the dashboard and the milestones read equals the raw selectors' for random
filters, the stored rows are what a rebuild computes, and nothing is left pending."""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from capacitacion.models import (
    Dimension,
    Instrumento,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)
from capacitacion.resumenes import encuesta as resumen_encuesta
from capacitacion.selectors import encuesta as selectors
from capacitacion.services import encuesta as services
from juntas.models import Barrio, Localidad, Organizacion, UnidadComunera
from nucleo import resumenes
from nucleo.models import ResumenPendiente
from tests.factories import OrganizacionFactory

CLASE = resumen_encuesta.CLASE
TIPOS = [Organizacion.Tipo.JAC, Organizacion.Tipo.JVC, Organizacion.Tipo.ASOJAC]


def _valor(rng, pregunta):
    """An answer a person could give to the question, as the step's form cleans it."""
    if pregunta.tipo == "si_no":
        return rng.choice(["si", "no"])
    if pregunta.tipo == "likert":
        return str(rng.randint(1, 5))
    if pregunta.tipo == "unica":
        return rng.choice([o.codigo for o in pregunta.opciones.all()])
    if pregunta.tipo == "multiple":
        codigos = [o.codigo for o in pregunta.opciones.all()]
        return rng.sample(codigos, rng.randint(1, min(3, len(codigos))))
    if pregunta.tipo == "numero":
        return Decimal(rng.randint(0, 50))
    return "texto"


def _respuesta(rng, organizacion, instrumento, estado):
    """A response with some answers, choices and dimension scores (2 decimals)."""
    indice = rng.choice([None, Decimal(rng.randint(0, 10000)) / 100])
    respuesta = Respuesta.objects.create(
        organizacion=organizacion, instrumento=instrumento, estado=estado, indice=indice
    )
    preguntas = list(instrumento.preguntas.prefetch_related("opciones"))
    elegidas = rng.sample(preguntas, min(len(preguntas), rng.randint(0, 8)))
    elegidas += [
        p for p in preguntas if p.tipo == "multiple" and p not in elegidas and rng.random() < 0.6
    ]
    for pregunta in elegidas:
        fila = RespuestaPregunta(respuesta=respuesta, pregunta=pregunta)
        services.asignar_valor(fila, pregunta, _valor(rng, pregunta))
        fila.save()
        for codigo in fila.valores:
            Seleccion.objects.create(respuesta_pregunta=fila, pregunta=pregunta, codigo=codigo)
    for dimension in rng.sample(list(Dimension.objects.all()), rng.randint(0, 7)):
        PuntajeDimension.objects.create(
            respuesta=respuesta,
            dimension=dimension,
            puntaje=Decimal(rng.randint(0, 10000)) / 100,
        )
    return respuesta


def _barrio(rng):
    return rng.choice(list(Barrio.objects.order_by("pk")[:4]) + list(_rurales()))


def _rurales():
    return Barrio.objects.filter(unidad_comunera__isnull=True).order_by("pk")[:2]


def _junta(rng):
    tipo = rng.choice(TIPOS)
    return OrganizacionFactory(
        barrio=_barrio(rng), tipo=tipo, participa=rng.random() < 0.75, nit=None
    )


def _elegir(rng, consulta):
    filas = list(consulta.order_by("pk"))
    return rng.choice(filas) if filas else None


def _de_enviadas(rng, prefijo=""):
    """Mostly rows of submitted responses (where a change counts), sometimes any."""
    if rng.random() < 0.3:
        return {}
    return {f"{prefijo}respuesta__estado__in": Respuesta.ENVIADAS}


# The writes the portal sees (and a few it could) -------------------------------------------------


def nueva_junta(rng, ctx):
    _junta(rng)


def mover_junta(rng, ctx):
    if junta := _elegir(rng, Organizacion.objects.all()):
        junta.barrio = _barrio(rng)
        junta.save()


def cambiar_tipo_o_participa(rng, ctx):
    if junta := _elegir(rng, Organizacion.objects.all()):
        if rng.random() < 0.5:
            junta.tipo = rng.choice(TIPOS)
        else:
            junta.participa = not junta.participa
        junta.save()


def editar_telefono(rng, ctx):
    if junta := _elegir(rng, Organizacion.objects.all()):
        junta.telefono = f"300{rng.randint(1000000, 9999999)}"
        junta.save()


def borrar_junta(rng, ctx):
    if junta := _elegir(rng, Organizacion.objects.all()):
        junta.delete()


def nueva_respuesta(rng, ctx):
    junta = _elegir(rng, Organizacion.objects.all())
    instrumento = rng.choice(ctx["instrumentos"])
    if junta and not Respuesta.objects.filter(organizacion=junta, instrumento=instrumento):
        estado = rng.choice([Respuesta.Estado.BORRADOR, *Respuesta.ENVIADAS])
        _respuesta(rng, junta, instrumento, estado)


def guardar_paso(rng, ctx):
    """A leader's survey step on a draft, through the service."""
    if respuesta := _elegir(rng, Respuesta.objects.filter(estado=Respuesta.Estado.BORRADOR)):
        pasos = selectors.pasos(services.preguntas_de(respuesta.instrumento))
        if not pasos:
            return
        _dimension, del_paso = rng.choice(pasos)
        datos = {p.pk: _valor(rng, p) for p in del_paso if p.tipo != "fecha"}
        services.guardar_paso(respuesta, del_paso, datos, usuario=ctx["usuario"])


def enviar(rng, ctx):
    if respuesta := _elegir(rng, Respuesta.objects.filter(estado=Respuesta.Estado.BORRADOR)):
        respuesta.estado = Respuesta.Estado.ENVIADA
        respuesta.save()


def reabrir(rng, ctx):
    if respuesta := _elegir(rng, Respuesta.objects.filter(estado__in=Respuesta.ENVIADAS)):
        services.reabrir(respuesta, usuario=ctx["usuario"])


def revisar(rng, ctx):
    if respuesta := _elegir(rng, Respuesta.objects.filter(estado__in=Respuesta.ENVIADAS)):
        estado = rng.choice([Respuesta.Estado.APROBADA, Respuesta.Estado.CON_OBSERVACIONES])
        services.revisar(respuesta, usuario=ctx["usuario"], estado=estado)


def cambiar_indice(rng, ctx):
    if respuesta := _elegir(rng, Respuesta.objects.all()):
        respuesta.indice = rng.choice([None, Decimal(rng.randint(0, 10000)) / 100])
        respuesta.save()


def borrar_respuesta(rng, ctx):
    if respuesta := _elegir(rng, Respuesta.objects.all()):
        respuesta.delete()


def cambiar_puntaje(rng, ctx):
    if puntaje := _elegir(rng, PuntajeDimension.objects.filter(**_de_enviadas(rng))):
        if rng.random() < 0.3:
            puntaje.delete()
        else:
            puntaje.puntaje = Decimal(rng.randint(0, 10000)) / 100
            puntaje.save()


def nuevo_puntaje(rng, ctx):
    enviadas = {"estado__in": Respuesta.ENVIADAS} if rng.random() < 0.7 else {}
    respuesta = _elegir(rng, Respuesta.objects.filter(**enviadas))
    dimension = _elegir(rng, Dimension.objects.all())
    if respuesta and not PuntajeDimension.objects.filter(respuesta=respuesta, dimension=dimension):
        PuntajeDimension.objects.create(
            respuesta=respuesta, dimension=dimension, puntaje=Decimal(rng.randint(0, 100))
        )


def cambiar_respuesta_pregunta(rng, ctx):
    respondidas = RespuestaPregunta.objects.filter(**_de_enviadas(rng)).select_related("pregunta")
    if fila := _elegir(rng, respondidas):
        if rng.random() < 0.3:
            fila.delete()  # its choices go with it
        elif fila.pregunta.tipo in ("si_no", "likert", "unica"):
            fila.valor = _valor(rng, fila.pregunta)
            fila.save()


def cambiar_seleccion(rng, ctx):
    """A choice added or removed on its own (mostly in submitted responses, where it counts)."""
    if rng.random() < 0.5:
        if seleccion := _elegir(
            rng, Seleccion.objects.filter(**_de_enviadas(rng, "respuesta_pregunta__"))
        ):
            seleccion.delete()
    elif fila := _elegir(
        rng, RespuestaPregunta.objects.filter(pregunta__tipo="multiple", **_de_enviadas(rng))
    ):
        Seleccion.objects.create(
            respuesta_pregunta=fila, pregunta=fila.pregunta, codigo=_valor(rng, fila.pregunta)[0]
        )


def cambiar_instrumento(rng, ctx):
    """A family renamed, or a round changed: every cell's figures move."""
    instrumento = rng.choice(ctx["instrumentos"])
    instrumento.refresh_from_db()
    if rng.random() < 0.5:
        instrumento.nombre = rng.choice(["Diagnóstico A", "Diagnóstico B"])
    else:
        instrumento.ronda = rng.choice(
            [Instrumento.Ronda.LINEA_BASE, Instrumento.Ronda.SEGUIMIENTO]
        )
    otros = Instrumento.objects.exclude(pk=instrumento.pk)
    if not otros.filter(
        nombre=instrumento.nombre, ronda=instrumento.ronda, version=instrumento.version
    ).exists():
        instrumento.save()


def cambiar_dimension(rng, ctx):
    """A dimension renamed or reordered (one with scores, mostly)."""
    dimensiones = Dimension.objects.all()
    if rng.random() < 0.8:
        dimensiones = dimensiones.filter(pk__in=PuntajeDimension.objects.values("dimension"))
    if dimension := _elegir(rng, dimensiones):
        if rng.random() < 0.5:
            dimension.nombre = f"Dimensión {rng.randint(1, 3)}"
        else:
            dimension.orden = rng.randint(0, 9)
        dimension.save()


OPERACIONES = [
    nueva_junta, mover_junta, cambiar_tipo_o_participa, editar_telefono, borrar_junta,
    nueva_respuesta, guardar_paso, enviar, reabrir, revisar, cambiar_indice, borrar_respuesta,
    cambiar_puntaje, nuevo_puntaje, cambiar_respuesta_pregunta, cambiar_seleccion,
    cambiar_instrumento, cambiar_dimension,
]  # fmt: skip


def crudo(instrumento, filtros, por):
    """The dashboard's figures from the raw rows (the reference)."""
    juntas = selectors.juntas_filtradas(filtros)
    return {
        "avance": selectors.avance(instrumento, juntas),
        "dimensiones": selectors.por_dimension(instrumento, juntas),
        "mapa": selectors.mapa_de_calor(instrumento, juntas, por=por),
        "distribucion": selectors.distribucion(instrumento, juntas),
        "comparacion": selectors.comparacion_rondas(juntas, nombre=instrumento.nombre),
    }


def filtros_al_azar(rng):
    localidad = rng.choice([None, *Localidad.objects.order_by("pk")])
    ucgs = UnidadComunera.objects.order_by("pk")
    if localidad is not None and rng.random() < 0.7:
        ucgs = ucgs.filter(localidad=localidad)
    return {
        "tipo": rng.choice(["", "", Organizacion.Tipo.JAC, Organizacion.Tipo.JVC]),
        "localidad": localidad,
        "ucg": rng.choice([None, None, *ucgs[:3]]),
    }


class ResumenesDelDiagnostico(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Blocks of 3 primary keys: the few Juntas of an example spread over several blocks per
        # cell, as 64,000 do over blocks of 2,048.
        cls.tamano = resumen_encuesta.TAMANO_BLOQUE
        resumen_encuesta.TAMANO_BLOQUE = 3

    @classmethod
    def tearDownClass(cls):
        resumen_encuesta.TAMANO_BLOQUE = cls.tamano
        super().tearDownClass()

    def escenario(self, rng):
        """Three instruments (a family's two rounds and another family) and a few Juntas with
        responses, committed (their cells folded in after the commit)."""
        with self.captureOnCommitCallbacks(execute=True):
            base = Instrumento.objects.get(version=1, ronda=Instrumento.Ronda.LINEA_BASE)
            seguimiento = services.duplicar_como_nueva_version(base)
            seguimiento.ronda = Instrumento.Ronda.SEGUIMIENTO
            seguimiento.estado = Instrumento.Estado.PUBLICADO
            seguimiento.save()
            otro = Instrumento.objects.create(
                nombre="Diagnóstico A", ronda=Instrumento.Ronda.LINEA_BASE, version=1,
                abre=base.abre, cierra=base.cierra, estado=Instrumento.Estado.CERRADO,
            )  # fmt: skip
            instrumentos = [base, seguimiento, otro]
            for _ in range(rng.randint(3, 9)):
                junta = _junta(rng)
                for instrumento in instrumentos:
                    if rng.random() < 0.6:
                        estado = rng.choice([Respuesta.Estado.BORRADOR, *Respuesta.ENVIADAS])
                        _respuesta(rng, junta, instrumento, estado)
            usuario = get_user_model().objects.create(username=f"s{rng.randint(0, 10**9)}")
        return {"instrumentos": instrumentos, "usuario": usuario}

    def comparar(self, rng, instrumentos):
        for _ in range(4):
            instrumento = rng.choice(instrumentos)
            instrumento.refresh_from_db()
            filtros = filtros_al_azar(rng)
            por = rng.choice(["localidad", "ucg"])
            self.assertEqual(
                selectors.tablero_diagnostico(instrumento, filtros, por=por),
                crudo(instrumento, filtros, por),
                (instrumento, filtros, por),
            )
        self.assertEqual(selectors.resumen_de_encuestas(), selectors.resumen_de_encuestas_directo())

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        semilla=st.integers(0, 2**32 - 1),
        operaciones=st.lists(st.sampled_from(OPERACIONES), min_size=3, max_size=14),
    )
    def test_summaries_equal_the_raw_figures_after_random_writes(self, semilla, operaciones):
        rng = random.Random(semilla)
        ctx = self.escenario(rng)
        # Each write is its own transaction, as in the portal: marked with it, folded in after
        # its commit.
        for operacion in operaciones:
            with self.captureOnCommitCallbacks(execute=True):
                operacion(rng, ctx)
        clases = [resumen_encuesta.BLOQUES, CLASE]  # the blocks first: cells add them up
        self.assertFalse(ResumenPendiente.objects.filter(clase__in=clases).exists())
        informe = resumenes.reconstruir(clases, corregir=False)
        diferencias = [str(d) for clase in clases for d in informe[clase]["diferencias"]]
        self.assertEqual(diferencias, [])
        self.comparar(rng, ctx["instrumentos"])

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        semilla=st.integers(0, 2**32 - 1),
        operaciones=st.lists(st.sampled_from(OPERACIONES), min_size=1, max_size=8),
    )
    def test_readers_see_uncommitted_writes_from_the_raw_rows(self, semilla, operaciones):
        """Inside the writing transaction (before its commit) readers compute the marked cells
        from the raw rows: the figures are already the new ones."""
        rng = random.Random(semilla)
        ctx = self.escenario(rng)
        for operacion in operaciones:
            operacion(rng, ctx)
        self.comparar(rng, ctx["instrumentos"])
