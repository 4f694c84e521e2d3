"""The scripts of xlwings Lite (the editor's Run button, F5, or a sheet button): each takes the
workbook it runs in, as Lite's documentation writes them (`def name(book: xw.Book)`), and
does what the classic macro of the same name does (`ramkalk.addin.macros`). In Lite Python runs in
Pyodide in the browser runtime of Excel, with no folder on the computer, so the scripts
that write files beside the workbook say that they need classic xlwings or the CLI.

Loaded by the Lite entry `lite/main.py`; imports only what Lite has (xlwings, the standard
library; openpyxl from requirements.txt only when ramkalk_ramar builds the adopted frames'
rows). The result sheets need no spreadsheet library: they are written from the result
workbook as data (`ramkalk.report.sheets`).
"""

import xlwings as xw
from xlwings import script

from ramkalk.addin import macros
from ramkalk.addin.models import CellError

NEEDS_FILES = ("{what} skriver filer i en mapp bredvid arbetsboken, och xlwings Lite kör Python i Excel utan"
               " tillgång till datorns mappar. Använd klassiska xlwings (makrot {name}) eller kommandot `{command}`"
               " på en sparad kopia av arbetsboken.")


@script
def ramkalk_resultat(book: xw.Book):
    """Skriver resultatbladen (samma som ramkalk beräkna --ut) på blad som heter "Resultat …"."""
    macros.ramkalk_resultat(book)


@script
def ramkalk_ramar(book: xw.Book):
    """Skriver budgetårets ramar som fastställda ramar sist på bladet Ramar (som ramkalk fastställ)."""
    macros.ramkalk_ramar(book)


@script
def ramkalk_befolkning(book: xw.Book):
    """Läser befolkningstabellen på bladet Befolkningsimport till bladet Befolkning (som makrot; i Lite
    behövs raden pandas i requirements.txt)."""
    macros.ramkalk_befolkning(book)


@script
def ramkalk_underlag(book: xw.Book):
    """Planeringsunderlagen behöver klassiska xlwings eller kommandot ramkalk underlag."""
    book.app.alert(NEEDS_FILES.format(what="Planeringsunderlagen", name="ramkalk_underlag",
                                      command="ramkalk underlag ARBETSBOK --ut MAPP"), title=macros.TITLE)


@script
def ramkalk_konsolidera(book: xw.Book):
    """Konsolideringen behöver klassiska xlwings eller kommandot ramkalk konsolidera."""
    book.app.alert(NEEDS_FILES.format(what="Konsolideringen", name="ramkalk_konsolidera",
                                      command="ramkalk konsolidera ARBETSBOK MAPP --ut SAMMANSTÄLLNING.xlsx"),
                   title=macros.TITLE)


__all__ = ["CellError", "ramkalk_befolkning", "ramkalk_konsolidera", "ramkalk_ramar", "ramkalk_resultat",
           "ramkalk_underlag"]
