/** A host context for API tests: records events, answers dialogs from queues, keeps recent files in memory. */
import type { ApiEvent, ApiEventPayload, RecentFile } from '../core/api';
import type { ApiHostContext } from '../core/api/context';
import { createPathPolicy } from '../core/api/path-policy';
import { addRecent } from '../core/host/recent';

export interface FakeCtx extends ApiHostContext {
  events: { event: ApiEvent; payload: unknown }[];
  saves: string[];
}

export function fakeCtx(overrides: Partial<ApiHostContext> = {}): FakeCtx {
  let recent: RecentFile[] = [];
  const events: FakeCtx['events'] = [];
  const saves: string[] = [];
  return {
    host: 'browser',
    version: '9.9.9',
    platform: 'linux',
    recent: {
      list: () => recent,
      add: (path: string, name: string) => {
        recent = addRecent(recent, { path, name, openedAt: new Date().toISOString() });
      },
    },
    // shape checks only: these tests exercise the handlers; tests/security.test.ts tests the policies
    paths: createPathPolicy({ mode: 'any' }),
    emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) {
      events.push({ event, payload });
    },
    pickOpen: async () => null,
    pickSave: async () => saves.shift() ?? null,
    events,
    saves,
    ...overrides,
  };
}
