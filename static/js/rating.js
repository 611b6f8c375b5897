// The course's self-ratings (templates/course/_rating.html): with JavaScript, pressing "Count my
// answer anonymously" sends that one rating in the background, so the visitor stays on the module
// with whatever they typed. Without JavaScript the same form is posted and a thank-you page shown.
"use strict";

document.querySelectorAll("form[data-rating]").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    if (!button || !form.querySelector("input[name=value]:checked")) return; // the server explains
    event.preventDefault();
    const data = new FormData(form);
    data.set(button.name, button.value);
    button.disabled = true;
    let counted = false;
    try {
      const response = await fetch(form.action, { method: "POST", body: data, credentials: "omit" });
      counted = response.ok;
    } catch {
      counted = false;
    }
    if (!counted) {
      button.disabled = false;
      form.submit(); // no background after all: the page itself says what went wrong
      return;
    }
    form.querySelectorAll("input").forEach((input) => { input.disabled = true; });
    button.hidden = true;
    form.querySelector("[data-rating-counted]").hidden = false;
  });
});
