// `npm run web [-- --port N --data-dir DIR --no-open]`: builds the renderer and the web server, then
// starts the app for a browser. The server prints the full URL (with its access token) when ready.
import { spawn, spawnSync } from 'node:child_process'

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

if (process.env.AB_SKIP_BUILD !== '1') {
  run('npx', ['--no-install', 'electron-vite', 'build', '--logLevel', 'warn'])
  run(process.execPath, ['scripts/build-web-server.mjs'])
}
const child = spawn(process.execPath, ['out/web/server.cjs', ...process.argv.slice(2)], { stdio: 'inherit' })
// Forward Ctrl+C / SIGTERM so the server closes the database cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
