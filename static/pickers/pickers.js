/*
 * The admin's autocompletes, narrowed and named (core.pickers).
 *
 * Django's autocomplete.js sends only the search term and the field; this replaces its
 * djangoAdminSelect2 (loaded right after it, before the page initialises the widgets) with one
 * that also sends the values of the form fields the picker follows (data-picker-follows: the
 * agency follows the row's country), so the server offers only what fits. The server narrows
 * again whatever the request says: this only saves choosing what would be refused.
 *
 * Select2 shows its own box in place of the <select>: the box gets the select's accessible name
 * (its aria-label, or its <label>), so a screen reader names every chooser of a table row.
 * A static file, no inline script: the content security policy stays as it is.
 */
'use strict';
{
    const $ = django.jQuery;

    function followedValues(element) {
        const values = {};
        const names = (element.dataset.pickerFollows || '').split(' ').filter(Boolean);
        if (!names.length || !element.form) {
            return values;
        }
        // In an inline row the followed field carries the row's prefix ("participants-0-").
        const own = element.dataset.fieldName;
        const prefix = element.name.endsWith(own) ? element.name.slice(0, -own.length) : '';
        for (const name of names) {
            const input = element.form.elements.namedItem(prefix + name);
            if (input && typeof input.value === 'string') {
                values[name] = input.value;
            }
        }
        return values;
    }

    function accessibleName(element) {
        if (element.getAttribute('aria-label')) {
            return element.getAttribute('aria-label');
        }
        const label = element.id ? document.querySelector('label[for="' + CSS.escape(element.id) + '"]') : null;
        return label ? label.textContent.replace(/[:\s]+$/, '').trim() : '';
    }

    function nameSelect2Box(element) {
        const name = accessibleName(element);
        if (!name) {
            return;
        }
        const container = $(element).next('.select2-container');
        container.find('.select2-selection').each(function() {
            this.removeAttribute('aria-labelledby');
            this.setAttribute('aria-label', name);
        });
        // The chosen value's box (a read-only textbox) and the search field of a multiple choice.
        container.find('.select2-selection__rendered[role="textbox"], .select2-search__field').attr('aria-label', name);
        // A multiple choice's chosen values: a list, whose "remove all" cross is not an item.
        container.find('ul.select2-selection__rendered').attr('role', 'list');
    }

    $.fn.djangoAdminSelect2 = function() {
        $.each(this, function(i, element) {
            $(element).select2({
                ajax: {
                    data: (params) => Object.assign(followedValues(element), {
                        term: params.term,
                        page: params.page,
                        app_label: element.dataset.appLabel,
                        model_name: element.dataset.modelName,
                        field_name: element.dataset.fieldName
                    })
                }
            });
            nameSelect2Box(element);
            // A multiple choice redraws its search box when a value is added or removed.
            $(element).on('change', () => nameSelect2Box(element));
        });
        return this;
    };
}
