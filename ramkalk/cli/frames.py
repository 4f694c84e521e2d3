"""The commands on the frames: exempel, kontrollera, beräkna, känslighet, modellbeskrivning, förklara.

Each reads and validates through `ramkalk.workbook.pipeline` (`checked_calculation`) and imports what
it presents with only when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ramkalk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    checked_calculation,
    print_problems,
    problems_summary,
    refused_output,
    workbook_argument,
    write_atomically,
)
from ramkalk.core.frame import PRICE_TAG, TRADITIONAL
from ramkalk.schema.process import DEFAULT_STAGE, STAGES

SIZES = ("exempelstad", "stor")
"""--storlek: Exempelstad (11 committees), or Storstad, the large-city benchmark (60 committees per --skala)."""


def cmd_exempel(args: argparse.Namespace) -> int:
    from ramkalk.workbook.writer import write_workbook

    path = Path(args.fil)
    if args.skala is not None and args.storlek != "stor":
        print("--skala gäller bara --storlek stor", file=sys.stderr)
        return EXIT_USAGE
    if path.exists() and not args.skriv_over:
        print(f"{path}: filen finns redan; välj ett annat namn eller ange --skriv-över", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.storlek == "stor":
        from ramkalk.example.large_city import large_city

        data, name = large_city(args.skala or 1), "storstaden Storstad" + (f" (skala {args.skala})" if args.skala else "")
    else:
        from ramkalk.example.municipality import exempelstad

        data, name = exempelstad(), "exempelkommunen Exempelstad"
    write_atomically(path, lambda p: write_workbook(data, p))
    print(f"Skrev {name} till {path}.")
    return EXIT_OK


def _scale(value: str) -> int:
    """--skala: a whole number from 1 (argparse type)."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"väntade ett heltal från 1, fick \"{value}\"")
    return int(value)


def cmd_kontrollera(args: argparse.Namespace) -> int:
    from ramkalk.workbook import pipeline

    if args.version is None:
        checked = pipeline.check_every_version(args.arbetsbok)
    else:
        checked = pipeline.check_file(args.arbetsbok, args.version)
    checked = pipeline.with_plausibility(checked)  # (computes data without errors, for the result rules)
    if args.json:
        print(json.dumps([p.as_dict() for p in checked.problems], ensure_ascii=False, indent=2))
    else:
        print_problems(checked.problems, sys.stdout)
        print(problems_summary(checked.problems), file=sys.stderr)
    return EXIT_OK if checked.ok else EXIT_PROBLEMS


