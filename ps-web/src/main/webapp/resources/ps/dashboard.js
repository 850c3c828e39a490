/* Draws the dashboard's charts with Chart.js from the JSON in hidden fields. Labels come from log data:
   Chart.js draws them on a canvas as text, and nothing here builds HTML from them. A click opens the log
   page filtered to what was clicked. */
(function () {
  var LEVEL_COLOURS = {TRACE: '#b0bec5', DEBUG: '#4dd0e1', INFO: '#81c784', WARNING: '#fdd835', ERROR: '#ff7043', CRITICAL: '#d50000'};
  var OTHER_COLOURS = ['#1565c0', '#6a1b9a', '#00897b', '#f9a825', '#5d4037'];

  function data(id) {
    return JSON.parse(document.getElementById(id).value);
  }

  function logsUrl(params) {
    var base = document.getElementById('levelsChart').getAttribute('data-base');
    var query = Object.keys(params).map(function (key) {
      return encodeURIComponent(key) + '=' + encodeURIComponent(params[key]);
    }).join('&');
    return base + '?' + query;
  }

  function bucketRange(series, index) {
    var start = series.buckets[index];
    return {from: new Date(start).toISOString(), to: new Date(start + series.bucketMinutes * 60000).toISOString()};
  }

  function timeLabels(series) {
    return series.labels.map(function (iso) {
      return series.bucketMinutes >= 1440 ? iso.substring(0, 10) : iso.substring(5, 16).replace('T', ' ');
    });
  }

  function draw() {
    var levels = data('levelsData');
    var levelsChart = new Chart(document.getElementById('levelsChart'), {
      type: 'bar',
      data: {
        labels: timeLabels(levels),
        datasets: levels.datasets.map(function (set) {
          return {label: set.label, data: set.data, backgroundColor: LEVEL_COLOURS[set.label] || '#999', levelno: set.levelno};
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true}},
        onClick: function (event, elements) {
          if (elements.length) {
            var element = elements[0];
            var range = bucketRange(levels, element.index);
            window.location.href = logsUrl({level: levels.datasets[element.datasetIndex].label, from: range.from, to: range.to});
          }
        }
      }
    });

    var top = data('topData');
    var topChart = new Chart(document.getElementById('topChart'), {
      type: 'bar',
      data: {labels: top.labels, datasets: [{label: 'errors', data: top.data, backgroundColor: '#ff7043'}]},
      options: {
        animation: false, indexAxis: 'y', responsive: true, maintainAspectRatio: false,
        plugins: {legend: {display: false}},
        onClick: function (event, elements) {
          if (elements.length) {
            window.location.href = logsUrl({system: top.labels[elements[0].index], level: 'ERROR',
              from: levels.from, to: levels.to});
          }
        }
      }
    });

    var inputs = data('inputsData');
    var inputsChart = new Chart(document.getElementById('inputsChart'), {
      type: 'line',
      data: {
        labels: timeLabels(inputs),
        datasets: inputs.datasets.map(function (set, i) {
          return {label: set.label, data: set.data, borderColor: OTHER_COLOURS[i % OTHER_COLOURS.length], pointRadius: 2};
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, scales: {y: {beginAtZero: true}},
        onClick: function (event, elements) {
          if (elements.length) {
            var range = bucketRange(inputs, elements[0].index);
            window.location.href = logsUrl({from: range.from, to: range.to});
          }
        }
      }
    });
    window.psCharts = {levels: levelsChart, top: topChart, inputs: inputsChart};
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
