"""REST API of the registries: the same access helpers and services as the HTML views."""
