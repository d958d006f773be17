"""Synthetic SECOP II rows for the demo, so that `make run` shows outcomes without internet.

Every row is marked `Fuente.DEMO` (contracts, processes, and the runs that loaded them, which is
what marks the supplier accounts), its identifier starts with «DEMO-» and it carries no link to
SECOP II; the pages that show them say «Datos de demostración». They go through the same rules
as a real sync (`services.cargar_filas`: matching by NIT, upsert, routes), with the dataset's
field names as datos.gov.co serves them.

What it creates, deterministic for a seed and a day (America/Bogota):
- contracts and convenios of the four routes for some Juntas, in the 12 months before and after
  their training day (the first held session attended, else the first certificate; for Juntas
  not trained, the median training day, as the dashboard's comparison reads it), fewer before
  than after and fewer for Juntas not trained;
- supplier accounts for most Juntas that contracted by mínima cuantía and for a few others;
- the processes those mínima-cuantía contracts came from (awarded to the Junta), and a few
  recently awarded to a Junta whose contract is not signed yet (the funnel's «se presentaron»);
- open mínima-cuantía processes of Cartagena's entities, some in the UNSPSC families declared
  for `lider`'s Junta (set here) and some in others, plus closed ones the radar leaves out;
- each entity's cuantías for the current year (demo figures, with a note saying so), never
  replacing figures staff typed.

`lider`'s Junta gets a supplier account and a convenio after its training; `lider2`'s gets none
of it, so both states of the leader's page can be seen.
"""

import datetime
import random
import statistics
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils import timezone

from capacitacion.models import Certificado, Inscripcion, Sesion
from contratacion import services
from contratacion.models import (
    Contrato,
    Cuantia,
    CuentaProveedor,
    FamiliaUnspsc,
    Fuente,
    Proceso,
    Sincronizacion,
)
from juntas.models import Organizacion
from juntas.permisos import junta_del_lider

PREFIJO = "DEMO-"
NOTA_CUANTIA = (
    "Cifra de demostración (sintética), no la resolución real de la entidad: reemplácela por la "
    "que la entidad publica en enero."
)
SEMILLA = 2023

# (name as SECOP II spells it, NIT, menor cuantía of the current year in pesos). The Alcaldía's
# NIT is the real one; the others and every figure are demo values.
ENTIDADES = [
    ("DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS", "890480184", 1_423_500_000),
    ("ESTABLECIMIENTO PUBLICO AMBIENTAL DE CARTAGENA", "806013999", 711_750_000),
    ("INSTITUTO DISTRITAL DE DEPORTE Y RECREACION DE CARTAGENA", "806011000", 569_400_000),
    ("INSTITUTO DE PATRIMONIO Y CULTURA DE CARTAGENA", "806012000", 427_050_000),
]

# The lines of work declared for `lider`'s Junta (UNSPSC families, 4 digits).
FAMILIAS_LIDER = [
    ("7011", "Parques, jardines y mantenimiento de zonas verdes"),
    ("7210", "Mantenimiento y reparación de construcciones e instalaciones"),
    ("9010", "Restaurantes y servicios de catering para eventos"),
]
OTRAS_FAMILIAS = [("4321", "Equipos de cómputo"), ("8111", "Servicios de software")]

# (route, modalidad, justificación, tipo, objects, value range in millions)
RUTAS = {
    "convenio_solidario": (
        "Contratación directa",
        "Law2166of2021_Article95_SolidarityAgreements",
        "Otro",
        [
            "Convenio solidario para la construcción de andenes y bordillos en el barrio",
            "Convenio solidario para el mejoramiento del parque del barrio",
            "Convenio solidario para la adecuación del salón comunal",
        ],
        (40, 320),
    ),
    "ley_2166_art_63": (
        "Contratación directa",
        "Ley 2166 de 2021 art. 63 par. 2 y Ley 136 de 1994 art. 141",
        "Prestación de servicios",
        [
            "Apoyo logístico para la jornada de salud de la localidad",
            "Limpieza de caños y canales pluviales del sector",
        ],
        (20, 180),
    ),
    "decreto_092": (
        "Contratación régimen especial",
        "Regla aplicable a entidades sin ánimo de lucro",
        "Decreto 092 de 2017",
        ["Programa cultural comunitario en las fiestas de noviembre"],
        (30, 150),
    ),
    "minima_cuantia": (
        "Mínima cuantía",
        "Presupuesto menor al 10% de la Menor Cuantía",
        "Prestación de servicios",
        [
            "Mantenimiento de zonas verdes y poda de árboles",
            "Suministro de refrigerios para actividades comunitarias",
            "Pintura y reparaciones menores de la caseta comunal",
        ],
        (5, 120),
    ),
}
# How often each route is drawn (convenios solidarios and mínima cuantía are the common ones).
PESOS_RUTAS = {"convenio_solidario": 4, "ley_2166_art_63": 2, "decreto_092": 1, "minima_cuantia": 5}

