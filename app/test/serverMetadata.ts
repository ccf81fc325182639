/**
 * What a DHIS2 server with the CPCM package installed answers to the app's metadata
 * query (app/data/metadataQuery.ts): derived from the compiled package, so tests never
 * type a UID and follow every change to metadata/.
 */
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import type { MetadataQueryResult, ServerField, ServerMe } from '../data/metadataQuery'

/** The package names objects `CPCM - X`; DHIS2's displayName is the name. */
const displayName = (name: string) => name

export const GASABO = { id: 'GaSaBo00003', code: 'GAS', displayName: 'Gasabo', path: '/RwAnDa00001/KiGaLi00002/GaSaBo00003' }
export const KACYIRU = { id: 'KaCyRu00006', code: 'GAS-KAC', displayName: 'Kacyiru', path: `${GASABO.path}/KaCyRu00006` }

export const DEFAULT_USER: ServerMe = {
    id: 'uCpwo000001',
    username: 'cpwo.gasabo',
    displayName: 'Gasabo CPWO',
    organisationUnits: [{ ...GASABO, children: [KACYIRU] }],
}

export function serverMetadata(me: ServerMe = DEFAULT_USER): MetadataQueryResult {
    const pkg = cpcmPackage()
    const options = new Map(pkg.options.map((o) => [o.id, o]))
    const optionSets = new Map(pkg.optionSets.map((s) => [s.id, s]))
    const optionSet = (ref: { id: string } | undefined): ServerField['optionSet'] => {
        const set = ref && optionSets.get(ref.id)
        if (!set) return undefined
        return {
            id: set.id,
            code: set.code,
            options: set.options.map((o) => {
                const option = options.get(o.id)!
                return { id: option.id, code: option.code, displayName: option.name }
            }),
        }
    }
    const field = (item: { id: string; code: string; name: string; formName?: string; valueType: string; optionSet?: { id: string } }, extra: object = {}): ServerField => {
        const set = optionSet(item.optionSet)
        return {
            id: item.id,
            code: item.code,
            displayName: displayName(item.name),
            ...(item.formName ? { formName: item.formName } : {}),
            valueType: item.valueType,
            ...(set ? { optionSet: set } : {}),
            ...extra,
        }
    }
    const dataElements = new Map(pkg.dataElements.map((d) => [d.id, d]))
    const attributes = new Map(pkg.trackedEntityAttributes.map((a) => [a.id, a]))
    const stages = new Map(pkg.programStages.map((s) => [s.id, s]))
    return {
        programs: {
            programs: pkg.programs.map((p) => ({
                id: p.id,
                code: p.code,
                displayName: displayName(p.name),
                programType: p.programType,
                ...(p.trackedEntityType ? { trackedEntityType: { id: p.trackedEntityType.id } } : {}),
                programStages: p.programStages.map(({ id }) => {
                    const s = stages.get(id)!
                    return {
                        id: s.id,
                        code: s.code,
                        displayName: displayName(s.name),
                        sortOrder: s.sortOrder,
                        repeatable: s.repeatable,
                        programStageDataElements: s.programStageDataElements.map((psde) => ({
                            compulsory: psde.compulsory,
                            dataElement: field(dataElements.get(psde.dataElement.id)!),
                        })),
                    }
                }),
                programTrackedEntityAttributes: p.programTrackedEntityAttributes.map((ptea) => {
                    const a = attributes.get(ptea.trackedEntityAttribute.id)!
                    return {
                        mandatory: ptea.mandatory,
                        searchable: ptea.searchable,
                        trackedEntityAttribute: field(a, { confidential: a.confidential, unique: a.unique, generated: a.generated }),
                    }
                }),
            })),
        },
        programRules: {
            programRules: pkg.programRules.map((r) => ({
                id: r.id,
                code: r.code,
                name: r.name,
                displayName: r.name,
                condition: r.condition,
                ...(r.priority !== undefined ? { priority: r.priority } : {}),
                program: { id: r.program.id },
                ...(r.programStage ? { programStage: { id: r.programStage.id } } : {}),
                programRuleActions: pkg.programRuleActions
                    .filter((a) => a.programRule.id === r.id)
                    .map(({ programRule: _rule, code: _code, ...a }) => ({ ...a, ...(a.content ? { displayContent: a.content } : {}) })),
            })),
        },
        programRuleVariables: {
            programRuleVariables: pkg.programRuleVariables.map(({ code: _code, ...v }) => v),
        },
        me,
    }
}
