"""«Renovar» a valid document: the valid one keeps counting until staff judge the replacement."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from juntas import services
from juntas.models import RequisitoJunta
from tests.factories import crear_secretaria

PDF_VIEJO = b"%PDF-1.4\n% viejo\n%%EOF\n"
PDF_NUEVO = b"%PDF-1.4\n% nuevo\n%%EOF\n"
HOY = timezone.localdate


def _subir(client, contenido, expedicion, vencimiento):
    return client.post(
        reverse("portal:cargar_requisito", args=["cuenta-bancaria"]),
        {
            "archivo": SimpleUploadedFile("cuenta.pdf", contenido),
            "fecha_expedicion": expedicion.isoformat(),
            "fecha_vencimiento": vencimiento.isoformat(),
        },
    )


def _fila(junta):
    return RequisitoJunta.objects.get(organizacion=junta, requisito__codigo="cuenta-bancaria")


def _puntaje(junta):
    junta.refresh_from_db(fields=["puntaje", "puntaje_hasta"])
    return junta.puntaje, junta.puntaje_hasta


def _verificar(junta, usuario, estado=RequisitoJunta.Estado.CUMPLE):
    return services.verificar(
        RequisitoJunta.objects.filter(pk=_fila(junta).pk), usuario=usuario, estado=estado
    )


VIEJO_EXP = HOY() - datetime.timedelta(days=60)
VIEJO_VENCE = HOY() + datetime.timedelta(days=30)
NUEVO_EXP = HOY() - datetime.timedelta(days=2)
NUEVO_VENCE = HOY() + datetime.timedelta(days=88)


@pytest.fixture
def vigente(client, lider, junta, secretaria):
    """A bank certificate the leader uploaded and the Secretaría accepted: it counts."""
    client.force_login(lider)
    _subir(client, PDF_VIEJO, VIEJO_EXP, VIEJO_VENCE)
    _verificar(junta, secretaria)
    fila = _fila(junta)
    assert fila.vigente and junta.indice_preparacion() > 0
    return fila


@pytest.fixture
def renovado(client, vigente, junta):
    """The leader (still logged in) uploads a replacement for the valid certificate."""
    antes = (_puntaje(junta), junta.indice_preparacion())
    respuesta = _subir(client, PDF_NUEVO, NUEVO_EXP, NUEVO_VENCE)
    assert respuesta.status_code == 302
    return antes


@pytest.mark.django_db
def test_renewal_keeps_the_score_and_index_until_verified(client, junta, vigente, renovado):
    assert (_puntaje(junta), junta.indice_preparacion()) == renovado
    fila = _fila(junta)
    assert fila.estado == RequisitoJunta.Estado.CUMPLE and fila.vigente
    assert (fila.fecha_expedicion, fila.fecha_vencimiento) == (VIEJO_EXP, VIEJO_VENCE)
    assert fila.archivo.read() == PDF_VIEJO
    assert fila.renovacion_pendiente and fila.archivo_nuevo.read() == PDF_NUEVO
    assert (fila.emitido_nuevo, fila.vence_nuevo) == (NUEVO_EXP, NUEVO_VENCE)


@pytest.mark.django_db
def test_renewal_page_and_message_say_the_valid_document_still_counts(client, vigente):
    url = reverse("portal:cargar_requisito", args=["cuenta-bancaria"])
    aviso = "Su documento vigente sigue contando hasta que la Secretaría revise el nuevo"
    assert aviso in client.get(url).content.decode()
    respuesta = client.post(
        url,
        {
            "archivo": SimpleUploadedFile("cuenta.pdf", PDF_NUEVO),
            "fecha_expedicion": NUEVO_EXP.isoformat(),
            "fecha_vencimiento": NUEVO_VENCE.isoformat(),
        },
        follow=True,
    )
    contenido = respuesta.content.decode()
    assert aviso in contenido
    assert "Documento nuevo en revisión" in contenido  # the Junta page lists it
    assert "hay un documento nuevo en revisión" in client.get(url).content.decode()


@pytest.mark.django_db
def test_accepting_the_renewal_promotes_its_file_and_dates(client, junta, lider, renovado):
    otra = crear_secretaria(username="secretaria-dos")
    resultado = _verificar(junta, otra)
    assert resultado.verificados == 1
    fila = _fila(junta)
    assert fila.estado == RequisitoJunta.Estado.CUMPLE
    assert (fila.fecha_expedicion, fila.fecha_vencimiento) == (NUEVO_EXP, NUEVO_VENCE)
    assert fila.archivo.read() == PDF_NUEVO
    assert fila.cargado_por == lider and fila.verificado_por == otra
    assert not fila.renovacion_pendiente and fila.vence_nuevo is None
    assert _puntaje(junta)[1] == NUEVO_VENCE  # the summary now holds until the new expiry


@pytest.mark.django_db
def test_rejecting_the_renewal_keeps_the_old_valid_document(client, junta, secretaria, renovado):
    verificado_en = _fila(junta).verificado_en
    resultado = _verificar(junta, secretaria, RequisitoJunta.Estado.NO_CUMPLE)
    assert (resultado.verificados, resultado.renovaciones_rechazadas) == (0, 1)
    fila = _fila(junta)
    assert fila.estado == RequisitoJunta.Estado.CUMPLE and fila.vigente
    assert (fila.fecha_expedicion, fila.fecha_vencimiento) == (VIEJO_EXP, VIEJO_VENCE)
    assert fila.archivo.read() == PDF_VIEJO
    assert fila.verificado_por == secretaria and fila.verificado_en == verificado_en
    assert not fila.renovacion_pendiente
    assert (_puntaje(junta), junta.indice_preparacion()) == renovado
    # The rejected file is not lost: the row's history still names it.
    rechazo = fila.history.first()
    assert rechazo.history_change_reason.startswith("Renovación rechazada")
    assert fila.history.exclude(archivo_nuevo="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("estado", [RequisitoJunta.Estado.CUMPLE, RequisitoJunta.Estado.NO_CUMPLE])
def test_whoever_uploaded_the_replacement_cannot_verify_it(junta, vigente, estado):
    quien_renueva = crear_secretaria(username="secretaria-que-carga")
    services.cargar_documento(
        organizacion=junta,
        requisito=vigente.requisito,
        archivo=SimpleUploadedFile("cuenta.pdf", PDF_NUEVO),
        fecha_expedicion=NUEVO_EXP,
        fecha_vencimiento=NUEVO_VENCE,
        usuario=quien_renueva,
    )
    resultado = _verificar(junta, quien_renueva, estado)
    assert (resultado.verificados, resultado.omitidos, resultado.renovaciones_rechazadas) == (
        0,
        1,
        0,
    )
    fila = _fila(junta)
    assert fila.renovacion_pendiente and fila.fecha_vencimiento == VIEJO_VENCE


@pytest.mark.django_db
def test_verifier_of_the_old_document_may_judge_a_renewal_someone_else_uploaded(
    client, junta, lider, vigente
):
    # The old document was uploaded by the staff member herself; the renewal by the leader.
    quien_cargo = crear_secretaria(username="secretaria-cargo-el-viejo")
    filas = RequisitoJunta.objects.filter(pk=vigente.pk)
    filas.update(cargado_por=quien_cargo, verificado_por=None)
    _subir(client, PDF_NUEVO, NUEVO_EXP, NUEVO_VENCE)
    assert _verificar(junta, quien_cargo).verificados == 1
    fila = _fila(junta)
    assert fila.cargado_por == lider and fila.verificado_por == quien_cargo


@pytest.mark.django_db
def test_admin_reject_action_says_the_valid_document_is_kept(client, junta, secretaria, renovado):
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("admin:juntas_requisitojunta_changelist"),
        {"action": "verificar_no_cumple", "_selected_action": [_fila(junta).pk]},
        follow=True,
    )
    contenido = respuesta.content.decode()
    assert "1 documento nuevo rechazado: el documento vigente se conserva" in contenido
    assert "verificado como" not in contenido
    assert _fila(junta).estado == RequisitoJunta.Estado.CUMPLE
    listado = client.get(reverse("admin:juntas_requisitojunta_changelist")).content.decode()
    assert "Ver el nuevo" not in listado


@pytest.mark.django_db
def test_admin_list_links_the_pending_renewal(client, junta, secretaria, renovado):
    client.force_login(secretaria)
    listado = client.get(reverse("admin:juntas_requisitojunta_changelist")).content.decode()
    assert _fila(junta).archivo_nuevo.url in listado and "Ver el nuevo" in listado


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 200), ("lider_otra", 404), ("monitor", 404), ("secretaria", 200)],
)
def test_pending_file_is_served_only_to_own_leaders_and_staff(
    client, junta, lider, lider_otra, monitor, secretaria, renovado, rol, esperado
):
    url = _fila(junta).archivo_nuevo.url
    client.logout()
    usuarios = {"lider": lider, "lider_otra": lider_otra, "monitor": monitor}
    usuarios["secretaria"] = secretaria
    if rol in usuarios:
        client.force_login(usuarios[rol])
    respuesta = client.get(url)
    assert respuesta.status_code == esperado
    if esperado == 200:
        assert b"".join(respuesta.streaming_content) == PDF_NUEVO


@pytest.mark.django_db
def test_an_expired_document_is_replaced_at_once(client, junta, vigente):
    # Nothing valid to keep: the upload takes its place and waits «en trámite» as before.
    RequisitoJunta.objects.filter(pk=vigente.pk).update(
        fecha_vencimiento=HOY() - datetime.timedelta(days=1)
    )
    _subir(client, PDF_NUEVO, NUEVO_EXP, NUEVO_VENCE)
    fila = _fila(junta)
    assert fila.estado == RequisitoJunta.Estado.EN_TRAMITE and not fila.renovacion_pendiente
    assert fila.archivo.read() == PDF_NUEVO and fila.fecha_vencimiento == NUEVO_VENCE


@pytest.mark.django_db
def test_a_second_renewal_replaces_the_first_pending_one(client, junta, renovado):
    otro = b"%PDF-1.4\n% otro\n%%EOF\n"
    _subir(client, otro, NUEVO_EXP, NUEVO_VENCE + datetime.timedelta(days=1))
    fila = _fila(junta)
    assert fila.archivo_nuevo.read() == otro and fila.archivo.read() == PDF_VIEJO
    assert (_puntaje(junta), junta.indice_preparacion()) == renovado
