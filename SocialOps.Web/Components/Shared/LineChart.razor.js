let loading;

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

const formatters = {
  integer: (v) => (v == null ? '' : Math.round(v).toLocaleString()),
};

export async function create(element, height, dark, series) {
  await ensureApexCharts();
  const chart = new window.ApexCharts(element, {
    chart: {
      type: 'area',
      height,
      background: 'transparent',
      toolbar: { show: false },
      zoom: { enabled: false },
      animations: { enabled: false },
      injectStyleSheet: false,
    },
    theme: { mode: dark ? 'dark' : 'light' },
    dataLabels: { enabled: false },
    stroke: { curve: 'smooth', width: 2 },
    fill: { type: 'gradient', gradient: { opacityFrom: 0.35, opacityTo: 0.05 } },
    xaxis: { type: 'datetime', labels: { datetimeUTC: true } },
    yaxis: { labels: { formatter: formatters.integer } },
    tooltip: { x: { format: 'ddd d MMM yyyy' } },
    series,
  });
  await chart.render();
  return {
    updateSeries: (next) => chart.updateSeries(next, false),
    setDark: (isDark) => chart.updateOptions({ theme: { mode: isDark ? 'dark' : 'light' } }, false, false),
    destroy: () => chart.destroy(),
  };
}
