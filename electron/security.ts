/**
 * The window's security settings in one place, so a test can assert them: isolated, sandboxed renderer without
 * Node, a strict CSP sent as a response header, no navigation, no new windows, no webviews, no permissions.
 * Takes Electron objects as parameters (types only), so it is testable with a mocked 'electron'.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { isSafeExternalUrl } from '../core/host/security';

/** `devTools`: only for a developer running from source; a packaged (production) build has none. */
export function secureWebPreferences(preloadPath: string, opts: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: opts.devTools,
  };
}

/**
 * The page never navigates (it is one React app) and never opens windows. Plain https links are handed to the
 * system browser; everything else (file:, javascript:, http:, custom schemes) is dropped.
 */
export function installNavigationGuards(wc: WebContents, openExternal: (url: string) => void): void {
  wc.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isSafeExternalUrl(url)) openExternal(url);
  });
  wc.on('will-redirect', (event) => {
    event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  wc.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** CSP as a response header for everything the session loads (the meta tag in index.html says the same). */
export function installCspHeader(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [csp];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
}

/** The app needs no camera, microphone, notifications, geolocation …: refuse every request and check. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
