// `npm start`: the desktop app on the embedded demo tenant. Needs the Electron binary, which build and
// CI machines cannot download; then it says so and points at browser mode.
import { existsSync, readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const pathFile = 'node_modules/electron/path.txt'
const binary = existsSync(pathFile) ? `node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}` : null
if (!binary || !existsSync(binary)) {
  console.error('The Electron binary is not installed on this machine (it could not be downloaded).')
  console.error('Run the same app in your browser instead:  npm run web')
  console.error('To get the desktop app, run `node node_modules/electron/install.js` on a machine with internet access.')
  process.exit(1)
}
const build = spawnSync('npx', ['--no-install', 'electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const result = spawnSync(binary, ['.'], { stdio: 'inherit' })
process.exit(result.status ?? 0)
