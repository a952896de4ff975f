// Loaded with --import into a CLI process: appends the URL of every module the process loads to
// the file named by RT_TRACE_FILE (test/lazy-loading.test.ts reads it).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
const file = process.env.RT_TRACE_FILE;
export async function load(url, context, next) {
  if (file) appendFileSync(file, url + '\\n');
  return next(url, context);
}`)}`,
);
