"""Demo data for the registry: the demo accounts, and a bulk builder of Juntas, boards and
requirement states over the real territory (used by `manage.py seed_demo`)."""

import datetime
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo.carga import insertar
from juntas.models import Barrio, Dignatario, Localidad, Organizacion, Requisito, RequisitoJunta
from juntas.validators import digito_verificacion
from nucleo.roles import ADMINISTRADOR, LIDER, MONITOR, SECRETARIA

CLAVE_DEMO = "demo-cartagena"


@dataclass(frozen=True)
class CuentaDemo:
    usuario: str
    grupo: str
    nombre: str
    apellido: str
    staff: bool
    descripcion: str


CUENTAS = [
    CuentaDemo(
        "secretaria",
        SECRETARIA,
        "Marta",
        "Julio",
        True,
        gettext_lazy("Secretaría: administración completa"),
    ),
    CuentaDemo(
        "monitor", MONITOR, "Andrés", "Pájaro", False, gettext_lazy("Monitor de Funcicar: tableros")
    ),
    CuentaDemo("lider", LIDER, "", "", False, gettext_lazy("Presidente de una Junta: su portal")),
    CuentaDemo("lider2", LIDER, "", "", False, gettext_lazy("Presidente de otra Junta: su portal")),
    CuentaDemo(
        "administrador",
        ADMINISTRADOR,
        "Rocío",
        "Barrios",
        True,
        gettext_lazy("Administrador de roles: asigna los roles de las cuentas"),
    ),
]

NOMBRES = [
    "Ana", "Luz", "María", "Rosa", "Carmen", "Yolanda", "Candelaria", "Dilia", "Edith", "Ingrid",
    "Katia", "Ledys", "Mirna", "Nubia", "Olga", "Petrona", "Sandra", "Yadira", "Zunilda", "Elvia",
    "José", "Luis", "Carlos", "Jorge", "Rafael", "Manuel", "Pedro", "Alfonso", "Édgar", "Fabio",
    "Germán", "Hernando", "Iván", "Julio", "Libardo", "Nelson", "Orlando", "Rubén", "Tomás",
    "Wilson",
]  # fmt: skip

APELLIDOS = [
    "Pérez", "Gómez", "Martínez", "Rodríguez", "Herrera", "Julio", "Castro", "Marrugo", "Caraballo",
    "Pájaro", "Cassiani", "Padilla", "Guerrero", "Barrios", "Villalba", "Salcedo", "Teherán",
    "Puello", "Cabarcas", "Ospino", "Blanco", "Mendoza", "Díaz", "Ramos", "Torres", "Morales",
    "Arrieta", "Zúñiga", "Berrío", "Simancas", "Torregrosa", "Valdelamar", "Hernández", "Ortega",
]  # fmt: skip

SECTORES = ["", "Sector Central", "Sector 2", "Etapa 2", "Sector El Progreso", "Sector La Loma",
            "Sector Las Palmas", "Manzana 5", "Sector Nuevo", "Sector San José"]  # fmt: skip

CALLES = ["Calle", "Carrera", "Diagonal", "Transversal", "Avenida"]

LOTE = 2000
# Common first digits of cédulas issued in Bolívar; the rest is a counter, so none repeats.
PREFIJOS_CEDULA = ("1047", "1143", "1050", "45", "73", "33")

# ≈346 of 429 Juntas were active in 2023.
ESTADOS = [
    (Organizacion.Estado.ACTIVA, 80.6),
    (Organizacion.Estado.INACTIVA, 12),
    (Organizacion.Estado.SUSPENDIDA, 5),
    (Organizacion.Estado.EN_LIQUIDACION, 1.5),
    (Organizacion.Estado.CANCELADA, 0.9),
]

