import type { TemplateContext } from '@synapse/schema';
import type { RunNodeContext } from '../RunNodeContext';

/** What a node's templates read: the upstream join, finished outputs and the run inputs. */
export function templateContextOf(ctx: RunNodeContext): TemplateContext {
  return { upstream: ctx.upstream, outputs: ctx.outputs, inputs: ctx.inputs, refs: ctx.refs };
}
