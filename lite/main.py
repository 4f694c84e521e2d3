# ramkalk i xlwings Lite: klistra in hela filen på fliken main.py i xlwings Lite-redigeraren
# (och lite/requirements.txt på fliken requirements.txt). Se docs/tillagg.md.
#
# Kalkylbladsfunktionerna: =RAMMODELL, =RAM, =RAMFORKLARING, =RAMLISTA, =RAMBALANS, =RAMENHET.
from ramkalk.addin.functions import RAM, RAMBALANS, RAMENHET, RAMFORKLARING, RAMLISTA, RAMMODELL  # noqa: F401

# Skripten (knappen Run eller F5 i redigeraren): resultatbladen och de fastställda ramarna skrivs
# i arbetsboken; planeringsunderlag och konsolidering behöver filer och säger hur de körs i stället.
# Befolkningsimporten läser tabellen som klistrats in på bladet Befolkningsimport till bladet
# Befolkning (kräver raden pandas i requirements.txt).
from ramkalk.addin.lite import (  # noqa: F401
    ramkalk_befolkning,
    ramkalk_konsolidera,
    ramkalk_ramar,
    ramkalk_resultat,
    ramkalk_underlag,
)
