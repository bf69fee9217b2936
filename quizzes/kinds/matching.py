"""Matching pairs: a problem and who can help with it."""

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .base import (
    MAX_OPTIONS,
    Choice,
    InvalidAnswer,
    Question,
    QuestionBlock,
    QuestionKind,
    QuestionSummary,
    Row,
    explanation_block,
    normalise_text,
)
from .base import feedback_block as _feedback


class PairBlock(blocks.StructBlock):
    """One item and the match that belongs with it."""

    item = blocks.CharBlock(label=_("Item"), max_length=200)
    match = blocks.CharBlock(label=_("Its match"), max_length=200)
    feedback = _feedback(required=False, label=_("Why they belong together"))

    class Meta:
        icon = "link"
        label = _("Pair")
        description = _("One item and the match that belongs with it.")
        preview_value = {"item": "Someone hurts you", "match": "Call 110", "feedback": ""}


class MatchingBlock(QuestionBlock):
    """Pairs to match, such as a problem and who can help with it."""

    kind = "matching"
    pairs = blocks.ListBlock(
        PairBlock(),
        label=_("Pairs"),
        min_num=2,
        max_num=MAX_OPTIONS,
        help_text=_("Children see the matches in a different order and choose one for each item."),
    )
    explanation = explanation_block()

    def clean(self, value):
        value = super().clean(value)
        matches = [normalise_text(pair["match"]) for pair in value["pairs"]]
        if len(set(matches)) != len(matches):
            raise StructBlockValidationError(
                {"pairs": ValidationError(_("Each match must be different from the others."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Matching pairs")
        description = _("Pairs to match, such as a problem and who can help with it.")
        preview_value = {
            "prompt": "Who can help?",
            "pairs": [
                {"item": "Someone hurts you", "match": "Police: 110", "feedback": ""},
                {"item": "You feel sad for weeks", "match": "A school counsellor", "feedback": ""},
            ],
            "explanation": "Each problem has someone whose job is to help with it.",
        }


class Matching(QuestionKind):
    """``{item id: item id of the chosen match}`` for every item; the share of items
    given their own match."""

    name = "matching"
    block_name = "matching"
    block_class = MatchingBlock
    template = "quizzes/kinds/matching.html"
    result_template = "quizzes/kinds/matching_result.html"

    def scoring_question(self, value, question_id):
        ids = [str(item.id) for item in value["pairs"].bound_blocks]
        return Question(question_id, self.name, items=ids)

    def check_answer(self, question, answer):
        if not isinstance(answer, dict) or set(answer) != set(question.items):
            raise InvalidAnswer("every item needs exactly one match")
        if not all(isinstance(v, str) and v in question.items for v in answer.values()):
            raise InvalidAnswer("not one of this question's matches")

    def points(self, question, answer):
        right = sum(1 for item, match in answer.items() if item == match)
        return Fraction(right, len(question.items))

    def answer_key(self, question, answer):
        return ",".join(f"{item}:{answer[item]}" for item in question.items)

    def answer_from_key(self, question, key):
        return dict(part.split(":", 1) for part in key.split(",") if part)

    def form_answer(self, post, question):
        name = f"q-{question.id}"
        answer = {item: post.get(f"{name}-{item}", "") for item in question.items}
        if not any(answer.values()):
            return None
        return answer

    def missing_message(self, question):
        return gettext("Choose a match for every item.")

    def invalid_message(self, question, answer):
        return gettext("Choose a match for every item from the list.")

    def present(self, view, value, *, rng, shuffle):
        pairs = list(value["pairs"].bound_blocks)
        texts = {str(p.id): p.value["match"] for p in pairs}
        answer = view.answer if isinstance(view.answer, dict) else {}
        view.rows = [
            Row(
                str(p.id),
                p.value["item"],
                p.value["feedback"],
                chosen=answer.get(str(p.id), ""),
                chosen_text=texts.get(answer.get(str(p.id), ""), ""),
                right_text=p.value["match"],
                right=answer.get(str(p.id)) == str(p.id),
            )
            for p in pairs
        ]
        view.matches = [Choice(pid, text) for pid, text in texts.items()]
        # Matches are always shown out of order, or the answer would be the list itself.
        view.matches.sort(key=lambda c: c.text.casefold())
        if shuffle:
            rng.shuffle(view.rows)

    def describe_answer(self, value, question, answer, key):
        pairs = {str(item.id): item.value for item in value["pairs"].bound_blocks}
        return "; ".join(
            f"{pairs[item]['item']} → {pairs[match]['match']}"
            for item, match in answer.items()
            if item in pairs and match in pairs and item != match
        )

    def feedback_texts(self, value):
        return {
            "rows": [
                {
                    "id": str(p.id),
                    "text": p.value["item"],
                    "match": p.value["match"],
                    "feedback": p.value["feedback"],
                }
                for p in value["pairs"].bound_blocks
            ]
        }

    def summary(self, value):
        return QuestionSummary(
            parts=[f"{p['item']} → {p['match']}" for p in value["pairs"]],
            parts_label=gettext("The right pairs"),
        )
