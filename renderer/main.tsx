import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/layout.css';
import './styles/start.css';
import './styles/grid.css';
import './styles/panels.css';
import './styles/writing.css';
import './styles/preview.css';
import './styles/tools.css';
import './styles/history.css';

performance.mark('qar-boot');
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
