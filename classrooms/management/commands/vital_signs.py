import json
import sys

from django.core.management.base import BaseCommand

from classrooms import vitals

# --check's exit statuses.
DATABASE_DOWN = 2
THRESHOLD_CROSSED = 1


class Command(BaseCommand):
    help = (
        "The programme's vital signs for today (TIME_ZONE): children active, submissions per "
        "hour, failed sign-ins, offline syncs, and whether the database and the cache answer. "
        "--check exits 1 when a threshold is crossed, 2 when the database does not answer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON object.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit non-zero when something needs a person (for cron or a monitor).",
        )
        defaults = vitals.Thresholds()
        parser.add_argument(
            "--staff-failures",
            type=int,
            default=defaults.staff_failures,
            help="Wrong staff passwords today above which --check fails.",
        )
        parser.add_argument(
            "--child-failures",
            type=int,
            default=defaults.child_failures,
            help="Wrong children's sign-in tries in 24 hours above which --check fails.",
        )

    def handle(self, *args, **options):
        thresholds = vitals.Thresholds(
            staff_failures=options["staff_failures"], child_failures=options["child_failures"]
        )
        signs = vitals.measure(thresholds=thresholds)
        if options["json"]:
            self.stdout.write(json.dumps(signs.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.write_text(signs)
        if options["check"] and signs.alerts:
            sys.exit(DATABASE_DOWN if signs.database["state"] != "ok" else THRESHOLD_CROSSED)

    def write_text(self, signs):
        out = self.stdout.write
        out(f"Vital signs for {signs.date} ({signs.time_zone}), at {signs.generated_at}")
        out(f"  database   {signs.database['state']:<9} {signs.database['ms']} ms")
        out(f"  cache      {signs.cache['state']:<9} {signs.cache['ms']} ms")
        if signs.active_children_today is not None:
            out(f"Children active today: {signs.active_children_today}")
            out(f"Quiz submissions, last 24 hours: {signs.submissions_last_24h}")
            for row in signs.submissions_per_hour:
                hour = row["hour"][11:16]
                out(f"  {hour}  {row['submissions']:>6}  {'#' * min(row['submissions'], 60)}")
            staff = signs.failed_sign_ins["staff"]
            children = signs.failed_sign_ins["children"]
            out("Failed sign-ins:")
            out(
                f"  staff     {staff['wrong_passwords']} wrong passwords today "
                f"({staff['records']} account/address records, {staff['paused_now']} paused now)"
            )
            out(f"            {staff['note']}")
            out(
                f"  children  {children['wrong_tries_24h']} wrong tries in 24 hours "
                f"({children['classes_paused_now']} classes and "
                f"{children['addresses_paused_now']} addresses held back now)"
            )
            out(f"            {children['note']}")
            offline = signs.offline_syncs
            out("Offline syncs:")
            out(
                "  attempts received today that were started on an earlier day: "
                f"{offline['attempts_received_today_started_earlier']}"
            )
            out(f"  {offline['note']}")
        for alert in signs.alerts:
            out(self.style.ERROR(f"ALERT: {alert}"))
        if not signs.alerts:
            out(self.style.SUCCESS("No alerts."))
