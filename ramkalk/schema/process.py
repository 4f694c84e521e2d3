"""The budget process: its versions and its steps. Plain data, imported by the command line's help.

The process versions are the versions of the planning workbook's rows (`ramkalk.schema.versions`);
the steps place a version of the frames in the year (the model description, `modellbeskrivning --skede`).
"""

PROCESS = ("Juni", "Augusti", "Oktober", "November")
"""The process versions, in the order of the budget process."""

# The steps of the annual budget process, in order: where a version of the frames belongs.
# key, step, when (relative to the budget year t), what happens
PROCESS_STEPS = (
    ("analysdag", "Analysdag", "vintern {p}", "Förvaltningar och ekonomistyrning går igenom omvärld, verksamhet "
                                              "och ekonomi inför nästa budget."),
    ("vår", "Uppdragsdialog vår", "våren {p}", "Politiken och nämnderna samtalar om uppdrag och prioriteringar."),
    ("juni", "Preliminärt rambeslut", "juni {p}", "Ramarna beräknas enbart enligt modellens regler (opolitiskt) och "
                                                  "skickas till nämnderna som planeringsunderlag."),
    ("augusti", "Nämndernas planeringsunderlag", "augusti {p}", "Nämnderna visar vad som ryms i ramen, konsekvenser "
                                                                "och äskanden, och beslutar om underlaget."),
    ("höst", "Uppdragsdialog höst", "september {p}", "Underlagen och äskandena diskuteras med politiken."),
    ("oktober", "Kommunstyrelsens budgetförslag", "oktober {p}", "KS lägger förslag till budget med ramar."),
    ("november", "Kommunfullmäktiges budgetbeslut", "november {p}", "KF beslutar om budget och ramar för {t} "
                                                                     "med plan för de följande åren."),
    ("nämndbudget", "Nämndbudget", "december {p}", "Nämnderna fördelar sina ramar i internbudgeten och "
                                                   "rapporterar till KS."),
)
STAGES = tuple(key for key, *_ in PROCESS_STEPS)
DEFAULT_STAGE = "juni"
