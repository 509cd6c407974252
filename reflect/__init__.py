"""Reflect: an encrypted reflective-practice journal for mental-health practitioners."""

__version__ = "0.1.0"
