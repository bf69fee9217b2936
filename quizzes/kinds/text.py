"""What the kinds answered in the child's own words share: short answer and reflection."""

from django.utils.translation import gettext, ngettext

from .base import InvalidAnswer, QuestionKind


class TextKind(QuestionKind):
    """Text, at most ``max_length`` characters; what the child typed is kept as typed."""

    max_length = 0

    def check_answer(self, question, answer):
        if not isinstance(answer, str) or not answer.strip():
            raise InvalidAnswer("the answer is empty")
        if len(answer) > self.max_length:
            raise InvalidAnswer(f"the answer is longer than {self.max_length} characters")

    def answer_from_key(self, question, key):
        return key

    def stored_text(self, answer):
        return answer

    def stored_answer(self, question, key, text):
        return text

    def form_answer(self, post, question):
        name = f"q-{question.id}"
        if name not in post:
            return None
        value = post.get(name)
        return value if value.strip() else None

    def missing_message(self, question):
        return gettext("Write an answer.")

    def invalid_message(self, question, answer):
        if isinstance(answer, str) and answer.strip():
            return ngettext(
                "Your answer is too long: write at most %(limit)d character.",
                "Your answer is too long: write at most %(limit)d characters.",
                self.max_length,
            ) % {"limit": self.max_length}
        return gettext("Write an answer.")
