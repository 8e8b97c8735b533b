/* vnsearch web UI: progressive enhancement only. Every feature works without this file.
 *  - suggestions while typing (ARIA combobox: arrows, Enter, Escape), rendered with textContent;
 *  - facet checkboxes that apply at once, focus coming back to the control just used;
 *  - a filter box that looks through all of a facet's values on the server;
 *  - the filter panel folded on small screens, opened as a full-screen sheet.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var KIND_LABELS = {
    title: "Bài viết",
    completion: "Cụm từ",
    speaker: "Người phát biểu",
    province: "Tỉnh/thành phố",
    district: "Quận/huyện"
  };

  // Lowercase without diacritics, so "tran van" finds "Trần Văn".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  // Append `text` to `parent` with the part that matches what was typed (accent-insensitively,
  // from a word's start) in bold. Character by character, so positions in the folded text are
  // positions in the original; everything goes in as text nodes, never as HTML.
  function appendWithTyped(parent, text, typed) {
    var wanted = fold(typed).trim().replace(/\s+/g, " ");
    var folded = "";
    for (var i = 0; i < text.length; i++) {
      var f = fold(text.charAt(i));
      folded += f.length === 1 ? f : text.charAt(i);
    }
    var at = -1;
    if (wanted) {
      for (var from = 0; (from = folded.indexOf(wanted, from)) >= 0; from++) {
        if (from === 0 || /[\s(\-–,.]/.test(folded.charAt(from - 1))) { at = from; break; }
      }
    }
    if (at < 0) { parent.appendChild(document.createTextNode(text)); return; }
    parent.appendChild(document.createTextNode(text.slice(0, at)));
    var bold = document.createElement("b");
    bold.textContent = text.slice(at, at + wanted.length);
    parent.appendChild(bold);
    parent.appendChild(document.createTextNode(text.slice(at + wanted.length)));
  }

  // Only ever navigate to a path on this site.
  function isLocalPath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" && url.charAt(1) !== "\\";
  }

  /* --- suggestions -------------------------------------------------------------------------- */

  function setupCombobox(root) {
    var input = root.querySelector("input[type=search]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[aria-live]");
    var endpoint = input && input.getAttribute("data-suggest-url");
    if (!input || !list || !endpoint || !window.fetch) return;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;
    var lastQuery = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      if (!items.length) return;
      if (index < 0) index = items.length - 1;
      if (index >= items.length) index = 0;
      items.forEach(function (item, i) {
        item.el.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      input.setAttribute("aria-activedescendant", items[index].el.id);
      items[index].el.scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var item = items[index];
      if (item && isLocalPath(item.url)) {
        close();
        window.location.assign(item.url);
      }
    }

    function render(suggestions) {
      list.replaceChildren();
      items = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      suggestions.forEach(function (s, i) {
        if (!s || typeof s.text !== "string" || !isLocalPath(s.url)) return;
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = KIND_LABELS[s.kind] || "";
        var text = document.createElement("span");
        text.className = "suggestion-text";
        appendWithTyped(text, s.text, input.value);
        li.appendChild(kind);
        li.appendChild(text);
        if (typeof s.count === "number") {
          var count = document.createElement("span");
          count.className = "suggestion-count";
          count.textContent = s.count.toLocaleString("vi-VN") + " bài";
          li.appendChild(count);
        }
        var index = items.length;
        // mousedown, not click: the input keeps focus and the list does not close first.
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        list.appendChild(li);
        items.push({ el: li, url: s.url });
      });
      status.textContent = items.length ? items.length + " gợi ý; dùng phím mũi tên để chọn." : "";
      if (items.length && document.activeElement === input) open(); else close();
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery && items.length) { open(); return; }
      lastQuery = query;
      if (controller) controller.abort();
      if (!query) { render([]); return; }
      controller = new AbortController();
      var url = endpoint + "?q=" + encodeURIComponent(query);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (input.value.trim() !== query) return; // a newer keystroke is on its way
          render(Array.isArray(data.suggestions) ? data.suggestions : []);
        })
        .catch(function () { /* aborted or offline: no suggestions, the search box still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var isOpen = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen) { open(); if (!items.length) fetchSuggestions(); }
          highlight(active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!isOpen) open();
          highlight(active - 1);
          break;
        case "Enter":
          if (isOpen && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;
        case "Escape":
          if (isOpen) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("focus", function () { if (items.length && input.value.trim() === lastQuery) open(); });
  }

  /* --- facet checkboxes: go to the next state, focus coming back to the control ---------------- */

  var FOCUS_KEY = "vnsearch.focus";
  var SHEET_KEY = "vnsearch.sheet";

  function remember(key, inSheet) {
    try {
      sessionStorage.setItem(FOCUS_KEY, key);
      if (inSheet) sessionStorage.setItem(SHEET_KEY, "1");
    } catch (e) { /* storage refused: focus simply starts at the top */ }
  }

  function keyOf(el) {
    if (el.matches && el.matches("input[type=checkbox][name]")) return "box:" + el.name + "=" + el.value;
    return el.getAttribute("data-focus-key") ? "key:" + el.getAttribute("data-focus-key") : null;
  }

  function inSheet(el) {
    var sheet = document.querySelector(".sidebar.is-sheet");
    return !!(sheet && sheet.contains(el));
  }

  function setupFacetForm(form) {
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.matches("input[type=checkbox][data-href]")) return;
      remember(keyOf(box), inSheet(box));
      window.location.assign(box.getAttribute("data-href"));
    });
    var apply = form.querySelector(".facets-apply");
    if (apply) apply.hidden = true;  // each tick applies at once, as the note says
    var note = form.querySelector(".facets-at-once");
    if (note) note.hidden = false;
    form.querySelectorAll("input[data-mixed]").forEach(function (box) { box.indeterminate = true; });
  }

  function setupFocusKeys() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-focus-key]");
      if (link) remember(keyOf(link), inSheet(link));
    });
  }

  function restoreFocus() {
    var key;
    try {
      key = sessionStorage.getItem(FOCUS_KEY);
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return; }
    if (!key) return;
    var target = null;
    if (key.indexOf("box:") === 0) {
      var pair = key.slice(4), eq = pair.indexOf("=");
      var name = pair.slice(0, eq), value = pair.slice(eq + 1);
      document.querySelectorAll("input[type=checkbox][name]").forEach(function (box) {
        if (!target && box.name === name && box.value === value) target = box;
      });
    } else if (key.indexOf("key:") === 0) {
      var wanted = key.slice(4);
      document.querySelectorAll("[data-focus-key]").forEach(function (el) {
        if (!target && el.getAttribute("data-focus-key") === wanted) target = el;
      });
    }
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "center" });
    }
  }

  /* --- filter box: looks through all of a facet's values on the server ------------------------ */

  function setupFacetFilter(box) {
    var list = document.getElementById(box.getAttribute("data-facet-filter"));
    var input = box.querySelector("input");
    var status = box.querySelector(".facet-empty");
    var endpoint = box.getAttribute("data-facet-url");
    if (!list || !input || !endpoint) return;
    var original = Array.prototype.slice.call(list.children);
    var timer = null, controller = null, asked = "";
    box.hidden = false;

    function show(items) {
      list.textContent = "";
      items.forEach(function (li) { list.appendChild(li); });
    }

    function item(value) {
      var li = document.createElement("li");
      li.className = "facet-item";
      var label = document.createElement("label");
      label.className = "facet-option" + (value.selected ? " is-selected" : "");
      var check = document.createElement("input");
      check.type = "checkbox";
      check.name = list.id.replace(/-list$/, "");
      check.value = value.value;
      check.checked = !!value.selected;
      check.setAttribute("data-href", value.url);
      var text = document.createElement("span");
      text.className = "facet-label";
      appendWithTyped(text, value.label || value.value, input.value.trim());
      var count = document.createElement("span");
      count.className = "facet-count";
      count.textContent = value.count.toLocaleString("vi-VN");
      var unit = document.createElement("span");
      unit.className = "visually-hidden";
      unit.textContent = " bài";
      count.appendChild(unit);
      label.appendChild(check);
      label.appendChild(text);
      label.appendChild(count);
      li.appendChild(label);
      return li;
    }

    function ask() {
      // A space after the last word asks for whole words ("quan 1 " is not Quận 12).
      var typed = input.value.replace(/^\s+/, "").replace(/\s+$/, " ");
      if (typed === asked) return;
      asked = typed;
      if (controller) controller.abort();
      if (!typed.trim()) {
        show(original);
        if (status) status.textContent = "";
        return;
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = endpoint + (endpoint.indexOf("?") === -1 ? "?" : "&") + "contains=" + encodeURIComponent(typed);
      if (!isLocalPath(url)) return;
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { values: [] }; })
        .then(function (data) {
          show(data.values.map(item));
          if (status) {
            status.textContent = data.values.length
              ? data.values.length + (data.more ? "+" : "") + " kết quả phù hợp"
              : "Không có tên phù hợp.";
          }
        })
        .catch(function () { /* aborted or offline: the list stays as it was */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); ask(); }
    });
  }

  /* --- filters: open on wide screens; on phones a full-screen sheet ---------------------------- */

  function setupFilters(details) {
    var aside = details.closest(".sidebar");
    var opener = document.querySelector(".sheet-open");
    if (!window.matchMedia || !aside) return;
    var narrow = window.matchMedia("(max-width: 859.98px)");

    // While the sheet is open the page behind it is inert: Tab stays in the sheet.
    function behind() {
      return Array.prototype.filter.call(document.querySelectorAll("body > *, .layout > *"), function (el) {
        return el !== aside && !el.contains(aside);
      });
    }

    function openSheet(focusFirst) {
      details.open = true;
      behind().forEach(function (el) { el.inert = true; });
      aside.classList.add("is-sheet");
      document.documentElement.classList.add("sheet-lock");
      aside.setAttribute("role", "dialog");
      aside.setAttribute("aria-modal", "true");
      if (opener) opener.setAttribute("aria-expanded", "true");
      if (focusFirst) {
        var close = aside.querySelector(".sheet-close");
        if (close) close.focus();
      }
    }

    function closeSheet() {
      behind().forEach(function (el) { el.inert = false; });
      aside.classList.remove("is-sheet");
      document.documentElement.classList.remove("sheet-lock");
      aside.removeAttribute("role");
      aside.removeAttribute("aria-modal");
      details.open = false;
      if (opener) { opener.setAttribute("aria-expanded", "false"); opener.focus(); }
    }

    function sync() {
      if (narrow.matches) {
        if (!aside.classList.contains("is-sheet")) details.open = false;
      } else {
        behind().forEach(function (el) { el.inert = false; });
        aside.classList.remove("is-sheet");
        document.documentElement.classList.remove("sheet-lock");
        details.open = true;
      }
    }

    document.querySelectorAll(".sheet-head, .sheet-foot, .sheet-open-line").forEach(function (el) { el.hidden = false; });
    aside.querySelectorAll(".sheet-close").forEach(function (button) { button.addEventListener("click", closeSheet); });
    if (opener) opener.addEventListener("click", function () { openSheet(true); });
    // "Đến bộ lọc" on a phone: the filters are in the sheet.
    document.querySelectorAll("a[data-opens-filters]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!narrow.matches) return;
        event.preventDefault();
        openSheet(true);
      });
    });
    aside.addEventListener("keydown", function (event) {
      if (!aside.classList.contains("is-sheet")) return;
      if (event.key === "Escape") { closeSheet(); return; }
      if (event.key !== "Tab") return;
      // Round and round inside the sheet, as in any dialog.
      var focusable = Array.prototype.filter.call(
        aside.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"),
        function (el) { return !el.disabled && el.getClientRects().length > 0; });
      if (!focusable.length) return;
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
    });
    sync();
    if (narrow.addEventListener) narrow.addEventListener("change", sync);
    var reopen = false;
    try {
      reopen = sessionStorage.getItem(SHEET_KEY) === "1";
      sessionStorage.removeItem(SHEET_KEY);
    } catch (e) { /* no storage: the sheet stays closed */ }
    if (reopen && narrow.matches) openSheet(false);
  }

  /* --- copy a citation or a link ------------------------------------------------------------- */

  function setupCopy(button) {
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy") || "";
      function done(ok) {
        if (status) status.textContent = ok ? "Đã sao chép." : "Không sao chép được: hãy chọn và sao chép bằng tay.";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      } else {
        done(false);
      }
    });
  }

  function init() {
    document.documentElement.classList.add("js");
    document.querySelectorAll("button[data-copy]").forEach(setupCopy);
    document.querySelectorAll("[data-combobox]").forEach(setupCombobox);
    document.querySelectorAll("[data-facet-filter]").forEach(setupFacetFilter);
    document.querySelectorAll("form[data-facets-form]").forEach(setupFacetForm);
    document.querySelectorAll("details[data-collapsible]").forEach(setupFilters);
    setupFocusKeys();
    restoreFocus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
