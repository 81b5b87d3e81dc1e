import { AppFailure } from '../app-error'

/** Placeholder while a channel's handler is being built (issue 7); never shipped in a closed issue. */
export const notBuiltYet = (channel: string) => async (): Promise<never> => {
  throw new AppFailure('internal', `${channel} is not built yet.`)
}
