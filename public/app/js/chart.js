// Chart.js (public/vendor/chartjs, a Debian package) loaded on demand: the first screen never
// waits for its 200 kB. loadChart() → the Chart constructor.

let loading = null;

export function loadChart() {
    if (window.Chart) return Promise.resolve(window.Chart);
    if (!loading) {
        loading = new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = '/vendor/chartjs/chart.min.js';
            script.onload = () => resolve(window.Chart);
            script.onerror = () => { loading = null; reject(new Error('chart.js could not be loaded')); };
            document.head.append(script);
        });
    }
    return loading;
}

/** The brand's colours for charts: plum for now, a warm grey for before. */
export const CHART_COLORS = { current: '#5b2a4a', previous: '#c9b8ae' };
