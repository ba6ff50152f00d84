// Presses "Check again" for the user every few seconds while an import is under way.
(function () {
  "use strict";
  var form = document.querySelector("form[data-refresh-seconds]");
  if (!form) {
    return;
  }
  var seconds = Number(form.getAttribute("data-refresh-seconds")) || 5;
  window.setTimeout(function () {
    form.submit();
  }, seconds * 1000);
})();
