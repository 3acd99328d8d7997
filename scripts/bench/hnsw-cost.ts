import hnswlib from 'hnswlib-node';
import { createRng } from './rng.js';
import { timePerCall } from './stats.js';

export interface HnswCallCost {
  dimension: number;
  /** searchKnn on a one-point index with k = 1: the binding's fixed price per query (argument marshalling, result arrays). */
  searchKnnTinyUs: number;
  /** Array.from(Float32Array) of one vector: the copy hnswlib-node forces on every query and insert. */
  arrayFromUs: number;
  /** Copying into a reused plain array instead: no allocation, same element-by-element walk. */
  copyIntoReusedUs: number;
}

function unitVector(dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const v = new Float32Array(dim);
  let sq = 0;
  for (let i = 0; i < dim; i++) {
    v[i] = rng.next() - 0.5;
    sq += v[i]! * v[i]!;
  }
  for (let i = 0; i < dim; i++) v[i]! /= Math.sqrt(sq);
  return v;
}

/** Micro-benchmarks of the hnswlib-node boundary, in microseconds per call. */
export function measureHnswCallCost(dimension: number): HnswCallCost {
  const v = unitVector(dimension, 7);
  const plain = Array.from(v);
  const tiny = new hnswlib.HierarchicalNSW('cosine', dimension);
  tiny.initIndex(1, 16, 200, 100);
  tiny.addPoint(plain, 0);
  tiny.setEf(16);
  let sink = 0;
  const searchKnnTinyUs = timePerCall(() => (sink += tiny.searchKnn(plain, 1).neighbors.length), 20_000) * 1000;
  const arrayFromUs = timePerCall(() => (sink += Array.from(v).length), 20_000) * 1000;
  const reused = new Array<number>(dimension).fill(0);
  const copyIntoReusedUs =
    timePerCall(() => {
      for (let i = 0; i < dimension; i++) reused[i] = v[i]!;
      sink += reused.length;
    }, 20_000) * 1000;
  if (sink < 0) throw new Error('unreachable'); // keeps the timed work observable
  return { dimension, searchKnnTinyUs, arrayFromUs, copyIntoReusedUs };
}
