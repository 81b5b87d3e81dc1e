import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoot } from '@renderer/root'
import { SerialNumber } from '@renderer/components/serial-number'
import { createFakeApi, device, ok } from '@support/renderer/fake-api'

const rowHeader = (serial: string) =>
  render(
    <table>
      <tbody>
        <tr>
          <th scope="row">
            <SerialNumber serial={serial} />
          </th>
        </tr>
      </tbody>
    </table>,
  )

describe('a serial in the bench table', () => {
  it('keeps the end of a long serial apart, so it is what stays in view when the column clips (devices of one order share the start)', () => {
    const { container } = rowHeader('NXMRWEK00102416C9C7600')
    expect(container.querySelector('.serial-cut__head')?.textContent).toBe('NXMRWEK0010241')
    expect(container.querySelector('.serial-cut__tail')?.textContent).toBe('6C9C7600')
    // A screen reader (and a test) reads the serial whole, once.
    expect(screen.getByRole('rowheader', { name: 'NXMRWEK00102416C9C7600' })).toBeTruthy()
    for (const half of container.querySelectorAll('.serial-cut__head, .serial-cut__tail')) expect(half.getAttribute('aria-hidden')).toBe('true')
  })

  it('shows a serial that fits the column as it is', () => {
    const { container } = rowHeader('PF4SER1X')
    expect(container.querySelector('.serial-cut')).toBeNull()
    expect(screen.getByRole('rowheader', { name: 'PF4SER1X' }).textContent).toBe('PF4SER1X')
  })
})

describe('a serial in the device list', () => {
  it('is cut in its middle like the bench, not at its end; whole on hover and for screen readers', async () => {
    // A Hyper-V VM's 32-odd characters, one of a batch that shares its start.
    const serial = '0008-9860-0120-2401-2402-3745-37'
    const api = createFakeApi({ 'devices:list-devices': () => ok({ items: [device(serial), device('PF4SER1X')], total: 2, totalCapped: false, next: null }) })
    render(<AppRoot api={api} />)
    const cell = await screen.findByRole('cell', { name: serial })
    expect(cell.getAttribute('title')).toBe(serial)
    expect(cell.querySelector('.serial-cut__tail')?.textContent).toBe('-3745-37')
    expect(cell.querySelector('.serial-cut__head')?.getAttribute('aria-hidden')).toBe('true')
    // A short serial stays plain text in its cell.
    const short = within(screen.getByRole('table')).getByRole('cell', { name: 'PF4SER1X' })
    expect(short.querySelector('.serial-cut')).toBeNull()
  })
})
