"""Dostastyq: a knowledge graph of the CIS and post-Soviet integration."""
