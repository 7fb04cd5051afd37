"""The substance taxonomy per language (django-modeltranslation): `name_en`, `name_es`, … columns,
edited in the admin; English is the name as stored (core.translated)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Substance, SubstanceCategory


@register(SubstanceCategory)
class SubstanceCategoryTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(Substance)
class SubstanceTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"en": ("name",)}
