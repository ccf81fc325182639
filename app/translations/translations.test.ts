import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { en } from './en'
import { fr } from './fr'

/** The string literals passed to i18n.t in the app's (non-test) sources. */
const usedKeys = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) return usedKeys(path)
        if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return []
        const source = readFileSync(path, 'utf8')
        return [...source.matchAll(/i18n\.t\(\s*'([^']+)'/g)].map((match) => match[1] ?? '')
    })

describe('translations', () => {
    const keys = [...new Set(usedKeys(join(__dirname, '..')))].sort()

    it('has an English entry for every string the app translates, and no stale ones', () => {
        expect(keys.length).toBeGreaterThan(0)
        expect(Object.keys(en).sort()).toEqual(keys)
    })

    it('has a non-empty French translation for every English string', () => {
        expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort())
        for (const text of Object.values(fr)) expect(text.trim()).not.toBe('')
    })
})
