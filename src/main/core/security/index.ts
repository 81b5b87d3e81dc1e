// Electron-free security predicates: the shell asks these, the tests attack them.
export { APP_HOST, APP_ORIGIN, APP_SCHEME, isAppUrl } from './app-url'
export { isSafeExternalUrl, toSafeExternalUrl } from './external-url'
export { isCameraCheck, isCameraRequest, type MediaCheckDetails, type MediaRequestDetails } from './camera-permission'
export { resolveAppAsset } from './resolve-app-asset'
