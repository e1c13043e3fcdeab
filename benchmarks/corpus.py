"""A deterministic synthetic news corpus for benchmarks: many stories, many outlets, varied wording.

Each story is an event of some kind (a plant fire, a strike, a border clash, a recall, ...) in an
invented place with invented people; every outlet covering it tells the same facts in its own
choice of wording, sometimes with a different figure, date or culprit, around background
sentences. The story label of every article is returned so clusterings can be scored.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

EVENTS: dict[str, list[list[str]]] = {
    "fire": [
        ["A fire broke out at the {org} chemical plant in {place} on {weekday}, sending black smoke over the town.",
         "Flames tore through the {org} plant on the edge of {place} on {weekday}.",
         "A blaze erupted on {weekday} at a chemical works run by {org} in {place}."],
        ["{n} workers were taken to hospital with burns and smoke injuries, {role} {person} said.",
         "At least {n} people were treated for smoke inhalation, according to {role} {person}.",
         "{role} {person} said {n} employees needed hospital care."],
        ["Residents within two kilometres were told to keep windows closed until the smoke cleared.",
         "Authorities urged people living nearby to stay indoors while the fire burned.",
         "Neighbours were advised to shut windows and avoid the area."],
        ["The company said a faulty valve in a storage tank caused the fire.",
         "Union officials blamed cuts to maintenance staff for the blaze.",
         "Investigators have not yet said what caused the fire."],
        ["Firefighters brought the blaze under control after {hours} hours.",
         "It took crews {hours} hours to put out the flames.",
         "The fire was extinguished after about {hours} hours of work."],
    ],
    "strike": [
        ["Workers at {org} in {place} walked out on {weekday} in a dispute over pay.",
         "A strike by staff at {org} began on {weekday} after wage talks collapsed.",
         "Employees of {org} in {place} stopped work on {weekday}, demanding higher wages."],
        ["About {n} employees joined the walkout, the union said.",
         "The union put the number of strikers at {n}.",
         "Management said only {n} workers took part."],
        ["{role} {person} called the stoppage an illegal strike that hurts customers.",
         "{role} {person} said the industrial action was regrettable but lawful.",
         "{role} {person} urged both sides to return to the table."],
        ["Deliveries across the region were delayed as a result of the strike.",
         "Customers reported missing shipments during the stoppage.",
         "The company said some services would run on a reduced timetable."],
        ["The union is asking for a raise of {pct} percent over two years.",
         "Workers want pay to rise by {pct} percent.",
         "The pay demand amounts to {pct} percent, union leaders said."],
    ],
    "clash": [
        ["Fighting erupted along the border near {place} on {weekday}.",
         "Clashes broke out near {place} on {weekday}, officials said.",
         "Heavy fighting began on {weekday} when {country} troops shelled positions near {place}."],
        ["{n} soldiers were killed in the first day of fighting, the defence ministry said.",
         "The ministry reported {n} soldiers dead.",
         "At least {n} troops died, according to military officials."],
        ["{role} {person} called for an immediate ceasefire.",
         "{role} {person} urged both sides to stop the fighting.",
         "{role} {person} demanded that the shelling end at once."],
        ["Thousands of civilians fled villages close to the front line.",
         "Families living near the border left their homes as the shelling continued.",
         "Residents of frontline villages were evacuated by bus."],
        ["{country} denied that its forces had crossed the border.",
         "{country} said its troops had only returned fire.",
         "Officials in {country} called the accusations baseless."],
    ],
    "recall": [
        ["{org} recalled {n} cars on {weekday} over a fault in the braking system.",
         "A recall of {n} vehicles was announced by {org} on {weekday}.",
         "{org} said on {weekday} it would call back {n} cars with faulty brakes."],
        ["The regulator said the fault had caused {k} crashes.",
         "At least {k} accidents have been linked to the defect.",
         "Officials tied {k} collisions to the braking problem."],
        ["{role} {person} said owners would be contacted by letter.",
         "Drivers will be notified by mail, {role} {person} said.",
         "{role} {person} said customers should wait for a letter before visiting a dealer."],
        ["Repairs will be carried out free of charge at authorised garages.",
         "The company will fix the cars at no cost to owners.",
         "Owners will not pay for the repair."],
    ],
    "election": [
        ["Voters in {place} went to the polls on {weekday} to choose a new mayor.",
         "The mayoral election in {place} was held on {weekday}.",
         "{place} elected a new mayor on {weekday}."],
        ["Turnout was {pct} percent, the electoral commission said.",
         "About {pct} percent of registered voters cast a ballot.",
         "Officials put turnout at {pct} percent."],
        ["{person} won with a narrow lead, according to preliminary results.",
         "Preliminary figures gave {person} a slim majority.",
         "{person} reportedly won by a few hundred votes."],
        ["The losing candidate said the count was rigged and demanded a recount.",
         "The runner-up conceded defeat and congratulated the winner.",
         "The opposition alleged irregularities at several polling stations."],
    ],
    "flood": [
        ["Heavy rain flooded parts of {place} on {weekday}.",
         "Flash floods hit {place} on {weekday} after a night of storms.",
         "Floodwater swept through {place} on {weekday}."],
        ["{n} homes were damaged, {role} {person} said.",
         "Officials counted {n} damaged houses.",
         "Some {n} properties were flooded, according to the council."],
        ["Emergency crews rescued residents trapped on rooftops.",
         "Boats were used to reach people stranded by the water.",
         "Rescuers pulled families from flooded homes."],
        ["The council said the drains had not been cleared for years.",
         "Residents blamed the new housing estate for the flooding.",
         "Forecasters said the rainfall was the heaviest in decades."],
    ],
}
BACKGROUND = [
    "The {org} employs about {n} people in the region.",
    "{place} has a population of around {big}.",
    "The area has seen similar problems in the past, residents said.",
    "Local businesses said they were worried about the economic impact.",
    "A spokesperson for {org} declined to comment further.",
    "The government has promised to review the rules.",
    "{role} {person} is expected to visit {place} later this week.",
    "Critics said the response had been too slow.",
    "An inquiry is expected to report within six months.",
    "The incident was the second of its kind in {place} this year.",
    "Opposition politicians called for a debate in parliament.",
    "Insurance companies said claims were already coming in.",
]
SYLLABLES = ["ka", "ren", "dor", "mi", "tal", "bro", "vek", "san", "lu", "tor", "ne", "pal", "gri", "os", "fen", "ha", "mar", "zel"]
ROLES = ["Mayor", "Fire Chief", "Health Minister", "Interior Minister", "Police Chief", "Governor", "Spokesperson"]
COUNTRIES = ["Norland", "Estovia", "Karvia", "Deltania", "Ostria", "Velmar"]


@dataclass(frozen=True)
class SyntheticArticle:
    story: int
    outlet: str
    published: date
    title: str
    text: str


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def generate(statements: int, seed: int = 0, outlets_per_story: int = 8, per_article: int = 20) -> list[SyntheticArticle]:
    """About `statements` sentences in articles of ~`per_article` sentences, stories of several outlets."""
    rng = random.Random(seed)
    outlets = [f"{_name(rng)} {rng.choice(['Times', 'Post', 'Wire', 'Herald', 'Daily', 'Courier'])}" for _ in range(40)]
    articles: list[SyntheticArticle] = []
    story = 0
    while len(articles) * (per_article + 1) < statements:  # each article: a headline and per_article sentences
        articles.extend(_story(rng, story, rng.sample(outlets, outlets_per_story), per_article))
        story += 1
    return articles


def _story(rng: random.Random, story: int, outlets: list[str], per_article: int) -> list[SyntheticArticle]:
    kind = rng.choice(sorted(EVENTS))
    day0 = date(2023, 1, 1) + timedelta(days=rng.randrange(365))
    facts = {
        "place": _name(rng, 3), "org": f"{_name(rng)} {rng.choice(['Industries', 'Group', 'Logistics', 'Motors', 'Chemicals'])}",
        "person": f"{_name(rng)} {_name(rng, 3)}", "role": rng.choice(ROLES), "country": rng.choice(COUNTRIES),
        "n": rng.randrange(3, 900), "k": rng.randrange(2, 40), "pct": rng.randrange(10, 80), "hours": rng.randrange(2, 14),
        "big": f"{rng.randrange(10, 900)},000", "weekday": day0.strftime("%A"),
    }
    out = []
    for outlet in outlets:
        published = day0 + timedelta(days=rng.randrange(0, 3))
        local = dict(facts)
        if rng.random() < 0.25:  # this outlet has another figure
            local["n"] = max(1, int(facts["n"] * rng.choice([0.5, 0.7, 1.5, 2.0])))
        sentences = [rng.choice(variants).format(**local) for variants in EVENTS[kind]]
        while len(sentences) < per_article:
            filler = {"org": f"{_name(rng)} {rng.choice(['Bank', 'Foods', 'Energy', 'Holdings'])}", "place": _name(rng, 3),
                      "person": f"{_name(rng)} {_name(rng, 3)}", "role": rng.choice(ROLES), "n": rng.randrange(50, 5000), "big": f"{rng.randrange(10, 900)},000"}
            # background sentences name other people and places than the story itself, as real articles do
            sentences.append(rng.choice(BACKGROUND).format(**{**local, **filler}) if rng.random() < 0.5 else rng.choice(BACKGROUND).format(**local))
        rng.shuffle(sentences[2:])
        title = sentences[0].rstrip(".")
        paragraphs = [" ".join(sentences[i: i + 2]) for i in range(0, len(sentences), 2)]
        out.append(SyntheticArticle(story, outlet, published, title, "\n\n".join(paragraphs)))
    return out


def write_jsonl(articles: list[SyntheticArticle], folder: Path, per_file: int = 200) -> list[Path]:
    """Write articles as JSONL exports (one article per line), as a newsroom feed would arrive."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, len(articles), per_file):
        path = folder / f"feed-{start // per_file:04d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for a in articles[start: start + per_file]:
                row = {"title": a.title, "text": a.text, "outlet": a.outlet, "published": a.published.isoformat(), "url": f"https://example.org/{a.story}/{a.outlet.replace(' ', '-').lower()}"}
                handle.write(json.dumps(row) + "\n")
        paths.append(path)
    return paths
