/** Each category combination ships exactly one option combination per cell of its categories. */
import type { Category, CategoryCombo, CategoryOptionCombo } from '../model/dhis2'
import { type Check, problem, type Problem } from './problem'

const key = (ids: string[]) => [...ids].sort().join('+')

export const checkCategoryCombos: Check = (index) => {
  const out: Problem[] = []
  const categories = new Map(index.get<Category>('categories').map((c) => [c.id, c]))
  const cocs = index.get<CategoryOptionCombo>('categoryOptionCombos')
  for (const combo of index.get<CategoryCombo>('categoryCombos')) {
    const product = combo.categories.reduce<string[][]>(
      (acc, c) => acc.flatMap((prefix) => (categories.get(c.id)?.categoryOptions ?? []).map((o) => [...prefix, o.id])),
      [[]],
    )
    const expected = new Set(product.map(key))
    const shipped = cocs.filter((c) => c.categoryCombo.id === combo.id)
    const seen = new Set<string>()
    for (const coc of shipped) {
      const k = key(coc.categoryOptions.map((o) => o.id))
      if (!expected.has(k)) out.push(problem('category', 'categoryOptionCombos', coc, `does not match one cell of ${combo.code}`))
      if (seen.has(k)) out.push(problem('category', 'categoryOptionCombos', coc, `duplicates a cell of ${combo.code}`))
      seen.add(k)
    }
    for (const k of expected) if (!seen.has(k)) out.push(problem('category', 'categoryCombos', combo, `lacks an option combination for one of its ${expected.size} cells`))
  }
  return out
}
