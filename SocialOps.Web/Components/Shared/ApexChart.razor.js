let loading;
const charts = new Map();

function ensureApexCharts() {
  if (window.ApexCharts) {
    return Promise.resolve();
  }
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'lib/apexcharts/apexcharts.min.js';
    script.onload = resolve;
    script.onerror = () => reject(new Error('apexcharts could not be loaded'));
    document.head.appendChild(script);
  });
  return loading;
}

// Named formatters: options never carry code (no eval under the Content-Security-Policy).
const formatters = {
  integer: (v) => (v == null ? '' : Math.round(v).toLocaleString()),
  percent: (v) => (v == null ? '' : (v * 100).toFixed(1) + '%'),
  decimal: (v) => (v == null ? '' : Number(v).toFixed(2)),
};

function seriesFor(kind, labels, series) {
  if (kind === 'donut') {
    return (series[0]?.data ?? []).map((v) => v ?? 0);
  }
  if (kind === 'heatmap') {
    // The first series draws at the bottom: reverse so the first row reads at the top.
    return [...series].reverse().map((s) => ({ name: s.name, data: labels.map((x, i) => ({ x, y: s.data[i] ?? 0 })) }));
  }
  return series;
}

function options(spec) {
  const format = formatters[spec.format] ?? formatters.integer;
  const o = {
    chart: {
      type: spec.kind,
      height: spec.height,
      background: 'transparent',
      toolbar: { show: false },
      zoom: { enabled: false },
      animations: { enabled: spec.interactive, dynamicAnimation: { speed: 250 } },
      injectStyleSheet: false,
      fontFamily: 'inherit',
    },
    theme: { mode: spec.dark ? 'dark' : 'light' },
    dataLabels: { enabled: spec.kind === 'donut' },
    tooltip: { enabled: spec.interactive, y: { formatter: format } },
    series: seriesFor(spec.kind, spec.labels, spec.series),
    legend: { position: 'bottom' },
  };
  if (spec.colors) {
    o.colors = spec.colors;
  }
  if (spec.kind === 'donut') {
    o.labels = spec.labels;
  } else if (spec.kind === 'heatmap') {
    o.plotOptions = { heatmap: { shadeIntensity: 0.6, radius: 2 } };
    o.colors = spec.colors ?? ['#1e88e5'];
    o.dataLabels = { enabled: false };
  } else {
    o.xaxis = { categories: spec.labels, tickAmount: Math.min(spec.labels.length, 10), labels: { rotate: 0, hideOverlappingLabels: true } };
    o.yaxis = { labels: { formatter: format } };
    o.stroke = { curve: 'smooth', width: spec.kind === 'bar' ? 0 : 2 };
    if (spec.kind === 'area') {
      o.fill = { type: 'gradient', gradient: { opacityFrom: 0.35, opacityTo: 0.05 } };
    }
  }
  return o;
}

export async function create(element, id, spec) {
  await ensureApexCharts();
  const chart = new window.ApexCharts(element, options(spec));
  charts.set(id, { chart, spec });
  await chart.render();
}

export function update(id, labels, series) {
  const entry = charts.get(id);
  if (!entry) {
    return;
  }
  const sameLabels = JSON.stringify(labels) === JSON.stringify(entry.spec.labels);
  entry.spec = { ...entry.spec, labels, series };
  if (sameLabels && entry.spec.kind !== 'heatmap') {
    entry.chart.updateSeries(seriesFor(entry.spec.kind, labels, series), false);
  } else {
    const next = entry.spec.kind === 'donut' ? { labels } : entry.spec.kind === 'heatmap' ? {} : { xaxis: { categories: labels } };
    next.series = seriesFor(entry.spec.kind, labels, series);
    entry.chart.updateOptions(next, false, false);
  }
}

export function setDark(id, dark) {
  charts.get(id)?.chart.updateOptions({ theme: { mode: dark ? 'dark' : 'light' } }, false, false);
}

export function destroy(id) {
  charts.get(id)?.chart.destroy();
  charts.delete(id);
}
