"""Carry a learner's chosen language across log-ins and devices."""

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from careers import services
from careers.middleware import LANGUAGE_SESSION_KEY
from careers.models import Profile


@receiver(user_logged_in, dispatch_uid="careers-language-on-login")
def language_on_login(sender, request, user, **kwargs) -> None:
    """The profile's language wins over whatever this browser last chose."""
    if request is None or not hasattr(request, "session"):
        return
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if language:
        request.session[LANGUAGE_SESSION_KEY] = language


@receiver(user_signed_up, dispatch_uid="careers-language-on-signup")
def language_on_signup(sender, request, user, **kwargs) -> None:
    """A visitor who signed up in Urdu keeps Urdu when they sign in elsewhere."""
    language = translation.get_language()
    if language:
        services.profile_language_set(user=user, language=language)
        if request is not None and hasattr(request, "session"):
            request.session[LANGUAGE_SESSION_KEY] = language
