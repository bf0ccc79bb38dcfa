"""policy-kg: a knowledge graph of policy entities from Chinese government documents.

The library surface; the `kg` command (kg.cli) is a thin layer over these.
"""
from __future__ import annotations

__version__ = "0.1.0"

from kg.build import build
from kg.graph import build_graph
from kg.pipeline import extract_document, extract_paths
from kg.text import Document

__all__ = ["build", "build_graph", "extract_document", "extract_paths", "Document", "__version__"]
