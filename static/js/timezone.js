// Tells the server the browser's time zone (as the `tz` cookie) so that pages for visitors who
// have not chosen a zone show local times, and new accounts start in the right zone.
(function () {
  "use strict";
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* an old browser: pages stay in UTC or the profile's zone */ }

  // "Use it" beside the profile's zone select, offered by the server when the browser's zone differs.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-use-zone]").forEach(function (button) {
      var select = document.getElementById(button.dataset.for);
      if (!select) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        select.value = button.dataset.useZone;
        select.focus();
      });
    });
  });
})();
