import { type FunctionDefinition, F32, I32, V128 } from './wasm-encoding.js';
import {
  type Code,
  F32X4_ADD,
  F32X4_CONVERT_I32X4_S,
  F32X4_MUL,
  F32X4_SPLAT,
  I32X4_ADD,
  I32_ADD,
  I32_LT_U,
  I32_MUL,
  I32_SUB,
  Locals,
  SELECT,
  block,
  br,
  brIf,
  f32Load,
  i32Const,
  increment,
  localGet,
  localSet,
  localTee,
  loop,
  seq,
  v128Const,
  v128Load,
  v128Load32Splat,
  v128Store,
} from './wasm-instructions.js';

/** Output columns per block: the weights of 16 outputs for one depth step lie together. */
export const BLOCK_COLUMNS = 16;
/** Rows the kernel runs against one read of a block's weights (more would spill its registers). */
export const ROW_TILE = 2;
/**
 * Depth steps between moves of the accumulators into the output: bounds an int8 kernel's 32-bit
 * sums (256 steps × 2 × 127 × 32767 < 2^31).
 */
export const CHUNK_STEPS = 256;

/** What differs between the stored formats; the loops around it are shared. */
export interface ProductFormat {
  /** Export name of the function. */
  readonly name: string;
  /** Whether the accumulators are i32x4 (converted to float after each chunk) or f32x4. */
  readonly integer: boolean;
  /** Whether each output column has a scale (applied once, at the end). */
  readonly columnScales: boolean;
  /** Weight bytes of one column for one depth step. */
  readonly stepBytesPerColumn: number;
  /** Locals the format's code needs (e.g. a constant mask) and the code that sets them once. */
  readonly prepare: (locals: Locals) => { readonly setup: Code; readonly constants: readonly number[] };
  /** Leaves the weights of columns 4g…4g+3 of the step at address `pointer` on the stack. */
  readonly loadGroup: (pointer: number, group: number, constants: readonly number[]) => Code;
  /** Pops weights and the splatted input, pushes their contribution to a 4-column accumulator. */
  readonly product: Code;
}

/** The kernel's parameters, in order (all i32: addresses and sizes). */
const PARAMS = ['w', 'scales', 'bias', 'x', 'xScales', 'y', 'rows', 'steps', 'blocks', 'yStride'] as const;
type Param = (typeof PARAMS)[number];
const get = (name: Param): Code => localGet(PARAMS.indexOf(name));
const ZERO = v128Const(new Array<number>(16).fill(0));
const GROUPS = BLOCK_COLUMNS / 4;
const range = (length: number): number[] => Array.from({ length }, (_, i) => i);

/**
 * `y[r, j] = scale[j] · xScale[r] · Σ_s x[s, r] · w[s, j] + bias[j]` for every row r and output
 * column j, over `steps` depth steps: the function `(w, scales, bias, x, xScales, y, rows, steps,
 * blocks, yStride)`. The weights lie in blocks of {@link BLOCK_COLUMNS} columns (a block's steps
 * contiguous, each step's columns contiguous), the inputs step-major (`x + (s · rows + r) · 4`);
 * row r of the output starts at `y + r · yStride · 4`, its `blocks · 16` columns contiguous. A
 * stride wider than that lets a call compute a range of a matrix's blocks (pointers advanced to the
 * range's first block) for every row, as each thread of a two-thread store does; each column is
 * computed by the same instructions whichever range holds it. The generated loops:
 *
 *     for each block:                        (its weights are read from memory once…)
 *       for each tile of 2 rows, then each remaining row:   (…and reused from cache)
 *         y[tile rows, block columns] = 0
 *         for each chunk of 256 steps:
 *           accumulators = 0
 *           for each step: for each group of 4 columns: accumulators += product(weights, x)
 *           y += accumulators (as float)
 *         y = y · scales · xScale + bias
 */
