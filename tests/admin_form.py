"""An admin edit form posted back as a browser posts it, untouched.

`browser_form_data` reads the edit view's HTML the way a browser submits its form:
every input, textarea and select of the form (and those outside it naming it with
`form=`), checkboxes and radios only when checked, selects by their selected
options (the first one when none is), textareas without the newline that follows
their opening tag and with CRLF line breaks; it leaves out disabled fields,
buttons, files and what sits in a `<template>` (the empty rows of inline panels),
but for the templates the admin's scripts move into the form (the scheduling
dialog).

StreamFields are drawn by the admin's scripts from the state in their
`data-w-block-arguments-value`: `stream_form_data` turns that state into the
inputs the scripts post (`body-count`, `body-0-type`, `body-0-value-text`...),
using the field's blocks."""

from __future__ import annotations

import json
from typing import Any

from bs4 import BeautifulSoup, Tag
from django.test import Client
from django.utils.datastructures import MultiValueDict
from wagtail import blocks

Data = dict[str, list[str]]

SKIPPED_TYPES = {"submit", "button", "image", "reset", "file"}


def _text_value(text: str) -> str:
    if text.startswith("\r\n"):
        text = text[2:]
    elif text.startswith("\n"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _teleported_into(template: Tag, form: Tag) -> bool:
    """Whether the admin's scripts move this template's content into `form`
    (`w-teleport`: the scheduling dialog's fields)."""
    if "w-teleport" not in template.get("data-controller", "").split():
        return False
    target = template.get("data-w-teleport-target-value", "")
    return target == "[data-edit-form]" or (
        form.get("id") and target == f"#{form['id']}"
    )


def _skipped(element: Tag, form: Tag) -> bool:
    if element.has_attr("disabled"):
        return True
    for parent in element.parents:
        if parent.name == "template" and not _teleported_into(parent, form):
            return True
        if parent.name == "fieldset" and parent.has_attr("disabled"):
            return True
    return False


def _add(data: Data, name: str, value: str) -> None:
    data.setdefault(name, []).append(value)


def _field_state(state: Any) -> list[str]:
    """What the input of a field block posts for its state."""
    if state is None:
        return [""]
    if isinstance(state, bool):
        return ["on"] if state else []
    if isinstance(state, dict) and "id" in state:  # choosers
        return [str(state["id"])]
    if isinstance(state, dict):
        return [json.dumps(state, separators=(",", ":"), ensure_ascii=False)]
    if isinstance(state, list):
        return [str(item) for item in state]
    return [str(state)]


def stream_form_data(block: blocks.Block, prefix: str, state: Any, data: Data) -> None:
    """The inputs the admin's block scripts post for `state` under `prefix`."""
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = [str(len(state))]
        for i, child in enumerate(state):
            child_prefix = f"{prefix}-{i}"
            data[f"{child_prefix}-deleted"] = [""]
            data[f"{child_prefix}-order"] = [str(i)]
            data[f"{child_prefix}-type"] = [child["type"]]
            data[f"{child_prefix}-id"] = [child.get("id") or ""]
            stream_form_data(
                block.child_blocks[child["type"]],
                f"{child_prefix}-value",
                child["value"],
                data,
            )
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = [str(len(state))]
        for i, child in enumerate(state):
            child_prefix = f"{prefix}-{i}"
            data[f"{child_prefix}-deleted"] = [""]
            data[f"{child_prefix}-order"] = [str(i)]
            data[f"{child_prefix}-id"] = [child.get("id") or ""]
            stream_form_data(
                block.child_block, f"{child_prefix}-value", child["value"], data
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            stream_form_data(child_block, f"{prefix}-{name}", state.get(name), data)
    elif isinstance(block, blocks.StaticBlock):
        return
    else:
        values = _field_state(state)
        if values:
            data[prefix] = values


def browser_form_data(html: str, model: type | None = None) -> Data:
    """The data a browser posts when the edit form of `html` is submitted as is;
    `model` gives the StreamFields' blocks."""
    document = BeautifulSoup(html, "html.parser")
    form = document.find("form", attrs={"data-edit-form": True})
    assert form is not None, "no edit form in the page"
    elements = list(form.find_all(["input", "textarea", "select"]))
    for template in document.find_all("template"):
        if _teleported_into(template, form) and template not in form.descendants:
            elements += template.find_all(["input", "textarea", "select"])
    if form.get("id"):
        elements += [
            element
            for element in document.find_all(
                ["input", "textarea", "select"], attrs={"form": form["id"]}
            )
            if element not in elements
        ]
    data: Data = {}
    for element in elements:
        name = element.get("name")
        if not name or _skipped(element, form):
            continue
        if element.name == "textarea":
            _add(data, name, _text_value(element.get_text()))
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and not element.has_attr("multiple") and options:
                chosen = options[:1]
            for option in chosen:
                value = option.get("value")
                _add(data, name, option.get_text() if value is None else value)
        else:
            kind = (element.get("type") or "text").lower()
            if kind in SKIPPED_TYPES:
                continue
            if kind in {"checkbox", "radio"}:
                if element.has_attr("checked"):
                    _add(data, name, element.get("value", "on"))
                continue
            _add(data, name, element.get("value", ""))
    for container in form.find_all(attrs={"data-w-block-arguments-value": True}):
        name = container.get("id")
        assert model is not None, f"the model is needed for the StreamField {name}"
        state, _errors = json.loads(container["data-w-block-arguments-value"])[:2]
        stream_block = model._meta.get_field(name).stream_block
        stream_form_data(stream_block, name, state, data)
    return data


def untouched_form_data(client: Client, url: str, model: type | None = None) -> Data:
    """GET the admin's edit view at `url` and read its form as a browser sends it
    (for `client.post`)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return browser_form_data(response.content.decode(), model)


def bound_data(data: Data) -> MultiValueDict:
    """`data` as a view's form receives it (`request.POST`)."""
    return MultiValueDict(data)
