// Document page: switch highlight kinds on and off, and mark the sentence a link points to (#s-N).
(function () {
  "use strict";
  var article = document.getElementById("article");
  document.querySelectorAll("#highlight-key input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      if (article) article.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });
  function focusSentence() {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    var match = /^#s-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    document.querySelectorAll('[data-s="' + match[1] + '"]').forEach(function (el) { el.classList.add("focus"); });
  }
  window.addEventListener("hashchange", focusSentence);
  focusSentence();
})();
