"""The milestone page: two keys (staff propose, a monitor verifies or returns), observation
threads, evidence validation, updates; permissions of every action and view."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hitos.models import Evidencia, Hito, Nivel, Observacion, PropuestaNivel

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _url(numero=1, compromiso="COCDI0001"):
    return f"{reverse('tablero:hito', args=[numero])}?compromiso={compromiso}"


def _proponer(cliente, nivel="completo"):
    return cliente.post(
        _url(), {"accion": "proponer", "nivel": nivel, "avance": 100, "justificacion": "Hecho."}
    )


@pytest.mark.django_db
def test_staff_propose_and_a_monitor_verifies(cliente_de, compromiso, secretaria, monitor):
    _proponer(cliente_de(secretaria))
    hito = Hito.objects.get(compromiso=compromiso, numero=1)
    assert hito.nivel == Nivel.NO_INICIADO  # one key is not enough
    propuesta = PropuestaNivel.objects.get()
    assert propuesta.estado == "pendiente" and propuesta.propuesta_por == secretaria
    html = cliente_de(monitor).get(_url()).content.decode()
    assert "pendiente de verificación" in html
    cliente_de(monitor).post(_url(), {"accion": "verificar", "propuesta": propuesta.pk})
    hito.refresh_from_db()
    assert (hito.nivel, hito.avance, hito.justificacion) == ("completo", 100, "Hecho.")
    propuesta.refresh_from_db()
    assert propuesta.estado == "verificada" and propuesta.revisada_por == monitor


@pytest.mark.django_db
def test_a_returned_proposal_leaves_the_level_and_opens_an_observation(
    cliente_de, compromiso, secretaria, monitor
):
    _proponer(cliente_de(secretaria))
    propuesta = PropuestaNivel.objects.get()
    respuesta = cliente_de(monitor).post(
        _url(), {"accion": "devolver", "propuesta": propuesta.pk, "observacion": ""}
    )
    assert "Revise el formulario" in respuesta.content.decode()  # a reason is required
    cliente_de(monitor).post(
        _url(), {"accion": "devolver", "propuesta": propuesta.pk, "observacion": "Falta acta."}
    )
    propuesta.refresh_from_db()
    assert propuesta.estado == "devuelta"
    assert Hito.objects.get(compromiso=compromiso, numero=1).nivel == Nivel.NO_INICIADO
    assert "Falta acta." in Observacion.objects.get().texto
    # Reviewed once: it cannot be verified afterwards.
    cliente_de(monitor).post(_url(), {"accion": "verificar", "propuesta": propuesta.pk})
    assert Hito.objects.get(compromiso=compromiso, numero=1).nivel == Nivel.NO_INICIADO


@pytest.mark.django_db
def test_only_one_pending_proposal_per_milestone(cliente_de, compromiso, secretaria):
    _proponer(cliente_de(secretaria))
    respuesta = _proponer(cliente_de(secretaria), nivel="limitado")
    assert respuesta.status_code == 302
    assert PropuestaNivel.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accion", "datos"),
    [
        ("proponer", {"nivel": "completo", "avance": 100, "justificacion": "x"}),
        ("evidencia", {"titulo": "x", "fecha": "2023-05-01", "enlace": "https://a.org"}),
        ("actualizacion", {"fecha": "2023-05-01", "texto": "x"}),
    ],
)
def test_monitors_cannot_edit_records(cliente_de, compromiso, monitor, accion, datos):
    assert cliente_de(monitor).post(_url(), {"accion": accion, **datos}).status_code == 403
    assert not PropuestaNivel.objects.exists() and not Evidencia.objects.exists()


@pytest.mark.django_db
def test_staff_cannot_verify_their_own_proposal(cliente_de, compromiso, secretaria):
    _proponer(cliente_de(secretaria))
    propuesta = PropuestaNivel.objects.get()
    respuesta = cliente_de(secretaria).post(
        _url(), {"accion": "verificar", "propuesta": propuesta.pk}
    )
    assert respuesta.status_code == 403
    assert Hito.objects.get(compromiso=compromiso, numero=1).nivel == Nivel.NO_INICIADO


@pytest.mark.django_db
def test_observation_thread(cliente_de, compromiso, monitor, secretaria):
    cliente_de(monitor).post(_url(), {"accion": "observar", "texto": "¿Y las mujeres?"})
    observacion = Observacion.objects.get()
    assert not observacion.respondida
    # A monitor may not answer on the Secretaría's behalf; staff may not observe.
    assert (
        cliente_de(monitor)
        .post(_url(), {"accion": "responder", "observacion": observacion.pk, "texto": "x"})
        .status_code
        == 403
    )
    assert (
        cliente_de(secretaria).post(_url(), {"accion": "observar", "texto": "x"}).status_code == 403
    )
    cliente_de(secretaria).post(
        _url(), {"accion": "responder", "observacion": observacion.pk, "texto": "El 52 %."}
    )
    observacion.refresh_from_db()
    assert observacion.respondida
    assert observacion.respuestas.get().texto == "El 52 %."
    html = cliente_de(monitor).get(_url()).content.decode()
    assert "¿Y las mujeres?" in html and "El 52 %." in html


@pytest.mark.django_db
def test_evidence_is_validated(cliente_de, compromiso, secretaria):
    cliente = cliente_de(secretaria)
    base = {"accion": "evidencia", "titulo": "Acta", "fecha": "2023-05-01"}
    html = cliente.post(_url(), base).content.decode()
    assert "Cargue un archivo o escriba un enlace" in html
    falso = SimpleUploadedFile("acta.pdf", b"no soy un pdf", content_type="application/pdf")
    html = cliente.post(_url(), {**base, "archivo": falso}).content.decode()
    assert "no corresponde a un PDF" in html
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    assert (
        "Tipo de archivo no permitido"
        in cliente.post(_url(), {**base, "archivo": exe}).content.decode()
    )
    assert not Evidencia.objects.exists()
    bueno = SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")
    cliente.post(_url(), {**base, "archivo": bueno, "publica": "on"})
    evidencia = Evidencia.objects.get()
    assert evidencia.agregada_por == secretaria and evidencia.publica


@pytest.mark.django_db
def test_evidence_size_limit(cliente_de, compromiso, secretaria, settings):
    settings.UPLOAD_MAX_BYTES = 100
    grande = SimpleUploadedFile("acta.pdf", PDF + b"0" * 200, content_type="application/pdf")
    html = (
        cliente_de(secretaria)
        .post(
            _url(),
            {"accion": "evidencia", "titulo": "Acta", "fecha": "2023-05-01", "archivo": grande},
        )
        .content.decode()
    )
    assert "el máximo es" in html
    assert not Evidencia.objects.exists()


@pytest.mark.django_db
def test_staff_write_updates(cliente_de, compromiso, secretaria):
    cliente_de(secretaria).post(
        _url(), {"accion": "actualizacion", "fecha": "2023-06-30", "texto": "Van 20 sesiones."}
    )
    hito = Hito.objects.get(compromiso=compromiso, numero=1)
    actualizacion = hito.actualizaciones.get()
    assert actualizacion.autor == secretaria and actualizacion.fecha == datetime.date(2023, 6, 30)


def _evidencia(hito, publica):
    return Evidencia.objects.create(
        hito=hito, titulo="Acta", fecha=datetime.date(2023, 5, 1), publica=publica,
        archivo=SimpleUploadedFile("acta.pdf", PDF),
    )  # fmt: skip


VISTAS = {
    "tablero": lambda: reverse("tablero:inicio"),
    "hito": lambda: _url(),
    "xlsx": lambda: reverse("tablero:indicadores", args=["xlsx"]),
    "csv": lambda: reverse("tablero:indicadores", args=["csv"]),
    "informe": lambda: reverse("tablero:informe"),
    "pdf": lambda: reverse("tablero:informe") + "?formato=pdf",
}


@pytest.mark.django_db
@pytest.mark.parametrize("vista", list(VISTAS))
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 403), ("lider_otra", 403), ("monitor", 200), ("secretaria", 200)],
)
def test_dashboard_views_by_role(
    cliente_de, compromiso, lider, lider_otra, monitor, secretaria, vista, rol, esperado
):
    usuario = {"anonimo": None, "lider": lider, "lider_otra": lider_otra, "monitor": monitor,
               "secretaria": secretaria}[rol]  # fmt: skip
    assert cliente_de(usuario).get(VISTAS[vista]()).status_code == esperado


@pytest.mark.django_db
def test_exports_carry_the_indicators(cliente_de, compromiso, monitor):
    cliente = cliente_de(monitor)
    csv = cliente.get(reverse("tablero:indicadores", args=["csv"])).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("hito;hito_titulo;codigo;indicador")
    assert "personas_formadas" in csv and "sesiones_realizadas" in csv
    xlsx = cliente.get(reverse("tablero:indicadores", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    pdf = cliente.get(reverse("tablero:informe") + "?formato=pdf")
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_evidence_files_for_monitors_and_public_ones_for_everyone(cliente_de, compromiso, monitor):
    hito = compromiso.hitos.get(numero=1)
    privada, publica = _evidencia(hito, False), _evidencia(hito, True)
    for evidencia in (privada, publica):
        url = reverse("tablero:evidencia", args=[evidencia.pk])
        assert cliente_de(monitor).get(url).status_code == 200
    anonimo = cliente_de(None)
    anonimo.logout()
    assert anonimo.get(reverse("tablero:evidencia", args=[publica.pk])).status_code == 302
    assert anonimo.get(reverse("transparencia:evidencia", args=[publica.pk])).status_code == 200
    assert anonimo.get(reverse("transparencia:evidencia", args=[privada.pk])).status_code == 404


@pytest.mark.django_db
def test_pages_without_a_commitment(cliente_de, monitor):
    assert (
        "Aún no hay un compromiso"
        in cliente_de(monitor).get(reverse("tablero:inicio")).content.decode()
    )
    assert cliente_de(monitor).get(_url()).status_code == 404
    assert cliente_de(None).get(reverse("transparencia:inicio")).status_code == 404
