/**
 * The window: the start page when nothing is open, else the workspace frame (top bar with views and save
 * status, the current view, and the side panel with findings or a cell's history).
 */
import { useEffect } from 'react';
import { Banner } from './components/Banner';
import { Notice } from './components/Notice';
import { TopBar } from './components/TopBar';
import { XlsxImportDialog } from './components/XlsxImportDialog';
import { useApp } from './store/app';
import { flushAllSaves } from './store/autosave';
import { backend } from './store/backend';
import { useReview } from './store/review';
import { DataEntryView } from './views/DataView';
import { PreviewView } from './views/PreviewView';
import { ProfileView } from './views/ProfileView';
import { ReviewWorkspace } from './views/review/ReviewWorkspace';
import { SidePanel } from './views/SidePanel';
import { StartPage } from './views/StartPage';
import { WritingView } from './views/WritingView';

export function App() {
  const session = useApp((s) => s.session);
  const view = useApp((s) => s.view);
  const side = useApp((s) => s.side);
  const reviewing = useReview((s) => s.active);

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
    const offMenu = backend.onMenu((command) => {
      const st = useApp.getState();
      if (command === 'export-docx' && st.session) st.setView('preview');
      else if ((command === 'import-xlsx' || command === 'export-xlsx' || command === 'import-comments') && st.session)
        st.runFileCommand(command);
      else if (command === 'new' || command === 'open-demo') {
        flushAllSaves();
        if (st.session) void st.leave();
      }
    });
    return () => {
      offWs();
      offMenu();
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
        {reviewing ? <ReviewWorkspace /> : <StartPage />}
        <Notice />
      </>
    );
  }
  const showSide = side !== null && (view === 'data' || view === 'writing');
  return (
    <div className="frame">
      <TopBar />
      <Banner />
      <div className={showSide ? 'body with-side' : 'body'}>
        <main className="main" data-view={view}>
          {view === 'profile' && <ProfileView />}
          {view === 'data' && <DataEntryView />}
          {view === 'writing' && <WritingView />}
          {view === 'preview' && <PreviewView />}
        </main>
        {showSide && <SidePanel />}
      </div>
      <XlsxImportDialog />
      <Notice />
    </div>
  );
}
