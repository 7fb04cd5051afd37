/* Draws the dashboards' charts with Apache ECharts (SVG renderer) from the JSON the page carries
   in <script type="application/json"> tags (json_script): no inline script, no other host.
   Figures are written as the page writes them (its language's separators, from "page-formats"),
   and the few words the script shows come translated from there too: the script has none. */
(function () {
  "use strict";

  var PALETTE = ["#0b5394", "#e69138", "#38761d", "#990000", "#674ea7", "#45818e", "#bf9000", "#a64d79"];
  var TEXT = "#1b1b1b";
  var charts = [];

  function readSpec(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var FORMATS = readSpec("page-formats") || {
    decimal: ".", thousands: ",", pair: "%(name)s: %(value)s", hidden: "", notRecorded: "—"
  };
  var LANGUAGE = document.documentElement.lang || "en";
  var numberFormats = {};

  // Intl groups the digits; the separators are the server's, so that a chart's figures read
  // exactly as the table's under it (Intl's Spanish leaves 4-digit numbers ungrouped, its
  // French groups with a narrower space than Django's).
  function formatNumber(value, decimals) {
    if (value === null || value === undefined || value === "" || isNaN(Number(value))) {
      return FORMATS.hidden || FORMATS.notRecorded;
    }
    var places = typeof decimals === "number" ? decimals : 0;
    if (!numberFormats[places]) {
      numberFormats[places] = new Intl.NumberFormat(LANGUAGE, {
        minimumFractionDigits: places,
        maximumFractionDigits: Math.max(places, 3),
        useGrouping: "always"
      });
    }
    return numberFormats[places].formatToParts(Number(value)).map(function (part) {
      if (part.type === "group") { return FORMATS.thousands; }
      if (part.type === "decimal") { return FORMATS.decimal; }
      return part.value;
    }).join("");
  }

  function pair(name, value) {
    return FORMATS.pair.replace("%(name)s", name).replace("%(value)s", value);
  }

  function axisNumber(value) {
    return formatNumber(value, 0);
  }


  function init(container) {
    var chart = echarts.init(container, null, { renderer: "svg" });
    charts.push(chart);
    return chart;
  }

  // A series' figures in its tooltip, with the decimal places the table writes them with.
  function seriesTooltip(series) {
    return { valueFormatter: function (value) { return formatNumber(value, series.decimals); } };
  }

  // "Name: figure" for pie and funnel labels and tooltips ({b}: {c} would write the raw number).
  function itemLabel(series) {
    return function (params) { return pair(params.name, formatNumber(params.value, series.decimals)); };
  }

  function itemTooltip(series) {
    return function (params) { return params.seriesName + "\n" + itemLabel(series)(params); };
  }

  function baseOption() {
    return {
      color: PALETTE,
      animation: false,
      textStyle: { color: TEXT, fontFamily: "system-ui, sans-serif" },
      // Drawn in the chart's SVG, not as HTML: ECharts' HTML tooltips carry style attributes,
      // which the pages' CSP (style-src 'self') refuses.
      tooltip: { confine: true, renderMode: "richText" }
    };
  }

  // Long category names (substances, kinds of activity) read best on horizontal bars.
  function barOption(spec, container) {
    var option = baseOption();
    var two = spec.series.length === 2;
    // Room for the category names: up to 40% of the chart, longer names cut with an ellipsis
    // (the table below the chart has them whole).
    var labelWidth = Math.min(170, Math.round(container.clientWidth * 0.4));
    option.tooltip.trigger = "axis";
    option.legend = spec.series.length > 1 ? { top: 0, textStyle: { color: TEXT } } : undefined;
    option.grid = { left: labelWidth + 12, right: 24, top: two ? 64 : 16, bottom: 28, containLabel: false };
    option.yAxis = {
      type: "category",
      inverse: true,
      data: spec.labels,
      axisLabel: { color: TEXT, width: labelWidth, overflow: "truncate", interval: 0 }
    };
    option.xAxis = spec.series.map(function (series, index) {
      return {
        type: "value",
        position: index === 0 ? "bottom" : "top",
        name: two ? series.name : "",
        nameLocation: "middle",
        nameGap: 24,
        axisLabel: { color: TEXT, hideOverlap: true, formatter: axisNumber },
        splitLine: { show: index === 0 }
      };
    });
    option.series = spec.series.map(function (series, index) {
      return { type: "bar", name: series.name, data: series.data, xAxisIndex: index, tooltip: seriesTooltip(series) };
    });
    return option;
  }

  // Time series: months along the bottom.
  function columnOption(spec) {
    var option = baseOption();
    option.tooltip.trigger = "axis";
    option.grid = { left: 32, right: 32, top: 16, bottom: 8, containLabel: true };
    option.xAxis = { type: "category", data: spec.labels, axisLabel: { color: TEXT, hideOverlap: true } };
    option.yAxis = { type: "value", minInterval: 1, axisLabel: { color: TEXT, formatter: axisNumber } };
    option.series = spec.series.map(function (series) {
      return { type: "bar", name: series.name, data: series.data, barMaxWidth: 32, tooltip: seriesTooltip(series) };
    });
    return option;
  }

  function pairs(spec) {
    var values = spec.series[0].data;
    return spec.labels
      .map(function (label, index) { return { name: label, value: values[index] }; })
      .filter(function (item) { return item.value !== null && item.value > 0; });
  }

  function pieOption(spec) {
    var option = baseOption();
    option.tooltip.trigger = "item";
    option.tooltip.formatter = itemTooltip(spec.series[0]);
    option.series = [{
      type: "pie",
      name: spec.series[0].name,
      radius: ["35%", "65%"],
      data: pairs(spec),
      label: { color: TEXT, formatter: itemLabel(spec.series[0]) }
    }];
    return option;
  }

  // The post-seizure funnel keeps the stages in their order, whatever their size.
  function funnelOption(spec) {
    var option = baseOption();
    option.tooltip.trigger = "item";
    option.tooltip.formatter = itemTooltip(spec.series[0]);
    var values = spec.series[0].data;
    option.color = ["#9fc5e8", "#f9cb9c", "#b6d7a8", "#ea9999"];
    option.series = [{
      type: "funnel",
      name: spec.series[0].name,
      sort: "none",
      left: "2%",
      width: "96%",
      top: 8,
      bottom: 8,
      // Cases are few beside seizures: a floor keeps every stage wide enough to read.
      minSize: "45%",
      gap: 3,
      data: spec.labels.map(function (label, index) { return { name: label, value: values[index] || 0 }; }),
      label: { position: "inside", color: TEXT, formatter: itemLabel(spec.series[0]), overflow: "break" }
    }];
    return option;
  }

  var worldPromise = null;
  function world(mapUrl) {
    if (!worldPromise) {
      worldPromise = fetch(mapUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (topology) {
          var geo = topojson.feature(topology, topology.objects.countries);
          geo.features.forEach(function (feature) {
            // Countries are matched on their ISO 3166-1 numeric code, not on an English name.
            feature.properties.code = String(feature.id);
          });
          echarts.registerMap("world", geo);
          return geo;
        });
    }
    return worldPromise;
  }

  function mapOption(spec) {
    var option = baseOption();
    var values = spec.series[0].data;
    var names = {};
    var data = spec.codes.map(function (code, index) {
      names[code] = spec.labels[index];
      return { name: code, value: values[index] };
    });
    var max = Math.max.apply(null, [1].concat(values.filter(function (v) { return v !== null; })));
    option.tooltip = {
      trigger: "item",
      confine: true,
      renderMode: "richText",
      formatter: function (params) {
        if (!names[params.name]) { return ""; }
        var series = spec.series[0];
        return names[params.name] + "\n" + pair(series.name, formatNumber(params.value, series.decimals));
      }
    };
    option.visualMap = {
      min: 0,
      max: max,
      left: 8,
      bottom: 8,
      itemHeight: 80,
      calculable: false,
      inRange: { color: ["#cfe2f3", "#0b3d6b"] },
      formatter: axisNumber,
      textStyle: { color: TEXT }
    };
    option.series = [{
      type: "map",
      map: "world",
      nameProperty: "code",
      name: spec.series[0].name,
      roam: false,
      itemStyle: { areaColor: "#eeeeee", borderColor: "#999999", borderWidth: 0.5 },
      emphasis: { label: { show: false }, itemStyle: { areaColor: "#e69138" } },
      select: { disabled: true },
      data: data
    }];
    return option;
  }

  var BUILDERS = { bar: barOption, column: columnOption, line: columnOption, pie: pieOption, funnel: funnelOption };

  function draw(container, mapUrl) {
    var spec = readSpec(container.getAttribute("data-chart"));
    if (!spec) { return; }
    if (spec.type === "map") {
      world(mapUrl).then(function () {
        init(container).setOption(mapOption(spec));
        container.setAttribute("data-drawn", "true");
      });
      return;
    }
    init(container).setOption(BUILDERS[spec.type](spec, container));
    container.setAttribute("data-drawn", "true");
  }

  function resizeAll() {
    charts.forEach(function (chart) { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.querySelector(".dashboard");
    if (!page || typeof echarts === "undefined") { return; }
    var mapUrl = page.getAttribute("data-map-url");
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (container) {
      draw(container, mapUrl);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(resizeAll, 150);
    });
    // Charts are redrawn at the paper's width for printing, and back after.
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
  });
})();
