"""What a device needs to take a downloaded quiz with no connection.

The device scores an offline attempt with ``static/js/scoring.js``, a port of
``scoring`` that reads the key below, and shows the child the same feedback the
server would. On sync the server scores the attempt again from the answers and
records its own score: the device's score is only ever a preview.
"""

from django.utils.translation import gettext as _

from .kinds import registry


def scoring_key(quiz):
    """The rules of ``scoring`` for this quiz's questions, as plain JSON-ready data."""
    return {
        "pass_mark": quiz.pass_mark,
        "mastery_correct": quiz.mastery_correct,
        "questions": [
            {
                "id": q.id,
                "kind": q.kind,
                "options": [{"id": o.id, "correct": o.correct} for o in q.options],
                "items": list(q.items),
                "accepted": list(q.accepted),
            }
            for q in quiz.scoring_questions.values()
        ],
    }


def feedback_texts(quiz):
    """What the result screen shows for each question, by question id."""
    texts = {}
    for qid, (block, value) in quiz.question_blocks.items():
        kind = quiz.scoring_questions[qid].kind
        texts[qid] = {
            "kind": kind,
            "block_type": block.name,
            "prompt": value.get("prompt", ""),
            "scenario": value.get("scenario", ""),
            "explanation": value.get("explanation", ""),
            **registry.get(kind).feedback_texts(value),
        }
    return texts


def result_strings():
    """The words of the result screen, in the active language, for the device to show."""
    return {
        "passed": _("You passed!"),
        "failed": _("Not passed yet"),
        "figure": _("%(correct)s of %(total)s questions right"),
        "pass_mark": _("You need %(mark)s%% to pass."),
        "mastery": _("You also need at least %(m)s questions fully right."),
        "try_again": _("Read why each answer is right, then try again."),
        "answers": _("Your answers, and why"),
        "question": _("Question %(number)s"),
        "thoughts": _("Your thoughts"),
        "right": _("Right"),
        "partly": _("Partly right (%(percent)s%%)"),
        "wrong": _("Not right"),
        "your_answer": _("Your answer"),
        "safe_choice": _("A safe choice"),
        "right_answer": _("Right answer"),
        "your_match": _("Your match"),
        "right_match": _("Right match"),
        "your_order": _("Your order"),
        "right_order": _("The right order"),
        "why": _("Why"),
        "true": _("True"),
        "false": _("False"),
        "practice": _("This was practice: your answers were not saved."),
        "queued": _("Saved on this phone. It will be sent to your teacher when you are online."),
        "sent": _("Sent to your teacher."),
        "again": _("Again"),
        "again_link": _("Try the quiz again"),
        "finished": _("Finished"),
        "back": _("Back to the module"),
    }
