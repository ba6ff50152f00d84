"""The reporting app's pages, one module per part: the home page and the plan of change."""
