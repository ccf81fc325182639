/**
 * The bridge on a real published DHIS2 payload (read in place, never copied into the project).
 */
import fs from 'node:fs'
import path from 'node:path'
import { evaluateRules } from './evaluateRules'
import type { Dhis2Metadata, RuleEffect } from './types'
import { validateRuleExpressions } from './validateRuleExpressions'

const PAYLOAD = path.resolve(__dirname, '../../../shared/reference/dhis2/metadata/core_e2e_programs_with_program_rules.json')
const present = fs.existsSync(PAYLOAD)

const TRACKER = 'U5HE4IRrZ7S'
const TRACKER_STAGE = 'nH8zfPSUSN1'
const EVENT_PROGRAM = 'uHi4GZJOD3n'
const EVENT_STAGE = 'Mt6Ac5brjoK'

const describeWithPayload = present ? describe : describe.skip
const title = present
  ? 'reference payload core_e2e_programs_with_program_rules.json'
  : `reference payload (skipped: ${PAYLOAD} is absent)`
if (!present) console.warn(`Skipping the reference payload tests: ${PAYLOAD} is absent`)

const summary = (effects: RuleEffect[]) => effects.map(({ ruleId, actionId, type }) => `${ruleId}/${actionId}/${type}`).sort()

describeWithPayload(title, () => {
  const metadata: Dhis2Metadata = present ? (JSON.parse(fs.readFileSync(PAYLOAD, 'utf8')) as Dhis2Metadata) : {}

  it.each([TRACKER, EVENT_PROGRAM])('has no expression problems in programme %s', (programId) => {
    const rules = (metadata.programRules ?? []).filter((rule) => rule.program.id === programId)

    expect(rules.length).toBeGreaterThan(0)
    expect(validateRuleExpressions(metadata, programId)).toEqual([])
  })

  it('event programme: assigns the default comment when none is given, and asks for more on diabetes', () => {
    const event = {
      event: 'evTa0000001',
      programStage: EVENT_STAGE,
      occurredAt: '2024-05-01T00:00:00.000',
      dataValues: [{ dataElement: 'ILRgzHhzFkg', value: 'true' }],
    }

    const { effects, issues } = evaluateRules(metadata, EVENT_PROGRAM, { events: [], currentEvent: event, orgUnit: 'DiszpKrYNg8' })

    expect(issues).toEqual([])
    expect(summary(effects)).toEqual([
      'R4bFX7Q5oQa/JFso0S8PMZV/SETMANDATORYFIELD',
      'R4bFX7Q5oQa/fCvheO89KCl/SENDMESSAGE',
      'Xh9idCUkyaE/BU1pK9RQLu4/ERRORONCOMPLETE',
      'tZz1oAC5i6P/mbCnp26WeKe/ASSIGN',
    ])
    expect(effects.find((effect) => effect.type === 'ASSIGN')).toMatchObject({
      dataElement: 'inc5BJvr4W5',
      data: 'AUTO_ASSIGNED_COMMENT',
      value: 'AUTO_ASSIGNED_COMMENT',
    })
    expect(effects.find((effect) => effect.type === 'SENDMESSAGE')).toMatchObject({ templateUid: 'IIyHlMh9ORz' })
  })

  it('event programme: no ASSIGN once the comment has a value', () => {
    const event = {
      event: 'evTa0000002',
      programStage: EVENT_STAGE,
      occurredAt: '2024-05-01T00:00:00.000',
      dataValues: [{ dataElement: 'inc5BJvr4W5', value: 'Seen by the social worker' }],
    }

    const { effects } = evaluateRules(metadata, EVENT_PROGRAM, { events: [], currentEvent: event })

    expect(summary(effects)).toEqual(['Xh9idCUkyaE/BU1pK9RQLu4/ERRORONCOMPLETE'])
  })

  it('tracker programme: an enrollment date after today triggers the stage error', () => {
    const enrollment = { enrollment: 'enTa0000001', orgUnit: 'DiszpKrYNg8', enrolledAt: '2024-06-10T00:00:00.000', occurredAt: '2024-06-10' }
    const event = { event: 'evTa0000003', programStage: TRACKER_STAGE, occurredAt: '2024-06-01T00:00:00.000' }

    const future = evaluateRules(metadata, TRACKER, { enrollment, events: [event], currentEvent: event, today: '2024-06-01' })
    const past = evaluateRules(metadata, TRACKER, { enrollment, events: [event], currentEvent: event, today: '2024-06-20' })

    // The rule lists action gYMwXjEMRlS, whose own programRule points to another rule: we follow the rule's list.
    expect(summary(future.effects)).toEqual(['Xh9idCUkyaS/gYMwXjEMRlS/ERRORONCOMPLETE', 'Xh9idCUkyaS/hyJMNkTi9YG/SHOWERROR'])
    expect(future.effects.find((effect) => effect.type === 'SHOWERROR')).toMatchObject({
      content: 'TA on stage error',
      dataElement: 'inc5BJvr4W5',
      trackedEntityAttribute: 'dIVt4l5vIOa',
    })
    // 19 days after enrollment: the enrollment-date warning rule (no stage) and the event-date error fire instead.
    expect(summary(past.effects)).toEqual(['Xh9idCUkyaF/hyJMNkTi9YF/SHOWWARNING', 'lqESh9rF4XX/E4p8zQsczXX/SHOWERROR'])
  })
})
