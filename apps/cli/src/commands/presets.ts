import {
  PRESET_NAMES,
  countParameters,
  describeAttentionPattern,
  forwardFlopsPerToken,
  formatCount,
  getPreset,
} from '@fewshot/config';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import type { CliIo } from '../io.js';
import { formatTable } from '../table.js';

export const PRESETS_COMMAND = defineCommand({
  name: 'presets',
  summary: 'the built-in model presets with their shape, attention, parameters and FLOPs per token',
  usage: [''],
  options: {},
  examples: ['fewshot presets'],
});

/** Lists every preset: shape, attention layout, parameters and forward FLOPs per token. */
export function presetsCommand(args: readonly string[], io: CliIo): void {
  parseCommandArgs(PRESETS_COMMAND, args);
  const rows = PRESET_NAMES.map((name) => {
    const config = getPreset(name);
    const layout = [...new Set(config.attention.map(describeAttentionPattern))].join(' / ');
    return [
      name,
      String(config.nLayer),
      String(config.dModel),
      String(config.nHead),
      String(config.contextLength),
      layout,
      formatCount(countParameters(config).total),
      formatCount(forwardFlopsPerToken(config).total),
    ];
  });
  io.stdout(formatTable(['preset', 'layers', 'd_model', 'heads', 'n_ctx', 'attention', 'params', 'FLOPs/token'], rows));
}
