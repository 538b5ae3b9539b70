"""socialproof: self-hosted product reviews and honest trust signals for web shops."""

__version__ = "0.1.0"
