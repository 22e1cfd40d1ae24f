/* Kunnskapsbro dashboard: render each chart's Vega-Lite spec (a JSON data block beside it)
   with vega-embed. No eval: Vega runs with the CSP-safe expression interpreter (ast: true).
   Charts inside content swapped in by htmx are rendered after the swap. */
(function () {
  "use strict";

  /* htmx (allowScriptTags: false) drops every <script> of swapped content, JSON blocks too,
     so their text is read from the response before the swap. */
  var swappedBlocks = {};

  function readJson(id) {
    var block = document.getElementById(id);
    if (block) {
      return JSON.parse(block.textContent);
    }
    return Object.prototype.hasOwnProperty.call(swappedBlocks, id) ? JSON.parse(swappedBlocks[id]) : null;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var text = event.detail.serverResponse;
    if (typeof text !== "string" || text.indexOf("application/json") === -1) {
      return;
    }
    var parsed = new DOMParser().parseFromString(text, "text/html");
    parsed.querySelectorAll('script[type="application/json"][id]').forEach(function (block) {
      swappedBlocks[block.id] = block.textContent;
    });
  });

  function render(root) {
    if (!window.vegaEmbed || !window.vegaInterpreter) {
      return;
    }
    var locale = readJson("vega-format-locale");
    root.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      if (el.getAttribute("data-rendered")) {
        return;
      }
      var spec = readJson(el.getAttribute("data-vega-spec"));
      if (!spec) {
        return;
      }
      el.setAttribute("data-rendered", "pending");
      var options = {
        renderer: "svg",
        actions: false,
        defaultStyle: false,
        ast: true,
        expr: window.vegaInterpreter.expressionInterpreter,
        tooltip: { disableDefaultStyle: true }
      };
      if (locale) {
        options.formatLocale = locale;
      }
      window.vegaEmbed(el, spec, options).then(function () {
        el.setAttribute("data-rendered", "true");
        el.classList.add("kb-chart__canvas--ready");
        var svg = el.querySelector("svg");
        if (svg) {
          /* The table below carries the numbers; the drawing is one image to assistive tech. */
          svg.setAttribute("aria-hidden", "true");
          svg.setAttribute("focusable", "false");
        }
      }).catch(function (error) {
        el.setAttribute("data-rendered", "error");
        console.error("Kunnskapsbro: chart failed", error);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function (event) { render(event.target); });
})();
