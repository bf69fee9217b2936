"""The scoring rules of quizzes/scoring.py, by hand and as properties."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes import scoring
from quizzes.scoring import InvalidAnswer, Option, Question

SINGLE = Question("q1", scoring.SINGLE, options=[Option("a", True), Option("b", False)])
MULTIPLE = Question(
    "q2",
    scoring.MULTIPLE,
    options=[Option("a", True), Option("b", True), Option("c", False), Option("d", False)],
)
TRUE_FALSE = Question(
    "q3", scoring.TRUE_FALSE, options=[Option("true", False), Option("false", True)]
)
SCENARIO = Question(
    "q4",
    scoring.SCENARIO,
    options=[Option("keep", True), Option("give", False), Option("call", True)],
)
MATCHING = Question("q5", scoring.MATCHING, items=["p1", "p2", "p3", "p4"])
ORDERING = Question("q6", scoring.ORDERING, items=["s1", "s2", "s3", "s4", "s5"])
SHORT = Question("q7", scoring.SHORT, accepted=scoring.accepted_answers("110\nPolice 110"))
REFLECTION = Question("q8", scoring.REFLECTION)
ALL = [SINGLE, MULTIPLE, TRUE_FALSE, SCENARIO, MATCHING, ORDERING, SHORT, REFLECTION]

RIGHT = {
    "q1": "a",
    "q2": ["b", "a"],
    "q3": "false",
    "q4": "call",
    "q5": {"p1": "p1", "p2": "p2", "p3": "p3", "p4": "p4"},
    "q6": ["s1", "s2", "s3", "s4", "s5"],
    "q7": " 110 ",
    "q8": "My aunt, because she listens.",
}


def points(question, answer):
    return scoring.score_question(question, answer).points


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        (SINGLE, "a", 1),
        (SINGLE, "b", 0),
        (TRUE_FALSE, "false", 1),
        (TRUE_FALSE, "true", 0),
        (SCENARIO, "keep", 1),
        (SCENARIO, "call", 1),
        (SCENARIO, "give", 0),
        (SHORT, "110", 1),
        (SHORT, "１１０。", 1),  # full-width digits and a Chinese full stop
        (SHORT, "police  110!", 1),
        (SHORT, "POLICE110", 1),
        (SHORT, "120", 0),
        (REFLECTION, "Anything", 0),
    ],
)
def test_right_or_wrong_kinds(question, answer, expected):
    assert points(question, answer) == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["a", "b"], Fraction(1)),
        (["a"], Fraction(1, 2)),
        (["a", "b", "c"], Fraction(1, 2)),  # one wrong tick takes back half a point
        (["a", "c"], Fraction(0)),
        (["a", "b", "c", "d"], Fraction(0)),  # ticking everything earns nothing
        (["c", "d"], Fraction(0)),  # never below zero
    ],
)
def test_multiple_response_partial_credit(answer, expected):
    assert points(MULTIPLE, answer) == expected
    assert scoring.score_question(MULTIPLE, answer).correct == (expected == 1)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"p1": "p1", "p2": "p2", "p3": "p3", "p4": "p4"}, Fraction(1)),
        ({"p1": "p2", "p2": "p1", "p3": "p3", "p4": "p4"}, Fraction(1, 2)),
        ({"p1": "p1", "p2": "p1", "p3": "p1", "p4": "p1"}, Fraction(1, 4)),
        ({"p1": "p2", "p2": "p3", "p3": "p4", "p4": "p1"}, Fraction(0)),
    ],
)
def test_matching_partial_credit(answer, expected):
    assert points(MATCHING, answer) == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["s1", "s2", "s3", "s4", "s5"], Fraction(1)),
        (["s2", "s1", "s3", "s4", "s5"], Fraction(3, 4)),  # two neighbours swapped
        (["s5", "s1", "s2", "s3", "s4"], Fraction(3, 4)),  # one step moved
        (["s1", "s3", "s2", "s5", "s4"], Fraction(2, 4)),
        (["s5", "s4", "s3", "s2", "s1"], Fraction(0)),  # the reverse
    ],
)
def test_ordering_partial_credit(answer, expected):
    assert points(ORDERING, answer) == expected


def test_an_attempt_passes_at_the_pass_mark_and_not_below():
    answers = dict(RIGHT, q1="b", q3="true")  # 5 of 7 scored questions right
    result = scoring.score(ALL, answers, pass_mark=71)
    assert (result.points, result.max_points, result.correct_count) == (5, 7, 5)
    assert result.percent == 71.43
    assert result.passed
    assert not scoring.score(ALL, answers, pass_mark=72).passed


def test_partial_credit_counts_in_the_score_but_not_for_mastery():
    answers = dict(RIGHT, q2=["a"], q6=["s2", "s1", "s3", "s4", "s5"])
    result = scoring.score(ALL, answers, pass_mark=80)
    assert result.points == 5 + Fraction(1, 2) + Fraction(3, 4)
    assert result.correct_count == 5
    assert result.passed
    assert scoring.score(ALL, answers, pass_mark=80, mastery_correct=5).passed
    assert not scoring.score(ALL, answers, pass_mark=80, mastery_correct=6).passed


def test_every_question_must_be_answered_and_nothing_else():
    with pytest.raises(InvalidAnswer):
        scoring.score(ALL, {k: v for k, v in RIGHT.items() if k != "q3"}, pass_mark=50)
    with pytest.raises(InvalidAnswer):
        scoring.score(ALL, dict(RIGHT, other="a"), pass_mark=50)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (SINGLE, "zzz"),
        (SINGLE, ["a"]),
        (MULTIPLE, []),
        (MULTIPLE, ["a", "a"]),
        (MULTIPLE, ["a", "x"]),
        (MULTIPLE, "a"),
        (MATCHING, {"p1": "p1"}),
        (MATCHING, {"p1": "p1", "p2": "p2", "p3": "p3", "p4": "zz"}),
        (ORDERING, ["s1", "s2", "s3", "s4"]),
        (ORDERING, ["s1", "s1", "s2", "s3", "s4"]),
        (SHORT, "   "),
        (SHORT, "1" * 201),
        (REFLECTION, "x" * 2001),
        (REFLECTION, 5),
    ],
)
def test_malformed_answers_are_refused(question, answer):
    with pytest.raises(InvalidAnswer):
        scoring.check_answer(question, answer)


# Properties ------------------------------------------------------------------

ids = st.sampled_from(["a", "b", "c", "d", "e", "x", ""])
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | ids,
    lambda children: st.lists(children, max_size=6) | st.dictionaries(ids, children, max_size=6),
    max_leaves=12,
)


@st.composite
def choice_questions(draw):
    n = draw(st.integers(2, 8))
    flags = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
    kind = draw(st.sampled_from([scoring.MULTIPLE, scoring.SCENARIO]))
    return Question("q", kind, options=[Option(f"o{i}", f) for i, f in enumerate(flags)])


@st.composite
def questions_with_valid_answers(draw):
    kind = draw(st.sampled_from(sorted(scoring.KINDS)))
    if kind in (scoring.SINGLE, scoring.TRUE_FALSE, scoring.SCENARIO, scoring.MULTIPLE):
        question = draw(choice_questions())
        question = Question("q", kind, options=question.options)
        if kind == scoring.MULTIPLE:
            answer = draw(st.lists(st.sampled_from(question.option_ids), min_size=1, unique=True))
        else:
            answer = draw(st.sampled_from(question.option_ids))
    elif kind in (scoring.MATCHING, scoring.ORDERING):
        items = [f"i{i}" for i in range(draw(st.integers(2, 8)))]
        question = Question("q", kind, items=items)
        if kind == scoring.MATCHING:
            answer = {item: draw(st.sampled_from(items)) for item in items}
        else:
            answer = draw(st.permutations(items))
    else:
        question = Question("q", kind, accepted=["110"])
        answer = draw(st.text(min_size=1, max_size=200).filter(str.strip))
    return question, answer


@given(questions_with_valid_answers())
def test_valid_answers_earn_between_nothing_and_one_point(case):
    question, answer = case
    result = scoring.score_question(question, answer)
    assert 0 <= result.points <= 1
    assert result.correct == (question.scored and result.points == 1)


@given(questions_with_valid_answers())
def test_answer_keys_stand_for_the_answer_they_were_made_from(case):
    question, answer = case
    key = scoring.answer_key(question, answer)
    again = scoring.answer_from_key(question, key)
    if question.kind in scoring.TEXT_KINDS:
        return  # text is stored as typed beside its folded key
    assert scoring.question_points(question, again) == scoring.question_points(question, answer)
    if question.kind == scoring.MULTIPLE:
        assert sorted(again) == sorted(answer)
    else:
        assert again == answer


@given(choice_questions(), st.randoms())
def test_the_order_options_are_ticked_in_never_matters(question, rng):
    chosen = [o.id for o in question.options if rng.random() < 0.5] or [question.option_ids[0]]
    shuffled = list(chosen)
    rng.shuffle(shuffled)
    multiple = Question("q", scoring.MULTIPLE, options=question.options)
    assert points(multiple, chosen) == points(multiple, shuffled)
    assert scoring.answer_key(multiple, chosen) == scoring.answer_key(multiple, shuffled)


@given(st.permutations([f"s{i}" for i in range(6)]))
def test_only_the_right_order_earns_the_whole_point(order):
    question = Question("q", scoring.ORDERING, items=[f"s{i}" for i in range(6)])
    assert (points(question, order) == 1) == (order == question.items)


@settings(max_examples=300)
@given(st.sampled_from(ALL), anything)
def test_any_input_is_either_scored_or_refused_cleanly(question, answer):
    try:
        result = scoring.score_question(question, answer)
    except InvalidAnswer:
        return
    assert 0 <= result.points <= 1
