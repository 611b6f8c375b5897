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
