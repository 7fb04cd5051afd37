"""Spanish as the partners write figures: 1.875,598 (Django's own Spanish groups with a space)."""

THOUSAND_SEPARATOR = "."
