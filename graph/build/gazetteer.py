"""Build the gazetteer graph (seeds/gazetteer.trig) from the administrative-code table of a PyPI package.

Run `make gazetteer` (or `tiegraph gazetteer -o seeds/gazetteer.trig` with the `gazetteer` extra
installed): it reads `cpca/resources/adcodes.csv` and `56_nations.csv` from the installed
cpca distribution without importing cpca (which would pull in pandas), turns the rows into
divisions (graph/build/divisions.py) and writes one TriG named graph, `tgsrc:gazetteer`, that describes
itself with the package, its version and licence and the table's SHA-256. The output depends
only on the package versions, so the committed file can be checked by building it again.

Each division is `tgid:cn-<code>`: the six-digit code is stable where names repeat (there are
many 朝阳区) and is what official data uses to name the division.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from graph.build.divisions import Division, read_divisions
from graph.errors import InputError

PACKAGE = "cpca"
TABLE, ETHNIC_GROUPS = "cpca/resources/adcodes.csv", "cpca/resources/56_nations.csv"
OUTPUT = Path("seeds") / "gazetteer.trig"
GRAPH = "tgsrc:gazetteer"
DECIMAL = re.compile(r"-?\d+(\.\d+)?")


def place_iri(code: str) -> str:
    """`tgid:cn-420100`: the compact IRI of the division with that six-digit code."""
    return f"tgid:cn-{code}"


@dataclass(frozen=True)
class Origin:
    """The package the table comes from, as its metadata describes it."""

    name: str
    version: str
    licence: str
    home_page: str
    table_sha256: str
    pinyin_version: str

    @property
    def page(self) -> str:
        return f"https://pypi.org/project/{self.name}/{self.version}/"


def read_package(package: str = PACKAGE) -> tuple[Origin, list[Division]]:
    """The installed package's description and the divisions of its table."""
    try:
        distribution = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        raise InputError(f"the package {package} is not installed; run `make gazetteer`, or `pip install -e '.[gazetteer]'`") from None
    table = Path(str(distribution.locate_file(TABLE))).read_bytes()
    groups = Path(str(distribution.locate_file(ETHNIC_GROUPS))).read_text(encoding="utf-8").split()
    origin = Origin(
        name=distribution.metadata["Name"],
        version=distribution.version,
        licence=distribution.metadata.get("License") or "",
        home_page=distribution.metadata.get("Home-page") or "",
        table_sha256=hashlib.sha256(table).hexdigest(),
        pinyin_version=metadata.version("pypinyin"),
    )
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"))))
    return origin, read_divisions(rows, groups)


def render(origin: Origin, divisions: list[Division]) -> str:
    """The gazetteer as TriG text: one named graph, its description first, then divisions by code."""
    counts = {level: sum(d.level == level for d in divisions) for level in ("provincial", "prefecture", "county")}
    parts = [_HEADER.format(name=origin.name, version=origin.version), f"GRAPH {GRAPH} {{\n\n", _describe(origin, counts)]
    parts.append('    tgid:china a tg:Country ;\n        rdfs:label "China"@en , "中国"@zh .\n\n')
    parts.extend(_division(d) for d in divisions)
    parts.append("}\n")
    return "".join(parts)


def _describe(origin: Origin, counts: dict[str, int]) -> str:
    licence = f"<https://spdx.org/licenses/{origin.licence}.html>" if re.fullmatch(r"[A-Za-z0-9.+-]+", origin.licence) else _text(origin.licence)
    comment = (
        f"Built by graph/build/gazetteer.py from the administrative-code table of the PyPI package {origin.name} {origin.version} "
        f"({origin.licence} licence; file {TABLE}, SHA-256 {origin.table_sha256}): {counts['provincial']} provincial-level, "
        f"{counts['prefecture']} prefecture-level and {counts['county']} county-level divisions with their GB/T 2260 codes, Chinese names "
        "and coordinates (WGS84 decimal degrees, as the table gives them). Rows that only group others (市辖区, 省直辖县级行政区划) are "
        "left out and their rows placed in the next division up; a province's capital is its first prefecture (code PP01), as "
        f"GB/T 2260 numbers them. Pinyin is read by pypinyin {origin.pinyin_version}; English names are the pinyin with the kind of "
        "division (Hongshan District), except the provincial-level names English writes otherwise (Inner Mongolia, Tibet, "
        "Shaanxi, Hong Kong, Macao)."
    )
    home = ""
    if origin.home_page.startswith("https://"):
        home = f""" ;\n        schema:codeRepository <{origin.home_page}> .\n\n    <{origin.home_page}> rdfs:label {_text(f"source repository of {origin.name}")}@en"""
    if licence.startswith("<"):
        home += f" .\n\n    {licence} rdfs:label {_text(f'{origin.licence} licence')}@en"
    return f"""    {GRAPH} a tg:ReferenceDataset ;
        rdfs:label "Gazetteer of China's administrative divisions"@en ;
        dcterms:title "Administrative divisions of China: provincial, prefecture and county level"@en ;
        tg:titleSupplied true ;
        dcterms:identifier "gazetteer" ;
        dcterms:language "zh" , "en" ;
        dcterms:license {licence} ;
        dcterms:source <{origin.page}> ;
        prov:wasDerivedFrom <{origin.page}> ;
        rdfs:comment {_text(comment)}@en .

    <{origin.page}> a schema:SoftwareSourceCode ;
        rdfs:label {_text(f"{origin.name} {origin.version}")}@en ;
        schema:version {_text(origin.version)} ;
        dcterms:license {licence}{home} .

"""


def _division(d: Division) -> str:
    lines = [
        f"    {place_iri(d.code)} a {' , '.join(f'tg:{c}' for c in d.classes)} ;",
        f"        rdfs:label {_text(d.english)}@en , {_text(d.name)}@zh , {_text(d.pinyin)}@zh-Latn-pinyin ;",
        f"        skos:altLabel {' , '.join(_aliases(d))} ;",
        f"        tg:divisionCode {_text(d.code)} ;",
        f"        tg:locatedIn {place_iri(d.parent) if d.parent else 'tgid:china'} ;",
    ]
    if d.capital_of:
        lines.append(f"        tg:capitalOf {place_iri(d.capital_of)} ;")
    for name, value in (("longitude", d.longitude), ("latitude", d.latitude)):
        if value is not None:
            if not DECIMAL.fullmatch(value):
                raise InputError(f"the administrative-code table gives {d.code} {d.name} the {name} {value!r}, which is not a decimal number")
            lines.append(f"        tg:{name} {value if '.' in value else value + '.0'} ;")
    return "\n".join(lines)[:-2] + " .\n\n"


def _aliases(d: Division) -> list[str]:
    found = [f"{_text(d.short_name)}@zh"] if d.short_name != d.name else []
    return [*found, f"{_text(d.pinyin_plain)}@zh-Latn-pinyin"]


def _text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_HEADER = """# Gazetteer: China's administrative divisions. GENERATED by graph/build/gazetteer.py from the PyPI
# package {name} {version}; do not edit by hand, run `make gazetteer` instead.

@prefix tg:      <https://tiegraph.org/ontology#> .
@prefix tgid:    <https://tiegraph.org/id/> .
@prefix tgsrc:   <https://tiegraph.org/source/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix schema:  <https://schema.org/> .

"""


def write_gazetteer(output: Path = OUTPUT) -> str:
    """Write the gazetteer TriG file from the installed source package; say what was written."""
    origin, divisions = read_package()
    output.write_text(render(origin, divisions), encoding="utf-8")
    return f"{output}: {len(divisions)} divisions from {origin.name} {origin.version}"
