/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab / carriage return) gets a
 * leading apostrophe, so a serial or code typed as "=HYPERLINK(…)" stays text (OWASP CSV injection).
 * Every CSV the app writes (hand-over report, bundle summary) goes through this.
 */
export const neutraliseFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)
