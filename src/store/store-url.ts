// A server URL as it may be shown: logs, errors and readiness checks name the database or Redis server
// without the password the URL carries (postgres://user:secret@host/db → postgres://user:***@host/db).

/** `url` with its password (and any `password` query parameter) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    // Not parseable: show nothing of it rather than risk a secret.
    return '(unparseable URL)';
  }
}

/** `text` with every occurrence of the URL's password removed (driver messages that echo a connection string). */
export function scrubPassword(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  return password ? text.split(password).join('***') : text;
}
