import random
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.roles import is_learner
from curriculum.steps import ModuleStep

from . import scoring
from .blocks import QuestionStreamBlock
from .kinds import registry


class QuestionOrder(models.TextChoices):
    FIXED = "fixed", _("As written")
    SHUFFLED = "shuffled", _("Shuffled for each attempt")


class FeedbackTiming(models.TextChoices):
    EACH = "each", _("After each question")
    END = "end", _("At the end")


class QuizPage(ModuleStep, Page):
    """The quiz that closes a module: questions that explain every answer.

    Written by curriculum editors and translated by translators. The settings
    decide how a child meets the questions; answers are stored per question so
    teachers and editors can see which questions a class gets wrong.

    The page holds the quiz's content and its rules; ``quizzes.views`` builds
    the screens a child sees.
    """

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown before the first question."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The score, in per cent, a child needs to pass."),
    )
    question_order = models.CharField(
        _("question order"),
        max_length=10,
        choices=QuestionOrder.choices,
        default=QuestionOrder.FIXED,
        help_text=_("Shuffling also shuffles the options of each question."),
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Draw this many scored questions at random from the pool for each attempt. "
            "Leave empty to ask them all. Open reflections are always asked."
        ),
    )
    feedback_timing = models.CharField(
        _("feedback"),
        max_length=10,
        choices=FeedbackTiming.choices,
        default=FeedbackTiming.END,
        help_text=_(
            "After each question: one question per screen, and the child sees why straight "
            "away. At the end: all questions on one page, and the feedback after submitting."
        ),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for unlimited attempts; 1 makes it a single-attempt quiz."),
    )
    mastery_correct = models.PositiveSmallIntegerField(
        _("mastery: questions correct"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            'The M of an "M of N correct" rule: to pass, a child must also answer at least '
            "this many of the N scored questions fully right. Leave empty for no such rule."
        ),
    )
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("mastery_correct"),
                FieldPanel("attempts_allowed"),
                FieldPanel("feedback_timing"),
                FieldPanel("question_order"),
                FieldPanel("questions_per_attempt"),
            ],
            heading=_("How the quiz runs"),
        ),
        FieldPanel("questions"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")

    # Questions ---------------------------------------------------------------

    @cached_property
    def question_blocks(self):
        """Every question of the pool by id, as (block, value) pairs, in written order."""
        return {str(child.id): (child.block, child.value) for child in self.questions}

    @cached_property
    def scoring_questions(self):
        return {
            qid: registry.for_block(block.name).scoring_question(value, qid)
            for qid, (block, value) in self.question_blocks.items()
        }

    @property
    def scored_pool(self):
        return [q for q in self.scoring_questions.values() if q.scored]

    @property
    def questions_asked(self):
        """N: how many scored questions one attempt asks."""
        pool = len(self.scored_pool)
        if self.questions_per_attempt:
            return min(self.questions_per_attempt, pool)
        return pool

    def draw(self, seed):
        """The question ids of one attempt, in the order they are asked.

        ``seed`` (the attempt's client id) makes the draw repeatable, so a page
        shown again mid-attempt shows the same questions in the same order.
        """
        rng = random.Random(str(seed))
        scored = [q.id for q in self.scored_pool]
        reflections = [q.id for q in self.scoring_questions.values() if not q.scored]
        if self.questions_asked < len(scored):
            chosen = set(rng.sample(scored, self.questions_asked))
            scored = [qid for qid in scored if qid in chosen]
        if self.question_order == QuestionOrder.SHUFFLED:
            rng.shuffle(scored)
        # Reflections come last: a child writes more freely once the checking is over.
        return scored + reflections

    def check_paper(self, question_ids):
        """Raise InvalidAnswer unless ``question_ids`` is a set of questions one attempt may ask."""
        if len(set(question_ids)) != len(question_ids):
            raise scoring.InvalidAnswer("a question is listed twice")
        unknown = [qid for qid in question_ids if qid not in self.scoring_questions]
        if unknown:
            raise scoring.InvalidAnswer("a question is not part of this quiz")
        asked = [self.scoring_questions[qid] for qid in question_ids]
        if sum(1 for q in asked if q.scored) != self.questions_asked:
            raise scoring.InvalidAnswer("the number of questions does not match the quiz")
        reflections = {q.id for q in self.scoring_questions.values() if not q.scored}
        if not reflections <= set(question_ids):
            raise scoring.InvalidAnswer("an open question is missing")

    def clean(self):
        super().clean()
        errors = {}
        try:
            pool = len(self.scored_pool)
        except (AttributeError, KeyError, TypeError):
            return  # the questions themselves are invalid; their own errors say why
        if pool == 0:
            errors["questions"] = _("Add at least one question that is scored.")
        elif self.questions_per_attempt and self.questions_per_attempt > pool:
            errors["questions_per_attempt"] = _("The pool has only %(pool)d scored questions.") % {
                "pool": pool
            }
        if pool and self.mastery_correct and self.mastery_correct > self.questions_asked:
            errors["mastery_correct"] = _("An attempt asks only %(n)d scored questions.") % {
                "n": self.questions_asked
            }
        if errors:
            raise ValidationError(errors)

    # Taking the quiz ----------------------------------------------------------

    step_kind = ModuleStep.QUIZ
    step_label = _("Quiz")

    def attempts_by(self, user):
        """The child's stored attempts at this quiz in any language, newest first."""
        if not stores_attempts(user):
            return Attempt.objects.none()
        return Attempt.objects.filter(learner=user, quiz_key=self.translation_key).order_by(
            "-submitted_at", "-pk"
        )

    def extra_attempts_for(self, user):
        """How many more attempts than the quiz allows the child's teachers have given."""
        if not stores_attempts(user):
            return 0
        return ExtraAttempt.objects.filter(learner=user, quiz_key=self.translation_key).count()

    def attempts_left(self, user, used=None, extra=None):
        """How many more attempts the child may submit, or None for unlimited."""
        if self.attempts_allowed is None:
            return None
        if used is None:
            used = self.attempts_by(user).count()
        if extra is None:
            extra = self.extra_attempts_for(user)
        return max(0, self.attempts_allowed + extra - used)

    @property
    def one_per_screen(self):
        return self.feedback_timing == FeedbackTiming.EACH

    @property
    def shuffles(self):
        return self.question_order == QuestionOrder.SHUFFLED

    def serve(self, request, *args, **kwargs):
        request.is_preview = False
        return self._first_screen(request)

    def serve_preview(self, request, mode_name):
        return self._first_screen(request)

    def _first_screen(self, request):
        # Wagtail hands the page its own address and its previews; the first
        # screen is built where every other screen is. The views import this
        # module, so this import cannot be at the top.
        from .views import first_screen

        return first_screen(request, self)

    @property
    def offline_url(self):
        """Where a device fetches the quiz as it works with no connection."""
        return reverse("quizzes:offline", args=[self.pk])


def stores_attempts(user):
    """Learners (children in classes) keep their attempts. Visitors, teachers,
    editors and coordinators trying a quiz out practise: nothing of theirs is
    stored, so the statistics describe learners only."""
    return is_learner(user)


class Attempt(models.Model):
    """One submitted attempt at a quiz by a signed-in child.

    The rules that judged it (pass mark, mastery rule) are copied onto the
    attempt, so that editing the quiz later never changes a result a child has
    already seen. The quiz is also recorded by its translation key, which every
    language's copy shares, so statistics combine all languages and survive the
    page being deleted.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        QuizPage, null=True, on_delete=models.SET_NULL, related_name="attempts"
    )
    quiz_key = models.UUIDField(_("quiz translation key"), db_index=True)
    # The module's translation key, so progress reports join attempts to
    # modules without walking the page tree.
    module_key = models.UUIDField(_("module translation key"), null=True, db_index=True)
    language = models.CharField(_("language"), max_length=20)
    # Made by the device that took the quiz: a retry or an offline replay of
    # the same attempt carries the same id and never makes a second attempt.
    client_id = models.UUIDField(_("client id"))
    answers_digest = models.CharField(max_length=64)
    started_at = models.DateTimeField(_("started"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    points = models.FloatField(_("points"))
    max_points = models.PositiveSmallIntegerField(_("points possible"))
    score = models.FloatField(_("score (%)"))
    correct_count = models.PositiveSmallIntegerField(_("questions correct"))
    passed = models.BooleanField(_("passed"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    mastery_correct = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "client_id"], name="quizzes_attempt_unique_client_id"
            )
        ]
        indexes = [
            models.Index(fields=["quiz_key", "learner"], name="quizzes_att_quiz_ke_804279_idx"),
            # The day's and the hour's submissions (manage.py vital_signs) read a range.
            models.Index(fields=["submitted_at"], name="quizzes_attempt_submitted"),
        ]

    def __str__(self):
        return f"{self.learner} · {self.quiz_key} · {self.score:g}%"

    @property
    def percent(self):
        return self.score


class Response(models.Model):
    """One question of an attempt: what the child answered and what it earned.

    Questions and options are referred to by their block ids, which translations
    share. ``answer_key`` holds the answer in the canonical form of
    ``scoring.answer_key`` (option ids, pairs or steps); ``text`` holds what a
    child typed, for short answers and reflections.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField()
    answer_key = models.TextField(blank=True)
    text = models.TextField(blank=True)
    points = models.FloatField()
    correct = models.BooleanField()
    scored = models.BooleanField()

    class Meta:
        verbose_name = _("answer")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="quizzes_response_unique_question"
            )
        ]
        indexes = [models.Index(fields=["question_id", "correct"])]

    def __str__(self):
        return f"{self.question_id} · {self.points:g}"


