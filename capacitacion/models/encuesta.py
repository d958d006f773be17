"""The survey engine (milestone 2 and the training's evaluations): instruments built by staff,
their questions and options, and the answers to them, each response's scores kept on its rows.

Scores live on the rows (each answer's score, each response's dimension scores) so dashboards
aggregate them in SQL. Questions keep a stable `codigo` across versions and rounds, so a baseline
and a follow-up compare question by question. The survey knows nothing of training: training
answers instruments too (its evaluations) and says so through `registrar_respuestas`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from juntas.models import Organizacion

from .textos import TEXTO_DESCRIPCION, TEXTO_RESPUESTA, limite

# Other domains keep answers to instruments in their own models (training's evaluations): each
# registers its model and the foreign key to `Instrumento`, so an instrument knows it has answers
# without the survey importing them.
RESPUESTAS_EXTERNAS = []


def registrar_respuestas(modelo, campo="instrumento"):
    """Rows of `modelo` whose `campo` points at an instrument count as answers to it."""
    if (modelo, campo) not in RESPUESTAS_EXTERNAS:
        RESPUESTAS_EXTERNAS.append((modelo, campo))


def relaciones_de_respuestas():
    """The query names, from `Instrumento`, of every kind of answer (for annotations)."""
    return ["respuestas"] + [
        modelo._meta.get_field(campo).related_query_name() for modelo, campo in RESPUESTAS_EXTERNAS
    ]


class Dimension(models.Model):
    """One of the problems the commitment names; questions are grouped by dimension."""

    codigo = models.SlugField(_("código"), max_length=40, unique=True)
    nombre = models.CharField(_("nombre"), max_length=120)
    descripcion = models.TextField(
        _("descripción"), blank=True, validators=limite(TEXTO_DESCRIPCION)
    )
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dimensión")
        verbose_name_plural = _("dimensiones")
        ordering = ["orden", "nombre"]

    def __str__(self):
        return self.nombre


class Instrumento(models.Model):
    class Ronda(models.TextChoices):
        LINEA_BASE = "linea_base", _("Línea base")
        SEGUIMIENTO = "seguimiento", _("Seguimiento")

    class Estado(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        PUBLICADO = "publicado", _("Publicado")
        CERRADO = "cerrado", _("Cerrado")

    class Proposito(models.TextChoices):
        DIAGNOSTICO = "diagnostico", _("Diagnóstico de necesidades (lo responde la Junta)")
        SATISFACCION = "satisfaccion", _("Satisfacción con una sesión (cada asistente)")
        CONOCIMIENTO = "conocimiento", _("Prueba de conocimientos de un módulo (entrada y salida)")

    nombre = models.CharField(_("nombre"), max_length=200)
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    proposito = models.CharField(
        _("propósito"),
        max_length=12,
        choices=Proposito.choices,
        default=Proposito.DIAGNOSTICO,
        db_index=True,
    )
    ronda = models.CharField(
        _("ronda"),
        max_length=12,
        choices=Ronda.choices,
        blank=True,
        help_text=_("Solo para el diagnóstico de necesidades."),
    )
    abre = models.DateField(_("abre"))
    cierra = models.DateField(_("cierra"))
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.BORRADOR
    )
    descripcion = models.TextField(
        _("presentación para quien responde"), blank=True, validators=limite(TEXTO_DESCRIPCION)
    )
    version_anterior = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versiones_siguientes",
        verbose_name=_("versión anterior"),
    )
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrumento de diagnóstico")
        verbose_name_plural = _("instrumentos de diagnóstico")
        ordering = ["-abre", "nombre", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["nombre", "ronda", "version"], name="instrumento_version_unica"
            )
        ]

    def __str__(self):
        return f"{self.nombre} — {self.get_ronda_display()} v{self.version}"

    def clean(self):
        errores = {}
        if self.abre and self.cierra and self.cierra < self.abre:
            errores["cierra"] = _("El cierre debe ser posterior a la apertura.")
        if self.proposito == self.Proposito.DIAGNOSTICO and not self.ronda:
            errores["ronda"] = _("Indique si el diagnóstico es de línea base o de seguimiento.")
        if self.proposito != self.Proposito.DIAGNOSTICO and self.ronda:
            errores["ronda"] = _("Las evaluaciones de la capacitación no tienen ronda.")
        if errores:
            raise ValidationError(errores)

    @classmethod
    def satisfaccion_vigente(cls):
        """The published satisfaction survey sessions use (the latest one)."""
        return (
            cls.objects.filter(proposito=cls.Proposito.SATISFACCION, estado=cls.Estado.PUBLICADO)
            .order_by("-abre", "-version")
            .first()
        )

    def abierto(self, hoy=None):
        """Published and within its dates: leaders may answer."""
        hoy = hoy or timezone.localdate()
        return self.estado == self.Estado.PUBLICADO and self.abre <= hoy <= self.cierra

    def tiene_respuestas(self):
        """Whether anyone answered it: a Junta's response or another domain's registered rows."""
        return self.respuestas.exists() or any(
            modelo.objects.filter(**{campo: self}).exists() for modelo, campo in RESPUESTAS_EXTERNAS
        )


class Pregunta(models.Model):
    class Tipo(models.TextChoices):
        UNICA = "unica", _("Selección única")
        MULTIPLE = "multiple", _("Selección múltiple")
        SI_NO = "si_no", _("Sí / No")
        LIKERT = "likert", _("Escala de 1 a 5")
        NUMERO = "numero", _("Número")
        FECHA = "fecha", _("Fecha")
        TEXTO_CORTO = "texto_corto", _("Texto corto")
        TEXTO_LARGO = "texto_largo", _("Texto largo")

    CON_OPCIONES = {Tipo.UNICA, Tipo.MULTIPLE}

    instrumento = models.ForeignKey(Instrumento, on_delete=models.CASCADE, related_name="preguntas")
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preguntas",
        help_text=_("Obligatoria en el diagnóstico; las evaluaciones pueden no tenerla."),
    )
    codigo = models.SlugField(
        _("código"),
        max_length=40,
        help_text=_("Estable entre versiones y rondas: así se comparan las respuestas."),
    )
    texto = models.CharField(_("pregunta"), max_length=300)
    ayuda = models.CharField(_("ayuda"), max_length=300, blank=True)
    tipo = models.CharField(_("tipo"), max_length=12, choices=Tipo.choices)
    obligatoria = models.BooleanField(_("obligatoria"), default=True)
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)
    minimo = models.DecimalField(
        _("mínimo"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    maximo = models.DecimalField(
        _("máximo"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    condicion_pregunta = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependientes",
        verbose_name=_("mostrar solo si la pregunta"),
    )
    condicion_valor = models.CharField(
        _("tiene la respuesta"),
        max_length=40,
        blank=True,
        help_text=_("Código de la opción («si», «no» o el de una opción)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        ordering = ["dimension__orden", "orden", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrumento", "codigo"], name="pregunta_codigo_unico_en_instrumento"
            )
        ]

    def __str__(self):
        return self.texto

    def clean(self):
        errores = {}
        if self.minimo is not None and self.maximo is not None and self.maximo < self.minimo:
            errores["maximo"] = _("El máximo debe ser mayor o igual que el mínimo.")
        if self.condicion_pregunta_id:
            if self.condicion_pregunta_id == self.pk:
                errores["condicion_pregunta"] = _("Una pregunta no puede depender de sí misma.")
            elif self.condicion_pregunta.instrumento_id != self.instrumento_id:
                errores["condicion_pregunta"] = _("La condición debe ser del mismo instrumento.")
            if not self.condicion_valor:
                errores["condicion_valor"] = _("Indique qué respuesta muestra esta pregunta.")
        if (
            self.instrumento_id
            and self.instrumento.proposito == Instrumento.Proposito.DIAGNOSTICO
            and not self.dimension_id
        ):
            errores["dimension"] = _("Las preguntas del diagnóstico deben tener una dimensión.")
        if self.instrumento_id and self.pk and self.instrumento.tiene_respuestas():
            errores["__all__"] = _(
                "El instrumento ya tiene respuestas: duplíquelo como nueva versión para cambiar "
                "sus preguntas."
            )
        if errores:
            raise ValidationError(errores)

    def valores_validos(self):
        """The option codes an answer may hold (for choice, yes/no and Likert questions)."""
        if self.tipo == self.Tipo.SI_NO:
            return ["si", "no"]
        if self.tipo == self.Tipo.LIKERT:
            return ["1", "2", "3", "4", "5"]
        return [opcion.codigo for opcion in self.opciones.all()]


class Opcion(models.Model):
    pregunta = models.ForeignKey(Pregunta, on_delete=models.CASCADE, related_name="opciones")
    codigo = models.SlugField(_("código"), max_length=40)
    texto = models.CharField(_("texto"), max_length=200)
    puntaje = models.PositiveSmallIntegerField(
        _("puntaje"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 a 100: cuánta capacidad indica esta respuesta."),
    )
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opción")
        verbose_name_plural = _("opciones")
        ordering = ["orden", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pregunta", "codigo"], name="opcion_codigo_unico")
        ]

    def __str__(self):
        return self.texto


class Respuesta(models.Model):
    """A Junta's answers to one instrument; shared by that Junta's leaders."""

    class Estado(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        ENVIADA = "enviada", _("Enviada")
        APROBADA = "aprobada", _("Aprobada")
        CON_OBSERVACIONES = "con_observaciones", _("Con observaciones")

    ENVIADAS = (Estado.ENVIADA, Estado.APROBADA, Estado.CON_OBSERVACIONES)

    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="respuestas_diagnostico",
        verbose_name=_("organización"),
    )
    instrumento = models.ForeignKey(
        Instrumento, on_delete=models.PROTECT, related_name="respuestas"
    )
    estado = models.CharField(
        _("estado"), max_length=20, choices=Estado.choices, default=Estado.BORRADOR, db_index=True
    )
    por_la_secretaria = models.BooleanField(
        _("diligenciada por la Secretaría"),
        default=False,
        help_text=_("Encuesta en papel o asistencia telefónica."),
    )
    iniciada = models.DateTimeField(_("iniciada"), auto_now_add=True)
    actualizada = models.DateTimeField(_("actualizada"), auto_now=True)
    enviada_en = models.DateTimeField(_("enviada en"), null=True, blank=True)
    enviada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revisada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revisada_en = models.DateTimeField(_("revisada en"), null=True, blank=True)
    comentario_revision = models.TextField(
        _("comentario de la revisión"), blank=True, validators=limite(TEXTO_RESPUESTA)
    )
    indice = models.DecimalField(
        _("índice de capacidad"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("respuesta al diagnóstico")
        verbose_name_plural = _("respuestas al diagnóstico")
        ordering = ["-actualizada"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizacion", "instrumento"], name="una_respuesta_por_junta"
            )
        ]
        indexes = [models.Index(fields=["instrumento", "estado"], name="respuesta_inst_estado")]

    def __str__(self):
        return f"{self.organizacion} — {self.instrumento}"

    @property
    def enviada(self):
        return self.estado in self.ENVIADAS

    @property
    def necesidad(self):
        return None if self.indice is None else Decimal(100) - self.indice


class RespuestaPregunta(models.Model):
    """One answer; `puntaje` (0-100) is stored so aggregates run in SQL."""

    respuesta = models.ForeignKey(Respuesta, on_delete=models.CASCADE, related_name="respuestas")
    pregunta = models.ForeignKey(Pregunta, on_delete=models.PROTECT, related_name="respuestas")
    valor = models.CharField(_("valor"), max_length=40, blank=True)
    valores = models.JSONField(_("valores"), default=list, blank=True)
    numero = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fecha = models.DateField(null=True, blank=True)
    texto = models.TextField(blank=True, validators=limite(TEXTO_RESPUESTA))
    puntaje = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("respuesta a una pregunta")
        verbose_name_plural = _("respuestas a preguntas")
        constraints = [
            models.UniqueConstraint(fields=["respuesta", "pregunta"], name="una_por_pregunta")
        ]

    def __str__(self):
        return f"{self.pregunta.codigo}: {self.mostrar()}"

    def mostrar(self):
        """The answer as people read it."""
        return (
            self.valor
            or ", ".join(self.valores)
            or self.texto
            or (str(self.numero) if self.numero is not None else "")
            or (self.fecha.strftime("%d/%m/%Y") if self.fecha else "")
        )


class Seleccion(models.Model):
    """One option chosen in a multiple-choice answer: lets SQL count choices portably.

    Kept in step with `RespuestaPregunta.valores` by `services.encuesta.guardar_paso` (the only
    writer).
    """

    respuesta_pregunta = models.ForeignKey(
        RespuestaPregunta, on_delete=models.CASCADE, related_name="selecciones"
    )
    pregunta = models.ForeignKey(Pregunta, on_delete=models.CASCADE, related_name="+")
    codigo = models.SlugField(max_length=40)

    class Meta:
        verbose_name = _("opción elegida")
        verbose_name_plural = _("opciones elegidas")
        indexes = [models.Index(fields=["pregunta", "codigo"], name="seleccion_pregunta_codigo")]

    def __str__(self):
        return self.codigo


class PuntajeDimension(models.Model):
    """A response's score on one dimension (0-100), kept current on every save."""

    respuesta = models.ForeignKey(Respuesta, on_delete=models.CASCADE, related_name="puntajes")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    puntaje = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("puntaje por dimensión")
        verbose_name_plural = _("puntajes por dimensión")
        constraints = [
            models.UniqueConstraint(
                fields=["respuesta", "dimension"], name="un_puntaje_por_dimension"
            )
        ]
        indexes = [models.Index(fields=["dimension", "respuesta"], name="puntaje_dim_resp")]

    def __str__(self):
        return f"{self.dimension}: {self.puntaje}"


Q_ENVIADA = Q(estado__in=Respuesta.ENVIADAS)
