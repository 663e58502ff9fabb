"""Models of the justice app."""