class ExtraAttempt(models.Model):
    """One more attempt at a quiz than it allows, given to a child by their teacher.

    A child who has used every attempt may need one more after the teacher has
    gone over the lesson again. Each row allows one attempt beyond the quiz's
    ``attempts_allowed``; who gave it and when is kept, so the child's record
    shows why they took a quiz more often than it allows. Like attempts, it
    names the quiz by its translation key: the attempt is allowed in every
    language.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extra_attempts"
    )
    quiz_key = models.UUIDField(_("quiz translation key"), db_index=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("extra quiz attempt")
        indexes = [models.Index(fields=["learner", "quiz_key"], name="quizzes_extra_learner_quiz")]

    def __str__(self):
        return f"{self.learner} · {self.quiz_key} · +1"


# Running totals ------------------------------------------------------------------
#
# Derived data, kept by quizzes.totals in the same transaction as every attempt
# stored or deleted, so the editors' item statistics read a few small rows
# instead of every answer ever given. Never edited by hand: `manage.py
# verify_question_totals --repair` rewrites them from the attempts. Counters
# are signed: a total that has drifted must never stop a child's data being
# deleted; the verifier reports it instead.


class QuizTotal(models.Model):
    """Running totals of every stored attempt at one quiz, in every language.

    Derived data, never edited by hand (``quizzes.totals`` keeps it). The row
    is also the lock that puts one quiz's total updates one after another.
    """

    quiz_key = models.UUIDField(unique=True)
    attempts = models.IntegerField(default=0)
    # Children with at least one attempt: a child's first attempt adds one,
    # forgetting a child's last attempt takes one away.
    students = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("quiz total")

    def __str__(self):
        return f"{self.quiz_key} · {self.attempts}"


class QuizScoreTotal(models.Model):
    """How many attempts at a quiz scored exactly ``score``: the histogram the
    upper and lower groups of item statistics are cut from.

    Derived data, never edited by hand (``quizzes.totals`` keeps it). A quiz
    has a row per distinct score, which its questions bound, so the rows do not
    grow with its history. Attempts tied on score at a group's edge are split in
    proportion (``quizzes.queries``), which needs no more than these counts.
    """

    quiz_key = models.UUIDField()
    score = models.FloatField()
    attempts = models.IntegerField(default=0)
    passes = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("quiz score total")
        constraints = [
            models.UniqueConstraint(fields=["quiz_key", "score"], name="quizzes_scoretotal_unique")
        ]

    def __str__(self):
        return f"{self.quiz_key} · {self.score:g}% · {self.attempts}"


class QuestionTotal(models.Model):
    """Answers to one question by attempts that scored ``score``: how many, how
    many fully right, and the points they earned.

    Derived data, never edited by hand (``quizzes.totals`` keeps it). Counts
    only: what a child wrote is never copied here.
    """

    quiz_key = models.UUIDField()
    question_id = models.CharField(max_length=64)
    score = models.FloatField()
    answered = models.IntegerField(default=0)
    correct = models.IntegerField(default=0)
    points = models.FloatField(default=0)

    class Meta:
        verbose_name = _("question total")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz_key", "question_id", "score"],
                name="quizzes_questiontotal_unique",
            )
        ]

    def __str__(self):
        return f"{self.question_id} · {self.score:g}% · {self.answered}"


class WrongAnswerTotal(models.Model):
    """How often one wrong answer was given to a scored question.

    Derived data, never edited by hand (``quizzes.totals`` keeps it). Open
    reflections are not scored and never counted here, so nothing a child
    wrote for the teacher alone is copied.
    """

    quiz_key = models.UUIDField()
    question_id = models.CharField(max_length=64)
    answer_key = models.TextField()
    times = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("wrong answer total")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz_key", "question_id", "answer_key"],
                name="quizzes_wronganswertotal_unique",
            )
        ]

    def __str__(self):
        return f"{self.question_id} · {self.times}"
