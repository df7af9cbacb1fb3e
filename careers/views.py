"""The learner's pages: home, profile, data export and account deletion."""

from functools import cache as once
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django.views.i18n import set_language as django_set_language

from careers import export, learning_path, model_store, role_fits, selectors, services, sharing
from careers.calendar import calendar_for_path
from careers.forms import CVForm, CVSkillsForm, PathFilterForm, ProfileForm, SkillsForm
from careers.middleware import LANGUAGE_SESSION_KEY
from careers.models import StepStatus
from careers.page_cache import TOKEN_MARK, with_token
from catalog.caching import cache_call, files_fingerprint, fingerprint, release
from catalog.models import Offering, Provider, Role, Skill, SkillLevel
from catalog.selectors import catalog_state, offerings_by_slug, skill_by_slug, skills_named
from catalog.selectors import skill_suggestions as suggest_skills


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where a signed-in learner lands: the profile form until it is filled, then their path."""
    profile = selectors.profile_for(user=request.user)
    if profile is None or not profile.is_complete:
        return redirect("careers:profile_edit")
    return redirect("careers:path")


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    learner = selectors.profile_for(user=request.user)
    if learner is None:
        return redirect("careers:profile_edit")
    return render(request, "careers/profile.html", {"profile": learner})


def _post_as_initial(data) -> dict:
    """What the learner typed, to show again in an unbound form without error messages."""
    initial = {key: data.get(key) for key in ProfileForm.Meta.fields}
    initial["sectors"] = data.getlist("sectors")
    initial["willing_to_relocate"] = bool(data.get("willing_to_relocate"))
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    learner = selectors.profile_for(user=request.user)
    current = {row.skill.slug: row.level for row in learner.skills.all()} if learner else {}
    if request.method == "GET":
        # "Plan my path to this role" on a role page arrives with ?role=<slug>.
        role = Role.objects.filter(slug=request.GET.get("role", "")).first()
        form = ProfileForm(instance=learner, initial={"target_role": role} if role else None)
        skills_form = SkillsForm(current=current)
        return _profile_edit_page(request, form, skills_form)

    skills_form = SkillsForm(request.POST, current=current)
    if request.POST.get("action") == "add_skill":
        # Adding a skill without JavaScript: show the form again with the new row,
        # keeping everything else as typed, and save nothing yet.
        form = ProfileForm(initial=_post_as_initial(request.POST), instance=learner)
        if skills_form.is_valid():
            skills_form = SkillsForm(
                current={
                    skill.slug: level
                    for skill, level in skills_form.cleaned_data["skills"].items()
                }
            )
        return _profile_edit_page(request, form, skills_form)

    form = ProfileForm(request.POST, instance=learner)
    if form.is_valid() and skills_form.is_valid():
        services.profile_update(
            user=request.user,
            fields=form.cleaned_data,
            sectors=list(form.cleaned_data["sectors"]),
            skills=skills_form.cleaned_data["skills"],
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("careers:home")
    return _profile_edit_page(request, form, skills_form, status=422)


def _profile_edit_page(request, form, skills_form, status=200) -> HttpResponse:
    institutions = Provider.objects.filter(kind=Provider.Kind.UNIVERSITY).order_by("name")
    return render(
        request,
        "careers/profile_edit.html",
        {
            "form": form,
            "skills_form": skills_form,
            "rows": skills_form.rows(),
            "levels": SkillLevel.choices,
            "institutions": institutions,
        },
        status=status,
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def skill_suggestions(request: HttpRequest) -> HttpResponse:
    """Skills matching what the learner typed, leaving out the ones already listed."""
    listed = [
        key.removeprefix(SkillsForm.ROW_PREFIX)
        for key in request.GET
        if key.startswith(SkillsForm.ROW_PREFIX)
    ]
    query = request.GET.get("add_skill", "")[:100]
    found = suggest_skills(query=query, exclude=listed)
    already = [] if found else [s for s in skills_named(query=query) if s.slug in listed]
    return render(
        request,
        "careers/profile_edit.html#skill-suggestions",
        {"suggestions": found, "query": query, "already": already},
    )


@login_required
@require_GET
def skill_row(request: HttpRequest) -> HttpResponse:
    """One skill row for the picker, at the level chosen; nothing is saved until the form is."""
    skill = Skill.objects.filter(slug=request.GET.get("skill", "")).first()
    if skill is None:
        return HttpResponse(status=404)
    level = request.GET.get("add_level", "1")
    level = int(level) if level in {"1", "2", "3"} else SkillLevel.BEGINNER
    listed = request.GET.get(SkillsForm.ROW_PREFIX + skill.slug)
    return render(
        request,
        "careers/profile_edit.html#skill-row-added",
        {"skill": skill, "level": level, "levels": SkillLevel.choices, "duplicate": bool(listed)},
    )


@login_required
@require_GET
def data_export(request: HttpRequest) -> JsonResponse:
    data = export.learner_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="raasta-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            services.account_delete(user=request.user)
            logout(request)
            messages.success(request, _("Your account and everything in it have been deleted."))
            return redirect("catalog:home")
        error = _("That password is not right. Your account has not been deleted.")
    return render(
        request, "careers/account_delete.html", {"error": error}, status=422 if error else 200
    )


# The learning path

PATH_REGIONS = (
    "path-summary",
    "this-week",
    "path-unmet",
    "gap-chart",
    "week-plan",
    "path-finished",
    "path-communities",
)


def with_profile(view):
    """Give the view the signed-in learner's completed profile; send anyone without one
    to the profile form first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        profile = selectors.profile_alone_for(user=request.user)
        if profile is None or not profile.is_complete:
            return redirect("careers:profile_edit")
        return view(request, profile, *args, **kwargs)

    return login_required(wrapper)


