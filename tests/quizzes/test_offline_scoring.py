"""static/js/scoring.js, run in a real Chromium, scores exactly as quizzes/scoring.py.

A device scores an offline attempt with the JavaScript port; the server scores
it again on sync. The two must agree to the bit, so every starter quiz is
scored both ways on right, wrong and a few hundred seeded random answer sets.

Playwright's sync API runs an event loop in this thread, beside which Django's
ORM refuses to work, so each test reads everything it needs from the database
first and only then starts the browser.
"""

import json
import random
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

from quizzes import scoring
from quizzes.models import QuizPage
from quizzes.offline import scoring_key
from quizzes.scoring import InvalidAnswer, Option, Question
from tests.e2e.conftest import chromium_path

pytestmark = pytest.mark.browser

SCORING_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "scoring.js"
RANDOM_SETS_PER_QUIZ = 300

SPACES = [" ", "  ", "\t", "\n", "\xa0", "\u3000", "\u2009", "\u202f", "\x1c", "\x1f", "\x85"]
PUNCTUATION = list(".。!！?？…、«»¿\"'()؟،")
WRONG_TEXTS = ["I don't know", "不知道", "بىلمەيمەن", "999", "x", "?!110", "ß", "Straße", "ΣΑΣ"]
REFLECTIONS = [
    "My aunt, because she listens.",
    "我会告诉妈妈。",
    "ئانامغا ئېيتىمەن.",
    "🙂 my teacher 👩‍🏫",
    "   someone\x1cI trust ",
]


