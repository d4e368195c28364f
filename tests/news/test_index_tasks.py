"""The indexes' tasks run once per request (home/search/tasks.py): publishing an
article through the admin indexes it once, with everything it was saved with,
and the next request finds it in the search and in the reference index."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django_tasks.signals import task_finished
from taggit.models import Tag
from wagtail.models import ReferenceIndex

from home.search.tasks import tasks_once
from news.models import NewsPage
from tests.news.test_admin import add_url, article_form_data

pytestmark = pytest.mark.django_db

INDEX_TASKS = {
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
}


@pytest.fixture
def finished_tasks():
    """Each task that ran: (its function, its arguments)."""
    ran = Counter()

    def record(sender, task_result, **kwargs) -> None:
        ran[(task_result.task.module_path, tuple(task_result.args))] += 1

    task_finished.connect(record)
    yield ran
    task_finished.disconnect(record)


def test_publishing_an_article_indexes_it_once_with_its_tags(
    admin_client, news_index, image, categories, finished_tasks
):
    data = article_form_data(image, [categories["evenements"]])
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_url(news_index), data).status_code == 302
    article = NewsPage.objects.get(slug="alposs-2026")
    assert article.live

    key = ("news", "newspage", str(article.pk))
    index_runs = {
        task: count
        for (task, args), count in finished_tasks.items()
        if task in INDEX_TASKS and args == key
    }
    # The article was saved several times (page, revision, publication): each
    # of its index entries was computed once, after the last save.
    assert index_runs == dict.fromkeys(INDEX_TASKS, 1)
    assert max(finished_tasks.values()) == 1

    # The reference index holds its tags, saved after the page itself, and
    # nothing is lost by running the tasks once, after the last save.
    tags = set(Tag.objects.filter(name__in=["AlpOSS", "logiciel libre"]))
    assert len(tags) == 2
    referenced = set(
        ReferenceIndex.objects.filter(
            content_type=ContentType.objects.get_for_model(NewsPage),
            object_id=str(article.pk),
            to_content_type=ContentType.objects.get_for_model(Tag),
        ).values_list("to_object_id", flat=True)
    )
    assert referenced == {str(tag.pk) for tag in tags}

    # And the next reader's search finds it.
    found = admin_client.get("/recherche/", {"q": "participants"})
    assert "AlpOSS 2026 : plus de 500 participants" in found.content.decode()


def test_a_block_runs_each_distinct_task_once_at_its_end(news_index, finished_tasks):
    with tasks_once():
        news_index.save()
        with tasks_once():  # a nested block belongs to the outer one
            news_index.save()
        news_index.save()
        assert not finished_tasks  # nothing ran yet
    key = (news_index._meta.app_label, news_index._meta.model_name)
    runs = [
        count
        for (task, args), count in finished_tasks.items()
        if task in INDEX_TASKS and args[:2] == key
    ]
    assert runs == [1, 1]


def test_a_block_that_fails_runs_nothing(news_index, finished_tasks):
    with pytest.raises(RuntimeError), tasks_once():
        news_index.save()
        raise RuntimeError("the save is rolled back")
    assert not finished_tasks
    # Outside a block, a save's tasks run at once, as with the immediate backend.
    news_index.save()
    assert finished_tasks
