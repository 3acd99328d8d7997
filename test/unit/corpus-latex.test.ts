import { describe, expect, it } from 'vitest';
import { findMathSpans, readableLatex } from '../../src/corpus/latex.js';

describe('readableLatex', () => {
  it.each([
    ['$\\mathcal{O}(\\log_2L)$', 'O(log₂ L)'],
    ['$\\mathcal{O}(L)$', 'O(L)'],
    ['$80 \\%$', '80%'],
    ['speedups of up to $30\\times$ for forward', 'speedups of up to 30× for forward'],
    ['a sequence of $L$ steps', 'a sequence of L steps'],
    ['$n \\times m$', 'n × m'],
    ['$x^2 + y^{10}$', 'x² + y¹⁰'],
    ['$x_{ij}$', 'xᵢⱼ'],
    ['$e^{-x}$', 'e⁻ˣ'],
    ['$L_{\\text{train}}$', 'L_train'],
    ['$\\alpha \\leq \\beta$', 'α ≤ β'],
    ['$a \\geq b$', 'a ≥ b'],
    ['$\\approx 3$', '≈3'],
    ['$\\sim 5$', '~5'],
    ['$a\\sim b$', 'a ~ b'],
    ['$\\Omega$ and $\\lambda$', 'Ω and λ'],
    ['$\\mathbf{W}\\mathrm{x}$', 'Wx'],
    ['$\\text{if } x$', 'if x'],
    ['$\\log n$', 'log n'],
    ['$O(n \\log n)$', 'O(n log n)'],
    ['$\\sin(x)$', 'sin(x)'],
    ['$\\frac{a+b}{2}$', '(a + b)/2'],
    ['$\\sqrt{d}$', '√d'],
    ['$\\hat{x}$', 'x̂'],
    ['$\\mathbb{R}^d$', 'ℝᵈ'],
    ['$W^\\top x$', 'Wᵀx'],
    ['$90^\\circ$', '90°'],
    ['$\\left( a \\right)$', '(a)'],
    ['$f(x, y)$', 'f(x, y)'],
    ['$\\{1,\\dots,n\\}$', '{1, …, n}'],
    ['$$E = mc^2$$', 'E = mc²'],
    ['\\(x_1\\)', 'x₁'],
  ])('%s → %s', (input, expected) => {
    expect(readableLatex(input)).toBe(expected);
  });

  it('keeps unknown commands by name, without the backslash', () => {
    expect(readableLatex('$\\foo$')).toBe('foo');
    expect(readableLatex('$\\foo{x}$')).toBe('foo x');
  });

  it('leaves plain text alone and resolves escapes outside math', () => {
    const plain = 'Synbols -- Synthetic Symbols -- a tool (e.g. fonts) ~5 items.';
    expect(readableLatex(plain)).toBe(plain);
    expect(readableLatex('50\\% of \\textbf{all} runs \\cite{smith}.')).toBe('50% of all runs.');
  });

  it('keeps prices and escaped dollars, drops unpaired math dollars', () => {
    expect(readableLatex('costs $5 and $10')).toBe('costs $5 and $10');
    expect(readableLatex('\\$5 only')).toBe('$5 only');
    expect(readableLatex('unclosed $x here')).toBe('unclosed x here');
  });

  it('never throws on malformed markup', () => {
    for (const s of ['$', '$$', '$\\', '$x}$', '${{{$', '$^_$', '$\\frac{$', '\\', '$_{}^{}$', '$\\sqrt$']) {
      expect(() => readableLatex(s)).not.toThrow();
      expect(typeof readableLatex(s)).toBe('string');
    }
    expect(readableLatex('$x}$')).toBe('x');
  });

  it('converts the math of a real abstract sentence', () => {
    const s =
      'This reduces the complexity of computing the sequential operations from $\\mathcal{O}(L)$ to $\\mathcal{O}(\\log_2L)$, thus yielding a speedup for large $L$.';
    expect(readableLatex(s)).toBe(
      'This reduces the complexity of computing the sequential operations from O(L) to O(log₂ L), thus yielding a speedup for large L.',
    );
  });
});

describe('findMathSpans', () => {
  it('finds $…$, $$…$$ and \\(…\\)', () => {
    const text = 'a $x$ b $$y$$ c \\(z\\) d';
    expect(findMathSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['$x$', '$$y$$', '\\(z\\)']);
  });

  it('ignores prices, escaped dollars and math across a blank line', () => {
    expect(findMathSpans('costs $5 and $10 now')).toEqual([]);
    expect(findMathSpans('\\$x\\$')).toEqual([]);
    expect(findMathSpans('$x\n\ny$')).toEqual([]);
  });
});
