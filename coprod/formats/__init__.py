"""Date formats for the site's language, which win over Django's own for it."""
