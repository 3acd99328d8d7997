/**
 * The fixed vocabulary of the synthetic shelf. Domain terms are composed from word parts so the
 * shelf has a long tail of rare, topic-bearing words (thousands of them), as real abstracts do;
 * the connective words are common scientific prose.
 */

// Tables in this file keep several entries to a line (prettier-ignore): one per line would be hundreds of lines.
// prettier-ignore
const PREFIXES = [
  'hyper', 'neuro', 'quantum', 'spectro', 'thermo', 'photo', 'bio', 'geo', 'micro', 'nano', 'electro', 'cryo',
  'astro', 'aero', 'chemo', 'magneto', 'meta', 'poly', 'iso', 'para', 'proto', 'cyto', 'hydro', 'litho',
  'opto', 'piezo', 'radio', 'seismo', 'tribo', 'vaso', 'xeno', 'zymo', 'allo', 'baro', 'chrono', 'dendro',
  'endo', 'ferro', 'gluco', 'helio',
] as const;

// prettier-ignore
const ROOTS = [
  'graph', 'kinet', 'morph', 'lumin', 'plasm', 'therm', 'dynam', 'scop', 'metr', 'trop', 'genom', 'lith',
  'phon', 'synth', 'tens', 'vect', 'sorb', 'flux', 'cond', 'lys', 'phas', 'spin', 'tax', 'cycl', 'mer',
  'stat', 'crit', 'fract', 'grad', 'mod', 'sens', 'struct', 'vis', 'voc', 'mot', 'path', 'phil', 'chrom',
  'lect', 'form',
] as const;

const SUFFIXES = ['ic', 'ics', 'ism', 'ation', 'ity', 'al', 'ometry', 'ogenesis', 'ite', 'oid'] as const;

/** Deterministic domain terms: every prefix × root × suffix, thinned by a fixed stride. */
export const DOMAIN_TERMS: readonly string[] = (() => {
  const out: string[] = [];
  let k = 0;
  for (const p of PREFIXES) for (const r of ROOTS) for (const s of SUFFIXES) if (k++ % 4 === 0) out.push(p + r + s);
  return out;
})();

// prettier-ignore
export const NOUNS = [
  'model', 'method', 'framework', 'approach', 'algorithm', 'network', 'representation', 'estimator', 'system',
  'architecture', 'objective', 'regularizer', 'encoder', 'decoder', 'kernel', 'embedding', 'solver', 'sampler',
  'benchmark', 'dataset', 'baseline', 'pipeline', 'scheme', 'protocol', 'mechanism', 'operator', 'manifold',
  'distribution', 'posterior', 'gradient', 'attention', 'transformer', 'classifier', 'detector', 'simulation',
  'experiment', 'measurement', 'signal', 'spectrum', 'lattice', 'interface', 'membrane', 'catalyst', 'sensor',
  'trajectory', 'policy', 'controller', 'graph', 'tensor', 'field', 'potential', 'resonance', 'cascade',
] as const;

// prettier-ignore
export const ADJECTIVES = [
  'robust', 'scalable', 'efficient', 'sparse', 'dense', 'stochastic', 'deterministic', 'adaptive', 'hierarchical',
  'probabilistic', 'nonlinear', 'linear', 'convex', 'differentiable', 'unsupervised', 'self-supervised',
  'multimodal', 'lightweight', 'interpretable', 'anisotropic', 'isotropic', 'coherent', 'latent', 'generative',
  'discriminative', 'causal', 'temporal', 'spatial', 'low-rank', 'high-dimensional', 'distributed', 'federated',
  'continual', 'contrastive', 'variational', 'bayesian', 'spectral', 'geometric', 'topological', 'thermal',
  'quantum', 'molecular', 'cellular', 'atmospheric', 'structural', 'fine-grained', 'real-time', 'noisy',
] as const;

// prettier-ignore
export const VERBS = [
  'improves', 'reduces', 'stabilizes', 'accelerates', 'characterizes', 'predicts', 'explains', 'captures',
  'recovers', 'estimates', 'controls', 'regularizes', 'approximates', 'amplifies', 'suppresses', 'localizes',
] as const;

// prettier-ignore
export const PROBLEMS = [
  'overfitting', 'instability', 'high variance', 'slow convergence', 'catastrophic forgetting', 'distribution shift',
  'label noise', 'memory overhead', 'poor calibration', 'mode collapse', 'numerical drift', 'sample inefficiency',
  'spurious correlations', 'thermal noise', 'signal attenuation',
] as const;

// prettier-ignore
export const METRICS = [
  'accuracy', 'recall', 'precision', 'F1 score', 'mean squared error', 'throughput', 'latency', 'energy efficiency',
  'sample efficiency', 'signal-to-noise ratio', 'AUC', 'perplexity', 'fidelity', 'resolution', 'yield',
] as const;

// prettier-ignore
export const DATASETS = [
  'ImageNet', 'CIFAR-10', 'COCO', 'SQuAD', 'GLUE', 'MNIST', 'Cranfield', 'OpenWebText', 'KITTI', 'LibriSpeech',
  'PubMed', 'QM9', 'ERA5', 'Atari', 'MuJoCo', 'WikiText',
] as const;

// prettier-ignore
export const VENUES = [
  'NeurIPS', 'ICML', 'ICLR', 'CVPR', 'ACL', 'Physical Review Letters', 'Nature Communications', 'JMLR',
  'arXiv preprint', 'SIGIR', 'KDD', 'AAAI',
] as const;

// prettier-ignore
export const FIRST_NAMES = [
  'Ada', 'Alan', 'Amira', 'Bao', 'Carla', 'Chen', 'Dmitri', 'Elena', 'Farah', 'Giulia', 'Hiro', 'Ines', 'Jonas',
  'Kwame', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor',
  'Wen', 'Ximena', 'Yusuf', 'Zara', 'Pau', 'Luca', 'Arno',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Abe', 'Bianchi', 'Castro', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kim',
  'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka', 'Uddin', 'Varga',
  'Wang', 'Xu', 'Yilmaz', 'Zhou', 'Novak', 'Silva', 'Kowalski', 'Mensah', 'Lindqvist', 'Okonkwo',
] as const;
