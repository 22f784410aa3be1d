// Tells the server the browser's time zone (as the `tz` cookie) so that pages for visitors who
// have not chosen a zone show local times, and new accounts start in the right zone.
(function () {
  "use strict";
  var zone = "";
  var hadZone = /(^|;\s*)tz=/.test(document.cookie);
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    if (zone) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* an old browser: pages stay in UTC or the profile's zone */ }

  document.addEventListener("DOMContentLoaded", function () {
    // A guest's first visit by their private link came before the server knew the browser's zone:
    // the page showed UTC. Ask once more, now with the cookie, so that the times and the zone the
    // form offers are the guest's own. Only once: the cookie was absent and is now set.
    var marker = document.querySelector("[data-reload-with-zone]");
    if (marker && zone && !hadZone && /(^|;\s*)tz=/.test(document.cookie)
        && marker.dataset.reloadWithZone !== zone) {
      window.location.reload();
      return;
    }

    // "Use it" beside the profile's zone select, offered by the server when the browser's zone differs.
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
