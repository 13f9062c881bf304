"""Routes of the narrative pages."""

from django.urls import path

from govperf.narrative import views

app_name = "narrative"
urlpatterns = [
    path("cycles/<int:cycle_id>/chapters/", views.chapters, name="chapters"),
    path("cycles/<int:cycle_id>/chapters/create/", views.chapters_create, name="chapters_create"),
    path("chapters/<int:chapter_id>/owner/", views.chapter_assign, name="chapter_assign"),
    path("chapters/<int:chapter_id>/edit/", views.chapter_edit, name="chapter_edit"),
    path("cycles/<int:cycle_id>/recommendations/", views.recommendations, name="recommendations"),
    path(
        "recommendations/<int:recommendation_id>/unit/",
        views.recommendation_assign,
        name="recommendation_assign",
    ),
    path(
        "recommendations/<int:recommendation_id>/answer/",
        views.recommendation_answer,
        name="recommendation_answer",
    ),
]
