"""The registry's dashboard figures from summary rows (`juntas.resumenes`) equal the raw
selectors' (`juntas.selectors.*_directo`): on random organizations, documents and dates, after a
random sequence of creates, updates and deletes through the ORM and the registry's services, in
transactions committed days apart (stored rows anchored on other days) and maybe one still open
(its buckets pending), for a random `hoy` before, on and after the days the rows were computed."""

import datetime
import random
from contextlib import nullcontext
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from juntas import resumenes as resumen_registro
from juntas import selectors, services
from juntas.models import Barrio, Organizacion, PesoRequisitoRuta, Requisito, RequisitoJunta, Ruta
from nucleo import resumenes
from nucleo.models import Resumen
from tests.factories import OrganizacionFactory, RequisitoJuntaFactory, UserFactory

HOY = timezone.localdate()
TIPOS = [Organizacion.Tipo.JAC, Organizacion.Tipo.JAC, Organizacion.Tipo.JVC, "ASOJAC"]
ESTADOS = list(Organizacion.Estado.values)
CUMPLE = RequisitoJunta.Estado.CUMPLE
ESTADOS_FILA = [CUMPLE, CUMPLE, CUMPLE, RequisitoJunta.Estado.EN_TRAMITE, "no_cumple"]


def _dia(dia):
    return mock.patch.object(timezone, "localdate", lambda *args, **kwargs: dia)


def _fecha(rng, dia, desde=-30, hasta=130):
    """A date around `dia`: mostly within the days the rows answer for, some inside and outside
    the 30-90-day windows, or none."""
    if rng.random() < 0.25:
        return None
    if rng.random() < 0.6:
        return dia + datetime.timedelta(rng.randint(max(desde, -3), min(hasta, 20)))
    return dia + datetime.timedelta(rng.randint(desde, hasta))


def _barrios():
    urbanos = list(Barrio.objects.filter(tipo=Barrio.Tipo.BARRIO).order_by("unidad_comunera"))
    rurales = list(Barrio.objects.filter(unidad_comunera__isnull=True).order_by("pk"))
    return urbanos[:1] + urbanos[-2:] + rurales[:1] + rurales[-1:]


def _organizacion(rng, dia, barrios):
    return OrganizacionFactory(
        tipo=rng.choice(TIPOS),
        estado=rng.choice(ESTADOS),
        participa=rng.random() < 0.6,
        barrio=rng.choice(barrios),
        periodo_fin=_fecha(rng, dia, -10, 130),
    )


def _fila(rng, dia, organizacion, requisito):
    return RequisitoJuntaFactory(
        organizacion=organizacion,
        requisito=requisito,
        estado=rng.choice(ESTADOS_FILA),
        fecha_vencimiento=_fecha(rng, dia),
    )


def _sin(organizacion, requisitos):
    tiene = set(organizacion.requisitos.values_list("requisito_id", flat=True))
    return [r for r in requisitos if r.pk not in tiene]


