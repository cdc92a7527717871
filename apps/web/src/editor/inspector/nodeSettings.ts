import type { NodeType } from '@synapse/schema';
import type { ComponentType } from 'react';
import { AgentSettings } from './AgentSettings';
import { ApprovalSettings } from './ApprovalSettings';
import { HttpSettings } from './HttpSettings';
import { InputSettings } from './InputSettings';
import { MapSettings } from './MapSettings';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { NoteSettings } from './NoteSettings';
import { OutputSettings } from './OutputSettings';
import { RouterSettings } from './RouterSettings';
import { SubworkflowSettings } from './SubworkflowSettings';

/** The inspector's settings panel per node type (the type's title comes from its schema definition). */
export const NODE_SETTINGS: { readonly [T in NodeType]: ComponentType<NodeSettingsProps> } = {
  input: InputSettings,
  agent: AgentSettings,
  router: RouterSettings,
  approval: ApprovalSettings,
  map: MapSettings,
  output: OutputSettings,
  note: NoteSettings,
  http: HttpSettings,
  subworkflow: SubworkflowSettings,
};
