"""Make a catalog editor or a superuser who signs in with their email address."""

import getpass
import sys

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

EDITORS = "Catalog editors"


class Command(BaseCommand):
    help = (
        "Create or promote a staff account: --editor joins the 'Catalog editors' group "
        "(the catalog and nothing else), --superuser may do everything. The address is "
        "marked confirmed, since the person running this vouches for it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        role = parser.add_mutually_exclusive_group(required=True)
        role.add_argument("--editor", action="store_true")
        role.add_argument("--superuser", action="store_true")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input instead of asking for it",
        )
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="keep the current password, or none: they set one through 'Forgot password'",
        )

    def handle(self, *args, email, editor, superuser, password_stdin, no_password, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first() or User(
            username=email[:150], email=email
        )
        password = None
        if not no_password:
            password = self._password(password_stdin)
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            created = user.pk is None
            user.is_staff = True
            user.is_superuser = superuser or user.is_superuser
            if password is not None:
                user.set_password(password)
            elif created:
                user.set_unusable_password()
            user.save()
            if editor:
                group = Group.objects.filter(name=EDITORS).first()
                if group is None:
                    raise CommandError(f"The group {EDITORS!r} is missing: run migrate first.")
                user.groups.add(group)
            address, _ = EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"primary": True}
            )
            address.verified = True
            address.save(update_fields=["verified"])
        what = "superuser" if user.is_superuser else "catalog editor"
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {email} as a {what}; they sign in at /accounts/login/.")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("The password is empty.")
        return password
