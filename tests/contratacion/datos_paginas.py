"""Small hand-made SECOP II outcomes for the page tests: contracts, processes, accounts,
declared families and training attendance, built row by row so each figure is known."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from capacitacion.models import Certificado, Inscripcion, Modulo, Persona, Sesion
from contratacion.models import Contrato, CuentaProveedor, FamiliaUnspsc, Proceso

_numeros = itertools.count(1)


def contrato(junta, fecha, valor=10_000_000, **campos):
    n = next(_numeros)
    datos = {
        "id_contrato": f"CO1.PCCNTR.{n}",
        "proceso_de_compra": f"CO1.BDOS.{n}",
        "organizacion": junta,
        "coincidencia": Contrato.Coincidencia.NIT,
        "nit_proveedor": junta.nit[:9] if junta is not None else None,
        "nombre_entidad": "DISTRITO DE CARTAGENA DE INDIAS",
        "nit_entidad": "890480184",
        "estado": "En ejecución",
        "tipo": "Prestación de servicios",
        "modalidad": "Contratación directa",
        "objeto": "Mantenimiento de zonas verdes del barrio",
        "fecha_firma": fecha,
        "valor": Decimal(valor),
        "url": f"https://community.secop.gov.co/Public/Tendering/ContractNoticePhases/View?PPI={n}",
    }
    datos.update(campos)
    return Contrato.objects.create(**datos)


def proceso(familia="7011", publicado=None, limite=None, **campos):
    n = next(_numeros)
    hoy = timezone.localdate()
    datos = {
        "id_del_proceso": f"CO1.REQ.{n}",
        "id_del_portafolio": f"CO1.BDOS.P{n}",
        "nombre_entidad": "DISTRITO DE CARTAGENA DE INDIAS",
        "nit_entidad": "890480184",
        "ciudad_entidad": "Cartagena",
        "nombre": f"Proceso {n}",
        "modalidad": "Mínima cuantía",
        "precio_base": Decimal("38500000"),
        "fecha_publicacion": publicado or hoy,
        "fecha_limite": limite
        if limite is not None
        else timezone.now() + datetime.timedelta(days=2),
        "estado": "Publicado",
        "codigo_unspsc": f"{familia}1700",
        "familia_unspsc": familia,
        "url": f"https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.{n}",
    }
    datos.update(campos)
    return Proceso.objects.create(**datos)


def familia(junta, codigo="7011", nombre="Mantenimiento de zonas verdes"):
    return FamiliaUnspsc.objects.create(organizacion=junta, codigo=codigo, nombre=nombre)


def cuenta(junta):
    return CuentaProveedor.objects.create(
        organizacion=junta, nit=junta.nit[:9], fecha_creacion=datetime.date(2023, 6, 15)
    )


def _modulo():
    modulo, _creado = Modulo.objects.get_or_create(
        nombre="SECOP II paso a paso", defaults={"horas": 4}
    )
    return modulo


def sesion(dia, estado=Sesion.Estado.REALIZADA):
    inicio = timezone.make_aware(datetime.datetime.combine(dia, datetime.time(9)))
    return Sesion.objects.create(
        modulo=_modulo(),
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4),
        lugar="Casa de la Cultura de Manga",
        facilitador_organizacion="Universidad",
        cupo=40,
        estado=estado,
    )


def asistencia(junta, sesion_, asistio=True):
    n = next(_numeros)
    persona = Persona.objects.create(
        documento=f"{45000000 + n}", nombres="Persona", apellidos=f"Prueba {n}", organizacion=junta
    )
    return Inscripcion.objects.create(
        sesion=sesion_, persona=persona, organizacion=junta, asistio=asistio
    )


def certificado(junta, dia):
    return Certificado.objects.create(tipo=Certificado.Tipo.JUNTA, organizacion=junta, emitido=dia)
