// The bare HTTP calls the floors are made of: fetch, JSON, and nothing else.

export function bareApi(url) {
  const api = `${url}/api`;
  async function call(path, init = {}) {
    const response = await fetch(`${api}${path}`, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} -> ${response.status}`);
    return text === '' ? undefined : JSON.parse(text);
  }
  /** The plan's public reads and the admin's login, as the CLI makes them; returns the JWT. */
  async function openAsAdmin(password) {
    await Promise.all([call('/settings/public'), call('/users/admin/check')]);
    const { jwt } = await call('/auth', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    return jwt;
  }
  return { call, openAsAdmin };
}
