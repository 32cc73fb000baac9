"""A small crawl with planted reuse, built from article text (used by tests/test_crawl.py).

Planted: a verbatim copy (WARC), a spun copy with common words swapped for rarer synonyms
(JSON Lines), a spun copy that credits its source by a link (WARC), and the founding case's
round-trip translation (folder). Everything else is an unrelated page on one of the same topics.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TRANSIT = (
    "The city council approved a new plan on Tuesday to build twelve kilometres of protected "
    "bicycle lanes along the river before the end of next year. The mayor said the project "
    "would help people get to work faster and make the busy streets near the central station "
    "safer for children walking to school. Shop owners on Market Street had asked the council "
    "to keep the parking spaces in front of their stores, but the final plan moves them to a "
    "new garage two blocks away. The work will start in April and the first section, between "
    "the old bridge and the university, should open by the summer. Officials also want to use "
    "the money left over from last year's road budget to buy fifty new buses for the eastern "
    "districts, where many families still need a car to reach the hospital."
)
TRANSIT_EXTRA = (
    "Photo captions: the council chamber during Tuesday's vote. Readers can send questions about "
    "the construction schedule to the transport office, which will publish a detailed map of the "
    "closures on its website every Friday until the lanes open."
)
HEALTH = (
    "A large study of older adults found that people who walked at least seven thousand steps a "
    "day had a much lower risk of heart disease than those who walked less. The researchers "
    "followed more than twenty thousand volunteers for eight years and used small devices worn "
    "on the wrist to count their steps. The benefit was strongest for people who started with "
    "very little activity, the team said, which suggests that even a short daily walk can help. "
    "Doctors who were not part of the study said the results were important because walking is "
    "cheap and easy to start at any age. The authors now plan to find out whether the speed of "
    "walking matters as much as the number of steps."
)
FOOTBALL = (
    "The home team won the final match of the season three goals to one on Saturday and finished "
    "first in the league for the first time in twenty years. Their young striker scored twice in "
    "the first half, and the captain added a third goal from a free kick just after the break. "
    "The coach said the players had worked hard all year and that the fans deserved the title "
    "after so many difficult seasons. More than forty thousand people filled the old stadium, "
    "and thousands more watched on big screens in the main square. The club will now play in the "
    "continental cup next autumn, which should bring enough money to build a new training centre."
)
UNRELATED = {
    "transit-trams": (
        "Tram drivers in the northern suburbs will strike for two days next week over a dispute "
        "about night shifts, the union announced. Commuters have been told to expect long delays "
        "on the airport line, and the operator is hiring coaches to carry passengers between the "
        "terminal and the ring road. Negotiations broke down after management refused to pay "
        "extra for weekend rotas."
    ),
    "transit-fares": (
        "Monthly travel passes will cost eight percent more from January, the regional transport "
        "authority confirmed, blaming higher electricity prices and the expense of replacing "
        "ageing signalling equipment. Students and pensioners keep their discounts. Campaigners "
        "argued that raising fares while cutting evening services would push travellers back "
        "into their cars."
    ),
    "health-sleep": (
        "Teenagers who slept fewer than seven hours on school nights reported more anxiety and "
        "lower grades, according to a survey of nine thousand pupils published this morning. "
        "Psychologists recommended that schools delay the first lesson and that families keep "
        "phones out of bedrooms. Researchers cautioned that the survey cannot prove that short "
        "sleep causes the problems."
    ),
    "health-diet": (
        "Eating beans and lentils three times a week lowered cholesterol in a trial of two hundred "
        "adults with mild hypertension, nutritionists reported. Participants replaced red meat "
        "with legumes for six months and lost a little weight as well. The trial was small and "
        "funded partly by a farmers' association, which the journal noted in its editorial."
    ),
    "football-transfer": (
        "The goalkeeper signed a four-year contract with the southern club after weeks of "
        "speculation, ending his decade with the capital's biggest side. His former manager "
        "praised his leadership in the dressing room. The transfer fee was not disclosed, though "
        "reporters estimated it at around twelve million euros."
    ),
    "football-women": (
        "Record crowds attended the women's tournament this summer, with tickets for the semi-final "
        "selling out within an hour. Broadcasters reported their largest audience for a women's "
        "fixture, and sponsors have promised to double prize money for the next edition. Players "
        "called for professional contracts across the domestic league."
    ),
    "space-moon": (
        "A private lander touched down near the lunar south pole early on Friday, becoming the "
        "first commercial craft to operate there. Controllers received faint signals confirming "
        "that its solar panels were charging. The probe carries instruments to search for ice in "
        "permanently shadowed craters, a resource future astronauts could turn into fuel."
    ),
    "space-telescope": (
        "Astronomers using the orbiting observatory detected water vapour in the atmosphere of a "
        "planet circling a red dwarf star forty light-years away. The finding relied on infrared "
        "measurements gathered as the planet passed in front of its star. Scientists stressed that "
        "water alone does not mean the world could host life."
    ),
    "bread": (
        "Sourdough bread rises slowly because wild yeast ferments the dough overnight. Bakers feed "
        "their starter with flour and water every morning to keep the culture active. A long "
        "fermentation gives the loaf its sour flavour and its open, chewy crumb."
    ),
    "chess": (
        "The grandmaster sacrificed her queen on the twenty-third move to open the king's file. "
        "Commentators doubted the combination until the rook arrived with a decisive check. Her "
        "opponent resigned four moves later, unable to escape the mating net."
    ),
}

#: A spinner's dictionary: common words to rarer synonyms.
SPIN = {
    "new": "novel", "plan": "scheme", "build": "construct", "said": "stated", "help": "assist",
    "people": "individuals", "get": "obtain", "faster": "quicker", "make": "render",
    "busy": "bustling", "safer": "securer", "asked": "requested", "keep": "retain",
    "start": "commence", "also": "additionally", "use": "utilize", "buy": "purchase",
    "many": "numerous", "need": "require", "large": "sizeable", "found": "discovered",
    "lower": "diminished", "risk": "hazard", "followed": "tracked", "small": "diminutive",
    "strongest": "mightiest", "little": "scant", "important": "crucial", "cheap": "inexpensive",
    "easy": "effortless", "find": "ascertain", "won": "triumphed", "finished": "concluded",
    "young": "youthful", "scored": "netted", "worked": "toiled", "hard": "arduously",
    "difficult": "arduous", "big": "enormous", "enough": "sufficient", "money": "funds",
    "matters": "signifies", "benefit": "advantage", "suggests": "implies", "results": "outcomes",
}  # fmt: skip


def spin(text: str) -> str:
    def swap(m: re.Match) -> str:
        w = m.group()
        s = SPIN.get(w.lower())
        if not s:
            return w
        return s.capitalize() if w[0].isupper() else s

    return re.sub(r"[A-Za-z]+", swap, text)


def page(title: str, body: str, *, date: str | None = None, extra: str = "", link: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    credit = f'<p>Source: <a href="{link}">{link}</a></p>' if link else ""
    return (
        f"<html><head><title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a> "
        f"<a href='/news'>News</a> <a href='/sport'>Sport</a></nav><article><h1>{title}</h1>"
        f"{paras}{f'<p>{extra}</p>' if extra else ''}{credit}</article>"
        "<footer>Copyright. All rights reserved. Privacy policy. Contact us.</footer></body></html>"
    )


def _warc(path: Path, pages: list[tuple[str, str]], corrupt: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(rec)
        if corrupt:  # a record cut half-way, as a crawler killed mid-write leaves it
            f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x8b\xad\xf0\x0d" * 40)


def build(root: Path) -> dict:
    """Write the crawl under ``root``; returns the inputs and the planted (original, copy) pairs,
    each page named by its URL, else its file name (see :func:`ident`)."""
    warc = root / "crawl.warc.gz"
    pages = [
        ("https://news-a.example/transit", page("Bike lanes approved", TRANSIT, date="2024-03-01", extra=TRANSIT_EXTRA)),
        ("https://farm-one.example/bikes", page("Bike lanes", TRANSIT, date="2024-03-04")),
        ("https://farm-two.example/football", page("Title!", spin(FOOTBALL), link="https://sport-c.example/final")),
    ]  # fmt: skip
    for name in ("transit-trams", "space-moon", "football-transfer"):
        pages.append((f"https://other.example/{name}", page(name, UNRELATED[name])))
    _warc(warc, pages, corrupt=True)
    jsonl = root / "dump.jsonl"
    recs = [
        {"url": "https://health-b.example/steps", "date": "2023-11-20",
         "html": page("Walking study", HEALTH, date="2023-11-20")},
        {"url": "https://spinfarm.example/walk", "text": spin(HEALTH)},
        {"url": "https://other.example/health-sleep", "text": UNRELATED["health-sleep"]},
        {"url": "https://other.example/health-diet", "text": UNRELATED["health-diet"]},
        {"url": "https://other.example/transit-fares", "text": UNRELATED["transit-fares"]},
    ]  # fmt: skip
    lines = [json.dumps(r) for r in recs] + ["{not json"]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = root / "pages"
    folder.mkdir()
    (folder / "final.html").write_text(
        page("Champions", FOOTBALL, date="2024-05-18").replace(
            "<head>", "<head><link rel='canonical' href='https://sport-c.example/final'>"
        ),
        encoding="utf-8",
    )
    ing = ROOT / "examples" / "ingenuity"
    (folder / "ingenuity-source.txt").write_text(
        (ing / "source.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "ingenuity-copy.txt").write_text(
        (ing / "suspicious.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for name in ("football-women", "space-telescope", "bread", "chess"):
        (folder / f"{name}.txt").write_text(UNRELATED[name], encoding="utf-8")
    planted = {
        ("https://news-a.example/transit", "https://farm-one.example/bikes"),
        ("https://health-b.example/steps", "https://spinfarm.example/walk"),
        ("https://sport-c.example/final", "https://farm-two.example/football"),  # canonical url
        (
            "https://www.space.com/nasa-loses-contact-ingenuity-mars-helicopter",
            "ingenuity-copy.txt",
        ),
    }
    return {"inputs": [warc, jsonl, folder], "planted": planted}


def ident(url: str | None, name: str) -> str:
    """How ``planted`` names a page: its URL, else its file name."""
    return url or Path(name).name
