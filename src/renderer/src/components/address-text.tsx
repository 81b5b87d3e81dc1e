/**
 * A UPN (or e-mail address) that may wrap only after its @: "anna.anderson@" / "contoso.com", never
 * "contoso.c" / "om" as a walk found on a box label, nor at every dot (which a narrow report column took
 * for "ben" / ".brown@" / "contoso" / ".com"). Each side keeps one line (`.address-text__part`).
 */
export function AddressText({ text }: { text: string }) {
  const at = text.indexOf('@')
  if (at < 0) return <span className="address-text__part">{text}</span>
  return (
    <span className="address-text">
      <span className="address-text__part">{text.slice(0, at + 1)}</span>
      <wbr />
      <span className="address-text__part">{text.slice(at + 1)}</span>
    </span>
  )
}
