"""A shared path: a snapshot in slugs and reason codes, put into words when it is shown."""

from decimal import Decimal

from careers.learning_path import LearningPathView
from careers.models import StepStatus
from careers.recommender.reasons import reason_text, unmet_shared_text
from catalog.models import Offering, Role, Skill
from catalog.templatetags.humanize_pkr import offering_cost


def _text_or_none(value) -> str | None:
    return None if value is None else str(value)


def path_snapshot(*, view: LearningPathView) -> dict:
    """What a shared link shows: the plan as slugs and reason codes, without anything that
    says who the learner is (no budget, city, goal or name); words are made when it is shown,
    in the viewer's language."""
    return {
        "role_slug": view.role_slug,
        "total_weeks": view.total_weeks,
        "estimated_weeks": view.estimated_weeks,
        "total_cost_pkr": view.total_cost_pkr,
        "unknown_costs": view.unknown_costs,
        "steps": [
            {
                "skill_slug": item.step.skill,
                "also_slugs": item.step.also_covers,
                "slug": item.offering.slug,
                "kind_code": item.offering.kind,
                "weeks": item.step.weeks,
                "cost_pkr": item.step.cost_pkr,
                # A price published in dollars, as text, so the shared page can write it.
                "cost_usd": _text_or_none(item.offering.cost_usd),
                "cost_period": item.step.cost_period,
                "why_code": item.step.reason_codes[0] if item.step.reason_codes else None,
                "done": item.status == StepStatus.Status.DONE,
            }
            for item in view.steps
        ],
        "finished": len(view.finished),
        "unmet_codes": [{"skill": slug, "code": code} for slug, code in view.unmet_codes],
    }


def shared_path_for_display(*, snapshot: dict) -> dict:
    """A shared snapshot in words, in the current language. Snapshots made before reasons
    were kept as codes still show as they were saved."""
    if (
        "role_slug" not in snapshot
        or "steps" not in snapshot
        or (snapshot["steps"] and "skill_slug" not in snapshot["steps"][0])
    ):
        return snapshot
    skills = {s.slug: s.local_name for s in Skill.objects.only("slug", "name", "name_ur")}
    roles = {r.slug: r.local_name for r in Role.objects.only("slug", "name", "name_ur")}
    offerings = Offering.objects.select_related("provider").in_bulk(
        [step["slug"] for step in snapshot["steps"]], field_name="slug"
    )
    kinds = dict(Offering.Kind.choices)
    steps = []
    for step in snapshot["steps"]:
        offering = offerings.get(step["slug"])
        why = step.get("why_code") or {}
        params = {key: value for key, value in why.items() if key != "code"}
        steps.append(
            {
                "skill": skills.get(step["skill_slug"], step["skill_slug"]),
                "also": [skills.get(s, s) for s in step["also_slugs"]],
                "title": offering.local_title if offering else step["slug"],
                "slug": step["slug"],
                "kind": kinds.get(step["kind_code"], step["kind_code"]),
                "provider": offering.provider.display_name
                if offering and offering.provider
                else "",
                "weeks": step["weeks"],
                "cost_pkr": step["cost_pkr"],
                # Written as the offering's own page writes it; older snapshots have no
                # period or dollar price.
                "cost": offering_cost(
                    Offering(
                        # A dollar price is written in dollars, as on the offering's page
                        # (the step's cost_pkr is its conversion).
                        cost_pkr=None if step.get("cost_usd") else step["cost_pkr"],
                        cost_usd=Decimal(step["cost_usd"]) if step.get("cost_usd") else None,
                        cost_period=step.get("cost_period") or Offering.CostPeriod.TOTAL,
                    )
                ),
                "why": reason_text(why.get("code", ""), params, skills, roles) if why else "",
                "done": step["done"],
            }
        )
    return {
        **snapshot,
        "role": roles.get(snapshot["role_slug"], snapshot["role_slug"]),
        "steps": steps,
        "unmet": [
            {
                "skill": skills.get(item["skill"], item["skill"]),
                "reason": unmet_shared_text(
                    item["code"], skills.get(item["skill"], item["skill"])
                ),
            }
            for item in snapshot.get("unmet_codes", [])
        ],
    }
