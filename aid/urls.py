from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Kratom conversation aid — content editing"
admin.site.site_title = "Content editing"

urlpatterns = [
    path("", include("aid.core.urls")),
    path("evidence/", include("aid.evidence.urls")),
    path("medicines/", include("aid.interactions.urls")),
    path("legal/", include("aid.regulation.urls")),
    path("reader/", include("aid.reader.urls")),
    path("handout/", include("aid.handouts.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "aid.core.errors.forbidden"
handler404 = "aid.core.errors.not_found"
handler500 = "aid.core.errors.server_error"
