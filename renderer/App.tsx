/**
 * The window: the start page when nothing is open, else the workspace frame (top bar with views and save
 * status, the current view, and the side panel with findings or a cell's history).
 */
import { useEffect } from 'react';
import { AboutDialog } from './components/AboutDialog';
import { Banner } from './components/Banner';
import { Notice } from './components/Notice';
import { TopBar } from './components/TopBar';
import { XlsxImportDialog } from './components/XlsxImportDialog';
import { useApp } from './store/app';
import { flushAllSaves } from './store/autosave';
import { backend } from './store/backend';
import { noteHistoryKey, runMenuCommand } from './store/menu';
import { MENU_COMMANDS, type MenuCommand } from './store/menu-map';
import { useReview } from './store/review';
import { DataEntryView } from './views/DataView';
import { HelpView } from './views/HelpView';
import { PreviewView } from './views/PreviewView';
import { ProfileView } from './views/ProfileView';
import { ReviewWorkspace } from './views/review/ReviewWorkspace';
import { SidePanel } from './views/SidePanel';
import { StartPage } from './views/StartPage';
import { WritingView } from './views/WritingView';

const isMenuCommand = (c: string): c is MenuCommand => (MENU_COMMANDS as readonly string[]).includes(c);

export function App() {
  const session = useApp((s) => s.session);
  const view = useApp((s) => s.view);
  const side = useApp((s) => s.side);
  const reviewing = useReview((s) => s.active);
  const helpOpen = useApp((s) => s.help !== null);

  useEffect(() => {
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
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    const onVis = () => document.visibilityState === 'hidden' && flush();
    document.addEventListener('visibilitychange', onVis);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', flush);
      document.removeEventListener('visibilitychange', onVis);
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
        <Notice />
      </>
    );
  }
  const showSide = !helpOpen && side !== null && (view === 'data' || view === 'writing');
  return (
    <div className="frame">
      <TopBar />
      <Banner />
      <div className={showSide ? 'body with-side' : 'body'}>
        <main className="main" data-view={helpOpen ? 'help' : view}>
          {helpOpen && <HelpView />}
          {!helpOpen && view === 'profile' && <ProfileView />}
          {!helpOpen && view === 'data' && <DataEntryView />}
          {!helpOpen && view === 'writing' && <WritingView />}
          {!helpOpen && view === 'preview' && <PreviewView />}
        </main>
        {showSide && <SidePanel />}
      </div>
      <XlsxImportDialog />
      <AboutDialog />
      <Notice />
    </div>
  );
}
