/** A select for a data element or attribute with an option set, labelled from the server's metadata. */
import i18n from '@dhis2/d2-i18n'
import { SimpleSingleSelectField } from '@dhis2/ui'
import type { FieldInfo } from '../data/appMetadata'

interface OptionFieldProps {
    field: FieldInfo
    value: string | undefined
    onChange: (value: string) => void
    /** Limit or order the options (codes); default: all, in the server's order. */
    only?: readonly string[]
    label?: string
    required?: boolean
    helpText?: string
    error?: string
    warning?: string
    placeholder?: string
}

export const OptionField = ({ field, value, onChange, only, label, required, helpText, error, warning, placeholder }: OptionFieldProps) => {
    const options = (field.options ?? [])
        .filter((o) => !only || only.includes(o.code))
        .map((o) => ({ value: o.code, label: o.displayName }))
    return (
        <SimpleSingleSelectField
            name={`cpcm-${field.code}`}
            dataTest={`cpcm-field-${field.code}`}
            label={label ?? field.displayName}
            options={options}
            value={value ?? ''}
            onChange={onChange}
            placeholder={placeholder ?? i18n.t('Choose an option')}
            clearable={!required}
            clearText={i18n.t('Clear')}
            required={required}
            {...(helpText ? { helpText } : {})}
            {...(error ? { error: true, validationText: error } : warning ? { warning: true, validationText: warning } : {})}
        />
    )
}
