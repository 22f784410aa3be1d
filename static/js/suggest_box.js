// A text box that names one thing among many (input[data-suggest]): the "Name or email" box that
// chooses a member of a group (teams/member_choice.py), the "Issue area" box (teams/area_choice.py).
// As one types, the names that match, from the address in data-suggest (which answers ?q= with
// {"names": [...], "status": "..."}), as buttons that fill the box; the status element beside it
// ([data-suggest-status]) says how many. A text holding the character in data-suggest-skip is not
// asked about (an address in the member box: only names are suggested). Without this script each box
// works as it is: the server reads the text when the form comes back.
(function () {
  "use strict";
  var WAIT_MS = 250;  // after the last key, so that typing a name asks once, not once a letter
  var MIN_LENGTH = 2;

  function attach(input) {
    var status = input.parentElement.querySelector("[data-suggest-status]");
    var list = document.createElement("ul");
    list.className = "suggestions";
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
      var skip = input.dataset.suggestSkip;
      if (text.length < MIN_LENGTH || (skip && text.indexOf(skip) !== -1)) { clear(); return; }
      var mine = ++asked;
      var url = input.dataset.suggest + "?q=" + encodeURIComponent(text);
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
    document.querySelectorAll("input[data-suggest]").forEach(attach);
  });
})();
