// The admin's autocomplete widgets (select2) fall short of ARIA in three ways;
// this mends each, now and whenever select2 draws the widget again. Loaded from
// 'self' (strict CSP) on every admin page.
// - The combobox is named only by the selected value (nothing when empty), the
//   single choice's read-only textbox and the search box not at all: each gets
//   the field's label ("Co partners").
// - An open combobox says which list it owns (aria-owns) but not which it
//   controls (aria-controls), which ARIA 1.2 requires while it is expanded.
// - The "clear all" cross is a <span> inside the list of choices, where only
//   list items belong: hidden from assistive technology (Backspace clears).
// Two other widgets of the admin, in the same way:
// - A date-and-time field's two boxes have only "Date:" and "Time:" before
//   them: each is named "Last login: Date".
// - The two-list picker (groups, permissions) puts an aria-label on a plain
//   <span> (its search icon), where ARIA allows none: it becomes an image.
"use strict";
(function () {
  function set(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
  function fieldLabel(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label && !label.id) label.id = select.id + "-label";
    return label;
  }
  function mend(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) return;
    var label = fieldLabel(select);
    var name = label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
    container.querySelectorAll(".select2-selection").forEach(function (box) {
      var shown = box.querySelector(".select2-selection__rendered");
      var ids = [label && label.id, shown && shown.id].filter(Boolean).join(" ");
      if (ids) set(box, "aria-labelledby", ids);
      if (label && shown && shown.getAttribute("role") === "textbox") {
        set(shown, "aria-labelledby", label.id);
      }
      var owned = box.getAttribute("aria-owns");
      if (box.getAttribute("aria-expanded") === "true" && owned) {
        set(box, "aria-controls", owned);
      }
    });
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      set(field, "aria-label", name + ": search");
    });
    container.querySelectorAll(".select2-selection__clear").forEach(function (cross) {
      set(cross, "aria-hidden", "true");
    });
  }
  function mendDateTime(paragraph) {
    var row = paragraph.closest(".form-row, .fieldBox");
    var label = row && row.querySelector("label");
    var field = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    paragraph.querySelectorAll("input").forEach(function (input) {
      var before = input.previousSibling;
      var part = before && before.nodeType === Node.TEXT_NODE ? before.textContent : "";
      part = part.replace(/:\s*$/, "").trim();
      if (!input.labels || input.labels.length === 0) {
        set(input, "aria-label", [field, part].filter(Boolean).join(": "));
      }
    });
  }
  function mendAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(mend);
    document.querySelectorAll("p.datetime").forEach(mendDateTime);
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(
      function (icon) {
        set(icon, "role", "img");
      }
    );
  }
  document.addEventListener("DOMContentLoaded", function () {
    mendAll();
    new MutationObserver(mendAll).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-expanded", "aria-owns"],
    });
  });
})();
