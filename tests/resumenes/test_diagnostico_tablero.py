"""The needs-survey summaries in use: what a survey step, a submission and a review cost in
marks, what the dashboard reads (summary rows, not answers), and the rebuild command."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import post_init, pre_delete, pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import (
    Dimension,
    Instrumento,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
)
from capacitacion.resumenes import encuesta as resumen_encuesta
from capacitacion.selectors import encuesta as selectors
from capacitacion.services import encuesta as services
from juntas.models import Barrio
from nucleo import resumenes
from nucleo.models import Resumen, ResumenPendiente
from tests.factories import OrganizacionFactory

CLASE = resumen_encuesta.CLASE
URL = reverse("resultados:diagnostico")
TABLAS_GRANDES = (
    "capacitacion_respuesta",
    "capacitacion_puntajedimension",
    "capacitacion_seleccion",
    "juntas_organizacion",
)


@pytest.fixture
def instrumento(db):
    instrumento = Instrumento.objects.get(version=1, ronda=Instrumento.Ronda.LINEA_BASE)
    hoy = timezone.localdate()
    instrumento.estado = Instrumento.Estado.PUBLICADO
    instrumento.abre = hoy - datetime.timedelta(days=5)
    instrumento.cierra = hoy + datetime.timedelta(days=25)
    instrumento.save()
    return instrumento


@contextlib.contextmanager
def sin_resumen():
    """The survey without its summary class (to compare what a write costs with and without)."""
    resumenes.quitar(CLASE)
    resumenes.quitar(resumen_encuesta.BLOQUES)
    post_init.disconnect(sender=Respuesta, dispatch_uid="diagnostico-cargado")
    pre_save.disconnect(sender=Respuesta, dispatch_uid="diagnostico-respuesta-nueva")
    pre_delete.disconnect(sender=Respuesta, dispatch_uid="diagnostico-borrando-respuesta")
    pre_delete.disconnect(
        sender=RespuestaPregunta, dispatch_uid="diagnostico-borrando-respuesta-pregunta"
    )
    try:
        yield
    finally:
        resumen_encuesta.conectar()


def _pendientes():
    return set(ResumenPendiente.objects.filter(clase=CLASE).values_list("clave", flat=True))


def _paso(respuesta, numero, valor_si_no):
    preguntas = services.preguntas_de(respuesta.instrumento)
    _dimension, del_paso = selectors.pasos(preguntas)[numero]
    datos = {}
    for pregunta in del_paso:
        if pregunta.tipo == "si_no":
            datos[pregunta.pk] = valor_si_no
        elif pregunta.tipo == "likert":
            datos[pregunta.pk] = "4"
        elif pregunta.tipo == "multiple":
            datos[pregunta.pk] = [pregunta.opciones.first().codigo]
        elif pregunta.tipo == "unica":
            datos[pregunta.pk] = pregunta.opciones.first().codigo
        elif pregunta.tipo == "numero":
            datos[pregunta.pk] = Decimal(3)
        elif pregunta.tipo == "fecha":
            datos[pregunta.pk] = datetime.date(2024, 5, 1)
        else:
            datos[pregunta.pk] = "Respuesta escrita"
    return del_paso, datos


@pytest.fixture
def marcas(monkeypatch):
    """Every non-empty mark of the survey's class, as [(buckets)]."""
    hechas = []
    marcar = resumenes.marcar

    def espia(nombre, claves, *args, **kwargs):
        claves = [c for c in claves or () if c is not None]
        if nombre == CLASE and claves:
            hechas.append(sorted(claves))
        return marcar(nombre, claves, *args, **kwargs)

    monkeypatch.setattr(resumenes, "marcar", espia)
    return hechas


@pytest.mark.django_db
def test_a_draft_step_marks_nothing_and_costs_no_query(
    junta, otra_junta, instrumento, lider, marcas
):
    pasos = len(selectors.pasos(services.preguntas_de(instrumento)))

    def encuesta(organizacion):
        """Every kind of step on a new draft: answers created, changed, cleared (a condition
        hiding questions); the queries of each."""
        respuesta = services.respuesta_de_junta(organizacion, instrumento)
        consultas_por_paso = []
        for numero in range(pasos):
            for valor in ("si", "no", "si"):
                del_paso, datos = _paso(Respuesta.objects.get(pk=respuesta.pk), numero, valor)
                with CaptureQueriesContext(connection) as consultas:
                    services.guardar_paso(respuesta, del_paso, datos, usuario=lider)
                consultas_por_paso.append(len(consultas))
        return consultas_por_paso

    con_resumen = encuesta(junta)
    assert marcas == []
    with sin_resumen():
        assert con_resumen == encuesta(otra_junta)


