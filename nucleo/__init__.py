"""The core below every app: any app may import it, it imports none of them.

What healthchecks keeps in `hc/lib/` and cookiecutter-django in its core app: the change stamps
and caching of the pages people read most, the roles and the auth backend, files and backups,
the health check and error pages, safe spreadsheet cells and the one spreadsheet reader, the
client's address behind the proxy, the headers every response carries. Apps register what the
core needs of them (the models behind cached pages, what a cached user carries) from their own
`AppConfig.ready()`. `jac_portal/` is configuration only (settings, URLs, WSGI).
"""
