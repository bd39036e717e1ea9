"""Schemathesis sends SPARQL texts and N-Triples as they are: both are plain UTF-8 text."""

import schemathesis

schemathesis.serializer.alias(["application/sparql-query", "application/sparql-update", "application/n-triples"], "text/plain")
