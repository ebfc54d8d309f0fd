"""Reviewed vocabulary (YAML) and the one place that normalises countries."""

from .countries import country_name, country_table, dissolved_code, iso2, normalise_country

__all__ = ["country_name", "country_table", "dissolved_code", "iso2", "normalise_country"]
