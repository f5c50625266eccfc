"""Measure how often geocoding answers a string that names no place.

Run from the repository root::

    python benchmarks/bench_false_matches.py          # the figures
    python benchmarks/bench_false_matches.py --show   # and every false match
    python benchmarks/bench_false_matches.py --raw    # also the bare index look-up
    python benchmarks/bench_false_matches.py --json   # machine-readable figures

Two sets of queries that name no place:

(a) random letter strings (seeded): 3-12 letters, in lower case, Title case,
    capitals or random mixed case, as junk rows of a table are;
(b) names of real people and companies, written for this benchmark (below),
    that are not place names themselves: "Nokia", "Toyota", "Santander",
    "Cisco" and "Zara" are towns, so such names appear in full ("Nokia
    Corporation", "Banco Santander") or not at all.

A false match is any answer but "not found" from the geocoder that
``geomap geocode``, the batch geocoders and ``LocalGeocoder`` share
(:func:`geomap.gazetteer.geocoding.geocode_candidates`); fuzzy answers are
counted too, and also shown apart. The issue's target: at most 1% on each set.
``--raw`` also counts what the bare index look-up (``Gazetteer.matches``,
what the geoparser ranks with its context) returns, for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import string
import sys

from geomap.gazetteer.geocoding import answer_is_fuzzy, geocode_candidates
from geomap.gazetteer.store import Gazetteer

ENTITIES = """
Angela Merkel; Barack Obama; Nelson Mandela; Marie Curie; Albert Einstein; Frida Kahlo
Ada Lovelace; Haruki Murakami; Serena Williams; Lionel Messi; Cristiano Ronaldo
Greta Thunberg; Malala Yousafzai; Elon Musk; Jeff Bezos; Oprah Winfrey; Taylor Swift
Vladimir Putin; Xi Jinping; Emmanuel Macron; Olaf Scholz; Justin Trudeau; Narendra Modi
Recep Tayyip Erdogan; Mohammed bin Salman; Mustafa al-Kadhimi; Muqtada al-Sadr
Nouri al-Maliki; Haider al-Abadi; Ali al-Sistani; Qassem Soleimani; Hassan Nasrallah
Benjamin Netanyahu; Mahmoud Abbas; Volodymyr Zelensky; Jacinda Ardern; Boris Johnson
Theresa May; Rishi Sunak; Keir Starmer; Joe Biden; Donald Trump; Kamala Harris
Hillary Clinton; George W. Bush; Condoleezza Rice; Colin Powell; Donald Rumsfeld
Antonio Guterres; Ban Ki-moon; Kofi Annan; Jens Stoltenberg; Ursula von der Leyen
Christine Lagarde; Janet Yellen; Jerome Powell; Mario Draghi; Warren Buffett
Bill Gates; Steve Jobs; Tim Cook; Satya Nadella; Sundar Pichai; Mark Zuckerberg
Sheryl Sandberg; Larry Page; Sergey Brin; Jack Ma; Masayoshi Son; Mukesh Ambani
Ratan Tata; Carlos Slim; Bernard Arnault; Amancio Ortega; Ingvar Kamprad; Akio Toyoda
Pablo Picasso; Vincent van Gogh; Ludwig van Beethoven; Wolfgang Amadeus Mozart
Johann Sebastian Bach; Leo Tolstoy; Fyodor Dostoevsky; Gabriel Garcia Marquez
Chimamanda Ngozi Adichie; Wole Soyinka; Naguib Mahfouz; Orhan Pamuk; Salman Rushdie
Toni Morrison; Maya Angelou; Jane Austen; Virginia Woolf; Agatha Christie
Usain Bolt; Roger Federer; Rafael Nadal; Novak Djokovic; Simone Biles; Michael Phelps
Mohamed Salah; Kylian Mbappe; Neymar da Silva Santos; Zinedine Zidane; Diego Maradona
Martin Luther King; Rosa Parks; Mahatma Gandhi; Desmond Tutu; Dalai Lama; Pope Francis
Microsoft Corporation; Apple Inc.; Alphabet Inc.; Amazon.com Inc.; Meta Platforms
Goldman Sachs; Morgan Stanley; JPMorgan Chase; Bank of America; Wells Fargo; Citigroup
BlackRock Inc.; Vanguard Group; Berkshire Hathaway; ExxonMobil; Chevron Corporation
Royal Dutch Shell; BP plc; TotalEnergies; Saudi Aramco; Gazprom; Rosneft; Lukoil
Halliburton; Schlumberger; Baker Hughes; Lockheed Martin; Raytheon Technologies
Northrop Grumman; General Dynamics; Boeing Company; Airbus SE; Rolls-Royce Holdings
Siemens AG; Volkswagen Group; Daimler Truck; Bayerische Motoren Werke; Porsche AG
Toyota Motor Corporation; Honda Motor Company; Nissan Motor; Hyundai Motor Company
Samsung Electronics; LG Electronics; Sony Group; Panasonic Holdings; Nintendo
Nokia Corporation; Ericsson; Huawei Technologies; Xiaomi Corporation; Tencent Holdings
Alibaba Group
Baidu Inc.; ByteDance; Infosys; Wipro; Tata Consultancy Services; Reliance Industries
Nestle; Unilever; Procter & Gamble; Coca-Cola Company; PepsiCo; Anheuser-Busch InBev
Heineken; Diageo; Danone; Kraft Heinz; Mondelez International; McDonald's; Starbucks
Walmart; Costco Wholesale; Carrefour Group; Tesco; Aldi; Lidl; IKEA; Inditex; Hennes & Mauritz
Pfizer; Moderna; AstraZeneca; Johnson & Johnson; Novartis; Roche Holding; Sanofi
GlaxoSmithKline; Bayer AG; Merck & Co.; Eli Lilly; Bristol-Myers Squibb; AbbVie
Intel Corporation; Advanced Micro Devices; Nvidia; Qualcomm; Texas Instruments
Taiwan Semiconductor Manufacturing; ASML Holding; Oracle Corporation; Salesforce
International Business Machines; Hewlett Packard Enterprise; Dell Technologies; Cisco Systems
Netflix; Walt Disney Company; Warner Bros. Discovery; Paramount Global; Spotify
Uber Technologies; Lyft; Airbnb; Booking Holdings; Expedia Group; Tripadvisor
Visa Inc.; Mastercard; American Express; PayPal Holdings; Stripe; Block Inc.
Deutsche Bank; Commerzbank; BNP Paribas; Societe Generale; Credit Agricole; HSBC
Barclays; Lloyds Banking Group; NatWest Group; UBS Group; Credit Suisse; Banco Santander
BBVA; UniCredit; Intesa Sanpaolo; ING Groep; Rabobank; Nordea; Danske Bank
Mitsubishi UFJ Financial; Mizuho Financial; Industrial and Commercial Bank of China
Emirates Airline; Qatar Airways; Turkish Airlines; Lufthansa; Air France-KLM
Ryanair; easyJet; Delta Air Lines; United Airlines; American Airlines; Southwest Airlines
Reuters; Associated Press; Agence France-Presse; Al Jazeera; BBC News; CNN
Fox News; The New York Times Company; Washington Post; Wall Street Journal; Bloomberg
Human Rights Watch; Amnesty International; Doctors Without Borders; Red Crescent
World Health Organization; International Monetary Fund; World Bank Group
Islamic State; Hezbollah; Kataib Hezbollah; Popular Mobilization Forces; Hamas
Wagner Group; Taliban; al-Shabaab; Boko Haram; Houthi movement; Asaib Ahl al-Haq
"""


def entity_names() -> list[str]:
    return [n.strip() for line in ENTITIES.strip().splitlines() for n in line.split(";")]


def random_strings(count: int, seed: int = 15) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        s = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 12)))
        style = rng.choice(["lower", "title", "upper", "mixed"])
        if style == "title":
            s = s.title()
        elif style == "upper":
            s = s.upper()
        elif style == "mixed":
            s = "".join(c.upper() if rng.random() < 0.5 else c for c in s)
        out.append(s)
    return out


def measure(gaz: Gazetteer, queries: list[str], show: bool, raw: bool) -> dict[str, float]:
    false = fuzzy = raw_hits = 0
    for q in queries:
        found = geocode_candidates(gaz, q)
        if found:
            false += 1
            fuzzy += answer_is_fuzzy(found)
            if show:
                best = found[0]
                print(
                    f"    {q!r} -> {best.place.name} ({best.place.country_code}, "
                    f"{best.place.kind}) via {best.match.name!r} [{best.status}]"
                )
        if raw and gaz.matches(q, limit=1):
            raw_hits += 1
    n = len(queries)
    figures = {"queries": n, "false": false, "fuzzy": fuzzy, "rate": 100 * false / n}
    if raw:
        figures["raw_rate"] = 100 * raw_hits / n
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--random", type=int, default=2000, help="random strings (default 2000)")
    ap.add_argument("--show", action="store_true", help="print every false match")
    ap.add_argument("--raw", action="store_true", help="also the bare index look-up")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    gaz = Gazetteer.default()
    figures: dict[str, object] = {"date": dt.date.today().isoformat()}
    if not args.json:
        print(f"false matches, {dt.date.today()}, python {sys.version.split()[0]}")
    for key, label, queries in (
        ("random", "random strings", random_strings(args.random)),
        ("entities", "people and companies", entity_names()),
    ):
        if not args.json:
            print(f"  {label}:")
        f = measure(gaz, queries, args.show and not args.json, args.raw)
        figures[key] = f
        if args.json:
            continue
        line = (
            f"  {label}: {f['false']} of {f['queries']} answered ({f['rate']:.2f}%), "
            f"{f['fuzzy']} of them fuzzy"
        )
        if args.raw:
            line += f"; bare index look-up: {f['raw_rate']:.2f}%"
        print(line)
    if args.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
