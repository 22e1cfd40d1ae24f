"""Kunnskapsbro: the system a university municipality runs its collaboration on."""

__version__ = "0.1.0"