export function blockedProduct(format: ProductFormat): FunctionDefinition {
  const locals = new Locals(PARAMS.length);
  const named = {
    block: locals.add(I32),
    row: locals.add(I32),
    weightsBlock: locals.add(I32),
    outputsBlock: locals.add(I32),
    scalesBlock: locals.add(I32),
    biasBlock: locals.add(I32),
    rowBytes: locals.add(I32),
    stepBytes: locals.add(I32),
    xStride: locals.add(I32),
    step: locals.add(I32),
    chunkEnd: locals.add(I32),
    weightPointer: locals.add(I32),
    xPointer: locals.add(I32),
    rowScale: locals.add(F32),
    outputRows: locals.addMany(I32, ROW_TILE),
  };
  const { setup, constants } = format.prepare(locals);
  const weights = locals.add(V128);
  const inputs = locals.addMany(V128, ROW_TILE);
  const accumulators = range(ROW_TILE).map(() => locals.addMany(V128, GROUPS));
  const body = seq(
    setup,
    seq(get('yStride'), i32Const(4), I32_MUL, localSet(named.rowBytes)),
    seq(i32Const(BLOCK_COLUMNS * format.stepBytesPerColumn), localSet(named.stepBytes)),
    seq(get('rows'), i32Const(4), I32_MUL, localSet(named.xStride)),
    seq(get('w'), localSet(named.weightsBlock), get('y'), localSet(named.outputsBlock)),
    seq(get('scales'), localSet(named.scalesBlock), get('bias'), localSet(named.biasBlock)),
    seq(i32Const(0), localSet(named.block)),
    loop(
      seq(i32Const(0), localSet(named.row)),
      tiles(ROW_TILE),
      tiles(1),
      increment(named.weightsBlock, seq(get('steps'), localGet(named.stepBytes), I32_MUL)),
      ...[named.outputsBlock, named.scalesBlock, named.biasBlock].map((pointer) =>
        increment(pointer, i32Const(BLOCK_COLUMNS * 4)),
      ),
      increment(named.block, i32Const(1)),
      seq(localGet(named.block), get('blocks'), I32_LT_U, brIf(0)),
    ),
  );
  return { name: format.name, params: PARAMS.map(() => I32), results: [], locals: locals.declared, body };

  /** Tiles of `tile` rows while that many remain. */
  function tiles(tile: number): Code {
    return block(
      loop(
        seq(get('rows'), localGet(named.row), I32_SUB, i32Const(tile), I32_LT_U, brIf(1)),
        tileCode(tile),
        increment(named.row, i32Const(tile)),
        br(0),
      ),
    );
  }

  /** The rows `row … row + tile − 1` against the current block. */
  function tileCode(tile: number): Code {
    const rows = range(tile);
    const each = (code: (t: number, g: number) => Code): Code =>
      seq(...rows.flatMap((t) => range(GROUPS).map((g) => code(t, g))));
    const output = (t: number): number => named.outputRows[t]!;
    return seq(
      ...rows.map((t) =>
        seq(
          seq(localGet(named.row), i32Const(t), I32_ADD, localGet(named.rowBytes), I32_MUL),
          seq(localGet(named.outputsBlock), I32_ADD, localSet(output(t))),
        ),
      ),
      each((t, g) => seq(localGet(output(t)), ZERO, v128Store(16 * g))),
      seq(i32Const(0), localSet(named.step)),
      loop(
        chunkCode(rows),
        // y += the chunk's sums
        each((t, g) =>
          seq(
            seq(localGet(output(t)), localGet(output(t)), v128Load(16 * g)),
            seq(localGet(accumulators[t]![g]!), format.integer ? F32X4_CONVERT_I32X4_S : []),
            seq(F32X4_ADD, v128Store(16 * g)),
          ),
        ),
        seq(localGet(named.step), get('steps'), I32_LT_U, brIf(0)),
      ),
      ...rows.map((t) => finishRow(t)),
    );
  }

  /** One chunk of depth steps from `step` on, for `rows` of the tile, into the accumulators. */
  function chunkCode(rows: readonly number[]): Code {
    const { step, chunkEnd, weightPointer, xPointer } = named;
    return seq(
      // chunkEnd = min(step + CHUNK_STEPS, steps)
      seq(localGet(step), i32Const(CHUNK_STEPS), I32_ADD, localTee(chunkEnd), get('steps')),
      seq(localGet(chunkEnd), get('steps'), I32_LT_U, SELECT, localSet(chunkEnd)),
      ...rows.flatMap((t) => range(GROUPS).map((g) => seq(ZERO, localSet(accumulators[t]![g]!)))),
      seq(localGet(named.weightsBlock), localGet(step), localGet(named.stepBytes), I32_MUL, I32_ADD),
      localSet(weightPointer),
      seq(localGet(step), get('rows'), I32_MUL, localGet(named.row), I32_ADD, i32Const(4), I32_MUL),
      seq(get('x'), I32_ADD, localSet(xPointer)),
      loop(
        ...rows.map((t) => seq(localGet(xPointer), v128Load32Splat(4 * t), localSet(inputs[t]!))),
        ...range(GROUPS).map((g) =>
          seq(
            format.loadGroup(weightPointer, g, constants),
            localSet(weights),
            ...rows.map((t) =>
              seq(
                seq(localGet(accumulators[t]![g]!), localGet(weights), localGet(inputs[t]!), format.product),
                seq(format.integer ? I32X4_ADD : F32X4_ADD, localSet(accumulators[t]![g]!)),
              ),
            ),
          ),
        ),
        increment(weightPointer, localGet(named.stepBytes)),
        increment(xPointer, localGet(named.xStride)),
        increment(step, i32Const(1)),
        seq(localGet(step), localGet(chunkEnd), I32_LT_U, brIf(0)),
      ),
    );
  }

  /** y = y · (column scale ·) row scale + bias for row `row + t` of the tile. */
  function finishRow(t: number): Code {
    const output = named.outputRows[t]!;
    const scale = (g: number): Code =>
      format.columnScales
        ? seq(localGet(named.scalesBlock), v128Load(16 * g), localGet(named.rowScale), F32X4_SPLAT, F32X4_MUL)
        : seq(localGet(named.rowScale), F32X4_SPLAT);
    return seq(
      seq(get('xScales'), localGet(named.row), i32Const(t), I32_ADD, i32Const(4), I32_MUL, I32_ADD),
      seq(f32Load(), localSet(named.rowScale)),
      ...range(GROUPS).map((g) =>
        seq(
          seq(localGet(output), localGet(output), v128Load(16 * g), scale(g), F32X4_MUL),
          seq(localGet(named.biasBlock), v128Load(16 * g), F32X4_ADD, v128Store(16 * g)),
        ),
      ),
    );
  }
}
