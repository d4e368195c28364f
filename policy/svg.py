"""Writing numbers into SVG attributes. A module of its own, importing nothing:
the plan's charts and the catalogue's column charts both use it, and the
catalogue is imported by the models that the charts read."""


def number(value: float) -> str:
    """A coordinate for an SVG attribute: two decimals at most, a dot whatever
    the page's language (Django would write « 33,3 » on French pages)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
