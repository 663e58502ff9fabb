"""A test-only app with a concrete model using every encrypted field (tests/core/test_fields.py).

Add ``"tests.core.fieldtest"`` to INSTALLED_APPS when running the tests.
"""
