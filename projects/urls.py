from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("add/", views.project_add, name="project-add"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/move/", views.project_move, name="project-move"),
    path("<int:pk>/plans/<slug:stage>/", views.plan_write, name="plan-write"),
    path("<int:pk>/impact/add/", views.impact_add, name="impact-add"),
    path("plans/<int:pk>/accept/", views.plan_accept, name="plan-accept"),
    path("checkpoints/", views.checkpoint_edit, name="checkpoint-edit"),
    path("log/", views.activity_add, name="activity-add"),
    path("log/export.csv", views.activity_export, name="activity-export"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/add/", views.programme_add, name="programme-add"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
]
