"""The projects pages, one module per part; projects/urls.py names them."""
