/**
 * `Manipulation`: what was done to subjects during a session (stimulation, injection, ...).
 * Root fields `manipulation` / `manipulations` and its mutations.
 */
import { ManipulationType } from './refs.ts';
import { sessionModule } from './session-module.ts';

sessionModule(ManipulationType, {
  description:
    'A manipulation applied during a session (stimulation, injection, ...), through the procedures that made it possible.',
  examples: '"OptogeneticStimulation", "ElectricalStimulation", "PharmacologicalInjection"',
  proceduresRequired: true,
});
