"""Models of the shelters app."""
