"""Ordering: steps the child puts in the right order."""

import bisect
from fractions import Fraction

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import (
    MAX_OPTIONS,
    InvalidAnswer,
    Question,
    QuestionBlock,
    QuestionKind,
    QuestionSummary,
    Row,
    explanation_block,
)
from .base import feedback_block as _feedback


class StepBlock(blocks.StructBlock):
    """One step of a sequence."""

    text = blocks.CharBlock(label=_("Step"), max_length=250)
    feedback = _feedback(required=False, label=_("Why it comes here"))

    class Meta:
        icon = "order"
        label = _("Step")
        description = _("One step of a sequence, and why it comes where it does.")
        preview_value = {"text": "Move to a safe place", "feedback": ""}


class OrderingBlock(QuestionBlock):
    """Steps the child puts in the right order, such as what to do when you feel unsafe."""

    kind = "ordering"
    steps = blocks.ListBlock(
        StepBlock(),
        label=_("Steps, in the right order"),
        min_num=2,
        max_num=MAX_OPTIONS,
        help_text=_("Enter the steps in the right order; children see them shuffled."),
    )
    explanation = explanation_block()

    class Meta:
        icon = "order"
        label = _("Ordering")
        description = _("Steps the child puts in the right order.")
        preview_value = {
            "prompt": "You feel unsafe. Put the steps in order.",
            "steps": [
                {"text": "Move to a safe place", "feedback": ""},
                {"text": "Tell a trusted adult", "feedback": ""},
            ],
            "explanation": "First get safe, then get help.",
        }


class OrderingGap(list):
    """A half-filled ordering: two steps share a number, or one has none."""


def _longest_ordered_run(positions):
    # Longest strictly increasing subsequence, O(n log n).
    tails = []
    for p in positions:
        i = bisect.bisect_left(tails, p)
        if i == len(tails):
            tails.append(p)
        else:
            tails[i] = p
    return len(tails)


class Ordering(QuestionKind):
    """Every step id once, in the child's order; ``(L - 1) / (n - 1)`` points for ``n``
    steps, where ``L`` is the longest run of steps in the right order relative to each
    other."""

    name = "ordering"
    block_name = "ordering"
    block_class = OrderingBlock
    template = "quizzes/kinds/ordering.html"
    result_template = "quizzes/kinds/ordering_result.html"

    def scoring_question(self, value, question_id):
        ids = [str(item.id) for item in value["steps"].bound_blocks]
        return Question(question_id, self.name, items=ids)

    def check_answer(self, question, answer):
        if (
            not isinstance(answer, list)
            or not all(isinstance(a, str) for a in answer)
            or sorted(answer) != sorted(question.items)
        ):
            raise InvalidAnswer("every step must appear exactly once")

    def points(self, question, answer):
        n = len(question.items)
        position = {step: i for i, step in enumerate(question.items)}
        run = _longest_ordered_run([position[step] for step in answer])
        return Fraction(run - 1, n - 1)

    def answer_key(self, question, answer):
        return ",".join(answer)

    def answer_from_key(self, question, key):
        return [part for part in key.split(",") if part]

    def form_answer(self, post, question):
        name = f"q-{question.id}"
        positions = {}
        for step in question.items:
            raw = post.get(f"{name}-{step}", "")
            if not raw:
                return None if not positions else OrderingGap()
            try:
                positions[step] = int(raw)
            except ValueError:
                return OrderingGap()
        if sorted(positions.values()) != list(range(1, len(question.items) + 1)):
            return OrderingGap()
        return sorted(positions, key=positions.__getitem__)

    def incomplete_message(self, question, answer):
        if isinstance(answer, OrderingGap):
            return gettext("Give each step its own number, from 1 to %(n)d.") % {
                "n": len(question.items)
            }
        return ""

    def missing_message(self, question):
        return gettext("Give each step a number to put the steps in order.")

    def present(self, view, value, *, rng, shuffle):
        steps = list(value["steps"].bound_blocks)
        right_position = {str(s.id): i + 1 for i, s in enumerate(steps)}
        answer = view.answer
        chosen_position = (
            {step: i + 1 for i, step in enumerate(answer)} if isinstance(answer, list) else {}
        )
        view.rows = [
            Row(
                str(s.id),
                s.value["text"],
                s.value["feedback"],
                chosen=str(chosen_position.get(str(s.id), "")),
                right_text=str(right_position[str(s.id)]),
                right=chosen_position.get(str(s.id)) == right_position[str(s.id)],
            )
            for s in steps
        ]
        view.positions = list(range(1, len(steps) + 1))
        if view.result is None:
            _shuffle_out_of_order(view.rows, rng)
        else:
            # Results list the steps in the child's order, beside the right order.
            view.rows.sort(key=lambda r: int(r.chosen or 0))

    def describe_answer(self, value, question, answer, key):
        steps = {str(item.id): item.value["text"] for item in value["steps"].bound_blocks}
        return " → ".join(steps.get(step, "?") for step in answer)

    def feedback_texts(self, value):
        return {
            "rows": [
                {"id": str(s.id), "text": s.value["text"], "feedback": s.value["feedback"]}
                for s in value["steps"].bound_blocks
            ]
        }

    def summary(self, value):
        return QuestionSummary(
            parts=[step["text"] for step in value["steps"]],
            parts_label=gettext("The steps in the right order"),
        )


def _shuffle_out_of_order(rows, rng):
    # A shuffle that happens to give the right order would give the answer away.
    original = [r.id for r in rows]
    for _attempt in range(10):
        rng.shuffle(rows)
        if [r.id for r in rows] != original:
            return
    rows.reverse()
