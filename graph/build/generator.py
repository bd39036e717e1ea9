"""Deterministic synthetic tiegraph data, shaped and proportioned like the seed graphs.

`write_generated` streams N-Quads or TriG straight from string templates (no rdflib objects),
so a million quads take a few seconds and memory stays flat. A background graph holds the
geography and institutions (provinces, prefecture- and county-level cities, development zones,
universities, government bodies, state-backed funds); every `FIRMS_PER_SOURCE` firms share one
source-document graph with their founders, headquarters, incentives and market announcements.
Every node satisfies `ontology/shapes.ttl`; there are no blank nodes. About 32 quads per firm.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from graph.model.namespaces import ID as ID_NAMESPACE, RDF_TYPE, RDFS_LABEL, SOURCE, TG_IRI

FIRMS_PER_SOURCE = 10
CITIES_PER_PROVINCE = 10
FIRMS_PER_CITY = 20
FLUSH_LINES = 4096
FORMATS = ("nquads", "trig")

TG, ID, SRC = TG_IRI, str(ID_NAMESPACE), str(SOURCE)
XSD = "http://www.w3.org/2001/XMLSchema#"
A, LABEL = f"<{RDF_TYPE}>", f"<{RDFS_LABEL}>"
DCT = "http://purl.org/dc/terms/"
BACKGROUND = f"<{SRC}synthetic-background>"
CHINA = f"<{ID}china>"

INCENTIVE_KINDS = ("equity-investment", "strategic-investment", "rescue-financing", "industrial-park-agreement", "courting-task-force")
INDUSTRIES = (
    "automotive", "smart-electric-vehicles", "autonomous-driving", "smartphones", "steel", "high-tech",
    "optoelectronic-information", "intelligent-manufacturing", "artificial-intelligence",
    "internet-of-things", "big-data", "virtual-reality", "internet-services", "e-commerce",
)
SYLLABLES = (("Hua", "华"), ("Xin", "新"), ("Zhong", "中"), ("Tian", "天"), ("Jin", "金"), ("Long", "龙"),
             ("Hai", "海"), ("Guang", "光"), ("Rui", "瑞"), ("Kang", "康"), ("Feng", "丰"), ("Ming", "明"))
SURNAMES = (("Li", "李"), ("Wang", "王"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"), ("Zhao", "赵"), ("Huang", "黄"))
GIVEN = (("Wei", "伟"), ("Jun", "军"), ("Fang", "芳"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"), ("Yang", "洋"), ("Bin", "斌"))
TRADES = (("Technology", "科技"), ("Motors", "汽车"), ("Electronics", "电子"), ("Robotics", "机器人"), ("Materials", "材料"))


@dataclass(frozen=True)
class Sizes:
    """How many of each background entity `firms` firms get, in the seeds' proportions."""

    firms: int
    cities: int
    provinces: int

    @classmethod
    def for_firms(cls, firms: int) -> Sizes:
        cities = max(4, -(-firms // FIRMS_PER_CITY))
        return cls(firms, cities, max(2, -(-cities // CITIES_PER_PROVINCE)))


def iri(kind: str, n: int) -> str:
    """The IRI of the `n`th synthetic entity of `kind`."""
    return f"<{ID}synthetic-{kind}-{n}>"


def tg(term: str) -> str:
    return f"<{TG}{term}>"


def lang(text: str, language: str = "en") -> str:
    return f'"{text}"@{language}'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def plain(text: str) -> str:
    return f'"{text}"'


def date(rng: random.Random, first: int = 2008, last: int = 2024) -> str:
    return typed(f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date")


def name(n: int, pool: tuple[tuple[str, str], ...] = SYLLABLES) -> tuple[str, str]:
    """A stable English/Chinese name pair for number `n`."""
    (e1, z1), (e2, z2) = pool[n % len(pool)], pool[(n // len(pool)) % len(pool)]
    return f"{e1}{e2.lower()}", f"{z1}{z2}"


def labelled(node: str, cls: str, english: str, chinese: str | None = None) -> Iterator[tuple[str, str, str]]:
    yield node, A, tg(cls)
    yield node, LABEL, lang(english)
    if chinese:
        yield node, LABEL, lang(chinese, "zh")


def describe_source(node: str, title: str, identifier: str, issued: str | None) -> Iterator[tuple[str, str, str]]:
    """The graph's own description as a source document, as the shapes require."""
    yield from labelled(node, "SourceDocument", title)
    yield node, f"<{DCT}title>", lang(title)
    yield node, f"<{DCT}identifier>", plain(identifier)
    yield node, f"<{DCT}language>", plain("en")
    yield node, tg("titleSupplied"), typed("true", "boolean")
    if issued:
        yield node, A, tg("NewsArticle")
        yield node, f"<{DCT}issued>", issued


def background(rng: random.Random, sizes: Sizes) -> Iterator[tuple[str, str, str]]:
    """Country, provinces, cities with their governments, zones, universities and funds."""
    yield from describe_source(BACKGROUND, "Synthetic background geography", "synthetic-background", None)
    yield from labelled(CHINA, "Country", "China", "中国")
    for p in range(sizes.provinces):
        english, chinese = name(p + 7)
        province = iri("province", p)
        yield from labelled(province, "Province", f"{english} Province {p}", f"{chinese}省{p}")
        yield province, tg("locatedIn"), CHINA
        fund = iri("fund", p)
        yield from labelled(fund, "StateBackedFund", f"{english} Province {p} Industrial Investment Fund")
        yield fund, tg("basedIn"), province
    for c in range(sizes.cities):
        yield from city(rng, c, sizes)


def city(rng: random.Random, c: int, sizes: Sizes) -> Iterator[tuple[str, str, str]]:
    """One city, its government, and (for some cities) a development zone and a university."""
    english, chinese = name(c)
    node, province = iri("city", c), iri("province", c % sizes.provinces)
    kind = "CountyLevelCity" if c % 4 == 3 else "PrefectureLevelCity"
    yield from labelled(node, kind, f"{english} {c}", f"{chinese}市{c}")
    yield node, tg("locatedIn"), province
    if c < sizes.provinces:
        yield node, tg("capitalOf"), province
    government = iri("government", c)
    yield from labelled(government, "GovernmentBody", f"{english} {c} city government", f"{chinese}市{c}人民政府")
    yield government, tg("jurisdiction"), node
    if c % 2 == 0:
        zone = iri("zone", c)
        yield from labelled(zone, "HighTechPark" if c % 4 == 0 else "DevelopmentZone", f"{english} {c} Development Zone", f"{chinese}{c}开发区")
        yield zone, tg("locatedIn"), node
        yield zone, tg("industryFocus"), f"<{ID}industry-{rng.choice(INDUSTRIES)}>"
        yield zone, tg("established"), typed(str(rng.randint(1985, 2015)), "gYear")
    if c % 4 == 1:
        university = iri("university", c)
        yield from labelled(university, "University", f"{english} {c} University", f"{chinese}{c}大学")
        yield university, tg("basedIn"), node


def firm(rng: random.Random, f: int, sizes: Sizes) -> Iterator[tuple[str, str, str]]:
    """A company, its founder, its headquarters, an incentive and sometimes an announcement."""
    company, person, hq = iri("firm", f), iri("person", f), iri("hq", f)
    c = rng.randrange(sizes.cities)
    where, industry = iri("city", c), f"<{ID}industry-{rng.choice(INDUSTRIES)}>"
    (brand, brand_zh), (trade, trade_zh) = name(f), TRADES[f % len(TRADES)]
    yield from labelled(company, "Company", f"{brand} {trade} {f}", f"{brand_zh}{trade_zh}公司{f}")
    yield company, tg("founder"), person
    yield company, tg("basedIn"), where
    yield company, tg("industryFocus"), industry
    yield company, tg("hasFacility"), hq
    yield company, tg("established"), typed(str(rng.randint(1990, 2022)), "gYear")
    (surname, surname_zh), (given, given_zh) = rng.choice(SURNAMES), rng.choice(GIVEN)
    yield from labelled(person, "Person", f"{surname} {given}", f"{surname_zh}{given_zh}")
    yield person, tg("founded"), company
    yield person, tg("bornIn"), iri("city", rng.randrange(sizes.cities))
    yield person, tg("hometown"), iri("province", rng.randrange(sizes.provinces))
    yield person, tg("studiedAt"), iri("university", 4 * rng.randrange((sizes.cities + 2) // 4) + 1)
    yield from labelled(hq, "Headquarters", f"{brand} {trade} {f} headquarters")
    yield hq, tg("facilityOf"), company
    yield hq, tg("locatedIn"), where
    yield hq, tg("established"), typed(f"{rng.randint(2000, 2023)}-{rng.randint(1, 12):02d}", "gYearMonth")
    yield from incentive(rng, f, c, sizes)
    if f % 3 == 0:
        announcement = iri("announcement", f)
        yield from labelled(announcement, "MarketAnnouncement", f"{brand} {trade} {f} announces an investment")
        yield announcement, tg("announcedBy"), company
        yield announcement, tg("date"), date(rng)
        yield announcement, tg("market"), industry
        yield announcement, tg("amount"), typed(f"{rng.randint(1, 500) * 10_000_000}.0", "decimal")
        yield announcement, tg("currency"), plain(rng.choice(("CNY", "USD")))


def incentive(rng: random.Random, f: int, c: int, sizes: Sizes) -> Iterator[tuple[str, str, str]]:
    """An incentive from the firm's city government, a nearby zone or its province's fund."""
    node, kind = iri("incentive", f), rng.choice(INCENTIVE_KINDS)
    grantor = (iri("government", c), iri("zone", c - c % 2), iri("fund", c % sizes.provinces))[rng.randrange(3)]
    yield from labelled(node, "Incentive", f"{kind.replace('-', ' ').capitalize()} for firm {f}")
    yield node, tg("kind"), f"<{ID}incentive-kind-{kind}>"
    yield node, tg("grantor"), grantor
    yield node, tg("recipient"), iri("firm", f)
    yield node, tg("place"), iri("city", c)
    yield node, tg("amount"), typed(f"{rng.randint(1, 2000) * 1_000_000}.0", "decimal")
    yield node, tg("currency"), plain(rng.choice(("CNY", "CNY", "USD")))
    yield node, tg("date"), date(rng)


def source_batch(rng: random.Random, start: int, sizes: Sizes) -> Iterator[tuple[str, str, str]]:
    """One news-article graph describing itself and firms `start` .. `start + FIRMS_PER_SOURCE`."""
    number = start // FIRMS_PER_SOURCE
    yield from describe_source(f"<{SRC}synthetic-{number}>", f"Synthetic news article {number}", f"synthetic-{number}.txt", date(rng))
    for f in range(start, min(start + FIRMS_PER_SOURCE, sizes.firms)):
        yield from firm(rng, f, sizes)


def generated_article(number: int, firms: int) -> tuple[str, list[tuple[str, str, str]]]:
    """(graph IRI, triples) of one more article shaped like those of a graph of `firms` firms: a
    new firm `number` with its founder, headquarters and incentive, touching existing places and
    governments. The founder is born in the firm's city, so the article makes a founder-hometown tie."""
    rng = random.Random(number)
    triples = list(firm(rng, number, Sizes.for_firms(firms)))
    based = next(o for _, p, o in triples if p == tg("basedIn"))
    triples = [(s, p, based if p == tg("bornIn") else o) for s, p, o in triples]
    graph = f"{SRC}bench-article-{number}"
    return graph, [*triples, *describe_source(f"<{graph}>", f"Benchmark article {number}", f"bench-article-{number}.txt", None)]


class QuadWriter:
    """Formats triples of a graph as N-Quads or TriG lines and writes them in UTF-8 chunks."""

    def __init__(self, stream: BinaryIO, rdf_format: str) -> None:
        if rdf_format not in FORMATS:
            raise ValueError(f"unsupported format {rdf_format!r}; use one of {', '.join(FORMATS)}")
        self.stream, self.trig, self.count = stream, rdf_format == "trig", 0

    def graph(self, name: str, triples: Iterator[tuple[str, str, str]]) -> None:
        """Write every triple of `triples` into graph `name`."""
        end = " .\n" if self.trig else f" {name} .\n"
        lines = [f"GRAPH {name} {{\n"] if self.trig else []
        for s, p, o in triples:
            lines.append(f"{s} {p} {o}{end}")
            if len(lines) >= FLUSH_LINES:
                self.count += self._flush(lines)
        self.count += self._flush(lines) - (1 if self.trig else 0)
        if self.trig:
            self.stream.write(b"}\n")

    def _flush(self, lines: list[str]) -> int:
        self.stream.write("".join(lines).encode("utf-8"))
        written = len(lines)
        lines.clear()
        return written


def write_generated(output: BinaryIO | Path | str, firms: int, seed: int = 0, rdf_format: str = "nquads") -> int:
    """Write a synthetic graph of `firms` firms to `output`; return the number of quads written.

    The same `firms` and `seed` always give byte-identical output.
    """
    if firms < 1:
        raise ValueError("firms must be at least 1")
    if isinstance(output, (str, Path)):
        with open(output, "wb") as stream:
            return write_generated(stream, firms, seed, rdf_format)
    rng, sizes = random.Random(seed), Sizes.for_firms(firms)
    writer = QuadWriter(output, rdf_format)
    writer.graph(BACKGROUND, background(rng, sizes))
    for start in range(0, firms, FIRMS_PER_SOURCE):
        writer.graph(f"<{SRC}synthetic-{start // FIRMS_PER_SOURCE}>", source_batch(rng, start, sizes))
    return writer.count
