/**
 * What a USB scanner in keyboard-wedge mode types when the computer's keyboard layout is not US:
 * the scanner sends US key codes, Windows maps them through the active layout. Each table lists,
 * for the US characters whose key produces something else, what that layout produces. Dead keys
 * are given as their spacing accent (`´ ` ^ ¨ ~`); a dead key composed with the following letter
 * (e.g. `¨` + `I` → `Ï`) is split back into accent + letter when undoing a layout.
 *
 * Sources: the Windows layouts (kbdgr, kbdsg, kbdfr, kbdbe, kbduk, kbdsp, kbdit, kbdsw, kbdno,
 * kbdda, kbdpo) as documented in Microsoft's keyboard layout reference; letters and digits on the
 * same key are listed both unshifted and shifted.
 */
export interface KeyboardLayout {
  id: string
  name: string
  /** US character → what this layout types for the same key and shift state. */
  map: Readonly<Record<string, string>>
}

const pairs = (us: string, produced: string): Record<string, string> => {
  const usChars = [...us]
  const outChars = [...produced]
  if (usChars.length !== outChars.length) throw new Error(`layout table length mismatch: ${us} / ${produced}`)
  const map: Record<string, string> = {}
  usChars.forEach((char, index) => {
    if (char !== outChars[index]) map[char] = outChars[index] as string
  })
  return map
}

/** German QWERTZ (also Austria). */
const de = pairs('yzYZ-_=+[{]};:\'"\\|/?<>`~@#^&*()', 'zyZYß?´`üÜ+*öÖäÄ#\'-_;:^°"§&/()=')
/** Swiss German QWERTZ. */
const ch = pairs('yzYZ-_=+[{]};:\'"\\|/?<>`~!@#$^&*()', 'zyZY\'?^`üè¨!öéäà$£-_;:§°+"*ç&/()=')
/** French AZERTY: digits need Shift; a↔q, z↔w, m on the ; key. */
const fr = pairs('1234567890!@#$%^&*()-_qaQAwzWZ[{]};:\'"\\|mM,<.>/?', '&é"\'(-è_çà1234567890)°aqAQzwZW^¨$£mMù%*µ,?;.:/!§')
/** Belgian AZERTY. */
const be = pairs('1234567890!@#$%^&*()-_=+qaQAwzWZ[{]};:\'"\\|mM,<.>/?', '&é"\'(§è!çà1234567890)°-_aqAQzwZW^¨$*mMù%µ£,?;.:/=+')
/** United Kingdom. */
const uk = pairs('"@#~', '@"£¬')
/** Spanish. */
const es = pairs('-_=+[{]};:\'"\\|/?<>`~@#^&*()', '\'?¡¿`^+*ñÑ´¨çÇ-_;:ºª"·&/()=')
/** Italian. */
const it = pairs('-_=+[{]};:\'"\\|/?<>`~@#^&*()', '\'?ì^èé+*òçà°ù§-_;:\\|"£&/()=')
/** Swedish / Finnish. */
const se = pairs('-_=+[{]};:\'"\\|/?<>`~@$^&*()', '+?´`åÅ¨^öÖäÄ\'*-_;:§½"¤&/()=')
/** Norwegian. */
const no = pairs('-_=+[{]};:\'"\\|/?<>`~@$^&*()', '+?\\`åÅ¨^øØæÆ\'*-_;:|§"¤&/()=')
/** Danish. */
const dk = pairs('-_=+[{]};:\'"\\|/?<>`~@$^&*()', '+?´`åÅ¨^æÆøØ\'*-_;:½§"¤&/()=')
/** Portuguese (Portugal). */
const pt = pairs('-_=+[{]};:\'"\\|/?<>`~@^&*()', '\'?«»+*´`çÇºª~^-_;:\\|"&/()=')

export const keyboardLayouts: readonly KeyboardLayout[] = [
  { id: 'de', name: 'German', map: de },
  { id: 'fr', name: 'French (AZERTY)', map: fr },
  { id: 'be', name: 'Belgian (AZERTY)', map: be },
  { id: 'ch', name: 'Swiss German', map: ch },
  { id: 'uk', name: 'United Kingdom', map: uk },
  { id: 'es', name: 'Spanish', map: es },
  { id: 'it', name: 'Italian', map: it },
  { id: 'se', name: 'Swedish / Finnish', map: se },
  { id: 'no', name: 'Norwegian', map: no },
  { id: 'dk', name: 'Danish', map: dk },
  { id: 'pt', name: 'Portuguese', map: pt },
]

const deadAccents = new Set(['´', '`', '^', '¨', '~'])
const combiningToSpacing: Record<string, string> = { '\u0301': '´', '\u0300': '`', '\u0302': '^', '\u0308': '¨', '\u0303': '~' }

/**
 * What a wedge scanner types through `layout` (for tests and the simulator): dead keys followed by a
 * space give the accent alone, followed by a vowel they compose, otherwise both characters.
 */
export function typeThroughLayout(text: string, layout: KeyboardLayout): string {
  let out = ''
  const chars = [...text]
  for (let i = 0; i < chars.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- false positive: without it tsc sees string | undefined
    const produced = layout.map[chars[i] as string] ?? (chars[i] as string)
    if (deadAccents.has(produced) && produced !== chars[i] && i + 1 < chars.length) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- false positive: without it tsc sees string | undefined
      const next = layout.map[chars[i + 1] as string] ?? (chars[i + 1] as string)
      const combining = Object.keys(combiningToSpacing).find((key) => combiningToSpacing[key] === produced) as string
      const composed = (next + combining).normalize('NFC')
      if (next === ' ') {
        out += produced
        i++
      } else if (composed.length === 1) {
        out += composed
        i++
      } else {
        out += produced
      }
      continue
    }
    out += produced
  }
  return out
}

const inverseCache = new Map<string, Record<string, string>>()

/** Undoes `layout` on text a wedge scanner typed: the US characters the scanner meant. */
export function untypeThroughLayout(text: string, layout: KeyboardLayout): string {
  let inverse = inverseCache.get(layout.id)
  if (!inverse) {
    inverse = {}
    for (const [us, produced] of Object.entries(layout.map)) inverse[produced] = us
    inverseCache.set(layout.id, inverse)
  }
  const table = inverse
  // A character this layout never types for a US key marks the guess as wrong (NUL fails every check).
  const back = (char: string): string => table[char] ?? (layout.map[char] !== undefined ? '\u0000' : char)
  let out = ''
  for (const char of text) {
    if (table[char] !== undefined) {
      out += table[char]
      continue
    }
    // A dead key composed with the next letter (`¨` + `I` → `Ï`): accent first, then the letter.
    const decomposed = char.normalize('NFD')
    const accent = decomposed.length === 2 ? combiningToSpacing[decomposed[1] as string] : undefined
    out += accent ? back(accent) + back(decomposed[0] as string) : back(char)
  }
  return out
}
