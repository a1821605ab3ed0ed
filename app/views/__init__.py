"""Blueprints, one per feature; views validate, call one service, render or redirect."""
