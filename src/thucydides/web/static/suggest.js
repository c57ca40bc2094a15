// Actor boxes suggest actors as one types: codes, names and people (/api/actors/suggest). The
// suggestion's value is the key the filter counts by (RUS, person:sergei-lavrov); its label the name.
(function () {
  "use strict";
  var list = document.getElementById("actor-suggestions");
  if (!list) return;
  var timer = null, last = "";
  function fill(actors) {
    while (list.firstChild) list.removeChild(list.firstChild);
    actors.forEach(function (actor) {
      var option = document.createElement("option");
      option.value = actor.key;
      option.label = actor.name + (actor.title ? " (" + actor.title + ")" : "") + " · " + actor.kind +
        (actor.key !== actor.actor_id ? " · " + actor.actor_id : "");
      list.appendChild(option);
    });
    list.setAttribute("data-for", last);
  }
  function ask(text) {
    if (text === last) return;
    last = text;
    if (text.length < 2) { fill([]); return; }
    fetch("/api/actors/suggest?q=" + encodeURIComponent(text))
      .then(function (response) { return response.ok ? response.json() : { actors: [] }; })
      .then(function (body) { if (text === last) fill(body.actors || []); })
      .catch(function () { fill([]); });
  }
  document.querySelectorAll("input[data-suggest='actor']").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { ask(input.value.trim()); }, 150);
    });
  });
})();
