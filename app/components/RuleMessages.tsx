/** The programme rules' warnings, errors and texts, announced to screen readers as they change. */
import i18n from '@dhis2/d2-i18n'
import { NoticeBox } from '@dhis2/ui'
import type { RuleEffects } from '../rules/programRules'

export const RuleMessages = ({ effects }: { effects: RuleEffects }) => (
    <div aria-live="polite" data-test="cpcm-rule-messages">
        {effects.errors.map((m, i) => (
            <NoticeBox key={`e${i}`} error dataTest="cpcm-rule-error">
                {m.text}
            </NoticeBox>
        ))}
        {effects.warnings.map((m, i) => (
            <NoticeBox key={`w${i}`} warning dataTest="cpcm-rule-warning">
                {m.text}
            </NoticeBox>
        ))}
        {effects.texts.map((text, i) => (
            <NoticeBox key={`t${i}`} dataTest="cpcm-rule-text">
                {text}
            </NoticeBox>
        ))}
        {effects.issues.length > 0 && (
            <NoticeBox warning title={i18n.t('Some programme rules could not be evaluated')} dataTest="cpcm-rule-issues">
                {effects.issues.join('; ')}
            </NoticeBox>
        )}
    </div>
)