def _filters(data) -> learning_path.PathFilters:
    return PathFilterForm(data).filters()


def _body_context(view) -> dict:
    """What the path's body and its regions are rendered from."""
    return {
        "view": view,
        "filters_query": urlencode(view.filters.as_query()),
        # Reversed once for the page rather than in every step.
        "mark_url": reverse("careers:mark"),
        "note_url": reverse("careers:note"),
        "week_text": learning_path.week_plan_text(view=view),
        "options_prefix": reverse("careers:path_options", args=["-"]).removesuffix("-/"),
    }


def _path_context(request, view, filter_form=None, body: dict | None = None) -> dict:
    return {
        **(body or _body_context(view)),
        "filter_form": filter_form or PathFilterForm(initial=dict(view.filters.as_query())),
        "share": selectors.path_share_active(profile=view.profile),
    }


@once
def page_release() -> str:
    """A fingerprint of the code a kept page is drawn by: its templates, tags and
    translations (`release`), and the Python that shapes what they show."""
    return release() + files_fingerprint("careers/**/*.py", "catalog/*.py")


def _kept_path_key(request, profile, model_version: str, state: str) -> str:
    """Everything the path page is drawn from, as a key: the learner's revision (any change
    to their profile, skills, marks, notes or share link gives a new one), the catalog's
    state and the model the path was planned with, the query string, the language, the day
    (the week plan counts from it), the site's address and the code's release."""
    data = fingerprint(
        [
            str(profile.revision),
            state,
            model_version,
            sorted(request.GET.lists()),
            translation.get_language(),
            timezone.localdate(),
            request.scheme,
            request.get_host(),
            page_release(),
            learning_path.planner_release(),
        ]
    )
    return f"path-page:v1:{profile.pk}:{data}"


@with_profile
@require_GET
@vary_on_headers("HX-Request")
def path(request: HttpRequest, profile) -> HttpResponse:
    """The learner's path. A return visit while nothing it shows has changed is read back
    whole from the shared cache, without planning or reading anything more."""
    filter_form = PathFilterForm(request.GET)
    state = catalog_state()
    model = model_store.recommender_model(state)
    key = _kept_path_key(request, profile, model.version, state)
    kept = cache_call(cache.get, key)
    context = {}
    if kept is None:
        view = learning_path.learning_path_for(
            profile=profile, filters=filter_form.filters(), state=state
        )
        _shown_remember(view)
        body_data = _body_context(view)
        context = _path_context(request, view, filter_form, body=body_data)
        body = render_to_string(
            "careers/path.html#path-body", {**body_data, "csrf_token": TOKEN_MARK}, request
        )
        content = render_to_string(
            "careers/path.html#path-content",
            {**context, "path_body": body, "csrf_token": TOKEN_MARK},
            request,
        )
        kept = {"role_name": view.role_name, "body": str(body), "content": str(content)}
        cache_call(cache.set, key, kept, PART_TIMEOUT)
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(with_token(request, kept["body"]))
    return render(
        request,
        "careers/path.html",
        {
            **context,
            "role_name": kept["role_name"],
            "path_content": with_token(request, kept["content"]),
        },
    )


