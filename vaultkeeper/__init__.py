"""vaultkeeper: a plain-text relationship manager for a folder of Markdown contact notes."""

__version__ = "0.1.0"
