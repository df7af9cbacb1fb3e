"""Carry a learner's chosen language across log-ins and devices, and give a learner a new
revision whenever what their pages show changes."""

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from careers import services
from careers.middleware import LANGUAGE_SESSION_KEY
from careers.models import Profile, ProfileSkill, SharedPath, StepNote, StepStatus

# Rows that belong to one learner and show on their pages.
LEARNER_ROWS = (ProfileSkill, StepStatus, StepNote, SharedPath)


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


@receiver(post_save, sender=Profile, dispatch_uid="careers-revision-profile")
def profile_saved(sender, instance: Profile, raw: bool = False, **kwargs) -> None:
    """Every save gets a new revision, even one that writes back an older copy's."""
    if not raw:
        instance.revision = services.learner_changed(profile_id=instance.pk)


def learner_row_changed(sender, instance, raw: bool = False, origin=None, **kwargs) -> None:
    """A learner's skill, mark, note or share link was written or deleted. A row deleted
    with its learner or with a catalog row needs nothing: the learner is gone, or the
    catalog's new version already changes every page."""
    if raw:
        return
    if origin is not None and not isinstance(origin, LEARNER_ROWS):
        model = getattr(origin, "model", None)
        if model not in LEARNER_ROWS:
            return
    services.learner_changed(profile_id=instance.profile_id)


for _model in LEARNER_ROWS:
    post_save.connect(
        learner_row_changed, sender=_model, dispatch_uid=f"careers-revision-{_model.__name__}"
    )
    post_delete.connect(
        learner_row_changed,
        sender=_model,
        dispatch_uid=f"careers-revision-delete-{_model.__name__}",
    )


@receiver(m2m_changed, sender=Profile.sectors.through, dispatch_uid="careers-revision-sectors")
def sectors_changed(sender, instance, action: str, **kwargs) -> None:
    """A learner's sectors changed. Sectors have no way back to their learners, so the
    change always comes from the profile's side; a deleted sector is a catalog change."""
    if action.startswith("post_"):
        services.learner_changed(profile_id=instance.pk)
