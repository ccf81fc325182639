import { useMemo } from 'react'
import type { AppMetadata } from '../data/appMetadata'
import { createProgramRules, type ProgramRules } from './programRules'

/** The programme's rules, compiled once per metadata load. */
export const useProgramRules = (meta: AppMetadata, programme: 'case' | 'incident'): ProgramRules =>
    useMemo(() => createProgramRules(meta, programme), [meta, programme])
