"""Left only for `ramkalk.templates.identity`, which imports `number` from here: the writers now
take it from `ramkalk.report.sheets`. Delete this module when identity.py imports it from there."""

from ramkalk.report.sheets import number

__all__ = ["number"]
