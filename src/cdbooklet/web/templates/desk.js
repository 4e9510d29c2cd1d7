// The front desk's small helpers, a progressive enhancement: without JavaScript the filter box
// is a GET form the server applies (?q=) and printing needs no script at all.
// - As staff type in the filter box, cards whose title and summary do not match are hidden
//   (ticked cards that are hidden still print), and a status line says how many are shown.
// - A "Chosen:" line above the print button lists what is ticked.
// Matching folds case and accents the same way as the server (_fold in server.py).
(function () {
  "use strict";

  var find = document.getElementById("find");
  var count = document.getElementById("find-count");
  var chosen = document.getElementById("chosen");
  var chosenList = document.getElementById("chosen-list");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  if (!find || !count || !cards.length) {
    return;
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filter() {
    var words = fold(find.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute("data-search") || "";
      var isMatch = words.every(function (word) { return text.indexOf(word) !== -1; });
      card.hidden = !isMatch;
      if (isMatch) {
        shown += 1;
      }
    });
    var message = "";
    if (words.length && shown) {
      message = count.getAttribute("data-shown")
        .replace("{shown}", String(shown))
        .replace("{total}", count.getAttribute("data-total"));
    } else if (words.length) {
      message = count.getAttribute("data-none").replace("{query}", find.value.trim());
    }
    if (count.textContent !== message) {
      count.textContent = message;
    }
  }

  function listChosen() {
    var titles = cards
      .filter(function (card) { return card.querySelector("input").checked; })
      .map(function (card) { return card.querySelector(".card-title").textContent.trim(); });
    chosenList.textContent = titles.length ? titles.join(", ") : chosenList.getAttribute("data-none");
  }

  find.addEventListener("input", filter);
  // Enter in the box filters here rather than reloading the page, which would lose the ticks.
  find.form.addEventListener("submit", function (event) {
    event.preventDefault();
    filter();
  });
  cards.forEach(function (card) {
    card.querySelector("input").addEventListener("change", listChosen);
  });
  chosen.hidden = false;
  listChosen();
  if (find.value) {
    filter();
  }
})();
