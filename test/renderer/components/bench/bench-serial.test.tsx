import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BenchSerial } from '@renderer/components/bench/bench-serial'

const rowHeader = (serial: string) =>
  render(
    <table>
      <tbody>
        <tr>
          <th scope="row">
            <BenchSerial serial={serial} />
          </th>
        </tr>
      </tbody>
    </table>,
  )

describe('a serial in the bench table', () => {
  it('keeps the end of a long serial apart, so it is what stays in view when the column clips (devices of one order share the start)', () => {
    const { container } = rowHeader('NXMRWEK00102416C9C7600')
    expect(container.querySelector('.bench-serial__head')?.textContent).toBe('NXMRWEK0010241')
    expect(container.querySelector('.bench-serial__tail')?.textContent).toBe('6C9C7600')
    // A screen reader (and a test) reads the serial whole, once.
    expect(screen.getByRole('rowheader', { name: 'NXMRWEK00102416C9C7600' })).toBeTruthy()
    for (const half of container.querySelectorAll('.bench-serial__head, .bench-serial__tail')) expect(half.getAttribute('aria-hidden')).toBe('true')
  })

  it('shows a serial that fits the column as it is', () => {
    const { container } = rowHeader('PF4SER1X')
    expect(container.querySelector('.bench-serial')).toBeNull()
    expect(screen.getByRole('rowheader', { name: 'PF4SER1X' }).textContent).toBe('PF4SER1X')
  })
})
