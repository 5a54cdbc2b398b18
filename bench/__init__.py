"""Benchmarks run against an already running CollabMarket stack (see bench/README.md)."""