def cmd_berakna(args: argparse.Namespace) -> int:
    from ramkalk.report.text_report import balance_table, comparison_table, frame_json, frames_table, revenue_tags_table

    source = Path(args.arbetsbok)
    if args.kanslighet and not args.ut:
        print("--känslighet lägger till ett blad i resultatarbetsboken; ange också --ut RESULTAT.xlsx "
              "(eller använd kommandot ramkalk känslighet)", file=sys.stderr)
        return EXIT_USAGE
    refused = refused_output(Path(args.ut), source, "resultatet") if args.ut else None
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    found = checked_calculation(source, "Inget beräknades och ingen fil skrevs.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    checked, calculation = found  # (the plausibility warnings are among checked.problems, printed)
    frames = calculation.frames
    if args.json:
        compare = calculation if args.jamfor else None
        from ramkalk.report.unit_text import with_allocations

        print(json.dumps(with_allocations([frame_json(f, compare) for f in frames], calculation), ensure_ascii=False,
                         indent=2))
    else:
        print(frames_table(checked.data, frames))
        if args.jamfor:
            print(comparison_table(calculation))
        if calculation.balances:
            print(balance_table(calculation))
        if checked.data.revenue_tags:
            print(revenue_tags_table(calculation))
    if args.ut:
        out = Path(args.ut)
        from ramkalk.report.result_workbook import write_result_workbook

        write_atomically(out, lambda p: write_result_workbook(calculation, p, checked.problems,
                                                              with_sensitivity=args.kanslighet))
        print(f"Skrev resultatet till {out}.", file=sys.stderr)
    return EXIT_OK


def cmd_kanslighet(args: argparse.Namespace) -> int:
    from ramkalk.calculation.sensitivity import sensitivity
    from ramkalk.core.money import plain_number
    from ramkalk.report.text_report import sensitivity_tables

    computed = checked_calculation(Path(args.arbetsbok), "Inget beräknades.", args.version)
    if computed is None:
        return EXIT_PROBLEMS
    checked = computed[0]
    found = sensitivity(checked.data)
    if args.json:
        print(json.dumps({
            "ramar": [{"scenario": e.scenario, "nämnd": e.committee, "år": e.year, "förändring": plain_number(e.change)}
                      for e in found.effects],
            "balans": [{"scenario": b.scenario, "år": b.year, "förändring": plain_number(b.change),
                        "differens_mot_utrymme": None if b.gap is None else plain_number(b.gap)}
                       for b in found.balance],
        }, ensure_ascii=False, indent=2))
    else:
        print(sensitivity_tables(checked.data, found))
    return EXIT_OK


def cmd_modellbeskrivning(args: argparse.Namespace) -> int:
    from ramkalk.report.model_description import model_description_parts

    source, out = Path(args.arbetsbok), Path(args.ut)
    refused = refused_output(out, source, "beskrivningen")
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    found = checked_calculation(source, "Ingen beskrivning skrevs.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    calculation = found[1]
    version = (calculation.data.version or "").casefold()
    parts = model_description_parts(calculation, args.skede or (version if version in STAGES else DEFAULT_STAGE))

    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as file:
            file.writelines(parts)
    write_atomically(out, write)
    print(f"Skrev modellbeskrivningen till {out}.", file=sys.stderr)
    return EXIT_OK


MODEL_CHOICES = (TRADITIONAL, PRICE_TAG)
"""--modell: the frame by this model instead of the committee's own (a frame's `model`)."""


def cmd_forklara(args: argparse.Namespace) -> int:
    from ramkalk.report.frame_text import find_frame, frame_explanation
    from ramkalk.schema.inputs import FrameModel

    found = checked_calculation(Path(args.arbetsbok), "Inget förklarades.", args.version)
    if found is None:
        return EXIT_PROBLEMS
    calculation = found[1]
    if args.enhet:  # a unit's allocation (resursfördelning) instead of the frame
        from ramkalk.report.unit_text import find_unit, unit_explanation

        allocated, unit, message = find_unit(calculation, args.namnd, args.ar, args.enhet)
        if unit is None:
            print(f"{args.arbetsbok}: {message}", file=sys.stderr)
            return EXIT_PROBLEMS
        print(unit_explanation(allocated, unit))
        return EXIT_OK
    model = next((m for m in FrameModel if m.value.casefold() == args.modell), None) if args.modell else None
    frame, message = find_frame(calculation, args.namnd, args.ar, model)
    if frame is None:
        print(f"{args.arbetsbok}: {message}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(frame_explanation(calculation, frame))
    return EXIT_OK


def register(commands) -> None:
    """Add the frame commands to the `ramkalk` command line."""
    exempel = commands.add_parser("exempel", help="skriv exempelkommunen Exempelstad som planeringsarbetsbok",
                                  description="Skriver exempelkommunen Exempelstad som en planeringsarbetsbok.")
    exempel.add_argument("fil", metavar="FIL.xlsx", help="filen som ska skrivas")
    exempel.add_argument("--skriv-över", dest="skriv_over", action="store_true",
                         help="skriv över filen om den redan finns")
    exempel.add_argument("--storlek", choices=SIZES, default=SIZES[0],
                         help="exempelstad: 11 nämnder (standard); stor: storstaden Storstad, 60 nämnder, 20 "
                              "volymgrupper, 5 planår och 3\u00a0000 beslut, för att pröva en stor kommun")
    exempel.add_argument("--skala", type=_scale, metavar="N",
                         help="med --storlek stor: N gånger så många nämnder, volymgrupper och beslut")
    exempel.set_defaults(run=cmd_exempel)

    kontrollera = commands.add_parser(
        "kontrollera", help="kontrollera en planeringsarbetsbok och visa alla problem",
        description="Kontrollerar planeringsarbetsboken och skriver varje problem som FIL:Blad!Cell: meddelande. "
                    "Avslutar med kod 1 om något fel hittas.")
    workbook_argument(kontrollera)
    kontrollera.add_argument("--json", action="store_true", help="skriv problemen som JSON")
    kontrollera.set_defaults(run=cmd_kontrollera)

    berakna = commands.add_parser(
        "beräkna", help="beräkna alla nämnders ramar för budgetåret och planåren",
        description="Beräknar varje nämnds ram för budgetåret och planåren och visar dem i tkr. "
                    "Planeringsarbetsboken ändras aldrig.")
    workbook_argument(berakna)
    berakna.add_argument("--json", action="store_true",
                         help="skriv en lista med ett objekt per nämnd och år (belopp i kr)")
    berakna.add_argument("--jämför", dest="jamfor", action="store_true",
                         help="visa även båda modellerna (traditionell och prislapp) och skillnaden, arvet")
    berakna.add_argument("--ut", metavar="RESULTAT.xlsx", help="skriv en resultatarbetsbok med ramar och förklaringar")
    berakna.add_argument("--känslighet", dest="kanslighet", action="store_true",
                         help="lägg till bladet Känslighet i resultatarbetsboken (kräver --ut; varje scenario "
                              "räknas om, så det tar längre tid)")
    berakna.set_defaults(run=cmd_berakna)

    kanslighet = commands.add_parser(
        "känslighet", help="visa hur ramarna och balansen påverkas av löner, priser och volymer",
        description="Visar hur varje ram och balansen mot intäkterna ändras om löneökningen eller prisökningen "
                    "ändras med en procentenhet, eller volymen i en volymgrupp med en procent, för budgetåret "
                    "och planåren. Beräknas utan balanseringskrav.")
    workbook_argument(kanslighet)
    kanslighet.add_argument("--json", action="store_true", help="skriv förändringarna som JSON (kr)")
    kanslighet.set_defaults(run=cmd_kanslighet)

    beskrivning = commands.add_parser(
        "modellbeskrivning", help="skriv en beskrivning av resursfördelningsmodellen som HTML",
        description="Skriver en fristående HTML-fil som beskriver kommunens resursfördelningsmodell med dess "
                    "faktiska parametrar: regler, index, volymgrupper, beslut, varje nämnds ram med diagram och "
                    "balansen mot intäkterna. Öppna den i en webbläsare; skriv ut som PDF därifrån.")
    workbook_argument(beskrivning)
    beskrivning.add_argument("--ut", metavar="FIL.html", default="modellbeskrivning.html",
                             help="filen som ska skrivas (standard: modellbeskrivning.html)")
    beskrivning.add_argument("--skede", choices=STAGES,
                             help="var i årsprocessen den här versionen av ramarna hör hemma (standard: "
                                  f"versionens skede, {DEFAULT_STAGE} för en arbetsbok utan versioner)")
    beskrivning.set_defaults(run=cmd_modellbeskrivning)

    forklara = commands.add_parser(
        "förklara", help="förklara en nämnds ram för ett år rad för rad",
        description="Skriver förklaringen av en nämnds ram för ett år: varje rad med belopp (kr), regel och "
                    "indata med cell, och delposterna indragna under sin rad.")
    workbook_argument(forklara)
    forklara.add_argument("namnd", metavar="NÄMND", help="nämndens kod, t.ex. GSN")
    forklara.add_argument("ar", metavar="ÅR", help="budgetåret eller ett planår")
    forklara.add_argument("--modell", choices=MODEL_CHOICES,
                          help="förklara ramen enligt den här modellen, utan balanseringskrav "
                               "(standard: nämndens egen modell)")
    forklara.add_argument("--enhet", metavar="ENHET",
                          help="förklara i stället hur nämndens ram fördelas till enheten (budgetåret): belopp, "
                               "regler, månader och avräkning")
    forklara.set_defaults(run=cmd_forklara)
