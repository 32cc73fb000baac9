"""Representations of sentences: lexical tokens and stems, and dense embeddings."""
