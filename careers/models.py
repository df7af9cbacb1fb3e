"""A learner's profile, the skills they already have, and their marks on offerings."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import City, Offering, Province, Role, Sector, Skill, SkillLevel


class Profile(models.Model):
    class Education(models.TextChoices):
        INTERMEDIATE = "intermediate", _("Intermediate / FSc")
        BACHELORS_IN_PROGRESS = "bachelors_in_progress", _("Bachelor's, in progress")
        BACHELORS = "bachelors", _("Bachelor's")
        MASTERS = "masters", _("Master's")
        PHD = "phd", _("PhD")
        OTHER = "other", _("Other")

    class Delivery(models.TextChoices):
        ANY = "any", _("Either")
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    education_level = models.CharField(
        _("education"), max_length=30, choices=Education, blank=True
    )
    field_of_study = models.CharField(_("field of study"), max_length=120, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=20, choices=City, blank=True)
    willing_to_relocate = models.BooleanField(_("willing to relocate"), default=False)
    province = models.CharField(
        _("province you are from"), max_length=30, choices=Province, blank=True
    )
    delivery = models.CharField(
        _("online or in person"), max_length=20, choices=Delivery, default=Delivery.ANY
    )
    target_role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target role"),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("sectors of interest")
    )
    goal = models.TextField(_("your goal, in your words"), blank=True, max_length=1000)
    budget_pkr = models.PositiveIntegerField(
        _("monthly budget in PKR"),
        default=0,
        help_text=_("0 means free offerings only."),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language Raasta speaks to this learner in, on every device."),
    )
    # A new value with every change to what the learner's pages show: the profile, their
    # skills, sectors, marks, notes and share link (careers/signals.py). Kept pages are
    # keyed by it, so a change is shown on the next visit without clearing anything.
    revision = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("careers:profile")

    @property
    def is_complete(self) -> bool:
        return self.target_role_id is not None


class ProfileSkill(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="unique_profile_skill")
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class StepStatus(models.Model):
    """A learner's mark on one offering."""

    class Status(models.TextChoices):
        SAVED = "saved", _("Saved")
        NOT_INTERESTED = "not_interested", _("Not interested")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="marks")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status)
    skill = models.ForeignKey(
        Skill,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The skill the learner chose this offering for, when they chose it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "offering"], name="unique_profile_mark")
        ]
        verbose_name = _("mark")
        verbose_name_plural = _("marks")

    def __str__(self) -> str:
        return f"{self.offering}: {self.get_status_display()}"


class SharedPath(models.Model):
    """A read-only snapshot of a learner's path behind an unguessable token."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="shares")
    token = models.CharField(max_length=64, unique=True)
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("Shared path of %(profile)s") % {"profile": self.profile}

    def get_absolute_url(self) -> str:
        return reverse("shared_path", args=[self.token])


class StepNote(models.Model):
    """A learner's own note on an offering in their path: what they learned, their links."""

    MAX_LENGTH = 2000

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="notes")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("note"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "offering"], name="unique_profile_note")
        ]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:60]
