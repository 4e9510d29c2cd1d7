// The front desk's script, a progressive enhancement: without JavaScript the filter box is a
// GET form the server applies (?q=), a pack is a link that ticks its therapies (?pack=), and
// the print form posts and the PDF opens as a page. With it:
// - the filter hides cards as staff type; a "Chosen:" line lists what is ticked;
// - a pack button ticks its therapies in place;
// - Enter on a therapy's box ticks it (it never sends the form);
// - the note shows "123 of 600"; a note too long, or nothing ticked, is said beside the control
//   (aria-live) and nothing is sent;
// - a preview of the pages follows the ticks, the choices and the note, and names the
//   characters of the note no font can print;
// - Print sends the form in the background, puts the PDF in a hidden frame and opens the
//   browser's print dialog (or, where the browser cannot show a PDF in a page, opens it in a
//   tab); the buttons wait while a job runs, so a double click makes one job; an error from
//   the server shows in the page;
// - after a print, and on "Next patient", the ticks, the note and the choices are cleared.
// Matching folds case and accents the same way as the server (_fold in server.py).
(function () {
  "use strict";

  var form = document.getElementById("print-form");
  if (!form) {
    return;
  }
  var find = document.getElementById("find");
  var count = document.getElementById("find-count");
  var chosen = document.getElementById("chosen");
  var chosenList = document.getElementById("chosen-list");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card:not(.unavailable)"));
  var boxes = cards.map(function (card) { return card.querySelector("input"); });
  var note = document.getElementById("note");
  var noteCount = document.getElementById("note-count");
  var noteError = document.getElementById("note-error");
  var leftOut = document.getElementById("note-left-out");
  var therapiesError = document.getElementById("therapies-error");
  var status = document.getElementById("print-status");
  var printButton = document.getElementById("print-button");
  var nextPatient = document.getElementById("next-patient");
  var preview = document.getElementById("preview");
  var previewStatus = document.getElementById("preview-status");
  var previewPages = document.getElementById("preview-pages");
  var previewUrl = form.getAttribute("data-preview");
  var packStatus = document.getElementById("pack-status");
  var buttons = Array.prototype.slice.call(form.querySelectorAll("button[type=submit]:not(.implicit-submit)"));
  var limit = note ? parseInt(note.getAttribute("data-limit"), 10) : 600;
  var busy = false;
  var frame = null;
  var lastPdf = null;
  var previewTimer = null;
  var previewRequest = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function say(element, text) {
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  // -- find and chosen ---------------------------------------------------------------------------

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filter() {
    if (!find || !count) {
      return;
    }
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
      message = fill(count.getAttribute("data-shown"), {shown: shown, total: count.getAttribute("data-total")});
    } else if (words.length) {
      message = fill(count.getAttribute("data-none"), {query: find.value.trim()});
    }
    say(count, message);
  }

  function ticked() {
    return boxes.filter(function (box) { return box.checked; });
  }

  function listChosen() {
    var titles = cards
      .filter(function (card) { return card.querySelector("input").checked; })
      .map(function (card) { return card.querySelector(".card-title").textContent.trim(); });
    say(chosenList, titles.length ? titles.join(", ") : chosenList.getAttribute("data-none"));
  }

  // -- the note ------------------------------------------------------------------------------------

  function noteLength() {
    return note ? note.value.length : 0;
  }

  function showCount() {
    if (!note) {
      return;
    }
    var length = noteLength();
    say(noteCount, fill(noteCount.getAttribute("data-message"), {count: length, limit: limit}));
    noteCount.classList.toggle("over", length > limit);
    if (length <= limit && note.getAttribute("aria-invalid") === "true") {
      note.removeAttribute("aria-invalid");
      say(noteError, "");
    }
  }

  function noteTooLong(template) {
    note.setAttribute("aria-invalid", "true");
    say(noteError, fill(template, {length: noteLength(), limit: limit}));
  }

  // -- the preview ---------------------------------------------------------------------------------

  function schedulePreview() {
    if (!preview || !previewUrl) {
      return;
    }
    clearTimeout(previewTimer);
    previewTimer = setTimeout(updatePreview, 350);
  }

  function clearPreview(message) {
    while (previewPages.firstChild) {
      previewPages.removeChild(previewPages.firstChild);
    }
    preview.classList.remove("is-updating");
    say(previewStatus, message);
  }

  function updatePreview() {
    if (previewRequest) {
      previewRequest.abort();
      previewRequest = null;
    }
    if (!ticked().length) {
      clearPreview(previewStatus.getAttribute("data-empty"));
      say(leftOut, "");
      return;
    }
    if (noteLength() > limit) {
      return;
    }
    preview.classList.add("is-updating");
    say(previewStatus, previewStatus.getAttribute("data-updating"));
    var controller = new AbortController();
    previewRequest = controller;
    fetch(previewUrl, {method: "POST", body: new FormData(form), headers: {"X-Desk": "fetch"}, signal: controller.signal, credentials: "same-origin"})
      .then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      })
      .then(function (answer) {
        if (previewRequest !== controller) {
          return;
        }
        previewRequest = null;
        if (!answer.ok) {
          clearPreview(answer.body.message || "");
          return;
        }
        showLeftOut(answer.body.left_out || []);
        clearPreview("");
        answer.body.pages.forEach(function (page) {
          var item = document.createElement("li");
          var image = document.createElement("img");
          image.src = page.src;
          image.alt = page.alt;
          item.appendChild(image);
          previewPages.appendChild(item);
        });
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        clearPreview("");
      });
  }

  function showLeftOut(chars) {
    say(leftOut, chars.length ? fill(leftOut.getAttribute("data-message"), {chars: chars.join(", ")}) : "");
  }

  // -- clearing for the next patient ---------------------------------------------------------------

  function clearPatient() {
    boxes.forEach(function (box) { box.checked = false; });
    if (note) {
      note.value = "";
      note.removeAttribute("aria-invalid");
    }
    form.querySelectorAll("input[name=large_print], input[name=grayscale]").forEach(function (box) {
      box.checked = false;
    });
    var clinicPaper = form.querySelector("input[name=page_size][data-clinic]");
    if (clinicPaper) {
      clinicPaper.checked = true;
    }
    say(noteError, "");
    say(leftOut, "");
    say(therapiesError, "");
    say(packStatus, "");
    if (find && find.value) {
      find.value = "";
      filter();
    }
    if (lastPdf) {
      URL.revokeObjectURL(lastPdf);
      lastPdf = null;
    }
    listChosen();
    showCount();
    if (preview) {
      clearTimeout(previewTimer);
      if (previewRequest) {
        previewRequest.abort();
        previewRequest = null;
      }
      clearPreview(previewStatus.getAttribute("data-empty"));
    }
  }

  // -- printing ------------------------------------------------------------------------------------

  function setBusy(isBusy) {
    busy = isBusy;
    buttons.forEach(function (button) {
      button.disabled = isBusy;
    });
    form.setAttribute("aria-busy", isBusy ? "true" : "false");
  }

  function openInTab(url) {
    var tab = window.open(url, "_blank");
    if (tab) {
      say(status, status.getAttribute("data-opened"));
      return;
    }
    // The browser blocked the tab: a link to the PDF instead.
    say(status, "");
    var link = document.createElement("a");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = status.getAttribute("data-open");
    status.appendChild(link);
  }

  function printPdf(url) {
    if (!navigator.pdfViewerEnabled) {
      openInTab(url);
      return;
    }
    if (frame) {
      frame.remove();
    }
    frame = document.createElement("iframe");
    frame.className = "print-frame";
    frame.title = "PDF";
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0;";
    frame.addEventListener("load", function () {
      try {
        frame.contentWindow.focus();
        frame.contentWindow.print();
        say(status, status.getAttribute("data-printed"));
      } catch (error) {
        openInTab(url);
      }
    }, {once: true});
    frame.src = url;
    document.body.appendChild(frame);
  }

  function send(action, isHandouts) {
    setBusy(true);
    say(status, status.getAttribute("data-printing"));
    var data = new FormData(form);
    fetch(action, {method: "POST", body: data, headers: {"X-Desk": "fetch"}, credentials: "same-origin"})
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("application/pdf") === 0) {
          return response.blob().then(function (blob) {
            var missing = response.headers.get("X-Left-Out");
            if (isHandouts) {
              clearPatient();  // what was sent is in the PDF now, and nowhere on the page
            } else if (lastPdf) {
              URL.revokeObjectURL(lastPdf);
            }
            lastPdf = URL.createObjectURL(blob);
            var url = lastPdf;
            printPdf(url);
            if (missing) {
              var chars = missing.split(" ").map(function (code) {
                return String.fromCodePoint(parseInt(code.slice(2), 16)) + " " + code;
              });
              showLeftOut(chars);
            }
          });
        }
        return response.json().then(function (body) {
          var message = body.message || status.getAttribute("data-failed");
          if (body.problems && body.problems.length) {
            message += " " + body.problems.join(" ");
          }
          say(status, message);
        }, function () {
          say(status, status.getAttribute("data-failed"));
        });
      })
      .catch(function () {
        say(status, status.getAttribute("data-failed"));
      })
      .then(function () {
        setBusy(false);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    var submitter = event.submitter;
    var action = submitter && submitter.hasAttribute("formaction") ? submitter.formAction : form.action;
    var isHandouts = !(submitter && submitter.hasAttribute("formaction"));
    if (isHandouts) {
      var problem = null;
      if (!ticked().length) {
        say(therapiesError, therapiesError.getAttribute("data-message"));
        problem = problem || (boxes.filter(function (b) { return !b.closest(".card").hidden; })[0] || boxes[0]);
      } else {
        say(therapiesError, "");
      }
      if (noteLength() > limit) {
        noteTooLong(noteError.getAttribute("data-too-long"));
        problem = problem || note;
      }
      if (problem) {
        say(status, "");
        problem.focus();
        return;
      }
    }
    send(action, isHandouts);
  });

  // -- wiring --------------------------------------------------------------------------------------

  if (find) {
    find.addEventListener("input", filter);
    // Enter in the box filters here rather than reloading the page, which would lose the ticks.
    find.form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
    });
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      listChosen();
      if (ticked().length) {
        say(therapiesError, "");
      }
      say(status, "");
      schedulePreview();
    });
    // Enter ticks the box, as Space does; it never sends the form.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        box.click();
      }
    });
  });
  form.querySelectorAll("input[name=page_size], input[name=large_print], input[name=grayscale]").forEach(function (input) {
    if (input.name === "page_size" && input.defaultChecked) {
      input.setAttribute("data-clinic", "");
    }
    input.addEventListener("change", schedulePreview);
  });
  if (note) {
    // Nothing is ever cut silently: the counter and the message say when a note is too long.
    note.removeAttribute("maxlength");
    note.addEventListener("input", function (event) {
      showCount();
      if (event.inputType === "insertFromPaste" && noteLength() > limit) {
        noteTooLong(noteError.getAttribute("data-pasted"));
      }
      schedulePreview();
    });
  }
  document.querySelectorAll("button.pack").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var ids = (button.getAttribute("data-ids") || "").split(" ");
      boxes.forEach(function (box) { box.checked = ids.indexOf(box.value) !== -1; });
      say(therapiesError, "");
      say(packStatus, fill(packStatus.getAttribute("data-message"), {name: button.value, count: ticked().length}));
      listChosen();
      schedulePreview();
    });
  });
  if (nextPatient) {
    nextPatient.addEventListener("click", function (event) {
      event.preventDefault();
      clearPatient();
      say(status, status.getAttribute("data-cleared"));
      (find || boxes[0] || form).focus();
    });
  }
  if (preview) {
    preview.hidden = false;
  }
  chosen.hidden = false;
  listChosen();
  showCount();
  if (find && find.value) {
    filter();
  }
  if (ticked().length) {
    schedulePreview();
  }
})();
