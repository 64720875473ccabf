import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { enableOffline } from './lib/offline.ts';
import { initStudio } from './state/documents.ts';
import { warmWorkers } from './state/run.ts';
import { App } from './ui/App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
initStudio();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// After the first paint, when the page is idle: offline support (production builds) and warm workers.
const idle = (fn: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 1500));
idle(() => {
  const ready = import.meta.env.PROD ? enableOffline(warmWorkers) : warmWorkers().then(() => false);
  void ready.then((offline) => {
    document.documentElement.dataset.offlineReady = String(offline);
  });
});
