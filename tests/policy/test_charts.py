"""The charts' geometry: drawn to fit a phone (the width a 320 px screen leaves
to the text) with their text at full size, columns headed by their label for
people, and numbers written for SVG or for readers as each needs."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import translation

from policy.charts import (
    PHONE_WIDTH,
    award_chart,
    column_charts,
    coordinate,
    human_number,
    humanised,
    schema_columns,
)
from policy.csv_preview import preview_bytes

CSV = (
    "mois;ateliers;dont_premiere_venue;latitude\n"
    "janvier;12;4;45,1\n"
    "février;30;11;45,2\n"
    "mars;-2;0;45,3\n"
).encode()


def test_numbers_for_svg_and_for_readers():
    with translation.override("fr"):
        assert coordinate(100 / 3) == "33.33"
        assert coordinate(-0.001) == "0"
        assert human_number(12500.5).replace("\u202f", "\xa0") == "12\xa0500,5"
        assert human_number(25) == "25"
    with translation.override("en"):
        assert human_number(12500.5) == "12,500.5"


def test_a_column_is_headed_by_its_schema_title_or_its_name_humanised():
    assert humanised("dont_premiere_venue") == "Dont premiere venue"
    assert humanised("Nombre de bornes") == "Nombre de bornes"
    descriptor = {
        "fields": [
            {"name": "ateliers", "title": "Ateliers tenus", "type": "integer"},
            {"name": "mois", "type": "string"},
            "not a field",
        ]
    }
    columns = schema_columns(descriptor)
    assert set(columns) == {"ateliers", "mois"}
    assert (
        columns["ateliers"].title == "Ateliers tenus" and columns["ateliers"].quantity
    )
    charts = column_charts(preview_bytes(CSV), columns)
    # Latitude is no quantity: not drawn.
    assert [(c.column, c.name) for c in charts] == [
        ("ateliers", "Ateliers tenus"),
        ("dont_premiere_venue", "Dont premiere venue"),
    ]
    assert charts[0].label_column == "Mois"


def test_a_string_of_digits_in_the_schema_is_not_drawn():
    """A SIRET or a postcode is numeric in the file, a `string` in its schema."""
    descriptor = {"fields": [{"name": "ateliers", "title": "SIRET", "type": "string"}]}
    charts = column_charts(preview_bytes(CSV), schema_columns(descriptor))
    assert [c.column for c in charts] == ["dont_premiere_venue"]


def test_a_column_chart_fits_a_phone():
    chart = column_charts(preview_bytes(CSV))[0]
    assert chart.width == PHONE_WIDTH
    assert [bar.label for bar in chart.bars] == ["janvier", "février", "mars"]
    widths = [float(bar.width) for bar in chart.bars]
    # The largest value gets the longest bar, its value still written inside
    # the drawing; a negative value is drawn as zero.
    assert widths[2] == 0 and widths[0] < widths[1] < PHONE_WIDTH
    assert float(chart.bars[1].value_x) + 40 < PHONE_WIDTH
    # Each row: the label above its bar, never on it.
    for bar in chart.bars:
        assert float(bar.label_y) < float(bar.y) < float(bar.value_y)
    assert chart.height == 3 * 40
    assert (chart.minimum, chart.maximum) == ("-2 (mars)", "30 (février)")


def series(*ranks):
    award = SimpleNamespace
    return [
        SimpleNamespace(
            year=2020 + n,
            award=award(level=f"niveau {rank}") if rank is not None else None,
            rank=rank or 0,
        )
        for n, rank in enumerate(ranks)
    ]


def test_an_award_chart_fits_a_phone_whatever_the_number_of_years():
    chart = award_chart(series(4, 5, None, 5, 6), 6)
    assert chart.width == PHONE_WIDTH
    assert [bar.drawn for bar in chart.bars] == [True, True, False, True, True]
    assert [bar.top for bar in chart.bars] == [False, False, False, False, True]
    assert [bar.level for bar in chart.bars] == [
        "niveau 4",
        "niveau 5",
        "–",
        "niveau 5",
        "niveau 6",
    ]
    widths = [float(bar.width) for bar in chart.bars]
    assert widths[2] == 0 and widths[0] < widths[1] < widths[4]
    # The best level's name still fits after its bar.
    assert float(chart.bars[4].level_x) + 60 < PHONE_WIDTH
    # A longer series is taller, never wider.
    long = award_chart(series(*([3] * 12)), 3)
    assert long.width == PHONE_WIDTH and long.height == 12 * chart.height / 5
