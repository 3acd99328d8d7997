/**
 * Inline LaTeX in abstracts: finding math spans (the sentence splitter must never cut inside one)
 * and turning them into readable plain text for quotes. Pure; readableLatex never throws.
 */

export interface Span {
  /** Offset of the opening delimiter. */
  start: number;
  /** Offset just past the closing delimiter. */
  end: number;
}

function isEscaped(text: string, i: number): boolean {
  let backslashes = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Inline math spans: `$...$`, `$$...$$` and `\(...\)`. A single `$` only opens math when followed
 * by a non-space and only closes when preceded by a non-space and not followed by a digit (the
 * pandoc rule), so prices like "$5 and $10" are not mistaken for math. Math never crosses a blank line.
 */
export function findMathSpans(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '(' && !isEscaped(text, i)) {
      const close = text.indexOf('\\)', i + 2);
      if (close !== -1 && !crossesBlankLine(text, i, close)) {
        spans.push({ start: i, end: close + 2 });
        i = close + 2;
        continue;
      }
    } else if (c === '$' && !isEscaped(text, i)) {
      const end = text[i + 1] === '$' ? closeDisplay(text, i) : closeInline(text, i);
      if (end !== -1) {
        spans.push({ start: i, end });
        i = end;
        continue;
      }
    }
    i++;
  }
  return spans;
}

function crossesBlankLine(text: string, from: number, to: number): boolean {
  return /\n[ \t\r]*\n/.test(text.slice(from, to));
}

function closeDisplay(text: string, open: number): number {
  let j = text.indexOf('$$', open + 2);
  while (j !== -1 && isEscaped(text, j)) j = text.indexOf('$$', j + 1);
  if (j === -1 || j === open + 2 || crossesBlankLine(text, open, j)) return -1;
  return j + 2;
}

function closeInline(text: string, open: number): number {
  if (open + 1 >= text.length || isSpace(text[open + 1])) return -1;
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === '\n' && /^\n[ \t\r]*\n/.test(text.slice(j))) return -1;
    if (text[j] !== '$' || isEscaped(text, j)) continue;
    if (isSpace(text[j - 1]) || isDigit(text[j + 1])) continue;
    return j + 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Conversion tables (prettier-ignore: several entries to a line; one per line would be hundreds of lines)

// prettier-ignore
const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ',
  varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ',
  Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

/** Binary operators and relations: printed with a space either side when they sit between operands. */
// prettier-ignore
const OPERATORS: Record<string, string> = {
  times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓', leq: '≤', le: '≤', geq: '≥', ge: '≥',
  neq: '≠', ne: '≠', approx: '≈', sim: '~', simeq: '≃', cong: '≅', equiv: '≡', propto: '∝',
  ll: '≪', gg: '≫', to: '→', rightarrow: '→', leftarrow: '←', gets: '←', Rightarrow: '⇒',
  Leftarrow: '⇐', leftrightarrow: '↔', Leftrightarrow: '⇔', mapsto: '↦', implies: '⟹', iff: '⟺',
  in: '∈', notin: '∉', ni: '∋', subset: '⊂', subseteq: '⊆', supset: '⊃', supseteq: '⊇', cup: '∪',
  cap: '∩', setminus: '∖', circ: '∘', otimes: '⊗', oplus: '⊕', odot: '⊙', wedge: '∧', land: '∧',
  vee: '∨', lor: '∨', mid: '|', perp: '⊥', parallel: '∥',
};
const PLAIN_OPERATORS = new Set(['=', '<', '>', '+', '-']);

/** Symbols printed as they are, with no spacing of their own. */
// prettier-ignore
const SYMBOLS: Record<string, string> = {
  infty: '∞', partial: '∂', nabla: '∇', forall: '∀', exists: '∃', neg: '¬', lnot: '¬',
  emptyset: '∅', varnothing: '∅', sum: '∑', prod: '∏', int: '∫', oint: '∮', ldots: '…',
  dots: '…', cdots: '⋯', vdots: '⋮', ddots: '⋱', prime: '′', ast: '∗', star: '⋆', dagger: '†',
  top: 'ᵀ', bot: '⊥', ell: 'ℓ', hbar: 'ħ', langle: '⟨', rangle: '⟩', lvert: '|', rvert: '|',
  vert: '|', lVert: '‖', rVert: '‖', Vert: '‖', lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉',
  lbrace: '{', rbrace: '}', degree: '°', checkmark: '✓', S: '§', aleph: 'ℵ',
};

