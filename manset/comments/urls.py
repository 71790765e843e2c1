from django.urls import path

from manset.comments import views

app_name = "comments"

urlpatterns = [
    path("yorum/<int:article_id>/", views.comment_post, name="post"),
    path("yorum/<int:article_id>/form/", views.form_stamp, name="stamp"),
    path("yorum/<int:article_id>/sayfa/<int:number>/", views.comment_list, name="list"),
    path("yorum/<int:article_id>/benim/", views.own_comments, name="own"),
    path("yorum/duzenle/<int:comment_id>/", views.comment_edit, name="edit"),
    path("yorum/sil/<int:comment_id>/", views.comment_delete, name="delete"),
    path("yorum/sikayet/<int:comment_id>/", views.comment_report, name="report"),
    path("yorum/sayilar/", views.comment_counts, name="counts"),
    path("yorum/bildirim-iptal/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
