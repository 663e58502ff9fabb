"""Compensation pages: the fund (fund.py) and the claims in criminal proceedings (claims.py)."""
