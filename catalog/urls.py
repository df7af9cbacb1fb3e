from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalog/", views.offering_list, name="offering_list"),
    path("catalog/<slug:slug>/", views.offering_detail, name="offering_detail"),
    path("skills/", views.skill_list, name="skill_list"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill_detail"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider_detail"),
]
