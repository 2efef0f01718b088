/**
 * The window: the start page when nothing is open, else the workspace frame (top bar with views and save
 * status, the current view, and the side panel with findings or a cell's history).
 */
import { type CSSProperties, useEffect, useState } from 'react';
import { AboutDialog } from './components/AboutDialog';
import { Banner } from './components/Banner';
import { EditionBanner, EditionLayer } from './components/editions/EditionLayer';
import { FileNotice } from './components/FileNotice';
import { FindBar } from './components/FindBar';
import { FigurePicker } from './components/figures/FigurePicker';
import { RecognizeDialog } from './components/figures/RecognizeDialog';
import { NotApplicableDialog } from './components/NotApplicableDialog';
import { Notice } from './components/Notice';
import { PasteDialogs } from './components/PasteDialogs';
import { PhotoProgress } from './components/PhotoProgress';
import { RestoreNotice } from './components/RestoreNotice';
import { TopBar } from './components/TopBar';
import { XlsxImportDialog } from './components/XlsxImportDialog';
import { clampSide, loadPrefs, nextZoom, savePrefs } from './lib/layout-prefs';
import { cyclePane } from './lib/panes';
import { useApp } from './store/app';
import { flushAllSaves } from './store/autosave';
import { backend } from './store/backend';
import { openFind, useFind } from './store/find';
import { isTextField, noteHistoryKey, runMenuCommand } from './store/menu';
import { MENU_COMMANDS, type MenuCommand } from './store/menu-map';
import { useReview } from './store/review';
import { outbox } from './store/saves';
import { DataEntryView } from './views/DataView';
import { HelpView } from './views/HelpView';
import { HistoryDialog } from './views/HistoryDialog';
import { PreviewView } from './views/PreviewView';
import { ProfileView } from './views/ProfileView';
import { ReviewWorkspace } from './views/review/ReviewWorkspace';
import { SidePanel } from './views/SidePanel';
import { StartPage } from './views/StartPage';
import { WritingView } from './views/WritingView';

const ZOOM_KEYS: Record<string, -1 | 0 | 1> = { '=': 1, '+': 1, '-': -1, _: -1, '0': 0 };

/** The browser host's page zoom (CSS zoom on the root); the desktop app uses Electron's own zoom. */
function applyZoom(zoom: number, say: boolean): void {
  document.documentElement.style.zoom = zoom === 1 ? '' : String(zoom);
  savePrefs({ zoom });
  if (say) useApp.getState().notify('info', `缩放 ${Math.round(zoom * 100)}%（Ctrl 0 恢复）`);
}

const isMenuCommand = (c: string): c is MenuCommand => (MENU_COMMANDS as readonly string[]).includes(c);

