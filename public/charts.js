// Draws every chart on the page with the app's own copy of ECharts (public/vendor, copied from
// its npm package by the build), loaded once, and only on a page that has a chart. Each chart's
// option sits in its element's `data-chart` attribute, built on the server from the same
// numbers as the table beside it. Charts are drawn once the page is interactive (hydrated) and
// again whenever the page shows new ones (navigation in the browser).
(function () {
  'use strict';
  var loading = null;

  function loadECharts() {
    if (window.echarts) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = '/vendor/echarts.min.js';
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
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

  function draw(element) {
    var option = element.getAttribute('data-chart');
    if (!option || element.getAttribute('data-drawn') === option) return;
    element.setAttribute('data-drawn', option);
    loadECharts().then(function () {
      var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
      chart.setOption(withNumbersInPageLanguage(JSON.parse(option)), true);
      element.setAttribute('data-chart-drawn', 'true');
    });
  }

  function drawAll() {
    if (document.documentElement.getAttribute('data-hydrated') !== 'true') return;
    document.querySelectorAll('[data-chart]').forEach(draw);
  }

  new MutationObserver(drawAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-chart', 'data-hydrated'],
  });
  window.addEventListener('resize', function () {
    if (!window.echarts) return;
    document.querySelectorAll('[data-chart]').forEach(function (element) {
      var chart = window.echarts.getInstanceByDom(element);
      if (chart) chart.resize();
    });
  });
  window.addEventListener('beforeprint', function () {
    if (!window.echarts) return;
    document.querySelectorAll('[data-chart]').forEach(function (element) {
      var chart = window.echarts.getInstanceByDom(element);
      if (chart) chart.resize();
    });
  });
  drawAll();
})();
