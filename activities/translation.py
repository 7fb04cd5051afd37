"""Pillars per language (django-modeltranslation): `name_en`, `name_es`, … columns, edited in the
admin; English is the name as stored (core.translated)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Pillar


@register(Pillar)
class PillarTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}
