"""Pages of session proposals, one module per part: proposals, panel, kinds."""
