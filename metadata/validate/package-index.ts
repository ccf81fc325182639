import { z } from 'zod'
import type { Identified, PackageIndex, Problem } from './problem'

const identified = z.object({ id: z.string() }).passthrough()
/** The outer shape of any DHIS2 metadata file: a package header and arrays of identified objects. */
export const metadataFileSchema = z
  .object({ package: z.object({ code: z.string(), version: z.string() }).passthrough() })
  .catchall(z.union([z.array(identified), z.unknown()]))

export function indexPackage(pkg: Record<string, unknown>): { index: PackageIndex; problems: Problem[] } {
  const collections: Record<string, Identified[]> = {}
  const byId = new Map<string, { collection: string; object: Identified }>()
  const problems: Problem[] = []
  for (const [collection, value] of Object.entries(pkg)) {
    if (collection === 'package' || !Array.isArray(value)) continue
    collections[collection] = value as Identified[]
    for (const object of value as Identified[]) {
      const seen = byId.get(object.id)
      if (seen) {
        problems.push({ check: 'uid', collection, object: object.code ?? object.id, message: `UID ${object.id} is also used by ${seen.collection} ${seen.object.code ?? ''}`.trim() })
      } else {
        byId.set(object.id, { collection, object })
      }
    }
  }
  const index: PackageIndex = {
    collections,
    byId,
    get: <T>(collection: string) => (collections[collection] ?? []) as T[],
    find: (id) => byId.get(id),
  }
  return { index, problems }
}
