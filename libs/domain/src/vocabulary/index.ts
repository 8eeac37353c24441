export * from './bilingual-label';
export * from './case-phase-labels';
export * from './case-state-labels';
export * from './document-kind-labels';
export * from './timeline-event-labels';
