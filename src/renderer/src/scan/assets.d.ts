/** Vite asset URL imports (`?url`): the emitted file's URL, same origin as the app. */
declare module '*?url' {
  const url: string
  export default url
}
