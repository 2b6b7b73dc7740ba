/**
 * Per-subject traits (species, sex, age, genotype), derived from the dandiset and the subject's
 * ordinal alone, so participants.tsv at seed time and asset metadata generated much later agree.
 */
import { Prng } from '../common/prng.ts';
import type { DandisetRecord } from './model.ts';
import { DISORDERS, GENOTYPE_LOCI, SEXES, SPECIES, STRAINS, type Species, VENDORS } from './vocab.ts';

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

/**
 * The rarer Participant fields (altName, vendor, cellLine, disorder, relatedParticipant and a
 * structured genotype), from their own seed so the traits above never change with them.
 */
export function subjectExtras(ds: DandisetRecord, subjectIndex: number, label: string): Record<string, unknown> {
  const rng = new Prng(`dandi:subject-extras:${ds.identifier}:${subjectIndex}`);
  const t = subjectTraits(ds, subjectIndex);
  const out: Record<string, unknown> = {};
  if (rng.chance(0.3)) out.altName = [`${t.species.common === 'human' ? 'P' : 'A'}${rng.int(100, 9999)}`];
  if (t.species.common === 'human') {
    if (rng.chance(0.7)) {
      const d = rng.pick(DISORDERS);
      out.disorder = [
        {
          dxdate: [
            `${rng.int(2005, 2022)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
          ],
          identifier: d.identifier,
          name: d.name,
          schemaKey: 'Disorder',
        },
      ];
    }
  } else if (t.species.common === 'mouse' || t.species.common === 'rat') {
    if (rng.chance(0.5)) {
      const v = rng.pick(VENDORS);
      out.vendor = { identifier: v.identifier, name: v.name, schemaKey: 'Organization', url: v.url };
    }
    if (rng.chance(0.12)) {
      out.relatedParticipant = [
        { identifier: `${label}-dam`, relation: 'dandi:isChildOf', schemaKey: 'RelatedParticipant' },
      ];
    }
  } else if (rng.chance(0.2)) {
    out.cellLine = rng.pick(['AB', 'TL', 'casper']);
  }
  const locus = t.genotype ? GENOTYPE_LOCI[t.genotype] : undefined;
  if (locus && rng.chance(0.35)) {
    // Newer dandi-cli writes the genotype as GenotypeInfo when the NWB file spells it out.
    out.genotype = [
      {
        alleles: [
          { alleleSymbol: t.genotype, alleleType: locus.type, identifier: [locus.allele], schemaKey: 'Allele' },
        ],
        locus: { identifier: [locus.locus], locusType: 'gene', schemaKey: 'Locus' },
        schemaKey: 'GenotypeInfo',
      },
    ];
  }
  return out;
}
