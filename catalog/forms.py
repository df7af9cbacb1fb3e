"""Admin forms for the catalog: checks that need more than one field or the whole graph."""

from django import forms

from catalog.models import Skill
from catalog.prerequisites import cycle_message, prerequisite_cycle
from catalog.selectors import skill_prerequisite_graph


class SkillAdminForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = [
            "name",
            "name_ur",
            "slug",
            "category",
            "description",
            "aliases",
            "prerequisites",
            "prerequisites_from",
        ]

    def clean(self):
        cleaned_data = super().clean()
        prerequisites = cleaned_data.get("prerequisites")
        if prerequisites is None:
            return cleaned_data
        # Other skills point at this one by its stored slug, so the graph uses that.
        slug = self.instance.slug if self.instance.pk else cleaned_data.get("slug")
        if not slug:
            return cleaned_data
        graph = skill_prerequisite_graph()
        graph[slug] = {prerequisite.slug for prerequisite in prerequisites}
        cycle = prerequisite_cycle(graph)
        if cycle:
            names = dict(Skill.objects.filter(slug__in=cycle).values_list("slug", "name"))
            names.setdefault(slug, cleaned_data.get("name") or slug)
            self.add_error("prerequisites", cycle_message([names[node] for node in cycle]))
        return cleaned_data
