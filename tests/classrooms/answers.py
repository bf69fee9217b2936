"""A full set of answers to any drawn paper: the first option, the items as given, "110"."""


def answers_for(quiz, question_ids):
    answers = {}
    for qid in question_ids:
        question = quiz.scoring_questions[qid]
        if question.options:
            first = question.options[0].id
            answers[qid] = [first] if question.kind == "multiple" else first
        elif question.items:
            items = question.items
            answers[qid] = (
                {item: item for item in items} if question.kind == "matching" else list(items)
            )
        else:
            answers[qid] = "110"
    return answers