PART_TIMEOUT = 24 * 3600


def _step_key(item) -> tuple:
    """Everything one step of the page shows, as data."""
    aside = item.set_aside
    return (
        item.step,
        item.offering.pk,
        item.status,
        item.skill_name,
        tuple(item.also_names),
        aside.offering.slug if aside else None,
    )


def _region_keys(view) -> dict[str, tuple]:
    """Everything each region of the path page shows, as data: a region is sent again after
    a mark only when its key changed. A test holds these keys against rendering every
    region before and after each kind of mark."""
    week = view.this_week
    hours = view.profile.hours_per_week
    plan = tuple(
        (item.in_plan, item.start_week, item.end_week, item.estimated, item.offering.title,
         item.finish_on)
        for item in view.steps
    )  # fmt: skip
    return {
        "path-summary": (
            len(view.steps),
            view.total_weeks,
            view.estimated_weeks,
            view.total_cost_pkr,
            view.unknown_costs,
            len(view.finished),
            view.total_steps,
            view.progress_percent,
        ),
        "this-week": (
            (week.offering.title, week.skill_name, week.in_plan, week.finish_on) if week else None,
            hours,
            bool(view.finished),
        ),
        "path-unmet": tuple(view.unmet),
        "gap-chart": tuple(
            (r.skill, r.name, r.have, r.needed, r.reached, r.weight) for r in view.gap
        ),
        "week-plan": (plan, hours, view.estimated_weeks),
        "path-finished": tuple(
            (m.offering.slug, m.offering.title, m.updated_at) for m in view.finished
        ),
        "path-communities": tuple(o.slug for o in view.communities),
        "path-steps": tuple(item.step.skill for item in view.steps),
    }


def _shown(view) -> dict:
    """What the page of `view` shows, region by region and step by step, as fingerprints."""
    return {
        "regions": {name: fingerprint(key) for name, key in _region_keys(view).items()},
        "steps": {item.step.skill: fingerprint(_step_key(item)) for item in view.steps},
    }


def _shown_cache_key(profile, filters) -> str:
    query = urlencode(filters.as_query())
    return f"path-shown:{profile.pk}:{translation.get_language()}:{query}"


def _shown_remember(view) -> dict:
    """Keep what this learner's page now shows, so their next mark compares against it
    instead of building the path a second time. Lost or unreachable, nothing breaks: the
    mark then builds the path as it was. Returns what it kept."""
    key = _shown_cache_key(view.profile, view.filters)
    shown = _shown(view)
    cache_call(cache.set, key, shown, SHOWN_TIMEOUT)
    return shown


SHOWN_TIMEOUT = 60 * 60 * 24


def _changed_parts(request, before: dict, after, shown: dict, focus: str) -> list[str]:
    """The out-of-band swaps that bring a page showing `before` (fingerprints from _shown)
    up to `after` (which shows `shown`)."""
    context = {**_body_context(after), "oob": True, "focus_skill": focus}
    old, new = before["regions"], shown
    parts = [
        render_to_string(f"careers/path.html#{name}", context, request)
        for name in PATH_REGIONS
        if old.get(name) != new["regions"][name]
    ]
    if old.get("path-steps") != new["regions"]["path-steps"] or not after.steps:
        parts.append(render_to_string("careers/path.html#path-steps", context, request))
        return parts
    parts += [
        render_to_string("careers/path.html#step", {**context, "item": item}, request)
        for item in after.steps
        if before["steps"].get(item.step.skill) != new["steps"][item.step.skill]
    ]
    return parts


