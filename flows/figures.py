"""A training's figures as the flows and the admin write them: from `stats.selectors.training_figures`,
the one definition of officials trained, women and the mean knowledge gain."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import formatting


def mean_gain_text(figures: dict) -> str:
    """ "21.7 points (3 participants tested)", or why there is no mean yet."""
    if figures["mean_gain"] is None:
        return _("no participant has both a pre-test and a post-test score yet")
    return ngettext(
        "%(gain)s points (%(count)s participant tested)",
        "%(gain)s points (%(count)s participants tested)",
        figures["tested"],
    ) % {"gain": formatting.number(figures["mean_gain"], decimal_pos=1), "count": figures["tested"]}


def training_figure_rows(figures: dict) -> list[tuple[str, str]]:
    """(label, text) of a training's officials trained, share of women and mean knowledge gain."""
    people = figures["people"]
    if figures["women_share"] is None:
        women = _("no participants yet")
    else:
        women = ngettext(
            "%(share)s%% (%(count)s woman)", "%(share)s%% (%(count)s women)", figures["women"]
        ) % {"share": formatting.number(figures["women_share"], decimal_pos=1), "count": figures["women"]}
    return [
        (
            _("Officials trained"),
            ngettext("%(count)s person", "%(count)s people", people) % {"count": formatting.number(people)},
        ),
        (_("Share of women"), women),
        (_("Mean knowledge gain"), mean_gain_text(figures)),
    ]
