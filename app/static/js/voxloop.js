/*
 * Voxloop progressive enhancement. No dependencies; every page works without it.
 * Load with <script src="…/voxloop.js" defer></script> (no inline scripts: strict CSP).
 *
 * Contract (data attributes rendered by the templates):
 *
 * 1. Character count
 *    <textarea data-maxlength="2000" aria-describedby="comment-hint comment-count">
 *    <p class="char-count" id="comment-count"
 *       data-remaining-text="{n} characters remaining"   (optional, translated)
 *       data-remaining-one-text="1 character remaining"  (optional)
 *       data-over-text="{n} characters too many"          (optional)
 *       data-over-one-text="1 character too many">…</p>  (optional)
 *    The count element is the aria-describedby token with class "char-count". It gets
 *    aria-live="polite" and is updated after typing pauses (debounced), so screen
 *    readers hear one update, not one per keystroke. Over the limit it gets
 *    class "is-over" and data-state="over". No native maxlength: nothing is cut off
 *    silently; the server validates the length.
 *
 * 2. Draft autosave
 *    <form method="post" data-draft-url="/s/TOKEN/draft">
 *      <input type="hidden" name="csrf_token" value="…">
 *      <p data-draft-status data-saved-text="Saved" data-error-text="Not saved"
 *         data-saving-text="Saving…"></p>
 *    On input/change (debounced 800 ms) the FormData is POSTed with fetch to
 *    data-draft-url with header "X-Requested-With: fetch". The status element is looked
 *    up inside the form first, then in the document; texts may also sit on the form.
 *    A pending save is flushed (keepalive) when the page is hidden. A click on a link to
 *    another page of this site waits (at most 2 s) for a pending or running save, so the
 *    next page (e.g. the same survey in another language) shows what was just typed.
 *    The status element gets role="status" unless it already has a role or aria-live.
 *
 * 3. Error summary: the first .error-summary is focused on load (tabindex=-1 is added
 *    if missing). Its links (href="#field-id") move focus to the field itself.
 *
 * 4. Double submission: form[data-once] accepts one submit; its submit buttons become
 *    disabled right after the browser has collected the form data (so the clicked
 *    button's name/value is still sent). Restored when the page comes back from bfcache.
 *
 * Everything is idempotent.
 */
