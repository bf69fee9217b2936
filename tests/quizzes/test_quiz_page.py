"""The quiz page: its settings, its draw, and the starter quizzes."""

import uuid
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue

from quizzes import scoring
from quizzes.models import QuizPage

from .conftest import Q

# Every starter module ships in the three languages.
LANGUAGES = {"en", "zh-hans", "ug"}


def starter_quizzes():
    return QuizPage.objects.filter(slug="quiz").select_related("locale")


def test_every_starter_module_has_one_quiz_in_each_of_its_languages(locales):
    found = Counter()
    for quiz in starter_quizzes():
        found[(quiz.get_parent().slug, quiz.locale.language_code)] += 1
    modules = {module for module, _language in found}
    assert len(modules) == 8
    for module in modules:
        assert {lang for (m, lang) in found if m == module} == LANGUAGES, module
    assert set(found.values()) == {1}


def test_starter_quizzes_use_every_question_type_and_explain_every_option():
    types = set()
    for quiz in starter_quizzes():
        assert 6 <= len(quiz.questions) <= 10, quiz.url_path
        assert quiz.live
        for child in quiz.questions:
            types.add(child.block_type)
            value = child.value
            if child.block_type != "reflection":
                assert value["explanation"].strip(), (quiz.url_path, child.id)
            for option in value.get("options") or []:
                assert option["feedback"].strip(), (quiz.url_path, child.id)
            if child.block_type == "true_false":
                assert value["feedback_true"].strip() and value["feedback_false"].strip()
    assert types == {
        "single_choice",
        "multiple_response",
        "true_false",
        "scenario",
        "matching",
        "ordering",
        "short_answer",
        "reflection",
    }


def test_translations_keep_question_and_option_ids(english_module, locales):
    english = english_module.get_children().get(slug="quiz").specific
    for language in ("zh-hans", "ug"):
        translated = english.get_translation(locales[language]).specific

        def shape(quiz):
            # Accepted short answers are words of each language; everything else is shared.
            return [(q.id, q.kind, q.options, q.items) for q in quiz.scoring_questions.values()]

        assert shape(translated) == shape(english)
        assert [c.value["prompt"] for c in translated.questions] != [
            c.value["prompt"] for c in english.questions
        ]


def test_starter_answer_keys_in_every_language_accept_their_own_right_answers():
    for quiz in starter_quizzes():
        for child in quiz.questions:
            if child.block_type == "short_answer":
                first = child.value["accepted_answers"].splitlines()[0]
                question = quiz.scoring_questions[str(child.id)]
                assert scoring.score_question(question, first).correct, quiz.url_path


def test_the_draw_is_repeatable_and_asks_n_of_the_pool(english_module):
    hiv = english_module.get_siblings().get(slug="hiv-and-health")
    quiz = hiv.get_children().get(slug="quiz").specific
    assert quiz.questions_per_attempt == 8 and len(quiz.scored_pool) == 10
    seed = uuid.uuid4()
    paper = quiz.draw(seed)
    assert paper == quiz.draw(seed)
    assert len(paper) == len(set(paper)) == 8
    quiz.check_paper(paper)
    papers = {tuple(quiz.draw(uuid.uuid4())) for _ in range(20)}
    assert len(papers) > 1  # shuffled and drawn afresh for each attempt


def test_reflections_are_always_asked_last(quiz):
    quiz.question_order = "shuffled"
    quiz.questions_per_attempt = 3
    paper = quiz.draw(uuid.uuid4())
    assert len(paper) == 4 and paper[-1] == Q["open"]
    with pytest.raises(scoring.InvalidAnswer):
        quiz.check_paper(paper[:-1])
    with pytest.raises(scoring.InvalidAnswer):
        quiz.check_paper([*paper, paper[0]])


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"questions_per_attempt": 8}, "questions_per_attempt"),
        ({"mastery_correct": 8}, "mastery_correct"),
        ({"questions_per_attempt": 3, "mastery_correct": 4}, "mastery_correct"),
    ],
)
def test_settings_that_cannot_work_are_refused(quiz, settings, field):
    for name, value in settings.items():
        setattr(quiz, name, value)
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert field in error.value.message_dict


def test_question_blocks_check_their_answers(quiz):
    block = quiz.questions.stream_block
    single = quiz.questions[0]
    value = block.child_blocks["single_choice"].to_python(
        {**single.block.get_prep_value(single.value)}
    )
    for option in value["options"]:
        option["correct"] = True
    with pytest.raises(ValidationError):
        block.child_blocks["single_choice"].clean(value)


def test_an_editor_can_create_a_quiz_in_the_admin(client, editor, english_module):
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Admin quiz",
            "slug": "admin-quiz",
            "intro": "",
            "pass_mark": 60,
            "question_order": "fixed",
            "feedback_timing": "end",
            "questions": streamfield(
                [
                    (
                        "true_false",
                        {
                            "prompt": "Keep your ID card yourself.",
                            "is_true": True,
                            "feedback_true": "Yes.",
                            "feedback_false": "No: keep it.",
                            "explanation": "Your ID card gets you home.",
                            "image": "",
                            "image_alt": "",
                            "audio": "",
                        },
                    )
                ]
            ),
        }
    )
    url = f"/admin/pages/add/quizzes/quizpage/{english_module.pk}/"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert QuizPage.objects.filter(slug="admin-quiz").exists()


def test_question_words_are_translatable_segments_and_ids_are_not(english_module):
    english = english_module.get_children().get(slug="quiz").specific
    paths = {s.path for s in extract_segments(english) if isinstance(s, StringSegmentValue)}
    single = next(c for c in english.questions if c.block_type == "single_choice")
    option = single.value["options"].bound_blocks[0]
    for field in ("text", "feedback"):
        assert f"questions.{single.id}.options.{option.id}.{field}" in paths
    assert f"questions.{single.id}.prompt" in paths
    assert f"questions.{single.id}.explanation" in paths
    assert not any(p.endswith(".correct") or p.endswith(".is_true") for p in paths)
