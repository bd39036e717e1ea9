"""tiegraph's OWL vocabulary (`tiegraph.ttl`) and SHACL shapes (`shapes.ttl`), shipped as package
data so that an installed tiegraph finds them without a checkout; read by `graph.model.ontology`."""
