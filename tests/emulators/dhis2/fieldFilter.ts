import { isObject } from './json'

/**
 * The `fields` parameter, the subset DHIS2 clients use: `*` (also `:all`), `name`, `!name`,
 * `name[sub,fields]` nested to any depth. Not emulated: transformers (`name~rename(x)`),
 * presets other than `:all`, `:owner`.
 */
export interface FieldSpec {
  all: boolean
  include: Map<string, FieldSpec | true>
  exclude: Set<string>
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++
    if (ch === ']' || ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

export function parseFields(text: string): FieldSpec {
  const spec: FieldSpec = { all: false, include: new Map(), exclude: new Set() }
  for (const part of splitTopLevel(text)) {
    if (part === '*' || part === ':all') spec.all = true
    else if (part.startsWith('!')) spec.exclude.add(part.slice(1))
    else {
      const open = part.indexOf('[')
      if (open > 0 && part.endsWith(']')) spec.include.set(part.slice(0, open), parseFields(part.slice(open + 1, -1)))
      else spec.include.set(part, true)
    }
  }
  return spec
}

export function applyFields(value: unknown, spec: FieldSpec): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFields(v, spec))
  if (!isObject(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (spec.exclude.has(key)) continue
    const sub = spec.include.get(key)
    if (sub === true) result[key] = v
    else if (sub !== undefined) result[key] = applyFields(v, sub)
    else if (spec.all) result[key] = v
  }
  return result
}
