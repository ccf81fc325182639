/** A question answered by radio buttons in a fieldset, keyboard operable, with its definition under the legend. */
import { Radio } from '@dhis2/ui'
import type { ReactNode } from 'react'

interface Props<V extends string> {
    name: string
    legend: string
    definition?: ReactNode
    options: { value: V; label: string }[]
    value: V | undefined
    onChange: (value: V) => void
    required?: boolean
    error?: string
}

export function ChoiceQuestion<V extends string>({ name, legend, definition, options, value, onChange, required, error }: Props<V>) {
    return (
        <fieldset data-test={`cpcm-question-${name}`} style={{ border: 'none', padding: 0, margin: 0 }} aria-required={required}>
            <legend style={{ fontWeight: 600, padding: 0 }}>
                {legend}
                {required ? ' *' : ''}
            </legend>
            {definition && <div className="cpcm-definition">{definition}</div>}
            {options.map((option) => (
                <Radio
                    key={option.value}
                    name={name}
                    value={option.value}
                    label={option.label}
                    checked={value === option.value}
                    onChange={() => onChange(option.value)}
                    dataTest={`cpcm-question-${name}-${option.value.toLowerCase()}`}
                />
            ))}
            {error && (
                <div role="alert" style={{ color: '#d32f2f', fontSize: 14 }}>
                    {error}
                </div>
            )}
        </fieldset>
    )
}
