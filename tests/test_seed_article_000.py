"""Facts of article 000 (d45ea5260ee2b7ad): local governments courting Xiaomi, NIO and XPeng.

Each case finds its entities by label anywhere in the store, then requires the fact itself
inside the article's named graph, with exact values (decimal amounts, ISO currencies, dates).
"""

from __future__ import annotations

import pytest

from tests.seed_facts import PREFIXES, stated_in

GRAPH = "tgsrc:d45ea5260ee2b7ad"


def stated(kg, labels: str, facts: str) -> bool:
    """True when the entities named in `labels` exist and `facts` about them sit in this article's graph."""
    return stated_in(kg, GRAPH, labels, facts)


FACTS = [
    pytest.param(
        "",
        f"""{GRAPH} a tg:SourceDocument , tg:NewsArticle ;
              dcterms:identifier "000_d45ea5260ee2b7ad.txt" ; dcterms:language "en" ;
              dcterms:title ?title ; tg:titleSupplied true ;
              dcterms:issued "2021-04"^^xsd:gYearMonth ; skos:note ?why .
            FILTER(lang(?title) = "en")""",
        id="document-described-title-supplied-issue-date-inferred",
    ),
    # ---- Wuhan, Lei Jun and Xiaomi
    pytest.param(
        '?w rdfs:label "Wuhan"@en . ?h rdfs:label "Hubei"@en .',
        "?w tg:capitalOf ?h .",
        id="wuhan-capital-of-hubei",
    ),
    pytest.param(
        '?p rdfs:label "Lei Jun"@en . ?h rdfs:label "Hubei"@en .',
        "?p tg:hometown ?h .",
        id="lei-jun-from-hubei",
    ),
    pytest.param(
        '?p rdfs:label "Lei Jun"@en . ?x rdfs:label "Xiaomi"@en . ?t skos:prefLabel "CEO"@en .',
        "?r a tg:Role ; tg:holder ?p ; tg:organisation ?x ; tg:roleTitle ?t .",
        id="lei-jun-ceo-of-xiaomi",
    ),
    pytest.param(
        '?p rdfs:label "Lei Jun"@en . ?c rdfs:label "Xiantao"@en . ?h rdfs:label "Hubei"@en .',
        "?p tg:bornIn ?c . ?c tg:locatedIn ?h .",
        id="lei-jun-born-in-xiantao-hubei",
    ),
    pytest.param(
        '?p rdfs:label "Lei Jun"@en . ?u rdfs:label "Wuhan University"@en .',
        """?p tg:studiedAt ?u .
           ?e a tg:Enrolment ; tg:student ?p ; tg:institution ?u ; tg:startDate "1987"^^xsd:gYear .""",
        id="lei-jun-enrolled-wuhan-university-1987",
    ),
    pytest.param(
        '?x rdfs:label "Xiaomi"@en . ?w rdfs:label "Wuhan"@en .',
        """?hq a tg:Headquarters ; tg:facilityOf ?x ; tg:locatedIn ?w ;
               tg:established "2018-12"^^xsd:gYearMonth .
           ?x tg:hasFacility ?hq .""",
        id="xiaomi-wuhan-headquarters-december-2018",
    ),
    # ---- Wuhan Economic Development Zone courts Xiaomi's car project
    pytest.param(
        """?z rdfs:label "Wuhan Economic Development Zone"@en . ?x rdfs:label "Xiaomi"@en .
           ?w rdfs:label "Wuhan"@en . ?k skos:prefLabel "courting task force"@en .""",
        """?i a tg:Incentive ; tg:kind ?k ; tg:grantor ?z ; tg:recipient ?x ; tg:place ?w ;
              tg:reportedOn "2021-04-02"^^xsd:date ; tg:statedAim ?aim .""",
        id="wuhan-zone-task-force-courts-xiaomi",
    ),
    pytest.param(
        '?z rdfs:label "Wuhan Economic Development Zone"@en . ?a skos:prefLabel "automotive industry"@en .',
        "?z tg:pillarIndustry ?a .",
        id="wuhan-zone-pillar-industry-automotive",
    ),
    *[
        pytest.param(
            f'?z rdfs:label "Wuhan Economic Development Zone"@en . ?c skos:prefLabel "{trend}"@en .',
            "?z tg:industryFocus ?c .",
            id=f"wuhan-zone-promotes-{trend.replace(' ', '-')}",
        )
        for trend in (
            "next-generation vehicles",
            "vehicle intelligence",
            "vehicle connectivity",
            "vehicle electrification",
            "vehicle lightweighting",
            "shared mobility",
        )
    ],
    # ---- NIO, William Li and Hefei
    pytest.param(
        '?p rdfs:label "William Li"@en . ?n rdfs:label "NIO"@en .',
        "?p tg:founded ?n . ?n tg:founder ?p .",
        id="william-li-founded-nio",
    ),
    pytest.param(
        '?p rdfs:label "William Li"@en . ?c rdfs:label "Hefei"@en .',
        "?p tg:hometown ?c .",
        id="william-li-hometown-hefei",
    ),
    pytest.param(
        '?nc rdfs:label "NIO China"@en . ?n rdfs:label "NIO"@en . ?c rdfs:label "Hefei"@en .',
        "?nc tg:headquarteredIn ?c ; tg:parentOrganisation ?n .",
        id="nio-china-headquartered-in-hefei",
    ),
    pytest.param(
        """?g rdfs:label "Hefei city government"@en . ?c rdfs:label "Hefei"@en . ?n rdfs:label "NIO"@en .
           ?k skos:prefLabel "rescue financing"@en .""",
        """?g tg:jurisdiction ?c .
           ?i a tg:Incentive ; tg:kind ?k ; tg:grantor ?g ; tg:recipient ?n ; tg:date "2020"^^xsd:gYear ;
              tg:returnMultiple ?times ; tg:returnAfter "P6M"^^xsd:duration ; tg:statedOutcome ?outcome .
           FILTER(?times = 30.0 && datatype(?times) = xsd:decimal)""",
        id="hefei-rescued-nio-2020-thirty-fold-in-six-months",
    ),
    pytest.param(
        """?g rdfs:label "Hefei city government"@en . ?n rdfs:label "NIO"@en .
           ?k skos:prefLabel "industrial-park agreement"@en . ?f skos:prefLabel "smart electric vehicles"@en .""",
        """?i a tg:Incentive ; tg:kind ?k ; tg:grantor ?g ; tg:recipient ?n ; tg:announcedBy ?n ;
              tg:date "2021-02"^^xsd:gYearMonth ; tg:involvesFacility ?park .
           ?park a tg:IndustrialPark ; tg:industryFocus ?f .""",
        id="nio-hefei-smart-ev-park-agreement-february-2021",
    ),
    # ---- XPeng, Guangzhou and Guangdong
    pytest.param(
        '?x rdfs:label "XPeng"@en ; skos:altLabel "XPeng Motors"@en . ?c rdfs:label "Guangzhou"@en .',
        "?x tg:basedIn ?c .",
        id="xpeng-motors-in-guangzhou",
    ),
    pytest.param(
        '?x rdfs:label "XPeng"@en . ?c rdfs:label "Guangzhou"@en .',
        "?g a tg:GovernmentBody ; tg:jurisdiction ?c ; tg:supports ?x .",
        id="guangzhou-government-supports-xpeng",
    ),
    pytest.param(
        """?x rdfs:label "XPeng"@en . ?p rdfs:label "Guangdong"@en .
           ?k skos:prefLabel "strategic investment"@en .""",
        """?fund a tg:StateBackedFund ; tg:basedIn ?p .
           ?i a tg:Incentive ; tg:kind ?k ; tg:grantor ?fund ; tg:recipient ?x ; tg:announcedBy ?x ;
              tg:date "2021-03"^^xsd:gYearMonth ;
              tg:amount ?cny ; tg:currency "CNY" ; tg:equivalentAmount ?usd ; tg:equivalentCurrency "USD" .
           FILTER(?cny = 500000000.0 && datatype(?cny) = xsd:decimal && ?usd = 76000000.0)""",
        id="xpeng-rmb-500-million-from-guangdong-state-investors",
    ),
    # ---- Xiaomi enters smart electric vehicles
    pytest.param(
        '?x rdfs:label "Xiaomi"@en . ?m skos:prefLabel "smart electric vehicles"@en .',
        """?a a tg:MarketAnnouncement ; tg:announcedBy ?x ; tg:market ?m ; tg:date "2021-03-30"^^xsd:date ;
              tg:amount ?usd ; tg:currency "USD" ; tg:commitmentPeriod "P10Y"^^xsd:duration ;
              tg:initialTrancheAmount ?cny ; tg:initialTrancheCurrency "CNY" .
           FILTER(?usd = 10000000000.0 && datatype(?usd) = xsd:decimal && ?cny = 10000000000.0)""",
        id="xiaomi-smart-ev-entry-usd-10-billion-over-10-years",
    ),
    pytest.param(
        '?p rdfs:label "Lei Jun"@en . ?x rdfs:label "Xiaomi"@en . ?t skos:prefLabel "CEO"@en .',
        """?unit a tg:BusinessUnit ; tg:parentOrganisation ?x .
           ?r a tg:Role ; tg:holder ?p ; tg:organisation ?unit ; tg:roleTitle ?t ; tg:announcedIn ?a .
           ?a a tg:MarketAnnouncement ; tg:announcedBy ?x .""",
        id="lei-jun-to-be-ceo-of-smart-ev-business",
    ),
    # ---- Counterpoint Research smartphone rankings
    pytest.param(
        """?x rdfs:label "Xiaomi"@en . ?c rdfs:label "China"@en . ?src rdfs:label "Counterpoint Research"@en .
           ?m skos:prefLabel "smartphones"@en .""",
        """?s a tg:MarketShareStatement ; tg:about ?x ; tg:market ?m ; tg:scope ?c ; tg:rank 1 ;
              tg:referencePeriod "2021-02"^^xsd:gYearMonth ; tg:reportedBy ?src .""",
        id="xiaomi-first-smartphone-maker-in-china",
    ),
    pytest.param(
        """?x rdfs:label "Xiaomi"@en . ?w rdfs:label "World"@en . ?src rdfs:label "Counterpoint Research"@en .
           ?m skos:prefLabel "smartphones"@en .""",
        """?s a tg:MarketShareStatement ; tg:about ?x ; tg:market ?m ; tg:scope ?w ; tg:rank 3 ;
              tg:sharePercent ?share ; tg:referencePeriod "2021-02"^^xsd:gYearMonth ; tg:reportedBy ?src .
           FILTER(?share = 13.0 && datatype(?share) = xsd:decimal)""",
        id="xiaomi-third-worldwide-13-percent",
    ),
    pytest.param(
        '?src rdfs:label "Counterpoint Research"@en .',
        "?src a tg:ResearchFirm .",
        id="counterpoint-is-a-research-firm",
    ),
]


@pytest.mark.parametrize(("labels", "facts"), FACTS)
def test_article_000_states(seed_kg, labels, facts):
    assert stated(seed_kg, labels, facts), f"not found in {GRAPH}:\n{labels}\n{facts}"


def test_unnamed_fourth_ranked_firm_is_left_out(seed_kg):
    # The garbled sentence ranks a firm fourth in China without naming it: nothing is recorded.
    query = f"{PREFIXES}ASK {{ GRAPH {GRAPH} {{ ?s tg:rank 4 }} }}"
    assert not bool(seed_kg.query(query))


def test_only_xiaomi_has_market_statements(seed_kg):
    query = f"""{PREFIXES}SELECT DISTINCT ?who WHERE {{
        GRAPH {GRAPH} {{ ?s a tg:MarketShareStatement ; tg:about ?who }} }}"""
    assert [str(row[0]) for row in seed_kg.query(query)] == ["https://tiegraph.org/id/xiaomi"]
