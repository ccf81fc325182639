/**
 * What an OperationOutcome says, in one line: the errors' diagnostics (or details.text) with
 * where they apply, the issue codes, and whether any code means "try again later".
 */
import { outcomeSchema } from './schemas'

/** Issue codes that describe the server's state, not the request: worth retrying. */
export const TRANSIENT_ISSUE_CODES = ['transient', 'throttled', 'timeout', 'lock']

export interface OutcomeSummary {
  message?: string
  codes: string[]
  transient: boolean
}

export function summarizeOutcome(body: unknown): OutcomeSummary | undefined {
  const parsed = outcomeSchema.safeParse(body)
  if (!parsed.success) return undefined
  const issues = parsed.data.issue
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')
  const shown = errors.length ? errors : issues
  const lines = shown.map((issue) => {
    const text = describe(issue.details?.text, issue.diagnostics) ?? issue.code
    const where = issue.expression ?? issue.location ?? []
    return where.length && !where.every((w) => text.includes(w)) ? `${text} (at ${where.join(', ')})` : text
  })
  const codes = [...new Set(issues.map((i) => i.code))]
  return {
    ...(lines.length ? { message: lines.join('; ') } : {}),
    codes,
    transient: codes.some((c) => TRANSIENT_ISSUE_CODES.includes(c)),
  }
}

/** details.text is for people, diagnostics often for developers; keep both unless one holds the other. */
function describe(text: string | undefined, diagnostics: string | undefined): string | undefined {
  if (!text || !diagnostics) return text || diagnostics || undefined
  if (diagnostics.includes(text)) return diagnostics
  if (text.includes(diagnostics)) return text
  return `${text} (${diagnostics})`
}
