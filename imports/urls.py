"""Pages of the imports app (namespace `imports`)."""

app_name = "imports"
urlpatterns: list = []