/** Named functions, printed upright and followed by a space when an operand follows. */
// prettier-ignore
const FUNCTIONS = new Set([
  'log', 'ln', 'lg', 'exp', 'sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'arcsin', 'arccos', 'arctan',
  'sinh', 'cosh', 'tanh', 'max', 'min', 'sup', 'inf', 'lim', 'liminf', 'limsup', 'arg', 'argmax',
  'argmin', 'det', 'dim', 'ker', 'deg', 'gcd', 'Pr', 'mod', 'bmod', 'Tr', 'tr', 'diag', 'rank',
]);

/** Font and text commands: the argument is shown as it is. */
// prettier-ignore
const FONTS = new Set([
  'mathcal', 'mathbf', 'mathrm', 'mathit', 'mathsf', 'mathtt', 'mathfrak', 'mathscr', 'boldsymbol',
  'bm', 'operatorname', 'text', 'textrm', 'textbf', 'textit', 'textsf', 'texttt', 'textnormal',
  'emph', 'mbox', 'hbox', 'textup', 'underline', 'mathnormal', 'pmb',
]);
const TEXT_MODE = new Set(['text', 'textrm', 'textbf', 'textit', 'textsf', 'texttt', 'textnormal', 'emph', 'mbox', 'hbox', 'textup']);

// prettier-ignore
const BLACKBOARD: Record<string, string> = {
  R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', E: '𝔼', P: 'ℙ', H: 'ℍ', '1': '𝟙',
};

/** Combining accents for a single-character argument (\hat{x} → x̂). */
// prettier-ignore
const ACCENTS: Record<string, string> = {
  hat: '\u0302', widehat: '\u0302', tilde: '\u0303', widetilde: '\u0303', bar: '\u0304',
  overline: '\u0305', vec: '\u20D7', dot: '\u0307', ddot: '\u0308',
};

/** Commands that only change sizes or spacing hints: dropped. */
// prettier-ignore
const DROPPED = new Set([
  'left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr',
  'middle', 'displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits', 'nonumber', '!',
]);
/** Commands whose arguments are references, not content: dropped with their argument. */
const DROPPED_WITH_ARGUMENT = new Set(['label', 'cite', 'citep', 'citet', 'ref', 'eqref']);
const SPACES = new Set([',', ';', ':', '>', ' ', 'quad', 'qquad', 'enspace', 'thinspace', '\\']);

/** An escaped `\$` is a literal dollar: held as a private-use character until unpaired `$` are dropped. */
const LITERAL_DOLLAR = '\uE000';
const ESCAPED: Record<string, string> = { '%': '%', '&': '&', $: LITERAL_DOLLAR, '#': '#', _: '_', '{': '{', '}': '}' };

// prettier-ignore
const SUB: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ',
  l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
  β: 'ᵦ', γ: 'ᵧ', ρ: 'ᵨ', φ: 'ᵩ', χ: 'ᵪ',
};
// prettier-ignore
const SUP: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '∘': '°', '=': '⁼', '(': '⁽', ')': '⁾', a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ',
  g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ', l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ',
  t: 'ᵗ', u: 'ᵘ', v: 'ᵛ', w: 'ʷ', x: 'ˣ', y: 'ʸ', z: 'ᶻ', T: 'ᵀ', '*': '*', '′': '′', ᵀ: 'ᵀ',
  '∗': '*', '°': '°', '†': '†', '⋆': '*',
};

// ---------------------------------------------------------------------------------------------
// A tiny recursive reader over math source

type Piece =
  | { kind: 'text'; value: string } // an ordinary run of output
  | { kind: 'op'; value: string } // an operator wanting spaces around it
  | { kind: 'fn'; value: string } // a named function wanting a space before its operand
  | { kind: 'space' }; // an explicit space

class MathReader {
  private i = 0;
  constructor(private readonly src: string) {}

