import i18n from '@dhis2/d2-i18n'
import { SimpleSingleSelectField } from '@dhis2/ui'
import { OptionField } from '../../components/OptionField'
import { stepLabel } from '../../components/labels'
import type { AppMetadata } from '../../data/appMetadata'
import type { WorklistFilters as Filters } from '../../data/worklistQuery'
import { STEPS, type RiskTier, type Step } from '../../domain'

interface Props {
    meta: AppMetadata
    filters: Filters
    onChange: (filters: Filters) => void
}

/** Filters by tier, case type, step and org unit; each change goes back to page 1. */
export const WorklistFilters = ({ meta, filters, onChange }: Props) => {
    const set = (patch: Partial<Filters>) => {
        const next: Filters = { ...filters, ...patch }
        for (const key of Object.keys(patch) as (keyof Filters)[]) if (next[key] === undefined || next[key] === '') delete next[key]
        onChange(next)
    }
    return (
        <div role="group" aria-label={i18n.t('Filters')} data-test="cpcm-worklist-filters" className="cpcm-filters">
            <SimpleSingleSelectField
                name="cpcm-filter-tier"
                label={i18n.t('Risk tier')}
                options={[
                    { value: 'TIER1', label: i18n.t('Tier 1') },
                    { value: 'TIER2', label: i18n.t('Tier 2') },
                ]}
                value={filters.tier ?? ''}
                onChange={(value: string) => set({ tier: (value || undefined) as RiskTier | undefined })}
                clearable
                clearText={i18n.t('Clear')}
                placeholder={i18n.t('All')}
            />
            <OptionField
                field={meta.dataElement('CPCM_INT_CASE_TYPE')}
                label={i18n.t('Case type')}
                value={filters.caseType}
                onChange={(value) => set({ caseType: value || undefined })}
                placeholder={i18n.t('All')}
            />
            <SimpleSingleSelectField
                name="cpcm-filter-step"
                label={i18n.t('Current step')}
                helpText={i18n.t('Applies to the cases on this page')}
                options={STEPS.filter((s) => s >= 4).map((s) => ({ value: String(s), label: `${s}. ${stepLabel(s)}` }))}
                value={filters.step ? String(filters.step) : ''}
                onChange={(value: string) => set({ step: value ? (Number(value) as Step) : undefined })}
                clearable
                clearText={i18n.t('Clear')}
                placeholder={i18n.t('All')}
            />
            {filters.scope === 'DISTRICT' && meta.me.orgUnitChoices.length > 1 && (
                <SimpleSingleSelectField
                    name="cpcm-filter-orgunit"
                    label={i18n.t('Organisation unit')}
                    options={meta.me.orgUnitChoices.map((ou) => ({ value: ou.id, label: ou.displayName }))}
                    value={filters.orgUnit ?? ''}
                    onChange={(value: string) => set({ orgUnit: value || undefined })}
                    clearable
                    clearText={i18n.t('Clear')}
                    placeholder={i18n.t('All')}
                />
            )}
        </div>
    )
}
