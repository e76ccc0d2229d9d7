/**
 * Picks how the UI reaches the engine: the preload bridge inside Electron, or HTTP + Server-Sent
 * Events against `multiopen serve` in a plain browser (token from the page's `?token=`, then kept in
 * sessionStorage so it leaves the address bar and history).
 */
import {
  EVENTS,
  fail,
  isOutcome,
  PRELOAD_GLOBAL,
  type Channel,
  type EventMap,
  type EventName,
  type MultiopenApi,
  type RequestOf,
  type ResponseOf,
} from '../../electron/shared/contract';
import { TOKEN_HEADER } from '../../core/policy';

/** An HTTP transport to the browser-mode server at `base` (e.g. "http://127.0.0.1:5173"). */
export function createHttpApi(base: string, token: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): MultiopenApi {
  const listeners = new Map<EventName, Set<(p: never) => void>>();
  let source: EventSource | null = null;

  const ensureEvents = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    for (const name of EVENTS) {
      source.addEventListener(name, (ev) => {
        let payload: unknown;
        try {
          payload = JSON.parse((ev as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(name) ?? []) (l as (p: unknown) => void)(payload);
      });
    }
  };

  return {
    async invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      try {
        const res = await fetchImpl(`${base}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(payload ?? {}),
        });
        const body: unknown = await res.json().catch(() => null);
        if (isOutcome(body)) return body as ResponseOf<C>;
        return fail(res.status === 401 ? 'ACCESS_DENIED' : 'OS_ERROR', `server answered ${res.status}`) as ResponseOf<C>;
      } catch (err) {
        return fail('OS_ERROR', `cannot reach the Multiopen server: ${err instanceof Error ? err.message : String(err)}`) as ResponseOf<C>;
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      ensureEvents();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: never) => void);
    },
  };
}

/** Where the page keeps the server's token once it has left the URL (per tab, gone with the tab). */
const TOKEN_KEY = 'multiopen.token';

type PageWindow = Pick<Window, 'location'> & Partial<Pick<Window, 'history' | 'sessionStorage'>>;

function storageOf(win: PageWindow): Storage | null {
  try {
    return win.sessionStorage ?? null;
  } catch {
    return null; // storage disabled by the browser's settings
  }
}

/**
 * The server's token: taken from `?token=` and moved out of the address bar (a URL with the token ends
 * up in history, bookmarks and screenshots) into sessionStorage, or read from there after a reload.
 */
export function takeToken(win: PageWindow): string | null {
  const storage = storageOf(win);
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (!fromUrl) {
    try {
      return storage?.getItem(TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  }
  try {
    storage?.setItem(TOKEN_KEY, fromUrl);
  } catch {
    // Quota or privacy mode: the token then lives for this page only.
  }
  url.searchParams.delete('token');
  win.history?.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return fromUrl;
}

/** The transport for this page: preload's bridge when present, else HTTP with the server's token; null when neither. */
export function pickApi(win: PageWindow & { [PRELOAD_GLOBAL]?: MultiopenApi }): MultiopenApi | null {
  const bridged = win[PRELOAD_GLOBAL];
  if (bridged) return bridged;
  if (!win.location.protocol.startsWith('http')) return null;
  const token = takeToken(win);
  if (!token) return null;
  return createHttpApi(win.location.origin, token);
}
