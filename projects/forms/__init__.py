"""Forms for the projects pages, one module per part."""
