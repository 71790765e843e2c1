from django.contrib import admin

from manset.comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "article", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "text"]
    raw_id_fields = ["article", "parent"]