def _operar(rng, dia, barrios, requisitos, personas):  # noqa: C901, PLR0912 (one branch a kind)
    """One write of the kinds the portal does."""
    organizaciones = list(Organizacion.objects.order_by("pk"))
    filas = list(RequisitoJunta.objects.order_by("pk"))
    # Registry edits and document changes more often than the rarer catalogue changes.
    tipo = rng.choices(range(13), weights=[2, 4, 1, 2, 2, 3, 1, 1, 2, 2, 1, 2, 2])[0]
    if tipo == 0 or not organizaciones:
        _organizacion(rng, dia, barrios)
    elif tipo == 1:
        organizacion = rng.choice(organizaciones)
        campo = rng.choice(
            ["estado", "participa", "tipo", "barrio", "periodo_fin", "telefono", "ruta"]
        )
        valor = {
            "ruta": lambda: rng.choice(Ruta.values),
            "estado": lambda: rng.choice(ESTADOS),
            "participa": lambda: not organizacion.participa,
            "tipo": lambda: rng.choice(TIPOS),
            "barrio": lambda: rng.choice(barrios),
            "periodo_fin": lambda: _fecha(rng, dia, -10, 130),
            "telefono": lambda: f"300{rng.randint(1000000, 9999999)}",
        }[campo]()
        setattr(organizacion, campo, valor)
        organizacion.save()
    elif tipo == 2:
        rng.choice(organizaciones).delete()  # its requirement rows go with it
    elif tipo in (3, 4):
        organizacion = rng.choice(organizaciones)
        if faltan := _sin(organizacion, requisitos):
            _fila(rng, dia, organizacion, rng.choice(faltan))
    elif tipo == 5 and filas:
        fila = rng.choice(filas)
        fila.estado = rng.choice(ESTADOS_FILA)
        fila.fecha_vencimiento = _fecha(rng, dia)
        fila.save()
    elif tipo == 6 and filas:
        fila = rng.choice(filas)
        destinos = [o for o in organizaciones if fila.requisito in _sin(o, requisitos)]
        if destinos:  # the row moves to another organization (maybe another bucket)
            fila.organizacion = rng.choice(destinos)
            fila.save()
    elif tipo == 7 and filas:
        rng.choice(filas).delete()
    elif tipo == 8:
        organizacion = rng.choice(organizaciones)
        requisito = rng.choice(requisitos)
        vence = _fecha(rng, dia, 1, 130)
        services.cargar_documento(
            organizacion=organizacion, requisito=requisito,
            archivo=SimpleUploadedFile("doc.pdf", b"%PDF-1.4 prueba"),
            fecha_expedicion=dia - datetime.timedelta(10), fecha_vencimiento=vence,
            usuario=personas[0],
        )  # fmt: skip
        services.verificar(
            RequisitoJunta.objects.filter(organizacion=organizacion, requisito=requisito),
            usuario=rng.choice(personas),
            estado=rng.choice([CUMPLE, "no_cumple"]),
        )
    elif tipo == 9:
        uno, otro = rng.sample(list(Requisito.objects.order_by("pk")), 2)
        eleccion = rng.randrange(3)
        if eleccion == 0:
            uno.peso = rng.randint(0, 12)
        elif eleccion == 1:
            uno.activo = not uno.activo
        else:  # two weights swapped: the same total, other scores
            uno.peso, otro.peso = otro.peso, uno.peso
            otro.save()
        uno.save()
    elif tipo == 11:  # the route a Junta pursues
        organizacion = rng.choice(organizaciones)
        organizacion.ruta = rng.choice(Ruta.values)
        organizacion.save()
    elif tipo == 12:  # a requirement's weight for a route: changed, added or taken away
        requisito, ruta = rng.choice(requisitos), rng.choice(Ruta.values)
        peso = PesoRequisitoRuta.objects.filter(requisito=requisito, ruta=ruta).first()
        if peso is None:
            PesoRequisitoRuta.objects.create(requisito=requisito, ruta=ruta, peso=rng.randint(1, 9))
        elif rng.random() < 0.3:
            peso.delete()
        else:
            peso.peso = rng.randint(0, 12)
            peso.save()
    else:
        services.actualizar_puntajes_vencidos()


def _cifras(hoy, directas=False):
    """Every figure the dashboards read, comparable (model instances as their ids). The raw
    ones are read for another day than the clock's, so the readiness index is added up from the
    requirement rows themselves, not from the kept `Organizacion.puntaje` (itself a summary,
    which misses a requirement row moved to another organization: `juntas.signals` recomputes
    only the new one's)."""
    if directas:
        hoy = hoy or timezone.localdate()
        with _dia(hoy + datetime.timedelta(1000)):
            return _cifras_de(hoy, "_directo")
    return _cifras_de(hoy, "")


def _cifras_de(hoy, sufijo):
    def f(nombre):
        return getattr(selectors, nombre + sufijo)

    registro = f("resumen_registro")(hoy)
    registro["por_localidad"] = [
        (loc.pk, loc.etiqueta, loc.registradas, loc.activas, loc.participantes)
        for loc in registro["por_localidad"]
    ]
    return {
        "registro": registro,
        "por_ucg": f("resumen_por_ucg")(),
        "requisitos": [
            {**fila, "requisito": fila["requisito"].pk}
            for fila in f("cumplimiento_por_requisito")(hoy)
        ],
        "vencimientos": f("conteo_vencimientos")(hoy),
        "indicadores": f("resumen_para_indicadores")(hoy),
        "indice_otro_umbral": f("indice_agregado")(registro["registradas"], hoy, 60),
        "preparacion_por_ruta": f("preparacion_agregada")(80, hoy),
    }