PROCESOS_ABIERTOS = [
    ("7011", "70111700", "Mantenimiento de zonas verdes del parque de la localidad", 38_500_000),
    ("7011", "70111500", "Siembra de árboles nativos en la ronda del caño", 24_900_000),
    ("7210", "72101500", "Reparaciones locativas de la casa de justicia", 96_300_000),
    ("7210", "72102900", "Mantenimiento de la cancha múltiple del barrio", 54_000_000),
    ("9010", "90101600", "Refrigerios para los talleres de participación ciudadana", 12_800_000),
    ("9010", "90101500", "Alimentación para la jornada de rendición de cuentas", 8_750_000),
    ("4321", "43211500", "Compra de computadores portátiles", 110_000_000),
    ("8111", "81111500", "Desarrollo de un aplicativo de citas", 125_000_000),
]


def _marca(dia: datetime.date, hora=datetime.time(0)) -> str:
    """A floating timestamp as Socrata writes it."""
    return datetime.datetime.combine(dia, hora).strftime("%Y-%m-%dT%H:%M:%S.000")


def _millones(rng, desde, hasta):
    return Decimal(rng.randint(desde * 10, hasta * 10) * 100_000)


def borrar():
    """The demo's SECOP II rows: contracts, processes, supplier accounts its runs loaded, its
    runs and its cuantías. Rows of a real sync or typed by staff stay."""
    Contrato.objects.filter(fuente=Fuente.DEMO).delete()
    Proceso.objects.filter(fuente=Fuente.DEMO).delete()
    CuentaProveedor.objects.filter(sincronizacion__fuente=Fuente.DEMO).delete()
    Cuantia.objects.filter(notas=NOTA_CUANTIA).delete()
    Sincronizacion.objects.filter(fuente=Fuente.DEMO).delete()


def _dias_de_formacion():
    """{Junta id: training day}, the dashboard's definition (first held session attended, else
    first valid certificate)."""
    dias = {
        fila["organizacion_id"]: timezone.localdate(fila["primera"])
        for fila in Inscripcion.objects.filter(asistio=True, sesion__estado=Sesion.Estado.REALIZADA)
        .values("organizacion_id")
        .annotate(primera=Min("sesion__inicio"))
    }
    for fila in (
        Certificado.objects.filter(anulado=False, organizacion__isnull=False)
        .values("organizacion_id")
        .annotate(primero=Min("emitido"))
    ):
        dias.setdefault(fila["organizacion_id"], fila["primero"])
    return dias


