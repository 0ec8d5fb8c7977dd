// Preloaded into a CLI run (NODE_OPTIONS=--require): deletes the file named by
// AWAITWISE_TEST_VANISH as soon as a listing of its folder returns, so the run lists the file
// and finds it gone when it reads it, as when another process deletes it mid-run.
const fs = require('node:fs');
const { dirname, resolve } = require('node:path');

const target = resolve(process.env.AWAITWISE_TEST_VANISH);
const readdir = fs.promises.readdir;
fs.promises.readdir = async function (dir, ...rest) {
  const entries = await readdir.call(this, dir, ...rest);
  if (resolve(String(dir)) === dirname(target)) fs.rmSync(target, { force: true });
  return entries;
};
