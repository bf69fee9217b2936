"""What a device needs to take a downloaded quiz with no connection.

The device scores an offline attempt with ``static/js/scoring.js``, a port of
``scoring`` that reads the key below, and shows the child the same feedback the
server would. On sync the server scores the attempt again from the answers and
records its own score: the device's score is only ever a preview.
"""

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
