"""The web workbench and JSON API (FastAPI); see docs/web.md. Nothing is imported here."""
