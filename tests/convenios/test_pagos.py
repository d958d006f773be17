"""Payments with their support; a tranche is marked paid only with a supported payment, and the
history records who did it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from convenios import services
from convenios.models import Pago, Tramo

from .conftest import crear_convenio, pago, pdf, tramo

pytestmark = pytest.mark.django_db


def test_a_tranche_without_a_payment_cannot_be_marked_paid(convenio, secretaria):
    primero = tramo(convenio)
    with pytest.raises(ValidationError, match="no tiene un pago con su documento soporte"):
        services.marcar_tramo_pagado(primero, usuario=secretaria)
    assert not Tramo.objects.get(pk=primero.pk).pagado


def test_a_payment_without_support_is_not_enough_until_the_support_arrives(convenio, secretaria):
    primero = tramo(convenio)
    registrado = services.registrar_pago(
        convenio,
        fecha=timezone.localdate(),
        valor=Decimal("30000000"),
        tramo=primero,
        usuario=secretaria,
    )
    with pytest.raises(ValidationError):
        services.marcar_tramo_pagado(primero, usuario=secretaria)
    services.adjuntar_soporte(registrado, soporte=pdf("egreso.pdf"), usuario=secretaria)
    services.marcar_tramo_pagado(primero, usuario=secretaria)
    primero.refresh_from_db()
    assert primero.pagado and primero.pagado_por == secretaria
    ultimo = primero.history.first()
    assert ultimo.history_user == secretaria
    assert ultimo.history_change_reason == "Tramo marcado pagado"
    assert registrado.history.first().history_user == secretaria
    with pytest.raises(ValidationError, match="ya está marcado"):
        services.marcar_tramo_pagado(primero, usuario=secretaria)


def test_the_admin_refuses_ticking_a_tranche_paid_without_support(convenio):
    primero = tramo(convenio)
    primero.pagado = True
    with pytest.raises(ValidationError) as error:
        primero.full_clean()
    assert "pagado" in error.value.message_dict
    pago(convenio, "30000000", soporte=True, tramo=primero)
    primero.full_clean()


def test_payments_never_exceed_the_convenios_value_nor_come_from_the_future(convenio, secretaria):
    with pytest.raises(ValidationError) as error:
        services.registrar_pago(
            convenio, fecha=timezone.localdate(), valor=Decimal("100000001"), usuario=secretaria
        )
    assert "valor" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.registrar_pago(
            convenio,
            fecha=timezone.localdate() + datetime.timedelta(days=1),
            valor=Decimal("1"),
            usuario=secretaria,
        )
    assert "fecha" in error.value.message_dict


def test_a_tranche_of_another_convenio_is_refused(convenio, otra_junta, secretaria):
    ajeno = tramo(crear_convenio(otra_junta))
    with pytest.raises(ValidationError):
        services.registrar_pago(
            convenio, fecha=timezone.localdate(), valor=Decimal(1), tramo=ajeno, usuario=secretaria
        )


def test_staff_record_a_payment_and_mark_the_tranche_on_the_convenio_page(
    client, convenio, secretaria
):
    primero = tramo(convenio)
    client.force_login(secretaria)
    url = reverse("convenios_tablero:pago", args=[convenio.pk])
    respuesta = client.post(url, {"fecha": "", "valor": "abc"})
    assert respuesta.status_code == 400
    assert Pago.objects.count() == 0
    respuesta = client.post(
        url,
        {
            "tramo": primero.pk,
            "fecha": timezone.localdate().isoformat(),
            "valor": "30.000.000",
            "soporte": pdf("egreso.pdf"),
        },
    )
    assert respuesta.status_code == 302
    registrado = Pago.objects.get()
    assert registrado.valor == Decimal("30000000") and registrado.registrado_por == secretaria
    client.post(reverse("convenios_tablero:tramo_pagado", args=[convenio.pk, primero.pk]))
    assert Tramo.objects.get(pk=primero.pk).pagado


def test_an_upload_that_is_not_a_pdf_is_refused_as_support(client, convenio, secretaria):
    client.force_login(secretaria)
    falso = pdf("egreso.pdf")
    falso.file.write(b"")
    from django.core.files.uploadedfile import SimpleUploadedFile

    respuesta = client.post(
        reverse("convenios_tablero:pago", args=[convenio.pk]),
        {
            "fecha": timezone.localdate().isoformat(),
            "valor": "1000",
            "soporte": SimpleUploadedFile("egreso.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert respuesta.status_code == 400
    assert "no corresponde" in respuesta.content.decode()
    assert not Pago.objects.exists()
