"""reference — regions, the catalogue of programs, indicators and targets, the policy texts; imports lib.core only."""
