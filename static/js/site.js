/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* Quick exit: replace this page in the history, so Back does not return to it. */
  function leave(url) {
    document.body.style.visibility = "hidden";
    window.location.replace(url);
  }
  var exitLink = document.querySelector("[data-quick-exit]");
  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      leave(exitLink.href);
    });
    var presses = [];
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = []; return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 1500; });
      presses.push(now);
      if (presses.length >= 3) { leave(exitLink.href); }
    });
  }
})();

/* Course: keep answers in this browser, but only after the visitor opts in.
   Nothing is written before "keep my answers" is pressed; "forget everything"
   removes every key the course wrote. Each course keeps its own keys, named
   after its id (data-course). Nothing here talks to the server. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-storage]");
  var PREFIX = panel ? panel.getAttribute("data-course") + ":" : "", OPT_IN = PREFIX + "bewaren";
  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    document.querySelector("[data-no-print-button]").hidden = true;
    print.addEventListener("click", function () { window.print(); });
  }
  var store = null;
  try { store = window.localStorage; } catch (error) { return; }
  if (!panel) { return; }
  var form = document.querySelector("[data-course-answers]") || document.querySelector("[data-posted-answers]");
  function on() { return store.getItem(OPT_IN) === "ja"; }
  function key() { return PREFIX + "module-" + form.getAttribute("data-module"); }
  function each(fn) { Array.prototype.forEach.call(form.elements, function (el) { if (el.name && el.name !== "actie") { fn(el); } }); }

  function save() {
    if (!form || !on()) { return; }
    var answers = {};
    each(function (el) {
      var many = el.type === "checkbox" || (el.type === "hidden" && form.querySelectorAll("[name='" + el.name + "']").length > 1);
      if (many) { answers[el.name] = answers[el.name] || []; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (!el.value) { return; }
      if (many) { answers[el.name].push(el.value); } else { answers[el.name] = el.value; }
    });
    store.setItem(key(), JSON.stringify(answers));
  }

  function fill() {
    var answers;
    try { answers = JSON.parse(store.getItem(key()) || "{}"); } catch (error) { return; }
    each(function (el) {
      var value = answers[el.name];
      if (value === undefined) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = [].concat(value).indexOf(el.value) !== -1; }
      else if (el.tagName === "TEXTAREA" && !el.value) { el.value = value; }
    });
  }

  function show() {
    panel.querySelector("[data-storage-off]").hidden = on();
    panel.querySelector("[data-storage-on]").hidden = !on();
    document.dispatchEvent(new Event("course:storage"));
  }

  if (panel) {
    panel.hidden = false;
    show();
    panel.querySelector("[data-storage-opt-in]").addEventListener("click", function () {
      store.setItem(OPT_IN, "ja");
      panel.querySelector("[data-storage-forgotten]").hidden = true;
      save();
      show();
    });
    panel.querySelector("[data-storage-forget]").addEventListener("click", function () {
      for (var i = store.length - 1; i >= 0; i -= 1) {
        if (store.key(i).indexOf(PREFIX) === 0) { store.removeItem(store.key(i)); }
      }
      panel.querySelector("[data-storage-forgotten]").hidden = false;
      show();
    });
  }
  if (form && form.hasAttribute("data-course-answers")) {
    if (on() && !document.querySelector(".field-error")) { fill(); }
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
  } else {
    save(); /* the answers page: keep what was just posted, if opted in */
  }
})();

/* A course's plan module: bring earlier answers kept in this browser into the plan. */
(function () {
  "use strict";
  var holder = document.querySelector("[data-fill-stop-plan]");
  var panel = document.querySelector("[data-storage]");
  var store = null;
  try { store = window.localStorage; } catch (error) { return; }
  if (!holder || !panel || !store) { return; }
  var PREFIX = panel.getAttribute("data-course") + ":";
  function kept(number) {
    try { return JSON.parse(store.getItem(PREFIX + "module-" + number) || "{}"); } catch (error) { return {}; }
  }
  function update() { holder.hidden = store.getItem(PREFIX + "bewaren") !== "ja"; }
  update();
  document.addEventListener("course:storage", update);
  holder.querySelector("button").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-sources]"), function (area) {
      if (area.value.trim()) { return; }
      var parts = [];
      area.getAttribute("data-sources").split(" ").forEach(function (source) {
        var at = source.indexOf(":"), value = kept(source.slice(0, at))[source.slice(at + 1)];
        if (typeof value === "string" && value.trim()) { parts.push(value.trim()); }
      });
      area.value = parts.join("\n");
    });
    document.querySelector("[data-stop-plan-filled]").hidden = false;
    holder.closest("form").dispatchEvent(new Event("change"));
  });
})();
