"""Editors' correction forms on the website: they clean what was typed into domain values; the views hand
those to ``claims.services``, which make every change."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from articles.models import Article

from . import services
from .models import Location, QuoteKind, Speaker, SpeakerAlias, SpeakerKind
from .naming import name_key

SPEAKER_REQUIRED = "Type the speaker's name."
NO_SUCH_SPEAKER = "No speaker is called “{name}”: pick a name from the list, or tick “new speaker” to add one."
SPEAKER_AMBIGUOUS = "Several speakers are called “{name}”: pick one of them from the list."
CANNOT_ADD_SPEAKER = "You may not add speakers: pick an existing one."
OCCURRENCE_MISSING = "These words occur only {count} time(s) there."

# A suggestion shared by several speakers carries the speaker's slug in brackets: "Jane Roe [jane-roe-2]".
_SLUG_SUFFIX = re.compile(r"\s*\[([-\w]+)\]\s*$")


def speaker_named(text: str) -> Speaker | None:
    """The one speaker ``text`` names: "name [slug]", else the exact name, else one of its aliases.

    None when no speaker has that name; ValidationError when several do.
    """
    text = text.strip()
    tagged = _SLUG_SUFFIX.search(text)
    if tagged:
        speaker = Speaker.objects.filter(slug=tagged.group(1)).first()
        if speaker is not None:
            return speaker
        text = text[: tagged.start()]
    named = list(Speaker.objects.filter(name__iexact=text)[:2])
    if not named:
        key = name_key(text)
        ids = set(SpeakerAlias.objects.filter(key=key).values_list("speaker", flat=True)[:2]) if key else set()
        named = list(Speaker.objects.filter(pk__in=ids))
    if len(named) > 1:
        raise ValidationError(SPEAKER_AMBIGUOUS.format(name=text))
    return named[0] if named else None


class SpeakerField(forms.CharField):
    """A speaker's name as typed, with the suggestions of the page's ``<datalist id="speaker-names">``, which
    htmx refills from the speakers matching what is typed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("error_messages", {"required": SPEAKER_REQUIRED})
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "list": "speaker-names",
            "autocomplete": "off",
            "hx-get": reverse_lazy("claims:speaker_names"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#speaker-names",
            "hx-swap": "innerHTML",
        }


class SpeakerChoiceForm(forms.Form):
    """Who said it: an existing speaker by name, or (ticked) a new speaker of that name.

    ``cleaned_data["speaker"]`` is the existing Speaker, or None when a new one is to be made from
    ``cleaned_data["name"]`` and ``cleaned_data["new_kind"]``.
    """

    speaker = SpeakerField(label="Speaker")
    new = forms.BooleanField(required=False, label="This is a new speaker")
    new_kind = forms.ChoiceField(
        choices=SpeakerKind.choices, required=False, initial=SpeakerKind.PERSON, label="Kind of new speaker"
    )

    def __init__(self, *args, may_add_speaker: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_add_speaker = may_add_speaker

    def clean(self):
        data = super().clean()
        name = (data.get("speaker") or "").strip()
        if not name:
            return data
        data["name"] = name
        if data.get("new"):
            if not self.may_add_speaker:
                raise ValidationError(CANNOT_ADD_SPEAKER)
            data["speaker"] = None
            data["new_kind"] = data.get("new_kind") or SpeakerKind.UNKNOWN
            return data
        speaker = speaker_named(name)
        if speaker is None:
            raise ValidationError(NO_SUCH_SPEAKER.format(name=name))
        data["speaker"] = speaker
        return data


class QuoteAddForm(SpeakerChoiceForm):
    """A passage of the article that the machine missed: its words, its kind, where it is and who said it."""

    text = forms.CharField(label="The quoted words, copied from the article", widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(choices=QuoteKind.choices, initial=QuoteKind.DIRECT)
    where = forms.ChoiceField(label="In", choices=[("body", "the article's text")])
    occurrence = forms.IntegerField(
        label="If these words occur more than once there: which time (1 = the first)",
        min_value=1,
        max_value=99,
        initial=1,
        required=False,
    )

    field_order = ["text", "kind", "where", "occurrence", "speaker", "new", "new_kind"]

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        captions = article.captions if isinstance(article.captions, list) else []
        self.fields["where"].choices = [("body", "the article's text")] + [
            (f"caption-{i}", f"photo caption {i + 1}") for i in range(len(captions))
        ]

    def clean_where(self) -> tuple[str, int]:
        """(location, caption index) of the passage."""
        where = self.cleaned_data["where"]
        if where == "body":
            return Location.BODY, 0
        return Location.CAPTION, int(where.removeprefix("caption-"))

    def clean(self):
        """Also ``cleaned_data["near"]``: where the chosen occurrence of the words starts (for ``quote_add``)."""
        data = super().clean()
        text, where = data.get("text"), data.get("where")
        data["near"] = 0
        if not text or not where or (data.get("occurrence") or 1) == 1:
            return data
        location, caption_index = where
        near = -1
        for seen in range(data["occurrence"]):
            try:
                start, _ = services.quote_locate(
                    article=self.article, text=text, location=location, caption_index=caption_index, near=near + 1
                )
            except ValidationError:
                return data  # the words are not there at all: quote_add says so
            if start <= near:  # no further occurrence: the search came round to the first one
                raise ValidationError(OCCURRENCE_MISSING.format(count=seen), code="occurrence")
            near = start
        data["near"] = near
        return data
