/**
 * Per-subject traits (species, sex, age, genotype), derived from the dandiset and the subject's
 * ordinal alone, so participants.tsv at seed time and asset metadata generated much later agree.
 */
import { Prng } from '../common/prng.ts';
import type { DandisetRecord } from './model.ts';
import { SEXES, SPECIES, STRAINS, type Species } from './vocab.ts';

export interface SubjectTraits {
  species: Species;
  sex: { name: string; identifier?: string };
  /** ISO-8601 duration of the subject's age at acquisition. */
  age: string;
  genotype: string | undefined;
  strain: string | undefined;
}

export function subjectTraits(ds: DandisetRecord, subjectIndex: number): SubjectTraits {
  const rng = new Prng(`dandi:subject:${ds.identifier}:${subjectIndex}`);
  const speciesName = ds.profile.species[subjectIndex % ds.profile.species.length] ?? ds.profile.species[0];
  const species = SPECIES.find((s) => s.name === speciesName) ?? (SPECIES[0] as Species);
  const sex = rng.chance(0.06) ? { name: 'Unknown' } : { ...rng.pick(SEXES) };
  const days = rng.int(species.ageDays[0], species.ageDays[1]);
  // Humans and primates are reported in years, rodents in days (some with a time part).
  let age: string;
  if (days > 2000) age = `P${Math.floor(days / 365)}Y`;
  else if (rng.chance(0.15)) age = `P${days}DT${rng.int(0, 86_399)}S`;
  else age = `P${days}D`;
  // One strain per species within a dandiset: a lab breeds its own colony.
  const strains = STRAINS[species.common];
  const mouse = species.common === 'mouse';
  return {
    species,
    sex,
    age,
    genotype: mouse && ds.profile.genotypes.length ? rng.pick(ds.profile.genotypes) : undefined,
    strain: strains ? new Prng(`dandi:strain:${ds.identifier}:${species.common}`).pick(strains) : undefined,
  };
}

export type SubjectStyle = 'num' | 'animal' | 'date';

/** A BIDS-safe subject label (alphanumeric), unique per ordinal within one dandiset. */
export function subjectLabel(style: SubjectStyle, i: number, offset: number, prefix: string): string {
  if (style === 'num') return String(i + 1).padStart(3, '0');
  if (style === 'animal') return `${prefix}${offset + i}`;
  return `${offset}${String(i).padStart(3, '0')}`;
}
