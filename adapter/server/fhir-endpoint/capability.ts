/**
 * The CapabilityStatement at `/fhir/metadata`: exactly what the endpoint accepts. Task read,
 * update and create (a partner's own Tasks only), and `POST /fhir` with an R4 Subscriptions
 * Backport notification (a `history` Bundle; id-only entries are fetched back from the partner's
 * server). Bearer tokens, one per partner. Nothing else is offered.
 */
export function capabilityStatement(options: { software: string; version: string; url?: string }) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-01',
    kind: 'instance',
    software: { name: options.software, version: options.version },
    implementation: { description: 'CPCM adapter: referral feedback from Isange One Stop Centres and health facilities', ...(options.url ? { url: options.url } : {}) },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [{
      mode: 'server',
      documentation:
        'Facilities send referral feedback here: their Task (status, businessStatus, outputs coded in ' +
        'https://ncda.gov.rw/fhir/cpcm/CodeSystem/referral-parameter) by PUT Task/[referral id] or POST Task, and subscription ' +
        'notifications (R4 Subscriptions Backport, history Bundle; id-only payloads are read back from the partner\'s server) by POST to the base. ' +
        'Encounters (type in CodeSystem/health-service, basedOn our ServiceRequest), Observations and Procedures (code in CodeSystem/health-finding), ' +
        'Communications and DocumentReferences (basedOn/about/context.related our Task or ServiceRequest) arrive in notifications. ' +
        'A partner reads and updates only the Tasks of referrals sent to it.',
      security: {
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth', display: 'OAuth' }], text: 'Bearer token per partner' }],
        description: 'Authorization: Bearer <the partner\'s inbound token>. 401 without it, 403 for another partner\'s Task.',
      },
      resource: [{
        type: 'Task',
        interaction: [{ code: 'read' }, { code: 'update' }, { code: 'create' }],
        versioning: 'no-version',
        updateCreate: false,
        conditionalCreate: false,
        conditionalUpdate: false,
        searchParam: [],
        documentation: 'The id is our referral id (identifier system https://ncda.gov.rw/fhir/cpcm/sid/referral); the Task must carry that identifier.',
      }],
    }],
  }
}
