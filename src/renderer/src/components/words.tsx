import { Fragment } from 'react'

/**
 * Text that may wrap between its words but never inside one: a browser breaks after a hyphen, so at 1024
 * "Hand-over report" read "Hand-/over/report" in a squeezed button. Each word keeps one line (styles.css).
 */
export function Words({ text }: { text: string }) {
  return (
    <>
      {text.split(' ').map((word, index) => (
        <Fragment key={index}>
          {index > 0 ? ' ' : ''}
          <span className="words__word">{word}</span>
        </Fragment>
      ))}
    </>
  )
}
