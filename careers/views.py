"""The learner's pages: home, profile, data export and account deletion."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from careers import selectors, services
from careers.forms import ProfileForm, SkillsForm
from catalog.models import Provider, Skill, SkillLevel
from catalog.selectors import skill_suggestions as suggest_skills


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where a signed-in learner lands: the profile form until it is filled, then their path."""
    profile = selectors.profile_for(user=request.user)
    if profile is None or not profile.is_complete:
        return redirect("careers:profile_edit")
    return redirect("careers:profile")


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
        form = ProfileForm(instance=learner)
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
    return render(
        request,
        "careers/profile_edit.html#skill-suggestions",
        {"suggestions": found, "query": query},
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
    data = selectors.learner_data_export(user=request.user)
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
