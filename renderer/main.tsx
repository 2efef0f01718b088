import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parsePrintRoute } from '../core/pdf/print-route';
import { App } from './App';
import { PrintView } from './views/PreviewView';
import './styles/base.css';
import './styles/layout.css';
import './styles/start.css';
import './styles/grid.css';
import './styles/panels.css';
import './styles/writing.css';
import 'prosemirror-view/style/prosemirror.css';
import './styles/figures.css';
import './styles/preview.css';
import './styles/tools.css';
import './styles/history.css';

performance.mark('qar-boot');
const root = document.getElementById('root');
// #print?year=Y&layout=L: only the paged preview, for printing to PDF (core/pdf/chromium.ts, electron/pdf-print.ts)
const print = parsePrintRoute(location.hash);
if (root) {
  createRoot(root).render(
    <StrictMode>{print ? <PrintView year={print.year} layout={print.layout} /> : <App />}</StrictMode>,
  );
}
