"""Logging filters (settings.LOGGING)."""

import logging


class SinTrazaEnRechazos(logging.Filter):
    """A 403 is the portal refusing what a role may not see, not a fault: Django logs it with
    the PermissionDenied traceback; keep the one line (path and status), drop the traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