def run_in_chromium(script, arg):
    """Evaluate ``script`` (a JS function of one argument) with scoring.js loaded."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=["--no-sandbox"]
            )
        except Error as exc:
            pytest.fail(
                "Chromium could not start for the offline scoring tests. Install it with "
                f"'apt-get install chromium' or '.venv/bin/playwright install chromium'. ({exc})"
            )
        try:
            page = browser.new_page()
            page.set_content("<html></html>")
            # A module shares nothing by itself: the test names its exports for the scripts below.
            page.add_script_tag(
                content=SCORING_JS.read_text()
                + "\nwindow.LifeskillsScoring = "
                + "{ normaliseText, checkAnswer, scoreQuestion, score };",
                type="module",
            )
            page.wait_for_function("() => window.LifeskillsScoring")
            # JSON both ways: numbers come back exactly as JS printed them.
            return json.loads(page.evaluate(script, json.dumps(arg)))
        finally:
            browser.close()


# Answers -----------------------------------------------------------------------------


def fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def noisy(rng, text):
    """``text`` as a child might type it: odd capitals, spaces, full-width forms, punctuation."""
    typed = []
    for ch in text:
        if rng.random() < 0.3:
            ch = ch.upper()
        if rng.random() < 0.2:
            ch = fullwidth(ch)
        typed.append(ch)
        if rng.random() < 0.15:
            typed.append(rng.choice(SPACES))

    def edge():
        return "".join(rng.choices(SPACES + PUNCTUATION, k=rng.randint(0, 3)))

    return edge() + "".join(typed) + edge()


def right_answer(question, raw_accepted):
    kind = question.kind
    if kind in scoring.CHOICE_KINDS:
        return next(o.id for o in question.options if o.correct)
    if kind == scoring.MULTIPLE:
        return [o.id for o in question.options if o.correct]
    if kind == scoring.MATCHING:
        return {item: item for item in question.items}
    if kind == scoring.ORDERING:
        return list(question.items)
    if kind == scoring.SHORT:
        return raw_accepted[0]
    return REFLECTIONS[0]


def wrong_answer(question):
    kind = question.kind
    wrong = [o.id for o in question.options if not o.correct]
    if kind in scoring.CHOICE_KINDS:
        return wrong[0] if wrong else question.options[0].id
    if kind == scoring.MULTIPLE:
        return wrong or question.option_ids
    if kind == scoring.MATCHING:
        items = question.items
        return {item: items[(i + 1) % len(items)] for i, item in enumerate(items)}
    if kind == scoring.ORDERING:
        return list(reversed(question.items))
    if kind == scoring.SHORT:
        return "definitely not this"
    return REFLECTIONS[1]


def random_answer(rng, question, raw_accepted):
    kind = question.kind
    ids = question.option_ids
    items = question.items
    if kind in scoring.CHOICE_KINDS:
        return rng.choice(ids)
    if kind == scoring.MULTIPLE:
        return rng.sample(ids, rng.randint(1, len(ids)))
    if kind == scoring.MATCHING:
        if rng.random() < 0.5:  # one match per item, as the form offers
            return dict(zip(items, rng.sample(items, len(items)), strict=True))
        return {item: rng.choice(items) for item in items}
    if kind == scoring.ORDERING:
        return rng.sample(items, len(items))
    if kind == scoring.SHORT:
        roll = rng.random()
        if roll < 0.6:
            return noisy(rng, rng.choice(raw_accepted + question.accepted))
        if roll < 0.8:
            return noisy(rng, rng.choice(WRONG_TEXTS))
        return noisy(rng, rng.choice(question.accepted) + rng.choice("0x岁ى"))
    return noisy(rng, rng.choice(REFLECTIONS))


# Quizzes -----------------------------------------------------------------------------


def starter_quizzes():
    """Each starter quiz as (name, questions, key, raw accepted answers, draw)."""
    quizzes = []
    for quiz in QuizPage.objects.order_by("path"):
        raw = {}
        for qid, (_block, value) in quiz.question_blocks.items():
            if quiz.scoring_questions[qid].kind == scoring.SHORT:
                lines = value["accepted_answers"].splitlines()
                raw[qid] = [line for line in lines if line.strip()]
        questions = list(quiz.scoring_questions.values())
        name = f"{quiz.locale.language_code}/{quiz.get_parent().slug}/{quiz.slug}"
        quizzes.append((name, questions, scoring_key(quiz), raw, quiz.draw))
    return quizzes


def tie_quiz():
    """Eight questions, one a matching of four: 3.125, 15.625 ... test the half-even rounding."""
    questions = [Question("match", scoring.MATCHING, items=["a", "b", "c", "d"])] + [
        Question(f"s{n}", scoring.SINGLE, options=[Option("y", True), Option("n", False)])
        for n in range(7)
    ]
    quiz = SimpleNamespace(
        pass_mark=50, mastery_correct=4, scoring_questions={q.id: q for q in questions}
    )
    return ("synthetic/ties", questions, scoring_key(quiz), {}, None)


def answer_sets(rng, questions, raw, draw):
    by_id = {q.id: q for q in questions}
    yield {q.id: right_answer(q, raw.get(q.id)) for q in questions}
    yield {q.id: wrong_answer(q) for q in questions}
    for n in range(RANDOM_SETS_PER_QUIZ):
        if draw and n % 4:
            paper = draw(f"seed-{rng.random()}")  # the questions one attempt asks
        else:
            paper = rng.sample(list(by_id), rng.randint(1, len(by_id)))
        # Shuffled, so the JS must score in the key's order, not the answers'.
        yield {
            qid: random_answer(rng, by_id[qid], raw.get(qid))
            for qid in rng.sample(paper, len(paper))
        }


def expected(questions, key, answers):
    asked = [q for q in questions if q.id in answers]
    result = scoring.score(
        asked, answers, pass_mark=key["pass_mark"], mastery_correct=key["mastery_correct"]
    )
    items = []
    for question, item in zip(asked, result.items, strict=True):
        alone = scoring.score_question(question, answers[question.id])
        assert alone == item
        items.append(
            {
                "id": item.question_id,
                "points": [item.points.numerator, item.points.denominator],
                "correct": item.correct,
                "scored": item.scored,
            }
        )
    return {
        "items": items,
        "points": [result.points.numerator, result.points.denominator],
        "percent": result.percent,
        "maxPoints": result.max_points,
        "correctCount": result.correct_count,
        "passed": result.passed,
    }


@pytest.mark.django_db
def test_js_scores_every_starter_quiz_as_python():
    rng = random.Random(20240601)
    quizzes = starter_quizzes()
    assert {name.split("/")[0] for name, *_rest in quizzes} == {"en", "zh-hans", "ug"}
    quizzes.append(tie_quiz())
    kinds = {q.kind for _name, questions, *_rest in quizzes for q in questions}
    assert kinds == scoring.KINDS

    keys = [key for _name, _questions, key, _raw, _draw in quizzes]
    cases = []
    for index, (name, questions, key, raw, draw) in enumerate(quizzes):
        for answers in answer_sets(rng, questions, raw, draw):
            cases.append((name, index, answers, expected(questions, key, answers)))
    # Exact ties at the third decimal (3.125 and the like) occur, so half-even is tested.
    thousandths = [
        Fraction(*want["points"]) * 100_000 / want["maxPoints"]
        for *_case, want in cases
        if want["maxPoints"]
    ]
    assert any(t.denominator == 1 and t % 10 == 5 for t in thousandths)

    got = run_in_chromium(
        """arg => {
            const [keys, cases] = JSON.parse(arg);
            return JSON.stringify(cases.map(
                ([index, answers]) => LifeskillsScoring.score(keys[index], answers)));
        }""",
        [keys, [[index, answers] for _name, index, answers, _expected in cases]],
    )

    assert len(got) == len(cases)
    mismatches = [
        (name, answers, want, js)
        for (name, _index, answers, want), js in zip(cases, got, strict=True)
        if js != want
    ]
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ; first: {mismatches[0]}"


def test_js_normalises_text_as_python():
    texts = [
        "Police 110",
        "  ＰＯＬＩＣＥ　１１０。",  # full-width letters, digits, space and full stop
        "Straße",
        "STRASSE",
        "ẞ",
        "ΣΑΣ ΟΔΟΣ",  # a word-final capital sigma, which toLowerCase makes ς
        "ﬁnal ﬂag",
        "İstanbul",
        "ıi",
        "ᾳ ΐ ŉ ǰ",
        "Ꮳꮳ ᏸ",  # Cherokee folds to its capitals
        "¿¡Hola!?",
        "...«110»...",
        "「十六岁」。",
        "十六 岁！",
        "(it's a scam).",
        "«it's — a — scam»",
        "ساقچى 110؟",
        "١١٠",
        "ئانامغا ئېيتىمەن.",
        "110\xa0\u2009\u202f\u3000police",
        "\x1c1\x1d1\x1e0\x1f\x85",
        "\ufeff110",  # a zero-width no-break space is not a space to Python
        "\u200b110\u200b",
        "a\u0301 á",
        "🙂 110 🙂",
        "!!!",
        "",
        "1/2 ½ ㎏ ①",
    ]
    want = [scoring.normalise_text(text) for text in texts]
    got = run_in_chromium(
        "texts => JSON.stringify(JSON.parse(texts).map(LifeskillsScoring.normaliseText))",
        texts,
    )
    assert got == want


SINGLE = Question("single", scoring.SINGLE, options=[Option("a", True), Option("b", False)])
MULTIPLE = Question(
    "multiple", scoring.MULTIPLE, options=[Option("a", True), Option("b", True), Option("c", False)]
)
MATCHING = Question("matching", scoring.MATCHING, items=["p", "q", "r"])
ORDERING = Question("ordering", scoring.ORDERING, items=["s", "t", "u"])
SHORT = Question("short", scoring.SHORT, accepted=scoring.accepted_answers("110"))
REFLECTION = Question("reflection", scoring.REFLECTION)
UNKNOWN = Question("essay", "essay")

# Malformed answers, and valid ones at the edges of the rules.
ANSWERS = [
    (SINGLE, ["a", "c", "A", "", None, 1, ["a"], {"a": "a"}]),
    (MULTIPLE, [["a"], [], "a", ["a", "a"], ["a", 1], ["a", "z"], None, {"a": 1}, [["a"]]]),
    (
        MATCHING,
        [
            {"p": "p", "q": "q", "r": "r"},
            {"p": "q", "q": "q", "r": "q"},
            {},
            {"p": "p", "q": "q"},
            {"p": "p", "q": "q", "r": "r", "s": "s"},
            {"p": "p", "q": "q", "r": "x"},
            {"p": "p", "q": "q", "r": 1},
            {"p": "p", "q": "q", "r": None},
            ["p", "q", "r"],
            None,
            "p",
        ],
    ),
    (
        ORDERING,
        [
            ["u", "t", "s"],
            ["s", "t"],
            ["s", "t", "t"],
            ["s", "t", "u", "u"],
            ["s", "t", "x"],
            ["s", "t", 1],
            "stu",
            None,
            {"s": 0},
        ],
    ),
    (
        SHORT,
        [
            "110",
            "",
            "   ",
            "\x1c\x1d\x85",
            "\u3000\xa0",
            "\ufeff",  # not a space to Python's str.strip
            "1" * 200,
            "1" * 201,
            "🙂" * 200,  # 200 characters, 400 UTF-16 code units
            "🙂" * 201,
            None,
            110,
            ["110"],
        ],
    ),
    (REFLECTION, ["ok", "x" * 2000, "x" * 2001, "🙂" * 2000, "🙂" * 2001, " \n\t", None]),
    (UNKNOWN, ["a", None]),
]


def test_js_rejects_the_answers_python_rejects():
    cases = [(question, answer) for question, answers in ANSWERS for answer in answers]
    want = []
    for question, answer in cases:
        try:
            points = scoring.score_question(question, answer).points
            want.append([points.numerator, points.denominator])
        except InvalidAnswer:
            want.append("InvalidAnswer")
    key = scoring_key(
        SimpleNamespace(
            pass_mark=50,
            mastery_correct=None,
            scoring_questions={question.id: question for question, _answers in ANSWERS},
        )
    )
    questions = {q["id"]: q for q in key["questions"]}
    got = run_in_chromium(
        """arg => {
            const [questions, cases] = JSON.parse(arg);
            return JSON.stringify(cases.map(([id, answer]) => {
                try {
                    return LifeskillsScoring.scoreQuestion(questions[id], answer).points;
                } catch (error) {
                    return error.name;
                }
            }));
        }""",
        [questions, [[question.id, answer] for question, answer in cases]],
    )
    assert dict(enumerate(got)) == dict(enumerate(want))
    assert want.count("InvalidAnswer") > 30

    # A whole attempt that answers a question the key does not have is refused too.
    with pytest.raises(InvalidAnswer):
        scoring.score([SINGLE], {"single": "a", "other": "a"}, pass_mark=50)
    refused = run_in_chromium(
        """arg => {
            try {
                LifeskillsScoring.score(JSON.parse(arg), {single: "a", other: "a"});
                return JSON.stringify("scored");
            } catch (error) {
                return JSON.stringify(error.name);
            }
        }""",
        key,
    )
    assert refused == "InvalidAnswer"
