"""Models of the compensation app."""
