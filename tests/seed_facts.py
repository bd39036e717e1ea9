"""Ask whether a seed article's named graph states a fact about entities found by their labels."""

from __future__ import annotations

from rdflib import Dataset

PREFIXES = """
PREFIX tg: <https://tiegraph.org/ontology#>
PREFIX tgid: <https://tiegraph.org/id/>
PREFIX tgsrc: <https://tiegraph.org/source/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def stated_in(kg: Dataset, graph: str, labels: str, facts: str) -> bool:
    """True when the entities named in `labels` exist and `facts` about them sit in `graph`."""
    return bool(kg.query(f"{PREFIXES}ASK {{ {labels} GRAPH {graph} {{ {facts} }} }}"))
