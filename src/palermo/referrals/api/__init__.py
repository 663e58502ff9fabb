"""REST API of the referral mechanism: the same access helpers and services as the HTML views."""
