"""Demo accounts and the names the demo registry is drawn from (one place for both commands)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jac_portal.roles import LIDER, MONITOR, SECRETARIA

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
        "secretaria", SECRETARIA, "Marta", "Julio", True, _("Secretaría: administración completa")
    ),
    CuentaDemo("monitor", MONITOR, "Andrés", "Pájaro", False, _("Monitor de Funcicar: tableros")),
    CuentaDemo("lider", LIDER, "", "", False, _("Presidente de una Junta: su portal")),
    CuentaDemo("lider2", LIDER, "", "", False, _("Presidente de otra Junta: su portal")),
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
