// The one-page flows (templates/admin/flows): "Add a …" appends a row from the formset's empty
// form (and announces it as the admin's inlines do, so that the admin's autocomplete.js turns its
// person pickers into select2 boxes), and the agency list of a participating country shows that
// country's agencies first.
// Without this script the page still works: it offers blank rows of its own.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-add-row]").forEach((button) => {
    const prefix = button.dataset.addRow;
    const template = document.getElementById(`${prefix}-empty`);
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const list = document.querySelector(`[data-rows="${prefix}"]`);
    if (!template || !total || !list) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__number__", String(index + 1));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const row = list.lastElementChild;
      row.dispatchEvent(new CustomEvent("formset:added", { bubbles: true, detail: { formsetName: prefix } }));
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
    });
  });
  // A participating country's agency list: only that country's agencies (the server checks it too).
  const narrowAgencies = (row) => {
    const country = row.querySelector('select[name$="-country"]');
    const agency = row.querySelector('select[name$="-coordinating_agency"]');
    if (!country || !agency) {
      return;
    }
    const chosen = country.value ? country.selectedOptions[0].text : "";
    agency.querySelectorAll("optgroup").forEach((group) => {
      group.hidden = chosen !== "" && group.label !== chosen;
    });
  };
  document.querySelectorAll("#participants .flow-row").forEach(narrowAgencies);
  document.addEventListener("change", (event) => {
    const row = event.target.closest("#participants .flow-row");
    if (row && event.target.name && event.target.name.endsWith("-country")) {
      narrowAgencies(row);
    }
  });
  const summary = document.getElementById("flow-error-summary");
  if (summary) {
    summary.focus();
  }
});
