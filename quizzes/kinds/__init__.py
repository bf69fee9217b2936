"""Question kinds: one class per kind, each in its own module, found through the registry.

The list below is the one place the built-in kinds are named. Its order is the
order of the blocks in every quiz's question list, which the migrations record:
add a kind at the end.
"""

from . import (
    matching,
    multiple_response,
    ordering,
    reflection,
    scenario,
    short_answer,
    single_choice,
    true_false,
)
from .registry import UnknownKind, registry

BUILT_IN = [
    single_choice.SingleChoice,
    multiple_response.MultipleResponse,
    true_false.TrueFalse,
    scenario.Scenario,
    matching.Matching,
    ordering.Ordering,
    short_answer.ShortAnswer,
    reflection.Reflection,
]

for _kind in BUILT_IN:
    registry.register(_kind())

__all__ = ["BUILT_IN", "UnknownKind", "registry"]