class _Filas:
    """The rows of the three datasets being built, with running identifiers."""

    def __init__(self, rng, hoy):
        self.rng, self.hoy = rng, hoy
        self.contratos, self.procesos, self.cuentas = [], [], {}
        self.numero = 0

    def _siguiente(self):
        self.numero += 1
        return self.numero

    def contrato(self, junta, firma, ruta):
        rng = self.rng
        modalidad, justificacion, tipo, objetos, (desde, hasta) = RUTAS[ruta]
        entidad, nit_entidad, _menor = rng.choice(
            ENTIDADES[:2] if ruta != "decreto_092" else ENTIDADES
        )
        n = self._siguiente()
        inicio = firma + datetime.timedelta(days=rng.randint(3, 20))
        fin = inicio + datetime.timedelta(days=rng.choice((60, 90, 120, 180)))
        valor = _millones(rng, desde, hasta)
        terminado = fin < self.hoy
        pagado = valor if terminado else (valor * rng.choice((0, 30, 50, 70)) / 100).quantize(1)
        # The supplier's document as SECOP II writes it: with or without check digit.
        documento = junta.nit if rng.random() < 0.5 else junta.nit.replace("-", "")[:9]
        portafolio = f"{PREFIJO}CO1.BDOS.{n:06d}"
        self.contratos.append({
            "id_contrato": f"{PREFIJO}CO1.PCCNTR.{n:06d}",
            "proceso_de_compra": portafolio,
            "tipodocproveedor": "NIT",
            "documento_proveedor": documento,
            "proveedor_adjudicado": junta.nombre.upper(),
            "nombre_entidad": entidad,
            "nit_entidad": nit_entidad,
            "departamento": "Bolívar",
            "ciudad": "Cartagena",
            "estado_contrato": "Cerrado" if terminado else "En ejecución",
            "tipo_de_contrato": tipo,
            "modalidad_de_contratacion": modalidad,
            "justificacion_modalidad_de": justificacion,
            "objeto_del_contrato": rng.choice(objetos),
            "fecha_de_firma": _marca(firma),
            "fecha_de_inicio_del_contrato": _marca(inicio),
            "fecha_de_fin_del_contrato": _marca(fin),
            "valor_del_contrato": str(valor),
            "valor_pagado": str(pagado),
        })  # fmt: skip
        if ruta == "minima_cuantia":
            # The process it came from, awarded to the Junta.
            self.proceso(
                familia_codigo=rng.choice([(f, c) for f, c, _n, _p in PROCESOS_ABIERTOS[:6]]),
                nombre=self.contratos[-1]["objeto_del_contrato"],
                publicado=firma - datetime.timedelta(days=rng.randint(8, 20)),
                limite_dias=2,
                estado="Adjudicado",
                precio=valor,
                adjudicado=junta,
                portafolio=portafolio,
                entidad=(entidad, nit_entidad),
            )
            self.cuenta(junta, firma - datetime.timedelta(days=rng.randint(30, 300)))

    def proceso(
        self, *, familia_codigo, nombre, publicado, limite_dias, estado, precio,
        adjudicado=None, portafolio=None, entidad=None,
    ):  # fmt: skip
        n = self._siguiente()
        entidad = entidad or self.rng.choice(ENTIDADES)
        fila = {
            "id_del_proceso": f"{PREFIJO}CO1.REQ.{n:06d}",
            "id_del_portafolio": portafolio or f"{PREFIJO}CO1.BDOS.{n:06d}",
            "entidad": entidad[0],
            "nit_entidad": entidad[1],
            "ciudad_entidad": "Cartagena",
            "nombre_del_procedimiento": nombre,
            "descripci_n_del_procedimiento": f"{nombre}. Proceso sintético de la demostración.",
            "modalidad_de_contratacion": "Mínima cuantía",
            "precio_base": str(precio),
            "fecha_de_publicacion_del": _marca(publicado, datetime.time(9)),
            "fecha_de_recepcion_de": _marca(
                publicado + datetime.timedelta(days=limite_dias), datetime.time(17)
            ),
            "estado_del_procedimiento": estado,
            "codigo_principal_de_categoria": f"V1.{familia_codigo[1]}",
            "nit_del_proveedor_adjudicado": adjudicado.nit if adjudicado else "No Definido",
        }
        self.procesos.append(fila)

    def cuenta(self, junta, creada):
        creada = min(creada, self.hoy)
        anterior = self.cuentas.get(junta.pk)
        if anterior is None or creada.isoformat() < anterior["fecha_creacion"][:10]:
            self.cuentas[junta.pk] = {
                "nit": junta.nit.replace("-", "")[:9],
                "codigo": f"{PREFIJO}{junta.pk:06d}",
                "fecha_creacion": _marca(creada),
                "esta_activa": "Sí",
            }


def _elegir_ruta(rng):
    return rng.choices(list(PESOS_RUTAS), weights=list(PESOS_RUTAS.values()))[0]


