"""The role flags every template reads (`rol.secretaria`, `rol.monitor`, `rol.lider`)."""

from nucleo.permisos import es_monitor, es_secretaria

from .permisos import es_lider


class _Roles:
    """Role flags for templates; each is computed only if a template asks for it."""

    def __init__(self, user):
        self._user = user

    @property
    def secretaria(self):
        return es_secretaria(self._user)

    @property
    def monitor(self):
        return es_monitor(self._user)

    @property
    def lider(self):
        return es_lider(self._user)


def roles(request):
    return {"rol": _Roles(request.user)}
