"""A module's difficult questions, as a teacher reads them away from the quiz."""

import re
from html import unescape

from django.urls import reverse

from classrooms import queries
from classrooms.demo import take_quiz


def _questions(quiz):
    """{kind: (question id, block value)} of the quiz's first question of each kind."""
    found = {}
    for qid, (block, value) in quiz.question_blocks.items():
        found.setdefault(block.name, (qid, value))
    return found


def test_each_question_has_one_number_and_what_it_needs_to_be_understood(
    client, classroom, class_teacher, children, assignment, module_quiz
):
    for n, child in enumerate(children):
        take_quiz(child.user, module_quiz, wrong_kinds={"scenario", "matching", "ordering"}, n=n)
    client.force_login(class_teacher)
    url = reverse("classrooms:module_detail", args=[classroom.pk, assignment.module_key])
    html = client.get(url).content.decode()
    markup = html[html.index('id="questions-title"') :]
    section = unescape(markup)
    # Hardest first, so a list number would differ from the question's own: only the latter shows.
    assert '<ol class="difficult">' not in markup and '<ul class="difficult">' in markup
    numbers = re.findall(r"Question (\d+) ·", section)
    scored = [q for q in module_quiz.scoring_questions.values() if q.scored]
    assert sorted(map(int, numbers)) == sorted(set(map(int, numbers)))
    assert len(numbers) == len(scored)
    # Nothing numbers a question but its own label: no list marker, no "5." before a prompt.
    for prompt in re.findall(r'<p class="difficult__prompt">([^<]*)</p>', section):
        assert not re.match(r"\s*\d+\.", prompt), prompt

    kinds = _questions(module_quiz)
    _qid, scenario = kinds["scenario"]
    # The situation, then its prompt.
    situation_at = section.index(scenario["scenario"][:40])
    prompt_at = section.index(str(scenario["prompt"]), situation_at)
    assert prompt_at - situation_at < len(scenario["scenario"]) + 200
    _qid, matching = kinds["matching"]
    for pair in matching["pairs"]:
        assert f"{pair['item']} → {pair['match']}" in section
    if "ordering" in kinds:  # the quizzes' own tests cover every kind
        steps = [step["text"] for step in kinds["ordering"][1]["steps"]]
        positions = [section.index(f"<li>{step}</li>") for step in steps]
        assert positions == sorted(positions)  # in the right order


def test_the_download_gives_the_situation_and_the_pairs(
    client, classroom, class_teacher, children, assignment, module_quiz
):
    take_quiz(children[0].user, module_quiz, wrong_kinds={"scenario", "matching"})
    client.force_login(class_teacher)
    url = reverse("classrooms:module_detail", args=[classroom.pk, assignment.module_key])
    csv = client.get(url, {"format": "csv", "table": "questions"}).content.decode("utf-8-sig")
    kinds = _questions(module_quiz)
    assert kinds["scenario"][1]["scenario"].splitlines()[0][:40] in csv
    pair = kinds["matching"][1]["pairs"][0]
    assert f"{pair['item']} → {pair['match']}" in csv


def test_a_translated_quiz_shows_its_situation_in_its_language(
    classroom, children, assignment, english_module
):
    outline = queries.outlines([english_module.translation_key], "zh-hans")[
        english_module.translation_key
    ]
    assert outline.quiz.locale.language_code == "zh-hans"
    take_quiz(children[0].user, outline.quiz, wrong_kinds={"scenario"})
    questions = queries.difficult_questions(outline, children)
    scenario = next(q for q in questions if q.situation)
    _qid, value = _questions(outline.quiz)["scenario"]
    assert scenario.situation == value["scenario"]
    assert re.search(r"[\u4e00-\u9fff]", scenario.situation)
