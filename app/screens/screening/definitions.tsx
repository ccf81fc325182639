/** The framework's definitions (sections 3.1 and 3.7), shown where the question is asked. */
import i18n from '@dhis2/d2-i18n'

export const VenaDefinition = () => (
    <>
        <p style={{ margin: '0 0 4px' }}>
            {i18n.t('A child protection case is a child who has experienced, or is at risk of, violence, exploitation, neglect or abuse (VENA).')}
        </p>
        <ul style={{ margin: 0, paddingLeft: 20 }}>
            <li>{i18n.t('Violence: physical, sexual or emotional harm done to the child.')}</li>
            <li>{i18n.t('Exploitation: using the child for someone else’s gain, such as child labour or trafficking.')}</li>
            <li>{i18n.t('Neglect: failing to meet the child’s basic needs, including abandonment and separation.')}</li>
            <li>{i18n.t('Abuse: harmful treatment by a person the child depends on, including harmful practices.')}</li>
        </ul>
        <p style={{ margin: '4px 0 0' }}>
            {i18n.t('Poverty or vulnerability alone is not VENA: such concerns go to early intervention services.')}
        </p>
    </>
)

export const tier1Definition = () =>
    i18n.t('Tier 1 high risk: an immediate, urgent threat to the child’s life or health, or a time-critical need such as forensic evidence. Same-day response.')

export const tier2Definition = () =>
    i18n.t('Tier 2 high risk: the incident occurred but the child is not in immediate danger and can stay where they are for a week. Comprehensive assessment within one week.')

export const immediateActions = () => [
    i18n.t('Remove the child from immediate danger, to a safe place.'),
    i18n.t('Report to the CPWO now, by phone if needed.'),
    i18n.t('Arrange medical care; for sexual violence, go to an Isange One Stop Centre for care and forensic evidence.'),
    i18n.t('Report a suspected crime to RIB (116) or the police (112).'),
]
