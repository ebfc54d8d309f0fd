"""The spaCy stage: load one pipeline per process and parse in batches."""

from .model import load_nlp, parse_texts

__all__ = ["load_nlp", "parse_texts"]
