import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

EDITORS_GROUP = "Editors"
EDITABLE_APPS = ["articles", "claims"]


class Command(BaseCommand):
    help = "Make sure an editor login exists (staff, in the Editors group) and print its password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Where the site is served.")

    def handle(self, *args, username, url, **options):
        group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=EDITABLE_APPS))

        # The demo password is kept in var/ so that repeated `make demo` runs print the same one.
        secret_file = settings.BASE_DIR / "var" / f"{username}.password"
        password = secret_file.read_text().strip() if secret_file.exists() else ""
        if not password:
            password = secrets.token_urlsafe(12)
            secret_file.parent.mkdir(exist_ok=True)
            secret_file.touch(mode=0o600)
            secret_file.write_text(password + "\n")

        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created or not user.check_password(password):
            user.set_password(password)
        user.is_staff = True
        user.is_active = True
        user.save()
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"Editor login: username {username!r}, password {password!r}")
            + f"\nOpen {url} and log in."
        )
