/*
 * Improvement board: drag and drop between columns (SortableJS), and the effect chart on
 * a card page (Chart.js). Both are enhancements: every move also works with the card's
 * "Move to" form, without JavaScript, and every chart has a data table beside it.
 *
 * Drag and drop: lists <ul class="board-list" data-sortable data-stage="do"> hold cards
 * <li class="board-card" data-action-id data-stage> with a <form class="move-form">
 * (its action URL and CSRF token are reused). A drop into another column posts that form
 * with the new stage (header X-Requested-With: fetch, JSON answer). The server's rules
 * decide: on refusal the card goes back and the message is read out in #board-status;
 * on success the page reloads so every count, limit and verdict is current.
 *
 * Effect chart: <canvas data-effect-chart='{"labels": [...], "values": [...],
 * "since": [bool...], "label", "before", "after", "marker"}'>.
 */
(function () {
  "use strict";

  function announce(message, isError) {
    var status = document.getElementById("board-status");
    if (!status) {
      return;
    }
    status.textContent = message;
    status.classList.toggle("is-error", Boolean(isError));
  }

  function sendMove(card, stage, fromStage) {
    var form = card.querySelector("form.move-form");
    if (!form) {
      return Promise.reject(new Error("no move form"));
    }
    var data = new FormData(form);
    data.set("stage", stage);
    data.set("from_stage", fromStage);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok && body.ok, message: body.message };
      });
    });
  }

  function enableDragAndDrop() {
    if (typeof window.Sortable !== "function") {
      return;
    }
    var lists = document.querySelectorAll(".board-list[data-sortable]");
    Array.prototype.forEach.call(lists, function (list) {
      window.Sortable.create(list, {
        group: "board",
        handle: ".drag-handle",
        // Pointer events rather than native drag and drop: the same on touch screens.
        forceFallback: true,
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? 0 : 150,
        onEnd: function (event) {
          var card = event.item;
          var from = event.from;
          var to = event.to;
          if (from === to) {
            return;
          }
          var fromStage = from.getAttribute("data-stage");
          var stage = to.getAttribute("data-stage");
          function putBack() {
            var reference = from.children[event.oldIndex] || null;
            from.insertBefore(card, reference);
          }
          sendMove(card, stage, fromStage)
            .then(function (result) {
              announce(result.message, !result.ok);
              if (result.ok) {
                window.location.reload();
              } else {
                putBack();
              }
            })
            .catch(function () {
              putBack();
              var status = document.getElementById("board-status");
              announce((status && status.getAttribute("data-error-text")) || "Not moved.", true);
            });
        },
      });
    });
  }

  /* A dashed vertical line at the first week since Do (no plug-in dependency). */
  var doMarker = {
    id: "vxDoMarker",
    afterDatasetsDraw: function (chart, _args, options) {
      if (options.index === undefined || options.index < 0) {
        return;
      }
      var x = chart.scales.x.getPixelForValue(options.index);
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#1b1f24";
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#1b1f24";
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillText(options.text || "", Math.min(x + 4, area.right - 80), area.top + 12);
      ctx.restore();
    },
  };

  function drawEffectCharts() {
    if (typeof window.Chart !== "function") {
      return;
    }
    var canvases = document.querySelectorAll("canvas[data-effect-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var data = JSON.parse(canvas.getAttribute("data-effect-chart"));
      var firstSince = data.since.indexOf(true);
      // Two series that meet at the Do week: before in grey, since in blue, no line
      // drawn across weeks without data.
      var before = data.values.map(function (v, i) {
        return i <= firstSince || firstSince < 0 ? v : null;
      });
      var after = data.values.map(function (v, i) {
        return firstSince >= 0 && i >= firstSince ? v : null;
      });
      var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.before, data: before, borderColor: "#4b5563", backgroundColor: "#4b5563",
              borderDash: [4, 3], spanGaps: false, pointRadius: 3 },
            { label: data.after, data: after, borderColor: "#0a58ca", backgroundColor: "#0a58ca",
              spanGaps: false, pointRadius: 3 },
          ],
        },
        options: {
          animation: reduce ? false : undefined,
          maintainAspectRatio: false,
          responsive: true,
          scales: { y: { beginAtZero: true, title: { display: true, text: data.label } } },
          plugins: { vxDoMarker: { index: firstSince, text: data.marker } },
        },
        plugins: [doMarker],
      });
    });
  }

  function start() {
    enableDragAndDrop();
    drawEffectCharts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
