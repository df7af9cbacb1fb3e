"""Root URLconf."""

from django.contrib import admin
from django.urls import include, path

from careers import views

learner_patterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/skills/suggest/", views.skill_suggestions, name="skill_suggestions"),
    path("profile/skills/row/", views.skill_row, name="skill_row"),
    path("data.json", views.data_export, name="data_export"),
    path("delete/", views.account_delete, name="account_delete"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("me/", include((learner_patterns, "careers"))),
    path("", include("catalog.urls")),
]
