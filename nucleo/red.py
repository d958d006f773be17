"""The client's address, as the outermost trusted proxy saw it.

Behind a TLS-terminating proxy every request arrives from the proxy's address, so keying log-in
lock-outs and rate limits on REMOTE_ADDR would make all clients one. The proxy writes the
address it saw at the end of X-Forwarded-For; whatever a client sends in that header itself
stays to the left. So, with `PROXIES_DE_CONFIANZA` = N proxies in front of the application,
the client is the N-th address counting from the right: a client cannot choose it by sending
its own header. With 0 (no proxy, the default) the header is ignored altogether.

Used by django-axes (`AXES_CLIENT_IP_CALLABLE`) and django-ratelimit (`RATELIMIT_IP_META_KEY`).
"""

from django.conf import settings
from ipware import get_client_ip


def ip_del_cliente(request) -> str:
    remota = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXIES_DE_CONFIANZA
    if proxies <= 0:
        return remota
    # python-ipware counts the proxies *listed in* the header besides the client: the
    # outermost proxy writes the client, each further one the proxy before it, so N proxies
    # leave N-1 proxy addresses after the client. Not strict: a longer chain (a client's own
    # X-Forwarded-For to the left) is accepted and the position is still taken from the right.
    ip, _enrutable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    # No header, or fewer entries than proxies: the request did not come through them all,
    # and the peer itself is the only address known.
    return ip or remota
