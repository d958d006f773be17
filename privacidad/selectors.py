"""Reads for habeas data: everything the portal holds about a leader and their board, in
sections that the page, the JSON and the XLSX downloads share (so a download never holds more or
less than the page shows), and the Junta's requests."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from capacitacion.models import Certificado, Evaluacion, Inscripcion, Persona
from juntas.models import AutorizacionDatos, Dignatario

from .models import SolicitudHabeas


@dataclass
class Seccion:
    clave: str
    titulo: str
    encabezados: list
    filas: list = field(default_factory=list)


def _documentos(dignatarios):
    """Q matching the Personas that share a document with these dignatario records."""
    q = Q(pk__in=[])
    for tipo, documento in {(d.tipo_documento, d.documento) for d in dignatarios}:
        q |= Q(tipo_documento=tipo, documento=documento)
    return q


def _sesion(inscripcion):
    sesion = inscripcion.sesion
    return [sesion.modulo.nombre, sesion.inicio, sesion.get_estado_display()]


def datos_personales(usuario, junta):
    """What the portal holds about `usuario` (a leader of `junta`) and about the Junta's board
    and participants, as a list of `Seccion`. A constant number of queries, whatever the size."""
    cargos = list(
        Dignatario.objects.filter(usuario=usuario)
        .select_related("organizacion")
        .order_by("-activo", "-periodo_inicio", "pk")
    )
    personas = list(Persona.objects.filter(_documentos(cargos)).select_related("organizacion"))
    inscripciones = list(
        Inscripcion.objects.filter(persona__in=personas)
        .select_related("sesion__modulo", "organizacion")
        .order_by("-sesion__inicio")
    )
    evaluaciones = list(
        Evaluacion.objects.filter(persona__in=personas)
        .select_related("modulo", "instrumento")
        .order_by("-creada")
    )
    certificados = list(
        Certificado.objects.filter(persona__in=personas)
        .select_related("modulo", "organizacion")
        .order_by("-emitido")
    )
    autorizaciones = list(
        AutorizacionDatos.objects.filter(usuario=usuario).order_by("-aceptada_en")
    )
    directiva = list(
        Dignatario.objects.filter(organizacion=junta, activo=True).order_by(
            "bloque", "cargo", "suplente", "apellidos"
        )
    )
    participantes = list(
        Persona.objects.filter(organizacion=junta)
        .order_by("apellidos", "nombres")
        .prefetch_related(
            Prefetch(
                "inscripciones",
                queryset=Inscripcion.objects.filter(organizacion=junta)
                .select_related("sesion__modulo")
                .order_by("-sesion__inicio"),
            )
        )
    )
    solicitudes = list(solicitudes_de_junta(junta))

    return [
        Seccion(
            "cuenta",
            _("Mi cuenta en el portal"),
            [
                _("Usuario"),
                _("Nombres"),
                _("Apellidos"),
                _("Correo"),
                _("Creada"),
                _("Último ingreso"),
            ],
            [
                [
                    usuario.username,
                    usuario.first_name,
                    usuario.last_name,
                    usuario.email,
                    usuario.date_joined,
                    usuario.last_login,
                ]
            ],
        ),
        Seccion(
            "cargos",
            _("Mis cargos en el registro de Juntas"),
            [
                _("Junta"),
                _("Cargo"),
                _("Suplente"),
                _("Nombres"),
                _("Apellidos"),
                _("Tipo de documento"),
                _("Documento"),
                _("Teléfono"),
                _("Correo"),
                _("Inicio del periodo"),
                _("Fin del periodo"),
                _("Activo"),
            ],
            [
                [
                    d.organizacion.nombre,
                    d.get_cargo_display(),
                    d.suplente,
                    d.nombres,
                    d.apellidos,
                    d.tipo_documento,
                    d.documento,
                    d.telefono,
                    d.correo,
                    d.periodo_inicio,
                    d.periodo_fin,
                    d.activo,
                ]
                for d in cargos
            ],
        ),
        Seccion(
            "participante",
            _("Mis datos como participante de la capacitación"),
            [
                _("Nombres"),
                _("Apellidos"),
                _("Tipo de documento"),
                _("Documento"),
                _("Teléfono"),
                _("Correo"),
                _("Junta"),
            ],
            [
                [
                    p.nombres,
                    p.apellidos,
                    p.tipo_documento,
                    p.documento,
                    p.telefono,
                    p.correo,
                    p.organizacion.nombre if p.organizacion_id else "",
                ]
                for p in personas
            ],
        ),
        Seccion(
            "inscripciones",
            _("Mis inscripciones y asistencia"),
            [
                _("Módulo"),
                _("Sesión"),
                _("Estado de la sesión"),
                _("Junta"),
                _("Inscrita en"),
                _("Llegó sin inscribirse"),
                _("Asistió"),
            ],
            [
                [
                    *_sesion(i),
                    i.organizacion.nombre,
                    i.inscrita_en,
                    i.sin_inscripcion_previa,
                    i.asistio,
                ]
                for i in inscripciones
            ],
        ),
        Seccion(
            "evaluaciones",
            _("Mis evaluaciones respondidas"),
            [
                _("Módulo"),
                _("Evaluación"),
                _("Momento"),
                _("Respondida en"),
                _("Puntaje"),
                _("Respuestas"),
            ],
            [
                [
                    e.modulo.nombre,
                    e.instrumento.nombre,
                    e.get_momento_display(),
                    e.creada,
                    e.puntaje,
                    e.respuestas,
                ]
                for e in evaluaciones
            ],
        ),
        Seccion(
            "certificados",
            _("Mis certificados"),
            [_("Código"), _("Módulo"), _("Junta"), _("Horas"), _("Emitido"), _("Anulado")],
            [
                [
                    c.codigo,
                    c.modulo.nombre if c.modulo_id else "",
                    c.organizacion.nombre,
                    c.horas,
                    c.emitido,
                    c.anulado,
                ]
                for c in certificados
            ],
        ),
        Seccion(
            "autorizaciones",
            _("Mis autorizaciones de tratamiento de datos"),
            [_("Versión de la política"), _("Aceptada en"), _("Dirección IP")],
            [[a.version, a.aceptada_en, a.ip or ""] for a in autorizaciones],
        ),
        Seccion(
            "directiva",
            _("Dignatarios activos de mi Junta"),
            [
                _("Cargo"),
                _("Suplente"),
                _("Nombres"),
                _("Apellidos"),
                _("Tipo de documento"),
                _("Documento"),
                _("Teléfono"),
                _("Correo"),
                _("Tiene cuenta en el portal"),
            ],
            [
                [
                    d.get_cargo_display(),
                    d.suplente,
                    d.nombres,
                    d.apellidos,
                    d.tipo_documento,
                    d.documento,
                    d.telefono,
                    d.correo,
                    d.usuario_id is not None,
                ]
                for d in directiva
            ],
        ),
        Seccion(
            "participantes",
            _("Participantes de la capacitación inscritos por mi Junta"),
            [
                _("Nombres"),
                _("Apellidos"),
                _("Tipo de documento"),
                _("Documento"),
                _("Teléfono"),
                _("Correo"),
                _("Módulo"),
                _("Sesión"),
                _("Estado de la sesión"),
                _("Asistió"),
            ],
            _filas_participantes(participantes),
        ),
        Seccion(
            "solicitudes",
            _("Consultas y reclamos de mi Junta"),
            [
                _("Radicado"),
                _("Tipo"),
                _("Titular"),
                _("Dato"),
                _("Solicitud"),
                _("Radicada en"),
                _("Vence el"),
                _("Estado"),
                _("Respuesta"),
                _("Respondida en"),
            ],
            [
                [
                    s.radicado,
                    s.get_tipo_display(),
                    s.titular_nombre,
                    s.dato,
                    s.texto,
                    s.radicada_en,
                    s.vence_el,
                    s.get_estado_display(),
                    s.respuesta if s.respondida else "",
                    s.respondida_en,
                ]
                for s in solicitudes
            ],
        ),
    ]


def _filas_participantes(participantes):
    """A row per registration; a participant with none still gets one row."""
    filas = []
    for p in participantes:
        datos = [p.nombres, p.apellidos, p.tipo_documento, p.documento, p.telefono, p.correo]
        inscripciones = p.inscripciones.all()
        filas.extend([*datos, *_sesion(i), i.asistio] for i in inscripciones)
        if not inscripciones:
            filas.append([*datos, "", "", "", ""])
    return filas


def solicitudes_de_junta(junta):
    """The Junta's requests, newest first (every leader of the Junta sees them)."""
    return SolicitudHabeas.objects.filter(organizacion=junta).order_by("-radicada_en", "-pk")


