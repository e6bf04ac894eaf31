/**
 * The API key every call carries. Staff pages keep the key someone signed in with in
 * localStorage (the service's own origin only); the widget gets its public key from its frame's
 * URL (`widget.js` passes `data-key` on) and never stores it.
 */
const STORAGE = 'kefu.apiKey';
export const UNAUTHENTICATED_EVENT = 'kefu:unauthenticated';

let pageKey: string | null = null;
let persisted = true;

/** The widget: the public key from the frame URL, kept in memory only. */
export function takeKeyFromUrl(param = 'key') {
  pageKey = new URLSearchParams(location.search).get(param);
  persisted = false;
}

export function apiKey(): string | null {
  if (pageKey) return pageKey;
  try {
    return persisted ? localStorage.getItem(STORAGE) : null;
  } catch {
    return null;
  }
}

export function saveApiKey(key: string) {
  localStorage.setItem(STORAGE, key.trim());
}

export function forgetApiKey() {
  if (persisted) localStorage.removeItem(STORAGE);
}

/** Headers for fetch and XHR. Secret keys never go in a URL (the service refuses them there). */
export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** A 401 anywhere sends a staff page back to its sign-in form. */
export function reportUnauthenticated() {
  if (persisted) window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
}
