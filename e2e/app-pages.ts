import fs from 'node:fs';
import path from 'node:path';

const APP = path.resolve(import.meta.dirname, '..', 'app');

/**
 * Every page route of the app, read from the file tree (`app/**\/page.tsx`), as a pattern such as
 * `/o/[org]/ads/[adId]`: a new page is visited by the specs that use this list without editing them.
 * Route groups (`(auth)`) leave the URL; the TikTok sandbox mount is not an app page.
 */
export function appPageRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (segments.length === 0 && (entry.name === 'api' || entry.name === 'sandbox')) continue;
        walk(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (entry.name === 'page.tsx') {
        routes.push(`/${segments.join('/')}`);
      }
    }
  };
  walk(APP, []);
  return routes.sort();
}

/** The route with each `[param]` replaced; a parameter without a value is an error naming it. */
export function fillRoute(route: string, values: Record<string, string>): string {
  return route.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route}: no sample value for [${name}] — add one to the spec`);
    return encodeURIComponent(value);
  });
}
