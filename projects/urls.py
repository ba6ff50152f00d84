from django.urls import path

from projects.views import involvement

app_name = "projects"

urlpatterns = [
    path("", involvement.project_list, name="project-list"),
    path("add/", involvement.project_add, name="project-add"),
    path("<int:pk>/", involvement.project_detail, name="project-detail"),
    path("<int:pk>/edit/", involvement.project_edit, name="project-edit"),
    path("<int:pk>/move/", involvement.project_move, name="project-move"),
    path("<int:pk>/plans/<slug:stage>/", involvement.plan_write, name="plan-write"),
    path("<int:pk>/impact/add/", involvement.impact_add, name="impact-add"),
    path("plans/<int:pk>/accept/", involvement.plan_accept, name="plan-accept"),
    path("checkpoints/", involvement.checkpoint_edit, name="checkpoint-edit"),
    path("log/", involvement.activity_add, name="activity-add"),
    path("log/export.csv", involvement.activity_export, name="activity-export"),
    path("programmes/", involvement.programme_list, name="programme-list"),
    path("programmes/add/", involvement.programme_add, name="programme-add"),
    path("programmes/<int:pk>/", involvement.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", involvement.programme_edit, name="programme-edit"),
]
