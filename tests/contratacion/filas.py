"""Rows as datos.gov.co serves them: the real field names of jbjy-vk9h, p6dx-8zbt and qmzu-gj57,
numbers as strings, floating timestamps, `urlproceso` as an object — and the personal data the
real rows carry (legal representatives, supervisors, spending officers, bank accounts), with
values distinctive enough to be searched for everywhere afterwards."""

import datetime
import re

from juntas.validators import digito_verificacion

CONTRATOS = "jbjy-vk9h"
PROCESOS = "p6dx-8zbt"
PROVEEDORES = "qmzu-gj57"

# Recent dates, inside every sync's overlap window.
FIRMA = datetime.date.today() - datetime.timedelta(days=10)
INICIO = FIRMA + datetime.timedelta(days=4)
FIN = FIRMA + datetime.timedelta(days=120)


def marca(dia: datetime.date, hora="00:00:00") -> str:
    """A floating timestamp as Socrata writes it."""
    return f"{dia.isoformat()}T{hora}.000"


ALCALDIA = "DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS"
NIT_ALCALDIA = "890480184"

# What must never be stored: each value is unique to this file.
PERSONALES_CONTRATO = {
    "nombre_representante_legal": "MARIELA SECRETA DEL PRUEBA",
    "tipo_de_identificaci_n_representante_legal": "Cédula de Ciudadanía",
    "identificaci_n_representante_legal": "1047999110",
    "nacionalidad_representante_legal": "Colombia",
    "domicilio_representante_legal": "CALLE RESERVADA 12 34 TORICES",
    "g_nero_representante_legal": "Mujer",
    "nombre_supervisor": "PEDRO SUPERVISOR ESCONDIDO",
    "tipo_de_documento_supervisor": "Cédula de Ciudadanía",
    "n_mero_de_documento_supervisor": "73999222",
    "nombre_ordenador_del_gasto": "ANA ORDENADORA OCULTA",
    "tipo_de_documento_ordenador_del_gasto": "Cédula de Ciudadanía",
    "n_mero_de_documento_ordenador_del_gasto": "45999333",
    "nombre_ordenador_de_pago": "LUIS PAGADOR RESERVADO",
    "n_mero_de_documento_ordenador_de_pago": "9199944",
    "nombre_del_banco": "BANCO CONFIDENCIAL DE PRUEBA",
    "tipo_de_cuenta": "Ahorros",
    "n_mero_de_cuenta": "000987654321",
}
PERSONALES_PROVEEDOR = {
    "nombre_representante_legal": "ROSA REPRESENTANTE PRIVADA",
    "tipo_doc_representante_legal": "Cédula de Ciudadanía",
    "n_mero_doc_representante_legal": "1050999555",
    "telefono_representante_legal": "3009990001",
    "correo_representante_legal": "rosa.privada@example.org",
    "telefono": "6056999000",
    "correo": "junta.privada@example.org",
    "direccion": "MANZANA SECRETA LOTE 9",
}
PERSONALES_PROCESO = {
    "nombre_del_adjudicador": "CARLOS ADJUDICADOR INTERNO",
}
# The distinctive values a test searches every table, log and report for.
CENTINELAS = [
    v
    for v in (
        *PERSONALES_CONTRATO.values(),
        *PERSONALES_PROVEEDOR.values(),
        *PERSONALES_PROCESO.values(),
    )
    if re.search(r"\d{6,}|[A-Z]{5,} [A-Z]{5,}|@", v)
]

COLUMNAS_CONTRATOS = [
    "nombre_entidad", "nit_entidad", "departamento", "ciudad", "localizaci_n", "orden", "sector",
    "rama", "entidad_centralizada", "proceso_de_compra", "id_contrato", "referencia_del_contrato",
    "estado_contrato", "codigo_de_categoria_principal", "descripcion_del_proceso",
    "tipo_de_contrato", "modalidad_de_contratacion", "justificacion_modalidad_de",
    "fecha_de_firma", "fecha_de_inicio_del_contrato", "fecha_de_fin_del_contrato",
    "tipodocproveedor", "documento_proveedor", "proveedor_adjudicado", "es_grupo", "es_pyme",
    "valor_del_contrato", "valor_facturado", "valor_pendiente_de_pago", "valor_pagado",
    "urlproceso", "ultima_actualizacion", "codigo_entidad", "codigo_proveedor",
    "objeto_del_contrato", "duraci_n_del_contrato", *PERSONALES_CONTRATO,
]  # fmt: skip
COLUMNAS_PROCESOS = [
    "entidad", "nit_entidad", "departamento_entidad", "ciudad_entidad", "ordenentidad",
    "id_del_proceso", "referencia_del_proceso", "id_del_portafolio", "nombre_del_procedimiento",
    "descripci_n_del_procedimiento", "fase", "fecha_de_publicacion_del", "precio_base",
    "modalidad_de_contratacion", "fecha_de_recepcion_de", "estado_del_procedimiento",
    "adjudicado", "nombre_del_proveedor", "nit_del_proveedor_adjudicado",
    "codigo_principal_de_categoria", "urlproceso", "estado_resumen", *PERSONALES_PROCESO,
]  # fmt: skip
COLUMNAS_PROVEEDORES = [
    "codigo", "nombre", "nit", "es_entidad", "es_grupo", "esta_activa", "fecha_creacion",
    "codigo_categoria_principal", "pais", "departamento", "municipio", "tipo_empresa", "espyme",
    *PERSONALES_PROVEEDOR,
]  # fmt: skip


