// Loaded with --import into a CLI process: appends the URL of every module the process loads to
// the file named by RT_TRACE_FILE (test/lazy-loading.test.ts reads it).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
const file = process.env.RT_TRACE_FILE;
export async function load(url, context, next) {
  if (file) appendFileSync(file, url + '\\n');
  return next(url, context);
}`)}`,
);

// CommonJS loaded through require() (createRequire included), which the hook above does not see.
const file = process.env.RT_TRACE_FILE;
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (file && !request.startsWith('node:')) {
    try {
      appendFileSync(file, `${pathToFileURL(Module._resolveFilename(request, parent, isMain)).href}\n`);
    } catch {
      // not resolvable here: the load below reports it
    }
  }
  return load.apply(this, arguments);
};