@with_profile
@require_POST
def mark(request: HttpRequest, profile) -> HttpResponse:
    """Mark one offering; with htmx, answer with only the parts of the page that changed."""
    state = catalog_state()
    slug = request.POST.get("offering", "")
    offering = offerings_by_slug([slug], state=state).get(slug)
    if offering is None or not offering.is_active:
        raise Http404
    status = request.POST.get("status", "")
    if status != "clear" and status not in StepStatus.Status.values:
        return HttpResponseBadRequest(_("Choose saved, not interested, in progress or done."))
    filters = _filters(request.POST)
    skill = skill_by_slug(request.POST.get("skill", ""), state=state)
    if not request.htmx:
        services.mark_set(profile=profile, offering=offering, status=status, skill=skill)
        messages.success(request, _mark_message(status, offering))
        url = reverse("careers:path")
        query = urlencode(filters.as_query())
        if status in ("done", "not_interested"):
            anchor = ""  # the step leaves the list: the page opens on the message saying so
        else:
            anchor = f"#step-{skill.slug}" if skill is not None else "#step-list"
        return redirect(f"{url}?{query}{anchor}" if query else f"{url}{anchor}")

    # What the page shows: remembered from when it was served, else built as it stands.
    key = _shown_cache_key(profile, filters)
    before = cache_call(cache.get, key)
    if not before:
        before = _shown(
            learning_path.learning_path_for(profile=profile, filters=filters, state=state)
        )
    services.mark_set(profile=profile, offering=offering, status=status, skill=skill)
    after = learning_path.learning_path_for(profile=profile, filters=filters, state=state)
    shown = _shown_remember(after)
    # The marked step, or the one that replaced it, takes the keyboard focus after the swap.
    parts = _changed_parts(request, before, after, shown, focus=request.POST.get("skill", ""))
    replaced = None
    if status == "not_interested" and skill is not None:
        replaced = any(item.step.skill == skill.slug for item in after.steps)
    parts.append(_announce(_mark_message(status, offering, replaced)))
    return HttpResponse("".join(parts))


def _mark_message(status: str, offering: Offering, replaced: bool | None = None) -> str:
    """What a mark did, in words; for an offering set aside, whether another took its place
    (None: not looked at)."""
    title = offering.local_title
    aside = {
        True: _("Set aside: %(title)s. The path now shows another option."),
        False: _(
            "Set aside: %(title)s. No other offering fits you for this step: its skill is "
            "now under “Not covered yet”."
        ),
        None: _("Set aside: %(title)s."),
    }[replaced]
    return {
        "saved": _("Saved: %(title)s."),
        "in_progress": _("Started: %(title)s."),
        "done": _("Done: %(title)s. Well done!"),
        "not_interested": aside,
        "clear": _("Mark taken off: %(title)s."),
    }[status] % {"title": title}


@with_profile
@require_GET
@vary_on_headers("HX-Request")
def path_options(request: HttpRequest, profile, skill: str) -> HttpResponse:
    filters = _filters(request.GET)
    skill_obj = get_object_or_404(Skill, slug=skill)
    options = learning_path.path_alternatives(profile=profile, skill=skill, filters=filters)
    context = {
        "skill": skill_obj,
        "options": options,
        "filters_query": urlencode(filters.as_query()),
        "filters": filters,
    }
    template = "careers/path_options.html"
    if request.htmx:
        template += "#options"
    return render(request, template, context)


