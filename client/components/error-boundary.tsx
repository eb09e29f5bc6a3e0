import { Component, type ReactNode } from 'react'
import { ProblemMessage } from './problem-message.tsx'

/** Keeps one page's crash from blanking the whole app; the menu still works. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined }
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    if (this.state.error)
      return (
        <div className="page">
          <ProblemMessage error={this.state.error} onRetry={() => this.setState({ error: undefined })} />
        </div>
      )
    return this.props.children
  }
}
