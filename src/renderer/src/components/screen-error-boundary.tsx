import { Component, type ErrorInfo, type ReactNode } from 'react'
import { strings } from '../strings'

interface State {
  error: Error | null
  /** Bumped by Reload so the screen mounts afresh (its stores keep their data). */
  attempt: number
}

/**
 * Catches a render error in one screen so the sidebar and status bar stay usable. "Reload" remounts
 * the screen rather than reloading the page: in browser mode the session token lives only in memory,
 * and a page reload would lose it.
 */
export class ScreenErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, attempt: 0 }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('[ui] a screen failed to render', error, info.componentStack)
  }

  private readonly reload = () => this.setState((state) => ({ error: null, attempt: state.attempt + 1 }))

  override render() {
    const { error, attempt } = this.state
    if (!error)
      return (
        <div key={attempt} className="screen-host">
          {this.props.children}
        </div>
      )
    return (
      <section className="screen-error" role="alert" aria-labelledby="screen-error-title">
        <h1 id="screen-error-title">{strings.errorBoundary.title}</h1>
        <p>{strings.errorBoundary.body}</p>
        <details>
          <summary>{strings.errorBoundary.detail}</summary>
          <pre>{error.message}</pre>
        </details>
        <button type="button" className="button button--primary" onClick={this.reload}>
          {strings.errorBoundary.reload}
        </button>
      </section>
    )
  }
}
