export interface Bm25Hit {
  /** Index of the document in the array given to `build`. */
  doc: number;
  score: number;
}

/** Bounded min-heap keeping the k best (score desc, doc asc) without sorting everything. */
export class TopK {
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.docs = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** True when (da, sa) ranks below (db, sb). */
  private worse(sa: number, da: number, sb: number, db: number): boolean {
    return sa < sb || (sa === sb && da > db);
  }

  offer(doc: number, score: number): void {
    if (this.size < this.k) {
      // Sift up from the new leaf.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, doc, this.scores[parent]!, this.docs[parent]!)) break;
        this.docs[i] = this.docs[parent]!;
        this.scores[i] = this.scores[parent]!;
        i = parent;
      }
      this.docs[i] = doc;
      this.scores[i] = score;
    } else if (this.k > 0 && this.worse(this.scores[0]!, this.docs[0]!, score, doc)) {
      this.siftDown(doc, score, this.size);
    }
  }

  /** Places (doc, score) at the root and sifts it down within the first `size` slots. */
  private siftDown(doc: number, score: number, size: number): void {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let c = l;
      if (r < size && this.worse(this.scores[r]!, this.docs[r]!, this.scores[l]!, this.docs[l]!)) c = r;
      if (!this.worse(this.scores[c]!, this.docs[c]!, score, doc)) break;
      this.docs[i] = this.docs[c]!;
      this.scores[i] = this.scores[c]!;
      i = c;
    }
    this.docs[i] = doc;
    this.scores[i] = score;
  }

  /** Best first. Pops the worst repeatedly (heap sort): no comparator callbacks. Empties the heap. */
  sorted(): Bm25Hit[] {
    const n = this.size;
    const out = new Array<Bm25Hit>(n);
    for (let end = n - 1; end >= 0; end--) {
      out[end] = { doc: this.docs[0]!, score: this.scores[0]! };
      const lastDoc = this.docs[end]!;
      const lastScore = this.scores[end]!;
      this.siftDown(lastDoc, lastScore, end);
    }
    this.size = 0;
    return out;
  }
}
