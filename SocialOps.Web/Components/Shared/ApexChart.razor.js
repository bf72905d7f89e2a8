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

// Four colour buckets from nothing to the highest value, named in the chart's format: the legend says what a shade means.
function heatmapPlot(spec, format) {
  const max = Math.max(0, ...spec.series.flatMap((s) => s.data.map((v) => v ?? 0)));
  const shades = ['#e3f2fd', '#90caf9', '#42a5f5', '#1565c0'];
  const step = max > 0 ? max / shades.length : 1;
  const ranges = shades.map((color, i) => ({
    from: i === 0 ? -1 : step * i,
    to: i === shades.length - 1 ? Math.max(max, step * shades.length) + 1 : step * (i + 1),
    color,
    name: i === 0 ? `under ${format(step)}` : i === shades.length - 1 ? `${format(step * i)} and more` : `${format(step * i)}–${format(step * (i + 1))}`,
  }));
  return { heatmap: { radius: 2, enableShades: false, colorScale: { ranges } } };
}

function options(spec, element) {
  const narrow = (element?.clientWidth ?? 1000) < 500;
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
    o.plotOptions = heatmapPlot(spec, format);
    o.legend = { show: true, position: 'bottom' };
    o.colors = spec.colors ?? ['#1e88e5'];
    o.dataLabels = { enabled: false };
  } else if (spec.kind === 'bar' && spec.horizontal) {
    // Categories run down the side, values along the bottom: the value axis formats its labels (ApexCharts swaps them).
    o.plotOptions = { bar: { horizontal: true, barHeight: '60%' } };
    o.xaxis = { categories: spec.labels, tickAmount: 4, labels: { formatter: format, hideOverlappingLabels: true } };
    o.yaxis = { labels: { maxWidth: 120 } };
    o.stroke = { width: 0 };
  } else {
    // On a narrow chart fewer ticks, so day labels keep their room.
    o.xaxis = { categories: spec.labels, tickAmount: Math.min(spec.labels.length, narrow ? 4 : 10), labels: { rotate: 0, hideOverlappingLabels: true } };
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
  const chart = new window.ApexCharts(element, options(spec, element));
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
    const format = formatters[entry.spec.format] ?? formatters.integer;
    const next = entry.spec.kind === 'donut' ? { labels } : entry.spec.kind === 'heatmap' ? { plotOptions: heatmapPlot(entry.spec, format) } : { xaxis: { categories: labels } };
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
