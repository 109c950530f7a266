"""Form widgets that write their own HTML, for pages where rendering forms through templates costs too much.

The registry's search and the notice list render their filter forms on every request; Django's
template-based widget rendering of a select with ~190 options was most of such a page's time.
"""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Designsystemet's class for inputs and selects, which templates/django/forms/widgets/ gives every other form.
DS_INPUT = {"class": "ds-input"}


class InputHTML:
    """An <input> widget that writes its own HTML."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        value_attr = format_html(' value="{}"', value) if value is not None else ""
        attrs = flatatt(self.build_attrs(DS_INPUT | self.attrs, attrs))
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, value_attr, attrs)


class TextInput(InputHTML, forms.TextInput):
    pass


class DateInput(InputHTML, forms.DateInput):
    input_type = "date"


class Select(forms.Select):
    """A single select over flat choices that writes its own HTML, with option tags made once per choice list."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(DS_INPUT | self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), self.render_options(self.format_value(value)))

    def render_options(self, values: list[str]):
        # str() evaluates lazy labels in the active language, so each language has its own cache entry.
        choices = tuple(("" if value is None else str(value), str(label)) for value, label in self.choices)
        tags = _option_tags(choices)
        # Like Django's Select, only the first match is selected.
        selected = next((index for index, (value, _label) in enumerate(choices) if value in values), None)
        if selected is not None:
            tags = list(tags)
            tags[selected] = format_html('<option value="{}" selected>{}</option>', *choices[selected])
        return mark_safe("".join(tags))


@functools.lru_cache(maxsize=64)
def _option_tags(choices: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The unselected <option> tags of a choice list. The choices are the key: reloaded reference tables get new tags."""
    return tuple(format_html('<option value="{}">{}</option>', value, label) for value, label in choices)
