"""What a device needs to take a downloaded quiz with no connection.

The device scores an offline attempt with ``static/js/scoring.js``, a port of
``scoring`` that reads the key below, and shows the child the same feedback the
server would. On sync the server scores the attempt again from the answers and
records its own score: the device's score is only ever a preview.
"""

from . import scoring
from .blocks import FALSE, TRUE


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
        entry = {
            "kind": kind,
            "block_type": block.name,
            "prompt": value.get("prompt", ""),
            "scenario": value.get("scenario", ""),
            "explanation": value.get("explanation", ""),
        }
        if block.name == "true_false":
            entry["choices"] = [
                {"id": TRUE, "feedback": value["feedback_true"]},
                {"id": FALSE, "feedback": value["feedback_false"]},
            ]
        elif kind in scoring.CHOICE_KINDS or kind == scoring.MULTIPLE:
            entry["choices"] = [
                {"id": str(item.id), "text": item.value["text"], "feedback": item.value["feedback"]}
                for item in value["options"].bound_blocks
            ]
        elif kind == scoring.MATCHING:
            entry["rows"] = [
                {
                    "id": str(p.id),
                    "text": p.value["item"],
                    "match": p.value["match"],
                    "feedback": p.value["feedback"],
                }
                for p in value["pairs"].bound_blocks
            ]
        elif kind == scoring.ORDERING:
            entry["rows"] = [
                {"id": str(s.id), "text": s.value["text"], "feedback": s.value["feedback"]}
                for s in value["steps"].bound_blocks
            ]
        elif kind == scoring.SHORT:
            lines = [line.strip() for line in value["accepted_answers"].splitlines()]
            entry["accepted"] = next((line for line in lines if line), "")
            entry["feedback_correct"] = value["feedback_correct"]
            entry["feedback_incorrect"] = value["feedback_incorrect"]
        texts[qid] = entry
    return texts
