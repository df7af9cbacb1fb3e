"""Raasta's recommender: catalog features, skill gaps and learning paths, over plain data."""
