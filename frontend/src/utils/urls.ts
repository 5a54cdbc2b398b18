/**
 * The in-app path ("/sandbox/onboard/acct_1?x=1") of a URL the API sent, when this app serves it:
 * same origin, or a sandbox page (the sandbox gateway builds those from the backend's public
 * URL, which in development is the API's port, not the dev server's). Null: leave the app.
 */
export function inAppPath(url: string, origin: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url, origin)
  } catch {
    return null
  }
  if (parsed.origin !== origin && !parsed.pathname.startsWith('/sandbox/')) return null
  return `${parsed.pathname}${parsed.search}`
}
