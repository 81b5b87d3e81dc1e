/**
 * Minimal encoders for the 1D symbologies found on device box labels (serial numbers): Code 128
 * (code set B) and Code 39. They return the module pattern (true = bar) including the start/stop
 * characters but without quiet zones; the synthetic frame renderer draws them.
 */

/** Code 128 bar/space widths for values 0–106 (106 = stop, 7 elements). */
const code128Widths = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
] as const

const startB = 104
const stop = 106

function widthsToModules(widths: string, out: boolean[]): void {
  let bar = true
  for (const digit of widths) {
    for (let i = 0; i < Number(digit); i++) out.push(bar)
    bar = !bar
  }
}

/** Code 128 set B: printable ASCII 32–126. Throws on anything else. */
export function encodeCode128(text: string): boolean[] {
  const values: number[] = [startB]
  for (const char of text) {
    const code = char.charCodeAt(0)
    if (char.length !== 1 || code < 32 || code > 126) throw new RangeError(`Code 128 set B cannot encode ${JSON.stringify(char)}`)
    values.push(code - 32)
  }
  let checksum = startB
  for (let i = 1; i < values.length; i++) checksum += i * (values[i] as number)
  values.push(checksum % 103, stop)
  const modules: boolean[] = []
  for (const value of values) widthsToModules(code128Widths[value] as string, modules)
  return modules
}

/** Code 39 patterns: 9 elements (bar, space, …, bar), `w` = wide. */
const code39Patterns: Record<string, string> = {
  '0': 'nnnwwnwnn',
  '1': 'wnnwnnnnw',
  '2': 'nnwwnnnnw',
  '3': 'wnwwnnnnn',
  '4': 'nnnwwnnnw',
  '5': 'wnnwwnnnn',
  '6': 'nnwwwnnnn',
  '7': 'nnnwnnwnw',
  '8': 'wnnwnnwnn',
  '9': 'nnwwnnwnn',
  A: 'wnnnnwnnw',
  B: 'nnwnnwnnw',
  C: 'wnwnnwnnn',
  D: 'nnnnwwnnw',
  E: 'wnnnwwnnn',
  F: 'nnwnwwnnn',
  G: 'nnnnnwwnw',
  H: 'wnnnnwwnn',
  I: 'nnwnnwwnn',
  J: 'nnnnwwwnn',
  K: 'wnnnnnnww',
  L: 'nnwnnnnww',
  M: 'wnwnnnnwn',
  N: 'nnnnwnnww',
  O: 'wnnnwnnwn',
  P: 'nnwnwnnwn',
  Q: 'nnnnnnwww',
  R: 'wnnnnnwwn',
  S: 'nnwnnnwwn',
  T: 'nnnnwnwwn',
  U: 'wwnnnnnnw',
  V: 'nwwnnnnnw',
  W: 'wwwnnnnnn',
  X: 'nwnnwnnnw',
  Y: 'wwnnwnnnn',
  Z: 'nwwnwnnnn',
  '-': 'nwnnnnwnw',
  '.': 'wwnnnnwnn',
  ' ': 'nwwnnnwnn',
  '*': 'nwnnwnwnn',
  $: 'nwnwnwnnn',
  '/': 'nwnwnnnwn',
  '+': 'nwnnnwnwn',
  '%': 'nnnwnwnwn',
}

/** Code 39 (no check digit), wide = 3 narrow modules. Upper-case letters, digits and `- . $ / + %` and space. */
export function encodeCode39(text: string): boolean[] {
  const modules: boolean[] = []
  const chars = `*${text}*`
  for (let index = 0; index < chars.length; index++) {
    const pattern = code39Patterns[chars[index] as string]
    if (!pattern || (chars[index] === '*' && index > 0 && index < chars.length - 1)) {
      throw new RangeError(`Code 39 cannot encode ${JSON.stringify(chars[index])}`)
    }
    let bar = true
    for (const element of pattern) {
      for (let i = 0; i < (element === 'w' ? 3 : 1); i++) modules.push(bar)
      bar = !bar
    }
    if (index < chars.length - 1) modules.push(false) // inter-character gap
  }
  return modules
}
