"""Facts of article 004 (234179c74b9a603c): Xiaomi's headquarters in Wuhan's Optics Valley.

Each case finds its entities by label anywhere in the store, then requires the fact itself
inside the article's named graph, with exact values (decimals, currencies, years).
"""

from __future__ import annotations

import pytest

from tests.seed_facts import PREFIXES, stated_in

GRAPH = "tgsrc:234179c74b9a603c"
OPTICS_VALLEY = '?z rdfs:label "East Lake High-tech Development Zone"@en .'


def stated(kg, labels: str, facts: str) -> bool:
    """True when the entities named in `labels` exist and `facts` about them sit in this article's graph."""
    return stated_in(kg, GRAPH, labels, facts)


FACTS = [
    pytest.param(
        "",
        f"""{GRAPH} a tg:SourceDocument , tg:NewsArticle ;
              dcterms:identifier "004_234179c74b9a603c.txt" ; dcterms:language "en" ;
              dcterms:title "Boost for 'Motor City' as Xiaomi sets up"@en ; tg:titleSupplied false ;
              skos:note ?why .
            FILTER NOT EXISTS {{ {GRAPH} dcterms:issued ?date }}""",
        id="document-described-headline-title-undated",
    ),
    # ---- Xiaomi and Lei Jun
    pytest.param(
        '?x rdfs:label "Xiaomi"@en . ?b rdfs:label "Beijing"@en .',
        "?x tg:basedIn ?b .",
        id="xiaomi-based-in-beijing",
    ),
    pytest.param(
        '?p rdfs:label "Lei Jun"@en . ?x rdfs:label "Xiaomi"@en .',
        "?p tg:founded ?x . ?x tg:founder ?p .",
        id="lei-jun-founded-xiaomi",
    ),
    pytest.param(
        '?p rdfs:label "Lei Jun"@en . ?x rdfs:label "Xiaomi"@en . ?t skos:prefLabel "chairman"@en .',
        "?r a tg:Role ; tg:holder ?p ; tg:organisation ?x ; tg:roleTitle ?t .",
        id="lei-jun-chairman-of-xiaomi",
    ),
    pytest.param(
        f'?x rdfs:label "Xiaomi"@en . ?w rdfs:label "Wuhan"@en . {OPTICS_VALLEY}',
        """?hq a tg:Headquarters ; tg:facilityOf ?x ; tg:locatedIn ?z , ?w ; tg:statedAim ?aim .
           ?x tg:hasFacility ?hq .""",
        id="xiaomi-headquarters-in-optics-valley",
    ),
    *[
        pytest.param(
            f'?x rdfs:label "Xiaomi"@en . ?t skos:prefLabel "{technology}"@en .',
            "?hq a tg:Headquarters ; tg:facilityOf ?x ; tg:technologyFocus ?t .",
            id=f"xiaomi-headquarters-focus-{technology.lower().replace(' ', '-')}",
        )
        for technology in ("artificial intelligence", "Internet of Things", "big data")
    ],
    # ---- Wuhan
    pytest.param(
        '?w rdfs:label "Wuhan"@en .',
        '?w tg:nickname "Motor City"@en .',
        id="wuhan-nicknamed-motor-city",
    ),
    pytest.param(
        '?w rdfs:label "Wuhan"@en . ?h rdfs:label "Hubei"@en .',
        "?w tg:capitalOf ?h .",
        id="wuhan-capital-of-hubei",
    ),
    pytest.param(
        '?w rdfs:label "Wuhan"@en . ?a skos:prefLabel "automotive industry"@en . ?s skos:prefLabel "steel"@en .',
        "?w tg:pillarIndustry ?a ; tg:industryFocus ?s , ?a .",
        id="wuhan-steel-and-vehicles-automotive-pillar",
    ),
    *[
        pytest.param(
            f'?w rdfs:label "Wuhan"@en . ?i skos:prefLabel "{industry}"@en .',
            "?w tg:emergingIndustry ?i .",
            id=f"wuhan-emerging-{industry.replace(' ', '-')}",
        )
        for industry in ("optoelectronic information", "intelligent manufacturing", "high-tech services")
    ],
    *[
        pytest.param(
            f'?c rdfs:label "{city}"@en .',
            '?c tg:cityTier "second-tier" .',
            id=f"{city.lower()}-second-tier",
        )
        for city in ("Wuhan", "Nanchang", "Changsha")
    ],
    # ---- Optics Valley
    pytest.param(
        f'{OPTICS_VALLEY} ?w rdfs:label "Wuhan"@en .',
        """?z a tg:HighTechPark ; skos:altLabel "Optics Valley"@en ; tg:locatedIn ?w ;
              tg:established "1988"^^xsd:gYear .""",
        id="optics-valley-established-1988-in-wuhan",
    ),
    pytest.param(
        f'{OPTICS_VALLEY} ?w rdfs:label "World"@en . ?m skos:prefLabel "optical fibre and cables"@en .',
        "?s a tg:MarketShareStatement ; tg:about ?z ; tg:market ?m ; tg:scope ?w ; tg:rank 1 .",
        id="optics-valley-largest-optical-fibre-producer",
    ),
    pytest.param(
        f'{OPTICS_VALLEY} ?i skos:prefLabel "number of companies"@en .',
        """?f a tg:RegionalFigure ; tg:place ?z ; tg:indicator ?i ; tg:value ?v ; tg:unit "count" ;
              tg:valueQualifier "more than" .
           FILTER(?v = 90000.0 && datatype(?v) = xsd:decimal)""",
        id="optics-valley-over-90000-companies",
    ),
    pytest.param(
        f'{OPTICS_VALLEY} ?i skos:prefLabel "new enterprises registered per workday"@en .',
        """?f a tg:RegionalFigure ; tg:place ?z ; tg:indicator ?i ; tg:value ?v ; tg:unit "count" ;
              tg:referencePeriod "2018"^^xsd:gYear .
           FILTER(?v = 88.0 && datatype(?v) = xsd:decimal)""",
        id="optics-valley-88-new-enterprises-per-workday-2018",
    ),
    pytest.param(
        f'{OPTICS_VALLEY} ?i skos:prefLabel "patent applications"@en .',
        """?f a tg:RegionalFigure ; tg:place ?z ; tg:indicator ?i ; tg:value ?v ; tg:unit "count" ;
              tg:referencePeriod "2018"^^xsd:gYear .
           FILTER(?v = 29000.0 && datatype(?v) = xsd:decimal)""",
        id="optics-valley-29000-patent-applications-2018",
    ),
    pytest.param(
        f"""{OPTICS_VALLEY} ?w rdfs:label "Wuhan"@en .
            ?i skos:prefLabel "output of high-tech industries above designated size"@en .""",
        """?f a tg:RegionalFigure ; tg:place ?w ; tg:indicator ?i ; tg:drivenBy ?z ;
              tg:value ?v ; tg:currency "CNY" ; tg:valueQualifier "more than" ;
              tg:equivalentAmount ?usd ; tg:equivalentCurrency "USD" ;
              tg:growthPercent ?g ; tg:referencePeriod "2018"^^xsd:gYear .
           FILTER(?v = 1000000000000.0 && datatype(?v) = xsd:decimal && ?usd = 143000000000.0 && ?g = 16.1)""",
        id="wuhan-high-tech-output-over-1-trillion-yuan-2018",
    ),
    pytest.param(
        '?w rdfs:label "Wuhan"@en . ?c rdfs:label "China"@en . ?i skos:prefLabel "GDP growth"@en .',
        """?f a tg:RegionalFigure ; tg:place ?w ; tg:indicator ?i ; tg:value ?v ; tg:unit "percent" ;
              tg:referencePeriod "2018"^^xsd:gYear ; tg:exceedsAverageOf ?c .
           FILTER(?v = 8.0 && datatype(?v) = xsd:decimal)""",
        id="wuhan-gdp-growth-8-percent-2018-above-national",
    ),
    # ---- other firms in Optics Valley
    *[
        pytest.param(
            f'{OPTICS_VALLEY} ?x rdfs:label "{firm}"@en .',
            """?hq a tg:SecondHeadquarters ; tg:facilityOf ?x ; tg:locatedIn ?z ;
                  tg:established "2017"^^xsd:gYear .
               ?x tg:hasFacility ?hq .""",
            id=f"{firm.lower().replace(' ', '-')}-second-headquarters-2017",
        )
        for firm in ("iFlytek", "Qihoo 360", "Kingsoft")
    ],
    *[
        pytest.param(
            f'{OPTICS_VALLEY} ?x rdfs:label "{firm}"@en .',
            "?rc a tg:ResearchCentre ; tg:facilityOf ?x ; tg:locatedIn ?z . ?x tg:hasFacility ?rc .",
            id=f"{firm.lower()}-research-centre",
        )
        for firm in ("Alibaba", "Huawei")
    ],
    pytest.param(
        '?x rdfs:label "iFlytek"@en . ?i skos:prefLabel "artificial intelligence"@en .',
        "?x tg:industryFocus ?i .",
        id="iflytek-ai-firm",
    ),
    pytest.param(
        '?x rdfs:label "Alibaba"@en . ?i skos:prefLabel "e-commerce"@en .',
        "?x tg:industryFocus ?i .",
        id="alibaba-e-commerce-firm",
    ),
    # ---- other provincial capitals
    pytest.param(
        '?c rdfs:label "Nanchang"@en . ?p rdfs:label "Jiangxi"@en . ?i skos:prefLabel "virtual reality"@en .',
        "?c tg:capitalOf ?p ; tg:emergingIndustry ?i . ?p a tg:Province .",
        id="nanchang-capital-of-jiangxi-virtual-reality",
    ),
    pytest.param(
        '?c rdfs:label "Changsha"@en . ?p rdfs:label "Hunan"@en . ?i skos:prefLabel "autonomous driving"@en .',
        "?c tg:capitalOf ?p ; tg:industryFocus ?i . ?p a tg:Province .",
        id="changsha-capital-of-hunan-self-driving",
    ),
]


@pytest.mark.parametrize(("labels", "facts"), FACTS)
def test_article_004_states(seed_kg, labels, facts):
    assert stated(seed_kg, labels, facts), f"not found in {GRAPH}:\n{labels}\n{facts}"


def test_headquarters_is_the_one_article_000_dates(seed_kg):
    # Both articles speak of one Xiaomi Wuhan headquarters; each graph holds its own facts about it.
    query = f"""{PREFIXES}SELECT DISTINCT ?hq WHERE {{
        ?x rdfs:label "Xiaomi"@en .
        GRAPH {GRAPH} {{ ?hq a tg:Headquarters ; tg:facilityOf ?x }}
        GRAPH tgsrc:d45ea5260ee2b7ad {{ ?hq tg:established "2018-12"^^xsd:gYearMonth }} }}"""
    assert [str(row[0]) for row in seed_kg.query(query)] == ["https://tiegraph.org/id/xiaomi-wuhan-headquarters"]