def sembrar(hoy: datetime.date | None = None, semilla: int = SEMILLA) -> dict:
    """Load the demo's SECOP II rows (replacing the previous demo rows). Returns how many
    contracts, processes, accounts and cuantías it loaded."""
    hoy = hoy or timezone.localdate()
    rng = random.Random(f"contratacion-{semilla}")
    borrar()
    juntas = list(
        Organizacion.objects.juntas().exclude(nit__isnull=True).exclude(nit="").order_by("pk")
    )
    usuarios = get_user_model().objects.filter(username__in=("lider", "lider2"))
    lideres = {u.username: junta_del_lider(u) for u in usuarios}
    lider, lider2 = lideres.get("lider"), lideres.get("lider2")
    dias = _dias_de_formacion()
    # However small the registry, one trained Junta contracted before its training too.
    apartadas = {j.pk for j in (lider, lider2) if j is not None}
    antes_seguro = next((j.pk for j in juntas if j.pk in dias and j.pk not in apartadas), None)
    referencia = statistics.median_low(sorted(dias.values())) if dias else hoy
    filas = _Filas(rng, hoy)
    un_anio = datetime.timedelta(days=365)

    for junta in juntas:
        if lider2 is not None and junta.pk == lider2.pk:
            continue  # the leader's page without outcomes
        formada = junta.pk in dias
        dia = dias.get(junta.pk, referencia)
        antes, despues = (0.08, 0.24) if formada else (0.06, 0.08)
        es_lider = lider is not None and junta.pk == lider.pk
        if rng.random() < antes or junta.pk == antes_seguro:
            filas.contrato(
                junta, dia - datetime.timedelta(days=rng.randint(20, 350)), _elegir_ruta(rng)
            )
        if es_lider or rng.random() < despues:
            firma = min(hoy, dia + datetime.timedelta(days=rng.randint(10, 340)))
            filas.contrato(junta, firma, "convenio_solidario" if es_lider else _elegir_ruta(rng))
        if formada and rng.random() < 0.10:  # a later contract too, up to today
            firma = (
                dia
                + un_anio
                + datetime.timedelta(days=rng.randint(0, max(0, (hoy - dia - un_anio).days)))
            )
            if firma <= hoy:
                filas.contrato(junta, firma, _elegir_ruta(rng))
        if es_lider or rng.random() < (0.15 if formada else 0.04):
            filas.cuenta(
                junta,
                (dia if formada else hoy - un_anio) + datetime.timedelta(days=rng.randint(5, 200)),
            )

    # Recently awarded to a Junta with a supplier account, contract not signed yet.
    con_cuenta = [
        j for j in juntas if j.pk in filas.cuentas and (lider is None or j.pk != lider.pk)
    ]
    for junta in rng.sample(con_cuenta, min(3, len(con_cuenta))):
        familia, codigo, nombre, precio = rng.choice(PROCESOS_ABIERTOS[:6])
        filas.proceso(
            familia_codigo=(familia, codigo), nombre=nombre,
            publicado=hoy - datetime.timedelta(days=rng.randint(5, 15)), limite_dias=1,
            estado="Adjudicado", precio=Decimal(precio), adjudicado=junta,
        )  # fmt: skip
    # The opportunity radar: open processes published in the last days, deadlines ahead.
    ahora = timezone.localtime()
    for i, (familia, codigo, nombre, precio) in enumerate(PROCESOS_ABIERTOS):
        publicado = ahora.date() - datetime.timedelta(days=i % 4)
        filas.proceso(
            familia_codigo=(familia, codigo), nombre=nombre, publicado=publicado,
            limite_dias=(ahora.date() - publicado).days + 1 + i % 3, estado="Publicado",
            precio=Decimal(precio),
        )  # fmt: skip
    # Closed ones in the same families: the radar leaves them out.
    filas.proceso(
        familia_codigo=("7011", "70111700"), nombre="Poda de árboles del parque principal",
        publicado=hoy - datetime.timedelta(days=40), limite_dias=2, estado="Cerrado",
        precio=Decimal(31_000_000),
    )  # fmt: skip
    filas.proceso(
        familia_codigo=("7210", "72101500"), nombre="Arreglo de la cubierta del CDI",
        publicado=hoy - datetime.timedelta(days=3), limite_dias=2, estado="Cancelado",
        precio=Decimal(45_000_000),
    )  # fmt: skip

    if lider is not None:
        for codigo, nombre in FAMILIAS_LIDER:
            FamiliaUnspsc.objects.get_or_create(
                organizacion=lider, codigo=codigo, defaults={"nombre": nombre}
            )
    cuantias = 0
    for nombre, nit, menor in ENTIDADES:
        if Cuantia.objects.filter(nit_entidad=nit, anio=hoy.year).exists():
            continue  # figures typed by staff are never replaced
        Cuantia.objects.create(
            nombre_entidad=nombre, nit_entidad=nit, anio=hoy.year, menor_cuantia=Decimal(menor),
            fuente_url=f"https://cuantias-demo.example.org/{nit}/{hoy.year}",
            notas=NOTA_CUANTIA,
        )  # fmt: skip
        cuantias += 1

    Conjunto = Sincronizacion.Conjunto
    services.cargar_filas(Conjunto.PROVEEDORES, list(filas.cuentas.values()), fuente=Fuente.DEMO)
    services.cargar_filas(Conjunto.CONTRATOS, filas.contratos, fuente=Fuente.DEMO)
    services.cargar_filas(Conjunto.PROCESOS, filas.procesos, fuente=Fuente.DEMO)
    return {
        "contratos": len(filas.contratos),
        "procesos": len(filas.procesos),
        "cuentas": len(filas.cuentas),
        "cuantias": cuantias,
    }
