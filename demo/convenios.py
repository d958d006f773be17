"""Demo convenios under social control, at different stages, dates relative to today.

- `lider`'s Junta: an art. 95 convenio under way whose payments (70 %) run ahead of the verified
  progress (40 %) — the alert shows —, with a second payment still without support and a report
  waiting for the supervisor; and an art. 63 convenio liquidated with every payment supported.
- `lider2`'s Junta: a mínima cuantía contract under way, healthy, with a returned report.
- Three more Juntas: art. 95 without community workers and an overdue deliverable; a Decreto 092
  convenio just signed; a suspended one with a payment without support.

Reports go through the services (photos resized, EXIF read and stripped; two keys: the leader
writes, the Secretaría verifies). Idempotent: `sembrar` first removes every convenio.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from contratacion.models import Contrato
from contratacion.selectors import Ruta
from convenios import services
from convenios.models import (
    Convenio,
    Entregable,
    ObservacionCiudadana,
    Pago,
    Tramo,
)
from juntas.models import Barrio, Organizacion

TRABAJADORES = [
    "Yeimis Cassiani Julio",
    "Robinson Pérez Marrugo",
    "Ledys Herrera Caraballo",
    "Wilfrido Blanco Pájaro",
    "Katiuska Cabarcas Díaz",
]


def borrar():
    """Every convenio and what hangs from it (payments first: they protect their tranche)."""
    Pago.objects.all().delete()
    Convenio.objects.all().delete()


def _foto(fecha, color, texto):
    """A JPEG as a phone writes it: with an EXIF date (and the phone's 4:3 size)."""
    imagen = Image.new("RGB", (2000, 1500), color)
    dibujo = ImageDraw.Draw(imagen)
    dibujo.rectangle((200, 900, 1800, 1300), fill=(150, 150, 150))
    dibujo.text((220, 200), texto, fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x0132] = fecha.strftime("%Y:%m:%d 10:30:00")
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=80, exif=exif)
    return ContentFile(salida.getvalue(), name="obra.jpg")


def _pdf(nombre):
    return ContentFile(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", name=nombre
    )


def _convenio(org, *, hoy, ruta, estado, valor, firma, inicio, fin, objeto, numero, entidad):
    contrato = Contrato.objects.filter(organizacion=org).order_by("pk").first()
    return Convenio.objects.create(
        organizacion=org,
        numero=numero,
        entidad=entidad,
        nit_entidad="890480184-4",
        ruta=ruta,
        contrato=contrato if ruta == Ruta.CONVENIO_SOLIDARIO else None,
        objeto=objeto,
        valor=Decimal(valor),
        fecha_firma=hoy - datetime.timedelta(days=firma),
        fecha_inicio=hoy - datetime.timedelta(days=inicio) if inicio is not None else None,
        fecha_fin=hoy + datetime.timedelta(days=fin) if fin is not None else None,
        estado=estado,
        barrio=org.barrio or Barrio.objects.order_by("pk").first(),
    )


def _plan(convenio, hoy, entregables, tramos):
    for descripcion, prevista, entregada in entregables:
        Entregable.objects.create(
            convenio=convenio,
            descripcion=descripcion,
            fecha_prevista=hoy + datetime.timedelta(days=prevista),
            fecha_entrega=hoy + datetime.timedelta(days=entregada)
            if entregada is not None
            else None,
        )
    return [
        Tramo.objects.create(convenio=convenio, numero=n, porcentaje=Decimal(p), condicion=c)
        for n, (p, c) in enumerate(tramos, start=1)
    ]


def _informe(convenio, hoy, dias, avance, autor, texto, fotos=1):
    fecha = hoy - datetime.timedelta(days=dias)
    return services.registrar_informe(
        convenio,
        fecha=fecha,
        avance=Decimal(avance),
        descripcion=texto,
        acta_parcial=_pdf("acta-parcial.pdf"),
        fotos=[_foto(fecha, (40 + 30 * i, 110, 90), texto[:40]) for i in range(fotos)],
        usuario=autor,
    )


def _pago(convenio, hoy, dias, porcentaje, tramo, secretaria, soporte=True):
    return services.registrar_pago(
        convenio,
        fecha=hoy - datetime.timedelta(days=dias),
        valor=convenio.valor * Decimal(porcentaje) / 100,
        soporte=_pdf("comprobante-egreso.pdf") if soporte else None,
        tramo=tramo,
        usuario=secretaria,
    )


