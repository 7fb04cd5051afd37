"""The second step of a sign-in, under /accounts/ beside the sign-in page."""

from django.urls import path

from . import views

urlpatterns = [
    path("second-factor/", views.second_factor_page, name="second_factor"),
    path("second-factor/enrol/", views.second_factor_enrol_page, name="second_factor_enrol"),
    path("second-factor/recovery-codes/", views.recovery_codes_page, name="recovery_codes"),
]
