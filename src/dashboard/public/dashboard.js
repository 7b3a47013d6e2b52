// The dashboard's only script: reads /stats/timeseries and draws it with Chart.js (served by the
// gateway from node_modules). Plain browser JavaScript, no build step, nothing inline, no eval.
(function () {
  'use strict';

  var RANGES = {
    '1h': { hours: 1, bucket: '5m', label: 'Last hour' },
    '24h': { hours: 24, bucket: '1h', label: 'Last 24 hours' },
    '7d': { hours: 168, bucket: '6h', label: 'Last 7 days' },
  };
  var DEFAULT_RANGE = '24h';
  var REFRESH_MS = 60000;

  var PLATFORM_COLORS = {
    whatsapp: '#2f9e44',
    userlike: '#1c7ed6',
    kindly: '#7048e8',
    kore: '#f76707',
    izer: '#0c8599',
  };
  var PRIORITY_COLORS = {
    critical: '#c92a2a',
    high: '#f76707',
    normal: '#3b5bdb',
    low: '#adb5bd',
  };
  var OUTBOUND_COLORS = {
    queued: '#adb5bd',
    sent: '#3b5bdb',
    delivered: '#2f9e44',
    read: '#0c8599',
    needs_template: '#f59f00',
    failed: '#c92a2a',
  };
  var SPARE_COLORS = ['#5c7cfa', '#20c997', '#fab005', '#e64980', '#15aabf', '#82c91e', '#be4bdb'];
  var PRIORITY_ORDER = ['critical', 'high', 'normal', 'low'];
  var OUTBOUND_ORDER = ['queued', 'sent', 'delivered', 'read', 'needs_template', 'failed'];

  var charts = {};
  var currentRange = null;
  var refreshTimer = null;

  function colorFor(palette, key, index) {
    return palette[key] || SPARE_COLORS[index % SPARE_COLORS.length];
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function setText(id, value) {
    byId(id).textContent = value === null || value === undefined ? '—' : String(value);
  }

  // Plain digits, so the numbers read the same as in the JSON.
  function formatCount(value) {
    return String(value);
  }

  function keysOf(records) {
    var keys = {};
    records.forEach(function (record) {
      Object.keys(record).forEach(function (key) {
        keys[key] = true;
      });
    });
    return Object.keys(keys).sort();
  }

  function ordered(keys, order) {
    return keys.slice().sort(function (a, b) {
      var ia = order.indexOf(a);
      var ib = order.indexOf(b);
      return (
        (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib) || a.localeCompare(b)
      );
    });
  }

  function bucketLabel(iso, rangeKey) {
    var date = new Date(iso);
    var time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    if (rangeKey === '7d') {
      return date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric' }) + ' ' + time;
    }
    return time;
  }

  // Sets `data-rendered` on each canvas once Chart.js drew it, and on <body> once all were drawn,
  // so a browser test knows when the page is complete.
  var renderedFlag = {
    id: 'renderedFlag',
    afterRender: function (chart) {
      chart.canvas.setAttribute('data-rendered', 'true');
      var canvases = document.querySelectorAll('canvas');
      var done = Array.prototype.every.call(canvases, function (canvas) {
        return canvas.getAttribute('data-rendered') === 'true';
      });
      if (done) {
        document.body.setAttribute('data-rendered', 'true');
      }
    },
  };

  function draw(id, config) {
    var existing = charts[id];
    if (existing) {
      existing.data = config.data;
      existing.options = config.options;
      existing.update('none');
      return;
    }
    config.plugins = [renderedFlag];
    charts[id] = new window.Chart(byId(id), config);
  }

  function baseOptions(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } } },
    };
    return Object.assign(options, extra || {});
  }

  function doughnut(id, counts, palette, order) {
    var keys = ordered(Object.keys(counts), order || []);
    var isEmpty = keys.length === 0;
    draw(id, {
      type: 'doughnut',
      data: {
        labels: isEmpty ? ['no data'] : keys,
        datasets: [
          {
            data: isEmpty
              ? [1]
              : keys.map(function (key) {
                  return counts[key];
                }),
            backgroundColor: isEmpty
              ? ['#e9ecef']
              : keys.map(function (key, index) {
                  return colorFor(palette, key, index);
                }),
            borderWidth: 1,
          },
        ],
      },
      options: baseOptions({
        cutout: '58%',
        interaction: { mode: 'nearest', intersect: true },
        plugins: {
          legend: { position: 'right', labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: { enabled: !isEmpty },
        },
      }),
    });
  }

  function render(data, rangeKey) {
    var totals = data.totals;
    var buckets = data.buckets;
    var labels = buckets.map(function (bucket) {
      return bucketLabel(bucket.start, rangeKey);
    });

    setText('total-messages', formatCount(totals.messages.total));
    setText('duplicate-messages', formatCount(totals.messages.duplicates));
    setText(
      'average-urgency',
      totals.analysis.average_urgency === null ? '—' : totals.analysis.average_urgency.toFixed(2),
    );
    setText('routing-succeeded', formatCount(totals.routing.succeeded));
    setText('routing-failed', formatCount(totals.routing.failed));
    setText('outbound-total', formatCount(totals.outbound.total));
    setText('failed-messages', formatCount(totals.failed));
    setText('dead-messages', formatCount(totals.dead));
    setText('window-label', RANGES[rangeKey].label);
    var generated = byId('generated-at');
    generated.setAttribute('datetime', data.generated_at);
    generated.textContent = new Date(data.generated_at).toLocaleString('en-GB');

    var platforms = keysOf(
      buckets.map(function (bucket) {
        return bucket.messages.by_platform;
      }),
    );
    draw('chart-volume', {
      type: 'bar',
      data: {
        labels: labels,
        datasets: platforms.map(function (platform, index) {
          return {
            label: platform,
            data: buckets.map(function (bucket) {
              return bucket.messages.by_platform[platform] || 0;
            }),
            backgroundColor: colorFor(PLATFORM_COLORS, platform, index),
            stack: 'messages',
          };
        }),
      },
      options: baseOptions({
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
      }),
    });

    doughnut('chart-priority', totals.analysis.by_priority, PRIORITY_COLORS, PRIORITY_ORDER);
    doughnut('chart-category', totals.analysis.by_category, {}, []);

    draw('chart-urgency', {
      type: 'line',
      data: {
        labels: labels,
        datasets: [
          {
            label: 'average urgency',
            data: buckets.map(function (bucket) {
              return bucket.analysis.average_urgency;
            }),
            borderColor: '#e8590c',
            backgroundColor: 'rgba(232, 89, 12, 0.12)',
            fill: true,
            spanGaps: true,
            tension: 0.25,
            pointRadius: 2,
          },
        ],
      },
      options: baseOptions({
        plugins: { legend: { display: false } },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true } },
          y: { min: 0, max: 10, ticks: { stepSize: 2 } },
        },
      }),
    });

    var agents = Object.keys(totals.routing.by_agent).sort();
    var outcome = function (name) {
      return agents.map(function (agent) {
        var stats = totals.routing.by_agent[agent];
        return name === 'skipped' ? stats.total - stats.succeeded - stats.failed : stats[name];
      });
    };
    draw('chart-routing', {
      type: 'bar',
      data: {
        labels: agents.length === 0 ? ['no attempts'] : agents,
        datasets: [
          {
            label: 'succeeded',
            data: outcome('succeeded'),
            backgroundColor: '#2f9e44',
            stack: 'a',
          },
          { label: 'failed', data: outcome('failed'), backgroundColor: '#c92a2a', stack: 'a' },
          {
            label: 'skipped (circuit open)',
            data: outcome('skipped'),
            backgroundColor: '#adb5bd',
            stack: 'a',
          },
        ],
      },
      options: baseOptions({
        indexAxis: 'y',
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true, grid: { display: false } },
        },
      }),
    });

    draw('chart-latency', {
      type: 'line',
      data: {
        labels: labels,
        datasets: [
          {
            label: 'p50',
            data: buckets.map(function (bucket) {
              return bucket.latency_ms.processing_p50;
            }),
            borderColor: '#3b5bdb',
            backgroundColor: '#3b5bdb',
            spanGaps: true,
            tension: 0.25,
            pointRadius: 2,
          },
          {
            label: 'p95',
            data: buckets.map(function (bucket) {
              return bucket.latency_ms.processing_p95;
            }),
            borderColor: '#e64980',
            backgroundColor: '#e64980',
            spanGaps: true,
            tension: 0.25,
            pointRadius: 2,
          },
        ],
      },
      options: baseOptions({
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true } },
          y: { beginAtZero: true, title: { display: true, text: 'ms' } },
        },
      }),
    });

    var statuses = ordered(Object.keys(totals.outbound.by_status), OUTBOUND_ORDER);
    draw('chart-outbound', {
      type: 'bar',
      data: {
        labels: statuses.length === 0 ? ['no messages'] : statuses,
        datasets: [
          {
            label: 'outbound messages',
            data: statuses.map(function (status) {
              return totals.outbound.by_status[status];
            }),
            backgroundColor: statuses.map(function (status, index) {
              return colorFor(OUTBOUND_COLORS, status, index);
            }),
          },
        ],
      },
      options: baseOptions({
        plugins: { legend: { display: false } },
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      }),
    });
  }

  function showError(message) {
    var element = byId('error');
    element.textContent = message;
    element.hidden = message === null;
  }

  function load(rangeKey) {
    var range = RANGES[rangeKey];
    var url = '/stats/timeseries?hours=' + range.hours + '&bucket=' + range.bucket;
    return fetch(url, { headers: { accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('/stats/timeseries answered HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (rangeKey !== currentRange) {
          return;
        }
        showError(null);
        render(data, rangeKey);
        document.body.setAttribute('data-loaded-range', rangeKey);
      })
      .catch(function (error) {
        showError('Could not load the numbers: ' + error.message);
      });
  }

  function select(rangeKey) {
    currentRange = rangeKey;
    document.body.setAttribute('data-range', rangeKey);
    document.querySelectorAll('.range button').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.range === rangeKey));
    });
    var url = new URL(window.location.href);
    url.searchParams.set('range', rangeKey);
    window.history.replaceState(null, '', url);
    clearInterval(refreshTimer);
    refreshTimer = setInterval(function () {
      load(currentRange);
    }, REFRESH_MS);
    return load(rangeKey);
  }

  function start() {
    if (!window.Chart) {
      showError('Chart.js did not load.');
      return;
    }
    window.Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
    window.Chart.defaults.color = '#495057';
    document.querySelectorAll('.range button').forEach(function (button) {
      button.addEventListener('click', function () {
        select(button.dataset.range);
      });
    });
    var requested = new URL(window.location.href).searchParams.get('range');
    select(Object.prototype.hasOwnProperty.call(RANGES, requested) ? requested : DEFAULT_RANGE);
  }

  start();
})();
