/*
 * Kunnskapsbro progressive enhancement. Every page works without this file.
 * No inline scripts anywhere: the Content-Security-Policy forbids them.
 *
 * Form drafts: <form data-draft-key="project-new" data-draft-restored-text="Utkast gjenopprettet">
 *   - field values are saved to localStorage while the user types (debounced);
 *   - on load, saved values are put back into fields that are still empty, and a notice
 *     with the form's data-draft-restored-text is shown;
 *   - the page a successful submit leads to carries data-draft-clear="project-new" (on <body>
 *     or any element, also in an htmx response), which deletes the draft.
 * Passwords, files, hidden fields and the CSRF token are never stored.
 */
(function () {
  "use strict";

  var PREFIX = "kunnskapsbro:draft:";
  var SAVE_DELAY_MS = 400;
  var SKIP_TYPES = ["password", "file", "hidden", "submit", "button", "reset", "image"];

  function storage() {
    try {
      var s = window.localStorage;
      var probe = PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null; // disabled, full or private mode: drafts are a nicety, not a requirement
    }
  }

  function draftFields(form) {
    var result = [];
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") continue;
      if (SKIP_TYPES.indexOf(el.type) !== -1) continue;
      if (el.hasAttribute("data-draft-ignore")) continue;
      result.push(el);
    }
    return result;
  }

  function collect(form) {
    var data = {};
    draftFields(form).forEach(function (el) {
      var value;
      if (el.type === "checkbox" || el.type === "radio") {
        if (!Object.prototype.hasOwnProperty.call(data, el.name)) data[el.name] = [];
        if (el.checked) data[el.name].push(el.value);
        return;
      }
      if (el.tagName === "SELECT" && el.multiple) {
        value = [];
        for (var i = 0; i < el.options.length; i++) {
          if (el.options[i].selected) value.push(el.options[i].value);
        }
      } else {
        value = el.value;
      }
      data[el.name] = value;
    });
    return data;
  }

  function isEmpty(form, el) {
    if (el.type === "checkbox" || el.type === "radio") {
      var group = form.querySelectorAll('[name="' + CSS.escape(el.name) + '"]');
      for (var i = 0; i < group.length; i++) if (group[i].checked) return false;
      return true;
    }
    if (el.tagName === "SELECT" && el.multiple) return el.selectedOptions.length === 0;
    return el.value === "";
  }

  function restore(form, data) {
    var restored = false;
    draftFields(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(data, el.name)) return;
      var saved = data[el.name];
      if (!isEmpty(form, el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (Array.isArray(saved) && saved.indexOf(el.value) !== -1) {
          el.checked = true;
          restored = true;
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        if (!Array.isArray(saved)) return;
        for (var i = 0; i < el.options.length; i++) {
          if (saved.indexOf(el.options[i].value) !== -1) {
            el.options[i].selected = true;
            restored = true;
          }
        }
      } else if (typeof saved === "string" && saved !== "") {
        el.value = saved;
        restored = el.value === saved || restored; // a <select> ignores unknown values
      }
    });
    return restored;
  }

  function showNotice(form) {
    if (form.querySelector(".kb-draft-notice")) return;
    var notice = document.createElement("div");
    notice.className = "ds-alert kb-draft-notice";
    notice.setAttribute("data-color", "info");
    notice.setAttribute("data-size", "sm");
    notice.setAttribute("role", "status");
    notice.textContent = form.getAttribute("data-draft-restored-text") || "Utkast gjenopprettet";
    form.insertBefore(notice, form.firstChild);
  }

  function setUpForm(form, store) {
    if (form.hasAttribute("data-draft-ready")) return;
    form.setAttribute("data-draft-ready", "");
    var key = PREFIX + form.getAttribute("data-draft-key");
    var timer = null;

    try {
      var raw = store.getItem(key);
      if (raw && restore(form, JSON.parse(raw))) showNotice(form);
    } catch (e) {
      store.removeItem(key); // unreadable draft: drop it rather than fail every load
    }

    function save() {
      timer = null;
      try {
        store.setItem(key, JSON.stringify(collect(form)));
      } catch (e) {
        /* quota exceeded: keep the page working */
      }
    }
    function schedule() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(save, SAVE_DELAY_MS);
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // Save what was typed last; the draft survives a failed submit and is cleared by the page
    // a successful one leads to (data-draft-clear).
    form.addEventListener("submit", function () {
      if (timer) window.clearTimeout(timer);
      save();
    });
  }

  function init(root) {
    var store = storage();
    if (!store || !root || !root.querySelectorAll) return;
    var clears = root.querySelectorAll("[data-draft-clear]");
    if (root.hasAttribute && root.hasAttribute("data-draft-clear")) clears = [root].concat([].slice.call(clears));
    for (var i = 0; i < clears.length; i++) {
      clears[i]
        .getAttribute("data-draft-clear")
        .split(/\s+/)
        .forEach(function (k) {
          if (k) store.removeItem(PREFIX + k);
        });
    }
    var forms = root.querySelectorAll("form[data-draft-key]");
    if (root.matches && root.matches("form[data-draft-key]")) forms = [root].concat([].slice.call(forms));
    for (var j = 0; j < forms.length; j++) setUpForm(forms[j], store);
  }

  // Deferred scripts run after parsing, so the document is complete here.
  init(document.documentElement);
  // Content swapped in by htmx (e.g. a form re-rendered with errors, or a success fragment).
  document.addEventListener("htmx:load", function (event) {
    init(event.detail && event.detail.elt);
  });
})();
