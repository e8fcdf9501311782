import type { MethodologyInput } from '~/workflows/commands/install-methodology';

/**
 * Every phase gate of every method: a vendor deliverable due in the phase is accepted or waived before
 * the phase closes (the owner's rep's check; met when the phase has none).
 */
const vendorDeliverables = {
  key: 'vendorDeliverables',
  label: 'Every vendor deliverable due in this phase accepted or waived',
  evidence: 'vendors.deliverablesAccepted',
} as const;

/** The three methods the portal ships with. Admins may add others; workflows read these as data. */
export const methodologyTemplates: MethodologyInput[] = (
  [
    {
      key: 'SALE',
      name: 'SALE implementation',
      projectKind: 'implementation',
      description: 'Scope, Architect, Launch, Embed: from business need and requirements to a live, adopted SPM solution.',
      cadenceWeeks: null,
      loopToPhaseKey: null,
      phases: [
        {
          key: 'scope',
          name: 'Scope',
          purpose: 'Business need, charter, platform selection, requirements capture.',
          durationWeeks: 6,
          gateCriteria: [
            { key: 'charter', label: 'Project charter approved by the sponsor' },
            // "Selected and contracted" is two facts: the decision is computed from the platform selections
            // (issue 18); the contract with the chosen vendor is not in the portal, so it stays a ticked box.
            { key: 'platform', label: 'Platform selected: a selection decided and signed by the sponsor', evidence: 'selection.decided' },
            { key: 'contracted', label: 'Platform contract signed with the selected vendor' },
            { key: 'requirements', label: 'Requirements captured and reviewed with stakeholders' },
            { key: 'mustSignedOff', label: 'Every must-have requirement signed off', evidence: 'requirements.mustSignedOff' },
          ],
          milestones: [
            { name: 'Charter signed', atWeek: 2 },
            { name: 'Platform selected', atWeek: 4 },
            { name: 'Scope gate', atWeek: 6 },
          ],
        },
        {
          key: 'architect',
          name: 'Architect',
          purpose: 'Solution and plan-configuration design, data integration design, test strategy.',
          durationWeeks: 8,
          gateCriteria: [
            { key: 'solution', label: 'Solution and plan-configuration design reviewed' },
            { key: 'integration', label: 'Data integration design agreed with source-system owners' },
            { key: 'testStrategy', label: 'Test strategy approved, including payout test cases' },
          ],
          milestones: [
            { name: 'Design workshops complete', atWeek: 4 },
            { name: 'Architect gate', atWeek: 8 },
          ],
        },
        {
          key: 'launch',
          name: 'Launch',
          purpose: 'Build and configure, system test, UAT with payout test cases, parallel run, cutover.',
          durationWeeks: 14,
          gateCriteria: [
            // What the portal can compute is computed: no hand-ticked twin of a criterion below.
            { key: 'cutover', label: 'Cutover checklist complete and go-live approved' },
            { key: 'mustCovered', label: 'Every must-have requirement covered by a passing test case', evidence: 'requirements.mustCovered' },
            { key: 'criticalPass', label: 'Every critical payout case passes on the current plan version', evidence: 'testing.criticalPass' },
            { key: 'noSev12', label: 'No open severity-1 or severity-2 defect', evidence: 'defects.noOpenSev1or2' },
            {
              key: 'parallelSigned',
              label: 'Parallel-run variance report signed off with every variance explained',
              evidence: 'parallel.signedAndExplained',
            },
            { key: 'plansPublished', label: 'Every plan in scope has a published version that passed validation', evidence: 'plans.publishedAndValidated' },
          ],
          milestones: [
            { name: 'Build complete', atWeek: 5 },
            { name: 'UAT sign-off', atWeek: 10 },
            { name: 'Parallel run reconciled', atWeek: 13 },
            { name: 'Go-live', atWeek: 14 },
          ],
        },
        {
          key: 'embed',
          name: 'Embed',
          purpose: 'Deployment, training, hypercare, handover to E3.',
          durationWeeks: 6,
          gateCriteria: [
            { key: 'training', label: 'Training delivered to every payee group and administrator' },
            { key: 'hypercare', label: 'Hypercare issues closed or handed over' },
            { key: 'handover', label: 'Handover to E3 optimization agreed' },
          ],
          milestones: [
            { name: 'Training complete', atWeek: 3 },
            { name: 'Handover to E3', atWeek: 6 },
          ],
        },
      ],
    },
    {
      key: 'E3',
      name: 'E3 optimization',
      projectKind: 'optimization',
      description: 'Establish a baseline, Evaluate against it at a planned cadence, Evolve what the evaluation shows.',
      cadenceWeeks: 13,
      loopToPhaseKey: 'evaluate',
      phases: [
        {
          key: 'establish',
          name: 'Establish',
          purpose: 'Baseline KPIs: payout accuracy, dispute rate, manual adjustments, cycle time, cost of sales, plan count.',
          durationWeeks: 6,
          gateCriteria: [
            { key: 'kpis', label: 'Baseline KPIs measured and agreed', evidence: 'e3.baselineSigned' },
            { key: 'cadence', label: 'Review cadence and owners agreed' },
          ],
          milestones: [{ name: 'Baseline agreed', atWeek: 6 }],
        },
        {
          key: 'evaluate',
          name: 'Evaluate',
          purpose: 'Cadence review of the KPIs against the baseline; findings and recommendations.',
          durationWeeks: 4,
          gateCriteria: [
            { key: 'review', label: 'Cadence review held and KPIs compared with the baseline', evidence: 'e3.reviewHeld' },
            { key: 'findings', label: 'Findings prioritised with the business' },
          ],
          milestones: [{ name: 'Cadence review', atWeek: 2 }],
        },
        {
          key: 'evolve',
          name: 'Evolve',
          purpose: 'Change requests through requirements, tests and sign-off; then evaluate again.',
          durationWeeks: 9,
          gateCriteria: [
            { key: 'changes', label: 'Agreed changes deployed and tested' },
            { key: 'communicated', label: 'Changes communicated to payees' },
          ],
          milestones: [{ name: 'Changes deployed', atWeek: 8 }],
        },
      ],
    },
    {
      key: 'RECOVERY',
      name: 'Project recovery',
      projectKind: 'recovery',
      description: 'Assess a troubled implementation, agree a corrective plan as a new baseline, track the turnaround.',
      cadenceWeeks: null,
      loopToPhaseKey: null,
      phases: [
        {
          key: 'assess',
          name: 'Assess',
          purpose: 'Current state across scope, resources, roles and responsibilities, testing, monitoring and control.',
          durationWeeks: 3,
          gateCriteria: [
            { key: 'scope', label: 'Scope and requirements assessed', evidence: 'recovery.scopeAssessed' },
            { key: 'resources', label: 'Resource availability and capability assessed', evidence: 'recovery.resourcesAssessed' },
            { key: 'roles', label: 'Roles and responsibilities assessed', evidence: 'recovery.rolesAssessed' },
            { key: 'testing', label: 'Testing approach and results assessed', evidence: 'recovery.testingAssessed' },
            { key: 'control', label: 'Monitoring and control assessed', evidence: 'recovery.controlAssessed' },
          ],
          milestones: [{ name: 'Assessment report', atWeek: 3 }],
        },
        {
          key: 'corrective',
          name: 'Corrective plan',
          purpose: 'Corrective actions with revised timelines, accepted by leadership as the new baseline.',
          durationWeeks: 3,
          gateCriteria: [
            { key: 'plan', label: 'Corrective plan with revised timeline written', evidence: 'recovery.planWritten' },
            { key: 'accepted', label: 'Leadership accepted the plan as the new baseline', evidence: 'recovery.planAccepted' },
          ],
          milestones: [{ name: 'Plan accepted', atWeek: 3 }],
        },
        {
          key: 'turnaround',
          name: 'Turnaround',
          purpose: 'Execute the corrective plan, tracked against the new baseline.',
          durationWeeks: 14,
          gateCriteria: [
            { key: 'delivered', label: 'Corrective actions delivered' },
            { key: 'stable', label: 'Project back on its baseline for two consecutive reviews' },
          ],
          milestones: [
            { name: 'Midpoint review', atWeek: 7 },
            { name: 'Turnaround complete', atWeek: 14 },
          ],
        },
      ],
    },
  ] satisfies MethodologyInput[]
).map((method) => ({ ...method, phases: method.phases.map((phase) => ({ ...phase, gateCriteria: [...phase.gateCriteria, vendorDeliverables] })) }));
