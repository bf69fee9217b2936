"""The quiz and the class of the quizzes and classrooms tests, for tests that use both."""

from tests.classrooms.conftest import (  # noqa: F401
    assignment,
    children,
    class_teacher,
    classroom,
    module_lessons,
    module_quiz,
    other_teacher,
    school,
)
from tests.quizzes.conftest import quiz  # noqa: F401
