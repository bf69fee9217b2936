from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from classrooms.demo import JOIN_CODE, ensure_demo_class
from curriculum.demo import ensure_demo_accounts
from curriculum.editorial import ensure_editorial_setup


class Command(BaseCommand):
    help = (
        "Create the demo sign-ins (public passwords: development machines only) and a demo "
        "class whose children have real progress."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Create them even though DEBUG is off (a demo or test server only).",
        )

    def handle(self, *args, **options):
        refused = not settings.DEBUG or settings.LIFESKILLS_REFUSE_DEMO_DATA
        if refused and not options["allow_without_debug"]:
            raise CommandError(
                "Refusing to create accounts with public passwords while DEBUG is off. "
                "Use --allow-without-debug on a demo server."
            )
        ensure_editorial_setup()
        created = ensure_demo_accounts()
        if created:
            self.stdout.write(f"Created demo accounts: {', '.join(created)}")
        else:
            self.stdout.write("Demo accounts already exist; nothing changed.")
        User = get_user_model()
        classroom = ensure_demo_class(
            User.objects.get(username="teacher"),
            coordinator=User.objects.get(username="coordinator"),
            learner=User.objects.get(username="student"),
        )
        self.stdout.write(
            f"Demo class {classroom.name} (code {JOIN_CODE}): "
            f"{classroom.memberships.count()} children."
        )
