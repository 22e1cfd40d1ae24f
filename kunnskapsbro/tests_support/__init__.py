"""Test helpers shared by every app: factory_boy factories (``factories``), the OpenAPI snapshot."""
