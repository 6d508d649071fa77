import './styles.css';
import { getJson } from './api-client';
import type { Health } from './api-types';
import { h, replaceChildren } from './dom';
import { parseRoute } from './hash-route';
import { mountCompare } from './compare-view';
import { mountList } from './list-view';
import { mountTrace } from './trace-view';

const app = document.getElementById('app')!;
const main = h('main', { id: 'main' });
const liveToggle = h('input', { type: 'checkbox', id: 'live-toggle', checked: '' });
const source = h('span', { class: 'muted source', 'data-testid': 'db-path' });
replaceChildren(
  app,
  h(
    'header',
    { class: 'top' },
    h('a', { href: '#/traces', class: 'brand' }, 'Clearstone'),
    h('span', { class: 'subtitle' }, 'trace viewer'),
    source,
    h('label', { class: 'live', for: 'live-toggle' }, liveToggle, ' Live'),
  ),
  main,
);

const live = (): boolean => liveToggle.checked && document.visibilityState === 'visible';
let current: { dispose(): void; select?(spanId: string | undefined): void } | undefined;
let currentTraceId: string | undefined;

function onRoute(): void {
  const route = parseRoute(location.hash);
  if (route.view === 'trace' && route.traceId === currentTraceId && current?.select) {
    current.select(route.spanId);
    return;
  }
  current?.dispose();
  if (route.view === 'compare') {
    currentTraceId = undefined;
    current = mountCompare(main, route.left, route.right);
    document.title = `Compare ${route.left.slice(0, 8)} · ${route.right.slice(0, 8)} · Clearstone`;
  } else if (route.view === 'trace') {
    currentTraceId = route.traceId;
    current = mountTrace(main, route.traceId, route.spanId, live);
    document.title = `Trace ${route.traceId.slice(0, 8)} · Clearstone`;
  } else {
    currentTraceId = undefined;
    current = mountList(main, route.filters, live);
    document.title = 'Traces · Clearstone';
  }
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', onRoute);
onRoute();
getJson<Health>('/api/health').then(
  (health) => {
    source.textContent = health.dbPath;
  },
  () => undefined,
);
