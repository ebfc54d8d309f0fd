"""undercurrent: read news about international relations, every statement sourced."""

__version__ = "0.1.0"
__all__ = ["Corpus", "__version__"]


def __getattr__(name: str):
    """Import the notebook API lazily, so ``import undercurrent`` stays light."""
    if name == "Corpus":
        from .api import Corpus

        return Corpus
    raise AttributeError(f"module 'undercurrent' has no attribute {name!r}")
