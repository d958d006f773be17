"""The auth backend's old dotted path, kept for one release (remove in the next one).

A signed-in session stores the path of the backend that logged it in. Before the core moved to
`nucleo`, that was `jac_portal.backends.ModelBackendEnCache`; Django logs out any session whose
stored path is not in AUTHENTICATION_BACKENDS. This class only reads such sessions' users back
(`get_user`, inherited) and never logs anyone in, so a wrong password is not checked twice and
new sessions store the new path.
"""

from nucleo.backends import ModelBackendEnCache as _Nuevo


class ModelBackendEnCache(_Nuevo):
    def authenticate(self, request, **credentials):
        return None
