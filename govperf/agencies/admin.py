"""Admin pages for agencies and units."""

from django.contrib import admin

from govperf.agencies import models

admin.site.register(models.Agency)
admin.site.register(models.Unit)
