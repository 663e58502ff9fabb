"""HTML views of the registries, by registry."""
