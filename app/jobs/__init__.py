"""Periodic jobs, run by the one scheduler process (`voxloop scheduler`)."""
