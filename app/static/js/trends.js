/*
 * Trend charts (Chart.js, vendored). An enhancement only: every chart has a data table
 * and a CSV of the same numbers beside it.
 *
 * <canvas data-trend-chart='{"kind": "line"|"drivers", ...}' data-locale="de"
 *         data-y-label="…" data-n-label="answers" data-low-n-label="few answers">
 * Line payload: labels, series[{label, values, low, high, n, status}], band (draw the
 * interval of the single series), annotations[{index, label}] drawn as dashed lines.
 * Values are null where nothing may be drawn, and lines never span those gaps.
 */
(function () {
  "use strict";

  var COLOURS = ["#0a58ca", "#b02a37", "#146c43", "#6f42c1", "#8a5300", "#1b1f24"];

  function formatter(locale, digits) {
    var nf = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
    return function (v) { return v === null || v === undefined ? "–" : nf.format(v); };
  }

  var actionMarkers = {
    id: "vxActions",
    afterDatasetsDraw: function (chart, _args, options) {
      var notes = (options && options.notes) || [];
      if (!notes.length) { return; }
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      notes.forEach(function (note, i) {
        var x = chart.scales.x.getPixelForValue(note.index);
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
        var text = note.label.length > 34 ? note.label.slice(0, 33) + "…" : note.label;
        var width = ctx.measureText(text).width;
        ctx.fillText(text, Math.max(area.left, Math.min(x + 4, area.right - width)), area.top + 12 + 14 * i);
      });
      ctx.restore();
    },
  };

  function lineChart(canvas, data) {
    var locale = canvas.getAttribute("data-locale") || "en";
    var digits = data.metric === "ces" ? 2 : 1;
    var fmt = formatter(locale, digits);
    var nLabel = canvas.getAttribute("data-n-label") || "n";
    var lowLabel = canvas.getAttribute("data-low-n-label") || "few answers";
    var datasets = [];
    data.series.forEach(function (s, k) {
      var colour = COLOURS[k % COLOURS.length];
      if (data.band && data.series.length === 1) {
        datasets.push({ label: "low", data: s.low, borderWidth: 0, pointRadius: 0, spanGaps: false,
          backgroundColor: "rgba(10, 88, 202, 0.15)", fill: false, vxBand: true });
        datasets.push({ label: "high", data: s.high, borderWidth: 0, pointRadius: 0, spanGaps: false,
          backgroundColor: "rgba(10, 88, 202, 0.15)", fill: "-1", vxBand: true });
      }
      datasets.push({
        label: s.label, data: s.values, borderColor: colour, backgroundColor: colour,
        spanGaps: false, pointRadius: 4, borderWidth: 2,
        pointBackgroundColor: s.status.map(function (st) { return st === "low" ? "#ffffff" : colour; }),
        vxSeries: s,
      });
    });
    var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: reduce ? false : undefined,
        maintainAspectRatio: false,
        responsive: true,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          y: { title: { display: true, text: canvas.getAttribute("data-y-label") || "" },
               ticks: { callback: function (v) { return fmt(v); } } },
        },
        plugins: {
          legend: { display: data.series.length > 1,
                    labels: { filter: function (item, chart) { return !chart.datasets[item.datasetIndex].vxBand; } } },
          tooltip: {
            filter: function (item) { return !item.dataset.vxBand; },
            callbacks: {
              label: function (item) {
                var s = item.dataset.vxSeries;
                var i = item.dataIndex;
                var text = s.label + ": " + fmt(s.values[i]);
                if (s.low[i] !== null) { text += " (" + fmt(s.low[i]) + " – " + fmt(s.high[i]) + ")"; }
                text += ", " + nLabel + " " + s.n[i];
                if (s.status[i] === "low") { text += ", " + lowLabel; }
                return text;
              },
            },
          },
          vxActions: { notes: data.annotations || [] },
        },
      },
      plugins: [actionMarkers],
    });
  }

  function driverChart(canvas, data) {
    var locale = canvas.getAttribute("data-locale") || "en";
    var fmt = formatter(locale, data.metric === "ces" ? 2 : 1);
    var points = data.points.filter(function (p) { return p.y !== null; });
    return new window.Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [{
          label: "themes",
          data: points.map(function (p) { return { x: p.x, y: p.y }; }),
          pointRadius: 6,
          backgroundColor: points.map(function (p) { return p.significant ? "#b02a37" : "#6c757d"; }),
        }],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: {
          x: { title: { display: true, text: canvas.getAttribute("data-x-label") || "" }, beginAtZero: true },
          y: { title: { display: true, text: canvas.getAttribute("data-y-label") || "" } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) {
            var p = points[item.dataIndex];
            return p.theme + ": " + fmt(p.y) + " (n " + p.mentions + ")";
          } } },
        },
      },
    });
  }

  function start() {
    if (typeof window.Chart !== "function") { return; }
    var canvases = document.querySelectorAll("canvas[data-trend-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var data = JSON.parse(canvas.getAttribute("data-trend-chart"));
      if (data.kind === "drivers") { driverChart(canvas, data); } else { lineChart(canvas, data); }
    });
    // Charts are drawn at the screen's size; redraw them at the page's size for printing.
    // Printed pages carry the tables too: open them for printing, close them after.
    var opened = [];
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details.data-table:not([open])"), function (d) {
        d.open = true;
        opened.push(d);
      });
      Object.values(window.Chart.instances || {}).forEach(function (chart) { chart.resize(); });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
