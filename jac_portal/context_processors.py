from . import permisos


class _Roles:
    """Role flags for templates; each is computed only if a template asks for it."""

    def __init__(self, user):
        self._user = user

    @property
    def secretaria(self):
        return permisos.es_secretaria(self._user)

    @property
    def monitor(self):
        return permisos.es_monitor(self._user)

    @property
    def lider(self):
        return permisos.es_lider(self._user)


def roles(request):
    return {"rol": _Roles(request.user)}
