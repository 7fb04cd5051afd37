"""The demo's data, apart from the code that loads it (demo.events): one module per event, with
the reference records (reference.py) and the names synthetic people are drawn from (names.py)."""
