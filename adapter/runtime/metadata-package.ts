/** The compiled metadata package the adapter maps against: the committed JSON, read once. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { MetadataPackage } from '../../metadata/model/dhis2'

export const PACKAGE_PATH = resolve(__dirname, '../../metadata/dist/cpcm-metadata.json')

let cached: MetadataPackage | undefined
export function loadMetadataPackage(path = PACKAGE_PATH): MetadataPackage {
  return (cached ??= JSON.parse(readFileSync(path, 'utf8')) as MetadataPackage)
}
