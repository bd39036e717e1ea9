"""A fact sheet of 30 facts about a new firm, for bench_sheets.py: each `tag` names new entities
and a new source, so adding it is a real write.

Besides its own entities the sheet names what the seed graph (and so the generated graph, which
is loaded with the seeds) already holds, places in several forms (`武汉市`, `wuhan shi`, `Optics
Valley`, `Taizhou, Zhejiang`, `湖南`), so checking it resolves names as a journalist's sheet does.
"""

from __future__ import annotations

FACTS = 30


def fact_sheet(tag: str) -> str:
    """The YAML text of the sheet for `tag` (letters, digits and hyphens)."""
    firm, founder = f"Bench Motors {tag}", f"Bench Founder {tag}"
    hq, lab = f"{firm} headquarters", f"{firm} research centre"
    figures = [
        ("Changsha", "Changsha City"), ("Nanchang", "南昌市"), ("Xiantao", "xiantao shi"), ("Hubei", "Hubei Province"),
        ("Hunan", "湖南"), ("Guangzhou", "广州市"), ("Jiangxi", "jiangxi sheng"),
    ]
    regional = "".join(
        f"""  - event: regional figure
    label: Companies in {place}, bench {tag}
    place: {written}
    indicator: number of companies
    value: {12 + n}
    unit: count
    reference period: 2023
"""
        for n, (place, written) in enumerate(figures)
    )
    return f"""source:
  id: bench-sheet-{tag}
  title: {firm} opens its headquarters in Wuhan's Optics Valley
  type: news article
  language: en
  issued: 2024-05-06

entities:
  - name: {firm}
    a: company
  - name: {founder}
    a: person
  - name: {hq}
    a: headquarters
  - name: {lab}
    a: research centre

facts:
  - [{firm}, founder, {founder}]
  - [{founder}, founded, {firm}]
  - [{founder}, born in, "Taizhou, Zhejiang"]
  - [{founder}, hometown, 浙江]
  - [{founder}, studied at, Wuhan University]
  - [{firm}, headquartered in, 武汉市]
  - [{firm}, based in, Wuhan]
  - [{firm}, industry focus, [smart electric vehicles, automotive industry]]
  - [{firm}, has facility, {hq}]
  - [{firm}, has facility, {lab}]
  - [{hq}, facility of, {firm}]
  - [{hq}, located in, [Optics Valley, wuhan shi]]
  - [{hq}, established, 2024-05]
  - [{hq}, technology focus, [artificial intelligence, big data]]
  - [{lab}, facility of, {firm}]
  - [{lab}, located in, hefei shi]
  - [{lab}, established, 2024]
  - event: role
    label: {founder}, CEO of {firm}
    holder: {founder}
    organisation: {firm}
    role title: CEO
  - event: role
    label: {founder}, chairman of {firm}
    holder: {founder}
    organisation: {firm}
    role title: chairman
  - event: enrolment
    label: {founder}'s enrolment at Wuhan University
    student: {founder}
    institution: Wuhan University
    start date: 2001
  - event: incentive
    label: East Lake zone land and investment for {firm}, 2024
    kind: strategic investment
    grantor: East Lake High-tech Development Zone
    recipient: {firm}
    place: Wuhan
    date: 2024
    amount: 1500000000
    currency: CNY
  - event: incentive
    label: Hefei investment in {firm}'s research centre, 2024
    kind: strategic investment
    grantor: Hefei city government
    recipient: {firm}
    place: 合肥
    date: 2024-03
    amount: 300000000
    currency: CNY
  - event: market announcement
    label: {firm} announces its first electric car, 2024
    announced by: {firm}
    date: 2024-05-06
    market: smart electric vehicles
    amount: 2000000000
    currency: CNY
{regional}"""
