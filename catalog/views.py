"""Public catalog pages: browse and search offerings, skills, roles and providers."""

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from catalog import selectors
from catalog.caching import cached, release
from catalog.filters import OfferingFilter
from catalog.models import Offering, Provider, Role

PAGE_SIZE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    kinds = dict(Offering.Kind.choices)
    counts = (
        Offering.objects.active().values("kind").annotate(total=Count("id")).order_by("-total")
    )
    return render(
        request,
        "catalog/home.html",
        {
            "kind_counts": [
                (row["kind"], kinds.get(row["kind"], row["kind"]), row["total"]) for row in counts
            ],
            "roles": Role.objects.order_by("name"),
        },
    )


@require_GET
@vary_on_headers("HX-Request")
def offering_list(request: HttpRequest) -> HttpResponse:
    filterset = OfferingFilter(request.GET, queryset=selectors.offering_list())
    query = request.GET.copy()
    query.pop("page", None)
    # The count and the filter form depend only on the filters asked for, the catalog, the
    # language and the release; they are kept in the shared cache instead of being made on
    # every page. So is a page of results while browsing, which is the same for everyone;
    # a search (words in `q`) is run each time.
    state = selectors.catalog_state()
    known = f"{state}:{translation.get_language()}:{release()}:{query.urlencode()}"
    known = hashlib.blake2b(known.encode(), digest_size=12).hexdigest()
    paginator = Paginator(filterset.results(), PAGE_SIZE)
    template = "catalog/offering_list.html"

    def results() -> str:
        paginator.count = cached(f"catalog-count:{known}", lambda: paginator.count, LIST_TIMEOUT)
        page = paginator.get_page(request.GET.get("page"))
        context = {"filter": filterset, "page": page, "query": query.urlencode()}
        return render_to_string(template + "#results", context, request)

    if request.GET.get("q", "").strip():
        shown = results()
    else:
        page_key = f"{known}:{request.GET.get('page', '')}"
        shown = cached(f"catalog-results:{page_key}", results, LIST_TIMEOUT)
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(shown)
    form = cached(
        f"catalog-filters:{known}",
        lambda: render_to_string(template + "#filter-form", {"filter": filterset}, request),
        LIST_TIMEOUT,
    )
    return render(request, template, {"filter_form": form, "results": mark_safe(shown)})


LIST_TIMEOUT = 60 * 60


@require_GET
def offering_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offering = get_object_or_404(selectors.offerings_for_detail(), slug=slug)
    similar_to = getattr(settings, "CATALOG_SIMILAR_OFFERINGS", None)
    similar = import_string(similar_to)(offering=offering) if similar_to else []
    context = {
        "offering": offering,
        "similar": similar,
        "upcoming": offering.upcoming_start(timezone.localdate()),
        "free_routes": [route for route in offering.free_routes.all() if route.is_active],
    }
    return render(request, "catalog/offering_detail.html", context)


@require_GET
def skill_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/skill_list.html", {"skills": selectors.skill_list()})


@require_GET
def skill_detail(request: HttpRequest, slug: str) -> HttpResponse:
    skill = get_object_or_404(selectors.skills_for_detail(), slug=slug)
    return render(
        request,
        "catalog/skill_detail.html",
        {
            "skill": skill,
            "taught_by": selectors.offerings_for_skill(skill=skill),
            "roles": skill.needed_by_roles.select_related("role").order_by(
                "-weight", "role__name"
            ),
        },
    )


@require_GET
def role_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/role_list.html", {"roles": selectors.role_list()})


@require_GET
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = get_object_or_404(selectors.roles_for_detail(), slug=slug)
    return render(request, "catalog/role_detail.html", {"role": role})


@require_GET
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    provider = get_object_or_404(Provider.objects.select_related("source"), slug=slug)
    return render(
        request,
        "catalog/provider_detail.html",
        {"provider": provider, "offerings": selectors.offering_list().filter(provider=provider)},
    )
