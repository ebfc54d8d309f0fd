"""undercurrent: read news about international relations, every statement sourced."""

__version__ = "0.1.0"
__all__ = ["__version__"]