(function () {
  "use strict";

  var COUNT_DELAY_MS = 500;
  var DRAFT_DELAY_MS = 800;
  var LEAVE_WAIT_MS = 2000;

  function debounce(fn, ms) {
    var timer = null;
    function debounced() {
      var args = arguments;
      var self = this;
      clearTimeout(timer);
      timer = setTimeout(function () {
        timer = null;
        fn.apply(self, args);
      }, ms);
    }
    debounced.cancel = function () {
      clearTimeout(timer);
      timer = null;
    };
    debounced.pending = function () {
      return timer !== null;
    };
    return debounced;
  }

  function once(el, key) {
    var attr = "data-vx-" + key;
    if (el.hasAttribute(attr)) {
      return false;
    }
    el.setAttribute(attr, "");
    return true;
  }

  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) {
      found.unshift(root);
    }
    return found;
  }

  /* ---------- 1. Character count ---------- */

  function countElementFor(textarea) {
    var ids = (textarea.getAttribute("aria-describedby") || "").split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      var el = ids[i] && document.getElementById(ids[i]);
      if (el && el.classList.contains("char-count")) {
        return el;
      }
    }
    return null;
  }

  function pick(el, name, n, fallbackMany, fallbackOne) {
    var one = el.getAttribute("data-" + name + "-one-text");
    var many = el.getAttribute("data-" + name + "-text");
    var template = n === 1 ? one || many || fallbackOne : many || fallbackMany;
    return template.replace(/\{n\}/g, String(n));
  }

  function enhanceCharCount(textarea) {
    var max = parseInt(textarea.getAttribute("data-maxlength"), 10);
    var output = countElementFor(textarea);
    if (!output || !(max > 0) || !once(textarea, "count")) {
      return;
    }
    function update() {
      var length = textarea.value.length;
      var over = length > max;
      var text = over
        ? pick(output, "over", length - max, "{n} characters too many", "1 character too many")
        : pick(output, "remaining", max - length, "{n} characters remaining", "1 character remaining");
      output.classList.toggle("is-over", over);
      if (over) {
        output.setAttribute("data-state", "over");
      } else {
        output.removeAttribute("data-state");
      }
      if (output.textContent !== text) {
        output.textContent = text;
      }
    }

    update(); // initial text (also covers values restored by the browser)
    // Live only after the initial text, so nothing is announced on page load.
    if (!output.hasAttribute("aria-live")) {
      output.setAttribute("aria-live", "polite");
    }
    textarea.addEventListener("input", debounce(update, COUNT_DELAY_MS));
  }

  /* ---------- 2. Draft autosave ---------- */

  function enhanceDraft(form) {
    var url = form.getAttribute("data-draft-url");
    if (!url || !window.fetch || !window.FormData || !once(form, "draft")) {
      return;
    }
    var status = form.querySelector("[data-draft-status]") ||
      document.querySelector("[data-draft-status]");
    if (status && !status.hasAttribute("role") && !status.hasAttribute("aria-live")) {
      status.setAttribute("role", "status");
    }

    function text(name, fallback) {
      var attr = "data-" + name + "-text";
      return (status && status.getAttribute(attr)) || form.getAttribute(attr) || fallback;
    }

    function show(state, fallback) {
      if (!status) {
        return;
      }
      var value = text(state, fallback);
      status.setAttribute("data-state", state);
      if (status.textContent !== value) {
        status.textContent = value;
      }
    }

    var inFlight = null; // the promise of the save in progress
    var again = false;
    var submitting = false;

    function save(keepalive) {
      if (submitting) {
        return Promise.resolve();
      }
      if (inFlight && !keepalive) {
        again = true; // save once more when the current request is done
        return inFlight;
      }
      if (status && status.hasAttribute("data-saving-text")) {
        show("saving", "");
      }
      var request = window
        .fetch(url, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Requested-With": "fetch" },
          credentials: "same-origin",
          keepalive: Boolean(keepalive),
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          show("saved", "Saved");
        })
        .catch(function () {
          show("error", "Not saved");
        })
        .then(function () {
          inFlight = null;
          if (again) {
            again = false;
            return save(false);
          }
        });
      inFlight = request;
      return request;
    }

    var scheduled = debounce(function () {
      save(false);
    }, DRAFT_DELAY_MS);

    form.addEventListener("input", scheduled);
    form.addEventListener("change", scheduled);
    form.addEventListener("submit", function () {
      submitting = true;
      scheduled.cancel();
    });
    // Following a link (the language switch) would race a keepalive save against the
    // next page's request: save first, then go, so the next page shows the answers.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0 ||
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey ||
          (link.target && link.target !== "_self") || link.hasAttribute("download") ||
          link.origin !== window.location.origin ||
          (link.pathname === window.location.pathname && link.search === window.location.search)) {
        return;
      }
      if (!scheduled.pending() && !inFlight) {
        return;
      }
      event.preventDefault();
      scheduled.cancel();
      var gone = false;
      function go() {
        if (!gone) {
          gone = true;
          window.location.assign(link.href);
        }
      }
      var timer = setTimeout(go, LEAVE_WAIT_MS); // never hold the visitor back for long
      save(false).then(function () {
        clearTimeout(timer);
        go();
      });
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && scheduled.pending()) {
        scheduled.cancel();
        save(true);
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        submitting = false;
      }
    });
  }

  /* ---------- 3. Error summary ---------- */

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (!summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
  }

  function enhanceErrorLinks(summary) {
    if (!once(summary, "errors")) {
      return;
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]');
      if (!link) {
        return;
      }
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) {
        return;
      }
      if (target.matches("fieldset")) {
        target = target.querySelector("input:checked, input, select, textarea") || target;
      }
      event.preventDefault();
      var legendOrLabel = target.closest("fieldset") ||
        (target.id && document.querySelector('label[for="' + target.id + '"]')) ||
        target;
      legendOrLabel.scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  /* ---------- 4. Submit once ---------- */

  function enhanceOnce(form) {
    if (!once(form, "once")) {
      return;
    }
    var buttons = function () {
      return form.querySelectorAll('button:not([type="button"]):not([type="reset"]), input[type="submit"]');
    };
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) {
        return;
      }
      if (form.hasAttribute("data-submitted")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitted", "");
      Array.prototype.forEach.call(buttons(), function (button) {
        button.setAttribute("aria-disabled", "true");
      });
      // Disable after the form data set (including the submitter) has been built.
      setTimeout(function () {
        Array.prototype.forEach.call(buttons(), function (button) {
          button.disabled = true;
        });
      }, 0);
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        form.removeAttribute("data-submitted");
        Array.prototype.forEach.call(buttons(), function (button) {
          button.disabled = false;
          button.removeAttribute("aria-disabled");
        });
      }
    });
  }

  /* ---------- Staff session: typing keeps it alive, a warning before it ends ---------- */

  var KEEPALIVE_EVERY_MS = 60 * 1000;
  var WARN_BEFORE_MS = 2 * 60 * 1000;

  function enhanceSessionWarning(box) {
    var idleMs = parseInt(box.getAttribute("data-idle-seconds"), 10) * 1000;
    var url = box.getAttribute("data-keepalive-url");
    if (!idleMs || !url || !window.fetch) {
      return;
    }
    var lastPing = Date.now();
    var timer = null;

    function arm() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        box.hidden = false;
      }, Math.max(idleMs - WARN_BEFORE_MS, 0));
    }

    function ping() {
      lastPing = Date.now();
      return window.fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.ok) {
            box.hidden = true;
            arm();
          }
        })
        .catch(function () {});
    }

    // Writing a long note is activity too: the server hears of it at most once a minute.
    document.addEventListener("input", function () {
      if (Date.now() - lastPing > KEEPALIVE_EVERY_MS) {
        ping();
      }
    });
    box.querySelector("button").addEventListener("click", ping);
    arm();
  }

  /* ---------- Wiring ---------- */

  function enhance(root) {
    within(root, "textarea[data-maxlength]").forEach(enhanceCharCount);
    within(root, "form[data-draft-url]").forEach(enhanceDraft);
    within(root, "form[data-once]").forEach(enhanceOnce);
    within(root, ".error-summary").forEach(enhanceErrorLinks);
  }

  function start() {
    enhance(document);
    within(document, "[data-session-warning]").forEach(enhanceSessionWarning);
    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
