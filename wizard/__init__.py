"""The advice decision-tree engine: loads, validates and walks the tree. No Flask imports."""
