import secrets

from django.contrib.auth.models import Group, Permission, User
from django.core.management.base import BaseCommand

from aid.core.bundle import CONTENT_APPS

DEMO_USERNAME = "demo.clinician"


class Command(BaseCommand):
    help = (
        "Create the groups 'clinician' (reads, checks, prints) and 'editor' (edits content in the admin); "
        "with --demo, also create a local demo clinician account on first run and print its password once. "
        "The password is random and never stored anywhere but the database (as a hash)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Create the demo clinician account if missing.")

    def handle(self, *args, demo=False, **options):
        Group.objects.get_or_create(name="clinician")
        editor, _ = Group.objects.get_or_create(name="editor")
        labels = [app.rsplit(".", 1)[1] for app in CONTENT_APPS]
        # Editors also read the handout export log (it has no add/change/delete in the admin).
        editor.permissions.set(
            Permission.objects.filter(content_type__app_label__in=labels)
            | Permission.objects.filter(content_type__app_label="handouts", codename="view_handoutexport")
        )
        if demo and not User.objects.filter(username=DEMO_USERNAME).exists():
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(DEMO_USERNAME, password=password, first_name="Demo")
            user.groups.add(Group.objects.get(name="clinician"))
            self.stdout.write(
                "\n  A local demo clinician account was created (shown once, keep it):\n"
                f"    username: {DEMO_USERNAME}\n    password: {password}\n"
                "  To make an editor: .venv/bin/python manage.py createsuperuser, or add a user to the\n"
                "  'editor' group in the admin.\n"
            )
