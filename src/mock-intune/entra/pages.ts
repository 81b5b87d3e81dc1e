import type { EntraAccount } from './entra-tenants'

/**
 * The mock identity provider's HTML: plain forms without scripts (except the form_post hand-back), so
 * a test script can complete them with one form-encoded POST and read the hidden fields.
 */

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.75rem 0}input{width:100%;padding:.4rem}.error{color:#a4262c}</style>
</head><body>
<p><strong>Mock Microsoft Entra ID</strong> — test sign-in, not a Microsoft service</p>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`
}

const errorParagraph = (error: string | undefined) => (error === undefined ? '' : `<p class="error" role="alert" id="error">${escapeHtml(error)}</p>\n`)

export function signInPage(options: {
  action: string
  tx: string
  tenantName: string
  accounts: readonly EntraAccount[]
  login?: string
  error?: string
}): string {
  const accounts = options.accounts.map((a) => `<li><code>${escapeHtml(a.upn)}</code> — ${escapeHtml(a.name)}</li>`).join('\n')
  return page(
    `Sign in to ${options.tenantName}`,
    `${errorParagraph(options.error)}<p>Test accounts:</p>
<ul id="accounts">
${accounts}
</ul>
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="tx" value="${escapeHtml(options.tx)}">
<label>Email, phone, or Skype <input name="login" autocomplete="username" list="account-list" value="${escapeHtml(options.login ?? '')}"></label>
<datalist id="account-list">${options.accounts.map((a) => `<option value="${escapeHtml(a.upn)}">`).join('')}</datalist>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit" name="action" value="signin">Sign in</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  )
}

export function deviceLoginPage(options: { error?: string; userCode?: string; login?: string }): string {
  return page(
    'Enter code',
    `${errorParagraph(options.error)}<p>Enter the code displayed on your app or device, then sign in.</p>
<form method="post" action="/devicelogin">
<label>Code <input name="user_code" autocomplete="off" value="${escapeHtml(options.userCode ?? '')}"></label>
<label>Email <input name="login" autocomplete="username" value="${escapeHtml(options.login ?? '')}"></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit" name="action" value="signin">Sign in</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  )
}

export const messagePage = (title: string, text: string, error = false): string =>
  page(title, error ? errorParagraph(text) : `<p id="message">${escapeHtml(text)}</p>`)

/** The hand-back of response_mode=form_post: an auto-submitting form to the app's redirect URI. */
export function formPostPage(redirectUri: string, fields: Readonly<Record<string, string>>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Working...</title></head>
<body>
<form method="post" name="hiddenform" action="${escapeHtml(redirectUri)}">
${inputs}
<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript>
</form>
<script>document.forms[0].submit()</script>
</body></html>
`
}
