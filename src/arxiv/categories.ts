/**
 * arXiv's category taxonomy (https://arxiv.org/category_taxonomy). The API answers an unknown
 * category with an empty result, indistinguishable from a quiet day, so names are checked here.
 */

const GROUPS: Record<string, string[]> = {
  cs: 'AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI OH OS PF PL RO SC SD SE SI SY'.split(' '),
  math: 'AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST'.split(' '),
  stat: 'AP CO ME ML OT TH'.split(' '),
  eess: 'AS IV SP SY'.split(' '),
  econ: 'EM GN TH'.split(' '),
  'q-bio': 'BM CB GN MN NC OT PE QM SC TO'.split(' '),
  'q-fin': 'CP EC GN MF PM PR RM ST TR'.split(' '),
  physics:
    'acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph'.split(
      ' ',
    ),
  'astro-ph': 'CO EP GA HE IM SR'.split(' '),
  'cond-mat': 'dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con'.split(' '),
  nlin: 'AO CD CG PS SI'.split(' '),
};

/** Archives without subject classes (and the old whole-archive names the API still accepts). */
const STANDALONE = ['gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nucl-ex', 'nucl-th', 'quant-ph', 'astro-ph', 'cond-mat'];

export const ARXIV_CATEGORIES: ReadonlySet<string> = new Set([
  ...STANDALONE,
  ...Object.entries(GROUPS).flatMap(([archive, subjects]) => subjects.map((s) => `${archive}.${s}`)),
]);

/** The category as arXiv spells it (case-insensitive match), or null when arXiv has no such category. */
export function canonicalCategory(name: string): string | null {
  const wanted = name.trim().toLowerCase();
  for (const c of ARXIV_CATEGORIES) if (c.toLowerCase() === wanted) return c;
  return null;
}

/** A message for an unknown category, suggesting those of the same archive. */
export function unknownCategoryMessage(name: string): string {
  const archive = name.trim().split('.')[0]!.toLowerCase();
  const same = [...ARXIV_CATEGORIES].filter((c) => c.toLowerCase().startsWith(`${archive}.`));
  const hint = same.length > 0 ? ` (${archive} has: ${same.join(', ')})` : ' (see https://arxiv.org/category_taxonomy)';
  return `unknown arXiv category "${name.trim()}"${hint}`;
}

/** Splits and checks a comma-separated list; returns the canonical names or the unknown ones. */
export function parseCategoryList(list: string): { categories: string[]; unknown: string[] } {
  const categories: string[] = [];
  const unknown: string[] = [];
  for (const part of list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const c = canonicalCategory(part);
    if (c === null) unknown.push(part);
    else if (!categories.includes(c)) categories.push(c);
  }
  return { categories, unknown };
}
