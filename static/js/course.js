/* The course's optional extras. Every page works without this file.
 *
 * Keeping answers in this browser is opt-in: nothing is written to localStorage
 * until the visitor presses "keep my answers", and "forget everything" removes
 * every key this course ever wrote. Answers never go to the server from here.
 */
(function () {
  "use strict";
  var PREFIX = "stoppen:";
  var OPT_IN = PREFIX + "bewaren";

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }
  function optedIn() {
    var store = storage();
    return Boolean(store && store.getItem(OPT_IN) === "ja");
  }
  function moduleKey(number) { return PREFIX + "module-" + number; }

  /* name -> value, or name -> [values] for checkboxes */
  function readForm(form) {
    var answers = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "actie" || element.disabled) { return; }
      if (element.type === "checkbox") {
        answers[element.name] = answers[element.name] || [];
        if (element.checked) { answers[element.name].push(element.value); }
      } else if (element.type === "radio") {
        if (element.checked) { answers[element.name] = element.value; }
      } else if (element.value) {
        if (element.type === "hidden" && answers[element.name] !== undefined) {
          answers[element.name] = [].concat(answers[element.name], element.value);
        } else {
          answers[element.name] = element.value;
        }
      }
    });
    return answers;
  }

  function fillForm(form, answers) {
    Array.prototype.forEach.call(form.elements, function (element) {
      var value = answers[element.name];
      if (value === undefined) { return; }
      if (element.type === "checkbox") {
        element.checked = [].concat(value).indexOf(element.value) !== -1;
      } else if (element.type === "radio") {
        element.checked = element.value === value;
      } else if (element.tagName === "TEXTAREA" && !element.value) {
        element.value = value;
      }
    });
  }

  function save(form) {
    var store = storage();
    if (!store || !optedIn() || !form) { return; }
    store.setItem(moduleKey(form.getAttribute("data-module")), JSON.stringify(readForm(form)));
  }

  function forgetEverything() {
    var store = storage();
    if (!store) { return; }
    var ours = [];
    for (var i = 0; i < store.length; i += 1) {
      if (store.key(i).indexOf(PREFIX) === 0) { ours.push(store.key(i)); }
    }
    ours.forEach(function (key) { store.removeItem(key); });
  }

  var answersForm = document.querySelector("[data-course-answers]");
  var postedForm = document.querySelector("[data-posted-answers]");

  function showState(panel) {
    panel.querySelector("[data-storage-off]").hidden = optedIn();
    panel.querySelector("[data-storage-on]").hidden = !optedIn();
  }

  var panel = document.querySelector("[data-storage]");
  if (panel && storage()) {
    panel.hidden = false;
    showState(panel);
    panel.querySelector("[data-storage-opt-in]").addEventListener("click", function () {
      storage().setItem(OPT_IN, "ja");
      panel.querySelector("[data-storage-forgotten]").hidden = true;
      save(answersForm || postedForm);
      showState(panel);
    });
    panel.querySelector("[data-storage-forget]").addEventListener("click", function () {
      forgetEverything();
      panel.querySelector("[data-storage-forgotten]").hidden = false;
      showState(panel);
    });
  }

  if (answersForm && optedIn()) {
    var kept = storage().getItem(moduleKey(answersForm.getAttribute("data-module")));
    var hasErrors = document.querySelector(".field-error");
    if (kept && !hasErrors) {
      try { fillForm(answersForm, JSON.parse(kept)); } catch (error) { /* ignore a damaged entry */ }
    }
  }
  if (answersForm) {
    answersForm.addEventListener("submit", function () { save(answersForm); });
    answersForm.addEventListener("change", function () { save(answersForm); });
  }
  if (postedForm) { save(postedForm); }

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    var advice = document.querySelector("[data-no-print-button]");
    if (advice) { advice.hidden = true; }
    printButton.addEventListener("click", function () { window.print(); });
  }
})();
