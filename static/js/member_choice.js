// A "Name or email" box that chooses a member of a group (teams/member_choice.py): as one types,
// the names that match, from the server, as buttons that fill the box. Without this script the box
// works as it is: the server reads the name or the address when the form comes back.
(function () {
  "use strict";
  var WAIT_MS = 250;  // after the last key, so that typing a name asks once, not once a letter
  var MIN_LENGTH = 2;

  function attach(input) {
    var status = input.parentElement.querySelector("[data-member-status]");
    var list = document.createElement("ul");
    list.className = "member-suggestions";
    list.hidden = true;
    (status || input).insertAdjacentElement("afterend", list);
    var timer = null;
    var asked = 0;  // answers to earlier questions, arriving late, are dropped

    function clear(message) {
      list.replaceChildren();
      list.hidden = true;
      if (status) { status.textContent = message || ""; }
    }

    function show(answer) {
      list.replaceChildren();
      answer.names.forEach(function (name) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = name;
        button.addEventListener("click", function () {
          input.value = name;
          clear();
          input.focus();
        });
        var item = document.createElement("li");
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = answer.names.length === 0;
      if (status) { status.textContent = answer.status; }
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH || text.indexOf("@") !== -1) { clear(); return; }
      var mine = ++asked;
      var url = input.dataset.memberSuggest + "?q=" + encodeURIComponent(text);
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) { if (answer && mine === asked) { show(answer); } })
        .catch(function () { /* offline: the box still works when the form is sent */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !list.hidden) { clear(); }
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        list.querySelector("button").focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-member-suggest]").forEach(attach);
  });
})();
