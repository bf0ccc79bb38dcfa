"""Errors caused by the user's input; the CLI prints them as one `Error: ...` line."""


class KgError(Exception):
    """Base class for errors the user can fix; the CLI prints these without a traceback."""


class InputError(KgError):
    """A document or argument cannot be read: missing path, empty folder, wrong encoding, binary file."""


class ResourceError(KgError):
    """A registry asset (segmentation model, gazetteer) cannot be obtained or is corrupt."""


class OntologyError(KgError):
    """The ontology or the SHACL shapes do not parse."""


class QueryError(KgError):
    """Unknown query name, SPARQL syntax error, malformed binding."""


class GraphError(KgError):
    """The built graph is missing or does not parse."""
