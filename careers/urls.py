"""Root URLconf."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from careers import csp, views

learner_patterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/skills/suggest/", views.skill_suggestions, name="skill_suggestions"),
    path("profile/skills/row/", views.skill_row, name="skill_row"),
    path("profile/cv/", views.profile_cv, name="profile_cv"),
    path("profile/cv/confirm/", views.profile_cv_confirm, name="profile_cv_confirm"),
    path("roles/", views.roles_fit, name="roles_fit"),
    path("roles/compare/", views.roles_compare, name="roles_compare"),
    path("roles/target/", views.role_target, name="role_target"),
    path("path/", views.path, name="path"),
    path("path/mark/", views.mark, name="mark"),
    path("path/options/<slug:skill>/", views.path_options, name="path_options"),
    path("path/calendar.ics", views.path_calendar, name="path_calendar"),
    path("path/note/", views.note, name="note"),
    path("path/offline/", views.path_offline, name="path_offline"),
    path("path/week/whatsapp/", views.week_whatsapp, name="week_whatsapp"),
    path("path/share/", views.share_create, name="share_create"),
    path("path/share/revoke/", views.share_revoke, name="share_revoke"),
    path("marks/", views.marks, name="marks"),
    path("marks/undo/", views.mark_undo, name="mark_undo"),
    path("data.json", views.data_export, name="data_export"),
    path("delete/", views.account_delete, name="account_delete"),
]

# The admin signs in through allauth's log-in page and its rate limits, shared by every
# process through the cache; a signed-in learner who is not staff gets 403.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("me/", include((learner_patterns, "careers"))),
    path("p/<str:token>/", views.shared_path, name="shared_path"),
    path("csp-report/", csp.csp_report, name="csp_report"),
    path("", include("catalog.urls")),
]

handler500 = "careers.errors.server_error"