def _bordes():
    """The days where a figure changes, among those a stored row answers for (and the day
    before and after them): a document's last day in force and the next, a board's period
    ending at the edge of each window, a stored row's first and last day."""
    dias = set()
    for vence in RequisitoJunta.objects.exclude(fecha_vencimiento=None).values_list(
        "fecha_vencimiento", flat=True
    ):
        dias |= {vence + datetime.timedelta(n) for n in (-90, -60, -30, 0, 1)}
    for fin in Organizacion.objects.exclude(periodo_fin=None).values_list("periodo_fin", flat=True):
        dias |= {fin - datetime.timedelta(n) for n in (0, 1, 30, 31, 60, 61, 90, 91)}
    validez = resumen_registro.VALIDEZ
    anclas = [
        datetime.date.fromisoformat(ancla)
        for ancla in Resumen.objects.filter(clase=resumen_registro.VIGENCIAS)
        .exclude(clave=resumenes.CONSTRUIDO)
        .values_list("datos__a", flat=True)
    ]
    for ancla in anclas:
        dias |= {ancla + datetime.timedelta(n) for n in (-1, 0, validez, validez + 1)}
    if anclas:
        desde, hasta = min(anclas), max(anclas) + datetime.timedelta(validez)
        dias = {
            d for d in dias if desde - datetime.timedelta(1) <= d <= hasta + datetime.timedelta(1)
        }
    return sorted(dias)


class RegistroIgualQueLosDatos(TestCase):
    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        semilla=st.integers(0, 2**32),
        atras=st.integers(0, 25),
        lectura=st.integers(-3, 20),
        con_hoy=st.booleans(),
    )
    def test_summaries_equal_the_raw_figures_after_random_writes(
        self, semilla, atras, lectura, con_hoy
    ):
        # Data drawn from a seeded generator: uniform, where hypothesis's own draws lean to
        # the simplest values (no dates, no documents).
        rng = random.Random(semilla)
        # Buckets of 3 ids: a few organizations already spread over several buckets.
        with mock.patch.object(resumen_registro, "TAMANO", 3):
            barrios = _barrios()
            requisitos = list(Requisito.objects.order_by("pk"))
            personas = [UserFactory(), UserFactory()]
            dia = HOY - datetime.timedelta(atras)
            with _dia(dia), self.captureOnCommitCallbacks(execute=True):
                resumenes.reconstruir([resumen_registro.REGISTRO, resumen_registro.VIGENCIAS])
                # A catalogue of a few active requirements, so that Juntas reach the threshold.
                for requisito in requisitos:
                    requisito.activo = rng.random() < 0.4
                    requisito.peso = rng.randint(0, 10)
                    requisito.save()
                for _ in range(rng.randint(0, 10)):
                    organizacion = _organizacion(rng, dia, barrios)
                    for requisito in requisitos:
                        if rng.random() < (0.7 if requisito.activo else 0.15):
                            _fila(rng, dia, organizacion, requisito)
            # Later transactions, days apart, each committed (its buckets stored, on that
            # day's anchor or the one kept); the last one maybe still open (its buckets pending).
            transacciones = rng.randint(1, 3)
            for numero in range(transacciones):
                dia += datetime.timedelta(rng.randint(0, 6))
                abierta = numero == transacciones - 1 and rng.random() < 0.5
                with (
                    _dia(dia),
                    nullcontext() if abierta else self.captureOnCommitCallbacks(execute=True),
                ):
                    for _ in range(rng.randint(0, 5)):
                        _operar(rng, dia, barrios, requisitos, personas)
            hoy = dia + datetime.timedelta(lectura)
            if rng.random() < 0.6 and (bordes := _bordes()):
                hoy = rng.choice(bordes)
            with _dia(hoy if con_hoy else dia):
                argumento = None if con_hoy else hoy
                assert _cifras(argumento) == _cifras(argumento, directas=True)