def titulares_de_junta(usuario, junta):
    """Whose data a leader may name in a request: themself, the Junta's active dignatarios and
    the Junta's training participants, as {"tipo:documento": (name, description)}, the leader
    first. Only people of the leader's own Junta: the choice is never a typed document."""
    titulares = {}
    propios = Dignatario.objects.filter(usuario=usuario, organizacion=junta, activo=True)
    for d in propios:
        titulares[f"{d.tipo_documento}:{d.documento}"] = (
            d.nombre_completo,
            _("Yo: %(nombre)s") % {"nombre": d.nombre_completo},
        )
    for d in Dignatario.objects.filter(organizacion=junta, activo=True).order_by(
        "bloque", "cargo", "apellidos"
    ):
        titulares.setdefault(
            f"{d.tipo_documento}:{d.documento}",
            (d.nombre_completo, f"{d.nombre_completo} ({d.get_cargo_display()})"),
        )
    for p in Persona.objects.filter(organizacion=junta).order_by("apellidos", "nombres"):
        titulares.setdefault(
            f"{p.tipo_documento}:{p.documento}",
            (p.nombre_completo, f"{p.nombre_completo} ({_('participante')})"),
        )
    return titulares


def por_vencer(hoy=None, dias=3):
    """Open requests due within `dias` business days or overdue, for staff's alerts."""
    return SolicitudHabeas.objects.por_vencer(hoy, dias).select_related("organizacion")
