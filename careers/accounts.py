"""How allauth speaks to learners: by their email address (never the internal username), and
in emails that any mail app shows as plain text with each link whole."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage

# SMTP's limit on a line; 8-bit text with shorter lines needs no transfer encoding.
SMTP_LINE_LIMIT = 998


def user_display(user) -> str:
    return user.email or user.get_username()


class PlainTextEmail(EmailMessage):
    """Plain UTF-8 text sent as it is (8bit), so an Urdu mail is not base64 and a long link
    is not cut by quoted-printable's soft line breaks; a plain-text mail view can copy it."""

    def _add_bodies(self, msg):
        body = self.body or ""
        lines = body.encode(self.encoding or "utf-8").splitlines()
        if any(len(line) > SMTP_LINE_LIMIT for line in lines):
            return super()._add_bodies(msg)
        msg.set_content(
            body, subtype=self.content_subtype, charset=self.encoding or "utf-8", cte="8bit"
        )


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if getattr(message, "alternatives", None) or message.content_subtype != "plain":
            return message  # an HTML part: leave it to Django
        return PlainTextEmail(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=message.to,
            headers=message.extra_headers,
        )
