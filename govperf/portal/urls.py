"""Routes of the public portal: every page shows published, official data only."""

from django.urls import path

from govperf.portal import views, views_files, views_kpis

app_name = "portal"
YEAR = "agencies/<int:agency_id>/<int:year>/"
VERSION = YEAR + "v<int:number>/"
urlpatterns = [
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/<int:agency_id>/", views.agency, name="agency"),
    path(YEAR, views.year, name="year"),
    path(YEAR + "chapters/", views.chapters, name="chapters"),
    path(YEAR + "versions/", views_files.versions, name="versions"),
    path(YEAR + "report.<str:format>", views_files.latest_report_file, name="latest_report_file"),
    path(YEAR + "data.<str:format>", views_files.latest_data_file, name="latest_data_file"),
    path(VERSION + "report.<str:format>", views_files.report_file, name="report_file"),
    path(VERSION + "data.<str:format>", views_files.data_file, name="data_file"),
    path(VERSION + "changes/", views_files.changes, name="changes"),
    path("data/", views_files.data, name="data"),
    path("data/all.<str:format>", views_files.all_data, name="all_data"),
    path("kpis/<int:kpi_id>/", views_kpis.kpi, name="kpi"),
    path("compare/", views_kpis.compare, name="compare"),
    path("search/", views_kpis.search, name="search"),
    path("data/api/", views_files.api_guide, name="api_guide"),
    path("data/dictionary.json", views_files.data_dictionary, name="data_dictionary"),
]