def nit_con_dv(nueve: str) -> str:
    return f"{nueve}-{digito_verificacion(nueve)}"


def nueve(nit: str) -> str:
    """The registry's «900000001-3» → «900000001»."""
    return re.sub(r"\D", "", nit)[:9]


def _numero(identificador):
    return (re.findall(r"\d+", identificador) or ["1"])[-1]


def contrato(id_contrato, *, documento, nombre="JUNTA DE ACCION COMUNAL BARRIO PRUEBA", **campos):
    """A row of jbjy-vk9h. `documento` is `documento_proveedor` as the source writes it."""
    numero = _numero(id_contrato)
    fila = {
        "nombre_entidad": ALCALDIA,
        "nit_entidad": NIT_ALCALDIA,
        "departamento": "Bolívar",
        "ciudad": "Cartagena",
        "orden": "Territorial",
        "proceso_de_compra": f"CO1.BDOS.{numero}",
        "id_contrato": id_contrato,
        "referencia_del_contrato": f"SA-MC-{numero}-2024",
        "estado_contrato": "En ejecución",
        "tipo_de_contrato": "Obra",
        "modalidad_de_contratacion": "Contratación directa",
        "justificacion_modalidad_de": "Law2166of2021_Article95_SolidarityAgreements",
        "objeto_del_contrato": "CONVENIO SOLIDARIO PARA EL MEJORAMIENTO DEL PARQUE DEL BARRIO",
        "fecha_de_firma": marca(FIRMA, "10:15:00"),
        "fecha_de_inicio_del_contrato": marca(INICIO),
        "fecha_de_fin_del_contrato": marca(FIN),
        "tipodocproveedor": "NIT",
        "documento_proveedor": documento,
        "proveedor_adjudicado": nombre,
        "es_grupo": "No",
        "es_pyme": "No",
        "valor_del_contrato": "45000000",
        "valor_facturado": "15000000",
        "valor_pagado": "15000000",
        "urlproceso": {
            "url": "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index"
            f"?noticeUID=CO1.NTC.{numero}&isFromPublicArea=True&isModal=False"
        },
        "codigo_proveedor": f"7{numero}",
        "duraci_n_del_contrato": "4 Mes(es)",
        **PERSONALES_CONTRATO,
    }
    fila.update(campos)
    return {k: v for k, v in fila.items() if v is not None}


def proceso(id_del_proceso, **campos):
    """A row of p6dx-8zbt: a mínima cuantía process of Cartagena's Alcaldía, open."""
    numero = _numero(id_del_proceso)
    fila = {
        "entidad": ALCALDIA,
        "nit_entidad": NIT_ALCALDIA,
        "departamento_entidad": "Bolívar",
        "ciudad_entidad": "Cartagena",
        "ordenentidad": "Territorial",
        "id_del_proceso": id_del_proceso,
        "referencia_del_proceso": f"MC-{numero}-2024",
        "id_del_portafolio": f"CO1.BDOS.{numero}",
        "nombre_del_procedimiento": "MANTENIMIENTO DE ZONAS VERDES",
        "descripci_n_del_procedimiento": "Mantenimiento de zonas verdes del sector",
        "fase": "Presentación de oferta",
        "fecha_de_publicacion_del": marca(FIRMA, "08:00:00"),
        "precio_base": "38500000",
        "modalidad_de_contratacion": "Mínima cuantía",
        "fecha_de_recepcion_de": marca(FIRMA + datetime.timedelta(days=2), "17:00:00"),
        "estado_del_procedimiento": "Publicado",
        "adjudicado": "No",
        "nombre_del_proveedor": "No Definido",
        "nit_del_proveedor_adjudicado": "No Definido",
        "codigo_principal_de_categoria": "V1.70111700",
        "urlproceso": {
            "url": "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index"
            f"?noticeUID=CO1.NTC.{numero}"
        },
        "estado_resumen": "Presentación de oferta",
        **PERSONALES_PROCESO,
    }
    fila.update(campos)
    return {k: v for k, v in fila.items() if v is not None}


def proveedor(nit, **campos):
    """A row of qmzu-gj57 (a registered supplier)."""
    fila = {
        "codigo": f"70{re.sub(r'[^0-9]', '', nit)[:7]}",
        "nombre": "JUNTA DE ACCION COMUNAL BARRIO PRUEBA",
        "nit": nit,
        "es_entidad": "No",
        "es_grupo": "No",
        "esta_activa": "Si",
        "fecha_creacion": "2023-06-15T00:00:00.000",
        "pais": "CO",
        "departamento": "Bolívar",
        "municipio": "Cartagena",
        "tipo_empresa": "JUNTA DE ACCIoN COMUNAL.",
        "espyme": "NO",
        **PERSONALES_PROVEEDOR,
    }
    fila.update(campos)
    return {k: v for k, v in fila.items() if v is not None}
