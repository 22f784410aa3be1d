// Tells the server the browser's time zone (as the `tz` cookie) so that pages for visitors who
// have not chosen a zone show local times, and offers it on the profile form.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-suggest-browser-zone]");
    var hint = document.getElementById("browser-zone-hint");
    if (!select || !hint || select.value === zone) { return; }
    var option = select.querySelector('option[value="' + zone.replace(/"/g, "") + '"]');
    if (!option) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = hint.dataset.label.replace("%s", zone);
    button.addEventListener("click", function () { select.value = zone; select.focus(); });
    hint.appendChild(button);
    hint.hidden = false;
  });
})();