  /** Reads until the end or an unmatched `}`; returns the readable text. */
  readSequence(): string {
    const pieces: Piece[] = [];
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (c === '}') break;
      const piece = this.readPiece(pieces);
      if (piece) pieces.push(piece);
    }
    return joinPieces(pieces);
  }

  /** After readSequence stopped at a `}` with no matching `{`: skips it so reading can go on. */
  skipStrayBrace(): boolean {
    if (this.src[this.i] !== '}') return false;
    this.i++;
    return true;
  }

  private readPiece(before: Piece[]): Piece | null {
    const c = this.src[this.i]!;
    if (/\s/.test(c)) {
      this.i++;
      return null; // spaces in math are insignificant; layout comes from joinPieces
    }
    if (c === '_' || c === '^') {
      this.i++;
      const arg = this.readArgument();
      const last = before[before.length - 1];
      const script = scriptText(arg, c === '_' ? SUB : SUP, c);
      if (last && last.kind !== 'space') {
        last.value += script;
        return null;
      }
      return { kind: 'text', value: script };
    }
    if (c === '{') return { kind: 'text', value: this.readGroup() };
    if (c === '~') {
      this.i++;
      return { kind: 'space' };
    }
    if (c === '\\') return this.readCommand();
    this.i++;
    if (PLAIN_OPERATORS.has(c)) return { kind: 'op', value: c === '-' ? '−' : c };
    if (c === ',') return { kind: 'text', value: ', ' };
    if (c === "'") return { kind: 'text', value: '′' };
    return { kind: 'text', value: c };
  }

  private readGroup(): string {
    this.i++; // the `{`
    const inner = this.readSequence();
    if (this.src[this.i] === '}') this.i++;
    return inner;
  }

  /** One argument: a `{group}`, a command, or a single character. */
  private readArgument(): string {
    while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
    const c = this.src[this.i];
    if (c === undefined) return '';
    if (c === '{') return this.readGroup();
    if (c === '\\') {
      const piece = this.readCommand();
      return piece && piece.kind !== 'space' ? piece.value : '';
    }
    this.i++;
    return c;
  }

  /** Raw text of a `{group}` argument, for text-mode commands where spaces matter. */
  private readTextArgument(): string {
    while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
    if (this.src[this.i] !== '{') return this.readArgument();
    let depth = 0;
    const start = this.i + 1;
    for (; this.i < this.src.length; this.i++) {
      const c = this.src[this.i];
      if (c === '\\') {
        this.i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    const raw = this.src.slice(start, this.i);
    if (this.src[this.i] === '}') this.i++;
    return readableText(raw);
  }

  private readCommand(): Piece | null {
    this.i++; // the backslash
    const rest = this.src.slice(this.i);
    const word = /^[A-Za-z]+/.exec(rest)?.[0];
    if (!word) {
      const symbol = this.src[this.i];
      if (symbol === undefined) return null;
      this.i++;
      if (symbol in ESCAPED) return { kind: 'text', value: ESCAPED[symbol]! };
      if (symbol === '|') return { kind: 'text', value: '‖' };
      if (SPACES.has(symbol)) return { kind: 'space' };
      if (DROPPED.has(symbol)) return null;
      return { kind: 'text', value: symbol };
    }
    this.i += word.length;
    if (word in GREEK) return { kind: 'text', value: GREEK[word]! };
    if (word in OPERATORS) return { kind: 'op', value: OPERATORS[word]! };
    if (word in SYMBOLS) return { kind: 'text', value: SYMBOLS[word]! };
    if (FUNCTIONS.has(word)) return { kind: 'fn', value: word };
    if (SPACES.has(word)) return { kind: 'space' };
    if (DROPPED_WITH_ARGUMENT.has(word)) {
      this.readArgument();
      return null;
    }
    if (DROPPED.has(word)) return null;
    if (TEXT_MODE.has(word)) return { kind: 'text', value: this.readTextArgument() };
    if (word === 'mathbb') {
      const arg = this.readArgument();
      return { kind: 'text', value: [...arg].map((ch) => BLACKBOARD[ch] ?? ch).join('') };
    }
    if (FONTS.has(word)) return { kind: 'text', value: this.readArgument() };
    if (word in ACCENTS) {
      const arg = this.readArgument();
      return { kind: 'text', value: [...arg].length === 1 ? arg + ACCENTS[word]! : arg };
    }
    if (word === 'frac' || word === 'dfrac' || word === 'tfrac') {
      const num = this.readArgument();
      const den = this.readArgument();
      return { kind: 'text', value: `${wrap(num)}/${wrap(den)}` };
    }
    if (word === 'sqrt') {
      return { kind: 'text', value: `√${wrap(this.readArgument())}` };
    }
    // Unknown command: keep its name so nothing silently disappears (\foo{x} → "foo x").
    return { kind: 'fn', value: word };
  }
}

/** Parenthesises a multi-symbol fraction part so `a+b/c` does not misread. */
function wrap(s: string): string {
  return [...s].length <= 1 || /^[\p{L}\p{N}.]+$/u.test(s) ? s : `(${s})`;
}

function scriptText(arg: string, table: Record<string, string>, marker: string): string {
  const chars = [...arg.replace(/\s+/g, '')];
  if (chars.length === 0) return '';
  // Unicode letter sub/superscripts are hard to read beyond a couple (xᵢⱼ yes, Lₜᵣₐᵢₙ no).
  const short = chars.length <= 2 || !chars.some((ch) => /\p{L}/u.test(ch));
  if (short && chars.every((ch) => ch in table)) return chars.map((ch) => table[ch]).join('');
  return /^[\p{L}\p{N}]+$/u.test(chars.join('')) ? `${marker}${chars.join('')}` : `${marker}(${arg.trim()})`;
}

const isOperand = (p: Piece | undefined): boolean => p !== undefined && (p.kind === 'text' || p.kind === 'fn');

/** Lays pieces out: operators get spaces between operands, functions a space before an operand. */
function joinPieces(pieces: Piece[]): string {
  let out = '';
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    const prev = pieces[k - 1];
    const next = pieces[k + 1];
    if (p.kind === 'space') {
      if (out !== '' && !out.endsWith(' ') && next !== undefined) out += ' ';
      continue;
    }
    if (p.kind === 'op') {
      // Spaced only between two operands: "n × m", but "30×" and "~5".
      const binary = isOperand(prev) && isOperand(next) && !/[([{]$/.test(out);
      if (binary && !out.endsWith(' ')) out += ' ';
      out += p.value;
      if (binary) out += ' ';
      continue;
    }
    if (p.kind === 'fn') {
      if (/[\p{L}\p{N}]$/u.test(out)) out += ' '; // n log n, not nlog n
      out += p.value;
      // log₂L reads as log₂ L; log(x) stays tight.
      if (next !== undefined && next.kind === 'text' && /^[\p{L}\p{N}\\]/u.test(next.value)) out += ' ';
      continue;
    }
    // A comma piece carries its own trailing space; drop it at the end of the math.
    out += next === undefined ? p.value.replace(/ $/, '') : p.value;
  }
  return out.replace(/ {2,}/g, ' ');
}

/** Converts the content of one math span (without delimiters). */
function readableMath(content: string): string {
  const reader = new MathReader(content);
  let out = '';
  // A stray `}` would stop the reader; skip it and keep going so nothing is lost.
  for (let guard = 0; guard <= content.length; guard++) {
    out += reader.readSequence();
    if (!reader.skipStrayBrace()) break;
  }
  return out.trim();
}

/** Text-mode LaTeX outside math: escapes and simple formatting commands. */
function readableText(text: string): string {
  return text
    .replace(/\\\$/g, LITERAL_DOLLAR)
    .replace(/\\([%&#_{}])/g, '$1')
    .replace(/\\(?:textbf|textit|emph|textrm|textsf|texttt|textup|underline|mbox|text)\{([^{}]*)\}/g, '$1')
    .replace(/\s*\\(?:cite[pt]?|ref|eqref|label)\{[^{}]*\}/g, '')
    .replace(/\\([A-Za-z]+)/g, (_m, name: string) => GREEK[name] ?? SYMBOLS[name] ?? OPERATORS[name] ?? name)
    .replace(/\\(?=\s|$)/g, '');
}

/**
 * Turns inline LaTeX into readable text for quotes: `$\mathcal{O}(\log_2L)$` → `O(log₂ L)`,
 * `$80 \%$` → `80%`, `$30\times$` → `30×`. Text outside math keeps its characters; only
 * backslash escapes and formatting commands there are resolved. Never throws.
 */
export function readableLatex(text: string): string {
  try {
    let out = '';
    let last = 0;
    for (const span of findMathSpans(text)) {
      out += readableText(text.slice(last, span.start));
      const raw = text.slice(span.start, span.end);
      const inner = raw.startsWith('$$')
        ? raw.slice(2, -2)
        : raw.startsWith('\\(')
          ? raw.slice(2, -2)
          : raw.slice(1, -1);
      out += readableMath(inner);
      last = span.end;
    }
    out += readableText(text.slice(last));
    // A `$` left over is unpaired: keep it before a number (a price), drop it otherwise.
    return out.replace(/\$(?!\d)/g, '').replaceAll(LITERAL_DOLLAR, '$');
  } catch {
    // Defensive: a quote must never fail to render because of odd markup.
    return text.replace(/[$\\]/g, '');
  }
}