@login_required
@require_GET
def marks(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    if profile is None:
        return redirect("careers:profile_edit")
    order = ("in_progress", "saved", "done", "not_interested")
    grouped = {StepStatus.Status(status): [] for status in order}
    # Notes are kept with the marks: each marked offering shows the learner's note on it.
    notes = selectors.notes_by_offering(profile=profile)
    for item in selectors.marks_for(profile=profile):
        item.note = notes.get(item.offering_id, "")
        grouped[item.status].append(item)
    return render(request, "careers/marks.html", {"grouped": grouped})


@login_required
@require_POST
def mark_undo(request: HttpRequest) -> HttpResponse:
    """Take a mark off from the dashboard, then come back to it."""
    profile = selectors.profile_for(user=request.user)
    if profile is None:
        return redirect("careers:profile_edit")
    offering = get_object_or_404(Offering, slug=request.POST.get("offering", ""))
    services.mark_set(profile=profile, offering=offering, status="clear")
    messages.success(request, _("Mark removed from “%(title)s”.") % {"title": offering.title})
    return redirect("careers:marks")


@with_profile
@require_POST
def share_create(request: HttpRequest, profile) -> HttpResponse:
    view = learning_path.learning_path_for(profile=profile)
    services.path_share_create(profile=profile, snapshot=sharing.path_snapshot(view=view))
    messages.success(request, _("Your share link is ready. Anyone with it can see your path."))
    return redirect(reverse("careers:path") + "#share")


@login_required
@require_POST
def share_revoke(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    if profile is not None and services.path_share_revoke(profile=profile):
        messages.success(request, _("Your share link no longer works."))
    return redirect(reverse("careers:path") + "#share")


@require_GET
def shared_path(request: HttpRequest, token: str) -> HttpResponse:
    share = selectors.path_shared(token=token)
    if share is None:
        raise Http404("No such shared path")
    path = sharing.shared_path_for_display(snapshot=share.snapshot)
    response = render(request, "careers/shared_path.html", {"share": share, "path": path})
    response["X-Robots-Tag"] = "noindex"
    # The link is the key: no other site learns it from a Referer header. Raasta's own forms
    # still send their origin (with "no-referrer" a browser sends "Origin: null", and the
    # CSRF check refused the language switch).
    response["Referrer-Policy"] = "same-origin"
    return response


@with_profile
@require_GET
def path_calendar(request: HttpRequest, profile) -> HttpResponse:
    view = learning_path.learning_path_for(profile=profile, filters=_filters(request.GET))
    body = calendar_for_path(view=view, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="raasta-plan.ics"'
    return response


@with_profile
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def note(request: HttpRequest, profile) -> HttpResponse:
    """The learner's own note on a step. The path shows a link; the form comes on demand
    (into the step with htmx, as a page of its own without), so the path stays light."""
    data = request.POST if request.method == "POST" else request.GET
    offering = get_object_or_404(Offering.objects.active(), slug=data.get("offering", ""))
    skill = data.get("skill", "")
    back = f"{reverse('careers:path')}#step-{skill}" if skill else reverse("careers:path")
    context = {
        "offering": offering,
        "skill": skill,
        "back": back,
        "text": selectors.notes_by_offering(profile=profile).get(offering.pk, ""),
    }
    if request.method == "GET":
        template = "careers/note.html#note-form" if request.htmx else "careers/note.html"
        return render(request, template, context)

    text = data.get("note", "")
    try:
        saved = services.note_set(profile=profile, offering=offering, text=text)
    except ValidationError as error:
        [message] = error.messages
        if request.htmx:
            return HttpResponse(_announce(message, error=True), status=422)
        # Keep what was typed: show the form again with it and the message.
        return render(
            request, "careers/note.html", {**context, "text": text, "error": message}, status=422
        )
    message = _("Your note is saved.") if saved else _("Your note is removed.")
    if request.htmx:
        shown = render_to_string(
            "careers/path.html#note-shown",
            {**context, "text": saved.text if saved else "", "note_url": reverse("careers:note")},
            request,
        )
        return HttpResponse(shown + _announce(message))
    messages.success(request, message)
    return redirect(back)


def _announce(message: str, error: bool = False) -> str:
    """The page's status region, swapped in out of band, so a screen reader says it."""
    return render_to_string("careers/announce.html", {"message": message, "error": error})


@with_profile
@require_GET
@csp_override({**settings.SECURE_CSP, "style-src": [CSP.UNSAFE_INLINE], "img-src": ["data:"]})
def path_offline(request: HttpRequest, profile) -> HttpResponse:
    """The whole path as one HTML file that opens without a connection: steps and reasons,
    the week plan, the learner's notes and the links, in the learner's language. It prints
    as it is, so it is also what Print opens, with no script needed."""
    view = learning_path.learning_path_for(profile=profile, filters=_filters(request.GET))
    response = render(
        request,
        "careers/path_offline.html",
        {
            "view": view,
            "site": f"{request.scheme}://{request.get_host()}",
            "made_on": timezone.localdate(),
            "week_text": learning_path.week_plan_text(view=view),
        },
    )
    if request.GET.get("download"):
        response["Content-Disposition"] = 'attachment; filename="raasta-path.html"'
    return response


@with_profile
@require_GET
def week_whatsapp(request: HttpRequest, profile) -> HttpResponse:
    """Open WhatsApp with this week's plan typed in, ready to send to whoever they choose.
    A redirect, so the path page need not carry the text twice."""
    view = learning_path.learning_path_for(profile=profile, filters=_filters(request.GET))
    text = learning_path.week_plan_text(view=view)
    return redirect(f"https://wa.me/?{urlencode({'text': text})}")


@login_required
@require_http_methods(["GET", "POST"])
def profile_cv(request: HttpRequest) -> HttpResponse:
    """Read a pasted or uploaded CV and propose skills; nothing is added until confirmed."""
    if request.method == "GET":
        return render(request, "careers/profile_cv.html", {"form": CVForm()})
    form = CVForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "careers/profile_cv.html", {"form": form}, status=422)
    proposed = model_store.skill_extractor().extract(form.cleaned_data["cv_text"])
    return _cv_confirm_page(request, [(p.skill, p.level, p.evidence) for p in proposed])


@login_required
@require_POST
def profile_cv_confirm(request: HttpRequest) -> HttpResponse:
    form = CVSkillsForm(request.POST, proposed=list(Skill.objects.values_list("slug", flat=True)))
    if form.is_valid():
        skills = form.cleaned_data["skills"]
        services.profile_skills_add(user=request.user, skills=skills)
        messages.success(
            request,
            ngettext(
                "%(count)d skill from your CV is in your profile.",
                "%(count)d skills from your CV are in your profile.",
                len(skills),
            )
            % {"count": len(skills)},
        )
        return redirect(reverse("careers:profile_edit") + "#skills")
    # Show the same proposals again, as the learner left them.
    proposed = [
        (
            slug,
            # The level the form proposed; anything else (edited by hand) counts as 1.
            {"2": 2, "3": 3}.get(request.POST.get(f"level-{slug}", "1"), 1),
            request.POST.get(f"evidence-{slug}", ""),
        )
        for slug in request.POST.getlist("proposed")
    ]
    return _cv_confirm_page(request, proposed, form=form, status=422)


def _cv_confirm_page(request, proposed, form=None, status=200) -> HttpResponse:
    skills = Skill.objects.in_bulk([slug for slug, _, _ in proposed], field_name="slug")
    learner = selectors.profile_for(user=request.user)
    current = {row.skill.slug: row.level for row in learner.skills.all()} if learner else {}
    kept = set(request.POST.getlist("keep")) if form is not None else None
    rows = [
        {
            "skill": skills[slug],
            "level": level if level in (1, 2, 3) else 1,
            "evidence": evidence[:300],
            "current": current.get(slug),
            "checked": slug in kept if kept is not None else slug not in current,
        }
        for slug, level, evidence in proposed
        if slug in skills
    ]
    context = {"rows": rows, "levels": SkillLevel.choices, "confirm_form": form}
    return render(request, "careers/profile_cv_confirm.html", context, status=status)


@login_required
@require_GET
def roles_fit(request: HttpRequest) -> HttpResponse:
    """Every role ranked for this learner: what they have, and the path left to each."""
    profile = selectors.profile_for(user=request.user)
    fits = role_fits.role_fits_for(profile=profile)
    return render(request, "careers/roles_fit.html", {"fits": fits, "profile": profile})


@login_required
@require_GET
def roles_compare(request: HttpRequest) -> HttpResponse:
    first, second = request.GET.get("a"), request.GET.get("b")
    comparison = role_fits.role_comparison(
        profile=selectors.profile_for(user=request.user), first=first or "", second=second or ""
    )
    context = {
        "fits": comparison.fits,
        "chosen": comparison.chosen,
        "rows": comparison.rows,
        "a": first,
        "b": second,
    }
    return render(request, "careers/roles_compare.html", context)


@login_required
@require_POST
def role_target(request: HttpRequest) -> HttpResponse:
    role = Role.objects.filter(slug=request.POST.get("role", "")).first()
    if role is None:
        return HttpResponseBadRequest(_("Choose one of the roles in the list."))
    profile = services.profile_target_role_set(user=request.user, role=role)
    messages.success(request, _("Your target is now %(role)s.") % {"role": role.name})
    if profile.is_complete:
        return redirect("careers:path")
    return redirect("careers:profile_edit")


def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a cookie, for visitors), and for a signed-in learner their
    profile too, so the choice follows them to another device."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and translation.check_for_language(language)
    ):
        services.profile_language_set(user=request.user, language=language)
        request.session[LANGUAGE_SESSION_KEY] = language
    return response
