// Callsheet's page behaviour: keyboard shortcuts, list cursor and selection, board drag
// and drop (SortableJS) with a keyboard equivalent, in-place edit cancel, Markdown
// preview tabs, theme and rail toggles. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  // --- Theme: follows the system unless chosen; the choice is remembered. ---
  var saved = null;
  try { saved = localStorage.getItem("callsheet-theme"); } catch (e) { /* private mode */ }
  if (saved === "light" || saved === "dark") document.documentElement.setAttribute("data-theme", saved);

  function toggleTheme() {
    var dark = document.documentElement.getAttribute("data-theme") === "dark" ||
      (!document.documentElement.getAttribute("data-theme") && window.matchMedia("(prefers-color-scheme: dark)").matches);
    var next = dark ? "light" : "dark";
    document.documentElement.setAttribute("data-theme", next);
    try { localStorage.setItem("callsheet-theme", next); } catch (e) { /* ignore */ }
  }

  // --- List cursor (j/k), open (Enter), select (x). ---
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-list] tbody tr[data-key], .cards .card"));
  }
  var cursor = -1;
  function moveCursor(step) {
    var all = rows();
    if (!all.length) return;
    if (all[cursor]) all[cursor].classList.remove("cursor");
    cursor = Math.max(0, Math.min(all.length - 1, cursor + step));
    var row = all[cursor];
    row.classList.add("cursor");
    var link = row.querySelector("a[href^='/items/']");
    if (link) link.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function updateSelection() {
    var boxes = document.querySelectorAll("input[name='keys']");
    var n = 0;
    boxes.forEach(function (b) { if (b.checked) n++; });
    var bar = document.getElementById("bulk-bar");
    if (bar) {
      bar.hidden = n === 0;
      var count = bar.querySelector("[data-selected-count]");
      if (count) count.textContent = String(n);
    }
  }

  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches("[data-select-all]")) {
      document.querySelectorAll("input[name='keys']").forEach(function (b) { b.checked = t.checked; });
      updateSelection();
    } else if (t.matches("input[name='keys']")) {
      updateSelection();
    } else if (t.matches("[data-autosubmit]")) {
      t.form.submit();
    } else if (t.matches("select[data-move]")) {
      var card = t.closest(".card");
      moveCard(card, t.value, null);
    }
  });

  // --- Keyboard shortcuts. ---
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var form = e.target.closest && e.target.closest("form[data-cancel]");
      if (form && window.htmx) {
        e.preventDefault();
        var target = form.closest(".prop, .title-prop, .description-prop");
        htmx.ajax("GET", form.getAttribute("data-cancel"), { target: target, swap: "outerHTML" });
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === "/") {
      var search = document.querySelector("#q[data-search]") || document.querySelector("[data-search]");
      if (search) { e.preventDefault(); search.focus(); search.select(); }
    } else if (e.key === "c") {
      var create = document.querySelector("[data-create]");
      if (create) { e.preventDefault(); window.location.href = create.getAttribute("href"); }
    } else if (e.key === "j") {
      e.preventDefault(); moveCursor(1);
    } else if (e.key === "k") {
      e.preventDefault(); moveCursor(-1);
    } else if (e.key === "x") {
      var row = rows()[cursor];
      var box = row && row.querySelector("input[name='keys']");
      if (box) { box.checked = !box.checked; updateSelection(); }
    } else if (e.key === "Enter") {
      var current = rows()[cursor];
      var link = current && current.querySelector("a[href^='/items/']");
      if (link) { e.preventDefault(); window.location.href = link.getAttribute("href"); }
    } else if (e.key === "?") {
      var help = document.getElementById("help");
      if (help && help.showModal) help.showModal();
    }
  });

  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest("button, a") : null;
    if (!t) return;
    if (t.matches("[data-theme-toggle]")) toggleTheme();
    else if (t.matches("[data-toggle-rail]")) document.getElementById("shell").classList.toggle("rail-open");
    else if (t.matches("[data-help]")) {
      var help = document.getElementById("help");
      if (help && help.showModal) help.showModal();
    } else if (t.matches("[data-cancel-edit]")) {
      var form = t.closest("form[data-cancel]");
      if (form && window.htmx) {
        htmx.ajax("GET", form.getAttribute("data-cancel"), { target: form.closest(".description-prop"), swap: "outerHTML" });
      }
    } else if (t.matches("[data-tab]")) {
      var tabs = t.closest("form");
      var want = t.getAttribute("data-tab");
      tabs.querySelectorAll("[data-tab]").forEach(function (b) { b.setAttribute("aria-selected", String(b === t)); });
      tabs.querySelectorAll("[data-pane]").forEach(function (p) { p.hidden = p.getAttribute("data-pane") !== want; });
    }
  });

  // --- Board: drag a card to another column; the server checks the workflow. ---
  function showMoveError(text) {
    var box = document.querySelector("[data-move-error]");
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
  }

  function refreshBoard() {
    if (!window.htmx) { window.location.reload(); return; }
    htmx.ajax("GET", window.location.pathname + window.location.search, { target: "#board", swap: "innerHTML" });
  }

  function moveCard(card, status, undo) {
    if (!card) return;
    var body = new URLSearchParams();
    body.set("status", status);
    body.set("version", card.getAttribute("data-version") || "");
    fetch("/items/" + encodeURIComponent(card.getAttribute("data-key")) + "/move", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (r) {
      if (r.ok) { showMoveError(""); refreshBoard(); return; }
      return r.text().then(function (text) {
        if (undo) undo();
        card.classList.add("refused");
        showMoveError(card.getAttribute("data-key") + " was not moved: " + text);
        var select = card.querySelector("select[data-move]");
        if (select) select.value = select.querySelector("option[selected]") ? select.querySelector("option[selected]").value : select.value;
      });
    }).catch(function () {
      if (undo) undo();
      showMoveError("The server could not be reached; the card was put back.");
    });
  }

  function initBoard(root) {
    if (!window.Sortable) return;
    (root || document).querySelectorAll(".cards[data-status]").forEach(function (list) {
      if (list.dataset.sortable) return;
      list.dataset.sortable = "1";
      Sortable.create(list, {
        group: "board",
        animation: 120,
        ghostClass: "ghost",
        forceFallback: true,
        filter: "select, a",
        preventOnFilter: false,
        onEnd: function (evt) {
          if (evt.from === evt.to) return;
          var card = evt.item;
          var from = evt.from, index = evt.oldIndex;
          moveCard(card, evt.to.getAttribute("data-status"), function () {
            from.insertBefore(card, from.children[index] || null);
          });
        }
      });
    });
  }

  // String-table uploads: the chosen file is sent as the request body (no multipart),
  // with the form's other fields in the query string. data-then="reload" reloads the
  // page with the server's summary; data-then="show" shows the HTML it returns (a
  // delivery's diff), whose Apply button sends the same file to data-apply.
  function uploadQuery(form, file) {
    var q = ["name=" + encodeURIComponent(file.name)];
    form.querySelectorAll("input[name]:not([type=file]), select[name]").forEach(function (el) {
      if (el.value) q.push(encodeURIComponent(el.name) + "=" + encodeURIComponent(el.value));
    });
    return q.join("&");
  }

  function problemText(r) {
    return r.text().then(function (text) {
      try { var p = JSON.parse(text); return p.detail || p.title || text; } catch (e) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var d = doc.querySelector("[data-detail]") || doc.querySelector("main p") || doc.body;
        return (d && d.textContent.trim()) || text;
      }
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-upload]")) return;
    e.preventDefault();
    var input = form.querySelector("input[type=file]");
    var out = form.querySelector("[data-upload-result]");
    var file = input && input.files && input.files[0];
    if (!file) { out.textContent = "Choose a file first."; return; }
    out.textContent = "Reading " + file.name + "…";
    out.classList.remove("danger");
    fetch(form.getAttribute("action") + "?" + uploadQuery(form, file), {
      method: "POST", credentials: "same-origin", body: file
    }).then(function (r) {
      if (!r.ok) return problemText(r).then(function (t) { out.textContent = t; out.classList.add("danger"); });
      if (form.getAttribute("data-then") === "show") {
        return r.text().then(function (html) { out.innerHTML = html; });
      }
      return r.json().then(function (rep) {
        out.textContent = rep.strings_added + " added, " + rep.sources_changed + " sources changed, " +
          rep.translations_set + " translations set, " + rep.marked_stale + " turned stale.";
        setTimeout(function () { window.location.reload(); }, 600);
      });
    }).catch(function () { out.textContent = "The server could not be reached; nothing was imported."; out.classList.add("danger"); });
  });

  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("[data-apply-delivery]");
    if (!t) return;
    var form = t.closest("form[data-upload]");
    var file = form.querySelector("input[type=file]").files[0];
    var out = form.querySelector("[data-upload-result]");
    t.disabled = true;
    fetch(form.getAttribute("data-apply") + "?" + uploadQuery(form, file), {
      method: "POST", credentials: "same-origin", body: file
    }).then(function (r) {
      if (!r.ok) return problemText(r).then(function (m) { out.textContent = m; out.classList.add("danger"); t.disabled = false; });
      return r.json().then(function (d) {
        out.textContent = d.to_apply + " strings applied" + (d.days_late ? ", " + d.days_late + " days late." : ".");
        setTimeout(function () { window.location.reload(); }, 600);
      });
    });
  });

  document.addEventListener("DOMContentLoaded", function () { initBoard(document); updateSelection(); });
  document.addEventListener("htmx:afterSwap", function (e) { initBoard(e.target); cursor = -1; updateSelection(); });
})();
