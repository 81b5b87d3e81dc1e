/**
 * Sandboxed preload (CJS, one file; its only require is `electron`, asserted by
 * test/build/preload-bundle.test.ts). It exposes exactly one global to the page: `window.api`.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

contextBridge.exposeInMainWorld('api', createBridge(ipcRenderer))
