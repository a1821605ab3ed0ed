"""WTForms, one module per feature."""
