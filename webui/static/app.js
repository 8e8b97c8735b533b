/* vnsearch web UI: progressive enhancement only. Every feature works without this file.
 *  - suggestions while typing (ARIA combobox: arrows, Enter, Escape), rendered with textContent;
 *  - a filter box for long facet lists;
 *  - the filter panel folded on small screens.
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

  /* --- filter box for long facet lists -------------------------------------------------------- */

  function setupFacetFilter(box) {
    var list = document.getElementById(box.getAttribute("data-facet-filter"));
    var input = box.querySelector("input");
    var empty = box.querySelector(".facet-empty");
    if (!list || !input) return;
    var entries = Array.prototype.map.call(list.querySelectorAll("li"), function (li) {
      return { el: li, text: fold(li.getAttribute("data-text") || li.textContent) };
    });
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      entries.forEach(function (entry) {
        var match = !wanted || entry.text.indexOf(wanted) !== -1;
        entry.el.hidden = !match;
        if (match) shown += 1;
      });
      if (empty) empty.hidden = shown > 0;
    });
  }

  /* --- filter panel: open on wide screens, folded on phones ----------------------------------- */

  function setupCollapsible(details) {
    if (!window.matchMedia) return;
    var narrow = window.matchMedia("(max-width: 859.98px)");
    function sync() { details.open = !narrow.matches; }
    sync();
    if (narrow.addEventListener) narrow.addEventListener("change", sync);
  }

  function init() {
    document.querySelectorAll("[data-combobox]").forEach(setupCombobox);
    document.querySelectorAll("[data-facet-filter]").forEach(setupFacetFilter);
    document.querySelectorAll("details[data-collapsible]").forEach(setupCollapsible);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
