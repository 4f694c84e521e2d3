"""The model description's rules: each rule in words and as a formula, with the municipality's
own settings, and a worked example from one of its own frames (the line of the explanation
that rule produced, with its inputs). The words follow docs/ramberakning.md.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.calculation.frames import Calculation
from ramkalk.core.explanation import input_text, value_text
from ramkalk.report.html_parts import amount, esc, formula, paragraph, section, share, table, tag, value
from ramkalk.rules.indexation import index_parts
from ramkalk.schema.inputs import BalancingRule, Committee, EfficiencyBase, FrameModel
from ramkalk.core.frame import (
    BASE,
    DECISIONS,
    EFFICIENCY,
    EX_POST,
    INDEXATION,
    INTERNAL_SERVICES,
    PRICE_TAG_PREFIX,
    RESULT,
    TECHNICAL_BASE,
    VOLUME,
    Frame,
    Input,
    Line,
)

TRADITIONAL_RULES = (
    (BASE, "1. Bas",
     "Förra årets ram utan dess engångsposter (tillfälliga medel). Budgetåret utgår från den fastställda "
     "ramen på bladet Ramar, varje planår från den ram som just beräknats för året före.",
     "bas = ram(c, t−1) − engångs(c, t−1)"),
    (INDEXATION, "2. Pris- och löneuppräkning",
     "Basen räknas upp med nämndens index: personalkostnaderna följer löneökningen, övriga kostnader "
     "prisökningen. Nämndens index är summan av delarna i tabellen nedan, andel × ökning.",
     "uppräkning = bas × index(c, t)\n"
     "index(c, t) = s × lön(t) + (1 − s) × pris(t)   (s = personalkostnadsandel)"),
    (EFFICIENCY, "3. Effektiviseringskrav", None, None),
    (VOLUME, "4. Volymförändring (demografi)",
     "Nämnder med automatisk volym kompenseras för förändrad befolkning i sina volymgrupper: förändringen "
     "av volymen mot året före, gånger årets prislapp, gånger kompensationsgraden. Volymen är vikten gånger "
     "befolkningen i gruppens åldrar den 31 december (eller, med volymdefinitionen Medel, medelvärdet av två "
     "årsskiften). Prislappen anges för ett prisår och räknas upp år för år med nämndens index.",
     "V(g, y)        = vikt(g) × befolkning(y, från–till ålder)\n"
     "prislapp(g, t) = prislapp(g, t−1) × (1 + index(c, t))\n"
     "volym          = Σ (V(g, t) − V(g, t−1)) × prislapp(g, t) × kompensationsgrad(g)"),
    (DECISIONS, "5. Beslut",
     "Årets beslut för nämnden läggs till med sina belopp. Beslut med varaktigheten Engångs räknas bara "
     "beslutsåret och lämnar basen året efter; typ och fokusområde ändrar inte beräkningen.",
     "beslut = Σ årets beslut\nengångs(c, t) = Σ årets beslut med varaktigheten Engångs"),
)
FRAME_RULE = "ram(c, t) = bas + uppräkning + effektivisering + volym + beslut"
EFFICIENCY_TEXTS = {
    EfficiencyBase.BASE: ("Ramen minskas med årets generella effektiviseringskrav, räknat på basen "
                          "(inställningen Effektiviseringsbas = Bas).", "effektivisering = −bas × eff(t)"),
    EfficiencyBase.BASE_AFTER_INDEXATION: (
        "Ramen minskas med årets generella effektiviseringskrav, räknat på basen efter uppräkning "
        "(inställningen Effektiviseringsbas = Bas efter uppräkning).",
        "effektivisering = −(bas + uppräkning) × eff(t)"),
}
PRICE_TAG_TEXT = (
    "Den volymstyrda verksamheten får prislapp × hela årets volym, räknat från grunden varje år; övrig "
    "verksamhet får en teknisk ram som räknas upp, effektiviseras och ändras med beslut som en hel ram i den "
    "traditionella modellen. Kompensationsgraden används inte, och prislapparna effektiviseras inte.")
PRICE_TAG_FORMULA = (
    "prislapp(g)  = prislapp(g, t) × V(g, t)          för varje volymgrupp g\n"
    "teknisk bas  = T(c, t−1) − engångs(c, t−1)\n"
    "T(c, t)      = teknisk bas + uppräkning + effektivisering + beslut\n"
    "ram(c, t)    = Σ prislapp(g) + T(c, t)\n"
    "arv(c, t)    = traditionell ram(c, t) − prislappsram(c, t)")
SUPPLEMENT_RULES = (
    (INTERNAL_SERVICES, "Interna tjänster",
     "Nämndens kostnader för interna tjänster (IT, lokaler, måltider …) räknas upp med tjänstens eget "
     "internpris. Uppräkningen har redan gett prisökningen på kostnaden; höjningen utöver den läggs till, och "
     "det som inte kompenseras enligt tjänstens regel (Full, Index, Ingen) dras av som en egen rad.",
     "höjning utöver prisökningen = kostnad(t−1) × (internpris(t) − pris(t))\n"
     "okompenserad höjning       = −kostnad(t−1) × (internpris(t) − pris(t))   Index\n"
     "                           = −kostnad(t−1) × internpris(t)              Ingen\n"
     "kostnad(t)                 = kostnad(t−1) × (1 + internpris(t))"),
    (EX_POST, "Efterhandsjustering",
     "För volymgrupper med efterhandsjustering rättas ett tidigare års prognosfel när utfallet är känt: "
     "skillnaden mellan volymen enligt utfallet och enligt prognosen som det årets ram byggde på, gånger det "
     "årets prislapp och kompensationsgrad, läggs som en engångspost i ramen två år senare.",
     "efterhandsjustering(t) = (V_utfall(t−2) − V_prognos(t−2)) × prislapp(t−2) × kompensationsgrad"),
    (RESULT, "Återfört resultat",
     "Ett tidigare års resultat (fastställd ram minus nettokostnad) återförs till nämnder med resultatregeln "
     "Återförs: ett överskott läggs till, ett underskott dras av, fördelat på återföringsåren som "
     "engångsposter med början två år efter resultatåret.",
     "resultat(T) = ram(T) − nettokostnad(T)\n"
     "återföring  = resultat(T) / återföringsår   i åren T+2 … T+1+återföringsår"),
)
"""Rules that add a line to a frame of either model when the workbook uses them."""

ROOM_FORMULA = ("utrymme(t) = skatteintäkter + generella statsbidrag och utjämning + finansnetto\n"
                "             − resultatmål × (skatteintäkter + statsbidrag) − Σ centrala poster")
BALANCING_TEXTS = {
    BalancingRule.NONE: "Överstiger ramarna utrymmet visas skillnaden, men ramarna minskas inte "
                        "(inställningen Balanseringskrav = Nej).",
    BalancingRule.PRO_RATA: "Överstiger ramarna utrymmet fördelas skillnaden som ett balanseringskrav på "
                            "nämnderna i proportion till deras ramar (Balanseringskrav = Proportionellt); "
                            "kravet ligger kvar i basen åren efter.",
    BalancingRule.SHARES: "Överstiger ramarna utrymmet fördelas skillnaden som ett balanseringskrav på "
                          "nämnderna efter deras fasta balansandelar (Balanseringskrav = Fasta andelar); "
                          "kravet ligger kvar i basen åren efter.",
}


def input_html(key: str, item: Input) -> str:
    """"name = value (Blad!B5; källa)" with the value exact in data-v."""
    shown = value_text(item)
    place = input_text(item)[len(f"{item.name} = {shown}"):]
    number = value(key, item.value, shown) if isinstance(item.value, Decimal) else esc(shown)
    return f"{esc(item.name)} = {number}{esc(place)}"


def inputs_html(key: str, line: Line) -> str:
    return "; ".join(input_html(f"{key}/indata/{index}", item) for index, item in enumerate(line.inputs))


def example(frame: Frame, component: str, name: str) -> str:
    """The line `component` of `frame` as a worked example, amounts in kr, with its details."""
    index, line = next((i, line) for i, line in enumerate(frame.lines) if line.component.startswith(component))
    key = f"exempel/{frame.model}/{frame.committee}/{frame.year}/{index}"
    parts = [_example_line(key, line, f"Exempel, {name} {frame.year}: ")]
    parts += [_example_line(f"{key}/{d}", detail, "– varav ") for d, detail in enumerate(line.details)]
    return tag("p", "<br>".join(parts), class_="example")


def _example_line(key: str, line: Line, lead: str) -> str:
    inputs = f" Indata: {inputs_html(key, line)}." if line.inputs else ""
    return (f"{esc(lead)}{esc(line.label)} = {amount(key, line.amount, unit='kr')} kr. "
            f"Regel: {esc(line.rule)}.{inputs}")


def _example_committee(calculation: Calculation, model: FrameModel) -> Committee | None:
    lookups = calculation.lookups
    of_model = [c for c in calculation.data.committees if c.model is model]
    return next((c for c in of_model if lookups.groups_of(c)), of_model[0] if of_model else None)


def _index_parts_table(calculation: Calculation, committee: Committee) -> str:
    year = calculation.data.settings.budget_year
    parts = index_parts(committee, year, calculation.lookups)
    key = f"indexdel/{committee.code}/{year}"
    rows = [[esc(p.label), share(f"{key}/{i}/andel", p.share), share(f"{key}/{i}/ökning", p.rate),
             tag("td", esc(p.rule), class_="rule")] for i, p in enumerate(parts)]
    return table(["Del", "Andel av kostnaderna", "Ökning", "Regel"], rows,
                 f"Indexets delar för {committee.code} {year}", numeric=(1, 2))


def _rule(title: str, words: str, text: str, example_html: str, heading: str = "h3") -> str:
    return tag(heading, esc(title)) + paragraph(esc(words)) + formula(text) + example_html


def rules_section(calculation: Calculation) -> str:
    """Every rule of both models and of the balance, in words, as a formula and by example."""
    settings = calculation.data.settings
    plan = f" och planåren {settings.years[1]}–{settings.years[-1]}" if len(settings.years) > 1 else ""
    body = [paragraph(f"För nämnd c och år t: budgetåret {settings.budget_year}{plan}. Belopp beräknas i kronor, "
                      "varje beräknat belopp avrundas till hela kronor och ramen är exakt summan av sina rader.")]
    body.append(_traditional(calculation))
    body.append(_price_tag(calculation))
    body.append(_supplements(calculation))
    body.append(tag("h3", "Utrymme och balanseringskrav") + paragraph(esc(BALANCING_TEXTS[settings.balancing]))
                + formula(ROOM_FORMULA))
    return section("regler", "Så beräknas ramen", "".join(body))


def _traditional(calculation: Calculation) -> str:
    committee = _example_committee(calculation, FrameModel.TRADITIONAL) or calculation.data.committees[0]
    frame = calculation.frame(committee.code, calculation.data.settings.budget_year, FrameModel.TRADITIONAL)
    users = [c.code for c in calculation.data.committees if c.model is FrameModel.TRADITIONAL]
    parts = [tag("h3", "Den traditionella rammodellen"),
             paragraph(esc(f"Används av: {', '.join(users) or 'ingen nämnd (beräknas för jämförelse)'}. "
                           f"Exemplen är {committee.code} {committee.name} enligt denna modell.")),
             formula(FRAME_RULE)]
    for component, title, words, text in TRADITIONAL_RULES:
        if component == EFFICIENCY:
            words, text = EFFICIENCY_TEXTS[calculation.data.settings.efficiency_base]
        parts.append(_rule(title, words, text, example(frame, component, committee.code)))
        if component == INDEXATION:
            parts.append(_index_parts_table(calculation, committee))
    return "".join(parts)


def _price_tag(calculation: Calculation) -> str:
    committee = _example_committee(calculation, FrameModel.PRICE_TAG)
    users = [c.code for c in calculation.data.committees if c.model is FrameModel.PRICE_TAG]
    head = tag("h3", "Prislappsmodellen") + paragraph(esc(
        f"Används av: {', '.join(users)}. " if users else
        "Ingen nämnd använder prislappsmodellen; den beräknas ändå för varje nämnd, som jämförelse. "))
    body = paragraph(esc(PRICE_TAG_TEXT)) + formula(PRICE_TAG_FORMULA)
    if committee is None:
        return head + body
    frame = calculation.frame(committee.code, calculation.data.settings.budget_year, FrameModel.PRICE_TAG)
    examples = [example(frame, PRICE_TAG_PREFIX, committee.code)] if calculation.lookups.groups_of(committee) else []
    examples.append(example(frame, TECHNICAL_BASE, committee.code))
    return head + body + "".join(examples)


def _supplements(calculation: Calculation) -> str:
    """The supplement rules the workbook uses, each with an example from the first frame that has it."""
    year = calculation.data.settings.budget_year
    parts = []
    for component, title, words, text in SUPPLEMENT_RULES:
        frames = (calculation.frame(c.code, year, c.model) for c in calculation.data.committees)
        frame = next((f for f in frames if component in f.components()), None)
        if frame is not None:
            parts.append(_rule(title, words, text, example(frame, component, frame.committee), "h4"))
    return tag("h3", "Tillägg i båda modellerna") + "".join(parts) if parts else ""
