"""A sheet's text values as typed literals, by the range of the relation they fill.

The checks here are those a person needs told in their own terms ("write 2021, 2021-04 or
2021-04-02"), before the shapes see the data; every value still goes through SHACL afterwards.
Numbers are written in XSD's canonical form, so a sheet and a TriG file stating the same amount
give the same literal.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.errors import BadValue
from graph.model.statements import Passage
from graph.search.names import HAN_RUN

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDFS_LITERAL = "http://www.w3.org/2000/01/rdf-schema#Literal"
DURATION = re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")
CURRENCY = re.compile(r"[A-Z]{3}")
CURRENCY_WORDS = {"yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "元": "CNY", "dollar": "USD", "dollars": "USD", "usd$": "USD", "euro": "EUR", "euros": "EUR"}
NUMBER_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "万": 10**4, "亿": 10**8}


def typed(text: str, datatype: str, relation: str) -> ox.Literal:
    """`text` as a literal of `datatype` for `relation` (named in messages)."""
    text = text.strip()
    if not text:
        raise BadValue(f"{relation} is empty; give a value or leave the line out")
    if datatype == f"{XSD}decimal":
        return ox.Literal(_decimal(text, relation), datatype=ox.NamedNode(datatype))
    if datatype == f"{XSD}integer":
        if not re.fullmatch(r"-?\d+", text):
            raise BadValue(f"{relation} takes a whole number such as 3, not {text!r}")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(datatype))
    if datatype == f"{XSD}boolean":
        if text.lower() not in ("true", "false", "yes", "no"):
            raise BadValue(f"{relation} takes true or false, not {text!r}")
        return ox.Literal("true" if text.lower() in ("true", "yes") else "false", datatype=ox.NamedNode(datatype))
    if datatype == f"{XSD}duration":
        if not DURATION.fullmatch(text):
            raise BadValue(f"{relation} takes an ISO 8601 duration such as P10Y (ten years) or P6M (six months), not {text!r}")
        return ox.Literal(text, datatype=ox.NamedNode(datatype))
    if datatype == RDFS_LITERAL:  # the ontology's dates: a day, a month or a year
        return date(text, relation)
    if datatype == RDF_LANG_STRING:
        return ox.Literal(text, language=language_of(text))
    if relation.lower().endswith("currency"):
        return ox.Literal(_currency(text, relation))
    return ox.Literal(text)


def date(text: str, relation: str) -> ox.Literal:
    """`2021` as xsd:gYear, `2021-04` as xsd:gYearMonth, `2021-04-02` as xsd:date."""
    if re.fullmatch(r"\d{4}", text):
        return ox.Literal(text, datatype=ox.NamedNode(f"{XSD}gYear"))
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return ox.Literal(text, datatype=ox.NamedNode(f"{XSD}gYearMonth"))
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{relation} takes a date written 2021, 2021-04 or 2021-04-02, not {text!r}") from None
    return ox.Literal(text, datatype=ox.NamedNode(f"{XSD}date"))


def language_of(text: str) -> str:
    """`zh` for text in Chinese characters, else `en`."""
    return "zh" if HAN_RUN.search(text) and not re.search(r"[A-Za-z]{3,}", text) else "en"


def _decimal(text: str, relation: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadValue(f"{relation} takes a plain number, not {text!r}; {_number_hint(text)}") from None
    if not number.is_finite():
        raise BadValue(f"{relation} takes a finite number, not {text!r}")
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1))}.0"
    return format(number.normalize(), "f")


def _number_hint(text: str) -> str:
    """What the person probably meant: `2 billion yuan` is amount 2000000000 and currency CNY."""
    plain = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())  # 1,000 is a thousand
    words = re.findall(r"\d+(?:\.\d+)?|[a-z]+|[^\W\d_a-z]", plain)
    number = next((w for w in words if re.fullmatch(r"\d+(\.\d+)?", w)), None)
    scale = next((NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS), 1)
    currency = next((CURRENCY_WORDS[w] for w in words if w in CURRENCY_WORDS), None) or next((w.upper() for w in words if CURRENCY.fullmatch(w.upper()) and w.upper() != w.lower()), None)
    if number is None:
        return "write digits, such as 2000000000"
    figure = Decimal(number) * scale
    amount = f"write {figure.quantize(Decimal(1)) if figure == figure.to_integral_value() else figure}"
    return f"{amount} and put the currency in its own field (currency: {currency})" if currency else f"{amount} (no words or units)"


def _currency(text: str, relation: str) -> str:
    if CURRENCY.fullmatch(text):
        return text
    known = CURRENCY_WORDS.get(text.lower())
    hint = f"; {text!r} is {known}" if known else ""
    raise BadValue(f"{relation} takes an ISO 4217 code such as CNY or USD{hint}")


PARAGRAPH_PART = re.compile(r"(?:¶|paragraph\s*|para\.?\s*|p\.?\s*)?(\d+)", re.IGNORECASE)
CHARACTERS_PART = re.compile(r"(?:chars?\.?|characters)?\s*(\d+)\s*[-–]\s*(\d+)", re.IGNORECASE)


def passage(text: str) -> Passage:
    """`¶3`, `3`, `chars 120-245` or `¶3, chars 120-245`: where a source states a fact (its
    paragraphs counted from 1; characters from 0, the end one past the passage)."""
    paragraphs: list[int] = []
    offsets: tuple[int, int] | None = None
    for part in filter(None, (p.strip() for p in text.split(","))):
        if (span := CHARACTERS_PART.fullmatch(part)) is not None:
            start, end = int(span[1]), int(span[2])
            if offsets is not None or start >= end:
                raise BadValue(f"at: gives one character range, its start before its end (chars 120-245), not {text!r}")
            offsets = (start, end)
        elif (number := PARAGRAPH_PART.fullmatch(part)) is not None and int(number[1]) > 0:
            paragraphs.append(int(number[1]))
        else:
            raise BadValue(f"at: says where the source states the fact: a paragraph from 1 (¶3), characters (chars 120-245) or both (¶3, chars 120-245), not {text!r}")
    if not paragraphs and offsets is None:
        raise BadValue("at: is empty; give a paragraph (¶3) or characters (chars 120-245), or leave it out")
    return Passage(tuple(sorted(set(paragraphs))), *(offsets or (None, None)))