export function App() {
  const session = useApp((s) => s.session);
  const view = useApp((s) => s.view);
  const side = useApp((s) => s.side);
  const reviewing = useReview((s) => s.active);
  const helpOpen = useApp((s) => s.help !== null);
  const findOpen = useFind((s) => s.open);
  const [sideWidth, setSideWidth] = useState(() => clampSide(loadPrefs().sideWidth, window.innerWidth));
  const resizeSide = (w: number) => {
    const next = clampSide(w, window.innerWidth);
    setSideWidth(next);
    savePrefs({ sideWidth: next });
  };
  useEffect(() => {
    // a narrower window keeps room for the main pane
    const fit = () => setSideWidth((w) => clampSide(w, window.innerWidth));
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);

  useEffect(() => {
    if (!backend.native) applyZoom(loadPrefs().zoom, false);
    void useApp.getState().boot();
    // the main process opened or closed a workspace (menu 打开, a second instance, a file association)
    const offWs = backend.onWorkspaceChanged((open) => {
      flushAllSaves();
      const st = useApp.getState();
      if (open)
        void st.enter(() => backend.current().then((s) => s ?? Promise.reject(new Error('工作区未打开'))), '正在打开…');
      else useApp.setState({ session: null });
    });
    // every menu item the page owns (store/menu-map.ts says what each means in the current state)
    const offMenu = backend.onMenu((command) => {
      if (isMenuCommand(command)) runMenuCommand(command);
    });
    // remember Ctrl+Z / Ctrl+Y strokes the page saw, so the same stroke arriving again as a menu event is not redone
    window.addEventListener('keydown', noteHistoryKey, true);
    return () => {
      offWs();
      offMenu();
      window.removeEventListener('keydown', noteHistoryKey, true);
    };
  }, []);

  useEffect(() => {
    // never lose typing: pending text edits are written when the page is hidden or closed
    const flush = () => flushAllSaves();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      flushAllSaves();
      // the browser host asks before leaving unsaved work (the desktop app asks in electron/close-guard.ts,
      // where a held beforeunload would only block the window); the journal keeps the work either way
      if (!backend.native && outbox.state().pending > 0) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', beforeUnload);
    const onVis = () => document.visibilityState === 'hidden' && flush();
    document.addEventListener('visibilitychange', onVis);
    // the browser host over HTTP: say 离线, and try the queued saves as soon as the network is back
    const online = () => {
      useApp.setState({ offline: false });
      outbox.retryNow();
    };
    const offline = () => useApp.setState({ offline: true });
    if (!backend.native) {
      useApp.setState({ offline: navigator.onLine === false });
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
    }
    // the desktop window is closing: save what is pending, then say what is still not in the file
    const offClose = backend.onCloseRequested(async (requestId) => {
      flushAllSaves();
      await outbox.whenIdle(2500);
      const pending = outbox.state().pending;
      await backend.closeReply(requestId, pending, pending > 0 ? outbox.pendingLabels() : []).catch(() => {});
    });
    // Ctrl+Z / Ctrl+Y: the workspace's one history, unless a text field has the focus (it keeps its own undo)
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F6' && !e.ctrlKey && !e.metaKey && !e.altKey && !document.querySelector('.dialog-backdrop')) {
        e.preventDefault();
        return cyclePane(e.shiftKey);
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !backend.native && ZOOM_KEYS[e.key] !== undefined) {
        // the browser host zooms the page as the desktop app's 视图 menu does (Ctrl + / Ctrl − / Ctrl 0), remembered
        e.preventDefault();
        return applyZoom(nextZoom(loadPrefs().zoom, ZOOM_KEYS[e.key] ?? 0), true);
      }
      if (!(e.ctrlKey || e.metaKey) || e.altKey || !useApp.getState().session) return;
      const letter = e.key.toLowerCase();
      if ((letter === 'f' || letter === 'h') && !e.shiftKey && !document.querySelector('.dialog-backdrop')) {
        // 查找 / 替换 over the whole report, from any view and any field
        e.preventDefault();
        return openFind(letter === 'h');
      }
      if (isTextField(e.target instanceof Element ? e.target : null)) return;
      if (document.querySelector('.dialog-backdrop')) return; // a dialog is open: not behind its back
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        void useApp.getState().undo();
      } else if (k === 'y' || (k === 'z' && e.shiftKey)) {
        e.preventDefault();
        void useApp.getState().redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('visibilitychange', onVis);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      window.removeEventListener('keydown', onKey);
      offClose();
    };
  }, []);

  if (!session) {
    return (
      <>
        {helpOpen ? (
          <div className="help-frame">
            <HelpView />
          </div>
        ) : reviewing ? (
          <ReviewWorkspace />
        ) : (
          <StartPage />
        )}
        <AboutDialog />
        <EditionLayer />
        <Notice />
      </>
    );
  }
  const showSide = !helpOpen && side !== null && (view === 'data' || view === 'writing');
  return (
    <div className="frame">
      <TopBar />
      <Banner />
      <FileNotice />
      <EditionBanner />
      <div
        className={['body', showSide ? 'with-side' : '', findOpen ? 'find-open' : ''].filter(Boolean).join(' ')}
        style={{ '--side-w': `${sideWidth}px` } as CSSProperties}
      >
        <main className="main" data-view={helpOpen ? 'help' : view}>
          {helpOpen && <HelpView />}
          {!helpOpen && view === 'profile' && <ProfileView />}
          {!helpOpen && view === 'data' && <DataEntryView />}
          {!helpOpen && view === 'writing' && <WritingView />}
          {!helpOpen && view === 'preview' && <PreviewView />}
        </main>
        {showSide && <SidePanel width={sideWidth} onWidth={resizeSide} />}
        {!helpOpen && side === null && (view === 'data' || view === 'writing') && (
          <button
            type="button"
            className="side-open"
            onClick={() => useApp.getState().setSide('findings')}
            title="展开右侧面板（校验结果、修改记录、批注）"
            data-testid="side-open"
          >
            ‹ 面板
          </button>
        )}
        {findOpen && <FindBar />}
      </div>
      <XlsxImportDialog />
      <PasteDialogs />
      <PhotoProgress />
      <RestoreNotice />
      <NotApplicableDialog />
      <HistoryDialog />
      <FigurePicker />
      <RecognizeDialog />
      <AboutDialog />
      <EditionLayer />
      <Notice />
    </div>
  );
}
