/** One thing wrong with the package, named so a reader can find and fix it. */
export interface Problem {
  check: string
  collection: string
  /** The object's code (or id when it has none). */
  object: string
  message: string
}

export type Check = (index: PackageIndex) => Problem[]

export interface Identified {
  id: string
  code?: string
  name?: string
  [key: string]: unknown
}

/** The package as collections plus a lookup by id, built once for all checks. */
export interface PackageIndex {
  collections: Record<string, Identified[]>
  byId: Map<string, { collection: string; object: Identified }>
  get<T = Identified>(collection: string): T[]
  find(id: string): { collection: string; object: Identified } | undefined
}

/** Anything with an id (and usually a code) can be named in a problem. */
export interface Named {
  id: string
  code?: string
}

export const label = (o: Named) => o.code ?? o.id

export const problem = (check: string, collection: string, object: Named | string, message: string): Problem => ({
  check, collection, object: typeof object === 'string' ? object : label(object), message,
})
