"""The catalog: what there is to learn, who offers it, and what each role needs."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class City(models.TextChoices):
    ISLAMABAD = "islamabad", _("Islamabad")
    LAHORE = "lahore", _("Lahore")
    KARACHI = "karachi", _("Karachi")
    PESHAWAR = "peshawar", _("Peshawar")
    QUETTA = "quetta", _("Quetta")
    MULTAN = "multan", _("Multan")
    FAISALABAD = "faisalabad", _("Faisalabad")
    BAHAWALPUR = "bahawalpur", _("Bahawalpur")
    OTHER = "other", _("Elsewhere")


class SkillLevel(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    WORKING = 2, _("Working")
    ADVANCED = 3, _("Advanced")


class Source(models.Model):
    """Where a catalog entry's facts come from: an article or a public page."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    licence = models.CharField(_("licence or credit"), max_length=300, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Skill(models.Model):
    class Category(models.TextChoices):
        FOUNDATION = "foundation", _("Foundation")
        PROGRAMMING = "programming", _("Programming and tools")
        DATA = "data", _("Data")
        ML = "ml", _("Machine learning")
        SPECIALISATION = "specialisation", _("Specialisation")
        ENGINEERING = "engineering", _("Engineering and operations")
        PROFESSIONAL = "professional", _("Professional")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    description = models.TextField(_("description"), blank=True)
    aliases = models.CharField(
        _("aliases"),
        max_length=300,
        blank=True,
        help_text=_("Other names people search by, separated by commas (e.g. TF, tf.keras)."),
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="required_by",
        blank=True,
        verbose_name=_("prerequisites"),
        help_text=_("Skills to have first. The prerequisite graph may not contain a cycle."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:skill_detail", args=[self.slug])

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        GOVERNMENT = "government", _("Government body")
        RESEARCH = "research", _("Research centre")
        FOUNDATION = "foundation", _("Foundation")
        PLATFORM = "platform", _("Online platform")
        COMMUNITY = "community", _("Community")
        CONFERENCE = "conference", _("Conference organiser")
        COMPANY = "company", _("Company")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City,
        blank=True,
        help_text=_("Leave empty for providers not tied to a city in Pakistan."),
    )
    url = models.URLField(_("website"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="providers", verbose_name=_("source")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:provider_detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class OfferingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def free(self):
        return self.filter(cost_pkr=0)


class Offering(models.Model):
    class Kind(models.TextChoices):
        DEGREE = "degree", _("Degree program")
        BOOTCAMP = "bootcamp", _("Bootcamp")
        ONLINE_COURSE = "online_course", _("Online course")
        CERTIFICATE = "certificate", _("Certificate")
        COMMUNITY = "community", _("Community")
        MEETUP = "meetup", _("Meetup")
        CONFERENCE = "conference", _("Conference")
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        PRACTICE = "practice", _("Practice")
        INTERNSHIP = "internship", _("Internship")

    class Delivery(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="offerings",
        null=True,
        blank=True,
        verbose_name=_("provider"),
    )
    summary = models.TextField(_("summary"))
    url = models.URLField(_("address"), max_length=500, blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery)
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City,
        blank=True,
        help_text=_("Where it takes place; empty when it is online or not tied to a city."),
    )
    cost_pkr = models.PositiveIntegerField(
        _("cost in PKR"),
        null=True,
        blank=True,
        help_text=_("0 means free; leave empty when the cost is not known."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level)
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty when not known or open-ended."),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    language = models.CharField(_("language"), max_length=40, default="English")
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    prerequisite_skills = models.ManyToManyField(
        Skill,
        related_name="required_for_offerings",
        blank=True,
        verbose_name=_("prerequisite skills"),
    )
    sectors = models.ManyToManyField(
        Sector, related_name="offerings", blank=True, verbose_name=_("sectors")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("source")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:offering_detail", args=[self.slug])

    @property
    def is_free(self) -> bool:
        return self.cost_pkr == 0


class OfferingSkill(models.Model):
    """A skill an offering teaches, and the level a learner reaches with it."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="skills_taught")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="taught_by")
    level = models.PositiveSmallIntegerField(
        _("level reached"), choices=SkillLevel, default=SkillLevel.BEGINNER
    )

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "skill"], name="unique_offering_skill")
        ]
        verbose_name = _("skill taught")
        verbose_name_plural = _("skills taught")

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class Role(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"))
    sectors = models.ManyToManyField(
        Sector, related_name="roles", blank=True, verbose_name=_("sectors")
    )
    outlook = models.TextField(
        _("salary and demand"),
        blank=True,
        help_text=_("What the sources say about pay and demand; leave empty rather than guess."),
    )
    basis = models.TextField(
        _("what the skill list rests on"),
        help_text=_("Which occupations in the sources this role is built from, and how."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="roles", verbose_name=_("source")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:role_detail", args=[self.slug])


class RoleSkill(models.Model):
    """A skill a role needs, the level it needs, and how much it matters (1 to 5)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="required_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="needed_by_roles")
    level = models.PositiveSmallIntegerField(
        _("level needed"), choices=SkillLevel, default=SkillLevel.WORKING
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How much the role relies on this skill, 1 (a little) to 5 (essential)."),
    )

    class Meta:
        ordering = ["-weight", "skill__name"]
        constraints = [models.UniqueConstraint(fields=["role", "skill"], name="unique_role_skill")]
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class CatalogVersion(models.Model):
    """One row whose number goes up on every catalog change.

    Server processes compare it with the number their fitted recommender was built from,
    so an edit in one process reaches all of them on their next request.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalog version")

    def __str__(self) -> str:
        return str(self.version)
