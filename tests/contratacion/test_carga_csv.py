"""The CSV upload for servers without internet: datos.gov.co's export, the sync's rules,
all or nothing, errors by line and column."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contratacion import services
from contratacion.models import CandidatoPorNombre, Contrato, Sincronizacion
from nucleo.tablas import letra_de_columna

from . import filas
from .filas import contrato, nueve

pytestmark = pytest.mark.django_db

URL = reverse("admin:contratacion_contrato_cargar_csv")

# The export's column titles (datos.gov.co → «Exportar» → CSV) for some of the fields.
TITULOS = {
    "nombre_entidad": "Nombre Entidad",
    "nit_entidad": "Nit Entidad",
    "proceso_de_compra": "Proceso de Compra",
    "id_contrato": "ID Contrato",
    "estado_contrato": "Estado Contrato",
    "tipo_de_contrato": "Tipo de Contrato",
    "modalidad_de_contratacion": "Modalidad de Contratacion",
    "justificacion_modalidad_de": "Justificacion Modalidad de Contratacion",
    "fecha_de_firma": "Fecha de Firma",
    "fecha_de_inicio_del_contrato": "Fecha de Inicio del Contrato",
    "fecha_de_fin_del_contrato": "Fecha de Fin del Contrato",
    "tipodocproveedor": "TipoDocProveedor",
    "documento_proveedor": "Documento Proveedor",
    "proveedor_adjudicado": "Proveedor Adjudicado",
    "valor_del_contrato": "Valor del Contrato",
    "valor_pagado": "Valor Pagado",
    "urlproceso": "URLProceso",
    "nombre_representante_legal": "Nombre Representante Legal",
    "identificaci_n_representante_legal": "Identificación Representante Legal",
    "n_mero_de_cuenta": "Número de cuenta",
}


def fecha_de_exportacion(marca):
    """«2024-03-01T10:15:00.000» as the export writes it: «03/01/2024 10:15:00 AM»."""
    dia, hora = marca.split("T")
    anio, mes, d = dia.split("-")
    h, m, s = (int(x) for x in hora[:8].split(":"))
    sufijo = "PM" if h >= 12 else "AM"
    return f"{mes}/{d}/{anio} {(h % 12) or 12:02d}:{m:02d}:{s:02d} {sufijo}"


def csv_de(filas_api, *, titulos=False):
    """Rows written the way datos.gov.co writes a CSV: comma, UTF-8, a header with the field
    names (the API's .csv) or with the column titles (the portal's export)."""
    columnas = [c for c in filas.COLUMNAS_CONTRATOS if any(c in f for f in filas_api)]
    salida = io.StringIO()
    escritor = csv.writer(salida)
    escritor.writerow([TITULOS.get(c, c) if titulos else c for c in columnas])
    for fila in filas_api:
        valores = []
        for c in columnas:
            valor = fila.get(c, "")
            if isinstance(valor, dict):
                valor = valor["url"]
            if titulos and c.startswith("fecha_") and "T" in valor:
                valor = fecha_de_exportacion(valor)
            valores.append(valor)
        escritor.writerow(valores)
    return salida.getvalue().encode("utf-8")


@pytest.mark.parametrize("titulos", [False, True], ids=["nombres-de-campo", "titulos"])
def test_an_exported_csv_loads_with_the_syncs_rules(cabrero, secretaria, titulos):
    contenido = csv_de(
        [
            contrato("CO1.PCCNTR.1", documento=nueve(cabrero.nit)),
            contrato("CO1.PCCNTR.2", documento="800111222", nombre="FERRETERIA SAS"),
            contrato(
                "CO1.PCCNTR.3",
                documento="901999888",
                nombre="JUNTA DE ACCION COMUNAL BARRIO EL CABRERO",
            ),
            contrato("CO1.PCCNTR.1", documento=cabrero.nit, estado_contrato="terminado"),
        ],
        titulos=titulos,
    )

    corrida = services.cargar_csv_contratos(contenido, "contratos.csv", usuario=secretaria)

    assert (corrida.fuente, corrida.estado, corrida.usuario) == ("csv", "exitosa", secretaria)
    assert (corrida.filas_leidas, corrida.creadas, corrida.duplicadas) == (4, 2, 1)
    assert corrida.ajenas == 1 and corrida.candidatos == 1
    suyo = Contrato.objects.get(id_contrato="CO1.PCCNTR.1")
    assert (suyo.organizacion, suyo.estado, suyo.fuente) == (cabrero, "terminado", "csv")
    assert suyo.fecha_firma == filas.FIRMA
    assert suyo.url.startswith("https://community.secop.gov.co/")
    assert CandidatoPorNombre.objects.get().organizacion == cabrero

    otra_vez = services.cargar_csv_contratos(contenido, "contratos.csv", usuario=secretaria)
    assert (otra_vez.creadas, otra_vez.actualizadas, otra_vez.candidatos) == (0, 0, 0)


def test_errors_name_the_line_and_column_and_nothing_is_written(cabrero, secretaria):
    contenido = csv_de(
        [
            contrato("CO1.PCCNTR.10", documento=cabrero.nit),
            contrato("CO1.PCCNTR.11", documento=cabrero.nit, fecha_de_firma="el martes"),
            contrato("CO1.PCCNTR.12", documento=cabrero.nit, valor_del_contrato="mucho"),
        ],
        titulos=True,
    )

    with pytest.raises(services.ErroresDeCarga) as error:
        services.cargar_csv_contratos(contenido, "contratos.csv", usuario=secretaria)

    encabezado = contenido.decode().splitlines()[0].split(",")
    letra = letra_de_columna(encabezado.index("Fecha de Firma"))
    assert error.value.errores[0].startswith(f"Línea 3, columna {letra} («Fecha de Firma»)")
    assert "«el martes» no es una fecha" in error.value.errores[0]
    assert "Línea 4" in error.value.errores[1] and "«Valor del Contrato»" in error.value.errores[1]
    assert not Contrato.objects.exists() and not Sincronizacion.objects.exists()


def test_a_file_without_the_key_columns_is_refused_with_what_is_missing(secretaria):
    contenido = b"Nombre Entidad,Valor del Contrato\nALCALDIA,1000\n"
    with pytest.raises(services.ErroresDeCarga) as error:
        services.cargar_csv_contratos(contenido, "x.csv", usuario=secretaria)
    assert "«id_contrato»" in error.value.errores[0]
    assert "«documento_proveedor»" in error.value.errores[0]


def test_a_pdf_is_refused_in_spanish(secretaria):
    with pytest.raises(services.ErroresDeCarga) as error:
        services.cargar_csv_contratos(b"%PDF-1.7 ...", "contratos.pdf", usuario=secretaria)
    assert "es un PDF" in error.value.errores[0]


def test_an_excel_es_co_csv_with_semicolons_and_day_first_dates_loads_too(cabrero, secretaria):
    contenido = (
        "ID Contrato;TipoDocProveedor;Documento Proveedor;Fecha de Firma;Valor del Contrato\r\n"
        f"CO1.PCCNTR.20;NIT;{cabrero.nit};27/12/2022;45.000.000\r\n"
    ).encode("cp1252")
    services.cargar_csv_contratos(contenido, "contratos.csv", usuario=secretaria)
    guardado = Contrato.objects.get()
    assert str(guardado.fecha_firma) == "2022-12-27" and guardado.valor == 45000000


# Through the admin -------------------------------------------------------------------------------


def _archivo(contenido, nombre="contratos.csv"):
    return SimpleUploadedFile(nombre, contenido, content_type="text/csv")


def test_staff_upload_from_the_contracts_list(client, secretaria, cabrero):
    client.force_login(secretaria)
    lista = client.get(reverse("admin:contratacion_contrato_changelist"))
    assert URL in lista.content.decode()
    assert client.get(URL).status_code == 200

    respuesta = client.post(
        URL, {"archivo": _archivo(csv_de([contrato("C-1", documento=cabrero.nit)]))}, follow=True
    )

    assert respuesta.redirect_chain[-1][0] == reverse("admin:contratacion_contrato_changelist")
    assert "1 nuevas" in respuesta.content.decode()
    assert Contrato.objects.get().organizacion == cabrero


def test_the_admin_shows_the_errors_and_writes_nothing(client, secretaria, cabrero):
    client.force_login(secretaria)
    malo = csv_de([contrato("C-2", documento=cabrero.nit, fecha_de_firma="nunca")])
    respuesta = client.post(URL, {"archivo": _archivo(malo)})
    texto = respuesta.content.decode()
    assert respuesta.status_code == 200 and "No se cargó nada" in texto
    assert "Línea 2" in texto and "«nunca» no es una fecha" in texto
    assert not Contrato.objects.exists()


def test_only_staff_with_the_permission_may_upload(client, lider, monitor, cabrero):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    contenido = csv_de([contrato("C-3", documento=cabrero.nit)])
    assert client.get(URL).status_code == 302  # anonymous → the admin's log-in
    for usuario in (lider, monitor):
        client.force_login(usuario)
        assert client.post(URL, {"archivo": _archivo(contenido)}).status_code == 302
    sin_permiso = UserFactory(username="staff-sin-permiso")
    sin_permiso.is_staff = True
    sin_permiso.save()
    sin_permiso.user_permissions.add(Permission.objects.get(codename="view_contrato"))
    client.force_login(sin_permiso)
    assert client.post(URL, {"archivo": _archivo(contenido)}).status_code == 403
    lista = client.get(reverse("admin:contratacion_contrato_changelist"))
    assert lista.status_code == 200 and URL not in lista.content.decode()
    assert not Contrato.objects.exists()