@pytest.mark.django_db
def test_submitting_marks_its_cell_and_the_row_is_stored_after_the_commit(
    junta, instrumento, lider, secretaria, marcas, django_capture_on_commit_callbacks
):
    resumenes.reconstruir([CLASE])  # the Junta's cell, stored
    respuesta = services.respuesta_de_junta(junta, instrumento)
    with django_capture_on_commit_callbacks(execute=True):
        for numero in range(len(selectors.pasos(services.preguntas_de(instrumento)))):
            del_paso, datos = _paso(respuesta, numero, "si")
            services.guardar_paso(respuesta, del_paso, datos, usuario=lider)
    celda = resumen_encuesta.clave_de(junta)
    antes = Resumen.objects.get(clase=CLASE, clave=celda).datos  # the Junta itself counts
    assert antes["n"] == 1 and "i" not in antes  # drafts count nowhere
    assert marcas == []
    with django_capture_on_commit_callbacks(execute=True):
        services.enviar(respuesta, usuario=lider)
        assert marcas == [[celda]]  # marked with the transaction, recomputed after it
    datos = Resumen.objects.get(clase=CLASE, clave=celda).datos
    assert datos["i"][str(instrumento.pk)]["e"] == 1
    assert _pendientes() == set()
    assert resumenes.reconstruir([CLASE], corregir=False)[CLASE]["diferencias"] == []
    # A review changes the state within «submitted»: nothing to recompute.
    marcas.clear()
    services.revisar(Respuesta.objects.get(pk=respuesta.pk), usuario=secretaria, estado="aprobada")
    assert marcas == []
    # A Junta moving to another UCG leaves its cell for the new one.
    otro_barrio = Barrio.objects.exclude(unidad_comunera=junta.unidad_comunera).first()
    with django_capture_on_commit_callbacks(execute=True):
        junta.barrio = otro_barrio
        junta.save()
    assert marcas == [[celda], [resumen_encuesta.clave_de(junta)]]
    assert not Resumen.objects.filter(clase=CLASE, clave=celda).exists()
    datos = Resumen.objects.get(clase=CLASE, clave=resumen_encuesta.clave_de(junta)).datos
    assert datos["i"][str(instrumento.pk)]["e"] == 1
    # A phone changes no cell.
    marcas.clear()
    junta.telefono = "3001234567"
    junta.save()
    assert marcas == []


@pytest.mark.django_db
def test_rebuild_command_reports_a_drifted_cell_and_fixes_it(
    junta, instrumento, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = Respuesta.objects.create(
            organizacion=junta, instrumento=instrumento, estado="enviada", indice=50
        )
        PuntajeDimension.objects.create(
            respuesta=respuesta, dimension=Dimension.objects.first(), puntaje=Decimal("62.50")
        )
    celda = resumen_encuesta.clave_de(junta)
    fila = Resumen.objects.get(clase=CLASE, clave=celda)
    bueno = fila.datos
    fila.datos = {**bueno, "n": 7}
    fila.save()
    with pytest.raises(CommandError):
        call_command("reconstruir_resumenes", CLASE, "--revisar")
    assert f"«{celda}»: distinto en n" in capsys.readouterr().out
    call_command("reconstruir_resumenes", CLASE)
    assert Resumen.objects.get(clase=CLASE, clave=celda).datos == bueno
    call_command("reconstruir_resumenes", CLASE, "--revisar")


def _juntas_con_respuestas(instrumento, cuantas, barrio):
    juntas = OrganizacionFactory.create_batch(cuantas, barrio=barrio)
    dimension = Dimension.objects.first()
    pregunta = instrumento.preguntas.filter(tipo="si_no").first()
    for n, junta in enumerate(juntas):
        respuesta = Respuesta.objects.create(
            organizacion=junta, instrumento=instrumento, estado="enviada", indice=40 + n % 20
        )
        PuntajeDimension.objects.create(respuesta=respuesta, dimension=dimension, puntaje=n % 100)
        RespuestaPregunta.objects.create(respuesta=respuesta, pregunta=pregunta, valor="si")


@pytest.mark.django_db
def test_cold_dashboard_reads_summary_rows_only_in_constant_queries(
    client, monitor, instrumento, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    barrios = list(Barrio.objects.order_by("pk"))

    def leer():
        cache.clear()  # the cold page: every figure computed
        with CaptureQueriesContext(connection) as consultas:
            pagina = client.get(URL)
        assert pagina.status_code == 200
        return pagina.context, [c["sql"] for c in consultas]

    with django_capture_on_commit_callbacks(execute=True):
        _juntas_con_respuestas(instrumento, 3, barrios[0])
    contexto, pocas = leer()
    assert contexto["avance"]["total"]["enviadas"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        for barrio in barrios[1:6]:
            _juntas_con_respuestas(instrumento, 12, barrio)
    contexto, muchas = leer()
    assert contexto["avance"]["total"]["enviadas"] == 63
    assert len(pocas) == len(muchas), (len(pocas), len(muchas))
    leidas = [sql for sql in muchas if any(f'"{t}"' in sql for t in TABLAS_GRANDES)]
    assert leidas == []
