// Draws every chart on the page with the app's own copy of ECharts (public/vendor, copied from
// its npm package by the build), loaded once, and only on a page that has a chart. Each chart's
// option sits in its element's `data-chart` attribute, built on the server from the same
// numbers as the table beside it. Pages are rendered by the server and only their islands are
// hydrated, never a chart, so the charts are drawn as soon as the page has been read (and again
// whenever an element's option changes).
(function () {
  'use strict';
  // The addresses of ECharts and of the outline, under names carrying their content.
  var files = document.currentScript.dataset;
  var loading = null;

  function loadECharts() {
    if (window.echarts) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = files.echarts;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // The outline of the 21 counties, fetched from this server once, for maps.
  var outline = null;
  function withOutlineIfMap(option) {
    var isMap = (option.series || []).some(function (s) { return s.type === 'map'; });
    if (!isMap || window.echarts.getMap('sweden')) return Promise.resolve(option);
    if (!outline) {
      outline = fetch(files.outline)
        .then(function (response) { return response.json(); })
        .then(function (geojson) { window.echarts.registerMap('sweden', geojson); });
    }
    return outline.then(function () { return option; });
  }

  // A map's tooltip names the county and writes its figure as the table beside it does.
  function withMapTooltip(option) {
    if ((option.series || []).some(function (s) { return s.type === 'map'; })) {
      option.tooltip = Object.assign({}, option.tooltip, {
        formatter: function (p) { return p.name + (p.data && p.data.text ? ': ' + p.data.text : ''); },
      });
    }
    return option;
  }

  // Numbers as the page's language writes them: short on the value axes (60 mn, 60M) and in
  // full in tooltips (1 234 567, 1,234,567). A JSON option cannot carry formatting functions.
  function withNumbersInPageLanguage(option) {
    var lang = document.documentElement.lang || 'sv';
    var full = new Intl.NumberFormat(lang);
    var short = new Intl.NumberFormat(lang, { notation: 'compact' });
    [].concat(option.xAxis || [], option.yAxis || []).forEach(function (axis) {
      if (axis.type === 'value') {
        axis.axisLabel = Object.assign({}, axis.axisLabel, {
          formatter: function (value) { return short.format(value); },
        });
      }
    });
    option.tooltip = Object.assign({}, option.tooltip, {
      valueFormatter: function (value) { return full.format(value); },
    });
    return option;
  }

  // In the operating system's forced colours (high contrast), the page's text and background
  // follow the system; a canvas does not, so the chart takes the same system colours.
  var forcedColours = window.matchMedia('(forced-colors: active)');
  function systemColour(keyword) {
    var probe = document.createElement('span');
    probe.style.color = keyword;
    document.body.appendChild(probe);
    var value = window.getComputedStyle(probe).color;
    probe.remove();
    return value;
  }
  function withColourSettings(option) {
    if (!forcedColours.matches) return option;
    var text = systemColour('CanvasText');
    var line = { lineStyle: { color: text } };
    option.backgroundColor = systemColour('Canvas');
    option.textStyle = Object.assign({}, option.textStyle, { color: text });
    option.color = [systemColour('Highlight'), systemColour('LinkText'), text];
    [].concat(option.xAxis || [], option.yAxis || []).forEach(function (axis) {
      axis.axisLine = line;
      axis.axisTick = line;
      axis.splitLine = { lineStyle: { color: text, opacity: 0.35 } };
      axis.axisLabel = Object.assign({}, axis.axisLabel, { color: text });
    });
    [].concat(option.legend || [], option.visualMap || []).forEach(function (part) {
      part.textStyle = Object.assign({}, part.textStyle, { color: text });
    });
    return option;
  }

  function draw(element) {
    var option = element.getAttribute('data-chart');
    if (!option || element.getAttribute('data-drawn') === option) return;
    element.setAttribute('data-drawn', option);
    loadECharts()
      .then(function () { return withOutlineIfMap(JSON.parse(option)); })
      .then(function (parsed) {
        var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
        chart.setOption(withColourSettings(withMapTooltip(withNumbersInPageLanguage(parsed))), true);
        element.setAttribute('data-chart-drawn', 'true');
      });
  }

  function drawAll() {
    document.querySelectorAll('[data-chart]').forEach(draw);
  }

  new MutationObserver(drawAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-chart'],
  });
  function resizeAll() {
    if (!window.echarts) return;
    document.querySelectorAll('[data-chart]').forEach(function (element) {
      var chart = window.echarts.getInstanceByDom(element);
      if (chart) chart.resize();
    });
  }
  window.addEventListener('resize', resizeAll);
  // Drawn again when forced colours are switched on or off.
  forcedColours.addEventListener('change', function () {
    document.querySelectorAll('[data-drawn]').forEach(function (element) {
      element.removeAttribute('data-drawn');
    });
    drawAll();
  });
  window.addEventListener('beforeprint', resizeAll);
  drawAll();
})();