# The board every Junta elects: (cargo, suplente).
JUNTA_DIRECTIVA = [
    (Dignatario.Cargo.PRESIDENTE, False),
    (Dignatario.Cargo.VICEPRESIDENTE, False),
    (Dignatario.Cargo.TESORERO, False),
    (Dignatario.Cargo.SECRETARIO, False),
    (Dignatario.Cargo.FISCAL, False),
    (Dignatario.Cargo.FISCAL, True),
    (Dignatario.Cargo.CONCILIADOR, False),
    (Dignatario.Cargo.CONCILIADOR, False),
    (Dignatario.Cargo.CONCILIADOR, False),
    (Dignatario.Cargo.DELEGADO, False),
    (Dignatario.Cargo.DELEGADO, False),
    (Dignatario.Cargo.DELEGADO, True),
]

# How common each requirement is among Juntas with full capacity (the rest scale down).
FACILIDAD = {
    "personeria-vigente": 0.95,
    "certificado-existencia": 0.8,
    "dignatarios-inscritos": 0.85,
    "estatutos-ley-2166": 0.6,
    "libros-registrados": 0.75,
    "acta-autoriza-contratar": 0.5,
    "plan-accion": 0.6,
    "rut": 0.85,
    "ruc": 0.45,
    "secop-ii": 0.4,
    "cuenta-bancaria": 0.6,
    "estados-financieros": 0.55,
    "experiencia": 0.35,
    "antecedentes-representante": 0.7,
    "seguridad-social": 0.4,
    "polizas": 0.2,
    "rup": 0.1,
}

# Boards elected on the last Sunday of April 2026 take office on 1 July for four years.
ELECCION = datetime.date(2026, 4, 26)
PERIODO = (datetime.date(2026, 7, 1), datetime.date(2030, 6, 30))
PERIODO_ANTERIOR = (
    datetime.date(2021, 11, 28),
    datetime.date(2022, 2, 1),
    datetime.date(2026, 6, 30),
)


class Barra:
    """A plain text progress bar on stderr (redrawn in place on a terminal)."""

    def __init__(self, total, salida, titulo):
        self.total, self.salida, self.titulo = total, salida, titulo
        self.terminal = salida.isatty() if hasattr(salida, "isatty") else False
        self.ultimo = -1

    def avanzar(self, hechos):
        decimo = hechos * 10 // max(self.total, 1)
        if not self.terminal and decimo == self.ultimo:
            return
        self.ultimo = decimo
        lleno = hechos * 30 // max(self.total, 1)
        linea = f"{self.titulo} [{'#' * lleno}{'.' * (30 - lleno)}] {hechos:,}/{self.total:,}"
        linea = linea.replace(",", ".")
        self.salida.write(("\r" + linea) if self.terminal else linea + "\n")
        if self.terminal and hechos >= self.total:
            self.salida.write("\n")
        self.salida.flush()