def sembrar(hoy):
    """The demo convenios; returns how many."""
    borrar()
    usuarios = get_user_model().objects.in_bulk(
        ["secretaria", "monitor", "lider", "lider2"], field_name="username"
    )
    secretaria, monitor = usuarios.get("secretaria"), usuarios.get("monitor")
    lider, lider2 = usuarios.get("lider"), usuarios.get("lider2")
    if not (secretaria and lider and lider2):
        return 0
    junta = Organizacion.objects.filter(dignatarios__usuario=lider).first()
    junta2 = Organizacion.objects.filter(dignatarios__usuario=lider2).first()
    otras = list(
        Organizacion.objects.filter(tipo=Organizacion.Tipo.JAC)
        .exclude(pk__in=[junta.pk, junta2.pk])
        .order_by("pk")[:3]
    )
    alcaldia = "Alcaldía Mayor de Cartagena de Indias — Secretaría de Infraestructura"

    # 1. Payments ahead of verified progress (the alert), a report waiting for the supervisor.
    andenes = _convenio(
        junta,
        hoy=hoy,
        ruta=Ruta.CONVENIO_SOLIDARIO,
        estado=Convenio.Estado.EN_EJECUCION,
        valor="42000000",
        firma=75,
        inicio=60,
        fin=45,
        objeto="Construcción de 180 m de andenes y rampas de acceso en la calle principal",
        numero="CS-SI-014",
        entidad=alcaldia,
    )
    tramos = _plan(
        andenes,
        hoy,
        [
            ("Excavación, nivelación y base granular", -30, -32),
            ("Placa de concreto de los andenes", 20, None),
            ("Rampas, señalización y entrega", 45, None),
        ],
        [
            ("30", "Anticipo a la firma del acta de inicio"),
            ("40", "Con el 60 % de avance físico verificado"),
            ("30", "A la entrega y recibo a satisfacción"),
        ],
    )
    for nombre in TRABAJADORES:
        services.agregar_trabajador(andenes, nombre=nombre, usuario=lider)
    primero = _informe(andenes, hoy, 35, "40", lider, "Base granular terminada", fotos=2)
    services.verificar_informe(primero, usuario=secretaria)
    _pago(andenes, hoy, 58, "30", tramos[0], secretaria)
    services.marcar_tramo_pagado(tramos[0], usuario=secretaria)
    _pago(andenes, hoy, 8, "40", tramos[1], secretaria, soporte=False)
    _informe(andenes, hoy, 2, "52", lider, "Placa fundida en la primera cuadra", fotos=2)
    ObservacionCiudadana.objects.create(
        convenio=andenes,
        texto="Los trabajos de la primera cuadra quedaron bien, pero llevan una semana sin "
        "trabajar en la segunda y el material está en la vía.",
        estado=ObservacionCiudadana.Estado.APROBADA,
        moderada_por=secretaria,
    )
    ObservacionCiudadana.objects.create(
        convenio=andenes,
        texto="Visita del monitor: el avance en obra parece menor que lo pagado; se pidió el "
        "acta parcial al supervisor.",
        autor=monitor,
        estado=ObservacionCiudadana.Estado.APROBADA,
        moderada_por=secretaria,
    )
    ObservacionCiudadana.objects.create(
        convenio=andenes,
        texto="¿Cuándo terminan? Mi número es 300 123 4567 por si necesitan algo.",
    )

    # 2. Liquidated with full support.
    parque = _convenio(
        junta,
        hoy=hoy,
        ruta=Ruta.DESARROLLO,
        estado=Convenio.Estado.EN_EJECUCION,
        valor="28500000",
        firma=300,
        inicio=280,
        fin=None,
        objeto="Adecuación del parque infantil y cerramiento de la cancha múltiple",
        numero="CI-SP-087",
        entidad="Instituto Distrital de Deporte y Recreación — IDER",
    )
    parque.fecha_fin = hoy - datetime.timedelta(days=160)
    parque.save(update_fields=["fecha_fin"])
    tramos = _plan(
        parque,
        hoy,
        [("Cerramiento de la cancha", -220, -225), ("Juegos infantiles instalados", -165, -170)],
        [("50", "Con el 50 % de avance verificado"), ("50", "Con el acta de recibo final")],
    )
    for dias, avance in ((230, "50"), (168, "100")):
        informe = _informe(parque, hoy, dias, avance, lider, f"Avance del {avance} %")
        services.verificar_informe(informe, usuario=secretaria)
    for dias, tramo in ((225, tramos[0]), (150, tramos[1])):
        _pago(parque, hoy, dias, "50", tramo, secretaria)
        services.marcar_tramo_pagado(tramo, usuario=secretaria)
    parque.estado = Convenio.Estado.LIQUIDADO
    parque.save(update_fields=["estado"])
    ObservacionCiudadana.objects.create(
        convenio=parque,
        texto="El parque quedó muy bien y los niños ya lo usan todas las tardes.",
        estado=ObservacionCiudadana.Estado.APROBADA,
        moderada_por=secretaria,
    )

    # 3. lider2: healthy, with a returned report.
    aseo = _convenio(
        junta2,
        hoy=hoy,
        ruta=Ruta.MINIMA_CUANTIA,
        estado=Convenio.Estado.EN_EJECUCION,
        valor="38900000",
        firma=70,
        inicio=62,
        fin=60,
        objeto="Mantenimiento de zonas verdes y limpieza de caños del sector",
        numero="MC-EPA-231",
        entidad="Establecimiento Público Ambiental — EPA Cartagena",
    )
    tramos = _plan(
        aseo,
        hoy,
        [("Limpieza del caño principal", -10, -12), ("Poda y siembra", 40, None)],
        [("30", "Primer informe mensual verificado"), ("70", "Informe final verificado")],
    )
    devuelto = _informe(aseo, hoy, 30, "35", lider2, "Limpieza del caño")
    services.devolver_informe(
        devuelto, usuario=secretaria, motivo="Faltan las fotos del tramo sur del caño."
    )
    verificado = _informe(aseo, hoy, 12, "55", lider2, "Caño limpio en todo su recorrido")
    services.verificar_informe(verificado, usuario=secretaria)
    _pago(aseo, hoy, 9, "30", tramos[0], secretaria)
    services.marcar_tramo_pagado(tramos[0], usuario=secretaria)

    creados = 3
    if len(otras) == 3:
        # 4. Art. 95 under way without community workers, an overdue deliverable.
        salon = _convenio(
            otras[0],
            hoy=hoy,
            ruta=Ruta.CONVENIO_SOLIDARIO,
            estado=Convenio.Estado.EN_EJECUCION,
            valor="40000000",
            firma=50,
            inicio=40,
            fin=80,
            objeto="Mejoramiento del salón comunal: cubierta, baños y pintura",
            numero="CS-SI-021",
            entidad=alcaldia,
        )
        _plan(
            salon,
            hoy,
            [("Cubierta nueva", -5, None), ("Baños", 30, None)],
            [("40", "Anticipo"), ("60", "Recibo final")],
        )
        ObservacionCiudadana.objects.create(
            convenio=salon,
            texto="No hemos visto a nadie del barrio trabajando en la obra del salón.",
        )
        # 5. Just signed.
        _convenio(
            otras[1],
            hoy=hoy,
            ruta=Ruta.DECRETO_092,
            estado=Convenio.Estado.FIRMADO,
            valor="35000000",
            firma=5,
            inicio=None,
            fin=None,
            objeto="Escuela de liderazgo juvenil y huerta comunitaria",
            numero="CA-SPDS-009",
            entidad="Secretaría de Participación y Desarrollo Social",
        )
        # 6. Suspended, with a payment without support.
        via = _convenio(
            otras[2],
            hoy=hoy,
            ruta=Ruta.CONVENIO_SOLIDARIO,
            estado=Convenio.Estado.EN_EJECUCION,
            valor="44000000",
            firma=120,
            inicio=110,
            fin=10,
            objeto="Placa huella de 120 m en el callejón de acceso al sector",
            numero="CS-SI-009",
            entidad=alcaldia,
        )
        tramos = _plan(via, hoy, [("Placa huella", -20, None)], [("20", "Anticipo")])
        services.agregar_trabajador(via, nombre="Edilberto Zúñiga Castro", usuario=secretaria)
        _pago(via, hoy, 100, "20", tramos[0], secretaria, soporte=False)
        via.estado = Convenio.Estado.SUSPENDIDO
        via.save(update_fields=["estado"])
        creados += 3
    return creados
