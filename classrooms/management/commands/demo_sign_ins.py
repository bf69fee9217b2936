from django.core.management.base import BaseCommand

from classrooms.demo import CHILDREN, JOIN_CODE, MEI_PICTURES
from curriculum.demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Print where the site runs and the demo sign-ins."

    def handle(self, *args, **options):
        base = "http://127.0.0.1:8000"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Lifeskills is starting on " + base))
        self.stdout.write(f"  Learner site:   {base}/en/   {base}/zh-hans/   {base}/ug/")
        self.stdout.write(f"  Get help page:  {base}/en/help/")
        self.stdout.write(
            f"  Teacher sign-in: {base}/en/accounts/login/   (teacher area: {base}/en/teach/)"
        )
        pictures = ", ".join(MEI_PICTURES.split("-"))
        self.stdout.write(
            f"  Child sign-in:  {base}/en/join/  class code {JOIN_CODE}, tap {CHILDREN[0][0]}, "
            f"then the pictures {pictures}"
        )
        self.stdout.write(f"  Wagtail admin:  {base}/admin/")
        self.stdout.write("  Demo sign-ins (username / password):")
        for username, password, _group, role in DEMO_ACCOUNTS:
            self.stdout.write(f"    {username:<11} {password:<23} {role}")
        self.stdout.write("")