class SembradorRegistro:
    """Builds the demo registry in bulk. Deterministic for a given random generator and day.

    Rows made here carry no history entries: history records what people change afterwards.
    """

    def __init__(self, rng, hoy, salida):
        self.rng, self.hoy, self.salida = rng, hoy, salida

    def borrar(self):
        """Wipe the registry fast: plain DELETEs, no per-row signals (history rows stay)."""
        for modelo in (RequisitoJunta, Dignatario):
            modelo.objects.all()._raw_delete(modelo.objects.db)
        Organizacion.objects.update(asociacion=None)
        Organizacion.objects.all()._raw_delete(Organizacion.objects.db)

    def cuentas_base(self):
        secretaria = None
        for cuenta in CUENTAS:
            usuario, _creado = User.objects.get_or_create(username=cuenta.usuario)
            usuario.first_name, usuario.last_name = cuenta.nombre, cuenta.apellido
            usuario.email = f"{cuenta.usuario}@example.org"
            usuario.is_staff = cuenta.staff
            usuario.set_password(CLAVE_DEMO)
            usuario.save()
            usuario.groups.add(Group.objects.get(name=cuenta.grupo))
            if cuenta.grupo == SECRETARIA:
                secretaria = usuario
        return secretaria

    # Organizations ---------------------------------------------------------------------------

    def organizaciones(self, n):
        rng = self.rng
        barrios = list(
            Barrio.objects.order_by("pk").values(
                "id", "nombre", "tipo", "unidad_comunera_id", "localidad_id"
            )
        )
        urbanos = [b for b in barrios if b["tipo"] == Barrio.Tipo.BARRIO]
        rurales = [b for b in barrios if b["tipo"] != Barrio.Tipo.BARRIO]
        # The two demo leaders' Juntas come first, in well-known barrios.
        fijos = [
            next(b for b in urbanos if b["nombre"] == nombre) for nombre in ("Bocagrande", "Manga")
        ]

        asociaciones = {}
        for i, localidad in enumerate(Localidad.objects.order_by("codigo"), start=1):
            asociaciones[localidad.pk] = Organizacion.objects.create(
                nombre=f"Asociación de Juntas de Acción Comunal de la Localidad {localidad.nombre}",
                tipo=Organizacion.Tipo.ASOJAC,
                codigo_registro=f"ASOJAC-{localidad.codigo}",
                nit=self._nit(800000000 + i * 1013),
                personeria_numero=f"{1990 + i}-{rng.randint(100, 999)}",
                personeria_fecha=datetime.date(1990 + i, rng.randint(1, 12), rng.randint(1, 28)),
                localidad=localidad,
                direccion=self._direccion(),
                telefono=self._celular(),
                estado=Organizacion.Estado.ACTIVA,
                fecha_eleccion=ELECCION,
                periodo_inicio=PERIODO[0],
                periodo_fin=PERIODO[1],
                participa=True,
                participa_desde=datetime.date(2023, 1, 16),
            )

        usados = {}
        barra = Barra(n, self.salida, _("Juntas"))
        creadas = []
        estados, pesos = zip(*ESTADOS, strict=True)
        for desde in range(0, n, LOTE):
            lote = []
            for i in range(desde, min(n, desde + LOTE)):
                barrio = (
                    fijos[i]
                    if i < len(fijos)
                    else (rng.choice(rurales) if rng.random() < 0.1 else rng.choice(urbanos))
                )
                tipo = (
                    Organizacion.Tipo.JVC
                    if i >= len(fijos) and rng.random() < 0.08
                    else Organizacion.Tipo.JAC
                )
                veces = usados.get(barrio["id"], 0)
                usados[barrio["id"]] = veces + 1
                sufijo = _sufijo_sector(veces)
                prefijo = (
                    "Junta de Acción Comunal"
                    if tipo == Organizacion.Tipo.JAC
                    else "Junta de Vivienda Comunitaria"
                )
                lugar = (
                    "Barrio"
                    if barrio["tipo"] == Barrio.Tipo.BARRIO
                    else ("Corregimiento" if barrio["tipo"] == Barrio.Tipo.CABECERA else "Vereda")
                )
                estado = (
                    Organizacion.Estado.ACTIVA if i < len(fijos) else rng.choices(estados, pesos)[0]
                )
                activa = estado == Organizacion.Estado.ACTIVA
                participa = activa and (i < len(fijos) or rng.random() < 0.85)
                eleccion, inicio, fin = self._periodo(activa)
                lote.append(
                    Organizacion(
                        nombre=f"{prefijo} {_lugar(lugar, barrio['nombre'])}{sufijo}",
                        tipo=tipo,
                        codigo_registro=f"{tipo}-{13001}-{i + 1:05d}",
                        personeria_numero=f"{rng.randint(1965, 2019)}-{rng.randint(1, 9999):04d}",
                        personeria_fecha=datetime.date(
                            rng.randint(1965, 2019), rng.randint(1, 12), rng.randint(1, 28)
                        ),
                        nit=self._nit(900000000 + i * 37 + rng.randint(0, 36))
                        if rng.random() < 0.85 or i < len(fijos)
                        else None,
                        asociacion_id=(
                            asociaciones[barrio["localidad_id"]].pk
                            if tipo == Organizacion.Tipo.JAC and rng.random() < 0.7
                            else None
                        ),
                        barrio_id=barrio["id"],
                        unidad_comunera_id=barrio["unidad_comunera_id"],
                        localidad_id=barrio["localidad_id"],
                        direccion=self._direccion(),
                        telefono=self._celular() if rng.random() < 0.9 else "",
                        correo=f"jac.{i + 1}@example.org" if rng.random() < 0.5 else "",
                        estado=estado,
                        afiliados=rng.randint(35, 900),
                        fecha_eleccion=eleccion,
                        periodo_inicio=inicio,
                        periodo_fin=fin,
                        participa=participa,
                        participa_desde=datetime.date(2023, 1, rng.randint(10, 31))
                        if participa
                        else None,
                    )
                )
            creadas.extend(Organizacion.objects.bulk_create(lote, batch_size=LOTE))
            barra.avanzar(len(creadas))
        return list(asociaciones.values()), creadas

    def _periodo(self, activa):
        """Most boards were elected in April 2026; some keep the previous period; a few end soon."""
        sorteo = self.rng.random()
        if not activa or sorteo < 0.08:
            return PERIODO_ANTERIOR
        if sorteo < 0.12:
            fin = self.hoy + datetime.timedelta(days=self.rng.randint(3, 90))
            return ELECCION, PERIODO[0], fin
        return ELECCION, PERIODO[0], PERIODO[1]

    # Boards -------------------------------------------------------------------------------------

    def dignatarios(self, organizaciones):
        rng = self.rng
        total = 0
        barra = Barra(len(organizaciones), self.salida, _("Directivas"))
        campos = [
            "organizacion_id", "cargo", "bloque", "suplente", "nombres", "apellidos",
            "tipo_documento", "documento", "telefono", "correo", "periodo_inicio", "periodo_fin",
        ]  # fmt: skip
        lote = []
        for hechas, org in enumerate(organizaciones, start=1):
            for cargo, suplente in JUNTA_DIRECTIVA:
                total += 1
                nombre = rng.choice(NOMBRES)
                apellidos = f"{rng.choice(APELLIDOS)} {rng.choice(APELLIDOS)}"
                lote.append((
                    org.pk, cargo, Dignatario.BLOQUE_DE_CARGO[cargo], suplente, nombre,
                    apellidos, Dignatario.TipoDocumento.CC,
                    f"{rng.choice(PREFIJOS_CEDULA)}{total:07d}", self._celular(),
                    f"{_ascii(nombre)}.{_ascii(apellidos.split()[0])}{total}@example.org"
                    if rng.random() < 0.6 else "",
                    org.periodo_inicio, org.periodo_fin,
                ))  # fmt: skip
            if len(lote) >= LOTE * 10 or hechas == len(organizaciones):
                insertar(Dignatario, campos, lote)
                lote = []
                barra.avanzar(hechas)
        return total

    # Readiness ----------------------------------------------------------------------------------

    def requisitos(self, organizaciones, secretaria):
        rng = self.rng
        requisitos = list(Requisito.objects.filter(activo=True))
        zona = timezone.get_current_timezone()
        total = 0
        barra = Barra(len(organizaciones), self.salida, _("Requisitos"))
        campos = [
            "organizacion_id", "requisito_id", "estado", "fecha_expedicion", "fecha_vencimiento",
            "verificado_por_id", "verificado_en",
        ]  # fmt: skip
        lote = []
        for hechas, org in enumerate(organizaciones, start=1):
            # A Junta's capacity drives how many requirements it meets (most are weak).
            capacidad = (
                rng.betavariate(2, 2.5)
                if org.estado == Organizacion.Estado.ACTIVA
                else rng.random() * 0.3
            )
            for requisito in requisitos:
                sorteo = rng.random()
                probabilidad = FACILIDAD.get(requisito.codigo, 0.5) * (0.4 + capacidad)
                if sorteo < probabilidad:
                    estado = RequisitoJunta.Estado.CUMPLE
                elif sorteo < probabilidad + 0.12:
                    estado = RequisitoJunta.Estado.EN_TRAMITE
                elif sorteo < probabilidad + 0.3:
                    estado = RequisitoJunta.Estado.NO_CUMPLE
                else:
                    continue  # no row: the Secretaría has no record yet (counts as not met)
                expedicion = vencimiento = verificado_en = None
                if estado != RequisitoJunta.Estado.NO_CUMPLE:
                    dias = requisito.vigencia_dias or 720
                    expedicion = self.hoy - datetime.timedelta(days=rng.randint(1, int(dias * 1.3)))
                    if requisito.tiene_vencimiento and requisito.vigencia_dias:
                        vencimiento = expedicion + datetime.timedelta(days=requisito.vigencia_dias)
                if estado == RequisitoJunta.Estado.CUMPLE:
                    verificado_en = datetime.datetime.combine(
                        expedicion + datetime.timedelta(days=rng.randint(1, 20)),
                        datetime.time(rng.randint(8, 17), rng.randint(0, 59)),
                        tzinfo=zona,
                    )
                    verificado_en = min(verificado_en, timezone.now())
                total += 1
                lote.append((
                    org.pk, requisito.pk, estado, expedicion, vencimiento,
                    secretaria.pk if secretaria and verificado_en else None, verificado_en,
                ))  # fmt: skip
            if len(lote) >= LOTE * 10 or hechas == len(organizaciones):
                insertar(RequisitoJunta, campos, lote)
                lote = []
                barra.avanzar(hechas)
        # COPY sends no signals: the readiness summary is computed once, for all of them.
        Organizacion.objects.actualizar_puntajes(self.hoy)
        return total

    def lideres(self, organizaciones):
        """Link `lider` and `lider2` to the presidents of the first two Juntas."""
        for usuario, org in zip(("lider", "lider2"), organizaciones[:2], strict=True):
            presidente = Dignatario.objects.get(
                organizacion_id=org.pk, cargo=Dignatario.Cargo.PRESIDENTE
            )
            cuenta = User.objects.get(username=usuario)
            Dignatario.objects.filter(usuario=cuenta).update(usuario=None)
            presidente.usuario = cuenta
            presidente.correo = f"{usuario}@example.org"
            presidente.save(update_fields=["usuario", "correo"])
            cuenta.first_name, cuenta.last_name = presidente.nombres, presidente.apellidos
            cuenta.save(update_fields=["first_name", "last_name"])

    # Small generators ---------------------------------------------------------------------------

    def _nit(self, numero):
        texto = f"{numero:09d}"
        return f"{texto}-{digito_verificacion(texto)}"

    def _celular(self):
        rng = self.rng
        return f"3{rng.choice('0125')}{rng.randint(0, 9)}{rng.randint(1000000, 9999999)}"

    def _direccion(self):
        rng = self.rng
        numero = f"{rng.randint(1, 99)}-{rng.randint(1, 99)}"
        return f"{rng.choice(CALLES)} {rng.randint(1, 80)} # {numero}"


def _lugar(clase, nombre):
    """«Barrio Manga», but «Barrio Chino», not «Barrio Barrio Chino»: a place whose name already
    says what it is keeps it once."""
    if nombre.split(" ", 1)[0].casefold() == clase.casefold():
        return nombre
    return f"{clase} {nombre}"


def _sufijo_sector(veces):
    """A suffix that keeps several Juntas of one barrio apart."""
    if veces == 0:
        return ""
    if veces < len(SECTORES):
        return f" {SECTORES[veces]}"
    return f" Sector {veces + 1}"


def _ascii(texto):
    return unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode().lower()
