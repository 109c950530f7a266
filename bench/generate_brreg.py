"""Write a national-size bulk file of enheter in Enhetsregisteret's real gzipped JSON shape.

    python bench/generate_brreg.py --units 1100000 var/bench/enheter_alle.json.gz

Every unit is one of the 190 real Bærum/Asker units with a new valid organisation number, a new
name and address, spread over all 357 municipalities (Bærum and Asker get about their real share).
"""

import argparse
import copy
import csv
import gzip
import json
import random
from pathlib import Path

from stdnum.no.orgnr import checksum

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = (
    "ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ha he hi ho ka ke ki ko ku la le li lo lu ma me mi mo mu "
    "na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo ber berg by dal fjell gard "
    "hus land lund mark nes rud set stad strand vik heim sund"
).split()
STREETS = ["Storgata", "Kirkeveien", "Sandviksveien", "Drammensveien", "Fornebuveien", "Slependveien", "Lysakerveien"]


def name_words(rng: random.Random, real_words: list[str]) -> list[str]:
    """One or two words from the real names, and one made-up word: a vocabulary of tens of thousands."""
    invented = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).upper()
    return [*rng.sample(real_words, rng.randint(1, 2)), invented]


def valid_orgnrs(start: int):
    number = start
    while True:
        base = str(number)[:8]
        number += 10  # step the first eight digits
        check = (11 - sum(int(d) * w for d, w in zip(base, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11) % 11
        if check == 10:
            continue
        orgnr = base + str(check)
        assert checksum(orgnr) == 0
        yield orgnr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--units", type=int, default=1_100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--served-share", type=float, default=0.05, help="share of units in Bærum and Asker")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    templates = json.loads((ROOT / "businesses" / "data" / "demo_enheter.json").read_text(encoding="utf-8"))
    with (ROOT / "businesses" / "data" / "kommuner_2024.csv").open(encoding="utf-8") as fh:
        municipalities = [(row["kommunenummer"], row["kommunenavn"].upper()) for row in csv.DictReader(fh)]
    served = [m for m in municipalities if m[0] in ("3201", "3203")]
    forms = {t["organisasjonsform"]["kode"] for t in templates}
    real_words = sorted(
        {w for t in templates for w in t["navn"].upper().split() if w.isalpha() and len(w) > 2 and w not in forms}
    )
    numbers = valid_orgnrs(800_000_000)
    args.path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.path, "wt", encoding="utf-8", compresslevel=3) as out:
        out.write("[\n")
        for index in range(args.units):
            unit = copy.deepcopy(templates[index % len(templates)])
            unit.pop("_links", None)
            unit["organisasjonsnummer"] = next(numbers)
            words = name_words(rng, real_words)
            rng.shuffle(words)
            unit["navn"] = f"{' '.join(words)} {unit['organisasjonsform']['kode']}"
            number, name = rng.choice(served) if rng.random() < args.served_share else rng.choice(municipalities)
            address = unit.get("forretningsadresse") or unit.get("postadresse") or {}
            address.update(
                {
                    "adresse": [f"{rng.choice(STREETS)} {rng.randint(1, 200)}"],
                    "postnummer": f"{rng.randint(1, 9999):04d}",
                    "kommunenummer": number,
                    "kommune": name,
                }
            )
            unit["forretningsadresse"] = address
            out.write(("," if index else "") + json.dumps(unit, ensure_ascii=False) + "\n")
        out.write("]\n")
    print(f"wrote {args.units} units to {args.path} ({args.path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
