/**
 * arXiv identifiers as operators paste them: bare (`2310.13040`), versioned (`2310.13040v2`),
 * prefixed (`arXiv:2310.13040`), abs/pdf URLs, and old-style ids (`hep-th/9901001`). Pure.
 */

export interface ArxivId {
  /** The id without a version, e.g. `2310.13040` or `hep-th/9901001`. */
  id: string;
  /** The version number when the input named one (`v2` → 2), else null. */
  version: number | null;
}

// New-style ids since April 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN (from 2015).
const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
// Old-style ids: archive(.subject-class)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)*(?:\.[A-Za-z-]+)?\/\d{7})(?:v(\d+))?$/;

/** Parses one id or URL; null when it is not an arXiv id. */
export function parseArxivId(input: string): ArxivId | null {
  let s = input.trim();
  const url = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/(.+)$/i.exec(s);
  if (url) {
    s = url[1]!
      .replace(/[?#].*$/, '')
      .replace(/\.pdf$/i, '')
      .replace(/\/$/, '');
  } else {
    s = s.replace(/^arxiv:/i, '');
  }
  const m = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  if (!m) return null;
  const id = m[1]!;
  if (NEW_STYLE.test(id)) {
    const month = Number(id.slice(2, 4));
    if (month < 1 || month > 12) return null;
  }
  return { id, version: m[2] === undefined ? null : Number(m[2]) };
}

/** The shelf id of an arXiv paper: always unversioned, so a new version replaces the old one. */
export function shelfId(arxivId: string): string {
  return `arxiv:${arxivId}`;
}

/** The arXiv id of a shelf id, or null for papers that did not come from arXiv. */
export function arxivIdOfShelfId(id: string): string | null {
  if (!id.startsWith('arxiv:')) return null;
  return parseArxivId(id.slice('arxiv:'.length))?.id ?? null;
}

/** The abstract page of a paper (unversioned: it always shows the latest version). */
export function absUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}
