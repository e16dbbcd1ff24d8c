from django.core.management.base import BaseCommand

from claims.services import editor_ensure


class Command(BaseCommand):
    help = "Make sure an editor login exists (staff, in the Editors group) and print its password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Where the site is served.")

    def handle(self, *args, username, url, **options):
        user, password = editor_ensure(username=username)
        self.stdout.write(
            self.style.SUCCESS(f"Editor login: username {user.get_username()!r}, password {password!r}")
            + f"\nOpen {url} and log in."
        )
