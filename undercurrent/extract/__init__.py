"""Extractors: spaCy Doc -> records with provenance. Each module owns one kind of record."""
