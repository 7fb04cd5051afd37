// The import's grid (templates/admin/imports/grid.html): rows typed or pasted from a spreadsheet
// (tab-separated, with or without its header row), checked by the import's own validation on the
// server (imports.grid) and marked cell by cell, then saved all at once. Tabulator draws the grid.
(function () {
  "use strict";
  const host = document.getElementById("grid");
  const configNode = document.getElementById("grid-config");
  if (!host || !configNode || typeof Tabulator === "undefined") {
    return;
  }
  const config = JSON.parse(configNode.textContent);
  const text = config.text;
  const names = config.columns.map(function (column) {
    return column.name;
  });
  const status = document.getElementById("grid-status");
  const errorsBox = document.getElementById("grid-errors");
  const savedBox = document.getElementById("grid-saved");
  const token = document.querySelector("#grid-form input[name=csrfmiddlewaretoken]").value;
  let nextId = 1;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function normalise(value) {
    return value
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  }

  function blankRow() {
    return { _id: nextId++ };
  }

  function isBlank(data) {
    return names.every(function (name) {
      return data[name] === undefined || data[name] === null || String(data[name]).trim() === "";
    });
  }

  // Tab-separated text to rows. A first line whose every cell is one of the import's headers (in
  // any of its languages, as a file's header is read) names the columns; otherwise the cells are
  // taken in the template's order.
  function parse(clipboard) {
    const lines = clipboard.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && !lines[lines.length - 1].trim()) {
      lines.pop();
    }
    if (!lines.length) {
      return false;
    }
    let order = names;
    const first = lines[0].split("\t");
    const named = first.map(function (cell) {
      return config.headers[normalise(cell)] || null;
    });
    if (
      named.some(Boolean) &&
      first.every(function (cell, index) {
        return !cell.trim() || named[index];
      })
    ) {
      order = named;
      lines.shift();
    }
    const rows = [];
    lines.forEach(function (line) {
      const row = blankRow();
      line.split("\t").forEach(function (cell, index) {
        if (order[index]) {
          row[order[index]] = cell.trim();
        }
      });
      if (!isBlank(row)) {
        rows.push(row);
      }
    });
    return rows.length ? rows : false;
  }

  function cellFormatter(cell) {
    const errors = (cell.getRow().getData()._errors || {})[cell.getField()];
    const element = cell.getElement();
    element.classList.toggle("grid-invalid", Boolean(errors));
    if (errors) {
      element.setAttribute("aria-invalid", "true");
      element.setAttribute("title", errors.join(" "));
    } else {
      element.removeAttribute("aria-invalid");
      element.removeAttribute("title");
    }
    const value = cell.getValue();
    return document.createTextNode(value === undefined || value === null ? "" : String(value));
  }

  function messageFormatter(cell) {
    const data = cell.getRow().getData();
    const element = cell.getElement();
    element.classList.add("grid-message");
    element.classList.toggle("grid-message-error", Boolean(data._failed));
    return document.createTextNode(data._message || "");
  }

  function removeFormatter(cell) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "grid-remove";
    button.textContent = "×";
    button.setAttribute("aria-label", format(text.remove, { row: cell.getRow().getPosition() }));
    return button;
  }

  const columns = [
    { title: text.row, formatter: "rownum", headerSort: false, width: 56, minWidth: 56, hozAlign: "right", frozen: true },
  ];
  config.columns.forEach(function (column) {
    columns.push({
      title: column.name,
      field: column.name,
      headerSort: false,
      editor: "input",
      editorParams: { elementAttributes: { "aria-label": column.name } },
      formatter: cellFormatter,
      cssClass: column.required ? "grid-required" : "",
    });
  });
  columns.push({ title: text.check, field: "_message", headerSort: false, width: 260, formatter: messageFormatter });
  columns.push({
    title: text.removeHeader,
    headerSort: false,
    width: 90,
    minWidth: 90,
    hozAlign: "center",
    formatter: removeFormatter,
    cellClick: function (event, cell) {
      if (event.target.closest("button")) {
        cell.getRow().delete();
      }
    },
  });

  function insertRows(rows) {
    const blanks = this.table.getRows().filter(function (row) {
      return isBlank(row.getData());
    });
    blanks.forEach(function (row) {
      row.delete();
    });
    return this.table.addData(rows, false);
  }

  const table = new Tabulator(host, {
    index: "_id",
    data: [blankRow(), blankRow(), blankRow()],
    columns: columns,
    layout: "fitData",
    // Wide enough for a name or an e-mail once pasted (the widths are fitted to the empty rows).
    columnDefaults: { minWidth: 110 },
    clipboard: "paste",
    clipboardPasteParser: parse,
    clipboardPasteAction: insertRows,
    rowFormatter: function (row) {
      row.getElement().classList.toggle("grid-row-invalid", Boolean(row.getData()._failed));
    },
  });

  table.on("tableBuilt", function () {
    // The holder that scrolls is a plain box in the grid's accessibility tree; focusable, it would
    // be a child a grid may not have. Its editable cells are the keyboard's stops.
    const holder = host.querySelector(".tabulator-tableholder");
    if (holder) {
      holder.removeAttribute("tabindex");
    }
  });

  function announce(message) {
    status.textContent = message;
  }

  table.on("clipboardPasted", function (clipboard, rows) {
    announce(format(text.pasted, { count: rows.length }));
  });

  table.on("cellEdited", function (cell) {
    // An edited cell is no longer known to be wrong: its mark goes until the next check.
    const data = cell.getRow().getData();
    if (data._errors && data._errors[cell.getField()]) {
      delete data._errors[cell.getField()];
      cell.getRow().reformat();
    }
  });

  const paste = document.getElementById("grid-paste");
  paste.addEventListener("paste", function (event) {
    const rows = parse((event.clipboardData || window.clipboardData).getData("text/plain"));
    if (rows) {
      event.preventDefault();
      insertRows.call({ table: table }, rows);
      paste.value = "";
      announce(format(text.pasted, { count: rows.length }));
    }
  });

  function rowsToSend() {
    return table.getRows().map(function (row) {
      const data = row.getData();
      const cells = {};
      names.forEach(function (name) {
        if (data[name] !== undefined && data[name] !== null) {
          cells[name] = String(data[name]);
        }
      });
      return { id: data._id, cells: cells };
    });
  }

  function columnLabel(name) {
    return name || text.wholeRow;
  }

  function goTo(id, column) {
    const row = table.getRow(id);
    if (!row) {
      return;
    }
    table
      .scrollToRow(row, "center", false)
      .catch(function () {})
      .then(function () {
        const cell = column ? row.getCell(column) : row.getCell("_message");
        if (cell) {
          cell.getElement().focus();
          if (column) {
            cell.edit(true);
          }
        }
      });
  }

  function showErrors(answer) {
    const list = errorsBox.querySelector("ul");
    list.replaceChildren();
    answer.rows.forEach(function (result) {
      Object.keys(result.errors).forEach(function (column) {
        result.errors[column].forEach(function (message) {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = "#grid";
          link.textContent = format(text.errorAt, { row: result.row, column: columnLabel(column), message: message });
          link.addEventListener("click", function (event) {
            event.preventDefault();
            goTo(result.id, column);
          });
          item.appendChild(link);
          list.appendChild(item);
        });
      });
    });
    const title = errorsBox.querySelector("h2");
    title.textContent = format(text.invalid, { failing: answer.rows_with_errors, count: answer.rows_total });
    errorsBox.hidden = false;
    title.focus();
  }

  function mark(answer) {
    const byId = {};
    answer.rows.forEach(function (result) {
      byId[result.id] = result;
    });
    table.getRows().forEach(function (row) {
      const result = byId[row.getData()._id];
      const update = { _errors: {}, _failed: false, _message: "" };
      if (result) {
        const failed = Object.keys(result.errors).length > 0;
        update._errors = result.errors;
        update._failed = failed;
        update._message = failed
          ? Object.keys(result.errors)
              .map(function (column) {
                return columnLabel(column) + ": " + result.errors[column].join(" ");
              })
              .join(" ")
          : [result.label, result.detail].filter(Boolean).join(": ");
      }
      row.update(update);
      row.reformat();
    });
  }

  function send(confirm) {
    const order = document.querySelector("input[name=date_order]:checked");
    announce(confirm ? text.saving : text.checking);
    savedBox.hidden = true;
    return fetch(config.rowsUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ rows: rowsToSend(), confirm: confirm, date_order: order ? order.value : "" }),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { error: response.statusText };
          })
          .then(function (answer) {
            if (!response.ok || answer.error) {
              throw new Error(answer.error || response.statusText);
            }
            return answer;
          });
      })
      .then(function (answer) {
        if (answer.saved) {
          errorsBox.hidden = true;
          table.setData([blankRow(), blankRow(), blankRow()]);
          announce("");
          savedBox.querySelector("[data-saved-text]").textContent = format(text.saved, answer);
          savedBox.querySelector("[data-saved-job]").href = answer.job_url;
          savedBox.hidden = false;
          savedBox.querySelector("h2").focus();
          return;
        }
        mark(answer);
        if (answer.rows_with_errors) {
          announce("");
          showErrors(answer);
        } else {
          errorsBox.hidden = true;
          announce(format(text.valid, { count: answer.rows_total }));
        }
      })
      .catch(function (error) {
        announce(format(text.failed, { error: error.message }));
      });
  }

  document.getElementById("grid-add").addEventListener("click", function () {
    table.addRow(blankRow(), false).then(function (row) {
      const cell = row.getCell(names[0]);
      table.scrollToRow(row, "bottom", false).catch(function () {});
      cell.edit(true);
    });
  });
  document.getElementById("grid-check").addEventListener("click", function () {
    send(false);
  });
  document.getElementById("grid-save").addEventListener("click", function () {
    send(true);
  });
})();
