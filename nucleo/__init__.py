"""Shared code below every app: any app may import it, it imports none of them.

Pieces that the three apps and `jac_portal` all need and that belong to none of them live here
(what healthchecks keeps in `hc/lib/`): safe spreadsheet cells, the client's address behind the
proxy, the headers every response carries.
"""
