"""ramkalk: budget frames (ramar) for a Swedish municipality's committees.

The core (model, validation, lookups, traditional) is pure; reading and writing
workbooks (reader, workbook_writer, result_workbook) and the CLI live at the edges.
See docs/arkitektur.md.
"""

__version__ = "0.1.0"
